// SPDX-License-Identifier: GPL-2.0
/* SystemTap compatdefs.h style: the fallback accessor must keep the field. */
#include <linux/kprobes.h>

#ifndef STAPCONF_GET_KRETPROBE
static inline struct kretprobe *get_kretprobe(struct kretprobe_instance *inst)
{
	return inst->rp;
}
#endif

static int pid_of(struct kretprobe_instance *inst)
{
	return inst->task->pid;
}
