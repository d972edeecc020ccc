// SPDX-License-Identifier: GPL-2.0
/* A module with plain kprobes next to its kretprobe: what stops working
 * without CONFIG_KPROBES beyond the kretprobe.
 */
#include <linux/kprobes.h>
#include <linux/module.h>

struct watch {
	struct kprobe kp;
	unsigned long hits;
};

static struct watch w = { .kp.symbol_name = "do_sys_openat2" };
static struct kprobe kp_exec = { .symbol_name = "kernel_clone", .offset = 4 };
static struct kprobe *kps[] = { &w.kp, &kp_exec };

static int ret_h(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

static struct kretprobe krp = {
	.kp.symbol_name = "kernel_clone",
	.handler = ret_h,
};

static int __init kp_init(void)
{
	int ret = register_kprobes(kps, 2);

	if (ret)
		return ret;
	ret = register_kretprobe(&krp);
	if (ret)
		unregister_kprobes(kps, 2);
	else
		disable_kprobe(&kp_exec);
	return ret;
}

static void __exit kp_exit(void)
{
	unregister_kretprobe(&krp);
	unregister_kprobes(kps, 2);
}

module_init(kp_init);
module_exit(kp_exit);
MODULE_LICENSE("GPL");
