// SPDX-License-Identifier: GPL-2.0
/*
 * fprobe code after kretprobe_to_fprobe.cocci: h is named both as an
 * .entry_handler and an .exit_handler, and spare() has the handler shape
 * but is named as neither: this rule converts none of them, and report
 * mode says why (the verdict refuses a handler in both roles).
 */
#include <linux/module.h>
#include <linux/kprobes.h>
#include <linux/fprobe.h>

static int h(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

static int spare(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

static struct fprobe a, b;

static int __init leftalone_init(void)
{
	a.entry_handler = h;
	b.exit_handler = h;
	return register_fprobe(&a, "kernel_clone", NULL) ?:
	       register_fprobe(&b, "do_sys_open", NULL);
}

module_init(leftalone_init);
MODULE_LICENSE("GPL");
