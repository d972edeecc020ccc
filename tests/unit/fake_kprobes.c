// SPDX-License-Identifier: GPL-2.0
/*
 * fake_kprobes.c - a kprobes core that only resolves probe points, as the
 * shim uses it (a kprobe registered disabled, then unregistered), with
 * native's error codes: -EINVAL for both or neither of symbol and address,
 * a non-text or blacklisted address; -ENOENT for an unknown symbol;
 * -EILSEQ for an address inside an instruction. An ENDBR function has its
 * sym+0 moved to sym+4, as x86 with IBT does. The registered kprobes are
 * tracked so a test fails if one is left behind. Where kprobes sit on
 * ftrace (CONFIG_KPROBES_ON_FTRACE, x86) a kprobe on an ftrace location
 * gets KPROBE_FLAG_FTRACE; on arm64 never, and sym+0 stays sym+0.
 *
 * Where ftrace's call site is in a traceable function differs: x86 sym+0
 * (sym+4 past an ENDBR); arm64 the second NOP of the patchable entry, sym+4
 * (sym+8 past a BTI C), so there no kprobe address is an ftrace location.
 *
 * Without CONFIG_KPROBES (the 6.12-nokprobes era) there is no kprobes core:
 * the same table answers ftrace's filter functions instead, as the kernel
 * answers them from its ftrace records (ftrace_set_filter() by name,
 * ftrace_set_filter_ip() by address, into a real struct ftrace_hash).
 */
#include <stdio.h>
#include <string.h>

#include <linux/ftrace.h>
#include <linux/kprobes.h>
#include <linux/slab.h>

#include "fake.h"

struct fake_sym {
	const char *name;	/* "module:symbol" for module symbols */
	unsigned long addr;
	unsigned long size;
	bool ftrace;		/* has an ftrace location (not notrace) */
	bool ibt;		/* starts with ENDBR64 (x86) or BTI C (arm64) */
	bool blacklisted;	/* NOKPROBE_SYMBOL in the kernel */
};

static const struct fake_sym fake_syms[] = {
	{ "target_a", FAKE_TARGET_A, 0x100, true, false, false },
	{ "target_b", FAKE_TARGET_B, 0x100, true, false, false },
	{ "target_notrace", FAKE_TARGET_NOTRACE, 0x100, false, false, false },
	{ "target_ibt", FAKE_TARGET_IBT, 0x100, true, true, false },
	{ "target_blacklisted", FAKE_TARGET_BLACKLISTED, 0x100, true, false, true },
	{ "fakemod:target_mod", FAKE_TARGET_MOD, 0x100, true, false, false },
	{ "target_dup", FAKE_TARGET_DUP, 0x100, true, false, false },
	{ "fakemod:target_dup", FAKE_TARGET_DUP_MOD, 0x100, true, false, false },
	{ "__switch_to", FAKE_SWITCH_TO, 0x100, true, false, false },
};

#define FAKE_MAX_KPROBES 16
static struct kprobe *live[FAKE_MAX_KPROBES];

int fake_ftrace_filter_ip_calls;
unsigned long fake_ftrace_filter_ip_last;

/* The ftrace location of a traceable function, from its start. */
static unsigned long ftrace_off(const struct fake_sym *s)
{
#ifdef CONFIG_ARM64
	return s->ibt ? 8 : 4;
#else
	return s->ibt ? 4 : 0;
#endif
}

static __maybe_unused const struct fake_sym *sym_by_name(const char *name)
{
	size_t i;
	const char *colon;

	for (i = 0; i < ARRAY_SIZE(fake_syms); i++) {
		if (!strcmp(fake_syms[i].name, name))
			return &fake_syms[i];
		/* A module symbol may be named without its module too. */
		colon = strchr(fake_syms[i].name, ':');
		if (colon && !strchr(name, ':') && !strcmp(colon + 1, name))
			return &fake_syms[i];
	}
	return NULL;
}

static const struct fake_sym *sym_by_addr(unsigned long addr);

/* As the kernel prints it: "name+0xoff/0xsize", then " [module]". */
int sprint_symbol(char *buffer, unsigned long address)
{
	const struct fake_sym *s = sym_by_addr(address);
	const char *colon;

	if (!s)
		return sprintf(buffer, "0x%lx", address);
	colon = strchr(s->name, ':');
	if (!colon)
		return sprintf(buffer, "%s+0x%lx/0x%lx", s->name, address - s->addr,
			       (unsigned long)s->size);
	return sprintf(buffer, "%s+0x%lx/0x%lx [%.*s]", colon + 1, address - s->addr,
		       (unsigned long)s->size, (int)(colon - s->name), s->name);
}

static const struct fake_sym *sym_by_addr(unsigned long addr)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fake_syms); i++)
		if (addr >= fake_syms[i].addr &&
		    addr < fake_syms[i].addr + fake_syms[i].size)
			return &fake_syms[i];
	return NULL;
}

/* The ftrace location of the function @addr starts or is hooked at, or 0. */
unsigned long fake_ftrace_location(unsigned long addr)
{
	const struct fake_sym *s = sym_by_addr(addr);
	unsigned long loc;

	if (!s || !s->ftrace)
		return 0;
	loc = s->addr + ftrace_off(s);
	return addr == s->addr || addr == loc ? loc : 0;
}

#ifdef CONFIG_KPROBES
int register_kprobe(struct kprobe *p)
{
	const struct fake_sym *s;
	unsigned long addr;
	size_t i;

	if (!!p->symbol_name == !!p->addr)
		return -EINVAL;
	if (p->symbol_name) {
		s = sym_by_name(p->symbol_name);
		if (!s)
			return -ENOENT;
		addr = s->addr;
	} else {
		addr = (unsigned long)p->addr;
	}
	addr += p->offset;
	s = sym_by_addr(addr);
	if (!s || s->blacklisted)
		return -EINVAL;
#ifdef CONFIG_X86
	if (s->ibt && addr == s->addr)
		addr += 4;
#endif
	/* Every fake instruction is 4 bytes long. */
	if ((addr - s->addr) % 4)
		return -EILSEQ;
	for (i = 0; i < FAKE_MAX_KPROBES; i++) {
		if (live[i] == p) {
			stub_warn(__FILE__, __LINE__, "kprobe registered twice");
			return -EINVAL;
		}
	}
	for (i = 0; i < FAKE_MAX_KPROBES && live[i]; i++)
		;
	if (i == FAKE_MAX_KPROBES)
		return -ENOMEM;
	live[i] = p;
	p->addr = (kprobe_opcode_t *)addr;
#ifdef CONFIG_KPROBES_ON_FTRACE
	if (fake_ftrace_location(addr) == addr)
		p->flags |= KPROBE_FLAG_FTRACE;
#endif
	return 0;
}

void unregister_kprobe(struct kprobe *p)
{
	size_t i;

	for (i = 0; i < FAKE_MAX_KPROBES; i++) {
		if (live[i] == p) {
			live[i] = NULL;
			return;
		}
	}
	stub_warn(__FILE__, __LINE__, "unregister_kprobe of an unregistered kprobe");
}

int register_kprobes(struct kprobe **kps, int num)
{
	int i, ret;

	if (num <= 0)
		return -EINVAL;
	for (i = 0; i < num; i++) {
		ret = register_kprobe(kps[i]);
		if (ret) {
			if (i)
				unregister_kprobes(kps, i);
			return ret;
		}
	}
	return 0;
}

void unregister_kprobes(struct kprobe **kps, int num)
{
	int i;

	for (i = 0; i < num; i++)
		unregister_kprobe(kps[i]);
}
#endif /* CONFIG_KPROBES */

int fake_kprobes_live(void)
{
	int i, n = 0;

	for (i = 0; i < FAKE_MAX_KPROBES; i++)
		n += !!live[i];
	return n;
}

void fake_kprobes_reset(void)
{
	memset(live, 0, sizeof(live));
	fake_ftrace_filter_ip_calls = 0;
	fake_ftrace_filter_ip_last = 0;
}

#ifdef STUB_FTRACE_FILTER
static void fake_hash_free(struct ftrace_hash *hash)
{
	struct ftrace_func_entry *e;
	struct hlist_node *next;
	unsigned long i;

	if (!hash)
		return;
	for (i = 0; i < 1UL << hash->size_bits; i++) {
		for (next = hash->buckets[i].first; next;) {
			e = container_of(next, struct ftrace_func_entry, hlist);
			next = next->next;
			kfree(e);
		}
	}
	kfree(hash->buckets);
	kfree(hash);
}

/*
 * A new filter of the ftrace locations @match selects; -EINVAL for none,
 * as the kernel's __ftrace_match_addr() and match_records() say it.
 */
static int fake_set_filter(struct ftrace_ops *ops, bool (*match)(const struct fake_sym *,
								 const void *),
			   const void *arg)
{
	struct ftrace_func_entry *e;
	struct ftrace_hash *hash;
	size_t i;

	if (!ops->func_hash)
		ops->func_hash = &ops->local_hash;
	hash = kzalloc(sizeof(*hash), GFP_KERNEL);
	if (!hash)
		return -ENOMEM;
	hash->size_bits = 2;
	hash->buckets = kcalloc(4, sizeof(*hash->buckets), GFP_KERNEL);
	if (!hash->buckets) {
		kfree(hash);
		return -ENOMEM;
	}
	for (i = 0; i < ARRAY_SIZE(fake_syms); i++) {
		if (!fake_syms[i].ftrace || !match(&fake_syms[i], arg))
			continue;
		e = kzalloc(sizeof(*e), GFP_KERNEL);
		if (!e) {
			fake_hash_free(hash);
			return -ENOMEM;
		}
		e->ip = fake_syms[i].addr + ftrace_off(&fake_syms[i]);
		hlist_add_head(&e->hlist, &hash->buckets[(e->ip >> 16) & 3]);
		hash->count++;
	}
	if (!hash->count) {
		fake_hash_free(hash);
		return -EINVAL;
	}
	fake_hash_free(ops->func_hash->filter_hash);
	ops->func_hash->filter_hash = hash;
	return 0;
}

/* ftrace matches the function name its records have, without the module. */
static bool fake_match_name(const struct fake_sym *s, const void *name)
{
	const char *colon = strchr(s->name, ':');

	return !strcmp(colon ? colon + 1 : s->name, name);
}

static bool fake_match_ip(const struct fake_sym *s, const void *ip)
{
	unsigned long loc = fake_ftrace_location(*(const unsigned long *)ip);

	return loc && loc == s->addr + ftrace_off(s);
}

int ftrace_set_filter(struct ftrace_ops *ops, unsigned char *buf, int len, int reset)
{
	char name[128];

	if (!reset || len < 0 || len >= (int)sizeof(name)) {
		stub_warn(__FILE__, __LINE__, "ftrace_set_filter(): unexpected use");
		return -EINVAL;
	}
	memcpy(name, buf, len);
	name[len] = '\0';
	/* The kernel would take a glob, "!", or an index: the shim must not ask. */
	if (strpbrk(name, "*?[!") || strspn(name, "0123456789") == strlen(name)) {
		stub_warn(__FILE__, __LINE__, "ftrace_set_filter(): not a plain name");
		return -EINVAL;
	}
	return fake_set_filter(ops, fake_match_name, name);
}

int ftrace_set_filter_ip(struct ftrace_ops *ops, unsigned long ip, int remove, int reset)
{
	if (remove || !reset) {
		stub_warn(__FILE__, __LINE__, "ftrace_set_filter_ip(): unexpected use");
		return -EINVAL;
	}
	fake_ftrace_filter_ip_calls++;
	fake_ftrace_filter_ip_last = ip;
	return fake_set_filter(ops, fake_match_ip, &ip);
}

void ftrace_free_filter(struct ftrace_ops *ops)
{
	if (!ops->func_hash)
		ops->func_hash = &ops->local_hash;
	fake_hash_free(ops->func_hash->filter_hash);
	fake_hash_free(ops->func_hash->notrace_hash);
	ops->func_hash->filter_hash = NULL;
	ops->func_hash->notrace_hash = NULL;
}
#endif /* STUB_FTRACE_FILTER */
