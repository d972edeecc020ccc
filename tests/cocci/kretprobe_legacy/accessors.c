// SPDX-License-Identifier: GPL-2.0
/* Old-API kretprobe handler (pre-5.11 style): every removed field. */
#include <linux/kprobes.h>
#include <linux/sched.h>

struct my_probe {
	struct kretprobe krp;
	int id;
};

static int ret_handler(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct my_probe *mp = container_of(ri->rp, struct my_probe, krp);
	unsigned long ra = (unsigned long)ri->ret_addr;
	void *rv = (void *)ri->ret_addr;
	kprobe_opcode_t *op = ri->ret_addr;

	pr_info("%d: pid %d returns to %lx %p %p\n", mp->id, ri->task->pid,
		ra, rv, op);
	return 0;
}

static unsigned long stp_ret_addr(struct kretprobe_instance *inst)
{
	return (unsigned long)inst->ret_addr;
}

static struct task_struct *task_of(struct kretprobe_instance *inst)
{
	return inst->task;
}
