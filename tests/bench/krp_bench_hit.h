/* SPDX-License-Identifier: GPL-2.0 */
/*
 * krp_bench_hit.h - per-hit cost of a return probe, shared by the
 * kretprobe-API module (krp_bench_hit.c, built natively and through the
 * shim) and the native fprobe module (krp_bench_fprobe.c).
 *
 * A noinline, noipa, ftrace-able target in this module is called in a
 * tight loop from kthreads pinned to CPUs: one thread on CPU 0, then two
 * threads on CPUs 0 and 1 at once. Each run is a warm-up followed by
 * several timed repetitions (ktime_get_ns() around the whole loop). The
 * bare loop is timed first, then the probe is attached and the same runs
 * are timed again; the overhead of one probed call is the difference of
 * the medians, and of the minima. Many short repetitions rather than a
 * few long ones: under TCG on a busy host the vCPU threads are preempted,
 * and the fastest repetitions are the ones that were not.
 *
 * The including file defines krpb_attach(), krpb_detach() and
 * KRPB_KIND, and counts its handler runs with krpb_hit(). Or it defines
 * KRPB_EXTERNAL: the probe is attached from user space (a BPF program,
 * tests/bench/bpf), which then drives the probed runs through two
 * writable parameters, after module init (a BPF trampoline attaches to a
 * module's function only once the module is live):
 *	echo T >run		time the probed loop with T threads
 *	echo H >report		print that run's result; H is how many times
 *				the external handler ran during it
 * maxthreads says how many thread counts there are (1..maxthreads).
 *
 * Results go to the kernel log as a KTAP document whose diagnostic lines
 *	# bench variant=V threads=T iters=I reps=R ns_per_call=X min=X max=X
 *	  bare_ns=X bare_min_ns=X overhead_ns=X overhead_min_ns=X hits=H
 * (one line) are what scripts/bench-report.py reads.
 */
#ifndef _KRP_BENCH_HIT_H
#define _KRP_BENCH_HIT_H

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>

#define KRPB_MAX_REPS		128
#define KRPB_MAX_THREADS	2

static unsigned int iters = 20000;
module_param(iters, uint, 0444);
MODULE_PARM_DESC(iters, "calls per timed repetition");

static unsigned int reps = 41;
module_param(reps, uint, 0444);
MODULE_PARM_DESC(reps, "timed repetitions per run (at most 128)");

static unsigned int warmup = 20000;
module_param(warmup, uint, 0444);
MODULE_PARM_DESC(warmup, "untimed calls before the repetitions");

static bool probe = true;
module_param(probe, bool, 0444);
MODULE_PARM_DESC(probe, "attach the probe (0: time the bare loop only)");

static char *variant = KRPB_KIND;
module_param(variant, charp, 0444);
MODULE_PARM_DESC(variant, "name printed in the result lines");

#ifndef KRPB_EXTERNAL
static DEFINE_PER_CPU(unsigned long, krpb_hits);
#endif
static unsigned long krpb_sink;
static atomic_t krpb_arrived;
static unsigned int krpb_nthreads;
static int krpb_test;

/**
 * struct krpb_thread - one pinned caller
 * @task: the kthread
 * @done: completed when all repetitions are timed
 * @ns: nanoseconds of each timed repetition
 */
struct krpb_thread {
	struct task_struct *task;
	struct completion done;
	u64 ns[KRPB_MAX_REPS];
};

static struct krpb_thread krpb_threads[KRPB_MAX_THREADS];

/* The probed function: not inlined, not folded through IPA, traceable. */
static noinline __noipa unsigned long krpb_target(unsigned long x)
{
	return (x ^ (x >> 7)) + 1;
}

#ifndef KRPB_EXTERNAL
static __always_inline void krpb_hit(void)
{
	this_cpu_inc(krpb_hits);
}

static unsigned long krpb_count_hits(void)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu(krpb_hits, cpu);
	return sum;
}
#endif

/* All threads start repetition @gen together (a counting spin barrier). */
static void krpb_barrier(unsigned int gen)
{
	atomic_inc(&krpb_arrived);
	while (atomic_read(&krpb_arrived) < (int)(krpb_nthreads * gen))
		cpu_relax();
}

static int krpb_thread_fn(void *arg)
{
	struct krpb_thread *t = arg;
	unsigned long sum = 0;
	unsigned int r, i, n;
	u64 t0, t1;

	for (r = 0; r <= reps; r++) {
		krpb_barrier(r + 1);
		n = r ? iters : warmup;
		t0 = ktime_get_ns();
		for (i = 0; i < n; i++)
			sum += krpb_target(i);
		t1 = ktime_get_ns();
		if (r)
			t->ns[r - 1] = t1 - t0;
	}
	WRITE_ONCE(krpb_sink, krpb_sink + sum);
	complete(&t->done);
	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

static int krpb_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/**
 * struct krpb_result - one run, in picoseconds per call
 * @med: median over the repetitions
 * @min: fastest repetition
 * @max: slowest repetition
 */
struct krpb_result {
	u64 med, min, max;
};

/* Time one run on CPUs 0..nthreads-1; per-call time averaged over threads. */
static int krpb_run(unsigned int nthreads, struct krpb_result *res)
{
	u64 ps[KRPB_MAX_REPS];
	unsigned int i, r;

	krpb_nthreads = nthreads;
	atomic_set(&krpb_arrived, 0);
	for (i = 0; i < nthreads; i++) {
		struct krpb_thread *t = &krpb_threads[i];

		init_completion(&t->done);
		t->task = kthread_create(krpb_thread_fn, t, "krp_bench/%u", i);
		if (IS_ERR(t->task)) {
			int ret = PTR_ERR(t->task);

			while (i--)
				kthread_stop(krpb_threads[i].task);
			return ret;
		}
		kthread_bind(t->task, i);
	}
	for (i = 0; i < nthreads; i++)
		wake_up_process(krpb_threads[i].task);
	for (i = 0; i < nthreads; i++) {
		wait_for_completion(&krpb_threads[i].done);
		kthread_stop(krpb_threads[i].task);
	}
	for (r = 0; r < reps; r++) {
		u64 sum = 0;

		for (i = 0; i < nthreads; i++)
			sum += krpb_threads[i].ns[r];
		ps[r] = div64_u64(sum * 1000, (u64)iters * nthreads);
	}
	sort(ps, reps, sizeof(ps[0]), krpb_cmp_u64, NULL);
	res->min = ps[0];
	res->max = ps[reps - 1];
	res->med = reps & 1 ? ps[reps / 2] : (ps[reps / 2 - 1] + ps[reps / 2]) / 2;
	return 0;
}

/* Picoseconds as nanoseconds with three decimals, into @buf (24 bytes). */
static const char *krpb_ns(char *buf, u64 ps)
{
	u32 frac = do_div(ps, 1000);

	snprintf(buf, 24, "%llu.%03u", ps, frac);
	return buf;
}

static void krpb_print(const char *name, unsigned int nthreads,
		       const struct krpb_result *res,
		       const struct krpb_result *bare, unsigned long hits)
{
	u64 over = res->med > bare->med ? res->med - bare->med : 0;
	u64 over_min = res->min > bare->min ? res->min - bare->min : 0;
	char b[7][24];

	pr_info("# bench variant=%s threads=%u iters=%u reps=%u ns_per_call=%s min=%s max=%s bare_ns=%s bare_min_ns=%s overhead_ns=%s overhead_min_ns=%s hits=%lu\n",
		name, nthreads, iters, reps, krpb_ns(b[0], res->med),
		krpb_ns(b[1], res->min), krpb_ns(b[2], res->max),
		krpb_ns(b[3], bare->med), krpb_ns(b[4], bare->min),
		krpb_ns(b[5], over), krpb_ns(b[6], over_min), hits);
}

static void krpb_result(bool ok, const char *what, unsigned int nthreads)
{
	pr_info("%sok %d %s, %u thread%s\n", ok ? "" : "not ", ++krpb_test,
		what, nthreads, nthreads > 1 ? "s" : "");
}

static struct krpb_result krpb_bare[KRPB_MAX_THREADS], krpb_hot[KRPB_MAX_THREADS];
static unsigned int maxthreads;
module_param(maxthreads, uint, 0444);
MODULE_PARM_DESC(maxthreads, "thread counts timed: 1..maxthreads (read-only)");

/* Print run @n's result and check the handler ran once per call. */
static void krpb_report(unsigned int n, unsigned long hits)
{
	unsigned long expect = (unsigned long)n * (warmup + (unsigned long)reps * iters);

	krpb_print(variant, n, &krpb_hot[n - 1], &krpb_bare[n - 1], hits);
	krpb_result(hits == expect, "the handler ran once per call", n);
}

#ifdef KRPB_EXTERNAL
static DEFINE_MUTEX(krpb_ext_lock);
static unsigned int krpb_ext_last;	/* the thread count of the last run */

static int krpb_set_run(const char *val, const struct kernel_param *kp)
{
	unsigned int n;
	int ret = kstrtouint(val, 0, &n);

	if (ret)
		return ret;
	if (!probe || n < 1 || n > maxthreads)
		return -EINVAL;
	mutex_lock(&krpb_ext_lock);
	ret = krpb_run(n, &krpb_hot[n - 1]);
	krpb_result(!ret, "probed loop timed", n);
	krpb_ext_last = ret ? 0 : n;
	mutex_unlock(&krpb_ext_lock);
	return ret;
}

static const struct kernel_param_ops krpb_run_ops = {
	.set = krpb_set_run,
};
module_param_cb(run, &krpb_run_ops, NULL, 0200);
MODULE_PARM_DESC(run, "write T: time the probed loop with T threads");

static int krpb_set_report(const char *val, const struct kernel_param *kp)
{
	unsigned long hits;
	int ret = kstrtoul(val, 0, &hits);

	if (ret)
		return ret;
	mutex_lock(&krpb_ext_lock);
	if (krpb_ext_last)
		krpb_report(krpb_ext_last, hits);
	else
		ret = -EINVAL;
	krpb_ext_last = 0;
	mutex_unlock(&krpb_ext_lock);
	return ret;
}

static const struct kernel_param_ops krpb_report_ops = {
	.set = krpb_set_report,
};
module_param_cb(report, &krpb_report_ops, NULL, 0200);
MODULE_PARM_DESC(report, "write H: print the last run, whose handler ran H times");
#else
static int krpb_attach(void);
static void krpb_detach(void);
#endif

static int __init krpb_init(void)
{
	unsigned int n;
	int ret;

	if (!reps || reps > KRPB_MAX_REPS || !iters)
		return -EINVAL;
	maxthreads = min(num_online_cpus(), KRPB_MAX_THREADS);
	pr_info("KTAP version 1\n");
	pr_info("1..%u\n", maxthreads * (probe ? 3 : 1));
	pr_info("# %s: %s, %u calls x %u repetitions after %u warm-up calls\n",
		KBUILD_MODNAME, variant, iters, reps, warmup);
	for (n = 1; n <= maxthreads; n++) {
		ret = krpb_run(n, &krpb_bare[n - 1]);
		krpb_result(!ret, "bare loop timed", n);
		if (ret)
			return ret;
		if (!probe)
			krpb_print(variant, n, &krpb_bare[n - 1], &krpb_bare[n - 1], 0);
	}
#ifdef KRPB_EXTERNAL
	if (probe)
		pr_info("# waiting for the external probe: write T to run, then its hit count to report\n");
	return 0;
#else
	if (!probe)
		return 0;

	ret = krpb_attach();
	if (ret) {
		pr_info("# attach failed: %d\n", ret);
		return ret;
	}
	for (n = 1; n <= maxthreads; n++) {
		unsigned long before = krpb_count_hits();

		ret = krpb_run(n, &krpb_hot[n - 1]);
		krpb_result(!ret, "probed loop timed", n);
		if (ret)
			break;
		krpb_report(n, krpb_count_hits() - before);
	}
	krpb_detach();
	return ret;
#endif
}

static void __exit krpb_exit(void)
{
}

module_init(krpb_init);
module_exit(krpb_exit);

#endif /* _KRP_BENCH_HIT_H */
