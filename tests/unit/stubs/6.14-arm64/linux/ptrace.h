/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stub: arm64 struct pt_regs and its accessors
 * (arch/arm64/include/asm/ptrace.h), in place of the x86_64 one of
 * stubs/common. The return value is x0 (regs[0]), the frame pointer x29,
 * the link register x30; pstate's mode bits say which exception level the
 * registers are from (user_mode(): EL0).
 */
#ifndef _STUB_LINUX_PTRACE_H
#define _STUB_LINUX_PTRACE_H

#include <linux/kernel.h>

struct frame_record_meta {
	struct {
		u64 fp;
		u64 lr;
	} record;
	u64 type;
};

/* The kernel layout: user_pt_regs first, then the kernel's own fields. */
struct pt_regs {
	union {
		struct {
			u64 regs[31];
			u64 sp;
			u64 pc;
			u64 pstate;
		};
	};
	u64 orig_x0;
	int syscallno;		/* s32 */
	u32 pmr;
	u64 sdei_ttbr1;
	struct frame_record_meta stackframe;
	u64 lockdep_hardirqs;
	u64 exit_rcu;
};

#define PSR_MODE_EL0t	0x00000000
#define PSR_MODE_EL1h	0x00000005
#define PSR_MODE_MASK	0x0000000f

#define user_mode(regs)	(((regs)->pstate & PSR_MODE_MASK) == PSR_MODE_EL0t)

/* A kernel-mode pt_regs: no compat sign extension. */
static __always_inline unsigned long regs_return_value(struct pt_regs *regs)
{
	return regs->regs[0];
}

static __always_inline void regs_set_return_value(struct pt_regs *regs,
						  unsigned long rc)
{
	regs->regs[0] = rc;
}

static __always_inline unsigned long instruction_pointer(struct pt_regs *regs)
{
	return regs->pc;
}

static __always_inline void instruction_pointer_set(struct pt_regs *regs,
						    unsigned long val)
{
	regs->pc = val;
}

static __always_inline unsigned long kernel_stack_pointer(struct pt_regs *regs)
{
	return regs->sp;
}

static __always_inline unsigned long frame_pointer(struct pt_regs *regs)
{
	return regs->regs[29];
}

/* The first eight integer arguments, in x0-x7 (AAPCS64). */
static __always_inline unsigned long
regs_get_kernel_argument(struct pt_regs *regs, unsigned int n)
{
	return n < 8 ? regs->regs[n] : 0;
}

#endif
