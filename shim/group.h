/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to shim/: a batch of kretprobes served by few fprobes, one per
 * "group" of distinct addresses (group.c), for both fprobe backends
 * (fprobe_rethook.c, fprobe_fgraph.c). Each backend keeps its own group
 * structure; what they share is how a batch is split and how a handler
 * finds its kretprobe by the entry address.
 */
#ifndef _KRPC_GROUP_H
#define _KRPC_GROUP_H

#include <linux/compiler.h>

struct krpc_probe;

/*
 * The fprobe's entry address is its ftrace location: the probe's address,
 * or a few bytes after it (x86 past an ENDBR, arm64 past the patchable
 * entry's first NOP or a BTI). Probed functions of one group are further
 * apart than that.
 */
#define KRPC_FENTRY_SLACK	16

/**
 * krpc_group_find() - the index of the probed address an entry address is
 * @addrs: a group's @num addresses, ascending, distinct
 * @num:   their number
 * @ip:    the entry address fprobe reports
 *
 * Inlined into the fprobe handlers, which are notrace and not kprobed.
 *
 * Context: any, probe context included.
 * Return: the index into @addrs, or -1 when @ip is none of them.
 */
static __always_inline long krpc_group_find(const unsigned long *addrs,
					    long num, unsigned long ip)
{
	long lo = 0, hi = num - 1, mid;

	while (lo <= hi) {
		mid = (lo + hi) / 2;
		if (addrs[mid] > ip)
			hi = mid - 1;
		else if (ip - addrs[mid] >= KRPC_FENTRY_SLACK)
			lo = mid + 1;
		else
			return mid;
	}
	return -1;
}

int krpc_group_split(struct krpc_probe **ps, int num,
		     int (*attach)(struct krpc_probe **ps, int n),
		     void (*detach)(struct krpc_probe **ps, int n));

#endif /* _KRPC_GROUP_H */
