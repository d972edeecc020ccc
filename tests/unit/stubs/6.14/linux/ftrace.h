/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stub, 6.14 era, x86_64 (HAVE_FTRACE_REGS_HAVING_PT_REGS):
 * ftrace_partial_regs() hands back a pointer into the ftrace_regs itself,
 * after marking it as a kernel-mode partial frame, so writes through it
 * reach the saved registers.
 *
 * The real header reaches <linux/sched/task_stack.h> (object_is_on_stack)
 * through its own includes; so does this one.
 */
#ifndef _STUB_LINUX_FTRACE_H
#define _STUB_LINUX_FTRACE_H

#include <linux/ftrace_regs.h>
#include <linux/kernel.h>
#include <linux/ptrace.h>
#include <linux/sched/task_stack.h>

#define ftrace_regs_set_instruction_pointer(fregs, _ip) \
	do { arch_ftrace_regs(fregs)->regs.ip = (_ip); } while (0)

static __always_inline struct pt_regs *
ftrace_partial_regs(struct ftrace_regs *fregs, struct pt_regs *regs)
{
	struct pt_regs *r = &arch_ftrace_regs(fregs)->regs;

	(void)regs;	/* unused on x86: the ftrace_regs is a pt_regs */
	r->flags &= ~X86_EFLAGS_FIXED;
	r->cs = __KERNEL_CS;
	return r;
}

#endif
