// SPDX-License-Identifier: GPL-2.0
/*
 * core.c - the kretprobe API frontend: argument checks that match native
 * register_kretprobe(), backend selection, registration bookkeeping.
 */
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kallsyms.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "internal.h"

/* Serialises registration and protects krpc_probes. */
KRPC_SHARED DEFINE_MUTEX(krpc_mutex);
/* Every registered probe, for debugfs; under krpc_mutex. */
KRPC_SHARED struct list_head krpc_probes = LIST_HEAD_INIT(krpc_probes);

/*
 * Resolve the probe point the way native does, with the kprobes core as the
 * judge: a kprobe that is registered disabled is never armed, so this works
 * with kprobes turned off too, and yields native's error codes (-ENOENT for
 * an unknown symbol, -EINVAL for both or neither of symbol and address, a
 * blacklisted or non-text address, -EILSEQ mid-instruction).
 */
static int krpc_resolve_one(struct krpc_kretprobe *rp, unsigned int offset,
			    unsigned long *addr, bool *on_ftrace)
{
	struct kprobe tmp = {
		.symbol_name = rp->kp.symbol_name,
		.addr = rp->kp.addr,
		.offset = offset,
		.flags = KPROBE_FLAG_DISABLED,
	};
	int ret;

	ret = register_kprobe(&tmp);
	if (ret)
		return ret;
	*addr = (unsigned long)tmp.addr;
	*on_ftrace = tmp.flags & KPROBE_FLAG_FTRACE;
	unregister_kprobe(&tmp);
	return 0;
}

static int krpc_resolve(struct krpc_kretprobe *rp, unsigned long *addr,
			bool *on_ftrace)
{
	unsigned long at_offset;
	bool dummy;
	int ret;

	ret = krpc_resolve_one(rp, 0, addr, on_ftrace);
	if (ret || !rp->kp.offset)
		return ret;
	/*
	 * A kretprobe must sit on the function entry. With IBT the kprobes
	 * core moves sym+0 past the ENDBR, so sym+4 counts as entry too: the
	 * offset is accepted exactly when it resolves to the same place.
	 */
	ret = krpc_resolve_one(rp, rp->kp.offset, &at_offset, &dummy);
	if (ret == -ENOENT)
		return ret;
	if (ret || at_offset != *addr)
		return -EINVAL;
	return 0;
}

static void krpc_free(struct krpc_probe *p)
{
	free_percpu(p->hits);
	kfree(p);
}

static int krpc_attach(struct krpc_probe *p)
{
	int ret = -EOPNOTSUPP;

#ifdef KRPC_HAVE_FPROBE_BACKEND
	p->backend = &krpc_backend_fprobe;
	ret = p->backend->attach(p);
	if (ret != -EOPNOTSUPP)
		return ret;
#endif
	if (!krpc_fallback) {
		pr_warn("kretprobe_compat: %ps: fprobe cannot serve this kretprobe and fallback=N: not registered\n",
			(void *)p->addr);
		return ret;
	}
#ifdef KRPC_HAVE_KRETPROBE_BACKEND
	p->backend = &krpc_backend_kretprobe;
	ret = p->backend->attach(p);
#endif
	return ret;
}

/**
 * krpc_register_kretprobe() - register a kretprobe
 * @rp: the kretprobe, filled as for native register_kretprobe()
 *
 * Checks @rp as native does and in the same order, fills @rp->kp.addr,
 * applies the default @rp->maxactive, and hooks the function through
 * fprobe, or through a native kretprobe when fprobe cannot reach it and the
 * fallback parameter allows.
 *
 * Context: process context; may sleep. Not from a probe handler.
 * Return: 0 on success; -EINVAL for a bad or already registered @rp,
 * -ENOENT for an unknown symbol, -E2BIG when @rp->data_size exceeds
 * %KRETPROBE_MAX_DATA_SIZE, -ENOMEM, or -EOPNOTSUPP when no backend can
 * reach the target.
 */
KRPC_SHARED int krpc_register_kretprobe(struct krpc_kretprobe *rp)
{
	struct krpc_probe *p;
	bool on_ftrace;
	unsigned long addr;
	int ret;

	if (!rp)
		return -EINVAL;
	mutex_lock(&krpc_mutex);
	if (rp->krpc) {
		ret = -EINVAL;
		goto out_unlock;
	}
	ret = krpc_resolve(rp, &addr, &on_ftrace);
	if (ret)
		goto out_unlock;
	if (WARN_ON_ONCE(rp->kp.post_handler)) {
		ret = -EINVAL;
		goto out_unlock;
	}
	if (rp->data_size > KRETPROBE_MAX_DATA_SIZE) {
		ret = -E2BIG;
		goto out_unlock;
	}
	if (rp->maxactive <= 0)
		rp->maxactive = max_t(unsigned int, 10, 2 * num_possible_cpus());

	ret = -ENOMEM;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		goto out_unlock;
	p->hits = alloc_percpu(unsigned long);
	if (!p->hits)
		goto out_free;
	p->rp = rp;
	p->addr = addr;
	p->disabled = rp->kp.flags & KPROBE_FLAG_DISABLED;
	rp->nmissed = 0;

	ret = krpc_attach(p);
	if (ret)
		goto out_free;
	rp->kp.addr = (kprobe_opcode_t *)addr;
	if (on_ftrace)
		rp->kp.flags |= KPROBE_FLAG_FTRACE;
	rp->krpc = p;
	list_add_tail(&p->node, &krpc_probes);
	mutex_unlock(&krpc_mutex);
	return 0;

out_free:
	krpc_free(p);
out_unlock:
	mutex_unlock(&krpc_mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(krpc_register_kretprobe);

/**
 * krpc_unregister_kretprobes() - unregister several kretprobes
 * @rps: the kretprobes
 * @num: how many
 *
 * Entries that are not registered are skipped. Once this returns no
 * handler of any of them runs, including for calls that were in flight.
 * As native, @rp->kp.addr keeps the resolved address: clear it before
 * registering the same struct again by symbol.
 *
 * Context: process context; may sleep.
 */
KRPC_SHARED void krpc_unregister_kretprobes(struct krpc_kretprobe **rps, int num)
{
	struct krpc_probe *p;
	int i;

	if (num <= 0)
		return;
	mutex_lock(&krpc_mutex);
	for (i = 0; i < num; i++) {
		p = rps[i] ? rps[i]->krpc : NULL;
		if (!p)
			continue;
		p->backend->detach(p);
		rps[i]->nmissed = p->backend->nmissed(p);
		list_del(&p->node);
		rps[i]->krpc = NULL;
		krpc_free(p);
	}
	mutex_unlock(&krpc_mutex);
}
EXPORT_SYMBOL_GPL(krpc_unregister_kretprobes);

/**
 * krpc_unregister_kretprobe() - unregister a kretprobe
 * @rp: the kretprobe
 *
 * See krpc_unregister_kretprobes().
 *
 * Context: process context; may sleep.
 */
KRPC_SHARED void krpc_unregister_kretprobe(struct krpc_kretprobe *rp)
{
	krpc_unregister_kretprobes(&rp, 1);
}
EXPORT_SYMBOL_GPL(krpc_unregister_kretprobe);

/**
 * krpc_register_kretprobes() - register several kretprobes, all or none
 * @rps: the kretprobes
 * @num: how many
 *
 * Context: process context; may sleep.
 * Return: 0, or the first error; the ones registered before it are
 * unregistered again. -EINVAL when @num <= 0.
 */
KRPC_SHARED int krpc_register_kretprobes(struct krpc_kretprobe **rps, int num)
{
	int ret = 0, i;

	if (num <= 0)
		return -EINVAL;
	for (i = 0; i < num; i++) {
		ret = krpc_register_kretprobe(rps[i]);
		if (ret < 0) {
			krpc_unregister_kretprobes(rps, i);
			break;
		}
	}
	return ret;
}
EXPORT_SYMBOL_GPL(krpc_register_kretprobes);

static int krpc_set_disabled(struct krpc_kretprobe *rp, bool disabled)
{
	int ret = -EINVAL;

	mutex_lock(&krpc_mutex);
	if (rp && rp->krpc) {
		WRITE_ONCE(rp->krpc->disabled, disabled);
		if (disabled)
			rp->kp.flags |= KPROBE_FLAG_DISABLED;
		else
			rp->kp.flags &= ~KPROBE_FLAG_DISABLED;
		ret = 0;
	}
	mutex_unlock(&krpc_mutex);
	return ret;
}

/**
 * krpc_enable_kretprobe() - probe calls again after krpc_disable_kretprobe()
 * @rp: a registered kretprobe
 *
 * Context: process context; may sleep.
 * Return: 0, or -EINVAL when @rp is not registered.
 */
KRPC_SHARED int krpc_enable_kretprobe(struct krpc_kretprobe *rp)
{
	return krpc_set_disabled(rp, false);
}
EXPORT_SYMBOL_GPL(krpc_enable_kretprobe);

/**
 * krpc_disable_kretprobe() - stop probing new calls
 * @rp: a registered kretprobe
 *
 * Calls already in flight still reach the return handler, as native.
 *
 * Context: process context; may sleep.
 * Return: 0, or -EINVAL when @rp is not registered.
 */
KRPC_SHARED int krpc_disable_kretprobe(struct krpc_kretprobe *rp)
{
	return krpc_set_disabled(rp, true);
}
EXPORT_SYMBOL_GPL(krpc_disable_kretprobe);

/**
 * krpc_kretprobe_nmissed() - the current miss count
 * @rp: a kretprobe
 *
 * The backends count misses where they happen, outside the shim; the
 * @rp->nmissed field is refreshed from that count at every probed return,
 * at unregistration and by this function. A reader of the field sees
 * every miss that happened before the last probed return.
 *
 * Context: any.
 * Return: the number of missed calls, also stored in @rp->nmissed.
 */
KRPC_SHARED int krpc_kretprobe_nmissed(struct krpc_kretprobe *rp)
{
	struct krpc_probe *p = READ_ONCE(rp->krpc);

	if (p)
		WRITE_ONCE(rp->nmissed, p->backend->nmissed(p));
	return READ_ONCE(rp->nmissed);
}
EXPORT_SYMBOL_GPL(krpc_kretprobe_nmissed);
