/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stub: struct kprobe and the kprobes core entry points the shim
 * uses to resolve addresses (fake_kprobes.c keeps a fake symbol table).
 * CONFIG_KRETPROBES is never set here: no struct kretprobe. Without
 * CONFIG_KPROBES (the 6.12-nokprobes era) struct kprobe stays and the
 * entry points are inline stubs that fail, as in the kernel's header.
 *
 * NOKPROBE_SYMBOL() records the function's address in a section, so a
 * test can check that everything called in probe context is listed.
 */
#ifndef _STUB_LINUX_KPROBES_H
#define _STUB_LINUX_KPROBES_H

#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/ptrace.h>

#if defined(CONFIG_KPROBES) && defined(CONFIG_ARM64)
typedef u32 kprobe_opcode_t;	/* arm64: one instruction */
#elif defined(CONFIG_KPROBES)
typedef u8 kprobe_opcode_t;	/* x86 */
#else
typedef int kprobe_opcode_t;
#endif

struct kprobe;
typedef int (*kprobe_pre_handler_t)(struct kprobe *, struct pt_regs *);
typedef void (*kprobe_post_handler_t)(struct kprobe *, struct pt_regs *,
				      unsigned long flags);

struct kprobe {
	kprobe_opcode_t *addr;
	const char *symbol_name;
	unsigned int offset;
	kprobe_pre_handler_t pre_handler;
	kprobe_post_handler_t post_handler;
	u32 flags;
};

#define KPROBE_FLAG_GONE	1
#define KPROBE_FLAG_DISABLED	2
#define KPROBE_FLAG_OPTIMIZED	4
#define KPROBE_FLAG_FTRACE	8

#define KRETPROBE_MAX_DATA_SIZE	4096

#ifdef CONFIG_KPROBES
int register_kprobe(struct kprobe *p);
void unregister_kprobe(struct kprobe *p);
int register_kprobes(struct kprobe **kps, int num);
void unregister_kprobes(struct kprobe **kps, int num);
#else
static inline int register_kprobe(struct kprobe *p)
{
	return -EOPNOTSUPP;
}

static inline int register_kprobes(struct kprobe **kps, int num)
{
	return -EOPNOTSUPP;
}

static inline void unregister_kprobe(struct kprobe *p)
{
}

static inline void unregister_kprobes(struct kprobe **kps, int num)
{
}
#endif

#define NOKPROBE_SYMBOL(fname)						\
	static const void *const __stub_nokprobe_##fname		\
	__attribute__((__used__, __section__("stub_nokprobe"))) = (const void *)&fname

#endif
