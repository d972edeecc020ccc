// SPDX-License-Identifier: GPL-2.0
/*
 * backend_kretprobe.c - kretprobes served by a native kretprobe: on kernels
 * without a usable fprobe, and per probe for targets fprobe cannot reach
 * (notrace functions) while the fallback parameter is set.
 *
 * The shim's instances (header plus the user's data_size bytes) live in a
 * side pool of maxactive slots, and the native instance carries only the
 * slot's address: so the full native data_size range (up to
 * KRETPROBE_MAX_DATA_SIZE) stays available to the user. The native pool is
 * as large as the side pool, so the native kretprobe runs out (and counts
 * the miss) before the side pool can.
 */
#include <linux/kprobes.h>
#include <linux/slab.h>

#include "internal.h"

#ifdef KRPC_HAVE_KRETPROBE_BACKEND

static inline struct krpc_probe *krpc_kp_probe(struct kretprobe_instance *nri)
{
	return container_of(get_kretprobe(nri), struct krpc_probe, u.native);
}

static notrace int krpc_kp_entry(struct kretprobe_instance *nri,
				 struct pt_regs *regs)
{
	struct krpc_probe *p = krpc_kp_probe(nri);
	struct krpc_kretprobe_instance *ri = krpc_pool_get(&p->pool);

	*(struct krpc_kretprobe_instance **)nri->data = ri;
	if (WARN_ON_ONCE(!ri))
		return 1;
	if (krpc_call_entry(p, ri, krpc_entry_ret_addr(regs), regs)) {
		krpc_pool_put(&p->pool, ri);
		return 1;
	}
	return 0;
}
NOKPROBE_SYMBOL(krpc_kp_entry);

static notrace int krpc_kp_return(struct kretprobe_instance *nri,
				  struct pt_regs *regs)
{
	struct krpc_probe *p = krpc_kp_probe(nri);
	struct krpc_kretprobe_instance *ri = *(struct krpc_kretprobe_instance **)nri->data;

	ri->krpc_ret_addr = (kprobe_opcode_t *)get_kretprobe_retaddr(nri);
	WRITE_ONCE(p->rp->nmissed, READ_ONCE(p->u.native.nmissed));
	krpc_call_return(p, ri, regs);
	krpc_pool_put(&p->pool, ri);
	return 0;
}
NOKPROBE_SYMBOL(krpc_kp_return);

static int krpc_kp_attach_one(struct krpc_probe *p)
{
	struct kretprobe *nrp = &p->u.native;
	int ret;

	ret = krpc_pool_init(&p->pool, p->rp->maxactive, p->rp->data_size);
	if (ret)
		return ret;
	nrp->kp.addr = (kprobe_opcode_t *)p->addr;
	nrp->entry_handler = krpc_kp_entry;
	nrp->handler = krpc_kp_return;
	nrp->maxactive = p->rp->maxactive;
	nrp->data_size = sizeof(struct krpc_kretprobe_instance *);
	ret = register_kretprobe(nrp);
	if (ret)
		krpc_pool_destroy(&p->pool);
	return ret;
}

static void krpc_kp_detach(struct krpc_probe **ps, int num)
{
	struct kretprobe **nrps;
	int i;

	nrps = kcalloc(num, sizeof(*nrps), GFP_KERNEL | __GFP_NOFAIL);
	for (i = 0; i < num; i++)
		nrps[i] = &ps[i]->u.native;
	/* One grace period for the batch; after it no handler runs. */
	unregister_kretprobes(nrps, num);
	for (i = 0; i < num; i++)
		krpc_pool_destroy(&ps[i]->pool);
	kfree(nrps);
}

static int krpc_kp_attach(struct krpc_probe **ps, int num)
{
	int i, ret;

	for (i = 0; i < num; i++) {
		ret = krpc_kp_attach_one(ps[i]);
		if (ret) {
			if (i)
				krpc_kp_detach(ps, i);
			return ret;
		}
	}
	return 0;
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
#endif /* KRPC_HAVE_KRETPROBE_BACKEND */
