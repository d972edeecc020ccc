// SPDX-License-Identifier: GPL-2.0
/*
 * krp_fallback.c - a kretprobe on a notrace function, which fprobe cannot
 * reach: through the shim it is served by a native kretprobe while the
 * shim's fallback parameter is Y, and fails to register with fallback=N.
 * Module init returns the registration result, so insmod reports it.
 */
#include <linux/kprobes.h>
#include <linux/module.h>

static atomic_t krp_fallback_hits = ATOMIC_INIT(0);

static noinline notrace __attribute__((__noipa__)) int krp_fallback_target(int x)
{
	return x * 3;
}

static int (*krp_fallback_call)(int x) = krp_fallback_target;

static int krp_fallback_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	if (regs_return_value(regs) == 21)
		atomic_inc(&krp_fallback_hits);
	return 0;
}

static struct kretprobe krp_fallback_rp = {
	.kp.symbol_name = "krp_fallback_target",
	.handler = krp_fallback_ret,
};

static int __init krp_fallback_init(void)
{
	int ret, i;

	ret = register_kretprobe(&krp_fallback_rp);
	pr_info("krp_fallback: register_kretprobe() = %d\n", ret);
	if (ret)
		return ret;
	for (i = 0; i < 3; i++)
		READ_ONCE(krp_fallback_call)(7);
	pr_info("krp_fallback: %d of 3 returns seen\n",
		atomic_read(&krp_fallback_hits));
	return 0;
}

static void __exit krp_fallback_exit(void)
{
	unregister_kretprobe(&krp_fallback_rp);
}

module_init(krp_fallback_init);
module_exit(krp_fallback_exit);
MODULE_DESCRIPTION("kretprobe-compat test: a notrace target needs the fallback backend");
MODULE_LICENSE("GPL");
