// SPDX-License-Identifier: GPL-2.0
/*
 * fake_kprobes.c - a kprobes core that only resolves probe points, as the
 * shim uses it (a kprobe registered disabled, then unregistered), with
 * native's error codes: -EINVAL for both or neither of symbol and address,
 * a non-text or blacklisted address; -ENOENT for an unknown symbol;
 * -EILSEQ for an address inside an instruction. An ENDBR function has its
 * sym+0 moved to sym+4, as x86 with IBT does. The registered kprobes are
 * tracked so a test fails if one is left behind.
 */
#include <stdio.h>
#include <string.h>

#include <linux/kprobes.h>

#include "fake.h"

struct fake_sym {
	const char *name;	/* "module:symbol" for module symbols */
	unsigned long addr;
	unsigned long size;
	bool ftrace;		/* has an ftrace location (not notrace) */
	bool ibt;		/* starts with ENDBR64 (4 bytes) */
	bool blacklisted;	/* NOKPROBE_SYMBOL in the kernel */
};

static const struct fake_sym fake_syms[] = {
	{ "target_a", FAKE_TARGET_A, 0x100, true, false, false },
	{ "target_b", FAKE_TARGET_B, 0x100, true, false, false },
	{ "target_notrace", FAKE_TARGET_NOTRACE, 0x100, false, false, false },
	{ "target_ibt", FAKE_TARGET_IBT, 0x100, true, true, false },
	{ "target_blacklisted", FAKE_TARGET_BLACKLISTED, 0x100, true, false, true },
	{ "fakemod:target_mod", FAKE_TARGET_MOD, 0x100, true, false, false },
};

#define FAKE_MAX_KPROBES 16
static struct kprobe *live[FAKE_MAX_KPROBES];

static const struct fake_sym *sym_by_name(const char *name)
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

int sprint_symbol(char *buffer, unsigned long address)
{
	const struct fake_sym *s = sym_by_addr(address);

	if (!s)
		return sprintf(buffer, "0x%lx", address);
	return sprintf(buffer, "%s+0x%lx/0x%lx", s->name, address - s->addr,
		       (unsigned long)s->size);
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
	loc = s->addr + (s->ibt ? 4 : 0);
	return addr == s->addr || addr == loc ? loc : 0;
}

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
	if (s->ibt && addr == s->addr)
		addr += 4;
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
	if (fake_ftrace_location(addr) == addr)
		p->flags |= KPROBE_FLAG_FTRACE;
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
}
