// SPDX-License-Identifier: GPL-2.0
/*
 * core.c - the kretprobe API frontend: argument checks that match native
 * register_kretprobe(), backend selection, registration bookkeeping, and
 * the attach loop of the backends that hook one probe at a time.
 */
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/ftrace.h>
#include <linux/kallsyms.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "internal.h"

/* Serialises registration and protects krpc_probes. */
DEFINE_MUTEX(krpc_mutex);
/* Every registered probe, for debugfs; under krpc_mutex. */
struct list_head krpc_probes = LIST_HEAD_INIT(krpc_probes);

#ifdef CONFIG_KPROBES

/* The offset of @addr in its function, as kallsyms sees it ("sym+0x9/0x20"). */
static unsigned long krpc_sym_offset(unsigned long addr)
{
	char buf[KSYM_SYMBOL_LEN];
	unsigned long off;
	char *plus;

	sprint_symbol(buf, addr);
	plus = strchr(buf, '+');
	if (!plus || sscanf(plus, "+%lx/", &off) != 1)
		return 0;
	return off;
}

/*
 * Resolve the probe point the way native does, with the kprobes core as the
 * judge: a kprobe that is registered disabled is never armed, so this works
 * with kprobes turned off too, and yields native's error codes (-ENOENT for
 * an unknown symbol, -EINVAL for both or neither of symbol and address, a
 * blacklisted or non-text address, -EILSEQ mid-instruction). @tmp stays
 * registered: the caller unregisters a whole batch with one RCU grace
 * period (unregister_kprobes()).
 */
static int krpc_resolve(struct krpc_kretprobe *rp, struct kprobe *tmp,
			bool *tmp_registered)
{
	struct kprobe at = {
		.symbol_name = rp->kp.symbol_name,
		.addr = rp->kp.addr,
		.offset = rp->kp.offset,
		.flags = KPROBE_FLAG_DISABLED,
	};
	int ret;

	*tmp = at;
	tmp->offset = 0;
	ret = register_kprobe(tmp);
	*tmp_registered = !ret;
	/* Native checks the function entry first: mid-instruction is -EINVAL. */
	if (ret == -EILSEQ)
		return -EINVAL;
	if (ret)
		return ret;
	if (!rp->kp.offset && rp->kp.addr) {
		/* An address inside a function: the same test as an offset. */
		at.offset = krpc_sym_offset((unsigned long)rp->kp.addr);
		if (!at.offset)
			return 0;
		at.addr = (void *)rp->kp.addr - at.offset;
		at.offset = 0;
		ret = register_kprobe(&at);
		if (!ret)
			unregister_kprobe(&at);
		return ret || at.addr != tmp->addr ? -EINVAL : 0;
	}
	if (!rp->kp.offset)
		return 0;
	/*
	 * A kretprobe must sit on the function entry. With IBT the kprobes
	 * core moves sym+0 past the ENDBR, so sym+4 counts as entry too: the
	 * offset is accepted exactly when it resolves to the same place.
	 */
	ret = register_kprobe(&at);
	if (!ret)
		unregister_kprobe(&at);
	if (ret == -ENOENT)
		return ret;
	if (ret || at.addr != tmp->addr)
		return -EINVAL;
	return 0;
}

#else /* !CONFIG_KPROBES */

/*
 * Without kprobes the probe point is resolved from what a module can still
 * reach: sprint_symbol() (an address to "name+off/size [module]") and
 * ftrace's filter functions, run on a scratch ftrace_ops that is never
 * registered. Where these cannot give native's answer, docs/semantics.md
 * says what the shim answers instead.
 */

/*
 * The head of struct ftrace_hash (kernel/trace/trace.h: private, unchanged
 * since 3.x): the scratch filter is read through it. Every address read is
 * checked against kallsyms and the count before it is used.
 */
struct krpc_ftrace_hash {
	unsigned long size_bits;
	struct hlist_head *buckets;
	unsigned long count;
};

/* Larger than FTRACE_HASH_MAX_BITS: a bigger hash is not one. */
#define KRPC_FTRACE_HASH_BITS_MAX	20

/* What sprint_symbol() says of an address. */
struct krpc_sym {
	char buf[KSYM_SYMBOL_LEN];
	char *name;
	char *mod;		/* NULL in vmlinux */
	unsigned long off;	/* from the symbol's start */
};

/* Fill @s for @addr; false when kallsyms knows no symbol there. */
static bool krpc_sym_at(unsigned long addr, struct krpc_sym *s)
{
	char *plus, *end;

	sprint_symbol(s->buf, addr);
	plus = strchr(s->buf, '+');
	if (!plus || sscanf(plus, "+%lx/", &s->off) != 1)
		return false;
	*plus = '\0';
	s->name = s->buf;
	s->mod = strchr(plus + 1, '[');
	if (s->mod) {
		s->mod++;
		/* "[module]", or "[module buildid]" */
		end = strpbrk(s->mod, " ]");
		if (end)
			*end = '\0';
	}
	return true;
}

/*
 * A name ftrace's filter takes literally, as kallsyms would: no glob, no
 * "!" and no all-digit index; anything else names no kernel symbol.
 */
static bool krpc_sym_name_ok(const char *name)
{
	const char *c;

	if (!*name || isdigit(*name))
		return false;
	for (c = name; *c; c++)
		if (!isalnum(*c) && *c != '_' && *c != '.')
			return false;
	return true;
}

/*
 * The ftrace location ftrace's filter selects for function @sym (of module
 * @mod, or preferably of vmlinux when @mod is NULL; the lowest address when
 * several functions share the name, as kallsyms orders them), or for the
 * function starting or hooked at @addr when @sym is NULL. On success @s
 * describes the location. Return: 0, -ENOENT when ftrace has no such
 * function (unknown, notrace, not text), -EOPNOTSUPP when the filter
 * cannot be read, -ENOMEM, or -ENODEV when ftrace is shut down.
 */
static int krpc_ftrace_locate(const char *sym, const char *mod,
			      unsigned long addr, struct krpc_sym *s,
			      unsigned long *loc)
{
	struct krpc_ftrace_hash *hash;
	struct ftrace_func_entry *e;
	unsigned long i, n = 0, best = 0;
	bool best_mod = true, in_mod;
	struct ftrace_ops *ops;
	char *buf;
	int ret;

	ops = kzalloc(sizeof(*ops), GFP_KERNEL);
	if (!ops)
		return -ENOMEM;
	if (sym) {
		buf = kstrdup(sym, GFP_KERNEL);
		ret = buf ? ftrace_set_filter(ops, (unsigned char *)buf,
						    strlen(buf), 1) : -ENOMEM;
		kfree(buf);
	} else {
		ret = ftrace_set_filter_ip(ops, addr, 0, 1);
	}
	if (ret == -EINVAL)
		ret = -ENOENT;
	if (ret)
		goto out;

	ret = -EOPNOTSUPP;
	hash = (struct krpc_ftrace_hash *)rcu_dereference_protected(ops->func_hash->filter_hash,
								    true);
	if (!hash || hash->size_bits > KRPC_FTRACE_HASH_BITS_MAX)
		goto out_bad;
	for (i = 0; i < 1UL << hash->size_bits; i++) {
		hlist_for_each_entry(e, &hash->buckets[i], hlist) {
			if (++n > hash->count || !krpc_sym_at(e->ip, s) ||
			    (sym && strcmp(s->name, sym)))
				goto out_bad;
			in_mod = s->mod;
			if (mod && (!in_mod || strcmp(s->mod, mod)))
				continue;
			if (!best || in_mod < best_mod ||
			    (in_mod == best_mod && e->ip < best)) {
				best = e->ip;
				best_mod = in_mod;
			}
		}
	}
	if (n != hash->count)
		goto out_bad;
	ret = -ENOENT;
	if (best && krpc_sym_at(best, s)) {
		*loc = best;
		ret = 0;
	}
	goto out;
out_bad:
	pr_warn_once("kretprobe_compat: cannot read ftrace's filter (struct ftrace_hash changed?): every kretprobe fails with -EOPNOTSUPP\n");
out:
	ftrace_free_filter(ops);
	kfree(ops);
	return ret;
}

/*
 * The architecture's kretprobe blacklist, which kprobes keep (x86:
 * kretprobe_blacklist[] in arch/x86/kernel/kprobes/core.c).
 */
static const char *const krpc_kretprobe_blacklist[] = {
#ifdef CONFIG_X86
	"__switch_to",	/* switches current, not the kernel stack */
#endif
};

static bool krpc_kretprobe_blacklisted(const struct krpc_sym *s)
{
	size_t i;

	for (i = 0; !s->mod && i < ARRAY_SIZE(krpc_kretprobe_blacklist); i++)
		if (!strcmp(s->name, krpc_kretprobe_blacklist[i]))
			return true;
	return false;
}

/*
 * The ftrace location of symbol @sym ("module:symbol" or "symbol"), with
 * @s describing it. Return: 0, -ENOENT for a name ftrace does not know
 * (unknown or notrace: kallsyms_lookup_name() is not exported, so the
 * two cannot be told apart), or an error of krpc_ftrace_locate().
 */
static int krpc_lookup_name(const char *sym, struct krpc_sym *s,
			    unsigned long *loc)
{
	const char *colon = strchr(sym, ':');
	char *mod = NULL;
	int ret;

	if (colon) {
		mod = kstrndup(sym, colon - sym, GFP_KERNEL);
		if (!mod)
			return -ENOMEM;
		sym = colon + 1;
	}
	ret = -ENOENT;
	if (krpc_sym_name_ok(sym) && (!mod || krpc_sym_name_ok(mod)))
		ret = krpc_ftrace_locate(sym, mod, 0, s, loc);
	kfree(mod);
	return ret;
}

/*
 * Resolve the probe point without kprobes, in native's order and with its
 * error codes where they can be known: -EINVAL for both or neither of
 * symbol and address, -ENOENT for an unknown symbol or an address outside
 * every symbol, -EINVAL for a point that is not the function's entry (on
 * IBT kernels sym+4, past the ENDBR, is the entry too, as native) and for
 * the architecture's kretprobe blacklist. kp.addr becomes the ftrace
 * location, which is native's kp.addr on x86 (sym+0, or sym+4 after an
 * ENDBR). A function entry without an ftrace location resolves without
 * KPROBE_FLAG_FTRACE: no backend can serve it (-EOPNOTSUPP, as fallback=N).
 * @tmp only carries the result (addr, flags): nothing is registered.
 */
static int krpc_resolve(struct krpc_kretprobe *rp, struct kprobe *tmp,
			bool *tmp_registered)
{
	unsigned long base, target, start, loc;
	struct krpc_sym *s;
	int ret;

	*tmp_registered = false;
	memset(tmp, 0, sizeof(*tmp));
	if (!rp->kp.symbol_name == !rp->kp.addr)
		return -EINVAL;
	s = kmalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	if (rp->kp.symbol_name) {
		ret = krpc_lookup_name(rp->kp.symbol_name, s, &loc);
		if (ret)
			goto out;
		base = loc - s->off;
	} else {
		base = (unsigned long)rp->kp.addr;
	}
	target = base + rp->kp.offset;
	ret = -ENOENT;
	if (!krpc_sym_at(target, s))
		goto out;
	start = target - s->off;
	ret = -EINVAL;
	if (krpc_kretprobe_blacklisted(s))
		goto out;
	ret = krpc_ftrace_locate(NULL, NULL, start, s, &loc);
	if (ret == -ENOENT) {
		/* notrace, or not a function: a refused target at its entry */
		ret = target == start ? 0 : -EINVAL;
		tmp->addr = (kprobe_opcode_t *)target;
	} else if (!ret && target != start && target != loc) {
		ret = -EINVAL;
	} else if (!ret) {
		tmp->addr = (kprobe_opcode_t *)loc;
		tmp->flags = KPROBE_FLAG_FTRACE;
	}
out:
	kfree(s);
	return ret;
}

#endif /* CONFIG_KPROBES */

/*
 * Whether ftrace has a location for @addr: an ftrace location, or a
 * function start whose location lies a few bytes on (ENDBR, BTI, patchable
 * entry). An ftrace_ops that is never registered takes @addr into its
 * filter exactly when ftrace_location() knows it (-EINVAL otherwise, or
 * -ENODEV with ftrace disabled), and is let go. Returns 1 or 0, or -ENOMEM
 * when the question itself could not be asked.
 */
#if IS_ENABLED(CONFIG_DYNAMIC_FTRACE) && !IS_ENABLED(CONFIG_KPROBES_ON_FTRACE)
static int krpc_ftrace_has_location(unsigned long addr)
{
	struct ftrace_ops *ops;
	int ret;

	ops = kzalloc(sizeof(*ops), GFP_KERNEL);
	if (!ops)
		return -ENOMEM;
	ret = ftrace_set_filter_ip(ops, addr, 0, 1);
	ftrace_free_filter(ops);
	kfree(ops);
	if (ret == -ENOMEM)
		return ret;
	return !ret;
}
#endif

/*
 * Whether fprobe can reach @addr (1 or 0, or -ENOMEM). Where kprobes sit
 * on ftrace (x86) the kprobes core has said so with KPROBE_FLAG_FTRACE (so
 * has the resolver without kprobes when it found an ftrace location);
 * elsewhere (arm64, whose kprobes do not use ftrace) ftrace is asked
 * directly.
 */
static int krpc_on_ftrace(unsigned long addr, const struct kprobe *kp)
{
	if (kp->flags & KPROBE_FLAG_FTRACE)
		return 1;
#if IS_ENABLED(CONFIG_DYNAMIC_FTRACE) && !IS_ENABLED(CONFIG_KPROBES_ON_FTRACE)
	return krpc_ftrace_has_location(addr);
#else
	return 0;
#endif
}

static void krpc_free(struct krpc_probe *p)
{
	if (!p)
		return;
	free_percpu(p->hits);
	kfree(p);
}

/*
 * Check one kretprobe as native register_kretprobe() does, in its order,
 * and set up its state. On success @rp is claimed (rp->krpc set), so a
 * second entry for the same struct in one batch fails as native.
 */
static int krpc_prepare(struct krpc_kretprobe *rp, struct kprobe *tmp,
			bool *tmp_registered, struct krpc_probe **pp)
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
	p = kzalloc(sizeof(*p), GFP_KERNEL);
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
 * fprobe serves every probe whose address is an ftrace location (the
 * resolver said so: KPROBE_FLAG_FTRACE), in one batch; the others go to
 * the native-kretprobe backend when the fallback parameter allows and the
 * kernel has kretprobes.
 */
static const struct krpc_backend *krpc_pick(struct krpc_probe *p)
{
#ifdef KRPC_HAVE_FPROBE_BACKEND
	if (p->on_ftrace)
		return &krpc_backend_fprobe;
#endif
#ifdef KRPC_HAVE_KRETPROBE_BACKEND
	if (krpc_fallback)
		return &krpc_backend_kretprobe;
#endif
	pr_warn("kretprobe_compat: %ps: fprobe cannot serve this kretprobe and %s: not registered\n",
		(void *)p->addr,
		krpc_fallback ? "there are no native kretprobes" : "fallback=N");
	return NULL;
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
 * Give @p the size of @b's per-probe struct, which starts with the core's
 * (struct krpc_probe), zeroed beyond it. Registration has claimed @p's
 * kretprobe (rp->krpc), which follows it.
 */
static struct krpc_probe *krpc_move(struct krpc_probe *p,
				    const struct krpc_backend *b)
{
	struct krpc_probe *q;

	if (b->probe_size <= sizeof(*p))
		return p;
	q = kzalloc(b->probe_size, GFP_KERNEL);
	if (!q)
		return NULL;
	*q = *p;
	q->rp->krpc = q;
	kfree(p);
	return q;
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
 * Attach @ps (all prepared), one batch per backend; all or nothing. Each
 * entry of @ps is moved to its backend's per-probe struct first.
 */
static int krpc_attach(struct krpc_probe **ps, int num)
{
	const struct krpc_backend **pick;
	struct krpc_probe **batch, *q;
	int i, j, n, ret = -ENOMEM;

	pick = kcalloc(num, sizeof(*pick), GFP_KERNEL);
	batch = kcalloc(num, sizeof(*batch), GFP_KERNEL);
	if (!pick || !batch)
		goto out_free;
	ret = 0;
	for (i = 0; i < num && !ret; i++) {
		pick[i] = krpc_pick(ps[i]);
		if (!pick[i])
			ret = -EOPNOTSUPP;
	}
	for (i = 0; i < num && !ret; i++) {
		q = krpc_move(ps[i], pick[i]);
		if (q)
			ps[i] = q;
		else
			ret = -ENOMEM;
	}
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
out_free:
	kfree(batch);
	kfree(pick);
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
	struct krpc_probe **ps = NULL;
	struct kprobe *tmp = NULL, **tmps = NULL;
	int i, ntmp = 0, ret = -ENOMEM;
	bool registered;

	if (num <= 0)
		return -EINVAL;
	ps = kcalloc(num, sizeof(*ps), GFP_KERNEL);
	tmp = kcalloc(num, sizeof(*tmp), GFP_KERNEL);
	tmps = kcalloc(num, sizeof(*tmps), GFP_KERNEL);
	if (!ps || !tmp || !tmps)
		goto out_free;

	mutex_lock(&krpc_mutex);
	for (i = 0; i < num; i++) {
		ret = krpc_prepare(rps[i], &tmp[i], &registered, &ps[i]);
		if (registered)
			tmps[ntmp++] = &tmp[i];
		if (ret)
			break;
	}
	if (ntmp)
		unregister_kprobes(tmps, ntmp);
	if (!ret)
		ret = krpc_attach(ps, num);
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
