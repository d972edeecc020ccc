/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stub: ftrace's filter functions, as <linux/ftrace.h> declares
 * them under CONFIG_DYNAMIC_FTRACE, for an era's ftrace.h to include where
 * the shim calls them on an ftrace_ops that is never registered:
 * ftrace_set_filter() (by name), ftrace_set_filter_ip() (by address),
 * ftrace_free_filter(), and the filter hash. Not a kernel header: the
 * eras that need it (6.12-nokprobes, 6.14-arm64) share it. The fake core
 * is in tests/unit/fake_kprobes.c; it answers from the fake symbol table
 * as the kernel does from its ftrace records.
 */
#ifndef _STUB_FTRACE_FILTER_H
#define _STUB_FTRACE_FILTER_H

#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/rcupdate.h>

/* fake_kprobes.c builds its filter core only for these eras. */
#define STUB_FTRACE_FILTER

struct ftrace_func_entry {
	struct hlist_node hlist;
	unsigned long ip;
	unsigned long direct;
};

/* Private to ftrace (kernel/trace/trace.h); the layout the kernel has. */
struct ftrace_hash {
	unsigned long size_bits;
	struct hlist_head *buckets;
	unsigned long count;
	unsigned long flags;
	void *rcu[2];
};

struct ftrace_ops_hash {
	struct ftrace_hash __rcu *notrace_hash;
	struct ftrace_hash __rcu *filter_hash;
};

struct ftrace_ops {
	unsigned long flags;
	struct ftrace_ops_hash local_hash;
	struct ftrace_ops_hash *func_hash;
};

int ftrace_set_filter(struct ftrace_ops *ops, unsigned char *buf, int len,
		      int reset);
int ftrace_set_filter_ip(struct ftrace_ops *ops, unsigned long ip, int remove,
			 int reset);
void ftrace_free_filter(struct ftrace_ops *ops);

#endif
