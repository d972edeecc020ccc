// SPDX-License-Identifier: GPL-2.0
/*
 * Nothing to keep: a probe registered by symbol whose kp.addr is never
 * read, and kretprobe code (no register_fprobe_sym() yet) that reads
 * kp.addr: this rule changes neither.
 */
#include <linux/module.h>
#include <linux/kprobes.h>
#include <linux/fprobe.h>

static void p_exit(struct fprobe *fp, unsigned long ip, unsigned long ret_ip,
		   struct pt_regs *regs, void *data)
{
}

static struct fprobe p = { .exit_handler = p_exit };

static int r_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

static struct kretprobe r = { .handler = r_ret, .kp.symbol_name = "do_sys_open" };

static int __init nofire_init(void)
{
	int ret = register_fprobe_sym(&p, "kernel_clone");

	if (ret)
		return ret;
	ret = register_kretprobe(&r);
	if (!ret)
		pr_info("kretprobe at %p\n", r.kp.addr);
	return ret;
}

module_init(nofire_init);
MODULE_LICENSE("GPL");
