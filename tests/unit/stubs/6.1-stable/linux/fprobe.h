/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stub, 6.1.60+ stable era (Debian 6.1.0-56): the entry_data
 * backport without 39d954200bf6. Both handlers take entry_data, there is
 * no ret_ip, and the entry handler returns void: it cannot veto, the exit
 * handler always runs. Rethook nodes, nr_maxactive of them.
 * The fake core is tests/unit/fake_fprobe.c.
 */
#ifndef _STUB_LINUX_FPROBE_H
#define _STUB_LINUX_FPROBE_H

#include <linux/compiler.h>
#include <linux/ftrace.h>
#include <linux/slab.h>

struct rethook;

struct fprobe {
	unsigned long nmissed;
	unsigned int flags;
	struct rethook *rethook;
	size_t entry_data_size;
	int nr_maxactive;

	void (*entry_handler)(struct fprobe *fp, unsigned long entry_ip,
			      struct pt_regs *regs, void *entry_data);
	void (*exit_handler)(struct fprobe *fp, unsigned long entry_ip,
			     struct pt_regs *regs, void *entry_data);
};

#define FPROBE_FL_DISABLED	1
#define FPROBE_FL_KPROBE_SHARED	2

static inline bool fprobe_disabled(struct fprobe *fp)
{
	return fp ? fp->flags & FPROBE_FL_DISABLED : false;
}

int register_fprobe(struct fprobe *fp, const char *filter, const char *notfilter);
int register_fprobe_ips(struct fprobe *fp, unsigned long *addrs, int num);
int register_fprobe_syms(struct fprobe *fp, const char **syms, int num);
int unregister_fprobe(struct fprobe *fp);

#endif
