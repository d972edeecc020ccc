// SPDX-License-Identifier: GPL-2.0
/*
 * Stress for the kretprobe API, bounded in time: hitter threads (one per
 * CPU) call four probed functions in a loop while control threads
 * register and unregister kretprobes (one at a time, and in batches with
 * register_kretprobes()), and enable and disable another, for @seconds.
 *
 * Written only against the plain kretprobe API; built natively (native/)
 * and through kretprobe-compat.mk (compat/). It runs at init and prints
 * one KTAP document. What must hold:
 *
 *  - p0 (always registered, maxactive 1, entry handler vetoes every 5th
 *    argument): every call is exactly one of a hit, a veto or a miss
 *    (rp->nmissed, read after unregister_kretprobe());
 *  - p1 (always registered, disabled and enabled in a loop): every entry
 *    is a hit or a veto (disable does not cancel calls in flight), and
 *    calls made while disabled are not probed;
 *  - p2 (registered and unregistered in a loop) and p3..p5 (the same, as
 *    one register_kretprobes() batch; p4 and p5 share a function): every
 *    registration succeeds, no handler runs once unregister returned
 *    ("late"), and hits + vetoes never exceed entries;
 *  - every return handler pairs with its entry's argument (ri->data), and
 *    every caller gets the right value.
 * The guest adds: no KASAN, lockdep, RCU or sleep-in-atomic report (the
 * harness judges the console), and a clean kmemleak scan afterwards.
 */
#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/ptrace.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "krp_threads.h"

static unsigned int seconds = 60;
module_param(seconds, uint, 0444);
MODULE_PARM_DESC(seconds, "how long the stress runs (default 60)");

#define KRP_NPROBES	6
#define KRP_NTARGETS	4
#define KRP_MAGIC	0x6b72707374726573UL

static noinline __noipa unsigned long krp_st_t0(unsigned long x)
{
	udelay(2);	/* calls overlap, so maxactive 1 runs out */
	return x * 3 + 0;
}

static noinline __noipa unsigned long krp_st_t1(unsigned long x)
{
	return x * 3 + 1;
}

static noinline __noipa unsigned long krp_st_t2(unsigned long x)
{
	return x * 3 + 2;
}

static noinline __noipa unsigned long krp_st_t3(unsigned long x)
{
	return x * 3 + 3;
}

static unsigned long (*krp_targets[KRP_NTARGETS])(unsigned long) = {
	krp_st_t0, krp_st_t1, krp_st_t2, krp_st_t3,
};

static inline unsigned long krp_f(int t, unsigned long x)
{
	return x * 3 + t;
}

/**
 * struct krp_sprobe - a kretprobe and what its handlers saw
 * @rp: the kretprobe
 * @target: index of the probed function
 * @live: 1 from before register until unregister returned
 * @entries: entry handler runs (vetoes included)
 * @vetoes: entry handler runs that declined the call
 * @hits: return handler runs
 * @late: handler runs after unregister returned
 * @pair_errors: return handlers whose ri->data or value did not match
 * @missed: rp->nmissed summed over registrations
 * @regs: successful registrations
 * @reg_errors: failed registrations
 * @last_error: the last registration error
 */
struct krp_sprobe {
	struct kretprobe rp;
	int target;
	atomic_t live;
	atomic_long_t entries, vetoes, hits, late, pair_errors;
	long missed, regs, reg_errors;
	int last_error;
};

struct krp_sdata {
	unsigned long magic;
	unsigned long arg;
	struct kretprobe_instance *ri;
};

static struct krp_sprobe krp_p[KRP_NPROBES];
static atomic_long_t krp_stray;
static const char *krp_syms[KRP_NTARGETS] = {
	"krp_st_t0", "krp_st_t1", "krp_st_t2", "krp_st_t3",
};

static struct krp_sprobe *krp_of(struct kretprobe_instance *ri)
{
	struct kretprobe *rp = get_kretprobe(ri);
	int i;

	for (i = 0; i < KRP_NPROBES; i++)
		if (rp == &krp_p[i].rp)
			return &krp_p[i];
	atomic_long_inc(&krp_stray);
	return NULL;
}

static int krp_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct krp_sprobe *p = krp_of(ri);
	struct krp_sdata *d = (struct krp_sdata *)ri->data;
	unsigned long arg = regs_get_kernel_argument(regs, 0);

	if (!p)
		return 1;
	atomic_long_inc(&p->entries);
	if (!atomic_read(&p->live))
		atomic_long_inc(&p->late);
	if (arg % 5 == 0) {
		atomic_long_inc(&p->vetoes);
		return 1;
	}
	d->magic = KRP_MAGIC;
	d->arg = arg;
	d->ri = ri;
	return 0;
}

static int krp_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct krp_sprobe *p = krp_of(ri);
	struct krp_sdata *d = (struct krp_sdata *)ri->data;

	if (!p)
		return 0;
	atomic_long_inc(&p->hits);
	if (!atomic_read(&p->live))
		atomic_long_inc(&p->late);
	if (d->magic != KRP_MAGIC || d->ri != ri ||
	    regs_return_value(regs) != krp_f(p->target, d->arg))
		atomic_long_inc(&p->pair_errors);
	d->magic = 0;
	return 0;
}

static void krp_prepare(struct krp_sprobe *p, int target, int maxactive,
			size_t data_size)
{
	/* As lib/test_kprobes.c: clear what a registration left behind. */
	p->rp.kp.addr = NULL;
	p->rp.kp.flags = 0;
	p->rp.kp.symbol_name = krp_syms[target];
	p->rp.handler = krp_ret;
	p->rp.entry_handler = krp_entry;
	p->rp.maxactive = maxactive;
	p->rp.data_size = max(data_size, sizeof(struct krp_sdata));
	p->target = target;
}

static int krp_register(struct krp_sprobe *p)
{
	int ret;

	atomic_set(&p->live, 1);
	ret = register_kretprobe(&p->rp);
	if (ret) {
		atomic_set(&p->live, 0);
		p->reg_errors++;
		p->last_error = ret;
	} else {
		p->regs++;
	}
	return ret;
}

static void krp_unregister(struct krp_sprobe *p)
{
	unregister_kretprobe(&p->rp);
	atomic_set(&p->live, 0);
	p->missed += p->rp.nmissed;
}

/* ---- threads ---- */

static bool krp_stop;
static unsigned long krp_calls[KRP_MAXCPUS][KRP_NTARGETS];
static unsigned long krp_bad_values[KRP_MAXCPUS];
static long krp_toggles, krp_batches, krp_batch_errors;
static int krp_batch_last_error;

static int krp_hitter(void *data)
{
	long id = (long)data;
	unsigned long x = id << 40, r;
	int t;

	while (!READ_ONCE(krp_stop)) {
		for (t = 0; t < KRP_NTARGETS; t++) {
			r = READ_ONCE(krp_targets[t])(x);
			if (r != krp_f(t, x))
				krp_bad_values[id]++;
			krp_calls[id][t]++;
			x++;
		}
		/*
		 * Sleep now and then, as real callers do: fprobe's dynamic
		 * ftrace_ops wait for RCU-tasks grace periods, which need
		 * voluntary context switches.
		 */
		if (!(x & 255))
			usleep_range(20, 50);
	}
	krp_park();
	return 0;
}

/* p1: disable and enable in a loop. */
static int krp_toggler(void *data)
{
	while (!READ_ONCE(krp_stop)) {
		disable_kretprobe(&krp_p[1].rp);
		usleep_range(200, 400);
		enable_kretprobe(&krp_p[1].rp);
		usleep_range(200, 400);
		krp_toggles++;
	}
	krp_park();
	return 0;
}

/* p2: register, let it be hit a while, unregister, in a loop. */
static int krp_cycler(void *data)
{
	struct krp_sprobe *p = &krp_p[2];
	static const int maxact[] = { 0, 1, 2, 16 };
	unsigned int i = 0;

	while (!READ_ONCE(krp_stop)) {
		krp_prepare(p, 2, maxact[i % ARRAY_SIZE(maxact)], (i % 3) * 64);
		if (!krp_register(p)) {
			usleep_range(100, 2000);
			krp_unregister(p);
		}
		i++;
	}
	krp_park();
	return 0;
}

/* p3..p5 as one batch: p3 on t2 (with p2), p4 and p5 both on t3. */
static int krp_batcher(void *data)
{
	struct kretprobe *rps[3] = { &krp_p[3].rp, &krp_p[4].rp, &krp_p[5].rp };
	unsigned int i = 0;
	int j, ret;

	while (!READ_ONCE(krp_stop)) {
		krp_prepare(&krp_p[3], 2, 1 + i % 4, 0);
		krp_prepare(&krp_p[4], 3, 0, 4096);
		krp_prepare(&krp_p[5], 3, 2, 128);
		for (j = 3; j < 6; j++)
			atomic_set(&krp_p[j].live, 1);
		ret = register_kretprobes(rps, 3);
		if (ret) {
			for (j = 3; j < 6; j++)
				atomic_set(&krp_p[j].live, 0);
			krp_batch_errors++;
			krp_batch_last_error = ret;
		} else {
			krp_batches++;
			usleep_range(100, 3000);
			unregister_kretprobes(rps, 3);
			for (j = 3; j < 6; j++) {
				atomic_set(&krp_p[j].live, 0);
				krp_p[j].missed += krp_p[j].rp.nmissed;
			}
		}
		i++;
	}
	krp_park();
	return 0;
}

static int (*const krp_ctl_fn[3])(void *) = { krp_toggler, krp_cycler, krp_batcher };

/* ---- KTAP ---- */

#define L(p, f) atomic_long_read(&(p)->f)

static int __init krp_stress_init(void)
{
	struct task_struct *hit[KRP_MAXCPUS], *ctl[3];
	int ncpu = min_t(int, num_online_cpus(), KRP_MAXCPUS);
	unsigned long calls[KRP_NTARGETS] = { 0 }, bad = 0, total = 0;
	long hits = 0, vetoes = 0, misses = 0, late = 0, pair = 0, entries = 0;
	unsigned long end;
	int i, t, ret0, ret1;
	struct krp_sprobe *p0 = &krp_p[0], *p1 = &krp_p[1];

	pr_info("KTAP version 1\n");
	pr_info("1..7\n");
	pr_info("# krp_stress: %u s, %d hitters, 3 control threads\n", seconds, ncpu);

	krp_prepare(p0, 0, 1, 0);
	krp_prepare(p1, 1, 0, 0);
	ret0 = krp_register(p0);
	ret1 = krp_register(p1);
	krp_result(!ret0 && !ret1, "register the persistent probes",
		   "p0 %d, p1 %d", ret0, ret1);
	if (ret0 || ret1) {
		if (!ret0)
			krp_unregister(p0);
		if (!ret1)
			krp_unregister(p1);
		return 0;
	}

	krp_start_bound(hit, ncpu, krp_hitter, "krp_hit/%d");
	for (i = 0; i < 3; i++) {
		ctl[i] = kthread_run(krp_ctl_fn[i], NULL, "krp_ctl/%d", i);
		if (IS_ERR(ctl[i]))
			ctl[i] = NULL;
	}

	/* Interruptible: a minute in init is not a hung task. */
	end = jiffies + seconds * HZ;
	while (time_before(jiffies, end))
		msleep_interruptible(200);
	WRITE_ONCE(krp_stop, true);
	krp_stop_all(ctl, 3);
	krp_stop_all(hit, ncpu);
	krp_unregister(p1);
	krp_unregister(p0);

	for (i = 0; i < ncpu; i++) {
		for (t = 0; t < KRP_NTARGETS; t++)
			calls[t] += krp_calls[i][t];
		bad += krp_bad_values[i];
	}
	for (t = 0; t < KRP_NTARGETS; t++)
		total += calls[t];
	for (i = 0; i < KRP_NPROBES; i++) {
		struct krp_sprobe *p = &krp_p[i];

		entries += L(p, entries);
		hits += L(p, hits);
		vetoes += L(p, vetoes);
		late += L(p, late);
		pair += L(p, pair_errors);
		misses += p->missed;
		pr_info("# p%d (%s): entries %ld hits %ld vetoes %ld misses %ld late %ld pair_errors %ld registrations %ld errors %ld\n",
			i, krp_syms[p->target], L(p, entries), L(p, hits), L(p, vetoes),
			p->missed, L(p, late), L(p, pair_errors), p->regs, p->reg_errors);
	}
	pr_info("# stress: calls %lu entries %ld hits %ld vetoes %ld misses %ld late %ld registrations %ld batches %ld toggles %ld (t0 %lu t1 %lu t2 %lu t3 %lu)\n",
		total, entries, hits, vetoes, misses, late,
		krp_p[2].regs, krp_batches, krp_toggles, calls[0], calls[1], calls[2], calls[3]);

	krp_result(calls[0] == L(p0, hits) + L(p0, vetoes) + p0->missed &&
		   L(p0, hits) && L(p0, vetoes) && p0->missed,
		   "p0: every call is a hit, a veto or a miss",
		   "calls %lu, hits %ld + vetoes %ld + misses %ld = %ld (each must be > 0)",
		   calls[0], L(p0, hits), L(p0, vetoes), p0->missed,
		   L(p0, hits) + L(p0, vetoes) + p0->missed);
	krp_result(L(p1, entries) == L(p1, hits) + L(p1, vetoes) && !p1->missed &&
		   calls[1] > (unsigned long)L(p1, entries) && L(p1, hits) && krp_toggles,
		   "p1: disable/enable loop, every entry is a hit or a veto",
		   "calls %lu entries %ld hits %ld vetoes %ld misses %ld toggles %ld",
		   calls[1], L(p1, entries), L(p1, hits), L(p1, vetoes), p1->missed,
		   krp_toggles);
	krp_result(krp_p[2].regs > 0 && !krp_p[2].reg_errors &&
		   L(&krp_p[2], hits) + L(&krp_p[2], vetoes) <= L(&krp_p[2], entries),
		   "p2: register/unregister loop",
		   "registrations %ld errors %ld (last %d) entries %ld hits %ld vetoes %ld",
		   krp_p[2].regs, krp_p[2].reg_errors, krp_p[2].last_error,
		   L(&krp_p[2], entries), L(&krp_p[2], hits), L(&krp_p[2], vetoes));
	krp_result(krp_batches > 0 && !krp_batch_errors &&
		   L(&krp_p[4], hits) && L(&krp_p[5], hits),
		   "p3-p5: register_kretprobes()/unregister_kretprobes() loop",
		   "batches %ld errors %ld (last %d) hits p3 %ld p4 %ld p5 %ld",
		   krp_batches, krp_batch_errors, krp_batch_last_error,
		   L(&krp_p[3], hits), L(&krp_p[4], hits), L(&krp_p[5], hits));
	krp_result(!late, "no handler runs after unregister returned", "%ld late handler runs", late);
	krp_result(!pair && !bad && !atomic_long_read(&krp_stray),
		   "every return pairs with its entry, every caller gets its value",
		   "pair errors %ld, wrong values %lu, unknown kretprobes %ld",
		   pair, bad, atomic_long_read(&krp_stray));
	return 0;
}

static void __exit krp_stress_exit(void)
{
}

module_init(krp_stress_init);
module_exit(krp_stress_exit);
MODULE_DESCRIPTION("kretprobe stress: hits while registering, unregistering, enabling, disabling");
MODULE_LICENSE("GPL");
