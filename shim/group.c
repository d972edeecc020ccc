// SPDX-License-Identifier: GPL-2.0
/*
 * group.c - a batch of kretprobes split into groups of distinct
 * addresses, each served by one fprobe (one ftrace update), for both
 * fprobe backends (group.h).
 */
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "backend.h"
#include "group.h"

static int krpc_cmp_addr(const void *a, const void *b)
{
	const struct krpc_probe *pa = *(const struct krpc_probe **)a;
	const struct krpc_probe *pb = *(const struct krpc_probe **)b;

	return pa->addr < pb->addr ? -1 : pa->addr > pb->addr;
}

/**
 * krpc_group_split() - attach a batch as few groups of distinct addresses
 * @ps:     the batch's probes, resolved (->addr set)
 * @num:    their number
 * @attach: makes one group of its @n probes, ascending addresses, distinct
 * @detach: undoes @attach for the probes it is given (any groups)
 *
 * Probes on the same address go to different groups (one fprobe calls its
 * handler once per call): group k takes the k-th probe of each address.
 * All or nothing: on an error, the groups made so far are detached.
 *
 * Context: process context, under the core's mutex; may sleep.
 * Return: 0, -ENOMEM, or the first error of @attach.
 */
int krpc_group_split(struct krpc_probe **ps, int num,
		     int (*attach)(struct krpc_probe **ps, int n),
		     void (*detach)(struct krpc_probe **ps, int n))
{
	struct krpc_probe **sorted, **batch;
	int i, n, r, left = num, ret = -ENOMEM;
	int *round;	/* the group each probe went to, from 1; 0: none yet */

	sorted = kmemdup(ps, num * sizeof(*ps), GFP_KERNEL);
	batch = kcalloc(num, sizeof(*batch), GFP_KERNEL);
	round = kcalloc(num, sizeof(*round), GFP_KERNEL);
	if (!sorted || !batch || !round)
		goto out_free;
	sort(sorted, num, sizeof(*sorted), krpc_cmp_addr, NULL);
	ret = 0;
	for (r = 1; left && !ret; r++) {
		for (n = 0, i = 0; i < num; i++) {
			if (round[i] || (n && batch[n - 1]->addr == sorted[i]->addr))
				continue;
			round[i] = r;
			batch[n++] = sorted[i];
		}
		ret = attach(batch, n);
		left -= n;
	}
	if (ret) {
		/* The groups made before the one that failed (round r - 1). */
		for (i = 0, n = 0; i < num; i++)
			if (round[i] && round[i] < r - 1)
				batch[n++] = sorted[i];
		if (n)
			detach(batch, n);
	}
out_free:
	kfree(round);
	kfree(batch);
	kfree(sorted);
	return ret;
}
