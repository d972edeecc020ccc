// SPDX-License-Identifier: GPL-2.0
/* Must not fire: a non-zero kp.offset (fprobe probes function entry only). */
#include <linux/kprobes.h>

static int ret_h(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

static struct kretprobe rp = {
	.handler = ret_h,
	.kp.symbol_name = "kernel_clone",
	.kp.offset = 4,
};

int probe_init(void)
{
	return register_kretprobe(&rp);
}
