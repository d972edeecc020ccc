/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shadow of <linux/kprobes.h>: the kernel's header first, then the
 * kretprobe API routed to kretprobe_compat. Reached through NOSTDINC_FLAGS
 * (kretprobe-compat.mk), so it is found before the kernel's own copy.
 *
 * The shim's own files, compiled into a module with KRETPROBE_COMPAT_EMBED
 * (KRPC_EMBED), see the kernel's header alone: they use the native API.
 */
#ifndef _KRPC_LINUX_KPROBES_H
#define _KRPC_LINUX_KPROBES_H

#if defined(KRETPROBE_COMPAT_STRICT) && !defined(CONFIG_KPROBES) && !defined(KRPC_EMBED)
/*
 * Strict mode without kprobes: the kernel's header defines the native
 * kretprobe functions as static inline stubs. They are defined under other
 * names here, so that the native names can be declared below with the
 * error attribute, as with kprobes.
 */
#define register_kretprobe	krpc_native_register_kretprobe
#define unregister_kretprobe	krpc_native_unregister_kretprobe
#define register_kretprobes	krpc_native_register_kretprobes
#define unregister_kretprobes	krpc_native_unregister_kretprobes
#include_next <linux/kprobes.h>
#undef register_kretprobe
#undef unregister_kretprobe
#undef register_kretprobes
#undef unregister_kretprobes
#else
#include_next <linux/kprobes.h>
#endif

#ifndef KRPC_EMBED
#include <kretprobe_compat/kretprobe_compat.h>

#ifdef KRETPROBE_COMPAT_STRICT
/*
 * Strict mode: a call to a native kretprobe function that escaped the
 * mapping below (an #undef, a header included another way) fails the build.
 */
#define KRPC_STRICT_ERROR(fn) \
	__attribute__((__error__("kretprobe-compat strict mode: native " #fn "() referenced; use the mapped name")))
int register_kretprobe(struct kretprobe *rp) KRPC_STRICT_ERROR(register_kretprobe);
void unregister_kretprobe(struct kretprobe *rp) KRPC_STRICT_ERROR(unregister_kretprobe);
int register_kretprobes(struct kretprobe **rps, int num) KRPC_STRICT_ERROR(register_kretprobes);
void unregister_kretprobes(struct kretprobe **rps, int num) KRPC_STRICT_ERROR(unregister_kretprobes);
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

#endif /* !KRPC_EMBED */
#endif /* _KRPC_LINUX_KPROBES_H */
