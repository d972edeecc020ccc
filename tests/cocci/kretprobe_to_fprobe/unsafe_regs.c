// SPDX-License-Identifier: GPL-2.0
/* Must not fire: the return handler reads pt_regs beyond the return value. */
#include <linux/kprobes.h>

static int ret_h(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	pr_info("ret %lx ip %lx sp %lx\n", regs_return_value(regs),
		instruction_pointer(regs), regs->sp);
	return 0;
}

static int fix_h(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	regs_set_return_value(regs, 0);
	return 0;
}

static struct kretprobe rp = {
	.handler = ret_h,
	.kp.symbol_name = "kernel_clone",
};

static struct kretprobe rp2 = {
	.handler = fix_h,
	.kp.symbol_name = "do_sys_open",
};

int probe_init(void)
{
	return register_kretprobe(&rp) ?: register_kretprobe(&rp2);
}
