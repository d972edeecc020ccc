/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to shim/: resolving a kretprobe's probe point. One resolver is
 * built (shim/probes.mk): resolve_kprobes.c, where the kprobes core can
 * judge the address, or resolve_ftrace.c, from kallsyms and ftrace alone
 * on a kernel without kprobes. resolve.c holds what both use.
 */
#ifndef _KRPC_RESOLVE_H
#define _KRPC_RESOLVE_H

#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/types.h>
#include <kretprobe_compat/kretprobe_compat.h>

/**
 * struct krpc_sym - what sprint_symbol() says of an address
 * @buf:  the text, cut into @name and @mod
 * @name: the symbol
 * @mod:  its module, or NULL in vmlinux
 * @off:  the address's offset from the symbol's start
 */
struct krpc_sym {
	char buf[KSYM_SYMBOL_LEN];
	char *name;
	char *mod;
	unsigned long off;
};

bool krpc_sym_at(unsigned long addr, struct krpc_sym *s);
int krpc_on_ftrace(unsigned long addr, const struct kprobe *kp);
int krpc_resolve(struct krpc_kretprobe *rp, struct kprobe *tmp,
		 bool *tmp_registered);

#endif /* _KRPC_RESOLVE_H */
