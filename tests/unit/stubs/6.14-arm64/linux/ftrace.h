/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stub, 6.14+ era on arm64: ftrace_partial_regs() copies what
 * the ftrace_regs has into the caller's pt_regs (x0-x8, sp, pc, fp as x29,
 * lr as x30, and a kernel-mode pstate since fd2f74f8f3d3), so writes
 * through it do not reach the saved registers; and ftrace's filter
 * functions (stub/ftrace_filter.h), with which the shim asks whether a
 * target has an ftrace location, arm64's kprobes not sitting on ftrace.
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
#include <linux/string.h>
#include <stub/ftrace_filter.h>

static __always_inline struct pt_regs *
ftrace_partial_regs(const struct ftrace_regs *fregs, struct pt_regs *regs)
{
	struct __arch_ftrace_regs *afregs = arch_ftrace_regs(fregs);

	memcpy(regs->regs, afregs->regs, sizeof(afregs->regs));
	regs->sp = afregs->sp;
	regs->pc = afregs->pc;
	regs->regs[29] = afregs->fp;
	regs->regs[30] = afregs->lr;
	regs->pstate = PSR_MODE_EL1h;
	return regs;
}

#endif
