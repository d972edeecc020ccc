// SPDX-License-Identifier: GPL-2.0
/* Must not fire: register_kretprobes() arrays (lib/test_kprobes.c style). */
#include <linux/kprobes.h>

static int ret_h(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

static struct kretprobe rp = {
	.handler = ret_h,
	.kp.symbol_name = "kernel_clone",
};

static struct kretprobe rp2 = {
	.handler = ret_h,
	.kp.symbol_name = "do_sys_open",
};

int probe_init(void)
{
	struct kretprobe *rps[2] = {&rp, &rp2};
	int ret = register_kretprobes(rps, 2);

	if (!ret)
		unregister_kretprobes(rps, 2);
	return ret;
}
