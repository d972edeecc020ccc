// SPDX-License-Identifier: GPL-2.0
/* Must not fire: the kprobe inside a kretprobe is used as a plain kprobe. */
#include <linux/kprobes.h>

struct probe {
	struct kretprobe krp;
	int armed;
};

static struct probe p;

static int ret_h(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

int probe_init(void)
{
	p.krp.handler = ret_h;
	p.krp.kp.symbol_name = "kernel_clone";
	if (p.armed)
		return register_kprobe(&p.krp.kp);
	return register_kretprobe(&p.krp);
}
