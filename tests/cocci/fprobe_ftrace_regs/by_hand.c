// SPDX-License-Identifier: GPL-2.0
/*
 * What needs a person: a handler that reads pt_regs beyond the return
 * value (left alone), and a read of nr_maxactive that is not an assignment
 * (reported). The other handler is converted.
 */
#include <linux/module.h>
#include <linux/fprobe.h>

static void ip_exit(struct fprobe *fp, unsigned long ip,
		    unsigned long ret_ip, struct pt_regs *regs, void *data)
{
	pr_info("%lx\n", instruction_pointer(regs));
}

static void ret_exit(struct fprobe *fp, unsigned long ip,
		     unsigned long ret_ip, struct pt_regs *regs, void *data)
{
	pr_info("%lu\n", regs_return_value(regs));
}

static struct fprobe a = { .exit_handler = ip_exit };
static struct fprobe b = { .exit_handler = ret_exit, .nr_maxactive = 4 };

static int __init by_hand_init(void)
{
	pr_info("pool %d\n", b.nr_maxactive);
	return register_fprobe(&a, "kernel_clone", NULL) ?:
	       register_fprobe(&b, "kernel_clone", NULL);
}

module_init(by_hand_init);
MODULE_LICENSE("GPL");
