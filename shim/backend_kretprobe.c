// SPDX-License-Identifier: GPL-2.0
/*
 * backend_kretprobe.c - kretprobes served by a native kretprobe: on kernels
 * without a usable fprobe, and per probe for targets fprobe cannot reach
 * (notrace functions) while the fallback parameter is set.
 *
 * The shim's instance sits at the start of the native instance's data, so
 * the user's data follows it; native's KRETPROBE_MAX_DATA_SIZE therefore
 * applies to the sum (see docs/semantics.md).
 */
#include <linux/kprobes.h>

#include "internal.h"

#ifdef CONFIG_KRETPROBES

static inline struct krpc_probe *krpc_kp_probe(struct kretprobe_instance *nri)
{
	return container_of(get_kretprobe(nri), struct krpc_probe, u.native);
}

static notrace int krpc_kp_entry(struct kretprobe_instance *nri,
				 struct pt_regs *regs)
{
	struct krpc_kretprobe_instance *ri = (void *)nri->data;

	return krpc_call_entry(krpc_kp_probe(nri), ri, krpc_entry_ret_addr(regs),
			       regs);
}
NOKPROBE_SYMBOL(krpc_kp_entry);

static notrace int krpc_kp_return(struct kretprobe_instance *nri,
				  struct pt_regs *regs)
{
	struct krpc_kretprobe_instance *ri = (void *)nri->data;

	ri->krpc_ret_addr = (kprobe_opcode_t *)get_kretprobe_retaddr(nri);
	krpc_call_return(krpc_kp_probe(nri), ri, regs);
	return 0;
}
NOKPROBE_SYMBOL(krpc_kp_return);

static int krpc_kp_attach(struct krpc_probe *p)
{
	struct kretprobe *nrp = &p->u.native;

	nrp->kp.addr = (kprobe_opcode_t *)p->addr;
	nrp->entry_handler = krpc_kp_entry;
	nrp->handler = krpc_kp_return;
	nrp->maxactive = p->rp->maxactive;
	nrp->data_size = sizeof(struct krpc_kretprobe_instance) +
			 p->rp->data_size;
	return register_kretprobe(nrp);
}

static void krpc_kp_detach(struct krpc_probe *p)
{
	unregister_kretprobe(&p->u.native);
}

static notrace unsigned long krpc_kp_nmissed(struct krpc_probe *p)
{
	return READ_ONCE(p->u.native.nmissed);
}
NOKPROBE_SYMBOL(krpc_kp_nmissed);

KRPC_SHARED const struct krpc_backend krpc_backend_kretprobe = {
	.name = "kretprobe",
	.attach = krpc_kp_attach,
	.detach = krpc_kp_detach,
	.nmissed = krpc_kp_nmissed,
};

#endif /* CONFIG_KRETPROBES */
