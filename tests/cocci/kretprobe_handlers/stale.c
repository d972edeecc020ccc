// SPDX-License-Identifier: GPL-2.0
/*
 * kretprobe code that kretprobe_to_fprobe.cocci has not converted yet:
 * this rule leaves it alone (report mode says to run that rule first).
 */
#include <linux/module.h>
#include <linux/kprobes.h>

static int ret_a(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

static struct kretprobe a = {
	.handler = ret_a,
	.kp.symbol_name = "kernel_clone",
};

static int __init stale_init(void)
{
	return register_kretprobe(&a);
}

module_init(stale_init);
MODULE_LICENSE("GPL");
