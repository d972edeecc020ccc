/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stub: a per-cpu object is an array of stub_nr_cpus copies;
 * "this cpu" is stub_cpu, which a test may change (fake_kernel.c).
 */
#ifndef _STUB_LINUX_PERCPU_H
#define _STUB_LINUX_PERCPU_H

#include <linux/slab.h>

#define STUB_MAX_CPUS	64
extern unsigned int stub_nr_cpus;
extern __thread unsigned int stub_cpu;

#define num_possible_cpus()	(stub_nr_cpus)
#define raw_smp_processor_id()	(stub_cpu)
#define for_each_possible_cpu(cpu) \
	for ((cpu) = 0; (cpu) < (int)stub_nr_cpus; (cpu)++)

#define alloc_percpu(type) \
	((type *)kcalloc(STUB_MAX_CPUS, sizeof(type), GFP_KERNEL))
#define free_percpu(ptr)	kfree(ptr)
#define per_cpu_ptr(ptr, cpu)	(&(ptr)[(cpu)])
#define this_cpu_inc(pcp) \
	((void)__atomic_fetch_add(&(&(pcp))[stub_cpu], 1, __ATOMIC_RELAXED))

#endif
