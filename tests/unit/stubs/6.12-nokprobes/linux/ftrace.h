/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stub, 6.12 era built without kprobes (CONFIG_KPROBES=n): what
 * the shim resolves targets with there, ftrace's filter on an ftrace_ops
 * that is never registered (stub/ftrace_filter.h).
 */
#ifndef _STUB_LINUX_FTRACE_H
#define _STUB_LINUX_FTRACE_H

#include <linux/kernel.h>
#include <linux/ptrace.h>
#include <linux/sched/task_stack.h>
#include <stub/ftrace_filter.h>

#endif
