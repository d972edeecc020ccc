// SPDX-License-Identifier: GPL-2.0
/*
 * krp_dt_notrace.c - a module whose probe stops firing without kprobes,
 * for tests/deprecation-test/run.sh: a kretprobe on a notrace function,
 * which only a native kretprobe reaches (fprobe cannot). Writing to the
 * parameter 'poke' calls the function once; its return handler logs the
 * value (tests/deprecation-test/poke.sh is the workload).
 */
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

static noinline notrace __attribute__((__noipa__)) int krp_dt_target(int x)
{
	return x + 1;
}

static int (*krp_dt_call)(int x) = krp_dt_target;

/**
 * krp_dt_ret() - return handler of the probe on krp_dt_target()
 * @ri: the kretprobe instance
 * @regs: registers at the return
 *
 * Context: the probed function's return, preemption disabled.
 * Return: 0.
 */
static int krp_dt_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	pr_info("krp_dt_notrace: krp_dt_target returned %lu\n",
		regs_return_value(regs));
	return 0;
}

static struct kretprobe krp_dt_rp = {
	.kp.symbol_name = "krp_dt_target",
	.handler = krp_dt_ret,
};

static int krp_dt_poke(const char *val, const struct kernel_param *kp)
{
	int x;

	if (kstrtoint(val, 0, &x))
		return -EINVAL;
	READ_ONCE(krp_dt_call)(x);
	return 0;
}

static const struct kernel_param_ops krp_dt_poke_ops = {
	.set = krp_dt_poke,
};
module_param_cb(poke, &krp_dt_poke_ops, NULL, 0200);
MODULE_PARM_DESC(poke, "write a number: calls the probed function once");

static int __init krp_dt_init(void)
{
	int ret = register_kretprobe(&krp_dt_rp);

	pr_info("krp_dt_notrace: register_kretprobe() = %d\n", ret);
	return ret;
}

static void __exit krp_dt_exit(void)
{
	unregister_kretprobe(&krp_dt_rp);
}

module_init(krp_dt_init);
module_exit(krp_dt_exit);
MODULE_DESCRIPTION("kretprobe-compat test: a probe that needs kprobes (deprecation-test)");
MODULE_LICENSE("GPL");
