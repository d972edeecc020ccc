// SPDX-License-Identifier: GPL-2.0
/*
 * kretprobe_compat: the kretprobe API implemented on fprobe exit handlers.
 *
 * Module entry and exit, and the module parameters every backend reads.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>

static char *version = KRPC_VERSION;
module_param(version, charp, 0444);
MODULE_PARM_DESC(version, "kretprobe-compat release (read-only)");

static int __init krpc_init(void)
{
	pr_info("version %s loaded\n", version);
	return 0;
}

static void __exit krpc_exit(void)
{
	pr_info("unloaded\n");
}

module_init(krpc_init);
module_exit(krpc_exit);

MODULE_DESCRIPTION("kretprobe API on fprobe exit handlers");
MODULE_VERSION(KRPC_VERSION);
MODULE_LICENSE("GPL");
