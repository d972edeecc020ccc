/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stub: is an object on current's kernel stack? */
#ifndef _STUB_LINUX_SCHED_TASK_STACK_H
#define _STUB_LINUX_SCHED_TASK_STACK_H

#include <linux/sched.h>

static inline int object_is_on_stack(const void *obj)
{
	const char *stack = current->stack;

	return (const char *)obj >= stack && (const char *)obj < stack + THREAD_SIZE;
}

#endif
