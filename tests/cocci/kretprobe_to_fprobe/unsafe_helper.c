// SPDX-License-Identifier: GPL-2.0
/* Must not fire: an instance is used outside a handler (autoconf probe). */
#include <linux/kprobes.h>

void *probe_of(struct kretprobe_instance *ri)
{
	return get_kretprobe(ri);
}
