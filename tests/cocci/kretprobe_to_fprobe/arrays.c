// SPDX-License-Identifier: GPL-2.0
/*
 * register_kretprobes()/unregister_kretprobes() arrays, as lib/test_kprobes.c
 * uses them: a local array (twice, with different elements) and a
 * file-scope one; each element has its symbol in a static initialiser.
 */
#include <linux/module.h>
#include <linux/kprobes.h>

static int ret_h(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	pr_info("returned %lu\n", regs_return_value(regs));
	return 0;
}

static struct kretprobe rp = {
	.handler = ret_h,
	.kp.symbol_name = "kernel_clone",
};

static struct kretprobe rp2 = {
	.handler = ret_h,
	.kp.symbol_name = "do_sys_openat2",
};

static struct kretprobe rp3 = {
	.handler = ret_h,
	.kp.symbol_name = "vfs_read",
};

static struct kretprobe *all[] = { &rp, &rp2, &rp3 };

static int two(void)
{
	struct kretprobe *rps[2] = {&rp, &rp2};
	int ret = register_kretprobes(rps, 2);

	if (!ret)
		unregister_kretprobes(rps, 2);
	return ret;
}

static int other_two(void)
{
	struct kretprobe *rps[2] = {&rp3, &rp};
	int ret;

	ret = register_kretprobes(rps, ARRAY_SIZE(rps));
	if (ret < 0)
		return ret;
	unregister_kretprobes(rps, ARRAY_SIZE(rps));
	return 0;
}

static int __init arrays_init(void)
{
	int ret = two() ?: other_two();

	if (ret)
		return ret;
	return register_kretprobes(all, ARRAY_SIZE(all));
}

static void __exit arrays_exit(void)
{
	unregister_kretprobes(all, ARRAY_SIZE(all));
}

module_init(arrays_init);
module_exit(arrays_exit);
MODULE_LICENSE("GPL");
