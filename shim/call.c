// SPDX-License-Identifier: GPL-2.0
/*
 * call.c - the per-call path every backend shares: setting up the
 * instance at entry, the entry and return handler calls, and the pt_regs
 * built for return handlers. Everything here runs in probe context.
 */
#include <linux/kprobes.h>
#include <linux/percpu.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "call.h"

/**
 * krpc_regs_build() - build the pt_regs a return handler gets
 * @dst:      filled in; every field not named here is zero
 * @retval:   the probed function's return value
 * @ret_addr: the return address inside the caller
 * @sp:       the caller's stack pointer after the return
 * @fp:       the frame pointer at the return
 *
 * What native kretprobe promises about its pt_regs, and nothing else:
 * regs_return_value(), instruction_pointer(), kernel_stack_pointer() and
 * the frame pointer.
 *
 * Context: any.
 */
notrace void krpc_regs_build(struct pt_regs *dst, unsigned long retval,
			     unsigned long ret_addr, unsigned long sp,
			     unsigned long fp)
{
	memset(dst, 0, sizeof(*dst));
	regs_set_return_value(dst, retval);
	instruction_pointer_set(dst, ret_addr);
#ifdef CONFIG_X86
	dst->sp = sp;
	dst->bp = fp;
	dst->cs = __KERNEL_CS;
	dst->ss = __KERNEL_DS;
	dst->flags = X86_EFLAGS_FIXED;
#elif defined(CONFIG_ARM64)
	dst->sp = sp;
	dst->regs[29] = fp;
	/* Kernel mode, as ftrace_partial_regs() does: user_mode() is false. */
	dst->pstate = PSR_MODE_EL1h;
#endif
}
NOKPROBE_SYMBOL(krpc_regs_build);

/**
 * krpc_call_entry() - start one probed call
 * @p:        the probe
 * @ri:       the instance storage the backend reserved for this call
 * @ret_addr: the return address inside the caller
 * @regs:     the registers at function entry
 *
 * Context: probe context (preemption disabled).
 * Return: 0 to probe the return of this call, non-zero to skip it (the
 * kretprobe is disabled, or the entry handler declined the call).
 */
notrace int krpc_call_entry(struct krpc_probe *p,
			    struct krpc_kretprobe_instance *ri,
			    unsigned long ret_addr, struct pt_regs *regs)
{
	struct krpc_kretprobe *rp = p->rp;

	if (READ_ONCE(p->disabled))
		return 1;
	ri->krpc_rp = rp;
	ri->krpc_ret_addr = (kprobe_opcode_t *)ret_addr;
	ri->krpc_task = current;
	if (rp->entry_handler && rp->entry_handler(ri, regs))
		return 1;
	return 0;
}
NOKPROBE_SYMBOL(krpc_call_entry);

/*
 * The fake_regs path: the handler gets a pt_regs built from @regs' four
 * values, and the return value it leaves there is written back to @regs.
 * Out of line so that the usual path carries no pt_regs on its stack.
 */
static notrace noinline void
krpc_call_return_built(struct krpc_kretprobe *rp,
		       struct krpc_kretprobe_instance *ri, struct pt_regs *regs)
{
	struct pt_regs built;

	krpc_regs_build(&built, regs_return_value(regs),
			instruction_pointer(regs), kernel_stack_pointer(regs),
			frame_pointer(regs));
	rp->handler(ri, &built);
	regs_set_return_value(regs, regs_return_value(&built));
}
NOKPROBE_SYMBOL(krpc_call_return_built);

/**
 * krpc_call_return_extras() - the return path with the optional extras
 * @p:    the probe
 * @ri:   the instance
 * @regs: the backend's registers
 *
 * Counts the return in @p->hits when the stats parameter is set, then
 * calls the return handler, with a built pt_regs when fake_regs is set.
 * Both parameters are read again here: a return that raced with their
 * change takes the plain path.
 *
 * Context: probe context (preemption disabled).
 */
notrace void
krpc_call_return_extras(struct krpc_probe *p,
			struct krpc_kretprobe_instance *ri, struct pt_regs *regs)
{
	struct krpc_kretprobe *rp = p->rp;

	if (krpc_stats && p->hits)
		this_cpu_inc(*p->hits);
	if (!rp->handler)
		return;
	if (krpc_fake_regs)
		krpc_call_return_built(rp, ri, regs);
	else
		rp->handler(ri, regs);
}
NOKPROBE_SYMBOL(krpc_call_return_extras);
