// SPDX-License-Identifier: GPL-2.0
/* The return handler of crossfile_probe.c's probe, in a file of its own. */
#include <linux/kprobes.h>
#include <linux/printk.h>

int xf_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	pr_debug("kernel_clone returned %ld\n", regs_return_value(regs));
	return 0;
}
