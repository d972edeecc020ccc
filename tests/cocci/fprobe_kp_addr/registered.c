// SPDX-License-Identifier: GPL-2.0
/*
 * kretprobe_to_fprobe.cocci's output for a file-scope probe registered by
 * symbol whose kp.addr is read (printed) and reset before registering
 * again: it gets a variable beside it, filled by register_fprobe_kp_addr().
 * The other probe's kp.addr is not read: it stays register_fprobe_sym().
 */
#include <linux/module.h>
#include <linux/kprobes.h>
#include <linux/fprobe.h>

static void p_exit(struct fprobe *fp, unsigned long ip, unsigned long ret_ip,
		   struct pt_regs *regs, void *data)
{
}

static struct fprobe p = {
	.exit_handler = p_exit,
};

static struct fprobe other = { .exit_handler = p_exit };

static int __init kpaddr_init(void)
{
	int ret;

	ret = register_fprobe_sym(&p, "kernel_clone");
	if (ret)
		return ret;
	pr_info("probe at %p\n", p.kp.addr);
	unregister_fprobe(&p);
	p.kp.addr = NULL;
	ret = register_fprobe_sym(&p, "kernel_clone");
	if (!ret)
		ret = register_fprobe_sym(&other, "do_sys_open");
	return ret;
}

static void __exit kpaddr_exit(void)
{
	unregister_fprobe(&other);
	unregister_fprobe(&p);
}

module_init(kpaddr_init);
module_exit(kpaddr_exit);
MODULE_LICENSE("GPL");
