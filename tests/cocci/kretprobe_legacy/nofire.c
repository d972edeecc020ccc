// SPDX-License-Identifier: GPL-2.0
/* Modern code, and look-alike fields on other structs: nothing to do. */
#include <linux/kprobes.h>

struct other {
	void *rp;
	void *ret_addr;
	struct task_struct *task;
};

static int ret_handler(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct other o = { 0 };
	struct kretprobe *rp = get_kretprobe(ri);

	pr_info("%p %lx %p %p %p\n", rp, get_kretprobe_retaddr(ri), o.rp,
		o.ret_addr, o.task);
	return 0;
}
