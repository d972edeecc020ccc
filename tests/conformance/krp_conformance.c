// SPDX-License-Identifier: GPL-2.0
/*
 * Differential conformance test for the kretprobe API
 *
 * This module is written only against the plain kretprobe API of
 * <linux/kprobes.h>. It is built twice from this one source:
 *
 *  - native/: against the stock kernel headers, so the probes are the
 *    kernel's own kretprobes. This build is the oracle.
 *  - compat/: through the kretprobe-compat headers, so the same probes run
 *    on the kretprobe_compat shim.
 *
 * Every check runs at module init and is reported as one KTAP result with
 * pr_info() (no prefix, so the lines in the kernel log are plain KTAP). The
 * probed functions are this module's own noinline, noipa functions, called
 * through function pointers loaded with READ_ONCE() so that gcc can neither
 * inline them nor fold their results (see runtime-facts.md).
 *
 * Where the kernel behaves in a way that is not obvious from the API
 * documentation, the check asserts what native kretprobes do on the Debian
 * 6.1 and 6.12 kernels, and a comment says so.
 *
 * With expect_fire=0 the module runs only the checks that make sense when
 * kprobes are disabled system-wide (/sys/kernel/debug/kprobes/enabled = 0):
 * every registration must still succeed, and no handler may ever run.
 */

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/ptrace.h>
#include <linux/sched/task.h>
#include <linux/stacktrace.h>
#include <linux/string.h>

static bool expect_fire = true;
module_param(expect_fire, bool, 0444);
MODULE_PARM_DESC(expect_fire,
		 "1: handlers must run (default); 0: kprobes are disabled, registrations must succeed and no handler may run");

static unsigned int iterations = 20000;
module_param(iterations, uint, 0444);
MODULE_PARM_DESC(iterations, "calls per thread in the concurrency check");

#define KRP_MAGIC		0x6b72706d61676963UL	/* "krpmagic" */
#define KRP_DELTA		0x1000UL
#define KRP_NPROBES		3
#define KRP_STACK_LEN		32
#define KRP_LOG_LEN		8
#define KRP_RECURSION		5
#define KRP_BLOCK_TIMEOUT	(10 * HZ)
#define KRP_WAIT_TIMEOUT	(5 * HZ)
#define KRP_ENDBR64		0xfa1e0ff3U	/* f3 0f 1e fa */

/* Behaviour switches of the generic handlers, in krp_probe.flags. */
#define KRP_VETO_ODD	BIT(0)	/* entry handler vetoes odd arguments */
#define KRP_SET_RET	BIT(1)	/* return handler adds KRP_DELTA */
#define KRP_STACK	BIT(2)	/* return handler saves a stack trace */
#define KRP_FILL	BIT(3)	/* fill and verify all of ri->data */
#define KRP_PAIR	BIT(4)	/* return value must be krp_f(entry argument) */
#define KRP_SEQ		BIT(5)	/* sequential calls: data must be the last entry's */
#define KRP_LOG		BIT(6)	/* log (argument, return value) per return */

/**
 * struct krp_data - what the entry handler leaves in ri->data
 * @ri: the instance the entry handler ran for
 * @arg: first argument of the probed call
 * @seq: per-probe sequence number of the call
 * @check: a checksum over the fields above
 */
struct krp_data {
	struct kretprobe_instance *ri;
	unsigned long arg;
	unsigned long seq;
	unsigned long check;
};

/**
 * struct krp_probe - a kretprobe wrapped with what its handlers observed
 * @rp: the kretprobe under test
 * @magic: KRP_MAGIC, to check container_of() on get_kretprobe()
 * @flags: KRP_* behaviour switches
 * @entries: entry handler runs (vetoed ones included)
 * @returns: return handler runs
 * @errors: handler-side inconsistencies (alignment, ri->data contents)
 * @pair_errors: return values that do not match the entry argument
 * @seq: sequence counter of the entry handler
 * @last_seq: sequence number the entry handler gave the last call
 * @last_ret: regs_return_value() seen by the last return handler
 * @last_ip: instruction_pointer() seen by the last return handler
 * @last_retaddr: get_kretprobe_retaddr() seen by the last return handler
 * @last_rp: get_kretprobe() seen by the last return handler
 * @entry_rp: get_kretprobe() seen by the last entry handler
 * @stack: stack trace saved by the first return handler with KRP_STACK
 * @nr_stack: entries in @stack
 * @log_arg: entry arguments, in the order the return handlers ran
 * @log_ret: return values, in the order the return handlers ran
 */
struct krp_probe {
	struct kretprobe rp;
	unsigned long magic;
	unsigned long flags;
	atomic_t entries;
	atomic_t returns;
	atomic_t errors;
	atomic_t pair_errors;
	atomic_long_t seq;
	unsigned long last_seq;
	unsigned long last_ret;
	unsigned long last_ip;
	unsigned long last_sp;
	bool last_user;
	unsigned long last_retaddr;
	struct kretprobe *last_rp;
	struct kretprobe *entry_rp;
	unsigned long stack[KRP_STACK_LEN];
	unsigned int nr_stack;
	unsigned long log_arg[KRP_LOG_LEN];
	unsigned long log_ret[KRP_LOG_LEN];
};

static struct krp_probe krp_probes[KRP_NPROBES];
static atomic_t krp_stray;		/* handler runs for no known probe */
static atomic_t krp_block_timeouts;
static DECLARE_COMPLETION(krp_entered);
static DECLARE_COMPLETION(krp_release);
static unsigned long krp_caller_ra;	/* return address into krp_conf_caller() */
static unsigned long krp_caller_sp;	/* krp_conf_caller()'s stack pointer */
static unsigned long krp_sink;

/* ---------------------------------------------------------------------
 * Probed functions. Each computes krp_f() of its argument, so callers and
 * handlers can check every return value.
 */

static inline unsigned long krp_f(unsigned long x)
{
	return x * 3 + 7;
}

static noinline __noipa unsigned long krp_conf_target_a(unsigned long x)
{
	return krp_f(x);
}

static noinline __noipa unsigned long krp_conf_target_b(unsigned long x)
{
	return krp_f(x);
}

static noinline __noipa unsigned long krp_conf_target_addr(unsigned long x)
{
	return krp_f(x);
}

static noinline __noipa unsigned long krp_conf_target_modsym(unsigned long x)
{
	return krp_f(x);
}

static noinline __noipa unsigned long krp_conf_target_pair(unsigned long x)
{
	return krp_f(x);
}

/* Records, on its first (unprobed) call, where it returns to. */
static noinline __noipa unsigned long krp_conf_target_ra(unsigned long x)
{
	if (!READ_ONCE(krp_caller_ra))
		WRITE_ONCE(krp_caller_ra, (unsigned long)__builtin_return_address(0));
	return krp_f(x);
}

/* Sleeps until krp_release is completed: an instance stays in flight. */
static noinline __noipa unsigned long krp_conf_target_block(unsigned long x)
{
	complete(&krp_entered);
	if (!wait_for_completion_timeout(&krp_release, KRP_BLOCK_TIMEOUT))
		atomic_inc(&krp_block_timeouts);
	return krp_f(x);
}

/*
 * Records the first and the last argument passed in a register (x86_64:
 * di and r9; arm64: x0 and x7), for the entry handler's writes to them.
 */
static unsigned long krp_args_first, krp_args_last;

static noinline __noipa unsigned long
krp_conf_target_args(unsigned long a0, unsigned long a1, unsigned long a2,
		     unsigned long a3, unsigned long a4, unsigned long a5,
		     unsigned long a6, unsigned long a7)
{
	WRITE_ONCE(krp_args_first, a0);
#ifdef CONFIG_ARM64
	WRITE_ONCE(krp_args_last, a7);
#else
	WRITE_ONCE(krp_args_last, a5);
#endif
	return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
}

static unsigned long (*krp_fp_args)(unsigned long, unsigned long, unsigned long,
				    unsigned long, unsigned long, unsigned long,
				    unsigned long, unsigned long) = krp_conf_target_args;

static unsigned long (*krp_fp_rec)(unsigned long);

/* krp_conf_target_rec(n) == 1000 + n, through n nested probed calls. */
static noinline __noipa unsigned long krp_conf_target_rec(unsigned long n)
{
	if (!n)
		return 1000;
	return READ_ONCE(krp_fp_rec)(n - 1) + 1;
}

/*
 * The function pointers below are only ever read with READ_ONCE(), a
 * volatile access, so gcc must really load them and call through them.
 */
static unsigned long (*krp_fp_a)(unsigned long) = krp_conf_target_a;
static unsigned long (*krp_fp_b)(unsigned long) = krp_conf_target_b;
static unsigned long (*krp_fp_addr)(unsigned long) = krp_conf_target_addr;
static unsigned long (*krp_fp_modsym)(unsigned long) = krp_conf_target_modsym;
static unsigned long (*krp_fp_ra)(unsigned long) = krp_conf_target_ra;
static unsigned long (*krp_fp_rec)(unsigned long) = krp_conf_target_rec;

/* The caller of checks 4 and 5: not probed, no tail call. */
static noinline __noipa unsigned long krp_conf_caller(unsigned long x)
{
	unsigned long r;

	WRITE_ONCE(krp_caller_sp, current_stack_pointer);
	r = READ_ONCE(krp_fp_ra)(x);

	WRITE_ONCE(krp_sink, r);
	return r;
}

static unsigned long (*krp_fp_caller)(unsigned long) = krp_conf_caller;

#define krp_call(fp, x)	READ_ONCE(fp)(x)

/* ---------------------------------------------------------------------
 * Generic handlers
 */

static unsigned long krp_checksum(const struct krp_data *d)
{
	return (unsigned long)d->ri ^ d->arg ^ (d->seq * 0x9e3779b97f4a7c15UL) ^ KRP_MAGIC;
}

static notrace struct krp_probe *krp_find(struct kretprobe_instance *ri)
{
	struct kretprobe *rp = get_kretprobe(ri);
	int i;

	for (i = 0; i < KRP_NPROBES; i++)
		if (rp == &krp_probes[i].rp)
			return container_of(rp, struct krp_probe, rp);
	atomic_inc(&krp_stray);
	return NULL;
}

static notrace int krp_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct krp_data *d = (struct krp_data *)ri->data;
	struct krp_probe *p = krp_find(ri);
	unsigned long arg;

	if (!p)
		return 1;
	atomic_inc(&p->entries);
	WRITE_ONCE(p->entry_rp, get_kretprobe(ri));
	if ((unsigned long)ri->data % sizeof(long))
		atomic_inc(&p->errors);
	arg = regs_get_kernel_argument(regs, 0);
	if ((p->flags & KRP_VETO_ODD) && (arg & 1))
		return 1;
	if (p->rp.data_size >= sizeof(*d)) {
		d->ri = ri;
		d->arg = arg;
		d->seq = atomic_long_inc_return(&p->seq);
		d->check = krp_checksum(d);
		WRITE_ONCE(p->last_seq, d->seq);
		if (p->flags & KRP_FILL)
			memset(d + 1, (u8)arg, p->rp.data_size - sizeof(*d));
	}
	return 0;
}

static notrace void krp_check_data(struct krp_probe *p,
				   struct kretprobe_instance *ri,
				   unsigned long ret, int n)
{
	struct krp_data *d = (struct krp_data *)ri->data;

	if (d->ri != ri || d->check != krp_checksum(d))
		atomic_inc(&p->errors);
	if ((p->flags & KRP_SEQ) && d->seq != READ_ONCE(p->last_seq))
		atomic_inc(&p->errors);
	if ((p->flags & KRP_PAIR) && ret != krp_f(d->arg))
		atomic_inc(&p->pair_errors);
	if ((p->flags & KRP_FILL) &&
	    memchr_inv(d + 1, (u8)d->arg, p->rp.data_size - sizeof(*d)))
		atomic_inc(&p->errors);
	if ((p->flags & KRP_LOG) && n <= KRP_LOG_LEN) {
		p->log_arg[n - 1] = d->arg;
		p->log_ret[n - 1] = ret;
	}
}

static notrace int krp_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct krp_probe *p = krp_find(ri);
	unsigned long ret;
	int n;

	if (!p)
		return 0;
	ret = regs_return_value(regs);
	n = atomic_inc_return(&p->returns);
	if ((unsigned long)ri->data % sizeof(long))
		atomic_inc(&p->errors);
	WRITE_ONCE(p->last_ret, ret);
	WRITE_ONCE(p->last_ip, instruction_pointer(regs));
	WRITE_ONCE(p->last_sp, kernel_stack_pointer(regs));
	WRITE_ONCE(p->last_user, user_mode(regs));
	WRITE_ONCE(p->last_retaddr, get_kretprobe_retaddr(ri));
	WRITE_ONCE(p->last_rp, get_kretprobe(ri));

	if (p->rp.entry_handler && p->rp.data_size >= sizeof(struct krp_data)) {
		krp_check_data(p, ri, ret, n);
	} else if (p->rp.data_size) {
		/* No entry handler: the data area must still be ours. */
		memset(ri->data, 0x5a, p->rp.data_size);
		if (memchr_inv(ri->data, 0x5a, p->rp.data_size))
			atomic_inc(&p->errors);
	}
	if (p->flags & KRP_SET_RET)
		regs_set_return_value(regs, ret + KRP_DELTA);
	if ((p->flags & KRP_STACK) && !p->nr_stack)
		p->nr_stack = stack_trace_save(p->stack, KRP_STACK_LEN, 0);
	return 0;
}

/**
 * krp_setup() - reset a test probe and point it at a symbol
 * @i: index into krp_probes
 * @sym: symbol to probe, or NULL to leave kp.symbol_name unset
 * @flags: KRP_* behaviour switches
 *
 * The probe gets both generic handlers and room for struct krp_data.
 *
 * Return: the probe.
 */
static struct krp_probe *krp_setup(int i, const char *sym, unsigned long flags)
{
	struct krp_probe *p = &krp_probes[i];

	memset(p, 0, sizeof(*p));
	p->magic = KRP_MAGIC;
	p->flags = flags;
	p->rp.kp.symbol_name = sym;
	p->rp.handler = krp_ret;
	p->rp.entry_handler = krp_entry;
	p->rp.data_size = sizeof(struct krp_data);
	return p;
}

/* ---------------------------------------------------------------------
 * KTAP reporting
 */

static const char *krp_case_name;
static bool krp_case_failed;
static char krp_reason[160];
static const char *krp_skip_reason;	/* a documented difference: SKIP */

/**
 * krp_expect() - record one expectation of the running check
 * @cond: the expectation
 * @fmt: what was expected, printf-style, for the diagnostic line
 *
 * A failed expectation prints a diagnostic line and marks the check as
 * failed; the first one becomes the reason on the 'not ok' line.
 *
 * Return: @cond.
 */
static __printf(2, 3) bool krp_expect(bool cond, const char *fmt, ...)
{
	char buf[sizeof(krp_reason)];
	va_list ap;

	if (cond)
		return true;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pr_info("# %s: %s\n", krp_case_name, buf);
	if (!krp_case_failed)
		strscpy(krp_reason, buf, sizeof(krp_reason));
	krp_case_failed = true;
	return false;
}

#define krp_diag(fmt, ...) pr_info("# %s: " fmt "\n", krp_case_name, ##__VA_ARGS__)

static bool krp_expect_reg(int ret, const char *what)
{
	return krp_expect(ret == 0, "%s returned %d, expected 0", what, ret);
}

/* The probe saw exactly @calls returns and nothing else went wrong. */
static void krp_expect_counts(struct krp_probe *p, int entries, int returns)
{
	krp_expect(atomic_read(&p->entries) == entries,
		   "%s: %d entry handler runs, expected %d",
		   p->rp.kp.symbol_name ?: "probe", atomic_read(&p->entries), entries);
	krp_expect(atomic_read(&p->returns) == returns,
		   "%s: %d return handler runs, expected %d",
		   p->rp.kp.symbol_name ?: "probe", atomic_read(&p->returns), returns);
	krp_expect(!atomic_read(&p->errors),
		   "%d handler-side errors (ri->data alignment or contents)",
		   atomic_read(&p->errors));
}

/* ---------------------------------------------------------------------
 * Kernel threads calling the targets
 */

/**
 * struct krp_worker - a kernel thread calling a target
 * @task: the thread
 * @fn: the target's function pointer (read with READ_ONCE at every call)
 * @arg: argument of the first call; call i passes @arg + i
 * @calls: number of calls
 * @bad: calls whose return value was not krp_f(argument)
 */
struct krp_worker {
	struct task_struct *task;
	unsigned long (*fn)(unsigned long x);
	unsigned long arg;
	unsigned int calls;
	unsigned int bad;
	struct completion done;
};

static int krp_worker_fn(void *data)
{
	struct krp_worker *w = data;
	unsigned int i;

	for (i = 0; i < w->calls; i++) {
		unsigned long x = w->arg + i;

		if (READ_ONCE(w->fn)(x) != krp_f(x))
			w->bad++;
		if (!(i & 1023))
			cond_resched();
	}
	/*
	 * kthread_stop() of a thread that has not run yet never runs its
	 * function: so the stopper waits for this, and the thread for it.
	 */
	complete(&w->done);
	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

static int krp_worker_start(struct krp_worker *w, int id, int cpu)
{
	init_completion(&w->done);
	w->task = kthread_create(krp_worker_fn, w, "krp_conf/%d", id);
	if (IS_ERR(w->task)) {
		int ret = PTR_ERR(w->task);

		w->task = NULL;
		return ret;
	}
	get_task_struct(w->task);
	if (cpu >= 0)
		kthread_bind(w->task, cpu);
	wake_up_process(w->task);
	return 0;
}

static void krp_worker_stop(struct krp_worker *w)
{
	if (!w->task)
		return;
	wait_for_completion(&w->done);
	kthread_stop(w->task);
	put_task_struct(w->task);
	w->task = NULL;
}

static void krp_block_reset(void)
{
	reinit_completion(&krp_entered);
	reinit_completion(&krp_release);
	atomic_set(&krp_block_timeouts, 0);
}

/* ---------------------------------------------------------------------
 * Checks
 */

/* 1. regs_return_value() is what the target returned. */
static void krp_test_return_value(void)
{
	static const unsigned long args[] = {
		0, 1, 0x7fffffffUL, 0x123456789abcdefUL, (unsigned long)-5,
	};
	struct krp_probe *p = krp_setup(0, "krp_conf_target_a", 0);
	unsigned long got[ARRAY_SIZE(args)], seen[ARRAY_SIZE(args)];
	int i;

	if (!krp_expect_reg(register_kretprobe(&p->rp), "register_kretprobe()"))
		return;
	for (i = 0; i < ARRAY_SIZE(args); i++) {
		WRITE_ONCE(p->last_ret, ~krp_f(args[i]));
		got[i] = krp_call(krp_fp_a, args[i]);
		seen[i] = READ_ONCE(p->last_ret);
	}
	unregister_kretprobe(&p->rp);

	krp_expect_counts(p, ARRAY_SIZE(args), ARRAY_SIZE(args));
	for (i = 0; i < ARRAY_SIZE(args); i++) {
		krp_expect(got[i] == krp_f(args[i]), "call %d: caller got %#lx, expected %#lx",
			   i, got[i], krp_f(args[i]));
		krp_expect(seen[i] == krp_f(args[i]),
			   "call %d: regs_return_value() = %#lx, expected %#lx",
			   i, seen[i], krp_f(args[i]));
	}
}

/* 2. get_kretprobe(ri) is the caller's own struct kretprobe. */
static void krp_test_get_kretprobe(void)
{
	struct krp_probe *p = krp_setup(0, "krp_conf_target_a", 0);
	struct kretprobe *seen_entry, *seen_ret;
	int stray = atomic_read(&krp_stray);

	if (!krp_expect_reg(register_kretprobe(&p->rp), "register_kretprobe()"))
		return;
	krp_call(krp_fp_a, 42);
	seen_entry = READ_ONCE(p->entry_rp);
	seen_ret = READ_ONCE(p->last_rp);
	unregister_kretprobe(&p->rp);

	krp_expect(atomic_read(&krp_stray) == stray,
		   "get_kretprobe() returned an unknown kretprobe");
	krp_expect_counts(p, 1, 1);
	krp_expect(seen_entry == &p->rp, "entry handler: get_kretprobe() = %p, expected %p",
		   seen_entry, &p->rp);
	krp_expect(seen_ret == &p->rp, "return handler: get_kretprobe() = %p, expected %p",
		   seen_ret, &p->rp);
	if (seen_ret == &p->rp)
		krp_expect(container_of(seen_ret, struct krp_probe, rp)->magic == KRP_MAGIC,
			   "container_of(get_kretprobe()) has the wrong magic");
}

/*
 * 3. One instance (same ri, same ri->data) serves the entry and the return
 * handler of a call; ri->data is long-aligned; it is usable with no entry
 * handler too.
 */
static void krp_test_instance_data(void)
{
	struct krp_probe *p = krp_setup(0, "krp_conf_target_a", KRP_SEQ | KRP_FILL);
	struct krp_probe *q = krp_setup(1, "krp_conf_target_b", 0);
	int i, ret;

	p->rp.data_size = 256;
	q->rp.entry_handler = NULL;
	q->rp.data_size = 100;
	if (!krp_expect_reg(register_kretprobe(&p->rp), "register_kretprobe(with entry handler)"))
		return;
	ret = register_kretprobe(&q->rp);
	if (!krp_expect_reg(ret, "register_kretprobe(no entry handler)")) {
		unregister_kretprobe(&p->rp);
		return;
	}
	for (i = 0; i < 8; i++) {
		krp_call(krp_fp_a, 100 + i);
		krp_call(krp_fp_b, 200 + i);
	}
	unregister_kretprobe(&q->rp);
	unregister_kretprobe(&p->rp);

	/* krp_expect_counts() covers alignment and the ri->data contents. */
	krp_expect_counts(p, 8, 8);
	krp_expect_counts(q, 0, 8);
}

/* 4. instruction_pointer(regs) == get_kretprobe_retaddr(ri) == the return address. */
static void krp_test_return_address(void)
{
	struct krp_probe *p = krp_setup(0, "krp_conf_target_ra", 0);
	char sym[KSYM_SYMBOL_LEN];
	unsigned long ip, retaddr;

	sprint_symbol(sym, krp_caller_ra);
	if (!krp_expect(str_has_prefix(sym, "krp_conf_caller+"),
			"unprobed return address %s is not in krp_conf_caller", sym))
		return;
	if (!krp_expect_reg(register_kretprobe(&p->rp), "register_kretprobe()"))
		return;
	krp_call(krp_fp_caller, 7);
	ip = READ_ONCE(p->last_ip);
	retaddr = READ_ONCE(p->last_retaddr);
	unregister_kretprobe(&p->rp);

	krp_expect_counts(p, 1, 1);
	krp_expect(ip == krp_caller_ra, "instruction_pointer(regs) = %pS, expected %pS",
		   (void *)ip, (void *)krp_caller_ra);
	krp_expect(retaddr == krp_caller_ra, "get_kretprobe_retaddr(ri) = %pS, expected %pS",
		   (void *)retaddr, (void *)krp_caller_ra);
	sprint_symbol(sym, ip);
	krp_expect(str_has_prefix(sym, "krp_conf_caller+"),
		   "instruction_pointer(regs) %s is not in krp_conf_caller", sym);
}

/*
 * 4b. kernel_stack_pointer(regs) is the caller's stack pointer once the
 * call has returned: what it was just before the call.
 */
static void krp_test_stack_pointer(void)
{
	struct krp_probe *p = krp_setup(0, "krp_conf_target_ra", 0);
	unsigned long sp, want;

	if (!krp_expect_reg(register_kretprobe(&p->rp), "register_kretprobe()"))
		return;
	krp_call(krp_fp_caller, 8);
	sp = READ_ONCE(p->last_sp);
	want = READ_ONCE(krp_caller_sp);
	unregister_kretprobe(&p->rp);

	krp_expect_counts(p, 1, 1);
	krp_expect(sp == want, "kernel_stack_pointer(regs) = %#lx, the caller's is %#lx (%+ld)",
		   sp, want, (long)(sp - want));
}

/*
 * 4c. The return handler's pt_regs is a kernel-mode frame: user_mode(regs)
 * is false (perf callchains and BPF stack walkers give up on a frame that
 * says user mode).
 */
static void krp_test_kernel_mode(void)
{
	struct krp_probe *p = krp_setup(0, "krp_conf_target_ra", 0);
	bool user;

	if (!krp_expect_reg(register_kretprobe(&p->rp), "register_kretprobe()"))
		return;
	krp_call(krp_fp_caller, 8);
	user = READ_ONCE(p->last_user);
	unregister_kretprobe(&p->rp);

	krp_expect_counts(p, 1, 1);
	krp_expect(!user, "user_mode(regs) is true in the return handler");
}

/*
 * 5. stack_trace_save() in the return handler contains the return address
 * in the caller (native 6.1 and 6.12: it does, see runtime-facts.md).
 */
static void krp_test_stack_trace(void)
{
	struct krp_probe *p = krp_setup(0, "krp_conf_target_ra", KRP_STACK);
	unsigned int i;
	bool found = false;

	if (!krp_expect_reg(register_kretprobe(&p->rp), "register_kretprobe()"))
		return;
	krp_call(krp_fp_caller, 9);
	unregister_kretprobe(&p->rp);

	krp_expect_counts(p, 1, 1);
	for (i = 0; i < p->nr_stack; i++)
		found |= p->stack[i] == krp_caller_ra;
	if (!krp_expect(found, "%u-entry stack trace lacks %pS", p->nr_stack,
			(void *)krp_caller_ra))
		for (i = 0; i < p->nr_stack; i++)
			krp_diag("  stack[%u] %pS", i, (void *)p->stack[i]);
}

#define KRP_ARG_DELTA	1000UL

/*
 * Adds KRP_ARG_DELTA to the first register argument and twice that to the
 * last (kprobes' pt_regs at entry are the function's live registers).
 */
static notrace int krp_entry_args(struct kretprobe_instance *ri,
				  struct pt_regs *regs)
{
	struct krp_probe *p = krp_find(ri);

	if (!p)
		return 1;
	atomic_inc(&p->entries);
#ifdef CONFIG_ARM64
	regs->regs[0] += KRP_ARG_DELTA;
	regs->regs[7] += 2 * KRP_ARG_DELTA;
#elif defined(CONFIG_X86_64)
	regs->di += KRP_ARG_DELTA;
	regs->r9 += 2 * KRP_ARG_DELTA;
#endif
	return 0;
}

/*
 * 5b. What the entry handler writes to the argument registers reaches the
 * probed function: the first and the last register argument (LKRG's
 * self-test relies on the first, shared/research/kretprobe-users.md).
 */
static void krp_test_entry_args(void)
{
	struct krp_probe *p = krp_setup(0, "krp_conf_target_args", 0);
	unsigned long got, first, last, sum = 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8;

	p->rp.entry_handler = krp_entry_args;
	p->rp.data_size = 0;
	if (!krp_expect_reg(register_kretprobe(&p->rp), "register_kretprobe()"))
		return;
	got = READ_ONCE(krp_fp_args)(1, 2, 3, 4, 5, 6, 7, 8);
	first = READ_ONCE(krp_args_first);
	last = READ_ONCE(krp_args_last);
	unregister_kretprobe(&p->rp);

	krp_expect_counts(p, 1, 1);
	krp_expect(first == 1 + KRP_ARG_DELTA, "first argument %lu, expected %lu",
		   first, 1 + KRP_ARG_DELTA);
#ifdef CONFIG_ARM64
	krp_expect(last == 8 + 2 * KRP_ARG_DELTA, "x7 argument %lu, expected %lu",
		   last, 8 + 2 * KRP_ARG_DELTA);
#else
	krp_expect(last == 6 + 2 * KRP_ARG_DELTA, "r9 argument %lu, expected %lu",
		   last, 6 + 2 * KRP_ARG_DELTA);
#endif
	krp_expect(got == sum + 3 * KRP_ARG_DELTA, "caller got %lu, expected %lu",
		   got, sum + 3 * KRP_ARG_DELTA);
}

/* 6. regs_set_return_value() in the return handler changes what the caller gets. */
static void krp_test_set_return_value(void)
{
	struct krp_probe *p = krp_setup(0, "krp_conf_target_a", KRP_SET_RET);
	unsigned long got, seen, after;

	if (!krp_expect_reg(register_kretprobe(&p->rp), "register_kretprobe()"))
		return;
	got = krp_call(krp_fp_a, 5);
	seen = READ_ONCE(p->last_ret);
	unregister_kretprobe(&p->rp);
	after = krp_call(krp_fp_a, 5);

	krp_expect_counts(p, 1, 1);
	krp_expect(seen == krp_f(5), "handler saw %#lx, expected %#lx", seen, krp_f(5));
	krp_expect(got == krp_f(5) + KRP_DELTA, "caller got %#lx, expected %#lx",
		   got, krp_f(5) + KRP_DELTA);
	krp_expect(after == krp_f(5), "after unregister the caller got %#lx, expected %#lx",
		   after, krp_f(5));
}

/* 7. A non-zero entry handler return skips the return handler, no nmissed. */
static void krp_test_entry_veto(void)
{
	struct krp_probe *p = krp_setup(0, "krp_conf_target_a", KRP_VETO_ODD);
	int i, bad = 0, nmissed;

	if (!krp_expect_reg(register_kretprobe(&p->rp), "register_kretprobe()"))
		return;
	for (i = 0; i < 10; i++)
		bad += krp_call(krp_fp_a, i) != krp_f(i);
	nmissed = p->rp.nmissed;
	unregister_kretprobe(&p->rp);

	krp_expect_counts(p, 10, 5);
	krp_expect(!bad, "%d calls returned a wrong value", bad);
	krp_expect(nmissed == 0, "rp->nmissed = %d after 5 vetoes, expected 0", nmissed);
}

/* 8. handler == NULL is legal, with or without an entry handler. */
static void krp_test_null_handler(void)
{
	struct krp_probe *p = krp_setup(0, "krp_conf_target_a", 0);
	struct krp_probe *q = krp_setup(1, "krp_conf_target_b", 0);
	int i, ret, bad = 0;

	p->rp.handler = NULL;
	q->rp.handler = NULL;
	q->rp.entry_handler = NULL;
	if (!krp_expect_reg(register_kretprobe(&p->rp), "register_kretprobe(entry handler only)"))
		return;
	ret = register_kretprobe(&q->rp);
	if (!krp_expect_reg(ret, "register_kretprobe(no handlers)")) {
		unregister_kretprobe(&p->rp);
		return;
	}
	for (i = 0; i < 3; i++) {
		bad += krp_call(krp_fp_a, i) != krp_f(i);
		bad += krp_call(krp_fp_b, i) != krp_f(i);
	}
	unregister_kretprobe(&p->rp);
	unregister_kretprobe(&q->rp);

	krp_expect_counts(p, 3, 0);
	krp_expect_counts(q, 0, 0);
	krp_expect(!bad, "%d calls returned a wrong value", bad);
}

/* 9. data_size up to KRETPROBE_MAX_DATA_SIZE (4096) registers; 4097 is -E2BIG. */
static void krp_test_data_size_limit(void)
{
	struct krp_probe *p = krp_setup(0, "krp_conf_target_a", KRP_FILL | KRP_SEQ);
	int ret, i;

	p->rp.data_size = 4096;
	if (krp_expect_reg(register_kretprobe(&p->rp), "register_kretprobe(data_size 4096)")) {
		for (i = 0; i < 3; i++)
			krp_call(krp_fp_a, 0x11 * (i + 1));
		unregister_kretprobe(&p->rp);
		/* The 4096 bytes are filled and verified by the handlers. */
		if (expect_fire)
			krp_expect_counts(p, 3, 3);
		else
			krp_expect_counts(p, 0, 0);
	}

	p = krp_setup(0, "krp_conf_target_a", 0);
	p->rp.data_size = 4097;
	ret = register_kretprobe(&p->rp);
	if (!ret)
		unregister_kretprobe(&p->rp);
	krp_expect(ret == -E2BIG, "register_kretprobe(data_size 4097) = %d, expected %d",
		   ret, -E2BIG);
}

/*
 * 10a. maxactive = 0 picks the default. Native 6.1.0-56 and 6.12 write
 * max(10, 2 * num_possible_cpus()) back into rp->maxactive.
 */
static void krp_test_maxactive_default(void)
{
	struct krp_probe *p = krp_setup(0, "krp_conf_target_a", 0);
	int want = max_t(int, 10, 2 * num_possible_cpus());
	int got;

	if (!krp_expect_reg(register_kretprobe(&p->rp), "register_kretprobe()"))
		return;
	got = p->rp.maxactive;
	unregister_kretprobe(&p->rp);
	krp_diag("rp->maxactive after register = %d (num_possible_cpus() = %u)",
		 got, num_possible_cpus());
	krp_expect(got == want, "rp->maxactive = %d, expected %d", got, want);
}

static int krp_exhaust_nmissed = -1;
static int krp_exhaust_kp_nmissed = -1;

/*
 * 10b. maxactive = 1 and two threads asleep in the target at the same time:
 * the second call finds no free instance, is counted in rp->nmissed, and
 * its entry handler does not run.
 */
static void krp_test_maxactive_exhaustion(void)
{
	struct krp_probe *p = krp_setup(0, "krp_conf_target_block", 0);
	struct krp_worker w[2] = {
		{ .fn = krp_conf_target_block, .arg = 1, .calls = 1 },
		{ .fn = krp_conf_target_block, .arg = 2, .calls = 1 },
	};
	unsigned long left[2];
	int i, ret, hits;

	p->rp.maxactive = 1;
	krp_block_reset();
	if (!krp_expect_reg(register_kretprobe(&p->rp), "register_kretprobe()"))
		return;
	for (i = 0; i < 2; i++) {
		ret = krp_worker_start(&w[i], i, -1);
		if (!krp_expect(!ret, "kthread_create() = %d", ret))
			break;
		left[i] = wait_for_completion_timeout(&krp_entered, KRP_WAIT_TIMEOUT);
		krp_expect(left[i], "thread %d never entered the target", i);
	}
	complete_all(&krp_release);
	krp_worker_stop(&w[0]);
	krp_worker_stop(&w[1]);
	krp_exhaust_nmissed = p->rp.nmissed;
	krp_exhaust_kp_nmissed = p->rp.kp.nmissed;
	unregister_kretprobe(&p->rp);

	hits = atomic_read(&p->returns);
	krp_diag("hits %d, rp->nmissed %d, rp->kp.nmissed %d", hits,
		 krp_exhaust_nmissed, krp_exhaust_kp_nmissed);
	krp_expect_counts(p, 1, 1);
	krp_expect(krp_exhaust_nmissed == 1, "rp->nmissed = %d, expected 1",
		   krp_exhaust_nmissed);
	krp_expect(hits + krp_exhaust_nmissed == 2, "hits %d + misses %d != 2 calls",
		   hits, krp_exhaust_nmissed);
	krp_expect(!w[0].bad && !w[1].bad, "a thread got a wrong return value");
	krp_expect(!atomic_read(&krp_block_timeouts), "the blocked target timed out");
}

/* 11a. disable_kretprobe() stops hits, enable_kretprobe() restores them. */
static void krp_test_disable_enable(void)
{
	struct krp_probe *p = krp_setup(0, "krp_conf_target_a", 0);
	int dis, en, hits_disabled, i;

	if (!krp_expect_reg(register_kretprobe(&p->rp), "register_kretprobe()"))
		return;
	krp_call(krp_fp_a, 1);
	dis = disable_kretprobe(&p->rp);
	for (i = 0; i < 3; i++)
		krp_call(krp_fp_a, 2);
	hits_disabled = atomic_read(&p->returns);
	en = enable_kretprobe(&p->rp);
	krp_call(krp_fp_a, 3);
	unregister_kretprobe(&p->rp);

	krp_expect(!dis, "disable_kretprobe() = %d", dis);
	krp_expect(!en, "enable_kretprobe() = %d", en);
	krp_expect(hits_disabled == 1, "%d hits after 1 enabled call and 3 disabled ones",
		   hits_disabled);
	krp_expect_counts(p, 2, 2);
}

/* 11b. KPROBE_FLAG_DISABLED before register: registered, silent until enabled. */
static void krp_test_register_disabled(void)
{
	struct krp_probe *p = krp_setup(0, "krp_conf_target_a", 0);
	int en, hits_disabled, bad = 0;

	p->rp.kp.flags = KPROBE_FLAG_DISABLED;
	if (!krp_expect_reg(register_kretprobe(&p->rp), "register_kretprobe(disabled)"))
		return;
	bad += krp_call(krp_fp_a, 1) != krp_f(1);
	hits_disabled = atomic_read(&p->returns) + atomic_read(&p->entries);
	en = enable_kretprobe(&p->rp);
	bad += krp_call(krp_fp_a, 2) != krp_f(2);
	unregister_kretprobe(&p->rp);

	krp_expect(!hits_disabled, "%d handler runs while disabled", hits_disabled);
	krp_expect(!en, "enable_kretprobe() = %d", en);
	krp_expect(!bad, "%d calls returned a wrong value", bad);
	if (expect_fire)
		krp_expect_counts(p, 1, 1);
	else
		krp_expect_counts(p, 0, 0);
}

/*
 * 12. unregister_kretprobe() while an instance is in flight (a thread is
 * asleep inside the target). Native 6.1 and 6.12 (rethook): unregister
 * clears the rethook handler, so the return handler of the in-flight
 * instance never runs, and the thread still returns to its caller with the
 * right value. We assert exactly that.
 */
static void krp_test_unregister_in_flight(void)
{
	struct krp_probe *p = krp_setup(0, "krp_conf_target_block", 0);
	struct krp_worker w = { .fn = krp_conf_target_block, .arg = 77, .calls = 1 };
	int ret, returns_at_unreg;
	unsigned long entered;

	krp_block_reset();
	if (!krp_expect_reg(register_kretprobe(&p->rp), "register_kretprobe()"))
		return;
	ret = krp_worker_start(&w, 0, -1);
	if (!krp_expect(!ret, "kthread_create() = %d", ret)) {
		unregister_kretprobe(&p->rp);
		return;
	}
	entered = wait_for_completion_timeout(&krp_entered, KRP_WAIT_TIMEOUT);
	unregister_kretprobe(&p->rp);
	returns_at_unreg = atomic_read(&p->returns);
	complete_all(&krp_release);
	krp_worker_stop(&w);

	krp_expect(entered, "the thread never entered the target");
	krp_expect(!returns_at_unreg, "return handler ran before the target returned");
	krp_diag("in-flight instance: %d return handler runs after unregister",
		 atomic_read(&p->returns) - returns_at_unreg);
	krp_expect_counts(p, 1, 0);
	krp_expect(!w.bad, "the thread got a wrong return value");
	krp_expect(!atomic_read(&krp_block_timeouts), "the blocked target timed out");
}

/* 13. A struct kretprobe can be registered again after unregister. */
static void krp_test_reregister(void)
{
	struct krp_probe *p = krp_setup(0, "krp_conf_target_a", 0);
	int ret, hits[3];

	if (!krp_expect_reg(register_kretprobe(&p->rp), "register_kretprobe(first)"))
		return;
	krp_call(krp_fp_a, 1);
	unregister_kretprobe(&p->rp);
	hits[0] = atomic_read(&p->returns);

	/* Like lib/test_kprobes.c KP_CLEAR(). */
	p->rp.kp.addr = NULL;
	p->rp.kp.flags = 0;
	ret = register_kretprobe(&p->rp);
	if (!krp_expect_reg(ret, "register_kretprobe(after KP_CLEAR)"))
		return;
	krp_call(krp_fp_a, 2);
	unregister_kretprobe(&p->rp);
	hits[1] = atomic_read(&p->returns);

	p = krp_setup(0, "krp_conf_target_a", 0);
	ret = register_kretprobe(&p->rp);
	if (!krp_expect_reg(ret, "register_kretprobe(after memset)"))
		return;
	krp_call(krp_fp_a, 3);
	unregister_kretprobe(&p->rp);
	hits[2] = atomic_read(&p->returns);
	krp_call(krp_fp_a, 4);

	krp_expect(hits[0] == 1, "first registration: %d hits, expected 1", hits[0]);
	krp_expect(hits[1] == 2, "after KP_CLEAR: %d hits in total, expected 2", hits[1]);
	krp_expect(hits[2] == 1, "after memset: %d hits, expected 1", hits[2]);
	krp_expect_counts(p, 1, 1);
}

/* 14a. register_kretprobes() / unregister_kretprobes() with an array. */
static void krp_test_register_array(void)
{
	struct krp_probe *p = krp_setup(0, "krp_conf_target_a", 0);
	struct krp_probe *q = krp_setup(1, "krp_conf_target_b", 0);
	struct kretprobe *rps[] = { &p->rp, &q->rp };

	if (!krp_expect_reg(register_kretprobes(rps, ARRAY_SIZE(rps)), "register_kretprobes()"))
		return;
	krp_call(krp_fp_a, 1);
	krp_call(krp_fp_b, 2);
	krp_call(krp_fp_b, 3);
	unregister_kretprobes(rps, ARRAY_SIZE(rps));
	krp_call(krp_fp_a, 4);
	krp_call(krp_fp_b, 5);

	if (expect_fire) {
		krp_expect_counts(p, 1, 1);
		krp_expect_counts(q, 2, 2);
		krp_expect(p->last_ret == krp_f(1) && q->last_ret == krp_f(3),
			   "each probe must see its own target's return values");
	} else {
		krp_expect_counts(p, 0, 0);
		krp_expect_counts(q, 0, 0);
	}
}

/*
 * 14c. A batch keeps every kretprobe independent: two on the same function
 * and one elsewhere, with their own data_size and maxactive, registered
 * together; one unregistered alone while the others keep firing; one
 * disabled and enabled inside the batch.
 */
static void krp_test_batch_independence(void)
{
	struct krp_probe *p = krp_setup(0, "krp_conf_target_a", 0);
	struct krp_probe *q = krp_setup(1, "krp_conf_target_b", 0);
	struct krp_probe *r = krp_setup(2, "krp_conf_target_a", 0);
	struct kretprobe *rps[] = { &p->rp, &q->rp, &r->rp };
	struct kretprobe *rest[] = { &q->rp, &r->rp };
	int dis, en;

	q->rp.data_size = KRETPROBE_MAX_DATA_SIZE;
	p->rp.maxactive = 3;
	r->rp.maxactive = 7;
	if (!krp_expect_reg(register_kretprobes(rps, ARRAY_SIZE(rps)), "register_kretprobes()"))
		return;
	krp_call(krp_fp_a, 1);
	krp_call(krp_fp_b, 2);
	unregister_kretprobe(&p->rp);
	krp_call(krp_fp_a, 3);
	dis = disable_kretprobe(&q->rp);
	krp_call(krp_fp_b, 4);
	en = enable_kretprobe(&q->rp);
	krp_call(krp_fp_b, 5);
	unregister_kretprobes(rest, ARRAY_SIZE(rest));
	krp_call(krp_fp_a, 6);
	krp_call(krp_fp_b, 7);

	krp_expect(!dis && !en, "disable_kretprobe() = %d, enable_kretprobe() = %d", dis, en);
	krp_expect(p->rp.maxactive == 3 && r->rp.maxactive == 7,
		   "maxactive changed to %d and %d", p->rp.maxactive, r->rp.maxactive);
	if (expect_fire) {
		krp_expect_counts(p, 1, 1);
		krp_expect_counts(q, 2, 2);
		krp_expect_counts(r, 2, 2);
		krp_expect(p->last_ret == krp_f(1) && r->last_ret == krp_f(3) &&
			   q->last_ret == krp_f(5),
			   "last return values %lu %lu %lu", p->last_ret, q->last_ret, r->last_ret);
	} else {
		krp_expect_counts(p, 0, 0);
		krp_expect_counts(q, 0, 0);
		krp_expect_counts(r, 0, 0);
	}
}

/*
 * 14b. register_kretprobes() rolls back: the 2nd element has an unknown
 * symbol, the call fails with -ENOENT and the 1st element is unregistered.
 */
static void krp_test_register_array_rollback(void)
{
	struct krp_probe *p = krp_setup(0, "krp_conf_target_a", 0);
	struct krp_probe *q = krp_setup(1, "krp_conf_no_such_symbol", 0);
	struct kretprobe *rps[] = { &p->rp, &q->rp };
	int ret;

	ret = register_kretprobes(rps, ARRAY_SIZE(rps));
	if (!ret)
		unregister_kretprobes(rps, ARRAY_SIZE(rps));
	krp_call(krp_fp_a, 1);

	krp_expect(ret == -ENOENT, "register_kretprobes() = %d, expected %d", ret, -ENOENT);
	krp_expect_counts(p, 0, 0);
	krp_expect_counts(q, 0, 0);
}

/* Where a probe on function @fn is placed: after ENDBR64 on IBT kernels. */
static unsigned long krp_probe_point(const void *fn)
{
	unsigned long addr = (unsigned long)fn;

	if (IS_ENABLED(CONFIG_X86_KERNEL_IBT) && *(const u32 *)fn == KRP_ENDBR64)
		addr += 4;
	return addr;
}

/*
 * 15. kp.addr instead of kp.symbol_name works; after a symbol registration
 * kp.addr is filled in. Native 6.12 (IBT): kp.addr = function + 4, past
 * the ENDBR64, in both cases. Native 6.1 (no IBT): kp.addr = function.
 */
static void krp_test_kp_addr(void)
{
	/* Loaded at run time: objtool rejects a constant "function + 4". */
	unsigned long fn = (unsigned long)READ_ONCE(krp_fp_addr);
	unsigned long want = krp_probe_point((void *)fn);
	struct krp_probe *p = krp_setup(0, NULL, 0);
	unsigned long by_addr, by_sym;
	int bad = 0;

	p->rp.kp.addr = (kprobe_opcode_t *)fn;
	if (!krp_expect_reg(register_kretprobe(&p->rp), "register_kretprobe(kp.addr)"))
		return;
	bad += krp_call(krp_fp_addr, 3) != krp_f(3);
	by_addr = (unsigned long)p->rp.kp.addr;
	unregister_kretprobe(&p->rp);
	if (expect_fire)
		krp_expect_counts(p, 1, 1);
	else
		krp_expect_counts(p, 0, 0);

	p = krp_setup(0, "krp_conf_target_addr", 0);
	if (!krp_expect_reg(register_kretprobe(&p->rp), "register_kretprobe(symbol_name)"))
		return;
	by_sym = (unsigned long)p->rp.kp.addr;
	bad += krp_call(krp_fp_addr, 4) != krp_f(4);
	unregister_kretprobe(&p->rp);

	krp_diag("kp.addr = function%+ld when given kp.addr, function%+ld after symbol registration",
		 (long)(by_addr - fn),
		 (long)(by_sym - fn));
	krp_expect(by_addr == want, "kp.addr = %pS after registering by address, expected %pS",
		   (void *)by_addr, (void *)want);
	krp_expect(by_sym == want, "kp.addr = %pS after registering by symbol, expected %pS",
		   (void *)by_sym, (void *)want);
	krp_expect(!bad, "%d calls returned a wrong value", bad);
	if (expect_fire)
		krp_expect_counts(p, 1, 1);
	else
		krp_expect_counts(p, 0, 0);
}

/* 16. "module:symbol" names a function of this module. */
static void krp_test_module_symbol(void)
{
	struct krp_probe *p = krp_setup(0, KBUILD_MODNAME ":krp_conf_target_modsym", 0);
	unsigned long got;

	if (!krp_expect_reg(register_kretprobe(&p->rp),
			    "register_kretprobe(\"" KBUILD_MODNAME ":krp_conf_target_modsym\")"))
		return;
	got = krp_call(krp_fp_modsym, 8);
	unregister_kretprobe(&p->rp);

	krp_expect(got == krp_f(8), "caller got %#lx, expected %#lx", got, krp_f(8));
	if (expect_fire) {
		krp_expect_counts(p, 1, 1);
		krp_expect(p->last_ret == krp_f(8), "handler saw %#lx", p->last_ret);
	} else {
		krp_expect_counts(p, 0, 0);
	}
}

static void krp_expect_error(struct krp_probe *p, int want, const char *what)
{
	int ret = register_kretprobe(&p->rp);

	if (!ret)
		unregister_kretprobe(&p->rp);
	krp_expect(ret == want, "%s: register_kretprobe() = %d, expected %d", what, ret, want);
}

/*
 * 17. Error codes of register_kretprobe().
 *
 * Double registration is tested with kp.symbol_name only: the first
 * registration filled in kp.addr, so the second one fails the "symbol_name
 * and addr both set" test with -EINVAL, quietly. Registering a live probe
 * that was given by kp.addr alone is left out on purpose: native 6.1 and
 * 6.12 return -EINVAL there but also WARN_ON_ONCE() (warn_kprobe_rereg()),
 * which the harness (panic_on_warn=1) counts as a failure.
 */
static void krp_test_error_codes(void)
{
	struct krp_probe *p;
	int ret, hits;

	p = krp_setup(0, "krp_conf_no_such_symbol", 0);
	krp_expect_error(p, -ENOENT, "unknown symbol");

	p = krp_setup(0, "krp_conf_target_a", 0);
	p->rp.kp.offset = 8;
	krp_expect_error(p, -EINVAL, "kp.offset = 8");

	p = krp_setup(0, "krp_conf_target_a", 0);
	p->rp.kp.addr = (kprobe_opcode_t *)krp_conf_target_a;
	krp_expect_error(p, -EINVAL, "both symbol_name and addr");

	p = krp_setup(0, NULL, 0);
	krp_expect_error(p, -EINVAL, "neither symbol_name nor addr");

	p = krp_setup(0, "krp_conf_target_a", 0);
	if (!krp_expect_reg(register_kretprobe(&p->rp), "register_kretprobe(live)"))
		return;
	ret = register_kretprobe(&p->rp);
	/* The first registration must survive the failed second one. */
	krp_call(krp_fp_a, 1);
	hits = atomic_read(&p->returns);
	unregister_kretprobe(&p->rp);
	krp_expect(ret == -EINVAL, "double registration: register_kretprobe() = %d, expected %d",
		   ret, -EINVAL);
	krp_expect(hits == (expect_fire ? 1 : 0),
		   "live probe had %d hits after the failed re-registration", hits);

	krp_expect(!atomic_read(&krp_stray), "a handler ran for a probe that failed to register");
}

/*
 * 18. Two threads (one per CPU when there are two) call the target with
 * distinct arguments; every return handler must pair with its own entry
 * (ri->data holds the argument) and nothing may be missed.
 */
static void krp_test_concurrency(void)
{
	struct krp_probe *p = krp_setup(0, "krp_conf_target_pair", KRP_PAIR);
	struct krp_worker w[2] = {
		{ .fn = krp_conf_target_pair, .arg = 0x10000000UL, .calls = iterations },
		{ .fn = krp_conf_target_pair, .arg = 0x20000000UL, .calls = iterations },
	};
	int i, ret, nmissed, calls = 0;
	bool two_cpus = num_online_cpus() >= 2 && cpu_online(0) && cpu_online(1);

	p->rp.maxactive = 64;
	if (!krp_expect_reg(register_kretprobe(&p->rp), "register_kretprobe()"))
		return;
	for (i = 0; i < 2; i++) {
		ret = krp_worker_start(&w[i], i, two_cpus ? i : -1);
		if (krp_expect(!ret, "kthread_create() = %d", ret))
			calls += w[i].calls;
	}
	krp_worker_stop(&w[0]);
	krp_worker_stop(&w[1]);
	nmissed = p->rp.nmissed;
	unregister_kretprobe(&p->rp);

	krp_diag("%d calls on %s, %d hits, %d missed, %d pairing errors", calls,
		 two_cpus ? "CPUs 0 and 1" : "any CPU", atomic_read(&p->returns),
		 nmissed, atomic_read(&p->pair_errors));
	krp_expect_counts(p, calls, calls);
	krp_expect(!nmissed, "rp->nmissed = %d, expected 0", nmissed);
	krp_expect(!atomic_read(&p->pair_errors), "%d return values did not match their entry",
		   atomic_read(&p->pair_errors));
	krp_expect(!w[0].bad && !w[1].bad, "callers got %u + %u wrong return values",
		   w[0].bad, w[1].bad);
}

/*
 * 19. Recursion through the probed function: 5 nested instances, whose
 * return handlers run innermost first (LIFO) with the right values.
 */
static void krp_test_recursion(void)
{
	struct krp_probe *p = krp_setup(0, "krp_conf_target_rec", KRP_LOG);
	unsigned long got;
	int i;

	if (!krp_expect_reg(register_kretprobe(&p->rp), "register_kretprobe()"))
		return;
	got = krp_call(krp_fp_rec, KRP_RECURSION - 1);
	unregister_kretprobe(&p->rp);

	krp_expect_counts(p, KRP_RECURSION, KRP_RECURSION);
	krp_expect(got == 1000 + KRP_RECURSION - 1, "caller got %lu, expected %d", got,
		   1000 + KRP_RECURSION - 1);
	for (i = 0; i < KRP_RECURSION && i < atomic_read(&p->returns); i++)
		krp_expect(p->log_arg[i] == i && p->log_ret[i] == 1000 + i,
			   "return #%d: depth argument %lu value %lu, expected %d and %d",
			   i, p->log_arg[i], p->log_ret[i], i, 1000 + i);
}

/* 20. rp->nmissed counted the exhaustion of 10b; rp->kp.nmissed is readable. */
static void krp_test_nmissed_fields(void)
{
	krp_diag("after 10b: rp->nmissed = %d, rp->kp.nmissed = %d",
		 krp_exhaust_nmissed, krp_exhaust_kp_nmissed);
	krp_expect(krp_exhaust_nmissed == 1, "rp->nmissed = %d, expected 1",
		   krp_exhaust_nmissed);
	/* Native: kp.nmissed counts kprobe-level misses only, none here. */
	krp_expect(krp_exhaust_kp_nmissed == 0, "rp->kp.nmissed = %d, expected 0",
		   krp_exhaust_kp_nmissed);
}

/*
 * 21. kprobes disabled (expect_fire=0): a plain probe registers, the target
 * runs normally, no handler runs. With native kretprobes this is the
 * deprecation scenario: probes that silently never fire.
 */
static void krp_test_kprobes_off(void)
{
	struct krp_probe *p = krp_setup(0, "krp_conf_target_a", 0);
	int i, bad = 0, nmissed;

	if (!krp_expect_reg(register_kretprobe(&p->rp), "register_kretprobe()"))
		return;
	for (i = 0; i < 100; i++)
		bad += krp_call(krp_fp_a, i) != krp_f(i);
	nmissed = p->rp.nmissed;
	unregister_kretprobe(&p->rp);

	krp_diag("100 calls: %d entries, %d returns, rp->nmissed %d",
		 atomic_read(&p->entries), atomic_read(&p->returns), nmissed);
	krp_expect_counts(p, 0, 0);
	krp_expect(!bad, "%d calls returned a wrong value", bad);
}

/* ---------------------------------------------------------------------
 * The plan
 */

enum krp_mode {
	KRP_FIRE = BIT(0),	/* run with expect_fire=1 */
	KRP_NOFIRE = BIT(1),	/* run with expect_fire=0 */
	KRP_BOTH = KRP_FIRE | KRP_NOFIRE,
};

struct krp_case {
	const char *name;
	void (*run)(void);
	unsigned int modes;
};

static const struct krp_case krp_cases[] = {
	{ "return_value", krp_test_return_value, KRP_FIRE },
	{ "get_kretprobe", krp_test_get_kretprobe, KRP_FIRE },
	{ "instance_data", krp_test_instance_data, KRP_FIRE },
	{ "return_address", krp_test_return_address, KRP_FIRE },
	{ "stack_pointer", krp_test_stack_pointer, KRP_FIRE },
	{ "kernel_mode", krp_test_kernel_mode, KRP_FIRE },
	{ "stack_trace", krp_test_stack_trace, KRP_FIRE },
	{ "entry_args", krp_test_entry_args, KRP_FIRE },
	{ "set_return_value", krp_test_set_return_value, KRP_FIRE },
	{ "entry_handler_veto", krp_test_entry_veto, KRP_FIRE },
	{ "null_handler", krp_test_null_handler, KRP_FIRE },
	{ "data_size_limit", krp_test_data_size_limit, KRP_BOTH },
	{ "maxactive_default", krp_test_maxactive_default, KRP_FIRE },
	{ "maxactive_exhaustion", krp_test_maxactive_exhaustion, KRP_FIRE },
	{ "disable_enable", krp_test_disable_enable, KRP_FIRE },
	{ "register_disabled", krp_test_register_disabled, KRP_BOTH },
	{ "unregister_in_flight", krp_test_unregister_in_flight, KRP_FIRE },
	{ "reregister", krp_test_reregister, KRP_FIRE },
	{ "register_array", krp_test_register_array, KRP_BOTH },
	{ "register_array_rollback", krp_test_register_array_rollback, KRP_BOTH },
	{ "batch_independence", krp_test_batch_independence, KRP_BOTH },
	{ "kp_addr", krp_test_kp_addr, KRP_BOTH },
	{ "module_symbol", krp_test_module_symbol, KRP_BOTH },
	{ "error_codes", krp_test_error_codes, KRP_BOTH },
	{ "concurrency", krp_test_concurrency, KRP_FIRE },
	{ "recursion", krp_test_recursion, KRP_FIRE },
	{ "nmissed_fields", krp_test_nmissed_fields, KRP_FIRE },
	{ "kprobes_off_no_fire", krp_test_kprobes_off, KRP_NOFIRE },
};

static int __init krp_conformance_init(void)
{
	unsigned int mode = expect_fire ? KRP_FIRE : KRP_NOFIRE;
	unsigned int i, n = 0, plan = 0, failed = 0;

	for (i = 0; i < ARRAY_SIZE(krp_cases); i++)
		plan += !!(krp_cases[i].modes & mode);

	/* Record where krp_conf_target_ra() returns to, unprobed. */
	krp_call(krp_fp_caller, 0);

	pr_info("KTAP version 1\n");
	pr_info("1..%u\n", plan);
	pr_info("# %s: expect_fire=%d, %u possible CPUs, %u online\n", KBUILD_MODNAME,
		expect_fire, num_possible_cpus(), num_online_cpus());

	for (i = 0; i < ARRAY_SIZE(krp_cases); i++) {
		const struct krp_case *c = &krp_cases[i];
		int stray = atomic_read(&krp_stray);

		if (!(c->modes & mode))
			continue;
		krp_case_name = c->name;
		krp_case_failed = false;
		krp_reason[0] = '\0';
		krp_skip_reason = NULL;
		c->run();
		krp_expect(atomic_read(&krp_stray) == stray,
			   "handlers ran for an unknown kretprobe");
		n++;
		if (krp_case_failed) {
			failed++;
			pr_info("not ok %u %s # %s\n", n, c->name, krp_reason);
		} else if (krp_skip_reason) {
			pr_info("ok %u %s # SKIP %s\n", n, c->name, krp_skip_reason);
		} else {
			pr_info("ok %u %s\n", n, c->name);
		}
	}
	pr_info("# %s: %u passed, %u failed\n", KBUILD_MODNAME, n - failed, failed);
	return 0;
}

static void __exit krp_conformance_exit(void)
{
	/* Every check unregisters its probes before it reports. */
	pr_info("# %s: unloaded\n", KBUILD_MODNAME);
}

module_init(krp_conformance_init);
module_exit(krp_conformance_exit);

MODULE_DESCRIPTION("Differential conformance test of the kretprobe API");
MODULE_LICENSE("GPL");
