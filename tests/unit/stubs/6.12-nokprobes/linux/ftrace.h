/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stub, 6.12 era built without kprobes (CONFIG_KPROBES=n): what
 * the shim resolves targets with there, ftrace's filter on an ftrace_ops
 * that is never registered: ftrace_set_filter() (by name),
 * ftrace_set_filter_ip() (by address), ftrace_free_filter(), and the
 * filter hash. The fake core is tests/unit/fake_ftrace.c; it answers from
 * the fake symbol table as the kernel does from its ftrace records.
 */
#ifndef _STUB_LINUX_FTRACE_H
#define _STUB_LINUX_FTRACE_H

#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/ptrace.h>
#include <linux/rcupdate.h>
#include <linux/sched/task_stack.h>

/* fake_ftrace.c builds its core only for this era. */
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
