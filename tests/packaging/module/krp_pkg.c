// SPDX-License-Identifier: GPL-2.0
/*
 * krp_pkg - the smallest kretprobe user, written only against the native
 * API: the packaging tests build it through an installed
 * kretprobe-compat.mk. Never loaded by those tests.
 */
#include <linux/kprobes.h>
#include <linux/module.h>

static int ret_handler(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	pr_info("krp_pkg: returned %ld\n", (long)regs_return_value(regs));
	return 0;
}

static struct kretprobe krp = {
	.handler	= ret_handler,
	.kp.symbol_name	= "kernel_clone",
	.maxactive	= 8,
};

static int __init krp_pkg_init(void)
{
	return register_kretprobe(&krp);
}

static void __exit krp_pkg_exit(void)
{
	unregister_kretprobe(&krp);
}

module_init(krp_pkg_init)
module_exit(krp_pkg_exit)
MODULE_DESCRIPTION("kretprobe-compat packaging test module");
MODULE_LICENSE("GPL");
