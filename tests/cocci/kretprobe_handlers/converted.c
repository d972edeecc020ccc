// SPDX-License-Identifier: GPL-2.0
/*
 * kretprobe_to_fprobe.cocci's output before this rule: the probes are
 * struct fprobe, the handlers still have the kretprobe shape. Entry
 * handlers are named as .entry_handler (an initialiser, a wrapper's nested
 * initialiser, an assignment); the others are return handlers.
 */
#include <linux/module.h>
#include <linux/kprobes.h>
#include <linux/fprobe.h>
#include <linux/sched.h>

struct stamp {
	u64 t;
};

static int ret_a(struct kretprobe_instance *ri, struct pt_regs *regs);
static struct fprobe a;

static int ent_a(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct stamp *s = (struct stamp *)ri->data;

	if (!current->mm)
		return 1;
	s->t = ktime_get_ns();
	return 0;
}

static int ret_a(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct stamp *s = (struct stamp *)ri->data;

	pr_info("%s returned %lu to %p after %llu ns (%d)\n",
		get_kretprobe(ri) == &a ? "a" : "?",
		regs_return_value(regs), (void *)get_kretprobe_retaddr(ri),
		ktime_get_ns() - s->t, ri->task->pid);
	return 0;
}

static int ent_b(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

static int ret_b(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	if (!regs_return_value(regs))
		return 0;
	pr_info("b failed\n");
	return 0;
}

struct wrapper {
	int id;
	struct fprobe fp;
};

static struct fprobe a = {
	.entry_handler = ent_a,
	.exit_handler = ret_a,
	.entry_data_size = sizeof(struct stamp),
};

static struct wrapper w = {
	.id = 1,
	.fp = { .entry_handler = ent_b, .exit_handler = ret_b },
};

static struct fprobe c = { .exit_handler = ret_b };

static int __init handlers_init(void)
{
	c.entry_handler = ent_b;
	return register_fprobe(&a, "kernel_clone", NULL) ?:
	       register_fprobe(&w.fp, "do_sys_open", NULL) ?:
	       register_fprobe(&c, "vfs_read", NULL);
}

module_init(handlers_init);
MODULE_LICENSE("GPL");
