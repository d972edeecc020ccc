// SPDX-License-Identifier: GPL-2.0
/*
 * fake_kernel.c - the bits of kernel the stubs declare: a counting
 * allocator with failure injection, printk, WARN, current and its stack,
 * and the cpu numbering of the per-cpu stubs.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "fake.h"
#include "ktap.h"

long stub_allocs_live;
long stub_fail_alloc_at;
unsigned int stub_warnings;
unsigned int stub_warnings_expected;
unsigned int stub_printks;
char stub_last_printk[256];
unsigned int stub_nr_cpus = 4;
unsigned int stub_grace_periods;

void (*stub_rcu_hook)(void);
__thread unsigned int stub_cpu;

/*
 * Recycling (stub_recycle_begin()): blocks allocated meanwhile are kept
 * when freed and handed out again, zeroed, to the next allocation of the
 * same size, the most recently freed first, as a slab cache does.
 */
#define STUB_RECYCLED	256
static struct {
	void *p;
	size_t size;
	unsigned long freed;	/* 0: in use; else when it was freed */
} stub_blocks[STUB_RECYCLED];
static int stub_nblocks;
static unsigned long stub_frees;
static bool stub_recycling;

static void *stub_calloc(size_t size)
{
	int i, best = -1;
	void *p;

	if (!stub_recycling)
		return calloc(1, size ? size : 1);
	for (i = 0; i < stub_nblocks; i++)
		if (stub_blocks[i].freed && stub_blocks[i].size == size &&
		    (best < 0 || stub_blocks[i].freed > stub_blocks[best].freed))
			best = i;
	if (best >= 0) {
		stub_blocks[best].freed = 0;
		memset(stub_blocks[best].p, 0, size ? size : 1);
		return stub_blocks[best].p;
	}
	p = calloc(1, size ? size : 1);
	if (p && stub_nblocks < STUB_RECYCLED) {
		stub_blocks[stub_nblocks].p = p;
		stub_blocks[stub_nblocks].size = size;
		stub_blocks[stub_nblocks++].freed = 0;
	}
	return p;
}

void stub_recycle_begin(void)
{
	stub_recycling = true;
}

void stub_recycle_end(void)
{
	int i;

	for (i = 0; i < stub_nblocks; i++)
		if (stub_blocks[i].freed)
			free(stub_blocks[i].p);
	/* Blocks still in use are freed as any others. */
	stub_nblocks = 0;
	stub_recycling = false;
}

void *stub_alloc(size_t size)
{
	if (stub_fail_alloc_at > 0 && --stub_fail_alloc_at == 0)
		return NULL;
	__atomic_fetch_add(&stub_allocs_live, 1, __ATOMIC_RELAXED);
	return stub_calloc(size);
}

void *stub_alloc_flags(size_t size, gfp_t flags)
{
	if (flags & __GFP_NOFAIL) {
		__atomic_fetch_add(&stub_allocs_live, 1, __ATOMIC_RELAXED);
		return stub_calloc(size);
	}
	return stub_alloc(size);
}

void stub_free(const void *p)
{
	int i;

	if (!p)
		return;
	__atomic_fetch_sub(&stub_allocs_live, 1, __ATOMIC_RELAXED);
	for (i = 0; i < stub_nblocks; i++) {
		if (stub_blocks[i].p == p && !stub_blocks[i].freed) {
			stub_blocks[i].freed = ++stub_frees;
			return;
		}
	}
	free((void *)p);
}

void stub_printk(const char *level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(stub_last_printk, sizeof(stub_last_printk), fmt, ap);
	va_end(ap);
	stub_printks++;
	/* As a KTAP diagnostic, in order with the results. */
	printf("# kernel %s: %s%s", level, stub_last_printk,
	       strchr(stub_last_printk, '\n') ? "" : "\n");
}

void stub_warn(const char *file, int line, const char *cond)
{
	stub_warnings++;
	printf("# WARN_ON at %s:%d: %s\n", file, line, cond);
}

static __thread unsigned long stub_stack[THREAD_SIZE / sizeof(long)];
static __thread struct task_struct stub_task;
static int stub_next_pid = 1;

struct task_struct *stub_get_current(void)
{
	if (!stub_task.stack) {
		stub_task.stack = stub_stack;
		stub_task.pid = __atomic_fetch_add(&stub_next_pid, 1, __ATOMIC_RELAXED);
	}
	return &stub_task;
}

/* What the kernel's bool parameters accept: y/Y/1, n/N/0 (and on/off). */
int param_set_bool(const char *val, const struct kernel_param *kp)
{
	bool *b = kp->arg;

	if (!val)
		return -EINVAL;
	switch (val[0]) {
	case 'y': case 'Y': case '1':
		*b = true;
		return 0;
	case 'n': case 'N': case '0':
		*b = false;
		return 0;
	}
	if (!strcmp(val, "on") || !strcmp(val, "off")) {
		*b = val[1] == 'n';
		return 0;
	}
	return -EINVAL;
}

int param_get_bool(char *buffer, const struct kernel_param *kp)
{
	return sprintf(buffer, "%c\n", *(bool *)kp->arg ? 'Y' : 'N');
}

void stub_reset(void)
{
	stub_recycle_end();
	stub_allocs_live = 0;
	stub_fail_alloc_at = 0;
	stub_warnings = 0;
	stub_warnings_expected = 0;
	stub_printks = 0;
	stub_last_printk[0] = '\0';
	stub_nr_cpus = 4;
	stub_cpu = 0;
}
