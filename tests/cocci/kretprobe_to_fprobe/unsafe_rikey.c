// SPDX-License-Identifier: GPL-2.0
/* Must not fire: the instance pointer is used as a lookup key. */
#include <linux/kprobes.h>

void remember(void *key, unsigned long val);
unsigned long recall(void *key);

static int entry_h(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	remember(ri, regs_get_kernel_argument(regs, 0));
	return 0;
}

static int ret_h(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	pr_info("%lu -> %lu\n", recall(ri), regs_return_value(regs));
	return 0;
}

static struct kretprobe rp = {
	.handler = ret_h,
	.entry_handler = entry_h,
	.kp.symbol_name = "kernel_clone",
};

int probe_init(void)
{
	return register_kretprobe(&rp);
}
