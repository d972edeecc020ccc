/* SPDX-License-Identifier: GPL-2.0 */
/*
 * krp_threads.h - the thread and KTAP plumbing the reliability stress
 * modules share (stress/krp_stress.c, unreg/krp_unreg.c): hitter threads
 * bound one per CPU, threads that park until stopped, one KTAP result line.
 * Each module is one translation unit, so the statics here are its own.
 */
#ifndef KRP_THREADS_H
#define KRP_THREADS_H

#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/printk.h>
#include <linux/sched.h>

#define KRP_MAXCPUS	64

static int krp_n;

/* One KTAP result; a failing one says why on a '#' line first. */
#define krp_result(cond, name, fmt, ...) do {					\
	bool __ok = (cond);							\
	if (!__ok)								\
		pr_info("# " name ": " fmt "\n", ##__VA_ARGS__);		\
	pr_info("%sok %d " name "\n", __ok ? "" : "not ", ++krp_n);		\
} while (0)

/**
 * krp_park() - wait for kthread_stop() once a thread's work is done
 *
 * Context: a kthread of the module; sleeps.
 */
static inline void krp_park(void)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
}

/**
 * krp_start_bound() - start one thread per CPU, bound to it
 * @ts: where the threads go (NULL for one that could not be made)
 * @n: how many (CPUs 0..n-1)
 * @fn: the thread function, given its CPU as (void *)(long)cpu
 * @name: the threads' name, with one %d for the CPU
 *
 * Context: process context; sleeps.
 */
static inline void krp_start_bound(struct task_struct **ts, int n,
				   int (*fn)(void *), const char *name)
{
	int i;

	for (i = 0; i < n; i++) {
		ts[i] = kthread_create(fn, (void *)(long)i, name, i);
		if (IS_ERR(ts[i])) {
			ts[i] = NULL;
			continue;
		}
		kthread_bind(ts[i], i);
		wake_up_process(ts[i]);
	}
}

/**
 * krp_stop_all() - kthread_stop() every thread that was started
 * @ts: the threads (NULL entries are skipped)
 * @n: how many
 *
 * Context: process context; sleeps.
 */
static inline void krp_stop_all(struct task_struct **ts, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (ts[i])
			kthread_stop(ts[i]);
}

#endif /* KRP_THREADS_H */
