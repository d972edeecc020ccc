// SPDX-License-Identifier: GPL-2.0
/*
 * fprobe_fgraph.c - kretprobes served by an fprobe with ftrace_regs
 * handlers (fprobe on the function-graph tracer, 6.14 and later). Built
 * instead of fprobe_rethook.c where the kernel's fprobe.h has ftrace_regs
 * handlers (shim/probes.mk).
 *
 * fgraph keeps per-call entry data on the task's shadow stack, at most
 * MAX_FPROBE_DATA_SIZE bytes, and has no instance pool: so the instances
 * (header and data_size bytes) come from the shim's own pool of maxactive
 * slots, whose exhaustion is a miss as native's is, and the entry data
 * holds only the slot's address.
 *
 * The return handler always gets a built pt_regs (call.c): the return
 * value, the return address as instruction pointer, a stack and a frame
 * pointer; the return value it leaves there is written back to the
 * ftrace_regs, which the return trampoline restores. See docs/semantics.md
 * for what this era cannot give (stack traces from the return handler).
 *
 * Booted here on Debian's 7.3 kernels, x86_64 and arm64; tests/unit also
 * covers this file against stub headers of the 6.14 API.
 */
#include <linux/build_bug.h>
#include <linux/fprobe.h>
#include <linux/ftrace.h>
#include <linux/kprobes.h>

#include "internal.h"

/**
 * struct krpc_fr_probe - a kretprobe served by its own fprobe
 * @probe: the core's state; first, so the core frees the whole
 * @fp:    the fprobe
 * @pool:  the instances; the entry data holds a slot's address
 */
struct krpc_fr_probe {
	struct krpc_probe probe;
	struct fprobe fp;
	struct krpc_pool pool;
};
static_assert(offsetof(struct krpc_fr_probe, probe) == 0);

static inline struct krpc_fr_probe *krpc_fr(struct krpc_probe *p)
{
	return container_of(p, struct krpc_fr_probe, probe);
}

/*
 * The caller's stack pointer after the return: where the return trampoline
 * put the exit ftrace_regs, just below it. arm64's return_to_handler
 * allocates exactly the arch ftrace_regs there and leaves its sp slot
 * unwritten: the caller's sp is the end of that frame. x86's (from 6.18)
 * fills the stack pointer of the exit ftrace_regs (at or just above the
 * frame); before, that slot holds stale stack contents, which may well
 * look like a stack address. Only a value in the expected window is taken;
 * otherwise the ftrace_regs frame itself stands in.
 */
static notrace unsigned long krpc_fr_stack_pointer(struct ftrace_regs *fregs)
{
	unsigned long frame = (unsigned long)fregs;
#ifdef CONFIG_ARM64
	return frame + sizeof(struct __arch_ftrace_regs);
#else
	unsigned long sp = ftrace_regs_get_stack_pointer(fregs);

	if (sp >= frame && sp - frame <= 2 * sizeof(struct pt_regs))
		return sp;
	return frame;
#endif
}
NOKPROBE_SYMBOL(krpc_fr_stack_pointer);

static notrace unsigned long krpc_fr_nmissed(struct krpc_probe *p)
{
	return READ_ONCE(krpc_fr(p)->fp.nmissed) + atomic_long_read(&p->missed);
}
NOKPROBE_SYMBOL(krpc_fr_nmissed);

static notrace int krpc_fr_entry(struct fprobe *fp, unsigned long entry_ip,
				 unsigned long ret_ip, struct ftrace_regs *fregs,
				 void *entry_data)
{
	struct krpc_fr_probe *fr = container_of(fp, struct krpc_fr_probe, fp);
	struct krpc_probe *p = &fr->probe;
	struct krpc_kretprobe_instance *ri;
	struct pt_regs buf, *regs;

	if (READ_ONCE(p->disabled))
		return 1;
	ri = krpc_pool_get(&fr->pool);
	if (!ri) {
		atomic_long_inc(&p->missed);
		WRITE_ONCE(p->rp->nmissed, krpc_fr_nmissed(p));
		return 1;
	}
	regs = ftrace_partial_regs(fregs, &buf);
	if (krpc_call_entry(p, ri, ret_ip, regs)) {
		krpc_pool_put(&fr->pool, ri);
		return 1;
	}
	*(struct krpc_kretprobe_instance **)entry_data = ri;
	return 0;
}
NOKPROBE_SYMBOL(krpc_fr_entry);

static notrace void krpc_fr_exit(struct fprobe *fp, unsigned long entry_ip,
				 unsigned long ret_ip, struct ftrace_regs *fregs,
				 void *entry_data)
{
	struct krpc_fr_probe *fr = container_of(fp, struct krpc_fr_probe, fp);
	struct krpc_probe *p = &fr->probe;
	struct krpc_kretprobe_instance *ri =
		*(struct krpc_kretprobe_instance **)entry_data;
	struct pt_regs regs;

	ri->krpc_ret_addr = (kprobe_opcode_t *)ret_ip;
	WRITE_ONCE(p->rp->nmissed, krpc_fr_nmissed(p));
	krpc_regs_build(&regs, ftrace_regs_get_return_value(fregs), ret_ip,
			krpc_fr_stack_pointer(fregs),
			ftrace_regs_get_frame_pointer(fregs));
	krpc_call_return(p, ri, &regs);
	ftrace_regs_set_return_value(fregs, regs_return_value(&regs));
	krpc_pool_put(&fr->pool, ri);
}
NOKPROBE_SYMBOL(krpc_fr_exit);

static int krpc_fr_attach_one(struct krpc_probe *p)
{
	struct krpc_fr_probe *fr = krpc_fr(p);
	struct fprobe *fp = &fr->fp;
	unsigned long addr = p->addr;
	int ret;

	ret = krpc_pool_init(&fr->pool, p->rp->maxactive, p->rp->data_size);
	if (ret)
		return ret;
	fp->entry_handler = krpc_fr_entry;
	fp->exit_handler = krpc_fr_exit;
	fp->entry_data_size = sizeof(struct krpc_kretprobe_instance *);
	ret = register_fprobe_ips(fp, &addr, 1);
	if (ret)
		krpc_pool_destroy(&fr->pool);
	return ret;
}

static void krpc_fr_detach(struct krpc_probe **ps, int num)
{
	int i;

	/* fgraph skips the exit handler of a probe that is gone (RCU). */
	for (i = 0; i < num; i++) {
		unregister_fprobe(&krpc_fr(ps[i])->fp);
		krpc_pool_destroy(&krpc_fr(ps[i])->pool);
	}
}

/* One fprobe per kretprobe (a batched form is future work on this era). */
const struct krpc_backend krpc_backend_fprobe = {
	.name = "fprobe",
	.probe_size = sizeof(struct krpc_fr_probe),
	.attach_one = krpc_fr_attach_one,
	.detach = krpc_fr_detach,
	.nmissed = krpc_fr_nmissed,
};
