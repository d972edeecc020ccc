// SPDX-License-Identifier: GPL-2.0
/*
 * Run alone on kretprobe code whose only struct kretprobe is a member of
 * a wrapper (no declaration of one): the file still has a struct
 * kretprobe, so nothing changes, not even common_ret(), which has the
 * handler shape but is called directly.
 */
#include <linux/module.h>
#include <linux/kprobes.h>
#include <linux/slab.h>

struct my_probe {
	int id;
	struct kretprobe rp;
};

static int common_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

static int probe_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return common_ret(ri, regs);
}

static struct my_probe *mp;

static int __init alone_init(void)
{
	mp = kzalloc(sizeof(*mp), GFP_KERNEL);
	if (!mp)
		return -ENOMEM;
	mp->rp.handler = probe_ret;
	mp->rp.kp.symbol_name = "kernel_clone";
	return register_kretprobe(&mp->rp);
}

module_init(alone_init);
MODULE_LICENSE("GPL");
