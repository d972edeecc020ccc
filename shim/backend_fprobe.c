// SPDX-License-Identifier: GPL-2.0
/*
 * backend_fprobe.c - kretprobes served by an fprobe with pt_regs handlers
 * (the rethook-based fprobe of 6.4-6.13, and of 6.1.60+ stable).
 *
 * The kretprobe instance lives in the fprobe's per-call entry data, so it
 * is the same storage in the entry and the exit handler of one call, and
 * fprobe's rethook pool (nr_maxactive) bounds calls in flight exactly as
 * native's does. The exit handler gets the rethook trampoline's full
 * pt_regs, with the real return address as instruction pointer.
 */
#include <linux/fprobe.h>
#include <linux/kprobes.h>

#include "internal.h"

#if defined(KRPC_HAVE_FPROBE_BACKEND) && !defined(KRPC_HAVE_FPROBE_FTRACE_REGS)

/* The handler shapes differ by era; the probes in probes.mk pick one. */
#ifdef KRPC_HAVE_FPROBE_RET_IP
#define KRPC_RET_IP_PARAM	unsigned long ret_ip,
#else
#define KRPC_RET_IP_PARAM
#endif

#ifdef KRPC_HAVE_FPROBE_INT_ENTRY
#define KRPC_ENTRY_RET_T int
#else
/* 6.1.60+ stable: the exit handler always runs; a NULL owner marks a skip. */
#define KRPC_ENTRY_RET_T void
#endif

static notrace KRPC_ENTRY_RET_T
krpc_fp_entry(struct fprobe *fp, unsigned long entry_ip, KRPC_RET_IP_PARAM
	      struct pt_regs *regs, void *entry_data)
{
	struct krpc_probe *p = container_of(fp, struct krpc_probe, u.fp);
	struct krpc_kretprobe_instance *ri = entry_data;
#ifndef KRPC_HAVE_FPROBE_RET_IP
	unsigned long ret_ip = krpc_entry_ret_addr(regs);
#endif
	int skip = krpc_call_entry(p, ri, ret_ip, regs);

	if (skip)
		ri->krpc_rp = NULL;
#ifdef KRPC_HAVE_FPROBE_INT_ENTRY
	return skip;
#endif
}
NOKPROBE_SYMBOL(krpc_fp_entry);

static notrace void
krpc_fp_exit(struct fprobe *fp, unsigned long entry_ip, KRPC_RET_IP_PARAM
	     struct pt_regs *regs, void *entry_data)
{
	struct krpc_probe *p = container_of(fp, struct krpc_probe, u.fp);
	struct krpc_kretprobe_instance *ri = entry_data;

	if (!ri->krpc_rp)
		return;
	ri->krpc_ret_addr = (kprobe_opcode_t *)instruction_pointer(regs);
	krpc_call_return(p, ri, regs);
}
NOKPROBE_SYMBOL(krpc_fp_exit);

static int krpc_fp_attach(struct krpc_probe *p)
{
	struct fprobe *fp = &p->u.fp;
	unsigned long addr = p->addr;
	int ret;

	fp->entry_handler = krpc_fp_entry;
	fp->exit_handler = krpc_fp_exit;
	fp->entry_data_size = sizeof(struct krpc_kretprobe_instance) +
			      p->rp->data_size;
	fp->nr_maxactive = p->rp->maxactive;
	ret = register_fprobe_ips(fp, &addr, 1);
	/*
	 * The kprobes core already accepted the address, so a lookup failure
	 * here means it is no ftrace location (notrace, or no fentry).
	 */
	if (ret == -EINVAL || ret == -ENOENT)
		return -EOPNOTSUPP;
	return ret;
}

static void krpc_fp_detach(struct krpc_probe *p)
{
	/* Stops the rethook first: in-flight returns skip the handler. */
	unregister_fprobe(&p->u.fp);
}

static notrace unsigned long krpc_fp_nmissed(struct krpc_probe *p)
{
	return READ_ONCE(p->u.fp.nmissed);
}
NOKPROBE_SYMBOL(krpc_fp_nmissed);

KRPC_SHARED const struct krpc_backend krpc_backend_fprobe = {
	.name = "fprobe",
	.attach = krpc_fp_attach,
	.detach = krpc_fp_detach,
	.nmissed = krpc_fp_nmissed,
};

#endif /* KRPC_HAVE_FPROBE_BACKEND && !KRPC_HAVE_FPROBE_FTRACE_REGS */
