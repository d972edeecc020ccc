/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stub: current is a per-thread fake task whose kernel stack is a
 * buffer (fake_kernel.c), so object_is_on_stack() has something to judge.
 */
#ifndef _STUB_LINUX_SCHED_H
#define _STUB_LINUX_SCHED_H

#include <linux/kernel.h>

#define THREAD_SIZE	(16 * 1024)

struct task_struct {
	void *stack;		/* THREAD_SIZE bytes */
	int pid;
};

struct task_struct *stub_get_current(void);
#define current stub_get_current()

#endif
