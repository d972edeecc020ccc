// SPDX-License-Identifier: GPL-2.0
/*
 * krp_multi_a.c - one file of krp_embed_multi: a kretprobe on a function
 * of this file, which counts the returns it sees.
 */
#include <linux/atomic.h>
#include <linux/kprobes.h>

#include "krp_multi.h"

static atomic_t krp_multi_a_seen = ATOMIC_INIT(0);

static noinline __attribute__((__noipa__)) int krp_multi_a_target(int x)
{
	return x + 1;
}

static int (*krp_multi_a_call)(int x) = krp_multi_a_target;

static int krp_multi_a_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	if (regs_return_value(regs) > 0)
		atomic_inc(&krp_multi_a_seen);
	return 0;
}

static struct kretprobe krp_multi_a_rp = {
	.kp.symbol_name = "krp_multi_a_target",
	.handler = krp_multi_a_ret,
};

int krp_multi_a_register(void)
{
	return register_kretprobe(&krp_multi_a_rp);
}

int krp_multi_a_fire(int n)
{
	int i, sum = 0;

	for (i = 0; i < n; i++)
		sum += READ_ONCE(krp_multi_a_call)(i);
	return sum;
}

int krp_multi_a_returns(void)
{
	return atomic_read(&krp_multi_a_seen);
}

void krp_multi_a_unregister(void)
{
	unregister_kretprobe(&krp_multi_a_rp);
}
