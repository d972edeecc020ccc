// SPDX-License-Identifier: GPL-2.0
/*
 * A kretprobe embedded in a larger struct, found again with container_of(),
 * registered by address, with enable/disable, nmissed and the return address.
 */
#include <linux/module.h>
#include <linux/kprobes.h>

struct tracked {
	struct kretprobe rp;
	unsigned long hits;
	unsigned long last_ret;
};

static struct tracked trk;

static noinline int cocci_target(int x)
{
	return x * 2;
}

static int trk_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	unsigned long *arg = (unsigned long *)ri->data;

	*arg = regs_get_kernel_argument(regs, 0);
	return 0;
}

static int trk_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct tracked *t = container_of(get_kretprobe(ri), struct tracked, rp);

	t->hits++;
	t->last_ret = get_kretprobe_retaddr(ri);
	if (regs_return_value(regs) != *(unsigned long *)ri->data * 2)
		return 1;
	return 0;
}

static int __init trk_init(void)
{
	int ret;

	trk.rp.handler = trk_ret;
	trk.rp.entry_handler = trk_entry;
	trk.rp.data_size = sizeof(unsigned long);
	trk.rp.maxactive = 8;
	trk.rp.kp.addr = (kprobe_opcode_t *)cocci_target;
	ret = register_kretprobe(&trk.rp);
	if (ret)
		return ret;
	disable_kretprobe(&trk.rp);
	if (enable_kretprobe(&trk.rp))
		pr_warn("enable failed\n");
	return cocci_target(1) == 2 ? 0 : -EINVAL;
}

static void __exit trk_exit(void)
{
	unregister_kretprobe(&trk.rp);
	pr_info("%lu hits, %d missed\n", trk.hits, trk.rp.nmissed);
}

module_init(trk_init);
module_exit(trk_exit);
MODULE_LICENSE("GPL");
