/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stub, 6.14+ era on arm64 (CONFIG_HAVE_ARCH_FTRACE_REGS, no
 * HAVE_FTRACE_REGS_HAVING_PT_REGS): struct ftrace_regs is opaque and
 * stands for the architecture's own struct __arch_ftrace_regs, which is
 * not a pt_regs; the accessors read its fields (the kernel defines both in
 * arch/arm64/include/asm/ftrace.h, reached through this header).
 *
 * At a function's entry ftrace_caller fills x0-x8, fp, lr (the caller's
 * return address), sp and pc. At its return, return_to_handler allocates
 * exactly one struct __arch_ftrace_regs on the stack, just below the
 * caller's stack pointer, and fills x0-x7 and fp; fgraph sets pc to the
 * return address; sp, lr, x8 and direct_tramp are left as the stack had
 * them.
 */
#ifndef _STUB_LINUX_FTRACE_REGS_H
#define _STUB_LINUX_FTRACE_REGS_H

#include <linux/ptrace.h>

struct ftrace_regs;	/* opaque to users */

/* A multiple of 16 bytes, for the stack's alignment: 112. */
struct __arch_ftrace_regs {
	unsigned long regs[9];		/* x0 - x8 */
	unsigned long direct_tramp;
	unsigned long fp;
	unsigned long lr;
	unsigned long sp;
	unsigned long pc;
};

#define arch_ftrace_regs(fregs) ((struct __arch_ftrace_regs *)(fregs))

static __always_inline unsigned long
ftrace_regs_get_instruction_pointer(const struct ftrace_regs *fregs)
{
	return arch_ftrace_regs(fregs)->pc;
}

static __always_inline void
ftrace_regs_set_instruction_pointer(struct ftrace_regs *fregs, unsigned long pc)
{
	arch_ftrace_regs(fregs)->pc = pc;
}

static __always_inline unsigned long
ftrace_regs_get_stack_pointer(const struct ftrace_regs *fregs)
{
	return arch_ftrace_regs(fregs)->sp;
}

static __always_inline unsigned long
ftrace_regs_get_argument(struct ftrace_regs *fregs, unsigned int n)
{
	return n < 8 ? arch_ftrace_regs(fregs)->regs[n] : 0;
}

static __always_inline unsigned long
ftrace_regs_get_return_value(const struct ftrace_regs *fregs)
{
	return arch_ftrace_regs(fregs)->regs[0];
}

static __always_inline void
ftrace_regs_set_return_value(struct ftrace_regs *fregs, unsigned long ret)
{
	arch_ftrace_regs(fregs)->regs[0] = ret;
}

static __always_inline unsigned long
ftrace_regs_get_frame_pointer(const struct ftrace_regs *fregs)
{
	return arch_ftrace_regs(fregs)->fp;
}

static __always_inline unsigned long
ftrace_regs_get_return_address(const struct ftrace_regs *fregs)
{
	return arch_ftrace_regs(fregs)->lr;
}

#endif
