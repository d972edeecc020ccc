// SPDX-License-Identifier: GPL-2.0
/*
 * Must not fire: register_kretprobes() arrays the rule cannot see through:
 * elements embedded in other structs, a symbol set at run time, an array
 * written after its initialiser.
 */
#include <linux/kprobes.h>

struct wrap {
	struct kretprobe rp;
	int n;
};

static struct wrap w1, w2;

static int ret_h(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

static struct kretprobe rp = {
	.handler = ret_h,
};

static struct kretprobe rp2 = {
	.handler = ret_h,
	.kp.symbol_name = "do_sys_openat2",
};

int wrapped(void)
{
	struct kretprobe *wr[] = { &w1.rp, &w2.rp };

	w1.rp.handler = ret_h;
	w1.rp.kp.symbol_name = "kernel_clone";
	w2.rp.handler = ret_h;
	w2.rp.kp.symbol_name = "vfs_read";
	return register_kretprobes(wr, 2);
}

int late_symbol(const char *sym)
{
	struct kretprobe *rps[2] = { &rp, &rp2 };

	rp.kp.symbol_name = sym;
	return register_kretprobes(rps, 2);
}

int rewritten(void)
{
	struct kretprobe *rw[2] = { &rp2, &rp2 };

	rw[1] = &w1.rp;
	unregister_kretprobes(rw, 2);
	return 0;
}
