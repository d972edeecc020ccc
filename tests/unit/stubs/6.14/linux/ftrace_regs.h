/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stub, 6.14 era: the generic ftrace_regs accessors, for an
 * architecture (x86) whose ftrace_regs is a wrapped pt_regs.
 *
 * Exactly the accessors include/linux/ftrace_regs.h has in 6.14, no more:
 * get_instruction_pointer, get_argument, get_stack_pointer,
 * get_return_value (renamed from ftrace_regs_return_value in 6.13),
 * set_return_value, override_function_with_return,
 * query_register_offset, and get_frame_pointer (a3ed4157b7d8, 6.14).
 * ftrace_partial_regs_update() does not exist yet (2026), nor does
 * ftrace_regs_return_value() any more.
 */
#ifndef _STUB_LINUX_FTRACE_REGS_H
#define _STUB_LINUX_FTRACE_REGS_H

#include <linux/ptrace.h>

struct ftrace_regs;	/* opaque to users */

struct __arch_ftrace_regs {
	struct pt_regs regs;
};

#define arch_ftrace_regs(fregs) ((struct __arch_ftrace_regs *)(fregs))

#define ftrace_regs_get_instruction_pointer(fregs) \
	instruction_pointer(&arch_ftrace_regs(fregs)->regs)
#define ftrace_regs_get_argument(fregs, n) \
	regs_get_kernel_argument(&arch_ftrace_regs(fregs)->regs, n)
#define ftrace_regs_get_stack_pointer(fregs) \
	kernel_stack_pointer(&arch_ftrace_regs(fregs)->regs)
#define ftrace_regs_get_return_value(fregs) \
	regs_return_value(&arch_ftrace_regs(fregs)->regs)
#define ftrace_regs_set_return_value(fregs, ret) \
	regs_set_return_value(&arch_ftrace_regs(fregs)->regs, ret)
#define ftrace_regs_get_frame_pointer(fregs) \
	frame_pointer(&arch_ftrace_regs(fregs)->regs)

#endif
