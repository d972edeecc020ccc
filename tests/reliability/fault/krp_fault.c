// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation failures during kretprobe registration: each must end in a
 * clean error (-ENOMEM), leave nothing armed and nothing allocated, and
 * the same struct must register fine afterwards.
 *
 * Written only against the plain kretprobe API; built natively (native/,
 * the oracle) and through kretprobe-compat.mk (compat/). Needs a kernel
 * with CONFIG_FAULT_INJECTION and FAILSLAB / FAIL_PAGE_ALLOC, set up by the
 * guest (tests/vm/guest/fault.sh: ignore-gfp-wait=N, verbose=0, and for
 * the random phase task-filter=Y with a probability).
 *
 *  1. Sweep: the registration is run with current->fail_nth = 1, 2, ...
 *     (what /proc/self/task/<tid>/fail-nth sets): the n-th fault-injection
 *     point this task reaches fails, whichever allocator it is, until a
 *     registration reaches fewer than n points. So every allocation of
 *     the registration path fails once, in turn: for one kretprobe, and
 *     for a register_kretprobes() batch of three (two on one function).
 *  2. Random: @random_rounds registrations with current->make_it_fail set
 *     (task-filtered failslab and fail_page_alloc at the guest's
 *     probability), alternating single and batch.
 * The guest then unloads everything and requires a clean kmemleak scan.
 */
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/sched.h>

static unsigned int random_rounds = 100;
module_param(random_rounds, uint, 0444);
MODULE_PARM_DESC(random_rounds, "registrations with make_it_fail set (default 100)");

static bool random_batches = true;
module_param(random_batches, bool, 0444);
MODULE_PARM_DESC(random_batches,
		 "alternate batches in the random phase (default Y; native 6.12 WARNs when its rollback's ftrace_set_filter_ip() fails)");

#ifdef CONFIG_FAULT_INJECTION
#define KRP_MAXPOINTS	400

static noinline __noipa unsigned long krp_fault_a(unsigned long x)
{
	return x + 1;
}

static noinline __noipa unsigned long krp_fault_b(unsigned long x)
{
	return x + 2;
}

static unsigned long (*krp_fp_a)(unsigned long) = krp_fault_a;
static unsigned long (*krp_fp_b)(unsigned long) = krp_fault_b;
static unsigned long krp_sink;
static atomic_t krp_hits;

static int krp_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	atomic_inc(&krp_hits);
	return 0;
}

static struct kretprobe krp_rps[3];
static struct kretprobe *krp_batch[3] = { &krp_rps[0], &krp_rps[1], &krp_rps[2] };

static void krp_setup(int num)
{
	static const char * const syms[3] = { "krp_fault_a", "krp_fault_b", "krp_fault_b" };
	int i;

	for (i = 0; i < num; i++) {
		memset(&krp_rps[i], 0, sizeof(krp_rps[i]));
		krp_rps[i].kp.symbol_name = syms[i];
		krp_rps[i].handler = krp_ret;
		krp_rps[i].data_size = i * 64;
		krp_rps[i].maxactive = i == 2 ? 4 : 0;
	}
}

static int krp_register(int num)
{
	return num == 1 ? register_kretprobe(krp_batch[0]) : register_kretprobes(krp_batch, num);
}

static void krp_unregister(int num)
{
	if (num == 1)
		unregister_kretprobe(krp_batch[0]);
	else
		unregister_kretprobes(krp_batch, num);
}

/* Hits from one call of each target (a single kretprobe probes a only). */
static int krp_calls(void)
{
	int before = atomic_read(&krp_hits);

	WRITE_ONCE(krp_sink, READ_ONCE(krp_fp_a)(1) + READ_ONCE(krp_fp_b)(2));
	return atomic_read(&krp_hits) - before;
}

/**
 * struct krp_tally - what one scenario saw
 * @points: fault-injection points the registration path reached
 * @enomem: failed registrations that returned -ENOMEM
 * @absorbed: injected failures after which registration still succeeded
 * @other: failed registrations with another error (@last_other)
 * @armed: failed registrations after which a handler still ran
 * @retry_bad: re-registrations (no fault) that failed or did not hit
 * @ok_bad: successful registrations that did not hit as expected
 */
struct krp_tally {
	int points, enomem, absorbed, other, last_other, armed, retry_bad, ok_bad;
};

/* After a registration attempt: check, unregister, retry without faults. */
static void krp_after(struct krp_tally *t, int num, int ret, bool injected)
{
	int want = num == 1 ? 1 : 3, hits;

	if (!ret) {
		t->absorbed += injected;
		hits = krp_calls();
		krp_unregister(num);
		if (hits != want)
			t->ok_bad++;
		return;
	}
	if (ret == -ENOMEM) {
		t->enomem++;
	} else {
		t->other++;
		t->last_other = ret;
	}
	if (krp_calls())
		t->armed++;
	/* The same structs, cleared as lib/test_kprobes.c does, no faults. */
	krp_setup(num);
	ret = krp_register(num);
	hits = ret ? 0 : krp_calls();
	if (!ret)
		krp_unregister(num);
	if (ret || hits != want)
		t->retry_bad++;
}

static void krp_sweep(struct krp_tally *t, int num)
{
	unsigned int n, left;
	int ret;

	for (n = 1; n <= KRP_MAXPOINTS; n++) {
		krp_setup(num);
		WRITE_ONCE(current->fail_nth, n);
		ret = krp_register(num);
		left = READ_ONCE(current->fail_nth);
		WRITE_ONCE(current->fail_nth, 0);
		if (left) {
			/* Fewer than n points: this one ran without a failure. */
			krp_after(t, num, ret, false);
			return;
		}
		t->points = n;
		krp_after(t, num, ret, true);
	}
}

static void krp_random(struct krp_tally *t, unsigned int rounds)
{
	unsigned int i;
	int ret, num;

	for (i = 0; i < rounds; i++) {
		num = (i & 1) && random_batches ? 3 : 1;
		krp_setup(num);
		current->make_it_fail = 1;
		ret = krp_register(num);
		current->make_it_fail = 0;
		t->points++;
		krp_after(t, num, ret, true);
	}
}

static int krp_n;

static void krp_report(const char *name, struct krp_tally *t, int min_failures)
{
	bool ok = t->points > 0 && t->enomem >= min_failures && !t->other &&
		  !t->armed && !t->retry_bad && !t->ok_bad;

	pr_info("# %s: points %d, -ENOMEM %d, absorbed %d, other errors %d (last %d), armed after failure %d, retry failed %d, bad hits %d\n",
		name, t->points, t->enomem, t->absorbed, t->other, t->last_other,
		t->armed, t->retry_bad, t->ok_bad);
	pr_info("%sok %d %s\n", ok ? "" : "not ", ++krp_n, name);
}
#endif /* CONFIG_FAULT_INJECTION */

static int __init krp_fault_init(void)
{
#ifndef CONFIG_FAULT_INJECTION
	pr_info("KTAP version 1\n");
	pr_info("1..1\n");
	pr_info("ok 1 fault injection # SKIP kernel without CONFIG_FAULT_INJECTION\n");
#else
	struct krp_tally t;

	pr_info("KTAP version 1\n");
	pr_info("1..3\n");
	memset(&t, 0, sizeof(t));
	krp_sweep(&t, 1);
	krp_report("sweep: every failure point of register_kretprobe()", &t, 1);
	memset(&t, 0, sizeof(t));
	krp_sweep(&t, 3);
	krp_report("sweep: every failure point of register_kretprobes() (3, two on one function)", &t, 1);
	memset(&t, 0, sizeof(t));
	krp_random(&t, random_rounds);
	krp_report("random: task-filtered failslab/fail_page_alloc", &t, random_rounds ? 1 : 0);
#endif
	return 0;
}

static void __exit krp_fault_exit(void)
{
}

module_init(krp_fault_init);
module_exit(krp_fault_exit);
MODULE_DESCRIPTION("kretprobe registration under injected allocation failures");
MODULE_LICENSE("GPL");
