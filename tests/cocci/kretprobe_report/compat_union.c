// SPDX-License-Identifier: GPL-2.0
/* Must not fire: SystemTap-style union of a kprobe and a kretprobe. */
#include <linux/kprobes.h>

union stap_kprobe {
	struct kprobe kp;
	struct kretprobe krp;
};

static union stap_kprobe probes[2];

static int ret_h(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

int probe_init(void)
{
	struct kretprobe *krp = &probes[0].krp;

	krp->handler = ret_h;
	krp->kp.symbol_name = "kernel_clone";
	return register_kretprobe(krp);
}
