// SPDX-License-Identifier: GPL-2.0
/* Must not fire: no function call at all, and a function that takes a
 * kretprobe_instance without being a handler here (a blocker). The type
 * must stay struct kretprobe: a refused file is left whole.
 */
#include <linux/kprobes.h>

static void fill(struct kretprobe_instance *ri, struct kretprobe *rp)
{
	ri->rp = rp;
}
