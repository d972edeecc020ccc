// SPDX-License-Identifier: GPL-2.0
/*
 * Must not fire: kp.addr read where the converted code could not give the
 * value native kretprobes do: a probe registered by address (native kp.addr
 * is the probe point the kprobe core chose, past ENDBR64 on IBT kernels), and
 * a probe that is not a file-scope object.
 */
#include <linux/kprobes.h>
#include <linux/slab.h>

static int ret_h(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

static noinline int target(int x)
{
	return x + 1;
}

static struct kretprobe by_addr = {
	.handler = ret_h,
	.kp.addr = (kprobe_opcode_t *)target,
};

int by_addr_init(void)
{
	int ret = register_kretprobe(&by_addr);

	if (!ret)
		pr_info("probe at %p\n", by_addr.kp.addr);
	return ret;
}

struct kretprobe *heap_init(void)
{
	struct kretprobe *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return NULL;
	p->handler = ret_h;
	p->kp.symbol_name = "kernel_clone";
	if (register_kretprobe(p)) {
		kfree(p);
		return NULL;
	}
	pr_info("probe at %p\n", p->kp.addr);
	return p;
}
