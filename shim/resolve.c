// SPDX-License-Identifier: GPL-2.0
/*
 * resolve.c - what both resolvers use: reading sprint_symbol(), and asking
 * whether fprobe can reach a resolved address.
 */
#include <linux/ftrace.h>
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "resolve.h"

/**
 * krpc_sym_at() - what kallsyms says of an address
 * @addr: the address
 * @s:    filled in: the symbol, its module and the offset of @addr in it
 *
 * The one reader of sprint_symbol()'s "name+off/size [module]" (a build
 * id may follow the module's name) in the shim.
 *
 * Context: process context.
 * Return: true, or false when kallsyms knows no symbol at @addr.
 */
bool krpc_sym_at(unsigned long addr, struct krpc_sym *s)
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

/**
 * krpc_on_ftrace() - whether fprobe can reach a resolved address
 * @addr: the address krpc_resolve() gave
 * @kp:   the kprobe krpc_resolve() filled
 *
 * Where kprobes sit on ftrace (x86) the kprobes core has said so with
 * KPROBE_FLAG_FTRACE (so has the resolver without kprobes when it found an
 * ftrace location); elsewhere (arm64, whose kprobes do not use ftrace)
 * ftrace is asked directly.
 *
 * Context: process context; may sleep.
 * Return: 1 or 0, or -ENOMEM when the question could not be asked.
 */
int krpc_on_ftrace(unsigned long addr, const struct kprobe *kp)
{
	if (kp->flags & KPROBE_FLAG_FTRACE)
		return 1;
#if IS_ENABLED(CONFIG_DYNAMIC_FTRACE) && !IS_ENABLED(CONFIG_KPROBES_ON_FTRACE)
	return krpc_ftrace_has_location(addr);
#else
	return 0;
#endif
}
