// SPDX-License-Identifier: GPL-2.0
/* Writes to the removed fields cannot be expressed; must not be touched. */
#include <linux/kprobes.h>

static void fake_instance(struct kretprobe_instance *ri, struct kretprobe *rp)
{
	ri->rp = rp;
	ri->task = current;
	ri->ret_addr = NULL;
}
