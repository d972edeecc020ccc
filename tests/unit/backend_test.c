// SPDX-License-Identifier: GPL-2.0
/*
 * backend_test.c - the fprobe backend of the era being built, driven through
 * the real frontend (core.c) and fake calls of probed functions:
 * shim/fprobe_fgraph.c for 6.14+ (ftrace_regs handlers, the shim's own
 * instance pool), shim/fprobe_rethook.c for 6.12 (pt_regs handlers with
 * ret_ip, instances in rethook entry data) and 6.1.60+ stable (the same
 * with a void entry handler, no ret_ip). On arm64 (6.14-arm64) the same
 * fprobe_fgraph.c, over an ftrace_regs that is not a pt_regs, with
 * kprobes that do not sit on ftrace.
 */
#include <stdio.h>
#include <string.h>

/* The legacy registration wrappers of the header are tested here too. */
#define KRETPROBE_COMPAT_LEGACY

#include <linux/ftrace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>

#include "call.h"
#include "pool.h"

#include "fake.h"
#include "ktap.h"


#define RET_IP		0xffffffff81234567UL
#define RET_IP2		0xffffffff81abcdefUL
#define DATA_MAGIC	0x5a

static const unsigned long args[6] = { 11, 22, 33, 44, 55, 66 };

/* What the handlers saw, and what they are told to do. */
static struct {
	int entries, returns;
	int entry_ret;			/* entry handler's return */
	bool set_retval;
	unsigned long new_retval;
	bool fill_data;			/* write the call's tag over data */
	unsigned long tag;		/* the tag the next entry writes */
	unsigned long data_tag_seen;	/* what the last return found */
	bool data_intact;
	unsigned long retval_seen;
	unsigned long ip_seen, retaddr_seen, entry_retaddr_seen;
	unsigned long sp_seen, fp_seen;
	unsigned long arg0_seen, arg1_seen;
	struct krpc_kretprobe *rp_seen, *entry_rp_seen;
	struct task_struct *task_seen;
} seen;

static int entry_h(struct krpc_kretprobe_instance *ri, struct pt_regs *regs)
{
	struct krpc_kretprobe *rp = krpc_get_kretprobe(ri);

	seen.entries++;
	seen.entry_rp_seen = rp;
	seen.entry_retaddr_seen = krpc_get_kretprobe_retaddr(ri);
	seen.arg0_seen = regs_get_kernel_argument(regs, 0);
	seen.arg1_seen = regs_get_kernel_argument(regs, 1);
	if (seen.fill_data && rp->data_size >= sizeof(long)) {
		memset(ri->data, DATA_MAGIC, rp->data_size);
		memcpy(ri->data, &seen.tag, sizeof(long));
	}
	return seen.entry_ret;
}

static int return_h(struct krpc_kretprobe_instance *ri, struct pt_regs *regs)
{
	struct krpc_kretprobe *rp = krpc_get_kretprobe(ri);
	size_t i;

	seen.returns++;
	seen.rp_seen = rp;
	seen.task_seen = ri->krpc_task;
	seen.retval_seen = regs_return_value(regs);
	seen.ip_seen = instruction_pointer(regs);
	seen.retaddr_seen = krpc_get_kretprobe_retaddr(ri);
	seen.sp_seen = kernel_stack_pointer(regs);
	seen.fp_seen = frame_pointer(regs);
	if (seen.fill_data && rp->data_size >= sizeof(long)) {
		memcpy(&seen.data_tag_seen, ri->data, sizeof(long));
		seen.data_intact = true;
		for (i = sizeof(long); i < rp->data_size; i++)
			if ((unsigned char)ri->data[i] != DATA_MAGIC)
				seen.data_intact = false;
	}
	if (seen.set_retval)
		regs_set_return_value(regs, seen.new_retval);
	return 0;
}

static struct krpc_kretprobe rp, rp2;

static void init_rp(struct krpc_kretprobe *r, const char *sym, int maxactive,
		    size_t data_size)
{
	memset(r, 0, sizeof(*r));
	r->kp.symbol_name = sym;
	r->handler = return_h;
	r->entry_handler = entry_h;
	r->maxactive = maxactive;
	r->data_size = data_size;
}

static int reg(const char *sym, int maxactive, size_t data_size)
{
	memset(&seen, 0, sizeof(seen));
	krpc_fake_regs = false;
	krpc_stats = true;
	krpc_extras_update();
	init_rp(&rp, sym, maxactive, data_size);
	return krpc_register_kretprobe(&rp);
}

static unsigned long hits(struct krpc_kretprobe *r)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += *per_cpu_ptr(r->krpc->hits, cpu);
	return sum;
}

static void return_value_seen(void)
{
	ASSERT_EQ(reg("target_a", 4, 0), 0);
	EXPECT_EQ(fake_call(FAKE_TARGET_A, args, 42, RET_IP), 42);
	EXPECT_EQ(seen.entries, 1);
	EXPECT_EQ(seen.returns, 1);
	EXPECT_EQ(seen.retval_seen, 42);
	EXPECT_EQ(hits(&rp), 1);
	/* Another function is not probed. */
	EXPECT_EQ(fake_call(FAKE_TARGET_B, args, 43, RET_IP), 43);
	EXPECT_EQ(seen.returns, 1);
	krpc_unregister_kretprobe(&rp);
}

static void set_return_value_reaches_caller(void)
{
	ASSERT_EQ(reg("target_a", 4, 0), 0);
	seen.set_retval = true;
	seen.new_retval = 1234;
	EXPECT_EQ(fake_call(FAKE_TARGET_A, args, 42, RET_IP), 1234);
	EXPECT_EQ(seen.retval_seen, 42);
	/* With fake_regs the built copy's value is written back too. */
	krpc_fake_regs = true;
	krpc_extras_update();
	seen.new_retval = (unsigned long)-22;
	EXPECT_EQ(fake_call(FAKE_TARGET_A, args, 42, RET_IP), (unsigned long)-22);
	krpc_fake_regs = false;
	krpc_extras_update();
	/* A handler that sets nothing leaves the value alone. */
	seen.set_retval = false;
	EXPECT_EQ(fake_call(FAKE_TARGET_A, args, 7, RET_IP), 7);
	EXPECT_EQ(seen.returns, 3);
	krpc_unregister_kretprobe(&rp);
}

static void ip_is_return_address(void)
{
	ASSERT_EQ(reg("target_a", 4, 0), 0);
	fake_call(FAKE_TARGET_A, args, 0, RET_IP);
	EXPECT_EQ(seen.ip_seen, RET_IP);
	EXPECT_EQ(seen.retaddr_seen, RET_IP);
	EXPECT_EQ(seen.entry_retaddr_seen, RET_IP);
	EXPECT_EQ(seen.rp_seen, &rp);
	EXPECT_EQ(seen.entry_rp_seen, &rp);
	EXPECT_EQ(seen.task_seen, current);
	/* A second call site. */
	fake_call(FAKE_TARGET_A, args, 0, RET_IP2);
	EXPECT_EQ(seen.ip_seen, RET_IP2);
	EXPECT_EQ(seen.retaddr_seen, RET_IP2);
	EXPECT_EQ(seen.entry_retaddr_seen, RET_IP2);
	krpc_unregister_kretprobe(&rp);
}

/*
 * Without an entry handler the fprobe eras take the short exit path,
 * which fills the instance's task only for a kretprobe that asks for it
 * (a KRETPROBE_COMPAT_LEGACY build's; the fake's entry data is garbage, so
 * a task seen there was written); the rest of the instance always.
 */
static void task_filled_when_asked(void)
{
	memset(&seen, 0, sizeof(seen));
	init_rp(&rp, "target_a", 4, 0);
	rp.entry_handler = NULL;
	ASSERT_EQ(krpc_register_kretprobe(&rp), 0);
	fake_call(FAKE_TARGET_A, args, 5, RET_IP);
	EXPECT_EQ(seen.returns, 1);
	EXPECT_EQ(seen.rp_seen, &rp);
	EXPECT_EQ(seen.retaddr_seen, RET_IP);
#if defined(KRPC_HAVE_FPROBE_BACKEND) && !defined(KRPC_HAVE_FPROBE_FTRACE_REGS)
	EXPECT(seen.task_seen != current);
#endif
	krpc_unregister_kretprobe(&rp);

	memset(&seen, 0, sizeof(seen));
	init_rp(&rp, "target_a", 4, 0);
	rp.entry_handler = NULL;
	ASSERT_EQ(krpc_legacy_register_kretprobe(&rp), 0);
	EXPECT(rp.krpc_flags & KRPC_FLAG_TASK);
	fake_call(FAKE_TARGET_A, args, 5, RET_IP);
	EXPECT_EQ(seen.returns, 1);
	EXPECT_EQ(seen.task_seen, current);
	EXPECT_EQ(seen.retaddr_seen, RET_IP);
	krpc_unregister_kretprobe(&rp);
}

static void entry_handler_sees_arguments(void)
{
	ASSERT_EQ(reg("target_a", 4, 0), 0);
	fake_call(FAKE_TARGET_A, args, 0, RET_IP);
	EXPECT_EQ(seen.arg0_seen, 11);
	EXPECT_EQ(seen.arg1_seen, 22);
	krpc_unregister_kretprobe(&rp);
}

/*
 * An entry handler's writes to the first and the last register argument
 * (x86_64: di, r9; arm64: x0, x7) reach the probed function, as native's
 * do: on arm64 the handler's pt_regs is a copy of the ftrace_regs.
 */
static int args_entry_h(struct krpc_kretprobe_instance *ri, struct pt_regs *regs)
{
#ifdef CONFIG_ARM64
	regs->regs[0] += 1000;
	regs->regs[7] += 2000;
#else
	regs->di += 1000;
	regs->r9 += 2000;
#endif
	return seen.entry_ret;
}

static void entry_handler_writes_arguments(void)
{
	struct fake_frame *f;
	unsigned long last;
	int veto;

	for (veto = 0; veto < 2; veto++) {
		memset(&seen, 0, sizeof(seen));
		init_rp(&rp, "target_a", 4, 0);
		rp.entry_handler = args_entry_h;
		ASSERT_EQ(krpc_register_kretprobe(&rp), 0);
		seen.entry_ret = veto;
		f = fake_call_enter(FAKE_TARGET_A, args, RET_IP);
		last = fake_frame_last_arg(f);
		EXPECT_EQ(fake_frame_arg(f, 0), args[0] + 1000);
		EXPECT_EQ(fake_frame_arg(f, 1), args[1]);
		fake_call_exit(f, 0);
		krpc_unregister_kretprobe(&rp);
		/* The same call unprobed: what the last register holds then. */
		f = fake_call_enter(FAKE_TARGET_A, args, RET_IP);
		EXPECT_EQ(last, fake_frame_last_arg(f) + 2000);
		fake_call_exit(f, 0);
	}
	seen.entry_ret = 0;
}

static void data_passed_from_entry_to_return(void)
{
	struct fake_frame *outer, *inner;

	ASSERT_EQ(reg("target_a", 4, 64), 0);
	seen.fill_data = true;
	seen.tag = 0x1111;
	fake_call(FAKE_TARGET_A, args, 0, RET_IP);
	EXPECT_EQ(seen.data_tag_seen, 0x1111);
	EXPECT(seen.data_intact);
	/* Two calls in flight keep their own data. */
	seen.tag = 0xaaaa;
	outer = fake_call_enter(FAKE_TARGET_A, args, RET_IP);
	seen.tag = 0xbbbb;
	inner = fake_call_enter(FAKE_TARGET_A, args, RET_IP2);
	fake_call_exit(inner, 2);
	EXPECT_EQ(seen.data_tag_seen, 0xbbbb);
	EXPECT(seen.data_intact);
	fake_call_exit(outer, 1);
	EXPECT_EQ(seen.data_tag_seen, 0xaaaa);
	EXPECT(seen.data_intact);
	EXPECT_EQ(seen.returns, 3);
	krpc_unregister_kretprobe(&rp);
}

static void data_size_4096(void)
{
	struct fake_frame *f[2];

	/* On 6.14 the fake fprobe core refuses > MAX_FPROBE_DATA_SIZE. */
	ASSERT_EQ(reg("target_a", 2, KRETPROBE_MAX_DATA_SIZE), 0);
	seen.fill_data = true;
	seen.tag = 1;
	f[0] = fake_call_enter(FAKE_TARGET_A, args, RET_IP);
	seen.tag = 2;
	f[1] = fake_call_enter(FAKE_TARGET_A, args, RET_IP);
	fake_call_exit(f[1], 0);
	EXPECT_EQ(seen.data_tag_seen, 2);
	EXPECT(seen.data_intact);
	fake_call_exit(f[0], 0);
	EXPECT_EQ(seen.data_tag_seen, 1);
	EXPECT(seen.data_intact);
	EXPECT_EQ(seen.returns, 2);
	EXPECT_EQ(krpc_kretprobe_nmissed(&rp), 0);
	krpc_unregister_kretprobe(&rp);
}

static void entry_veto_skips_return_not_a_miss(void)
{
	int i;

	/* maxactive 1: a vetoed call must give its instance back. */
	ASSERT_EQ(reg("target_a", 1, 16), 0);
	seen.entry_ret = 1;
	for (i = 0; i < 3; i++)
		EXPECT_EQ(fake_call(FAKE_TARGET_A, args, 5, RET_IP), 5);
	EXPECT_EQ(seen.entries, 3);
	EXPECT_EQ(seen.returns, 0);
	EXPECT_EQ(krpc_kretprobe_nmissed(&rp), 0);
	EXPECT_EQ(hits(&rp), 0);
	seen.entry_ret = 0;
	fake_call(FAKE_TARGET_A, args, 5, RET_IP);
	EXPECT_EQ(seen.returns, 1);
	/* A veto after a probed call, in a reused instance. */
	seen.entry_ret = -1;
	fake_call(FAKE_TARGET_A, args, 5, RET_IP);
	EXPECT_EQ(seen.returns, 1);
	EXPECT_EQ(rp.nmissed, 0);
	EXPECT_EQ(krpc_kretprobe_nmissed(&rp), 0);
	krpc_unregister_kretprobe(&rp);
}

static void maxactive_exhaustion_is_a_miss(void)
{
	struct fake_frame *f[3];

	ASSERT_EQ(reg("target_a", 2, 8), 0);
	f[0] = fake_call_enter(FAKE_TARGET_A, args, RET_IP);
	f[1] = fake_call_enter(FAKE_TARGET_A, args, RET_IP);
	f[2] = fake_call_enter(FAKE_TARGET_A, args, RET_IP);
	/* The third call found no instance: no entry handler either. */
	EXPECT_EQ(seen.entries, 2);
	EXPECT_EQ(krpc_kretprobe_nmissed(&rp), 1);
	EXPECT_EQ(fake_call_exit(f[2], 3), 3);
	EXPECT_EQ(seen.returns, 0);
	fake_call_exit(f[1], 2);
	EXPECT_EQ(seen.returns, 1);
	/* The return handler refreshed the field. */
	EXPECT_EQ(rp.nmissed, 1);
	fake_call_exit(f[0], 1);
	EXPECT_EQ(seen.returns, 2);
	EXPECT_EQ(seen.retval_seen, 1);
	/* Both instances came back. */
	f[0] = fake_call_enter(FAKE_TARGET_A, args, RET_IP);
	f[1] = fake_call_enter(FAKE_TARGET_A, args, RET_IP);
	fake_call_exit(f[1], 0);
	fake_call_exit(f[0], 0);
	EXPECT_EQ(seen.returns, 4);
	EXPECT_EQ(krpc_kretprobe_nmissed(&rp), 1);
	krpc_unregister_kretprobe(&rp);
	EXPECT_EQ(rp.nmissed, 1);
}

static void default_maxactive_bounds_calls(void)
{
	struct fake_frame *f[11];
	int i;

	/* 4 possible cpus: max(10, 2 * 4) = 10 in flight. */
	ASSERT_EQ(reg("target_a", 0, 0), 0);
	EXPECT_EQ(rp.maxactive, 10);
	for (i = 0; i < 11; i++)
		f[i] = fake_call_enter(FAKE_TARGET_A, args, RET_IP);
	EXPECT_EQ(seen.entries, 10);
	for (i = 10; i >= 0; i--)
		fake_call_exit(f[i], 0);
	EXPECT_EQ(seen.returns, 10);
	EXPECT_EQ(krpc_kretprobe_nmissed(&rp), 1);
	krpc_unregister_kretprobe(&rp);
}

static void notrace_target_is_eopnotsupp(void)
{
	/*
	 * No native-kretprobe backend in these builds: the fprobe backend's
	 * -EOPNOTSUPP comes out, and every allocation (the pool included)
	 * has been given back.
	 */
#ifdef CONFIG_KPROBES
	EXPECT_EQ(reg("target_notrace", 4, 64), -EOPNOTSUPP);
#else
	/* Without kprobes ftrace's filter is the lookup: it knows no notrace name. */
	EXPECT_EQ(reg("target_notrace", 4, 64), -ENOENT);
#endif
	EXPECT(!rp.krpc);
	EXPECT_EQ(stub_allocs_live, 0);
	EXPECT_EQ(fake_fprobes_live(), 0);
	EXPECT(list_empty(&krpc_probes));
	EXPECT_EQ(fake_call(FAKE_TARGET_NOTRACE, args, 1, RET_IP), 1);
	EXPECT_EQ(seen.entries + seen.returns, 0);
}

static void fprobe_refusal_leaves_nothing(void)
{
	static const int errs[] = { -ENOENT, -EINVAL, -ENOMEM, -E2BIG };
	size_t i;

	/* Whatever register_fprobe_ips() says, nothing may stay behind. */
	for (i = 0; i < ARRAY_SIZE(errs); i++) {
		fake_fprobe_register_error = errs[i];
		EXPECT_NE(reg("target_a", 4, 64), 0);
		EXPECT(!rp.krpc);
		EXPECT_EQ(stub_allocs_live, 0);
		EXPECT(list_empty(&krpc_probes));
	}
	fake_fprobe_register_error = 0;
	EXPECT_EQ(fake_fprobes_live(), 0);
	EXPECT_EQ(fake_call(FAKE_TARGET_A, args, 1, RET_IP), 1);
	EXPECT_EQ(seen.entries + seen.returns, 0);
}

static void disabled_probe_runs_no_handlers(void)
{
	/* maxactive 1 and a probed call first: the instance is reused. */
	ASSERT_EQ(reg("target_a", 1, 8), 0);
	fake_call(FAKE_TARGET_A, args, 1, RET_IP);
	EXPECT_EQ(seen.returns, 1);
	EXPECT_EQ(krpc_disable_kretprobe(&rp), 0);
	EXPECT(rp.kp.flags & KPROBE_FLAG_DISABLED);
	EXPECT_EQ(fake_call(FAKE_TARGET_A, args, 2, RET_IP), 2);
	EXPECT_EQ(seen.entries, 1);
	EXPECT_EQ(seen.returns, 1);
	EXPECT_EQ(krpc_kretprobe_nmissed(&rp), 0);
	EXPECT_EQ(krpc_enable_kretprobe(&rp), 0);
	EXPECT(!(rp.kp.flags & KPROBE_FLAG_DISABLED));
	fake_call(FAKE_TARGET_A, args, 3, RET_IP);
	EXPECT_EQ(seen.returns, 2);
	EXPECT_EQ(seen.retval_seen, 3);
	krpc_unregister_kretprobe(&rp);

	/* Registered disabled. */
	memset(&seen, 0, sizeof(seen));
	init_rp(&rp, "target_a", 1, 8);
	rp.kp.flags = KPROBE_FLAG_DISABLED;
	ASSERT_EQ(krpc_register_kretprobe(&rp), 0);
	fake_call(FAKE_TARGET_A, args, 4, RET_IP);
	EXPECT_EQ(seen.entries + seen.returns, 0);
	krpc_enable_kretprobe(&rp);
	fake_call(FAKE_TARGET_A, args, 4, RET_IP);
	EXPECT_EQ(seen.returns, 1);
	krpc_unregister_kretprobe(&rp);
}

static void disable_lets_calls_in_flight_return(void)
{
	struct fake_frame *f;

	ASSERT_EQ(reg("target_a", 2, 8), 0);
	f = fake_call_enter(FAKE_TARGET_A, args, RET_IP);
	krpc_disable_kretprobe(&rp);
	fake_call_exit(f, 9);
	EXPECT_EQ(seen.returns, 1);
	EXPECT_EQ(seen.retval_seen, 9);
	krpc_unregister_kretprobe(&rp);
}

static void unregister_stops_calls_in_flight(void)
{
	struct fake_frame *f;

	ASSERT_EQ(reg("target_a", 2, 8), 0);
	seen.set_retval = true;
	seen.new_retval = 1;
	f = fake_call_enter(FAKE_TARGET_A, args, RET_IP);
	EXPECT_EQ(seen.entries, 1);
	krpc_unregister_kretprobe(&rp);
	EXPECT(!rp.krpc);
	EXPECT_EQ(fake_call_exit(f, 9), 9);
	EXPECT_EQ(seen.returns, 0);
	EXPECT_EQ(fake_call(FAKE_TARGET_A, args, 8, RET_IP), 8);
	EXPECT_EQ(seen.entries, 1);
}

static struct fake_frame *in_flight;
static unsigned long in_flight_ret;

static void return_in_flight(void)
{
	in_flight_ret = fake_call_exit(in_flight, 9);
}

/*
 * A call of a return-only probe (the fprobe eras' short exit path) that
 * returns while unregistration waits for its grace period: no handler,
 * the caller's value untouched, nothing read from the gone kretprobe.
 */
static void return_only_probe_unregistered_in_flight(void)
{
	memset(&seen, 0, sizeof(seen));
	init_rp(&rp, "target_a", 4, 0);
	rp.entry_handler = NULL;
	seen.set_retval = true;
	seen.new_retval = 1;
	ASSERT_EQ(krpc_register_kretprobe(&rp), 0);
	in_flight = fake_call_enter(FAKE_TARGET_A, args, RET_IP);
	in_flight_ret = 0;
	stub_rcu_hook = return_in_flight;
	krpc_unregister_kretprobe(&rp);
#if defined(KRPC_HAVE_FPROBE_BACKEND) && !defined(KRPC_HAVE_FPROBE_FTRACE_REGS)
	EXPECT(!stub_rcu_hook);
#endif
	/* An era whose unregistration waits for no grace period: after it. */
	if (stub_rcu_hook) {
		stub_rcu_hook = NULL;
		return_in_flight();
	}
	EXPECT_EQ(in_flight_ret, 9);
	EXPECT_EQ(seen.returns, 0);
	/* The struct may go now: a later call sees no probe at all. */
	memset(&rp, 0x6b, sizeof(rp));
	EXPECT_EQ(fake_call(FAKE_TARGET_A, args, 8, RET_IP), 8);
	EXPECT_EQ(seen.returns, 0);
}

static void two_probes_on_one_function(void)
{
	ASSERT_EQ(reg("target_a", 2, 8), 0);
	init_rp(&rp2, "target_a", 2, 8);
	ASSERT_EQ(krpc_register_kretprobe(&rp2), 0);
	seen.fill_data = true;
	seen.tag = 3;
	fake_call(FAKE_TARGET_A, args, 1, RET_IP);
	EXPECT_EQ(seen.entries, 2);
	EXPECT_EQ(seen.returns, 2);
	EXPECT_EQ(seen.data_tag_seen, 3);
	EXPECT_EQ(hits(&rp), 1);
	EXPECT_EQ(hits(&rp2), 1);
	krpc_unregister_kretprobe(&rp);
	fake_call(FAKE_TARGET_A, args, 1, RET_IP);
	EXPECT_EQ(seen.returns, 3);
	EXPECT_EQ(seen.rp_seen, &rp2);
	krpc_unregister_kretprobe(&rp2);
}

static void ibt_target_probed(void)
{
	ASSERT_EQ(reg("target_ibt", 2, 0), 0);
#ifdef CONFIG_ARM64
	/* BTI: arm64's kprobes keep sym+0; ftrace finds its location at +8. */
	EXPECT_EQ(rp.kp.addr, FAKE_TARGET_IBT);
#else
	EXPECT_EQ(rp.kp.addr, FAKE_TARGET_IBT + 4);
#endif
	EXPECT_EQ(fake_call(FAKE_TARGET_IBT, args, 6, RET_IP), 6);
	EXPECT_EQ(seen.returns, 1);
	krpc_unregister_kretprobe(&rp);
}

/* One call of target_a through the fake ftrace; the caller's sp at the call. */
static unsigned long call_target_a(void)
{
	struct fake_frame *f = fake_call_enter(FAKE_TARGET_A, args, RET_IP);
	unsigned long caller_sp = fake_frame_caller_sp(f);

	fake_call_exit(f, 0);
	return caller_sp;
}

static void stack_and_frame_pointer(void)
{
	unsigned long caller_sp;

	ASSERT_EQ(reg("target_a", 2, 0), 0);
#ifdef CONFIG_ARM64
	/*
	 * return_to_handler never writes the sp slot: the caller's sp is the
	 * end of the exit ftrace_regs frame, whatever that slot holds.
	 */
	fake_exit_fp = 0x1234;
	caller_sp = call_target_a();
	EXPECT_EQ(seen.sp_seen, fake_exit_fregs + sizeof(struct __arch_ftrace_regs));
	EXPECT_EQ(seen.sp_seen, caller_sp);
	EXPECT_EQ(seen.fp_seen, 0x1234);
	fake_exit_sp_valid = true;
	caller_sp = call_target_a();
	EXPECT_EQ(seen.sp_seen, caller_sp);
#elif defined(KRPC_HAVE_FPROBE_FTRACE_REGS)
	/* Before 6.18 the exit sp slot is garbage: the shim must not pass it on. */
	fake_exit_fp = 0x1234;
	caller_sp = call_target_a();
	EXPECT(object_is_on_stack((void *)seen.sp_seen));
	EXPECT(seen.sp_seen < caller_sp);
	EXPECT(caller_sp - seen.sp_seen <= 512);
	EXPECT_EQ(seen.fp_seen, 0x1234);
	/* 6.18+: a real stack pointer is used as it is. */
	fake_exit_sp_valid = true;
	caller_sp = call_target_a();
	EXPECT_EQ(seen.sp_seen, caller_sp);
#else
	caller_sp = call_target_a();
	EXPECT_EQ(seen.sp_seen, caller_sp);
	EXPECT(seen.fp_seen);
#endif
	EXPECT_EQ(seen.returns, 2 - !IS_ENABLED(KRPC_HAVE_FPROBE_FTRACE_REGS));
	krpc_unregister_kretprobe(&rp);
}

#ifdef CONFIG_ARM64
/*
 * arm64's kprobes do not sit on ftrace: the resolver's kprobe carries no
 * KPROBE_FLAG_FTRACE, and the shim asks ftrace itself, with
 * ftrace_set_filter_ip() on an ftrace_ops it never registers, whether the
 * function has a location (sym+4 here, past the patchable entry's first
 * NOP). kp.addr stays native's sym+0, without KPROBE_FLAG_FTRACE.
 */
static void arm64_on_ftrace_asked_of_ftrace(void)
{
	ASSERT_EQ(reg("target_a", 2, 0), 0);
	EXPECT_EQ(fake_ftrace_filter_ip_calls, 1);
	EXPECT_EQ(fake_ftrace_filter_ip_last, FAKE_TARGET_A);
	EXPECT_EQ(rp.kp.addr, FAKE_TARGET_A);
	EXPECT(!(rp.kp.flags & KPROBE_FLAG_FTRACE));
	EXPECT_EQ(fake_ftrace_location(FAKE_TARGET_A), FAKE_TARGET_A + 4);
	EXPECT_EQ(fake_fprobes_live(), 1);
	EXPECT_EQ(fake_kprobes_live(), 0);
	EXPECT_EQ(fake_call(FAKE_TARGET_A, args, 5, RET_IP), 5);
	EXPECT_EQ(seen.returns, 1);
	krpc_unregister_kretprobe(&rp);

	/* By address, and a BTI function (location at sym+8). */
	memset(&seen, 0, sizeof(seen));
	init_rp(&rp, NULL, 2, 0);
	rp.kp.addr = (kprobe_opcode_t *)FAKE_TARGET_IBT;
	fake_ftrace_filter_ip_calls = 0;
	ASSERT_EQ(krpc_register_kretprobe(&rp), 0);
	EXPECT_EQ(fake_ftrace_filter_ip_calls, 1);
	EXPECT_EQ(fake_ftrace_filter_ip_last, FAKE_TARGET_IBT);
	EXPECT_EQ(fake_call(FAKE_TARGET_IBT, args, 6, RET_IP), 6);
	EXPECT_EQ(seen.returns, 1);
	krpc_unregister_kretprobe(&rp);
}

/*
 * A function ftrace has no location for (notrace): ftrace_set_filter_ip()
 * refuses it, so fprobe cannot serve it. A kernel's build has the native
 * backend (fallback=Y takes it); this build has none, so -EOPNOTSUPP with
 * nothing left behind, the scratch filter included.
 */
static void arm64_no_ftrace_location_refused(void)
{
	struct krpc_kretprobe *rps[] = { &rp, &rp2 };

	EXPECT_EQ(reg("target_notrace", 4, 0), -EOPNOTSUPP);
	EXPECT_EQ(fake_ftrace_filter_ip_calls, 1);
	EXPECT_EQ(fake_ftrace_filter_ip_last, FAKE_TARGET_NOTRACE);
	EXPECT(!rp.krpc);
	EXPECT(!(rp.kp.flags & KPROBE_FLAG_FTRACE));
	EXPECT(strstr(stub_last_printk, "fprobe cannot serve"));
	EXPECT_EQ(stub_allocs_live, 0);
	EXPECT_EQ(fake_fprobes_live(), 0);
	EXPECT_EQ(fake_kprobes_live(), 0);
	EXPECT_EQ(fake_call(FAKE_TARGET_NOTRACE, args, 1, RET_IP), 1);
	EXPECT_EQ(seen.entries + seen.returns, 0);

	/* In a batch, the traceable one is rolled back with it. */
	init_rp(&rp, "target_a", 2, 0);
	init_rp(&rp2, "target_notrace", 2, 0);
	EXPECT_EQ(krpc_register_kretprobes(rps, 2), -EOPNOTSUPP);
	EXPECT(!rp.krpc && !rp2.krpc);
	EXPECT_EQ(fake_fprobes_live(), 0);
	EXPECT(list_empty(&krpc_probes));
}

/*
 * The pt_regs a return handler gets on arm64: built from the exit
 * ftrace_regs, which has no pt_regs inside. x0 is the return value, pc the
 * return address, sp the end of the exit frame (return_to_handler put it
 * just below the caller's sp), x29 the frame pointer; the handler's x0
 * reaches the caller through the ftrace_regs, the pt_regs being a copy.
 */
static struct {
	unsigned long retval, ip, sp, fp, lr;
	bool user;
	unsigned long entry_ip, entry_lr, entry_sp;
	bool entry_user;
} arm64_seen;

static int arm64_entry_h(struct krpc_kretprobe_instance *ri, struct pt_regs *regs)
{
	arm64_seen.entry_ip = instruction_pointer(regs);
	arm64_seen.entry_lr = regs->regs[30];
	arm64_seen.entry_sp = kernel_stack_pointer(regs);
	arm64_seen.entry_user = user_mode(regs);
	return 0;
}

static int arm64_return_h(struct krpc_kretprobe_instance *ri, struct pt_regs *regs)
{
	arm64_seen.retval = regs_return_value(regs);
	arm64_seen.ip = instruction_pointer(regs);
	arm64_seen.sp = kernel_stack_pointer(regs);
	arm64_seen.fp = frame_pointer(regs);
	arm64_seen.lr = regs->regs[30];
	arm64_seen.user = user_mode(regs);
	regs_set_return_value(regs, 0x77);
	return 0;
}

static void arm64_return_regs_built(void)
{
	struct fake_frame *f;
	unsigned long caller_sp;
	int fake_regs;

	for (fake_regs = 0; fake_regs < 2; fake_regs++) {
		memset(&arm64_seen, 0, sizeof(arm64_seen));
		init_rp(&rp, "target_a", 2, 0);
		rp.entry_handler = arm64_entry_h;
		rp.handler = arm64_return_h;
		krpc_fake_regs = fake_regs;
		krpc_extras_update();
		ASSERT_EQ(krpc_register_kretprobe(&rp), 0);
		fake_exit_fp = 0xfffffff0c0de0000UL;
		f = fake_call_enter(FAKE_TARGET_A, args, RET_IP);
		caller_sp = fake_frame_caller_sp(f);
		EXPECT_EQ(fake_call_exit(f, 42), 0x77);
		EXPECT_EQ(arm64_seen.retval, 42);
		EXPECT_EQ(arm64_seen.ip, RET_IP);
		EXPECT_EQ(arm64_seen.sp,
			  fake_exit_fregs + sizeof(struct __arch_ftrace_regs));
		EXPECT_EQ(arm64_seen.sp, caller_sp);
		EXPECT(object_is_on_stack((void *)arm64_seen.sp));
		EXPECT_EQ(arm64_seen.fp, 0xfffffff0c0de0000UL);
		/* lr is garbage at exit: nothing of it is promised, none given. */
		EXPECT_EQ(arm64_seen.lr, 0);
		if (arm64_seen.user)
			printf("# arm64: return handler's pt_regs says user_mode()\n");
		/* At entry, ftrace_partial_regs()'s copy: pc, lr, the caller's sp. */
		EXPECT_EQ(arm64_seen.entry_ip, FAKE_TARGET_A + 4);
		EXPECT_EQ(arm64_seen.entry_lr, RET_IP);
		EXPECT_EQ(arm64_seen.entry_sp, caller_sp);
		EXPECT(!arm64_seen.entry_user);
		krpc_unregister_kretprobe(&rp);
	}
	krpc_fake_regs = false;
	krpc_extras_update();
}

/*
 * A stack trace taken in the return handler goes on into the caller:
 * following frame records up from the handler, one says {the caller's fp,
 * the return address}, as arm64's unwinder needs to step into the caller
 * (return_to_handler makes no record of its own).
 */
static struct {
	bool found;
	unsigned long fp;
} arm64_chain;

static int arm64_chain_h(struct krpc_kretprobe_instance *ri, struct pt_regs *regs)
{
	unsigned long *record = __builtin_frame_address(0), *below = NULL;
	char *top = (char *)record + 65536;	/* the thread's real stack */
	int depth;

	for (depth = 0; depth < 16 && record > below && (char *)record < top;
	     depth++) {
		if (record[1] == RET_IP) {
			arm64_chain.found = true;
			arm64_chain.fp = record[0];
			break;
		}
		below = record;
		record = (unsigned long *)record[0];
	}
	return 0;
}

static void arm64_return_handler_frame_chain(void)
{
	int fake_regs;

	for (fake_regs = 0; fake_regs < 2; fake_regs++) {
		memset(&arm64_chain, 0, sizeof(arm64_chain));
		init_rp(&rp, "target_a", 2, 0);
		rp.handler = arm64_chain_h;
		krpc_fake_regs = fake_regs;
		krpc_extras_update();
		ASSERT_EQ(krpc_register_kretprobe(&rp), 0);
		fake_exit_fp = 0xfffffff0c0de0000UL;
		fake_call(FAKE_TARGET_A, args, 42, RET_IP);
		EXPECT(arm64_chain.found);
		EXPECT_EQ(arm64_chain.fp, 0xfffffff0c0de0000UL);
		krpc_unregister_kretprobe(&rp);
	}
	krpc_fake_regs = false;
	krpc_extras_update();
}
#endif /* CONFIG_ARM64 */

#ifdef KRPC_HAVE_FPROBE_FTRACE_REGS
static void fgraph_reserve_failure_is_a_miss(void)
{
	ASSERT_EQ(reg("target_a", 2, 0), 0);
	fake_fgraph_reserve_fail = true;
	EXPECT_EQ(fake_call(FAKE_TARGET_A, args, 3, RET_IP), 3);
	fake_fgraph_reserve_fail = false;
	EXPECT_EQ(seen.entries, 0);
	EXPECT_EQ(seen.returns, 0);
	EXPECT_EQ(krpc_kretprobe_nmissed(&rp), 1);
	fake_call(FAKE_TARGET_A, args, 3, RET_IP);
	EXPECT_EQ(seen.returns, 1);
	EXPECT_EQ(rp.nmissed, 1);
	krpc_unregister_kretprobe(&rp);
}
#endif

/*
 * Several kretprobes in one batch, which the fprobe eras serve with one
 * fprobe per group (probes on one address in different groups): which
 * kretprobe each call reached, and whether its own data came back.
 */
static struct krpc_kretprobe grp[3];
static struct krpc_kretprobe *grp_rps[] = { &grp[0], &grp[1], &grp[2] };
static int grp_entries[3], grp_returns[3];
static bool grp_data_ok[3];

static int grp_entry_h(struct krpc_kretprobe_instance *ri, struct pt_regs *regs)
{
	struct krpc_kretprobe *r = krpc_get_kretprobe(ri);
	int i = r - grp;

	grp_entries[i]++;
	memset(ri->data, 0x40 + i, r->data_size);
	return 0;
}

static int grp_return_h(struct krpc_kretprobe_instance *ri, struct pt_regs *regs)
{
	struct krpc_kretprobe *r = krpc_get_kretprobe(ri);
	int i = r - grp;
	size_t j;

	grp_returns[i]++;
	grp_data_ok[i] = true;
	for (j = 0; j < r->data_size; j++)
		if ((unsigned char)ri->data[j] != 0x40 + i)
			grp_data_ok[i] = false;
	regs_set_return_value(regs, 100 + i);
	return 0;
}

/* grp[i] on @syms[i], maxactive 2, data sizes 8, 64 and 0. */
static void grp_init(const char *s0, const char *s1, const char *s2)
{
	const char *syms[] = { s0, s1, s2 };
	static const size_t sizes[] = { 8, 64, 0 };
	int i;

	memset(grp_entries, 0, sizeof(grp_entries));
	memset(grp_returns, 0, sizeof(grp_returns));
	memset(grp_data_ok, 0, sizeof(grp_data_ok));
	for (i = 0; i < 3; i++) {
		init_rp(&grp[i], syms[i], 2, sizes[i]);
		grp[i].entry_handler = grp_entry_h;
		grp[i].handler = grp_return_h;
	}
}

static void group_serves_a_batch(void)
{
	struct fake_frame *fa, *fb;

	grp_init("target_a", "target_b", "target_ibt");
	ASSERT_EQ(krpc_register_kretprobes(grp_rps, 3), 0);
	EXPECT_EQ(fake_fprobes_live(), 1);
	EXPECT_EQ(fake_call(FAKE_TARGET_A, args, 1, RET_IP), 100);
	EXPECT_EQ(fake_call(FAKE_TARGET_B, args, 1, RET_IP), 101);
	EXPECT_EQ(fake_call(FAKE_TARGET_IBT, args, 1, RET_IP), 102);
	EXPECT_EQ(fake_call(FAKE_TARGET_NOTRACE, args, 1, RET_IP), 1);
	/* Calls of two members nested, each with its own instance. */
	fa = fake_call_enter(FAKE_TARGET_A, args, RET_IP);
	fb = fake_call_enter(FAKE_TARGET_B, args, RET_IP2);
	EXPECT_EQ(fake_call_exit(fb, 1), 101);
	EXPECT_EQ(fake_call_exit(fa, 1), 100);
	EXPECT_EQ(grp_entries[0], 2);
	EXPECT_EQ(grp_returns[0], 2);
	EXPECT_EQ(grp_returns[1], 2);
	EXPECT_EQ(grp_returns[2], 1);
	EXPECT(grp_data_ok[0] && grp_data_ok[1] && grp_data_ok[2]);
	/* The whole batch goes with one grace period. */
	stub_grace_periods = 0;
	krpc_unregister_kretprobes(grp_rps, 3);
	EXPECT_EQ(stub_grace_periods, 1);
	EXPECT_EQ(fake_fprobes_live(), 0);
	EXPECT(!grp[0].krpc && !grp[1].krpc && !grp[2].krpc);
}

static struct fake_frame *grp_in_flight;
static unsigned long grp_in_flight_ret;

static void grp_return_in_flight(void)
{
	grp_in_flight_ret = fake_call_exit(grp_in_flight, 9);
}

/*
 * One member of a group unregistered while calls of it and of the others
 * are in flight: its call returns without a handler, the others' with
 * theirs, also one that returns during the member's grace period; the
 * fprobe stays until the group's last member goes.
 */
static void group_member_unregistered_while_others_fire(void)
{
	struct fake_frame *fa;

	grp_init("target_a", "target_b", "target_ibt");
	ASSERT_EQ(krpc_register_kretprobes(grp_rps, 3), 0);
	fa = fake_call_enter(FAKE_TARGET_A, args, RET_IP);
	grp_in_flight = fake_call_enter(FAKE_TARGET_B, args, RET_IP);
	EXPECT_EQ(grp_entries[0] + grp_entries[1], 2);
	stub_rcu_hook = grp_return_in_flight;
	krpc_unregister_kretprobe(&grp[0]);
	EXPECT(!stub_rcu_hook);
	EXPECT_EQ(grp_in_flight_ret, 101);
	EXPECT_EQ(grp_returns[1], 1);
	EXPECT_EQ(fake_fprobes_live(), 1);
	EXPECT_EQ(fake_call_exit(fa, 9), 9);
	EXPECT_EQ(grp_returns[0], 0);
	EXPECT_EQ(fake_call(FAKE_TARGET_A, args, 8, RET_IP), 8);
	EXPECT_EQ(grp_entries[0], 1);
	EXPECT_EQ(fake_call(FAKE_TARGET_IBT, args, 8, RET_IP), 102);
	krpc_unregister_kretprobe(&grp[1]);
	EXPECT_EQ(fake_fprobes_live(), 1);
	EXPECT_EQ(fake_call(FAKE_TARGET_B, args, 8, RET_IP), 8);
	EXPECT_EQ(fake_call(FAKE_TARGET_IBT, args, 8, RET_IP), 102);
	EXPECT_EQ(grp_returns[2], 2);
	krpc_unregister_kretprobe(&grp[2]);
	EXPECT_EQ(fake_fprobes_live(), 0);
	EXPECT_EQ(fake_call(FAKE_TARGET_IBT, args, 8, RET_IP), 8);
}

/* Two kretprobes of one batch on one function: two groups, both called. */
static void group_same_address_twice(void)
{
	grp_init("target_a", "target_a", "target_b");
	ASSERT_EQ(krpc_register_kretprobes(grp_rps, 3), 0);
	EXPECT_EQ(fake_fprobes_live(), 2);
	fake_call(FAKE_TARGET_A, args, 1, RET_IP);
	EXPECT_EQ(grp_entries[0], 1);
	EXPECT_EQ(grp_entries[1], 1);
	EXPECT_EQ(grp_returns[0], 1);
	EXPECT_EQ(grp_returns[1], 1);
	EXPECT_EQ(fake_call(FAKE_TARGET_B, args, 1, RET_IP), 102);
	EXPECT(grp_data_ok[0] && grp_data_ok[1] && grp_data_ok[2]);
	krpc_unregister_kretprobe(&grp[1]);
	EXPECT_EQ(fake_call(FAKE_TARGET_A, args, 1, RET_IP), 100);
	EXPECT_EQ(grp_returns[0], 2);
	EXPECT_EQ(grp_returns[1], 1);
	EXPECT_EQ(fake_call(FAKE_TARGET_B, args, 1, RET_IP), 102);
	krpc_unregister_kretprobes(grp_rps, 3);
	EXPECT_EQ(fake_fprobes_live(), 0);
}

/* maxactive, nmissed and disable stay each member's own. */
static void group_keeps_maxactive_and_disable_per_probe(void)
{
	struct fake_frame *f[3];

	grp_init("target_a", "target_b", "target_ibt");
	grp[0].maxactive = 1;
	grp[1].maxactive = 1;
	ASSERT_EQ(krpc_register_kretprobes(grp_rps, 3), 0);
	f[0] = fake_call_enter(FAKE_TARGET_A, args, RET_IP);
	f[1] = fake_call_enter(FAKE_TARGET_A, args, RET_IP);
	EXPECT_EQ(grp_entries[0], 1);
	EXPECT_EQ(krpc_kretprobe_nmissed(&grp[0]), 1);
	EXPECT_EQ(grp[0].nmissed, 1);
	f[2] = fake_call_enter(FAKE_TARGET_B, args, RET_IP);
	EXPECT_EQ(grp_entries[1], 1);
	EXPECT_EQ(krpc_kretprobe_nmissed(&grp[1]), 0);
	EXPECT_EQ(fake_call_exit(f[2], 1), 101);
	EXPECT_EQ(fake_call_exit(f[1], 1), 1);
	EXPECT_EQ(fake_call_exit(f[0], 1), 100);
	EXPECT_EQ(grp_returns[0], 1);

	EXPECT_EQ(krpc_disable_kretprobe(&grp[1]), 0);
	EXPECT_EQ(fake_call(FAKE_TARGET_B, args, 1, RET_IP), 1);
	EXPECT_EQ(grp_entries[1], 1);
	EXPECT_EQ(fake_call(FAKE_TARGET_A, args, 1, RET_IP), 100);
	EXPECT_EQ(fake_call(FAKE_TARGET_IBT, args, 1, RET_IP), 102);
	EXPECT_EQ(krpc_enable_kretprobe(&grp[1]), 0);
	EXPECT_EQ(fake_call(FAKE_TARGET_B, args, 1, RET_IP), 101);
	EXPECT_EQ(krpc_kretprobe_nmissed(&grp[2]), 0);
	krpc_unregister_kretprobes(grp_rps, 3);
	EXPECT_EQ(grp[0].nmissed, 1);
	EXPECT_EQ(grp[1].nmissed, 0);
}

/*
 * A batch of two groups (one function twice) with an allocation failing
 * anywhere: nothing registered, nothing left, the first group rolled back.
 */
static void group_batch_rolls_back(void)
{
	int at, ret, failures = 0;

	for (at = 1; at < 80; at++) {
		grp_init("target_a", "target_a", "target_b");
		stub_fail_alloc_at = at;
		ret = krpc_register_kretprobes(grp_rps, 3);
		stub_fail_alloc_at = 0;
		if (!ret)
			break;
		failures++;
		EXPECT_EQ(ret, -ENOMEM);
		EXPECT(!grp[0].krpc && !grp[1].krpc && !grp[2].krpc);
		EXPECT_EQ(stub_allocs_live, 0);
		EXPECT_EQ(fake_fprobes_live(), 0);
		EXPECT(list_empty(&krpc_probes));
	}
	ASSERT_EQ(ret, 0);
	printf("# %d allocation(s) of a two-group batch can fail\n", failures);
	EXPECT_EQ(fake_fprobes_live(), 2);
	krpc_unregister_kretprobes(grp_rps, 3);
}

#ifdef KRPC_HAVE_FPROBE_FTRACE_REGS
/*
 * fgraph finds an fprobe by its address: a call asleep across the
 * unregistration of its group returns into a new group registered in the
 * same memory, whose exit handler gets the old call's entry data. That
 * call must not reach the new group's kretprobe (nor the old, freed pool).
 */
static void group_memory_reused_across_a_call_in_flight(void)
{
	struct fprobe *old;
	struct fake_frame *f;

	stub_recycle_begin();
	grp_init("target_a", "target_b", "target_ibt");
	ASSERT_EQ(krpc_register_kretprobes(grp_rps, 2), 0);
	old = fake_fprobe_at(FAKE_TARGET_A, 0);
	f = fake_call_enter(FAKE_TARGET_A, args, RET_IP);
	EXPECT_EQ(grp_entries[0], 1);
	krpc_unregister_kretprobes(grp_rps, 2);
	grp_init("target_a", "target_b", "target_ibt");
	ASSERT_EQ(krpc_register_kretprobes(grp_rps, 2), 0);
	/* Otherwise the test tests nothing. */
	EXPECT_EQ(fake_fprobe_at(FAKE_TARGET_A, 0), old);
	EXPECT_EQ(fake_call_exit(f, 9), 9);
	EXPECT_EQ(grp_returns[0], 0);
	EXPECT_EQ(fake_call(FAKE_TARGET_A, args, 1, RET_IP), 100);
	EXPECT_EQ(grp_returns[0], 1);
	krpc_unregister_kretprobes(grp_rps, 2);
	stub_recycle_end();
}
#endif

extern const void *const __start_stub_nokprobe[], *const __stop_stub_nokprobe[];

static bool is_nokprobe(const void *fn)
{
	const void *const *p;

	for (p = __start_stub_nokprobe; p < __stop_stub_nokprobe; p++)
		if (*p == fn)
			return true;
	return false;
}

static void probe_context_code_is_nokprobe(void)
{
	const void *entry, *exit;

	ASSERT_EQ(reg("target_a", 2, 0), 0);
	ASSERT(fake_fprobe_handlers(FAKE_TARGET_A, 0, &entry, &exit));
	EXPECT(is_nokprobe(entry));
	EXPECT(is_nokprobe(exit));
	EXPECT(is_nokprobe((const void *)krpc_backend_fprobe.nmissed));
	EXPECT(is_nokprobe((const void *)krpc_call_entry));
	EXPECT(is_nokprobe((const void *)krpc_call_return_extras));
	EXPECT(is_nokprobe((const void *)krpc_regs_build));
	EXPECT(is_nokprobe((const void *)krpc_pool_get));
	EXPECT(is_nokprobe((const void *)krpc_pool_put));
	krpc_unregister_kretprobe(&rp);
}

static const struct ktap_case cases[] = {
	KTAP_CASE(return_value_seen),
	KTAP_CASE(set_return_value_reaches_caller),
	KTAP_CASE(ip_is_return_address),
	KTAP_CASE(task_filled_when_asked),
	KTAP_CASE(entry_handler_sees_arguments),
	KTAP_CASE(entry_handler_writes_arguments),
	KTAP_CASE(data_passed_from_entry_to_return),
	KTAP_CASE(data_size_4096),
	KTAP_CASE(entry_veto_skips_return_not_a_miss),
	KTAP_CASE(maxactive_exhaustion_is_a_miss),
	KTAP_CASE(default_maxactive_bounds_calls),
	KTAP_CASE(notrace_target_is_eopnotsupp),
	KTAP_CASE(fprobe_refusal_leaves_nothing),
	KTAP_CASE(disabled_probe_runs_no_handlers),
	KTAP_CASE(disable_lets_calls_in_flight_return),
	KTAP_CASE(unregister_stops_calls_in_flight),
	KTAP_CASE(return_only_probe_unregistered_in_flight),
	KTAP_CASE(two_probes_on_one_function),
	KTAP_CASE(ibt_target_probed),
	KTAP_CASE(stack_and_frame_pointer),
	KTAP_CASE(group_serves_a_batch),
	KTAP_CASE(group_member_unregistered_while_others_fire),
	KTAP_CASE(group_same_address_twice),
	KTAP_CASE(group_keeps_maxactive_and_disable_per_probe),
	KTAP_CASE(group_batch_rolls_back),
#ifdef KRPC_HAVE_FPROBE_FTRACE_REGS
	KTAP_CASE(group_memory_reused_across_a_call_in_flight),
	KTAP_CASE(fgraph_reserve_failure_is_a_miss),
#endif
#ifdef CONFIG_ARM64
	KTAP_CASE(arm64_on_ftrace_asked_of_ftrace),
	KTAP_CASE(arm64_no_ftrace_location_refused),
	KTAP_CASE(arm64_return_regs_built),
	KTAP_CASE(arm64_return_handler_frame_chain),
#endif
	KTAP_CASE(probe_context_code_is_nokprobe),
};

int main(void)
{
	return ktap_run("backend-" ERA, cases, ARRAY_SIZE(cases));
}
