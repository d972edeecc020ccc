// SPDX-License-Identifier: GPL-2.0
/*
 * resolve_ftrace.c - the probe point resolved without kprobes, on a kernel
 * without CONFIG_KPROBES (shim/probes.mk).
 *
 * Without kprobes the probe point is resolved from what a module can still
 * reach: sprint_symbol() (an address to "name+off/size [module]") and
 * ftrace's filter functions, run on a scratch ftrace_ops that is never
 * registered. Where these cannot give native's answer, docs/semantics.md
 * says what the shim answers instead.
 */
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/ftrace.h>
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "resolve.h"

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

/**
 * krpc_resolve() - resolve a kretprobe's probe point without kprobes
 * @rp:             the kretprobe: kp.symbol_name, kp.addr, kp.offset
 * @tmp:            only carries the result (addr, flags): nothing is
 *                  registered
 * @tmp_registered: always set false
 *
 * In native's order and with its error codes where they can be known.
 * kp.addr becomes the ftrace location, which is native's kp.addr on x86
 * (sym+0, or sym+4 after an ENDBR). A function entry without an ftrace
 * location resolves without KPROBE_FLAG_FTRACE: no backend can serve it
 * (-EOPNOTSUPP, as fallback=N).
 *
 * Context: process context; may sleep.
 * Return: 0, -EINVAL for both or neither of symbol and address, -ENOENT
 * for an unknown symbol or an address outside every symbol, -EINVAL for a
 * point that is not the function's entry (on IBT kernels sym+4, past the
 * ENDBR, is the entry too, as native) and for the architecture's
 * kretprobe blacklist, -ENOMEM, or an error of krpc_ftrace_locate().
 */
int krpc_resolve(struct krpc_kretprobe *rp, struct kprobe *tmp,
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
