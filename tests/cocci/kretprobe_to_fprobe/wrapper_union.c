// SPDX-License-Identifier: GPL-2.0
/* LKRG-style: a probe struct wrapping an anonymous union of a kprobe and a
 * kretprobe, the type chosen at run time. Not converted: the union's
 * kprobe is the same storage as the kretprobe's.
 */
#include <linux/kprobes.h>
#include <linux/module.h>

struct p_probe {
	int is_ret;
	union {
		struct kprobe kp;
		struct kretprobe krp;
	};
};

static int p_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

static struct p_probe p_exec = {
	.is_ret = 1,
	.krp = {
		.kp.symbol_name = "kernel_clone",
		.handler = p_ret,
	},
};

static int __init p_init(void)
{
	if (p_exec.is_ret)
		return register_kretprobe(&p_exec.krp);
	return register_kprobe(&p_exec.kp);
}

static void __exit p_exit(void)
{
	if (p_exec.is_ret)
		unregister_kretprobe(&p_exec.krp);
	else
		unregister_kprobe(&p_exec.kp);
}

module_init(p_init);
module_exit(p_exit);
MODULE_LICENSE("GPL");
