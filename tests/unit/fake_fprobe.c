// SPDX-License-Identifier: GPL-2.0
/*
 * fake_fprobe.c - an fprobe core that runs calls of fake functions, for
 * the era the stubs describe:
 *
 * fgraph era (KRPC_HAVE_FPROBE_FTRACE_REGS, 6.14+): handlers get an
 * ftrace_regs; entry data (at most MAX_FPROBE_DATA_SIZE, else -E2BIG) is
 * reserved per call and can fail to be (fake_fgraph_reserve_fail: nmissed,
 * and no entry handler); a non-zero entry handler return skips the exit;
 * no instance limit; the exit ftrace_regs is built on the stack by
 * return_to_handler: return value, ip = return address, the stack pointer
 * slot garbage before 6.18, frame pointer 0; its return value is what the
 * caller gets; a pending exit runs when an fprobe at the same address is
 * registered, as fgraph's fprobe_registered() looks it up (a new fprobe
 * in the old one's memory gets the old call's exit and data). A
 * non-ftrace address is -ENOENT. On arm64 (CONFIG_ARM64) the ftrace_regs
 * is the arch's own struct __arch_ftrace_regs, not a pt_regs: at entry
 * x0-x8 (the arguments), fp, lr (the return address), sp (the caller's:
 * no return address is pushed) and pc; at exit one struct, exactly below
 * the caller's stack pointer, with x0 (the return value), x1-x7, fp
 * (fake_exit_fp) and pc (the return address) written, and sp, lr, x8
 * garbage whatever fake_exit_sp_valid says.
 *
 * rethook era (6.12, and 6.1.60+ stable without KRPC_HAVE_FPROBE_INT_ENTRY):
 * handlers get a full pt_regs; nr_maxactive rethook nodes (default 2 per
 * cpu per address) carry the entry data and bound the calls in flight; no
 * node means nmissed and no entry handler; the int entry handler's non-zero
 * return recycles the node (6.4+); the void one (6.1-stable) cannot veto.
 * The exit pt_regs is the trampoline's: return value, ip = return address,
 * sp = the caller's. A non-ftrace address is -EINVAL.
 *
 * Calls nest: fake_call_enter() pushes a frame on current's fake stack,
 * fake_call_exit() must pop the innermost one.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/fprobe.h>
#include <linux/percpu.h>
#include <linux/sched.h>

#include "fake.h"

#ifdef KRPC_HAVE_FPROBE_FTRACE_REGS
#define FAKE_FGRAPH 1
#endif

bool fake_exit_sp_valid;
unsigned long fake_exit_fp;
unsigned long fake_exit_fregs;
bool fake_fgraph_reserve_fail;
int fake_fprobe_register_error;

#define FAKE_MAX_FPROBES	8
#define FAKE_MAX_ADDRS		8
#define FAKE_GARBAGE		0x5b
#define FAKE_CALLER_BP		0xbbbb0000bbbb0000UL
#define FAKE_EXIT_SP_GARBAGE	0xdead00000000beefUL

struct fake_rethook {
	bool stopped;		/* unregistered: pending exits are skipped */
	int in_flight;
	int nfree;
	void **free;		/* the free nodes' data buffers */
	void **all;
	int n;
};

struct fake_reg {
	struct fprobe *fp;	/* NULL: slot unused */
	unsigned long gen;
	unsigned long addrs[FAKE_MAX_ADDRS];
	int num;
	struct fake_rethook *rh;
};

static struct fake_reg fake_regs[FAKE_MAX_FPROBES];
static unsigned long fake_gen;

struct fake_hook {
	struct fprobe *fp;
	unsigned long gen;
	void *data;
	struct fake_rethook *rh;
};

struct fake_frame {
	struct fake_frame *outer;
	unsigned long loc;		/* the ftrace location */
	unsigned long ret_ip;
	unsigned long *entry_sp;	/* points at the return address */
#ifdef CONFIG_ARM64
	struct __arch_ftrace_regs entry_regs;
#else
	struct pt_regs entry_regs;	/* or the x86 ftrace_regs around one */
#endif
	struct fake_hook hooks[FAKE_MAX_FPROBES];
	int nhooks;
};

static __thread struct fake_frame *innermost;

static struct fake_reg *reg_of(struct fprobe *fp)
{
	int i;

	for (i = 0; i < FAKE_MAX_FPROBES; i++)
		if (fake_regs[i].fp == fp)
			return &fake_regs[i];
	return NULL;
}

static __maybe_unused bool reg_live(struct fprobe *fp, unsigned long gen)
{
	struct fake_reg *r = reg_of(fp);

	return r && r->gen == gen;
}

static void rethook_free(struct fake_rethook *rh)
{
	int i;

	for (i = 0; i < rh->n; i++)
		free(rh->all[i]);
	free(rh->all);
	free(rh->free);
	free(rh);
}

static __maybe_unused struct fake_rethook *rethook_alloc(int n, size_t data_size)
{
	struct fake_rethook *rh = calloc(1, sizeof(*rh));
	int i;

	rh->n = rh->nfree = n;
	rh->all = calloc(n, sizeof(void *));
	rh->free = calloc(n, sizeof(void *));
	for (i = 0; i < n; i++) {
		/* Node data is never cleared between uses. */
		rh->all[i] = malloc(data_size ? data_size : 1);
		memset(rh->all[i], FAKE_GARBAGE, data_size ? data_size : 1);
		rh->free[i] = rh->all[i];
	}
	return rh;
}

static __maybe_unused void rethook_recycle(struct fake_rethook *rh, void *data)
{
	rh->free[rh->nfree++] = data;
	rh->in_flight--;
	if (rh->stopped && !rh->in_flight)
		rethook_free(rh);
}

int register_fprobe_ips(struct fprobe *fp, unsigned long *addrs, int num)
{
	struct fake_reg *r;
	int i;

	if (!fp || !addrs || num <= 0 || num > FAKE_MAX_ADDRS)
		return -EINVAL;
	if (fake_fprobe_register_error)
		return fake_fprobe_register_error;
#ifdef FAKE_FGRAPH
	if (ALIGN(fp->entry_data_size, sizeof(long)) > MAX_FPROBE_DATA_SIZE)
		return -E2BIG;
#endif
	for (i = 0; i < num; i++) {
		if (!fake_ftrace_location(addrs[i])) {
#ifdef FAKE_FGRAPH
			return -ENOENT;
#else
			return -EINVAL;
#endif
		}
	}
	if (reg_of(fp)) {
		/* Unsafe in every era: the shim must never do it. */
		stub_warn(__FILE__, __LINE__, "register_fprobe_ips: already registered");
		return -EBUSY;
	}
	r = reg_of(NULL);
	if (!r)
		return -ENOMEM;
	memset(r, 0, sizeof(*r));
#ifndef FAKE_FGRAPH
	if (fp->exit_handler) {
		int size = fp->nr_maxactive ? fp->nr_maxactive :
			   num * (int)num_possible_cpus() * 2;

		if (size <= 0)
			return -EINVAL;
		r->rh = rethook_alloc(size, fp->entry_data_size);
	}
#endif
	for (i = 0; i < num; i++)
		r->addrs[i] = fake_ftrace_location(addrs[i]);
	r->num = num;
	r->gen = ++fake_gen;
	r->fp = fp;
	fp->nmissed = 0;
	return 0;
}

int unregister_fprobe(struct fprobe *fp)
{
	struct fake_reg *r = fp ? reg_of(fp) : NULL;

	if (!r)
		return -EINVAL;
	if (r->rh) {
		r->rh->stopped = true;
		if (!r->rh->in_flight)
			rethook_free(r->rh);
	}
	memset(r, 0, sizeof(*r));
	return 0;
}

static bool reg_hooks(struct fake_reg *r, unsigned long loc)
{
	int i;

	for (i = 0; r->fp && i < r->num; i++)
		if (r->addrs[i] == loc)
			return true;
	return false;
}

/* What ftrace_caller (fgraph era) or the kprobe-less ftrace_regs_caller
 * (rethook era, full regs) saves at the call of @f. */
#ifdef CONFIG_ARM64
static void fill_entry_regs(struct fake_frame *f, const unsigned long *args)
{
	struct __arch_ftrace_regs *afregs = &f->entry_regs;
	static const unsigned long none[6];
	int i;

	if (!args)
		args = none;
	memset(afregs, FAKE_GARBAGE, sizeof(*afregs));
	for (i = 0; i < 6; i++)
		afregs->regs[i] = args[i];
	afregs->fp = FAKE_CALLER_BP;
	afregs->lr = f->ret_ip;
	afregs->sp = fake_frame_caller_sp(f);
	afregs->pc = f->loc;
}
#else
static void fill_entry_regs(struct fake_frame *f, const unsigned long *args)
{
	struct pt_regs *regs = &f->entry_regs;
	static const unsigned long none[6];

	if (!args)
		args = none;
	memset(regs, FAKE_GARBAGE, sizeof(*regs));
	regs->di = args[0];
	regs->si = args[1];
	regs->dx = args[2];
	regs->cx = args[3];
	regs->r8 = args[4];
	regs->r9 = args[5];
	regs->bp = FAKE_CALLER_BP;
	regs->ip = f->loc;
	regs->sp = (unsigned long)f->entry_sp;
#ifdef FAKE_FGRAPH
	regs->cs = 0;		/* not a full pt_regs */
	regs->orig_ax = 0;
#else
	regs->cs = __KERNEL_CS;
	regs->flags = X86_EFLAGS_FIXED;
	regs->orig_ax = ~0UL;
#endif
}
#endif /* CONFIG_ARM64 */

struct fake_frame *fake_call_enter(unsigned long addr, const unsigned long *args,
				   unsigned long ret_ip)
{
	struct fake_frame *f = calloc(1, sizeof(*f));
	char *stack = current->stack;
	unsigned long *sp;
	int i;

	f->loc = fake_ftrace_location(addr) ? fake_ftrace_location(addr) : addr;
	f->ret_ip = ret_ip;
	/* Below the caller's frame: the top of the stack, or the outer callee's. */
	sp = innermost ? innermost->entry_sp - 64 : (unsigned long *)(stack + THREAD_SIZE) - 8;
	*--sp = ret_ip;		/* the call instruction */
	f->entry_sp = sp;
	f->outer = innermost;
	innermost = f;
	fill_entry_regs(f, args);

	for (i = 0; i < FAKE_MAX_FPROBES; i++) {
		struct fake_reg *r = &fake_regs[i];
		struct fprobe *fp = r->fp;
		struct fake_hook *h = &f->hooks[f->nhooks];
		void *data = NULL;
		int ret = 0;

		if (!reg_hooks(r, f->loc) || fprobe_disabled(fp))
			continue;
#ifdef FAKE_FGRAPH
		if (fp->exit_handler) {
			size_t size = ALIGN(fp->entry_data_size, sizeof(long));

			if (fake_fgraph_reserve_fail) {
				fp->nmissed++;
				continue;
			}
			if (size) {
				data = malloc(size);
				memset(data, FAKE_GARBAGE, size);
			}
		}
		if (fp->entry_handler)
			ret = fp->entry_handler(fp, f->loc, ret_ip,
						(struct ftrace_regs *)&f->entry_regs, data);
		if (ret || !fp->exit_handler) {
			free(data);
			continue;
		}
#else
		if (fp->exit_handler) {
			if (!r->rh->nfree) {
				fp->nmissed++;
				continue;
			}
			h->rh = r->rh;
			h->rh->in_flight++;
			h->data = h->rh->free[--h->rh->nfree];
			if (fp->entry_data_size)
				data = h->data;
		}
#ifdef KRPC_HAVE_FPROBE_INT_ENTRY
		if (fp->entry_handler)
			ret = fp->entry_handler(fp, f->loc, ret_ip, &f->entry_regs, data);
#else
		if (fp->entry_handler)
			fp->entry_handler(fp, f->loc, &f->entry_regs, data);
#endif
		if (!h->rh)
			continue;
		if (ret) {
			rethook_recycle(h->rh, h->data);
			h->rh = NULL;
			continue;
		}
		data = h->data;		/* the node, for the recycling */
#endif
		h->fp = fp;
		h->gen = r->gen;
		h->data = data;
		f->nhooks++;
	}
	return f;
}

static void free_frame(struct fake_frame *f)
{
	int i;

	for (i = 0; i < f->nhooks; i++) {
#ifdef FAKE_FGRAPH
		free(f->hooks[i].data);
#else
		rethook_recycle(f->hooks[i].rh, f->hooks[i].data);
#endif
	}
	free(f);
}

unsigned long fake_call_exit(struct fake_frame *f, unsigned long retval)
{
	unsigned long caller_sp = fake_frame_caller_sp(f);
#ifdef CONFIG_ARM64
	struct __arch_ftrace_regs *regs;
#else
	struct pt_regs *regs;
#endif
	unsigned long ret;
	int i;

	if (f != innermost) {
		stub_warn(__FILE__, __LINE__, "fake_call_exit: not the innermost call");
		return retval;
	}
	innermost = f->outer;
	/* The exit registers are saved on the stack, below the caller's sp. */
#ifdef CONFIG_ARM64
	/* return_to_handler: exactly one struct, just below the caller's sp. */
	regs = (struct __arch_ftrace_regs *)(caller_sp - sizeof(*regs));
	memset(regs, FAKE_GARBAGE, sizeof(*regs));
	regs->regs[0] = retval;
	for (i = 1; i < 8; i++)
		regs->regs[i] = 0;
	regs->fp = fake_exit_fp;
	regs->pc = f->ret_ip;
	regs->sp = FAKE_EXIT_SP_GARBAGE;
#elif defined(FAKE_FGRAPH)
	regs = (struct pt_regs *)(caller_sp - sizeof(struct pt_regs) - 16);
	memset(regs, FAKE_GARBAGE, sizeof(*regs));
	regs->ax = retval;
	regs->dx = 0;
	regs->ip = f->ret_ip;
	regs->sp = fake_exit_sp_valid ? caller_sp : FAKE_EXIT_SP_GARBAGE;
	regs->bp = fake_exit_fp;
#else
	regs = (struct pt_regs *)(caller_sp - sizeof(struct pt_regs) - 16);
	*regs = f->entry_regs;
	regs->ax = retval;
	regs->ip = f->ret_ip;
	regs->sp = caller_sp;
#endif
	fake_exit_fregs = (unsigned long)regs;
	for (i = f->nhooks - 1; i >= 0; i--) {
		struct fake_hook *h = &f->hooks[i];

#ifdef FAKE_FGRAPH
		if (reg_of(h->fp))
			h->fp->exit_handler(h->fp, f->loc, f->ret_ip,
					    (struct ftrace_regs *)regs, h->data);
#else
		/* An unregistered fprobe may be freed memory already. */
		if (!h->rh->stopped && reg_live(h->fp, h->gen)) {
			void *data = h->fp->entry_data_size ? h->data : NULL;

#ifdef KRPC_HAVE_FPROBE_RET_IP
			h->fp->exit_handler(h->fp, f->loc, f->ret_ip, regs, data);
#else
			h->fp->exit_handler(h->fp, f->loc, regs, data);
#endif
		}
#endif
	}
#ifdef CONFIG_ARM64
	ret = regs->regs[0];
#else
	ret = regs->ax;
#endif
	free_frame(f);
	return ret;
}

unsigned long fake_call(unsigned long addr, const unsigned long *args,
			unsigned long retval, unsigned long ret_ip)
{
	return fake_call_exit(fake_call_enter(addr, args, ret_ip), retval);
}

unsigned long fake_frame_caller_sp(struct fake_frame *f)
{
	return (unsigned long)(f->entry_sp + 1);
}

#ifdef CONFIG_ARM64
unsigned long fake_frame_arg(struct fake_frame *f, int n)
{
	return f->entry_regs.regs[n];
}

unsigned long fake_frame_last_arg(struct fake_frame *f)
{
	return f->entry_regs.regs[7];
}
#else
unsigned long fake_frame_arg(struct fake_frame *f, int n)
{
	return regs_get_kernel_argument(&f->entry_regs, n);
}

unsigned long fake_frame_last_arg(struct fake_frame *f)
{
	return f->entry_regs.r9;
}
#endif

struct fprobe *fake_fprobe_at(unsigned long addr, int nth)
{
	unsigned long loc = fake_ftrace_location(addr);
	int i;

	for (i = 0; i < FAKE_MAX_FPROBES; i++)
		if (reg_hooks(&fake_regs[i], loc) && !nth--)
			return fake_regs[i].fp;
	return NULL;
}

bool fake_fprobe_handlers(unsigned long addr, int nth, const void **entry,
			  const void **exit)
{
	unsigned long loc = fake_ftrace_location(addr);
	int i;

	for (i = 0; i < FAKE_MAX_FPROBES; i++) {
		if (reg_hooks(&fake_regs[i], loc) && !nth--) {
			*entry = (const void *)fake_regs[i].fp->entry_handler;
			*exit = (const void *)fake_regs[i].fp->exit_handler;
			return true;
		}
	}
	return false;
}

int fake_fprobes_live(void)
{
	int i, n = 0;

	for (i = 0; i < FAKE_MAX_FPROBES; i++)
		n += !!fake_regs[i].fp;
	return n;
}

void fake_fprobe_reset(void)
{
	int i;

	while (innermost) {
		struct fake_frame *f = innermost;

		innermost = f->outer;
		free_frame(f);
	}
	for (i = 0; i < FAKE_MAX_FPROBES; i++) {
		if (fake_regs[i].rh) {
			fake_regs[i].rh->stopped = true;
			if (!fake_regs[i].rh->in_flight)
				rethook_free(fake_regs[i].rh);
		}
	}
	memset(fake_regs, 0, sizeof(fake_regs));
	fake_exit_sp_valid = false;
	fake_exit_fp = 0;
	fake_exit_fregs = 0;
	fake_fgraph_reserve_fail = false;
	fake_fprobe_register_error = 0;
}
