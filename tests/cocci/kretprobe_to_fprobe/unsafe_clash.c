// SPDX-License-Identifier: GPL-2.0
/*
 * Must not fire: the return handler already has a local named fp and reads
 * ret_ip, names the fprobe handler signature brings. The handler is long on
 * purpose (many identifiers): the rule that finds the clash must stay fast.
 */
#include <linux/kprobes.h>

struct frame {
	unsigned long a, b, c, d;
};

static unsigned long ret_ip;

static int ret_h(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct frame f = { 0 };
	unsigned long fp = regs_return_value(regs);
	unsigned long x = 0, y = 1, z = 2;

	if (fp == 0)
		return 0;
	f.a = fp + x;
	f.b = f.a + y;
	f.c = f.b + z;
	f.d = f.c + ret_ip;
	x = f.a * f.b;
	y = f.c * f.d;
	z = x + y;
	if (z > f.a)
		f.a = z;
	else
		f.b = z;
	return 0;
}

static struct kretprobe rp = {
	.handler = ret_h,
	.kp.symbol_name = "kernel_clone",
};

int probe_init(void)
{
	return register_kretprobe(&rp);
}
