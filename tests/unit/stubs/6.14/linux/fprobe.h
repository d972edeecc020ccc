/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stub, 6.14 era: fprobe on the function-graph tracer.
 * Handlers take ftrace_regs; the entry handler's non-zero return skips the
 * exit handler; entry data lives on the fgraph shadow stack, at most
 * MAX_FPROBE_DATA_SIZE bytes; the rethook and its per-probe instance
 * limit are gone (a2224559cbba). The fake core is tests/unit/fake_fprobe.c.
 */
#ifndef _STUB_LINUX_FPROBE_H
#define _STUB_LINUX_FPROBE_H

#include <linux/compiler.h>
#include <linux/ftrace.h>
#include <linux/slab.h>

struct fprobe;
typedef int (*fprobe_entry_cb)(struct fprobe *fp, unsigned long entry_ip,
			       unsigned long ret_ip, struct ftrace_regs *regs,
			       void *entry_data);
typedef void (*fprobe_exit_cb)(struct fprobe *fp, unsigned long entry_ip,
			       unsigned long ret_ip, struct ftrace_regs *regs,
			       void *entry_data);

struct fprobe_hlist;

struct fprobe {
	unsigned long nmissed;
	unsigned int flags;
	size_t entry_data_size;

	fprobe_entry_cb entry_handler;
	fprobe_exit_cb exit_handler;

	struct fprobe_hlist *hlist_array;
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

/* 4 bits of words in the fgraph data header: 15 longs at most. */
#define FPROBE_DATA_SIZE_BITS		4
#define MAX_FPROBE_DATA_SIZE_WORD	((1L << FPROBE_DATA_SIZE_BITS) - 1)
#define MAX_FPROBE_DATA_SIZE		(MAX_FPROBE_DATA_SIZE_WORD * sizeof(long))

#endif
