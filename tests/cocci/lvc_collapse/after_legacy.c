// SPDX-License-Identifier: GPL-2.0
/* lttng/systemtap style: version conditionals around the old fields. */
#include <linux/version.h>
#include <linux/kprobes.h>

static unsigned long ret_addr_of(struct kretprobe_instance *ri)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 18, 0)
	return get_kretprobe_retaddr(ri);
#else
	return get_kretprobe_retaddr(ri);
#endif
}

static struct kretprobe *probe_of(struct kretprobe_instance *ri)
{
	struct kretprobe *rp;

#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 11, 0)
	rp = get_kretprobe(ri);
#else
	rp = get_kretprobe(ri);
#endif
	return rp;
}

static int pid_of(struct kretprobe_instance *ri)
{
#if (LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0))
	return current->pid;
#else
	return 0;
#endif
}
