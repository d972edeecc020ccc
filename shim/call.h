/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to shim/: the per-call path every backend shares (call.c), with
 * the return path's one entry, krpc_call_return(), inlined into the
 * backends' exit handlers.
 */
#ifndef _KRPC_CALL_H
#define _KRPC_CALL_H

#include <linux/compiler.h>
#include <linux/ptrace.h>
#include <kretprobe_compat/kretprobe_compat.h>

#include "backend.h"
#include "params.h"

/*
 * The return address of a call, read at the function's first instruction
 * (where both kprobes and ftrace hand over their registers).
 */
static __always_inline unsigned long krpc_entry_ret_addr(struct pt_regs *regs)
{
#ifdef CONFIG_X86
	return *(unsigned long *)kernel_stack_pointer(regs);
#elif defined(CONFIG_ARM64)
	return regs->regs[30];
#else
	return 0;
#endif
}

int krpc_call_entry(struct krpc_probe *p, struct krpc_kretprobe_instance *ri,
		    unsigned long ret_addr, struct pt_regs *regs);
void krpc_regs_build(struct pt_regs *dst, unsigned long retval,
		     unsigned long ret_addr, unsigned long sp, unsigned long fp);
void krpc_call_return_extras(struct krpc_probe *p,
			     struct krpc_kretprobe_instance *ri,
			     struct pt_regs *regs);

/**
 * krpc_call_return() - finish one probed call
 * @p:    the probe
 * @ri:   the instance krpc_call_entry() set up
 * @regs: registers whose return value, instruction pointer (the return
 *        address), stack and frame pointer are those native promises
 *
 * The one entry of the return path, inlined into each backend's exit
 * handler: the hot path is one patched-out jump, a test and the handler
 * call. With the fake_regs or the stats parameter set it goes out of line
 * (krpc_call_return_extras()): the handler then gets a pt_regs built from
 * those four values only, and the return value it leaves there is written
 * back, so that path is exercised on kernels that have full registers;
 * the return is counted for debugfs.
 *
 * The backends keep @p->rp->nmissed fresh themselves, where they count a
 * miss or, for misses counted outside the shim, before this call.
 *
 * Context: probe context (preemption disabled).
 */
static __always_inline void krpc_call_return(struct krpc_probe *p,
					     struct krpc_kretprobe_instance *ri,
					     struct pt_regs *regs)
{
	struct krpc_kretprobe *rp = p->rp;

	if (krpc_extras()) {
		krpc_call_return_extras(p, ri, regs);
		return;
	}
	if (likely(rp->handler))
		rp->handler(ri, regs);
}

#endif /* _KRPC_CALL_H */
