/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fake.h - what the tests see of the fake kernel (fake_kernel.c), the fake
 * kprobes core with its symbol table (fake_kprobes.c) and the fake fprobe
 * core of the era being built (fake_fprobe.c).
 */
#ifndef _KRPC_UNIT_FAKE_H
#define _KRPC_UNIT_FAKE_H

#include <linux/kernel.h>

/* The kernel-API era being built, from the flags shim/probes.mk read. */
#if defined(KRPC_HAVE_FPROBE_FTRACE_REGS) && defined(CONFIG_ARM64)
#define ERA "6.14-arm64"
#elif defined(KRPC_HAVE_FPROBE_FTRACE_REGS)
#define ERA "6.14"
#elif defined(KRPC_HAVE_FPROBE_INT_ENTRY) && !defined(CONFIG_KPROBES)
#define ERA "6.12-nokprobes"
#elif defined(KRPC_HAVE_FPROBE_INT_ENTRY)
#define ERA "6.12"
#else
#define ERA "6.1-stable"
#endif

/* fake_kernel.c */
extern long stub_allocs_live;		/* allocations not yet freed */
extern long stub_fail_alloc_at;		/* fail the Nth allocation from now; 0: never */
extern unsigned int stub_warnings;	/* WARNs since the test began */
extern unsigned int stub_warnings_expected; /* a test that provokes WARNs sets it */
extern unsigned int stub_printks;
extern char stub_last_printk[256];
void stub_reset(void);
/*
 * From begin to end, a freed block is handed out again to the next
 * allocation of its size (as slab reuses memory); end frees them.
 */
void stub_recycle_begin(void);
void stub_recycle_end(void);

/* fake_kprobes.c: the symbol table. */
#define FAKE_TARGET_A		0x10000UL	/* traceable */
#define FAKE_TARGET_B		0x20000UL	/* traceable */
#define FAKE_TARGET_NOTRACE	0x30000UL	/* no ftrace location */
#define FAKE_TARGET_IBT		0x40000UL	/* ENDBR: entry, ftrace +4; BTI: +8 */
#define FAKE_TARGET_BLACKLISTED	0x50000UL	/* kprobes refuse it */
#define FAKE_TARGET_MOD		0x60000UL	/* "fakemod:target_mod" */
#define FAKE_TARGET_DUP		0x70000UL	/* "target_dup", also in fakemod */
#define FAKE_TARGET_DUP_MOD	0x80000UL	/* "fakemod:target_dup" */
#define FAKE_SWITCH_TO		0x90000UL	/* x86's kretprobe blacklist */
unsigned long fake_ftrace_location(unsigned long addr);
/* ftrace_set_filter_ip() (eras with stub/ftrace_filter.h): calls, last ip. */
extern int fake_ftrace_filter_ip_calls;
extern unsigned long fake_ftrace_filter_ip_last;
int fake_kprobes_live(void);
void fake_kprobes_reset(void);

/* fake_fprobe.c: calls of probed functions. */
struct fake_frame;

/*
 * The fgraph-era exit ftrace_regs: the stack pointer slot holds garbage
 * (as before 6.18) unless fake_exit_sp_valid; the frame pointer is
 * fake_exit_fp (0 on 6.14, as observed).
 */
extern bool fake_exit_sp_valid;
extern unsigned long fake_exit_fp;
/* Where the last exit ftrace_regs was (fgraph era; arm64: ignores sp_valid). */
extern unsigned long fake_exit_fregs;
/* Make the next fgraph data reservations fail (6.14; shadow stack full). */
extern bool fake_fgraph_reserve_fail;
/* register_fprobe_ips() fails with this when non-zero. */
extern int fake_fprobe_register_error;
/* The @nth fprobe on @addr, or NULL. */
struct fprobe *fake_fprobe_at(unsigned long addr, int nth);
/* The handlers of the fprobe(s) on @addr; false when there is none. */
bool fake_fprobe_handlers(unsigned long addr, int nth, const void **entry,
			  const void **exit);

/* Start a call of the function at @addr from @ret_ip; args[6] or NULL. */
struct fake_frame *fake_call_enter(unsigned long addr, const unsigned long *args,
				   unsigned long ret_ip);
/* Return @retval from the innermost call; the value the caller gets. */
unsigned long fake_call_exit(struct fake_frame *f, unsigned long retval);
/* Both at once. */
unsigned long fake_call(unsigned long addr, const unsigned long *args,
			unsigned long retval, unsigned long ret_ip);
/* The caller's stack pointer after the call of @f returns. */
unsigned long fake_frame_caller_sp(struct fake_frame *f);
/*
 * What the function of @f finds in its @n-th argument register once the
 * entry handlers have run (n < 6); last: the last register argument
 * (x86_64: r9, the 6th; arm64: x7, the 8th).
 */
unsigned long fake_frame_arg(struct fake_frame *f, int n);
unsigned long fake_frame_last_arg(struct fake_frame *f);
int fake_fprobes_live(void);
void fake_fprobe_reset(void);

#endif
