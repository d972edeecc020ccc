// SPDX-License-Identifier: GPL-2.0
/*
 * Must not fire: register_kretprobe() answers that register_fprobe_ips()
 * would not give for a probe registered by address: the default maxactive
 * it writes back (read here), and -E2BIG for a data_size above 4096 (one
 * the rule cannot bound here). A small data_size (a literal, sizeof a
 * scalar) is no blocker on its own.
 */
#include <linux/kprobes.h>

struct big {
	char buf[8192];
};

static int ret_h(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

static noinline int target(int x)
{
	return x + 1;
}

static struct kretprobe by_addr = {
	.handler = ret_h,
	.kp.addr = (kprobe_opcode_t *)target,
	.data_size = sizeof(long),
};

static struct kretprobe big_addr = {
	.handler = ret_h,
	.kp.addr = (kprobe_opcode_t *)target,
	.data_size = sizeof(struct big),
};

int addrsize_init(void)
{
	int ret = register_kretprobe(&by_addr);

	if (!ret)
		pr_info("%d instances\n", by_addr.maxactive);
	return ret ?: register_kretprobe(&big_addr);
}
