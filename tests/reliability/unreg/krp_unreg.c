// SPDX-License-Identifier: GPL-2.0
/*
 * Unregister, then free: hitter threads (one per CPU) call two probed
 * functions in a loop while cycler threads (one per function) allocate a
 * kretprobe, register it, let it be hit a while, unregister it and free it
 * at once, for @seconds. Native unregister_kretprobe() waits for a grace
 * period, so no handler can still run on the kretprobe, its instances or
 * their data when it returns, and freeing it then is what callers do.
 *
 * Both handlers hold the window open: they spin @delay_us before they
 * touch the instance's data (ri->data, entry data_size 64) and the
 * kretprobe again, and a handler that starts once its cycler has begun to
 * unregister spins until unregister_kretprobe() has returned (at most
 * @hold_us), then touches them. Native unregister waits for that handler,
 * so the hold times out and nothing is late; a backend that frees its
 * instances, or lets the caller free the kretprobe, while a handler still
 * runs (an fprobe whose unregister_fprobe() does not wait: 6.14-7.0
 * without upstream 657b594b2084) sees the return, then touches freed
 * memory: a KASAN use-after-free report on a debug kernel, and "late"
 * handler runs on any kernel. The hold makes the race certain whatever
 * the scheduling of the vCPUs (single-threaded TCG switches them far
 * more slowly than @delay_us).
 *
 * Written only against the plain kretprobe API; built natively (native/)
 * and through kretprobe-compat.mk (compat/). It runs at init and prints
 * one KTAP document; the guest (stress.sh) judges it and the host the
 * console (no KASAN, lockdep or RCU report).
 */
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "krp_threads.h"

static unsigned int seconds = 30;
module_param(seconds, uint, 0444);
MODULE_PARM_DESC(seconds, "how long the stress runs (default 30)");

static unsigned int delay_us = 20;
module_param(delay_us, uint, 0444);
MODULE_PARM_DESC(delay_us, "how long each handler spins before it touches its data (default 20)");

static unsigned int hold_us = 3000;
module_param(hold_us, uint, 0444);
MODULE_PARM_DESC(hold_us, "how long a handler started during unregister waits for it to return (default 3000)");

#define KRP_NTARGETS	2
#define KRP_MAGIC	0x6b7270756e726567UL

static noinline __noipa unsigned long krp_ur_t0(unsigned long x)
{
	return x * 5 + 0;
}

static noinline __noipa unsigned long krp_ur_t1(unsigned long x)
{
	return x * 5 + 1;
}

static unsigned long (*krp_targets[KRP_NTARGETS])(unsigned long) = {
	krp_ur_t0, krp_ur_t1,
};

static const char *krp_syms[KRP_NTARGETS] = { "krp_ur_t0", "krp_ur_t1" };

/**
 * struct krp_uprobe - a kretprobe allocated for one registration
 * @rp: the kretprobe
 * @magic: KRP_MAGIC while it is allocated
 * @target: index of the probed function
 * @live: 1 from before register until unregister returned
 * @dying: 1 from just before unregister
 */
struct krp_uprobe {
	struct kretprobe rp;
	unsigned long magic;
	int target;
	atomic_t live;
	atomic_t dying;
};

/**
 * struct krp_udata - what the entry handler leaves in ri->data
 * @magic: KRP_MAGIC from the entry handler to the return handler
 * @arg: the probed call's argument
 * @p: the kretprobe the entry handler ran for
 */
struct krp_udata {
	unsigned long magic;
	unsigned long arg;
	struct krp_uprobe *p;
};

/* Counters outlive the probes: only these are touched after a free. */
static atomic_long_t krp_entries, krp_hits, krp_late, krp_errors;

static struct krp_uprobe *krp_of(struct kretprobe_instance *ri)
{
	struct kretprobe *rp = get_kretprobe(ri);

	return rp ? container_of(rp, struct krp_uprobe, rp) : NULL;
}

/*
 * A handler that starts while its kretprobe is being unregistered waits
 * for unregister_kretprobe() to return, or @hold_us: native unregister
 * waits for the handler, so only the timeout ends the wait there.
 */
static void krp_hold(struct krp_uprobe *p)
{
	unsigned int us;

	if (!atomic_read(&p->dying))
		return;
	for (us = 0; us < hold_us && atomic_read(&p->live); us += 10)
		udelay(10);
}

static int krp_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct krp_udata *d = (struct krp_udata *)ri->data;
	struct krp_uprobe *p = krp_of(ri);

	atomic_long_inc(&krp_entries);
	if (!p)
		return 1;
	d->magic = KRP_MAGIC;
	d->arg = regs_get_kernel_argument(regs, 0);
	d->p = p;
	udelay(delay_us);
	krp_hold(p);
	if (READ_ONCE(p->magic) != KRP_MAGIC)
		atomic_long_inc(&krp_errors);
	if (!atomic_read(&p->live))
		atomic_long_inc(&krp_late);
	return 0;
}

static int krp_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct krp_udata *d = (struct krp_udata *)ri->data;
	struct krp_uprobe *p;

	atomic_long_inc(&krp_hits);
	udelay(delay_us);
	p = krp_of(ri);
	if (p)
		krp_hold(p);
	if (READ_ONCE(d->magic) != KRP_MAGIC || !p || d->p != p ||
	    READ_ONCE(p->magic) != KRP_MAGIC ||
	    regs_return_value(regs) != d->arg * 5 + p->target)
		atomic_long_inc(&krp_errors);
	if (p && !atomic_read(&p->live))
		atomic_long_inc(&krp_late);
	d->magic = 0;
	return 0;
}

/* ---- threads ---- */

static bool krp_stop;
static unsigned long krp_calls[KRP_MAXCPUS];
static unsigned long krp_bad_values[KRP_MAXCPUS];
static long krp_regs[KRP_NTARGETS], krp_reg_errors[KRP_NTARGETS];
static int krp_last_error;

static int krp_hitter(void *data)
{
	long id = (long)data;
	unsigned long x = id << 40;
	int t;

	while (!READ_ONCE(krp_stop)) {
		for (t = 0; t < KRP_NTARGETS; t++) {
			if (READ_ONCE(krp_targets[t])(x) != x * 5 + t)
				krp_bad_values[id]++;
			krp_calls[id]++;
			x++;
		}
		/* Voluntary switches for the RCU-tasks waits of ftrace. */
		if (!(x & 255))
			usleep_range(20, 50);
	}
	krp_park();
	return 0;
}

/* Allocate, register, wait, unregister, free: in a loop. */
static int krp_cycler(void *data)
{
	int t = (long)data, ret;
	struct krp_uprobe *p;

	while (!READ_ONCE(krp_stop)) {
		p = kzalloc(sizeof(*p), GFP_KERNEL);
		if (!p) {
			krp_reg_errors[t]++;
			krp_last_error = -ENOMEM;
			usleep_range(1000, 2000);
			continue;
		}
		p->magic = KRP_MAGIC;
		p->target = t;
		p->rp.kp.symbol_name = krp_syms[t];
		p->rp.handler = krp_ret;
		p->rp.entry_handler = krp_entry;
		p->rp.data_size = 64;
		p->rp.maxactive = 4 * num_possible_cpus();
		atomic_set(&p->live, 1);
		ret = register_kretprobe(&p->rp);
		if (ret) {
			krp_reg_errors[t]++;
			krp_last_error = ret;
		} else {
			krp_regs[t]++;
			usleep_range(100, 1000);
			atomic_set(&p->dying, 1);
			unregister_kretprobe(&p->rp);
		}
		atomic_set(&p->live, 0);
		p->magic = 0;
		kfree(p);
	}
	krp_park();
	return 0;
}

/* ---- KTAP ---- */

static int __init krp_unreg_init(void)
{
	struct task_struct *hit[KRP_MAXCPUS], *cyc[KRP_NTARGETS];
	int ncpu = min_t(int, num_online_cpus(), KRP_MAXCPUS);
	unsigned long calls = 0, bad = 0, end;
	long regs = 0, errs = 0;
	int i;

	pr_info("KTAP version 1\n");
	pr_info("1..4\n");
	pr_info("# krp_unreg: %u s, %d hitters, %d cyclers, handlers spin %u us, hold %u us\n",
		seconds, ncpu, KRP_NTARGETS, delay_us, hold_us);

	krp_start_bound(hit, ncpu, krp_hitter, "krp_uhit/%d");
	for (i = 0; i < KRP_NTARGETS; i++) {
		cyc[i] = kthread_run(krp_cycler, (void *)(long)i, "krp_ucyc/%d", i);
		if (IS_ERR(cyc[i]))
			cyc[i] = NULL;
	}

	/* Interruptible: half a minute in init is not a hung task. */
	end = jiffies + seconds * HZ;
	while (time_before(jiffies, end))
		msleep_interruptible(200);
	WRITE_ONCE(krp_stop, true);
	krp_stop_all(cyc, KRP_NTARGETS);
	krp_stop_all(hit, ncpu);

	for (i = 0; i < ncpu; i++) {
		calls += krp_calls[i];
		bad += krp_bad_values[i];
	}
	for (i = 0; i < KRP_NTARGETS; i++) {
		regs += krp_regs[i];
		errs += krp_reg_errors[i];
	}
	pr_info("# unreg: calls %lu entries %ld hits %ld registrations %ld (t0 %ld t1 %ld) errors %ld late %ld data errors %ld\n",
		calls, atomic_long_read(&krp_entries), atomic_long_read(&krp_hits),
		regs, krp_regs[0], krp_regs[1], errs, atomic_long_read(&krp_late),
		atomic_long_read(&krp_errors));

	krp_result(regs > 0 && !errs, "every registration succeeds",
		   "registrations %ld, errors %ld (last %d)", regs, errs, krp_last_error);
	krp_result(atomic_long_read(&krp_hits) > 0, "the probes were hit",
		   "%ld return handler runs in %lu calls", atomic_long_read(&krp_hits), calls);
	krp_result(!atomic_long_read(&krp_late), "no handler runs after unregister returned",
		   "%ld late handler runs", atomic_long_read(&krp_late));
	krp_result(!atomic_long_read(&krp_errors) && !bad,
		   "every handler sees its data and its kretprobe, every caller its value",
		   "data errors %ld, wrong values %lu", atomic_long_read(&krp_errors), bad);
	return 0;
}

static void __exit krp_unreg_exit(void)
{
}

module_init(krp_unreg_init);
module_exit(krp_unreg_exit);
MODULE_DESCRIPTION("kretprobe stress: unregister then free while handlers run");
MODULE_LICENSE("GPL");
