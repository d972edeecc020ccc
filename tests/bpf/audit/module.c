// SPDX-License-Identifier: GPL-2.0
/* Targets for targets.sh: a literal, a char array, a run-time name. */
#include <linux/kprobes.h>
#include <linux/module.h>

static char func_name[64] = "do_unlinkat";
static char *runtime;

static struct kretprobe a = {
	.kp.symbol_name = "kernel_clone",
};

static struct kretprobe b;
static struct kretprobe c;

static int __init m_init(void)
{
	b.kp.symbol_name = func_name;
	c.kp.symbol_name = runtime;
	return register_kretprobe(&a) ?: register_kretprobe(&b) ?: register_kretprobe(&c);
}
module_init(m_init);
MODULE_LICENSE("GPL");
