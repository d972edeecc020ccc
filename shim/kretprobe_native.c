// SPDX-License-Identifier: GPL-2.0
/*
 * kretprobe_native.c - kretprobes served by a native kretprobe: on kernels
 * without a usable fprobe, and per probe for targets fprobe cannot reach
 * (notrace functions) while the fallback parameter is set. Built where the
 * kernel has kretprobes (shim/probes.mk), except into a strict-mode module
 * that embeds the shim.
 *
 * The shim's instances (header plus the user's data_size bytes) live in a
 * side pool of maxactive slots, and the native instance carries only the
 * slot's address: so the full native data_size range (up to
 * KRETPROBE_MAX_DATA_SIZE) stays available to the user. The native pool is
 * as large as the side pool, so the native kretprobe runs out (and counts
 * the miss) before the side pool can.
 */
#include <linux/build_bug.h>
#include <linux/kprobes.h>
#include <linux/slab.h>

#include "backend.h"
#include "call.h"
#include "pool.h"

/**
 * struct krpc_kp_probe - a kretprobe served by a native kretprobe
 * @probe:  the core's state; first, so the core frees the whole
 * @native: the native kretprobe
 * @pool:   the instances, outside the native kretprobe's data
 */
struct krpc_kp_probe {
	struct krpc_probe probe;
	struct kretprobe native;
	struct krpc_pool pool;
};
static_assert(offsetof(struct krpc_kp_probe, probe) == 0);

static inline struct krpc_kp_probe *krpc_kp(struct krpc_probe *p)
{
	return container_of(p, struct krpc_kp_probe, probe);
}

static inline struct krpc_kp_probe *
krpc_kp_of(struct kretprobe_instance *nri)
{
	return container_of(get_kretprobe(nri), struct krpc_kp_probe, native);
}

static notrace int krpc_kp_entry(struct kretprobe_instance *nri,
				 struct pt_regs *regs)
{
	struct krpc_kp_probe *kp = krpc_kp_of(nri);
	struct krpc_kretprobe_instance *ri = krpc_pool_get(&kp->pool);

	*(struct krpc_kretprobe_instance **)nri->data = ri;
	if (WARN_ON_ONCE(!ri))
		return 1;
	if (krpc_call_entry(&kp->probe, ri, krpc_entry_ret_addr(regs), regs)) {
		krpc_pool_put(&kp->pool, ri);
		return 1;
	}
	return 0;
}
NOKPROBE_SYMBOL(krpc_kp_entry);

static notrace int krpc_kp_return(struct kretprobe_instance *nri,
				  struct pt_regs *regs)
{
	struct krpc_kp_probe *kp = krpc_kp_of(nri);
	struct krpc_kretprobe_instance *ri = *(struct krpc_kretprobe_instance **)nri->data;

	ri->krpc_ret_addr = (kprobe_opcode_t *)get_kretprobe_retaddr(nri);
	WRITE_ONCE(kp->probe.rp->nmissed, READ_ONCE(kp->native.nmissed));
	krpc_call_return(&kp->probe, ri, regs);
	krpc_pool_put(&kp->pool, ri);
	return 0;
}
NOKPROBE_SYMBOL(krpc_kp_return);

static int krpc_kp_attach_one(struct krpc_probe *p)
{
	struct krpc_kp_probe *kp = krpc_kp(p);
	struct kretprobe *nrp = &kp->native;
	int ret;

	ret = krpc_pool_init(&kp->pool, p->rp->maxactive, p->rp->data_size);
	if (ret)
		return ret;
	nrp->kp.addr = (kprobe_opcode_t *)p->addr;
	nrp->entry_handler = krpc_kp_entry;
	nrp->handler = krpc_kp_return;
	nrp->maxactive = p->rp->maxactive;
	nrp->data_size = sizeof(struct krpc_kretprobe_instance *);
	ret = register_kretprobe(nrp);
	if (ret)
		krpc_pool_destroy(&kp->pool);
	return ret;
}

static void krpc_kp_detach(struct krpc_probe **ps, int num)
{
	struct kretprobe **nrps;
	int i;

	nrps = kcalloc(num, sizeof(*nrps), GFP_KERNEL | __GFP_NOFAIL);
	for (i = 0; i < num; i++)
		nrps[i] = &krpc_kp(ps[i])->native;
	/* One grace period for the batch; after it no handler runs. */
	unregister_kretprobes(nrps, num);
	for (i = 0; i < num; i++)
		krpc_pool_destroy(&krpc_kp(ps[i])->pool);
	kfree(nrps);
}

static notrace unsigned long krpc_kp_nmissed(struct krpc_probe *p)
{
	return READ_ONCE(krpc_kp(p)->native.nmissed);
}
NOKPROBE_SYMBOL(krpc_kp_nmissed);

const struct krpc_backend krpc_backend_kretprobe = {
	.name = "kretprobe",
	.probe_size = sizeof(struct krpc_kp_probe),
	.attach_one = krpc_kp_attach_one,
	.detach = krpc_kp_detach,
	.nmissed = krpc_kp_nmissed,
};
