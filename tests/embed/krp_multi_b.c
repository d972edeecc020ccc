// SPDX-License-Identifier: GPL-2.0
/*
 * krp_multi_b.c - one file of krp_embed_multi: a kretprobe on a function
 * of this file, which counts the returns it sees.
 */
#include <linux/atomic.h>
#include <linux/kprobes.h>

#include "krp_multi.h"

static atomic_t krp_multi_b_seen = ATOMIC_INIT(0);

static noinline __attribute__((__noipa__)) int krp_multi_b_target(int x)
{
	return x + 1;
}

static int (*krp_multi_b_call)(int x) = krp_multi_b_target;

static int krp_multi_b_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	if (regs_return_value(regs) > 0)
		atomic_inc(&krp_multi_b_seen);
	return 0;
}

static struct kretprobe krp_multi_b_rp = {
	.kp.symbol_name = "krp_multi_b_target",
	.handler = krp_multi_b_ret,
};

int krp_multi_b_register(void)
{
	return register_kretprobe(&krp_multi_b_rp);
}

int krp_multi_b_fire(int n)
{
	int i, sum = 0;

	for (i = 0; i < n; i++)
		sum += READ_ONCE(krp_multi_b_call)(i);
	return sum;
}

int krp_multi_b_returns(void)
{
	return atomic_read(&krp_multi_b_seen);
}

void krp_multi_b_unregister(void)
{
	unregister_kretprobe(&krp_multi_b_rp);
}
