/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stub, 6.1.60+ stable era: fprobe handlers get pt_regs; nothing else needed. */
#ifndef _STUB_LINUX_FTRACE_H
#define _STUB_LINUX_FTRACE_H

#include <linux/kernel.h>
#include <linux/ptrace.h>
#include <linux/sched/task_stack.h>

#endif
