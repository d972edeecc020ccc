/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stub, 6.12 era (6.5-6.13 and Debian 6.12.117): fprobe on
 * ftrace_ops plus a rethook. pt_regs handlers with ret_ip; the int entry
 * handler's non-zero return skips the exit handler; per-call entry data
 * lives in the rethook node, nr_maxactive nodes (default: 2 per possible
 * cpu per address). The fake core is tests/unit/fake_fprobe.c.
 */
#ifndef _STUB_LINUX_FPROBE_H
#define _STUB_LINUX_FPROBE_H

#include <linux/compiler.h>
#include <linux/ftrace.h>
#include <linux/slab.h>

struct fprobe;
typedef int (*fprobe_entry_cb)(struct fprobe *fp, unsigned long entry_ip,
			       unsigned long ret_ip, struct pt_regs *regs,
			       void *entry_data);
typedef void (*fprobe_exit_cb)(struct fprobe *fp, unsigned long entry_ip,
			       unsigned long ret_ip, struct pt_regs *regs,
			       void *entry_data);

struct rethook;

struct fprobe {
	unsigned long nmissed;
	unsigned int flags;
	struct rethook *rethook;
	size_t entry_data_size;
	int nr_maxactive;

	fprobe_entry_cb entry_handler;
	fprobe_exit_cb exit_handler;
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
