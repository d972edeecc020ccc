// SPDX-License-Identifier: GPL-2.0
/* Must not fire: probes declared by a macro with token-pasted names. */
#include <linux/kprobes.h>

#define DECLARE_RET_PROBE(fn)						\
static int fn##_ret(struct kretprobe_instance *ri, struct pt_regs *regs); \
static struct kretprobe fn##_krp = {					\
	.handler = fn##_ret,						\
	.kp.symbol_name = #fn,						\
}

DECLARE_RET_PROBE(kernel_clone);

static int kernel_clone_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

int probe_init(void)
{
	return register_kretprobe(&kernel_clone_krp);
}
