// SPDX-License-Identifier: GPL-2.0-only
/*
 * kretprobe_compat_example.c
 *
 * A kretprobe written against the plain kretprobe API, built through
 * kretprobe-compat.mk so that it runs on fprobe. The return handler reports
 * what the shim promises in its pt_regs: the return value, the return
 * address inside the caller (as instruction pointer), and the per-call data
 * the entry handler left in ri->data.
 *
 * usage: insmod kretprobe_compat.ko; insmod kretprobe_compat_example.ko func=<func_name>
 *
 * If no func_name is specified, kernel_clone is instrumented. The first
 * "reports" returns are logged; the rest are only counted.
 *
 * See docs/semantics.md for what the shim guarantees.
 */

#define pr_fmt(fmt) "%s: " fmt, __func__

#include <linux/atomic.h>
#include <linux/kprobes.h>
#include <linux/ktime.h>
#include <linux/module.h>

static char func_name[KSYM_NAME_LEN] = "kernel_clone";
module_param_string(func, func_name, KSYM_NAME_LEN, 0644);
MODULE_PARM_DESC(func, "Function to probe the returns of");

static int reports = 8;
module_param(reports, int, 0644);
MODULE_PARM_DESC(reports, "How many returns to log");

static atomic_t seen = ATOMIC_INIT(0);

/* per-call data: when the call started */
struct call_data {
	ktime_t entry_stamp;
};

static int entry_handler(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct call_data *data = (struct call_data *)ri->data;

	data->entry_stamp = ktime_get();
	return 0;
}
NOKPROBE_SYMBOL(entry_handler);

static int ret_handler(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct call_data *data = (struct call_data *)ri->data;
	s64 delta = ktime_to_ns(ktime_sub(ktime_get(), data->entry_stamp));

	if (atomic_inc_return(&seen) > reports)
		return 0;
	pr_info("%s returned %ld to %pS after %lld ns\n", func_name,
		(long)regs_return_value(regs), (void *)instruction_pointer(regs),
		delta);
	return 0;
}
NOKPROBE_SYMBOL(ret_handler);

static struct kretprobe my_kretprobe = {
	.handler	= ret_handler,
	.entry_handler	= entry_handler,
	.data_size	= sizeof(struct call_data),
	.maxactive	= 20,
};

static int __init kretprobe_init(void)
{
	int ret;

	my_kretprobe.kp.symbol_name = func_name;
	ret = register_kretprobe(&my_kretprobe);
	if (ret < 0) {
		pr_err("register_kretprobe failed, returned %d\n", ret);
		return ret;
	}
	pr_info("Planted return probe at %s: %p\n",
		my_kretprobe.kp.symbol_name, my_kretprobe.kp.addr);
	return 0;
}

static void __exit kretprobe_exit(void)
{
	unregister_kretprobe(&my_kretprobe);
	pr_info("kretprobe at %p unregistered\n", my_kretprobe.kp.addr);
	pr_info("%d returns seen, missed probing %d instances of %s\n",
		atomic_read(&seen), my_kretprobe.nmissed,
		my_kretprobe.kp.symbol_name);
}

module_init(kretprobe_init)
module_exit(kretprobe_exit)
MODULE_DESCRIPTION("sample kretprobe module running on kretprobe-compat");
MODULE_LICENSE("GPL");
