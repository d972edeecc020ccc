// SPDX-License-Identifier: GPL-2.0
/*
 * One function set as the entry handler of one probe and the return
 * handler of another, by assignment: fprobe needs an int entry handler and
 * a void exit handler, so the file is refused (must not fire).
 */
#include <linux/module.h>
#include <linux/kprobes.h>

static int h(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

static struct kretprobe a, b;

static int __init both_init(void)
{
	a.kp.symbol_name = "kernel_clone";
	a.entry_handler = h;
	b.kp.symbol_name = "do_sys_open";
	b.handler = h;
	return register_kretprobe(&a) ?: register_kretprobe(&b);
}

module_init(both_init);
MODULE_LICENSE("GPL");
