// SPDX-License-Identifier: GPL-2.0
/* A kretprobe inside a wrapper struct, set up by a nested designated
 * initialiser and registered through the field (the way most out-of-tree
 * modules declare theirs), and one in a struct that wraps an anonymous
 * union of kprobe and kretprobe (see wrapper_union.c).
 */
#include <linux/kprobes.h>
#include <linux/module.h>

struct hook_data {
	unsigned long arg;
};

struct hook {
	const char *name;
	struct kretprobe krp;
	unsigned long hits;
};

static int hook_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct hook_data *d = (struct hook_data *)ri->data;

	d->arg = regs_get_kernel_argument(regs, 0);
	return 0;
}

static int hook_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct hook *h = container_of(get_kretprobe(ri), struct hook, krp);
	struct hook_data *d = (struct hook_data *)ri->data;

	if (regs_return_value(regs) && d->arg)
		h->hits++;
	return 0;
}

static struct hook open_hook = {
	.name = "open",
	.krp = {
		.kp.symbol_name = "do_sys_openat2",
		.handler = hook_ret,
		.entry_handler = hook_entry,
		.data_size = sizeof(struct hook_data),
		.maxactive = 20,
	},
};

static int __init hook_init(void)
{
	int ret = register_kretprobe(&open_hook.krp);

	if (ret < 0)
		pr_err("%s: register_kretprobe failed: %d\n", open_hook.name, ret);
	return ret;
}

static void __exit hook_exit(void)
{
	unregister_kretprobe(&open_hook.krp);
	pr_info("%s: %lu hits, %d missed\n", open_hook.name, open_hook.hits,
		open_hook.krp.nmissed);
}

module_init(hook_init);
module_exit(hook_exit);
MODULE_LICENSE("GPL");
