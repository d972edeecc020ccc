// SPDX-License-Identifier: GPL-2.0
/*
 * Heap-allocated kretprobes: one plain, one inside a container reached
 * through a pointer, plus a static one with a nested .kp initialiser.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/kprobes.h>

struct watcher {
	int id;
	struct kretprobe krp;
};

static struct kretprobe *plain;
static struct watcher *w;

static int plain_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

static int w_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct watcher *me = container_of(get_kretprobe(ri), struct watcher, krp);

	if (!me->id)
		return 0;
	pr_debug("watcher %d: %lx\n", me->id, regs_return_value(regs));
	return 0;
}

static struct kretprobe nested = {
	.kp = { .symbol_name = "kernel_clone", },
	.handler = plain_ret,
};

static int __init heap_init(void)
{
	int ret;

	plain = kzalloc(sizeof(*plain), GFP_KERNEL);
	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!plain || !w)
		return -ENOMEM;
	plain->handler = plain_ret;
	plain->maxactive = 4;
	plain->kp.symbol_name = "kernel_clone";
	ret = register_kretprobe(plain);
	if (ret)
		return ret;
	w->id = 1;
	w->krp.handler = w_ret;
	w->krp.kp.symbol_name = "do_sys_open";
	ret = register_kretprobe(&w->krp);
	if (ret)
		return ret;
	return register_kretprobe(&nested);
}

static void __exit heap_exit(void)
{
	unregister_kretprobe(&nested);
	unregister_kretprobe(&w->krp);
	unregister_kretprobe(plain);
	pr_info("missed %d %d\n", plain->nmissed, w->krp.nmissed);
	kfree(w);
	kfree(plain);
}

module_init(heap_init);
module_exit(heap_exit);
MODULE_LICENSE("GPL");
