// SPDX-License-Identifier: GPL-2.0
/*
 * The user module of the unload test: kretprobes on functions in which the
 * threads of krp_unload_target sleep (two of that module's, one notrace,
 * and the kernel's msleep). Its exit unregisters them while instances are
 * asleep inside, then keeps its handlers in memory for @linger_ms and
 * counts any handler run after unregister returned ("late"); it prints
 *   # krp-unload: entries E hits H inflight I late L
 * Written only against the plain kretprobe API; built natively (native/)
 * and through kretprobe-compat.mk (compat/).
 */
#include <linux/delay.h>
#include <linux/kprobes.h>
#include <linux/module.h>

static unsigned int linger_ms = 300;
module_param(linger_ms, uint, 0444);
MODULE_PARM_DESC(linger_ms, "how long exit keeps the handlers after unregister");

static atomic_t krp_entries, krp_hits, krp_late;
static bool krp_gone;

static int krp_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	atomic_inc(&krp_entries);
	if (READ_ONCE(krp_gone))
		atomic_inc(&krp_late);
	return 0;
}

static int krp_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	atomic_inc(&krp_hits);
	if (READ_ONCE(krp_gone))
		atomic_inc(&krp_late);
	return 0;
}

#define KRP_PROBE(sym) {					\
	.kp.symbol_name = sym,					\
	.entry_handler = krp_entry,				\
	.handler = krp_ret,					\
	.maxactive = 8,						\
}

static struct kretprobe krp_rps[] = {
	KRP_PROBE("krp_unload_target:krp_ut_sleepy"),
	KRP_PROBE("krp_unload_target:krp_ut_sleepy_notrace"),
	KRP_PROBE("msleep"),
};

static struct kretprobe *krp_list[] = { &krp_rps[0], &krp_rps[1], &krp_rps[2] };

static int __init krp_uu_init(void)
{
	int ret = register_kretprobes(krp_list, ARRAY_SIZE(krp_list));

	pr_info("# krp-unload: register_kretprobes() = %d\n", ret);
	return ret;
}

static void __exit krp_uu_exit(void)
{
	int entries, hits;

	unregister_kretprobes(krp_list, ARRAY_SIZE(krp_list));
	WRITE_ONCE(krp_gone, true);
	entries = atomic_read(&krp_entries);
	hits = atomic_read(&krp_hits);
	msleep(linger_ms);
	pr_info("# krp-unload: entries %d hits %d inflight %d late %d\n",
		entries, hits, entries - hits, atomic_read(&krp_late));
}

module_init(krp_uu_init);
module_exit(krp_uu_exit);
MODULE_DESCRIPTION("unload test: unregister with instances asleep in probed functions");
MODULE_LICENSE("GPL");
