/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stub: x86_64 struct pt_regs and its accessors. */
#ifndef _STUB_LINUX_PTRACE_H
#define _STUB_LINUX_PTRACE_H

#include <linux/kernel.h>

/* The x86_64 kernel layout (arch/x86/include/asm/ptrace.h). */
struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx;
	unsigned long r11, r10, r9, r8, ax, cx, dx, si, di;
	unsigned long orig_ax;
	unsigned long ip, cs, flags, sp, ss;
};

#define __KERNEL_CS		0x10
#define __KERNEL_DS		0x18
#define X86_EFLAGS_FIXED	0x2UL

static __always_inline unsigned long regs_return_value(struct pt_regs *regs)
{
	return regs->ax;
}

static __always_inline void regs_set_return_value(struct pt_regs *regs,
						  unsigned long rc)
{
	regs->ax = rc;
}

static __always_inline unsigned long instruction_pointer(struct pt_regs *regs)
{
	return regs->ip;
}

static __always_inline void instruction_pointer_set(struct pt_regs *regs,
						    unsigned long val)
{
	regs->ip = val;
}

static __always_inline unsigned long kernel_stack_pointer(struct pt_regs *regs)
{
	return regs->sp;
}

static __always_inline unsigned long frame_pointer(struct pt_regs *regs)
{
	return regs->bp;
}

/* The first six integer arguments, in the x86_64 calling convention. */
static __always_inline unsigned long
regs_get_kernel_argument(struct pt_regs *regs, unsigned int n)
{
	switch (n) {
	case 0: return regs->di;
	case 1: return regs->si;
	case 2: return regs->dx;
	case 3: return regs->cx;
	case 4: return regs->r8;
	case 5: return regs->r9;
	}
	return 0;
}

#endif
