// SPDX-License-Identifier: GPL-2.0
/*
 * krp_legacy.c - pre-5.11 kretprobe code (systemtap-style) that reads
 * ri->rp, ri->ret_addr and ri->task, built with KRETPROBE_COMPAT_LEGACY:
 * the fields must compile and hold what get_kretprobe(),
 * get_kretprobe_retaddr() and current say. Prints a KTAP document.
 */
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/sched.h>

static atomic_t krp_legacy_bad = ATOMIC_INIT(0);
static atomic_t krp_legacy_seen = ATOMIC_INIT(0);
static struct task_struct *krp_legacy_caller;

static noinline __attribute__((__noipa__)) int krp_legacy_target(int x)
{
	return x + 1;
}

static int (*krp_legacy_call)(int x) = krp_legacy_target;

static int krp_legacy_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	atomic_inc(&krp_legacy_seen);
	if (ri->rp != get_kretprobe(ri) ||
	    (unsigned long)ri->ret_addr != get_kretprobe_retaddr(ri) ||
	    (unsigned long)ri->ret_addr != instruction_pointer(regs) ||
	    ri->task != current || ri->task != krp_legacy_caller)
		atomic_inc(&krp_legacy_bad);
	return 0;
}

static struct kretprobe krp_legacy_rp = {
	.kp.symbol_name = "krp_legacy_target",
	.handler = krp_legacy_ret,
};

static int __init krp_legacy_init(void)
{
	int ret, i;

	pr_info("KTAP version 1\n1..3\n");
	ret = register_kretprobe(&krp_legacy_rp);
	pr_info("%sok 1 register_kretprobe() = %d\n", ret ? "not " : "", ret);
	if (ret)
		return ret;
	krp_legacy_caller = current;
	for (i = 0; i < 4; i++)
		READ_ONCE(krp_legacy_call)(i);
	pr_info("%sok 2 four returns seen (%d)\n",
		atomic_read(&krp_legacy_seen) == 4 ? "" : "not ",
		atomic_read(&krp_legacy_seen));
	pr_info("%sok 3 ri->rp, ri->ret_addr, ri->task agree (%d bad)\n",
		atomic_read(&krp_legacy_bad) ? "not " : "",
		atomic_read(&krp_legacy_bad));
	return 0;
}

static void __exit krp_legacy_exit(void)
{
	unregister_kretprobe(&krp_legacy_rp);
}

module_init(krp_legacy_init);
module_exit(krp_legacy_exit);
MODULE_DESCRIPTION("kretprobe-compat test: legacy kretprobe_instance fields");
MODULE_LICENSE("GPL");
