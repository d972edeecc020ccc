// SPDX-License-Identifier: GPL-2.0
/*
 * core.c - the kretprobe API frontend: argument checks that match native
 * register_kretprobe(), backend selection, registration bookkeeping, and
 * the attach loop of the backends that hook one probe at a time.
 */
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kprobes.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/slab.h>

#include "backend.h"
#include "params.h"
#include "resolve.h"

/*
 * KRPC_EMBED: the shim is compiled into the user's module
 * (KRETPROBE_COMPAT_EMBED, kretprobe-compat.mk) rather than into
 * kretprobe_compat.ko. Then nothing is exported (KRPC_EXPORT() only checks
 * that the symbol exists), there are no module parameters (their defaults
 * apply) and no debugfs file (main.c).
 */
#ifdef KRPC_EMBED
#define KRPC_EXPORT(sym)	static_assert(__same_type(sym, sym))
#else
#define KRPC_EXPORT(sym)	EXPORT_SYMBOL_GPL(sym)
#endif

/* Serialises registration and protects krpc_probes. */
DEFINE_MUTEX(krpc_mutex);
/* Every registered probe, for debugfs; under krpc_mutex. */
struct list_head krpc_probes = LIST_HEAD_INIT(krpc_probes);

static void krpc_free(struct krpc_probe *p)
{
	if (!p)
		return;
	free_percpu(p->hits);
	kfree(p);
}

/*
 * fprobe serves every probe whose address is an ftrace location (the
 * resolver said so: KPROBE_FLAG_FTRACE), in one batch; the others go to
 * the native-kretprobe backend when the fallback parameter allows and the
 * kernel has kretprobes. NULL when no backend can serve the probe.
 */
static const struct krpc_backend *krpc_pick(bool on_ftrace)
{
#ifdef KRPC_HAVE_FPROBE_BACKEND
	if (on_ftrace)
		return &krpc_backend_fprobe;
#endif
#ifdef KRPC_HAVE_KRETPROBE_BACKEND
	if (krpc_fallback)
		return &krpc_backend_kretprobe;
#endif
	return NULL;
}

/*
 * Check one kretprobe as native register_kretprobe() does, in its order,
 * pick its backend (*@pick, NULL when none can serve it: the batch fails
 * once every kretprobe is checked) and set up its state, allocated at the
 * backend's size. On success @rp is claimed (rp->krpc set), so a second
 * entry for the same struct in one batch fails as native.
 */
static int krpc_prepare(struct krpc_kretprobe *rp, struct kprobe *tmp,
			bool *tmp_registered, struct krpc_probe **pp,
			const struct krpc_backend **pick)
{
	struct krpc_probe *p;
	int ret;

	*tmp_registered = false;
	if (!rp || rp->krpc)
		return -EINVAL;
	ret = krpc_resolve(rp, tmp, tmp_registered);
	if (ret)
		return ret;
	/* Native 6.12 clears a post_handler the caller left, silently. */
	rp->kp.post_handler = NULL;
	if (rp->data_size > KRETPROBE_MAX_DATA_SIZE)
		return -E2BIG;
	if (rp->maxactive <= 0)
		rp->maxactive = max_t(unsigned int, 10, 2 * num_possible_cpus());

	ret = krpc_on_ftrace((unsigned long)tmp->addr, tmp);
	if (ret < 0)
		return ret;
	*pick = krpc_pick(ret);
	p = kzalloc(*pick ? max((*pick)->probe_size, sizeof(*p)) : sizeof(*p),
		    GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->hits = alloc_percpu(unsigned long);
	if (!p->hits) {
		krpc_free(p);
		return -ENOMEM;
	}
	p->rp = rp;
	p->addr = (unsigned long)tmp->addr;
	p->on_ftrace = ret;
	p->disabled = rp->kp.flags & KPROBE_FLAG_DISABLED;
	rp->nmissed = 0;
	rp->krpc = p;
	*pp = p;
	return 0;
}

/*
 * Detach every probe in @ps that has a backend, one batch per backend.
 * When this returns no handler runs for any of them.
 */
static void krpc_detach(struct krpc_probe **ps, int num)
{
	const struct krpc_backend *b;
	struct krpc_probe **batch;
	int i, j, n;

	batch = kcalloc(num, sizeof(*batch), GFP_KERNEL | __GFP_NOFAIL);
	for (i = 0; i < num; i++) {
		b = ps[i]->backend;
		if (!b || ps[i]->detached)
			continue;
		for (n = 0, j = i; j < num; j++) {
			if (ps[j]->backend == b && !ps[j]->detached) {
				batch[n++] = ps[j];
				ps[j]->detached = true;
			}
		}
		b->detach(batch, n);
	}
	kfree(batch);
}

/*
 * The attach loop of a backend that hooks one probe at a time
 * (@b->attach_one): all or nothing.
 */
static int krpc_attach_each(const struct krpc_backend *b,
			    struct krpc_probe **ps, int num)
{
	int i, ret;

	for (i = 0; i < num; i++) {
		ret = b->attach_one(ps[i]);
		if (ret) {
			if (i)
				b->detach(ps, i);
			return ret;
		}
	}
	return 0;
}

/*
 * Attach @ps (all prepared, each for the backend @pick gives), one batch
 * per backend; all or nothing: -EOPNOTSUPP when a probe has no backend.
 */
static int krpc_attach(struct krpc_probe **ps,
		       const struct krpc_backend **pick, int num)
{
	struct krpc_probe **batch;
	int i, j, n, ret = 0;

	for (i = 0; i < num; i++) {
		if (pick[i])
			continue;
		pr_warn("kretprobe_compat: %ps: fprobe cannot serve this kretprobe and %s: not registered\n",
			(void *)ps[i]->addr,
			krpc_fallback ? "there are no native kretprobes" : "fallback=N");
		return -EOPNOTSUPP;
	}
	batch = kcalloc(num, sizeof(*batch), GFP_KERNEL);
	if (!batch)
		return -ENOMEM;
	for (i = 0; i < num && !ret; i++) {
		if (ps[i]->backend)
			continue;
		for (n = 0, j = i; j < num; j++)
			if (pick[j] == pick[i] && !ps[j]->backend)
				batch[n++] = ps[j];
		/* Set first: handlers may run before attach() returns. */
		for (j = 0; j < n; j++)
			batch[j]->backend = pick[i];
		if (pick[i]->attach)
			ret = pick[i]->attach(batch, n);
		else
			ret = krpc_attach_each(pick[i], batch, n);
		for (j = 0; j < n && ret; j++)
			batch[j]->backend = NULL;
	}
	if (ret) {
		krpc_detach(ps, num);
		for (i = 0; i < num; i++)
			ps[i]->backend = NULL;
	}
	kfree(batch);
	return ret;
}

/**
 * krpc_register_kretprobes() - register several kretprobes, all or none
 * @rps: the kretprobes, each filled as for native register_kretprobe()
 * @num: how many
 *
 * Checks each kretprobe as native does and in the same order, fills
 * @rp->kp.addr, applies the default @rp->maxactive, and hooks the
 * functions: those fprobe can reach with one fprobe for the whole batch
 * (one ftrace update), the others with native kretprobes when the fallback
 * parameter allows.
 *
 * Context: process context; may sleep. Not from a probe handler.
 * Return: 0, or the error of the first kretprobe that failed, after
 * which none is registered: -EINVAL for @num <= 0 or a bad or already
 * registered kretprobe, -ENOENT for an unknown symbol, -E2BIG when
 * data_size exceeds %KRETPROBE_MAX_DATA_SIZE, -ENOMEM, or -EOPNOTSUPP when
 * no backend can reach a target.
 */
int krpc_register_kretprobes(struct krpc_kretprobe **rps, int num)
{
	const struct krpc_backend **pick = NULL;
	struct krpc_probe **ps = NULL;
	struct kprobe *tmp = NULL, **tmps = NULL;
	int i, ntmp = 0, ret = -ENOMEM;
	bool registered;

	if (num <= 0)
		return -EINVAL;
	ps = kcalloc(num, sizeof(*ps), GFP_KERNEL);
	pick = kcalloc(num, sizeof(*pick), GFP_KERNEL);
	tmp = kcalloc(num, sizeof(*tmp), GFP_KERNEL);
	tmps = kcalloc(num, sizeof(*tmps), GFP_KERNEL);
	if (!ps || !pick || !tmp || !tmps)
		goto out_free;

	mutex_lock(&krpc_mutex);
	for (i = 0; i < num; i++) {
		ret = krpc_prepare(rps[i], &tmp[i], &registered, &ps[i],
				   &pick[i]);
		if (registered)
			tmps[ntmp++] = &tmp[i];
		if (ret)
			break;
	}
	if (ntmp)
		unregister_kprobes(tmps, ntmp);
	if (!ret)
		ret = krpc_attach(ps, pick, num);
	for (i = 0; i < num; i++) {
		if (!ps[i])
			continue;
		/* What native leaves behind, even when rolled back. */
		rps[i]->kp.addr = (kprobe_opcode_t *)ps[i]->addr;
		/* Native sets it where kprobes sit on ftrace (not arm64). */
		if (ps[i]->on_ftrace && (IS_ENABLED(CONFIG_KPROBES_ON_FTRACE) ||
					 !IS_ENABLED(CONFIG_KPROBES)))
			rps[i]->kp.flags |= KPROBE_FLAG_FTRACE;
		if (ret) {
			rps[i]->krpc = NULL;
			krpc_free(ps[i]);
		} else {
			list_add_tail(&ps[i]->node, &krpc_probes);
		}
	}
	mutex_unlock(&krpc_mutex);
out_free:
	kfree(tmps);
	kfree(tmp);
	kfree(pick);
	kfree(ps);
	return ret;
}
KRPC_EXPORT(krpc_register_kretprobes);

/**
 * krpc_register_kretprobe() - register a kretprobe
 * @rp: the kretprobe, filled as for native register_kretprobe()
 *
 * See krpc_register_kretprobes().
 *
 * Context: process context; may sleep. Not from a probe handler.
 * Return: 0 on success; -EINVAL for a bad or already registered @rp,
 * -ENOENT for an unknown symbol, -E2BIG when @rp->data_size exceeds
 * %KRETPROBE_MAX_DATA_SIZE, -ENOMEM, or -EOPNOTSUPP when no backend can
 * reach the target.
 */
int krpc_register_kretprobe(struct krpc_kretprobe *rp)
{
	return krpc_register_kretprobes(&rp, 1);
}
KRPC_EXPORT(krpc_register_kretprobe);

/**
 * krpc_unregister_kretprobes() - unregister several kretprobes
 * @rps: the kretprobes
 * @num: how many
 *
 * Entries that are not registered are skipped. Once this returns no
 * handler of any of them runs, including for calls that were in flight;
 * the batch pays one grace period per backend, not one per probe. As
 * native, @rp->kp.addr keeps the resolved address: clear it before
 * registering the same struct again by symbol.
 *
 * Context: process context; may sleep.
 */
void krpc_unregister_kretprobes(struct krpc_kretprobe **rps, int num)
{
	struct krpc_probe **ps;
	int i, n = 0;

	if (num <= 0)
		return;
	ps = kcalloc(num, sizeof(*ps), GFP_KERNEL | __GFP_NOFAIL);
	mutex_lock(&krpc_mutex);
	for (i = 0; i < num; i++) {
		if (!rps[i] || !rps[i]->krpc)
			continue;
		ps[n] = rps[i]->krpc;
		list_del(&ps[n]->node);
		rps[i]->nmissed = ps[n]->backend->nmissed(ps[n]);
		rps[i]->krpc = NULL;
		n++;
	}
	krpc_detach(ps, n);
	for (i = 0; i < n; i++)
		krpc_free(ps[i]);
	mutex_unlock(&krpc_mutex);
	kfree(ps);
}
KRPC_EXPORT(krpc_unregister_kretprobes);

/**
 * krpc_unregister_kretprobe() - unregister a kretprobe
 * @rp: the kretprobe
 *
 * See krpc_unregister_kretprobes().
 *
 * Context: process context; may sleep.
 */
void krpc_unregister_kretprobe(struct krpc_kretprobe *rp)
{
	krpc_unregister_kretprobes(&rp, 1);
}
KRPC_EXPORT(krpc_unregister_kretprobe);

static int krpc_set_disabled(struct krpc_kretprobe *rp, bool disabled)
{
	int ret = -EINVAL;

	mutex_lock(&krpc_mutex);
	if (rp && rp->krpc) {
		WRITE_ONCE(rp->krpc->disabled, disabled);
		if (disabled && rp->krpc->backend->disable)
			rp->krpc->backend->disable(rp->krpc);
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
int krpc_enable_kretprobe(struct krpc_kretprobe *rp)
{
	return krpc_set_disabled(rp, false);
}
KRPC_EXPORT(krpc_enable_kretprobe);

/**
 * krpc_disable_kretprobe() - stop probing new calls
 * @rp: a registered kretprobe
 *
 * Calls already in flight still reach the return handler, as native.
 *
 * Context: process context; may sleep.
 * Return: 0, or -EINVAL when @rp is not registered.
 */
int krpc_disable_kretprobe(struct krpc_kretprobe *rp)
{
	return krpc_set_disabled(rp, true);
}
KRPC_EXPORT(krpc_disable_kretprobe);

/**
 * krpc_kretprobe_nmissed() - the current miss count
 * @rp: a kretprobe
 *
 * Misses the shim counts itself (a kretprobe of a batch at its maxactive,
 * a full instance pool) update @rp->nmissed at the miss, as native does.
 * Misses counted outside the shim (fprobe's or the kretprobe core's own)
 * reach the field at the next probed return, at unregistration and
 * through this function.
 *
 * Context: any.
 * Return: the number of missed calls, also stored in @rp->nmissed.
 */
int krpc_kretprobe_nmissed(struct krpc_kretprobe *rp)
{
	struct krpc_probe *p = READ_ONCE(rp->krpc);

	if (p)
		WRITE_ONCE(rp->nmissed, p->backend->nmissed(p));
	return READ_ONCE(rp->nmissed);
}
KRPC_EXPORT(krpc_kretprobe_nmissed);
