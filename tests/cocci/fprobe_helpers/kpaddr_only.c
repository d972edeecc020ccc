// SPDX-License-Identifier: GPL-2.0
/*
 * Code that calls register_fprobe_kp_addr() (kretprobe_to_fprobe.cocci
 * writes that call where kp.addr is read after registering by symbol) and
 * defines neither it nor register_fprobe_sym(), which it calls: both go
 * before the first function that calls it, register_fprobe_sym() first.
 */
#include <linux/module.h>
#include <linux/kprobes.h>
#include <linux/fprobe.h>

static void p_exit(struct fprobe *fp, unsigned long ip, unsigned long ret_ip,
		   struct pt_regs *regs, void *data)
{
}

static struct fprobe p = { .exit_handler = p_exit };

static kprobe_opcode_t *p_kp_addr;

static int __init kpaddr_init(void)
{
	int ret = register_fprobe_kp_addr(&p, "kernel_clone", &p_kp_addr);

	if (!ret)
		pr_info("probe at %p\n", p_kp_addr);
	return ret;
}

static void __exit kpaddr_exit(void)
{
	unregister_fprobe(&p);
}

module_init(kpaddr_init);
module_exit(kpaddr_exit);
MODULE_LICENSE("GPL");
