// SPDX-License-Identifier: GPL-2.0
/*
 * A kretprobe next to a plain kprobe kept in a struct of the module's own
 * (struct kprobe_wrapper w; w.kp): only a struct kretprobe's kp is the
 * inner kprobe. The kretprobe is converted; the wrapper's kprobe, its
 * fields and its registration are left as they are.
 */
#include <linux/module.h>
#include <linux/kprobes.h>

struct kprobe_wrapper {
	const char *name;
	struct kprobe kp;
};

static struct kprobe_wrapper w = {
	.name = "openat",
	.kp.symbol_name = "do_sys_openat2",
};

static int ret_handler(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	pr_info("returned %lu\n", regs_return_value(regs));
	return 0;
}

static struct kretprobe rp = {
	.handler = ret_handler,
	.kp.symbol_name = "kernel_clone",
};

static int __init wrapper_init(void)
{
	struct kprobe_wrapper *pw = &w;
	int ret;

	w.kp.addr = NULL;
	w.kp.flags |= KPROBE_FLAG_DISABLED;
	ret = register_kprobe(&w.kp);
	if (ret < 0)
		return ret;
	pr_info("%s at %p, %s, missed %lu\n", pw->name, w.kp.addr,
		pw->kp.symbol_name, w.kp.nmissed);
	ret = register_kretprobe(&rp);
	if (ret < 0)
		unregister_kprobe(&pw->kp);
	return ret;
}

static void __exit wrapper_exit(void)
{
	unregister_kretprobe(&rp);
	unregister_kprobe(&w.kp);
}

module_init(wrapper_init);
module_exit(wrapper_exit);
MODULE_LICENSE("GPL");
