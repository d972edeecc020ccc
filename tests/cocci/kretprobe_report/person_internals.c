// SPDX-License-Identifier: GPL-2.0
/* Needs a person: kretprobe internals and writes to removed fields. */
#include <linux/kprobes.h>

static int ret_h(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	unsigned long ra = ri->node.ret_addr;

	pr_info("%lx %d\n", ra, ri->task->pid);
	ri->ret_addr = NULL;
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
