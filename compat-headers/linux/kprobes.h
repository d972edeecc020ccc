/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shadow of <linux/kprobes.h>: the kernel's header first, then the
 * kretprobe API routed to kretprobe_compat. Reached through NOSTDINC_FLAGS
 * (kretprobe-compat.mk), so it is found before the kernel's own copy.
 */
#ifndef _KRPC_LINUX_KPROBES_H
#define _KRPC_LINUX_KPROBES_H

#include_next <linux/kprobes.h>
#include <kretprobe_compat/kretprobe_compat.h>

#ifdef KRETPROBE_COMPAT_EMBED
#include <kretprobe_compat/embed.h>
#endif /* KRETPROBE_COMPAT_EMBED */

#ifdef KRETPROBE_COMPAT_STRICT
/*
 * Strict mode: a call to a native kretprobe function that escaped the
 * mapping below (an #undef, a header included another way) fails the build.
 */
#define KRPC_STRICT_ERROR(fn) \
	__attribute__((__error__("kretprobe-compat strict mode: native " #fn "() referenced; use the mapped name")))
#ifdef CONFIG_KPROBES
int register_kretprobe(struct kretprobe *rp) KRPC_STRICT_ERROR(register_kretprobe);
void unregister_kretprobe(struct kretprobe *rp) KRPC_STRICT_ERROR(unregister_kretprobe);
int register_kretprobes(struct kretprobe **rps, int num) KRPC_STRICT_ERROR(register_kretprobes);
void unregister_kretprobes(struct kretprobe **rps, int num) KRPC_STRICT_ERROR(unregister_kretprobes);
#else
/*
 * Without kprobes the native functions are static inline stubs that return
 * -EOPNOTSUPP: redeclared noipa (noinline is not enough: GCC still folds
 * the constant result), a call stays a call and trips the error. GCC's
 * warning that this follows an inline declaration is expected here.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wattributes"
static __attribute__((__noipa__)) int register_kretprobe(struct kretprobe *rp)
	KRPC_STRICT_ERROR(register_kretprobe);
static __attribute__((__noipa__)) void unregister_kretprobe(struct kretprobe *rp)
	KRPC_STRICT_ERROR(unregister_kretprobe);
static __attribute__((__noipa__)) int register_kretprobes(struct kretprobe **rps, int num)
	KRPC_STRICT_ERROR(register_kretprobes);
static __attribute__((__noipa__)) void unregister_kretprobes(struct kretprobe **rps, int num)
	KRPC_STRICT_ERROR(unregister_kretprobes);
#pragma GCC diagnostic pop
#endif /* CONFIG_KPROBES */
#endif /* KRETPROBE_COMPAT_STRICT */

#define kretprobe			krpc_kretprobe
#define kretprobe_instance		krpc_kretprobe_instance
#define kretprobe_handler_t		krpc_kretprobe_handler_t
#ifdef KRETPROBE_COMPAT_LEGACY
/* Old code reads ri->task: its kretprobes ask the shim to fill it. */
#define register_kretprobe		krpc_legacy_register_kretprobe
#define register_kretprobes		krpc_legacy_register_kretprobes
#else
#define register_kretprobe		krpc_register_kretprobe
#define register_kretprobes		krpc_register_kretprobes
#endif
#define unregister_kretprobe		krpc_unregister_kretprobe
#define unregister_kretprobes		krpc_unregister_kretprobes
#define enable_kretprobe		krpc_enable_kretprobe
#define disable_kretprobe		krpc_disable_kretprobe
#define get_kretprobe			krpc_get_kretprobe
#define get_kretprobe_retaddr		krpc_get_kretprobe_retaddr

#endif /* _KRPC_LINUX_KPROBES_H */
