// SPDX-License-Identifier: GPL-2.0
/*
 * call_test.c - shim/call.c: the pt_regs built for return handlers, and the
 * per-call entry and return glue every backend shares.
 */
#include <stdio.h>
#include <string.h>

#include <linux/moduleparam.h>
#include <linux/sched.h>

#include "call.h"
#include "pool.h"

#include "fake.h"
#include "ktap.h"

static unsigned long backend_misses;

static unsigned long test_nmissed(struct krpc_probe *p)
{
	return backend_misses;
}

static const struct krpc_backend test_backend = {
	.name = "test",
	.nmissed = test_nmissed,
};

/* What the handlers saw. */
static struct {
	int entries, returns;
	struct krpc_kretprobe_instance *ri;
	struct pt_regs *regs;
	struct pt_regs copy;
	struct krpc_kretprobe *rp_seen;
	unsigned long retaddr_seen;
	int entry_ret;
	bool set_retval;
	unsigned long new_retval;
} seen;

static int test_entry(struct krpc_kretprobe_instance *ri, struct pt_regs *regs)
{
	seen.entries++;
	seen.ri = ri;
	seen.regs = regs;
	seen.rp_seen = krpc_get_kretprobe(ri);
	seen.retaddr_seen = krpc_get_kretprobe_retaddr(ri);
	return seen.entry_ret;
}

static int test_return(struct krpc_kretprobe_instance *ri, struct pt_regs *regs)
{
	seen.returns++;
	seen.ri = ri;
	seen.regs = regs;
	seen.copy = *regs;
	if (seen.set_retval)
		regs_set_return_value(regs, seen.new_retval);
	return 0;
}

static struct krpc_kretprobe rp;
static struct krpc_probe probe;
static union {
	struct krpc_kretprobe_instance ri;
	char buf[sizeof(struct krpc_kretprobe_instance) + 64];
} inst;

static void setup(void)
{
	memset(&seen, 0, sizeof(seen));
	memset(&rp, 0, sizeof(rp));
	memset(&probe, 0, sizeof(probe));
	memset(&inst, 0, sizeof(inst));
	rp.handler = test_return;
	rp.entry_handler = test_entry;
	rp.data_size = 64;
	probe.rp = &rp;
	probe.backend = &test_backend;
	probe.hits = alloc_percpu(unsigned long);
	backend_misses = 0;
	krpc_fake_regs = false;
	krpc_stats = true;
	krpc_extras_update();
}

static void teardown(void)
{
	free_percpu(probe.hits);
	krpc_fake_regs = false;
	krpc_stats = false;
	krpc_extras_update();
}

static unsigned long total_hits(void)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += *per_cpu_ptr(probe.hits, cpu);
	return sum;
}

static void fill_regs(struct pt_regs *regs)
{
	unsigned long *w = (unsigned long *)regs;
	size_t i;

	for (i = 0; i < sizeof(*regs) / sizeof(long); i++)
		w[i] = 0x1111111111111111UL * (i + 1);
}

static void regs_build_fills_promised_fields(void)
{
	struct pt_regs regs, want;

	memset(&regs, 0xaa, sizeof(regs));
	krpc_regs_build(&regs, 0x1234, 0xffffffff81000abcUL, 0xffffc90000013ff0UL,
			0xffffc90000013f80UL);
	EXPECT_EQ(regs_return_value(&regs), 0x1234);
	EXPECT_EQ(instruction_pointer(&regs), 0xffffffff81000abcUL);
	EXPECT_EQ(kernel_stack_pointer(&regs), 0xffffc90000013ff0UL);
	EXPECT_EQ(frame_pointer(&regs), 0xffffc90000013f80UL);
#ifdef CONFIG_ARM64
	/* x0, pc, sp and x29 (the frame pointer); every other field is zero. */
	EXPECT_EQ(regs.regs[0], 0x1234);
	EXPECT_EQ(regs.pc, 0xffffffff81000abcUL);
	EXPECT_EQ(regs.sp, 0xffffc90000013ff0UL);
	EXPECT_EQ(regs.regs[29], 0xffffc90000013f80UL);
	memset(&want, 0, sizeof(want));
	want.regs[0] = 0x1234;
	want.pc = 0xffffffff81000abcUL;
	want.sp = 0xffffc90000013ff0UL;
	want.regs[29] = 0xffffc90000013f80UL;
	/*
	 * Kernel mode, as ftrace_partial_regs() sets it since fd2f74f8f3d3
	 * (perf callchains skip a pt_regs that user_mode() calls EL0).
	 */
	EXPECT(!user_mode(&regs));
	want.pstate = PSR_MODE_EL1h;
	EXPECT(!memcmp(&regs, &want, sizeof(regs)));
	EXPECT_EQ(regs.regs[30], 0);
	EXPECT_EQ(regs.orig_x0, 0);
#else
	EXPECT_EQ(regs.cs, __KERNEL_CS);
	EXPECT_EQ(regs.ss, __KERNEL_DS);
	EXPECT_EQ(regs.flags, X86_EFLAGS_FIXED);
	/* Every other field is zero. */
	memset(&want, 0, sizeof(want));
	want.ax = 0x1234;
	want.ip = 0xffffffff81000abcUL;
	want.sp = 0xffffc90000013ff0UL;
	want.bp = 0xffffc90000013f80UL;
	want.cs = __KERNEL_CS;
	want.ss = __KERNEL_DS;
	want.flags = X86_EFLAGS_FIXED;
	EXPECT(!memcmp(&regs, &want, sizeof(regs)));
	EXPECT_EQ(regs.orig_ax, 0);
	EXPECT_EQ(regs.di, 0);
	EXPECT_EQ(regs.r15, 0);
#endif
}

/*
 * call.h: the return address at a function's first instruction, for
 * the backends that get entry registers without one (fprobe_rethook.c,
 * kretprobe_native.c): x86 the word at the stack pointer (the call pushed
 * it), arm64 the link register x30.
 */
static void entry_ret_addr_is_the_arch_one(void)
{
	unsigned long stack[2] = { 0xffffffff81000abcUL, 0 };
	struct pt_regs regs;

	fill_regs(&regs);
#ifdef CONFIG_ARM64
	regs.regs[30] = 0xffff800080123450UL;
	regs.sp = (unsigned long)stack;
	EXPECT_EQ(krpc_entry_ret_addr(&regs), 0xffff800080123450UL);
#else
	regs.sp = (unsigned long)stack;
	EXPECT_EQ(krpc_entry_ret_addr(&regs), 0xffffffff81000abcUL);
#endif
}

static void call_entry_sets_instance(void)
{
	struct pt_regs regs;

	setup();
	fill_regs(&regs);
	EXPECT_EQ(krpc_call_entry(&probe, &inst.ri, 0xc0ffee, &regs), 0);
	EXPECT_EQ(inst.ri.krpc_rp, &rp);
	EXPECT_EQ(inst.ri.krpc_ret_addr, 0xc0ffee);
	EXPECT_EQ(inst.ri.krpc_task, current);
	EXPECT_EQ(seen.entries, 1);
	/* The entry handler sees the instance already filled in. */
	EXPECT_EQ(seen.ri, &inst.ri);
	EXPECT_EQ(seen.regs, &regs);
	EXPECT_EQ(seen.rp_seen, &rp);
	EXPECT_EQ(seen.retaddr_seen, 0xc0ffee);
	EXPECT_EQ(seen.returns, 0);
	teardown();
}

static void call_entry_disabled_skips(void)
{
	struct pt_regs regs;

	setup();
	fill_regs(&regs);
	probe.disabled = true;
	EXPECT_NE(krpc_call_entry(&probe, &inst.ri, 0xc0ffee, &regs), 0);
	EXPECT_EQ(seen.entries, 0);
	EXPECT_EQ(total_hits(), 0);
	teardown();
}

static void call_entry_veto_skips(void)
{
	struct pt_regs regs;

	setup();
	fill_regs(&regs);
	seen.entry_ret = -1;
	EXPECT_NE(krpc_call_entry(&probe, &inst.ri, 0xc0ffee, &regs), 0);
	EXPECT_EQ(seen.entries, 1);
	seen.entry_ret = 1;
	EXPECT_NE(krpc_call_entry(&probe, &inst.ri, 0xc0ffee, &regs), 0);
	EXPECT_EQ(seen.entries, 2);
	teardown();
}

static void call_entry_without_entry_handler(void)
{
	struct pt_regs regs;

	setup();
	fill_regs(&regs);
	rp.entry_handler = NULL;
	EXPECT_EQ(krpc_call_entry(&probe, &inst.ri, 0xbeef, &regs), 0);
	EXPECT_EQ(inst.ri.krpc_rp, &rp);
	EXPECT_EQ(inst.ri.krpc_ret_addr, 0xbeef);
	teardown();
}

static void call_return_counts_hits_and_misses(void)
{
	struct pt_regs regs;

	setup();
	fill_regs(&regs);
	/* The backends keep rp->nmissed; the shared return path leaves it. */
	rp.nmissed = 5;
	backend_misses = 7;
	krpc_call_return(&probe, &inst.ri, &regs);
	EXPECT_EQ(rp.nmissed, 5);
	stub_cpu = 2;
	krpc_call_return(&probe, &inst.ri, &regs);
	stub_cpu = 0;
	EXPECT_EQ(rp.nmissed, 5);
	EXPECT_EQ(total_hits(), 2);
	EXPECT_EQ(*per_cpu_ptr(probe.hits, 2), 1);
	EXPECT_EQ(seen.returns, 2);
	/* Without fake_regs the handler gets the backend's own pt_regs. */
	EXPECT_EQ(seen.regs, &regs);
	EXPECT_EQ(seen.ri, &inst.ri);
	teardown();
}

static void call_return_stats_off_counts_nothing(void)
{
	struct pt_regs regs;

	setup();
	fill_regs(&regs);
	krpc_stats = false;
	krpc_extras_update();
	EXPECT(!krpc_extras_key.enabled);
	krpc_call_return(&probe, &inst.ri, &regs);
	EXPECT_EQ(total_hits(), 0);
	EXPECT_EQ(seen.returns, 1);
	EXPECT_EQ(seen.regs, &regs);
	/* fake_regs alone turns the key on, and still counts nothing. */
	krpc_fake_regs = true;
	krpc_extras_update();
	EXPECT(krpc_extras_key.enabled);
	krpc_call_return(&probe, &inst.ri, &regs);
	EXPECT_EQ(total_hits(), 0);
	EXPECT_EQ(seen.returns, 2);
	EXPECT(seen.regs != &regs);
	teardown();
}

static void call_return_null_handler(void)
{
	struct pt_regs regs, before;

	setup();
	fill_regs(&regs);
	before = regs;
	rp.handler = NULL;
	krpc_call_return(&probe, &inst.ri, &regs);
	krpc_fake_regs = true;
	krpc_extras_update();
	krpc_call_return(&probe, &inst.ri, &regs);
	EXPECT_EQ(total_hits(), 2);
	EXPECT(!memcmp(&regs, &before, sizeof(regs)));
	teardown();
}

static void call_return_fake_regs_builds_and_writes_back(void)
{
	struct pt_regs regs, before;

	setup();
	fill_regs(&regs);
	before = regs;
	krpc_fake_regs = true;
	krpc_extras_update();
	seen.set_retval = true;
	seen.new_retval = 0x77;
	krpc_call_return(&probe, &inst.ri, &regs);
	ASSERT_EQ(seen.returns, 1);
	EXPECT_NE(seen.regs, &regs);
	/* The built regs carry the four promised values and nothing else. */
#ifdef CONFIG_ARM64
	EXPECT_EQ(seen.copy.regs[0], before.regs[0]);
	EXPECT_EQ(seen.copy.pc, before.pc);
	EXPECT_EQ(seen.copy.sp, before.sp);
	EXPECT_EQ(seen.copy.regs[29], before.regs[29]);
	EXPECT_EQ(seen.copy.regs[1], 0);
	EXPECT_EQ(seen.copy.regs[30], 0);
	EXPECT_EQ(seen.copy.orig_x0, 0);
	/* The handler's return value reaches the backend's regs... */
	EXPECT_EQ(regs.regs[0], 0x77);
	/* ...and nothing else there changed. */
	regs.regs[0] = before.regs[0];
#else
	EXPECT_EQ(seen.copy.ax, before.ax);
	EXPECT_EQ(seen.copy.ip, before.ip);
	EXPECT_EQ(seen.copy.sp, before.sp);
	EXPECT_EQ(seen.copy.bp, before.bp);
	EXPECT_EQ(seen.copy.cs, __KERNEL_CS);
	EXPECT_EQ(seen.copy.di, 0);
	EXPECT_EQ(seen.copy.r12, 0);
	EXPECT_EQ(seen.copy.orig_ax, 0);
	/* The handler's return value reaches the backend's regs... */
	EXPECT_EQ(regs.ax, 0x77);
	/* ...and nothing else there changed. */
	regs.ax = before.ax;
#endif
	EXPECT(!memcmp(&regs, &before, sizeof(regs)));
	teardown();
}

static void call_return_fake_regs_keeps_value(void)
{
	struct pt_regs regs, before;

	setup();
	fill_regs(&regs);
	before = regs;
	krpc_fake_regs = true;
	krpc_extras_update();
	krpc_call_return(&probe, &inst.ri, &regs);
	EXPECT_EQ(seen.returns, 1);
	EXPECT(!memcmp(&regs, &before, sizeof(regs)));
	teardown();
}

/* params.c: the parameters' own ops switch the static key. */
extern struct stub_param stub_param_stats, stub_param_fake_regs;

static void params_switch_the_extras_key(void)
{
	setup();
	krpc_fake_regs = false;
	krpc_stats = false;
	krpc_extras_update();
	EXPECT(!krpc_extras_key.enabled);
	EXPECT_EQ(stub_param_stats.ops->set("1", &stub_param_stats.kp), 0);
	EXPECT(krpc_stats);
	EXPECT(krpc_extras_key.enabled);
	EXPECT_EQ(stub_param_fake_regs.ops->set("Y", &stub_param_fake_regs.kp), 0);
	EXPECT_EQ(stub_param_stats.ops->set("0", &stub_param_stats.kp), 0);
	/* fake_regs still on: the key stays on. */
	EXPECT(krpc_extras_key.enabled);
	EXPECT_EQ(stub_param_fake_regs.ops->set("n", &stub_param_fake_regs.kp), 0);
	EXPECT(!krpc_fake_regs);
	EXPECT(!krpc_extras_key.enabled);
	/* A bad value changes nothing. */
	EXPECT(stub_param_stats.ops->set("maybe", &stub_param_stats.kp) != 0);
	EXPECT(!krpc_stats);
	EXPECT(!krpc_extras_key.enabled);
	teardown();
}

static const struct ktap_case cases[] = {
	KTAP_CASE(regs_build_fills_promised_fields),
	KTAP_CASE(entry_ret_addr_is_the_arch_one),
	KTAP_CASE(call_entry_sets_instance),
	KTAP_CASE(call_entry_disabled_skips),
	KTAP_CASE(call_entry_veto_skips),
	KTAP_CASE(call_entry_without_entry_handler),
	KTAP_CASE(call_return_counts_hits_and_misses),
	KTAP_CASE(call_return_stats_off_counts_nothing),
	KTAP_CASE(call_return_null_handler),
	KTAP_CASE(call_return_fake_regs_builds_and_writes_back),
	KTAP_CASE(call_return_fake_regs_keeps_value),
	KTAP_CASE(params_switch_the_extras_key),
};

int main(void)
{
	return ktap_run("call", cases, ARRAY_SIZE(cases));
}
