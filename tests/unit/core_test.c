// SPDX-License-Identifier: GPL-2.0
/*
 * core_test.c - shim/core.c over the era's fprobe backend: argument checks
 * with native's error codes, address resolution through the (fake) kprobes
 * core, default maxactive, registration bookkeeping, batch rollback,
 * enable/disable, and the failure paths, which must leave nothing behind.
 */
#include <stdio.h>
#include <string.h>

#include "backend.h"
#include "params.h"

#include "fake.h"
#include "ktap.h"


static int returns;

static int return_h(struct krpc_kretprobe_instance *ri, struct pt_regs *regs)
{
	returns++;
	return 0;
}

static void init_rp(struct krpc_kretprobe *rp, const char *sym)
{
	memset(rp, 0, sizeof(*rp));
	rp->kp.symbol_name = sym;
	rp->handler = return_h;
	returns = 0;
}

static bool on_list(struct krpc_kretprobe *rp)
{
	struct krpc_probe *p;

	list_for_each_entry(p, &krpc_probes, node)
		if (p->rp == rp)
			return true;
	return false;
}

static void register_by_symbol(void)
{
	struct krpc_kretprobe rp;

	init_rp(&rp, "target_a");
	ASSERT_EQ(krpc_register_kretprobe(&rp), 0);
	EXPECT_EQ(rp.kp.addr, FAKE_TARGET_A);
#ifdef CONFIG_ARM64
	/* As native: arm64's kprobes never sit on ftrace. */
	EXPECT(!(rp.kp.flags & KPROBE_FLAG_FTRACE));
#else
	EXPECT(rp.kp.flags & KPROBE_FLAG_FTRACE);
#endif
	EXPECT(rp.krpc);
	EXPECT(on_list(&rp));
	EXPECT_EQ(fake_fprobes_live(), 1);
	EXPECT_EQ(fake_kprobes_live(), 0);
	fake_call(FAKE_TARGET_A, NULL, 0, 0x1234);
	EXPECT_EQ(returns, 1);
	krpc_unregister_kretprobe(&rp);
	EXPECT(!rp.krpc);
	EXPECT(!on_list(&rp));
	EXPECT_EQ(fake_fprobes_live(), 0);
	/* As native, kp.addr keeps the resolved address. */
	EXPECT_EQ(rp.kp.addr, FAKE_TARGET_A);
}

static void register_by_address_and_module_symbol(void)
{
	struct krpc_kretprobe rp;

	init_rp(&rp, NULL);
	rp.kp.addr = (kprobe_opcode_t *)FAKE_TARGET_B;
	ASSERT_EQ(krpc_register_kretprobe(&rp), 0);
	EXPECT_EQ(rp.krpc->addr, FAKE_TARGET_B);
	krpc_unregister_kretprobe(&rp);

	init_rp(&rp, "fakemod:target_mod");
	ASSERT_EQ(krpc_register_kretprobe(&rp), 0);
	EXPECT_EQ(rp.kp.addr, FAKE_TARGET_MOD);
	fake_call(FAKE_TARGET_MOD, NULL, 0, 0x1234);
	EXPECT_EQ(returns, 1);
	krpc_unregister_kretprobe(&rp);
}

static void bad_arguments_native_errors(void)
{
	struct krpc_kretprobe rp;

	EXPECT_EQ(krpc_register_kretprobe(NULL), -EINVAL);
	init_rp(&rp, "no_such_function");
	EXPECT_EQ(krpc_register_kretprobe(&rp), -ENOENT);
	init_rp(&rp, "target_a");
	rp.kp.addr = (kprobe_opcode_t *)FAKE_TARGET_A;
	EXPECT_EQ(krpc_register_kretprobe(&rp), -EINVAL);
	init_rp(&rp, NULL);
	EXPECT_EQ(krpc_register_kretprobe(&rp), -EINVAL);
	init_rp(&rp, "target_blacklisted");
#ifdef CONFIG_KPROBES
	EXPECT_EQ(krpc_register_kretprobe(&rp), -EINVAL);
	EXPECT(!rp.krpc);
	EXPECT(!(rp.kp.flags & KPROBE_FLAG_FTRACE));
#else
	/* No kprobes, no kprobe blacklist: ftrace can trace it, fprobe serves it. */
	ASSERT_EQ(krpc_register_kretprobe(&rp), 0);
	krpc_unregister_kretprobe(&rp);
#endif
	EXPECT_EQ(fake_fprobes_live(), 0);
}

#ifndef CONFIG_KPROBES
static void nokprobes_names(void)
{
	static const char *const not_names[] = {
		"target_*", "!target_a", "target_?", "[t]arget_a", "123", "", "fakemod:",
		"fake*:target_mod", "target a",
	};
	struct krpc_kretprobe rp;
	size_t i;

	/* A name in vmlinux and in a module: vmlinux's, as kallsyms. */
	init_rp(&rp, "target_dup");
	ASSERT_EQ(krpc_register_kretprobe(&rp), 0);
	EXPECT_EQ(rp.kp.addr, FAKE_TARGET_DUP);
	EXPECT(rp.kp.flags & KPROBE_FLAG_FTRACE);
	fake_call(FAKE_TARGET_DUP, NULL, 0, 0x1234);
	EXPECT_EQ(returns, 1);
	krpc_unregister_kretprobe(&rp);
	init_rp(&rp, "fakemod:target_dup");
	ASSERT_EQ(krpc_register_kretprobe(&rp), 0);
	EXPECT_EQ(rp.kp.addr, FAKE_TARGET_DUP_MOD);
	krpc_unregister_kretprobe(&rp);
	init_rp(&rp, "othermod:target_dup");
	EXPECT_EQ(krpc_register_kretprobe(&rp), -ENOENT);
	init_rp(&rp, "fakemod:target_a");
	EXPECT_EQ(krpc_register_kretprobe(&rp), -ENOENT);
	/* A module symbol named without its module, as kallsyms finds it. */
	init_rp(&rp, "target_mod");
	ASSERT_EQ(krpc_register_kretprobe(&rp), 0);
	EXPECT_EQ(rp.kp.addr, FAKE_TARGET_MOD);
	krpc_unregister_kretprobe(&rp);
	/* What ftrace would take as a glob, a negation or an index names nothing. */
	for (i = 0; i < ARRAY_SIZE(not_names); i++) {
		init_rp(&rp, not_names[i]);
		EXPECT_EQ(krpc_register_kretprobe(&rp), -ENOENT);
	}
	EXPECT_EQ(fake_fprobes_live(), 0);
}

static void nokprobes_addresses(void)
{
	struct krpc_kretprobe rp;

	/* sym+0 resolves to the ftrace location past the ENDBR, as native. */
	init_rp(&rp, NULL);
	rp.kp.addr = (kprobe_opcode_t *)FAKE_TARGET_IBT;
	ASSERT_EQ(krpc_register_kretprobe(&rp), 0);
	EXPECT_EQ(rp.kp.addr, FAKE_TARGET_IBT + 4);
	krpc_unregister_kretprobe(&rp);
	init_rp(&rp, NULL);
	rp.kp.addr = (kprobe_opcode_t *)(FAKE_TARGET_IBT + 4);
	ASSERT_EQ(krpc_register_kretprobe(&rp), 0);
	EXPECT_EQ(rp.kp.addr, FAKE_TARGET_IBT + 4);
	krpc_unregister_kretprobe(&rp);
	init_rp(&rp, NULL);
	rp.kp.addr = (kprobe_opcode_t *)(FAKE_TARGET_IBT + 8);
	EXPECT_EQ(krpc_register_kretprobe(&rp), -EINVAL);
	init_rp(&rp, NULL);
	rp.kp.addr = (kprobe_opcode_t *)FAKE_TARGET_A;
	rp.kp.offset = 4;
	EXPECT_EQ(krpc_register_kretprobe(&rp), -EINVAL);
	/* Outside every symbol: native's kallsyms test says -ENOENT. */
	init_rp(&rp, NULL);
	rp.kp.addr = (kprobe_opcode_t *)0x5UL;
	EXPECT_EQ(krpc_register_kretprobe(&rp), -ENOENT);
	/* notrace: by name ftrace knows nothing; by address, no backend. */
	init_rp(&rp, "target_notrace");
	EXPECT_EQ(krpc_register_kretprobe(&rp), -ENOENT);
	init_rp(&rp, NULL);
	rp.kp.addr = (kprobe_opcode_t *)FAKE_TARGET_NOTRACE;
	EXPECT_EQ(krpc_register_kretprobe(&rp), -EOPNOTSUPP);
	EXPECT(!rp.krpc);
	EXPECT_EQ(rp.kp.addr, FAKE_TARGET_NOTRACE);
	EXPECT(!(rp.kp.flags & KPROBE_FLAG_FTRACE));
	EXPECT(strstr(stub_last_printk, "no native kretprobes"));
	init_rp(&rp, NULL);
	rp.kp.addr = (kprobe_opcode_t *)(FAKE_TARGET_NOTRACE + 8);
	EXPECT_EQ(krpc_register_kretprobe(&rp), -EINVAL);
	/* The architecture's kretprobe blacklist holds without kprobes. */
	init_rp(&rp, "__switch_to");
	EXPECT_EQ(krpc_register_kretprobe(&rp), -EINVAL);
	init_rp(&rp, NULL);
	rp.kp.addr = (kprobe_opcode_t *)FAKE_SWITCH_TO;
	EXPECT_EQ(krpc_register_kretprobe(&rp), -EINVAL);
	EXPECT_EQ(fake_fprobes_live(), 0);
}
#endif /* !CONFIG_KPROBES */

static void offset_must_be_function_entry(void)
{
	struct krpc_kretprobe rp;

	init_rp(&rp, "target_a");
	rp.kp.offset = 8;
	EXPECT_EQ(krpc_register_kretprobe(&rp), -EINVAL);
	rp.kp.offset = 2;	/* inside an instruction */
	EXPECT_EQ(krpc_register_kretprobe(&rp), -EINVAL);
	init_rp(&rp, "no_such_function");
	rp.kp.offset = 4;
	EXPECT_EQ(krpc_register_kretprobe(&rp), -ENOENT);
#ifdef CONFIG_ARM64
	/*
	 * arm64's kprobes move no entry: past a BTI, or at the ftrace
	 * location itself, is not the entry (native: -EINVAL).
	 */
	init_rp(&rp, "target_ibt");
	rp.kp.offset = 4;
	EXPECT_EQ(krpc_register_kretprobe(&rp), -EINVAL);
	init_rp(&rp, NULL);
	rp.kp.addr = (kprobe_opcode_t *)(FAKE_TARGET_A + 4);
	EXPECT_EQ(krpc_register_kretprobe(&rp), -EINVAL);
	EXPECT(!rp.krpc);
#else
	/* With IBT, sym+4 is the entry that sym+0 resolves to. */
	init_rp(&rp, "target_ibt");
	rp.kp.offset = 4;
	ASSERT_EQ(krpc_register_kretprobe(&rp), 0);
	EXPECT_EQ(rp.kp.addr, FAKE_TARGET_IBT + 4);
	krpc_unregister_kretprobe(&rp);
#endif
	init_rp(&rp, "target_ibt");
	rp.kp.offset = 8;
	EXPECT_EQ(krpc_register_kretprobe(&rp), -EINVAL);
}

static void data_size_limit_is_e2big(void)
{
	struct krpc_kretprobe rp;

	init_rp(&rp, "target_a");
	rp.data_size = KRETPROBE_MAX_DATA_SIZE + 1;
	EXPECT_EQ(krpc_register_kretprobe(&rp), -E2BIG);
	EXPECT(!rp.krpc);
	rp.data_size = KRETPROBE_MAX_DATA_SIZE;
	ASSERT_EQ(krpc_register_kretprobe(&rp), 0);
	krpc_unregister_kretprobe(&rp);
}

static void double_registration_is_einval(void)
{
	struct krpc_kretprobe rp;
	struct krpc_probe *p;

	init_rp(&rp, "target_a");
	ASSERT_EQ(krpc_register_kretprobe(&rp), 0);
	p = rp.krpc;
	EXPECT_EQ(krpc_register_kretprobe(&rp), -EINVAL);
	EXPECT_EQ(rp.krpc, p);
	EXPECT_EQ(fake_fprobes_live(), 1);
	krpc_unregister_kretprobe(&rp);
	/* Registering the same struct again needs kp.addr cleared, as native. */
	EXPECT_EQ(krpc_register_kretprobe(&rp), -EINVAL);
	rp.kp.addr = NULL;
	ASSERT_EQ(krpc_register_kretprobe(&rp), 0);
	krpc_unregister_kretprobe(&rp);
}

static void default_maxactive(void)
{
	static const struct { int given; unsigned int cpus; int want; } t[] = {
		{ 0, 4, 10 }, { -3, 4, 10 }, { 0, 8, 16 }, { 0, 1, 10 }, { 3, 8, 3 },
	};
	struct fake_frame *f[17];
	struct krpc_kretprobe rp;
	size_t i;
	int j;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		init_rp(&rp, "target_a");
		rp.maxactive = t[i].given;
		stub_nr_cpus = t[i].cpus;
		ASSERT_EQ(krpc_register_kretprobe(&rp), 0);
		EXPECT_EQ(rp.maxactive, t[i].want);
		/* maxactive calls in flight, and the next one is a miss. */
		for (j = 0; j <= t[i].want; j++)
			f[j] = fake_call_enter(FAKE_TARGET_A, NULL, 0x1234);
		for (j = t[i].want; j >= 0; j--)
			fake_call_exit(f[j], 0);
		EXPECT_EQ(returns, t[i].want);
		EXPECT_EQ(krpc_kretprobe_nmissed(&rp), 1);
		krpc_unregister_kretprobe(&rp);
	}
}

/* Native 6.12 clears a post_handler the caller left, and registers. */
static void post_handler_is_cleared(void)
{
	struct krpc_kretprobe rp;

	init_rp(&rp, "target_a");
	rp.kp.post_handler = (kprobe_post_handler_t)1;
	EXPECT_EQ(krpc_register_kretprobe(&rp), 0);
	EXPECT(!rp.kp.post_handler);
	EXPECT(rp.krpc);
	krpc_unregister_kretprobe(&rp);
	EXPECT(!rp.krpc);
}

static void batch_is_all_or_none(void)
{
	struct krpc_kretprobe a, b, c;
	struct krpc_kretprobe *rps[] = { &a, &b, &c };

	init_rp(&a, "target_a");
	init_rp(&b, "target_b");
	init_rp(&c, "no_such_function");
	EXPECT_EQ(krpc_register_kretprobes(rps, 3), -ENOENT);
	EXPECT(!a.krpc && !b.krpc && !c.krpc);
	EXPECT_EQ(fake_fprobes_live(), 0);
	EXPECT(list_empty(&krpc_probes));

	init_rp(&a, "target_a");
	init_rp(&b, "target_b");
	init_rp(&c, "target_ibt");
	ASSERT_EQ(krpc_register_kretprobes(rps, 3), 0);
	EXPECT(a.krpc && b.krpc && c.krpc);
	fake_call(FAKE_TARGET_A, NULL, 0, 0x1234);
	fake_call(FAKE_TARGET_B, NULL, 0, 0x1234);
	fake_call(FAKE_TARGET_IBT, NULL, 0, 0x1234);
	EXPECT_EQ(returns, 3);
	krpc_unregister_kretprobes(rps, 3);
	EXPECT(!a.krpc && !b.krpc && !c.krpc);
	EXPECT_EQ(fake_fprobes_live(), 0);

	EXPECT_EQ(krpc_register_kretprobes(rps, 0), -EINVAL);
	EXPECT_EQ(krpc_register_kretprobes(rps, -1), -EINVAL);
}

static void batch_with_a_duplicate_rolls_back(void)
{
	struct krpc_kretprobe a;
	struct krpc_kretprobe *rps[] = { &a, &a };

	init_rp(&a, "target_a");
	EXPECT_EQ(krpc_register_kretprobes(rps, 2), -EINVAL);
	EXPECT(!a.krpc);
	EXPECT_EQ(fake_fprobes_live(), 0);
}

static void unregister_skips_unregistered(void)
{
	struct krpc_kretprobe a, b;
	struct krpc_kretprobe *rps[] = { &a, NULL, &b };

	init_rp(&a, "target_a");
	init_rp(&b, "target_b");
	ASSERT_EQ(krpc_register_kretprobe(&b), 0);
	krpc_unregister_kretprobe(&a);
	krpc_unregister_kretprobes(rps, 3);
	EXPECT(!b.krpc);
	krpc_unregister_kretprobes(rps, 0);
	krpc_unregister_kretprobes(rps, 3);
	EXPECT_EQ(fake_fprobes_live(), 0);
}

static void enable_disable_need_registration(void)
{
	struct krpc_kretprobe rp;

	init_rp(&rp, "target_a");
	EXPECT_EQ(krpc_disable_kretprobe(&rp), -EINVAL);
	EXPECT_EQ(krpc_enable_kretprobe(&rp), -EINVAL);
	EXPECT_EQ(krpc_disable_kretprobe(NULL), -EINVAL);
	EXPECT_EQ(krpc_kretprobe_nmissed(&rp), 0);
}

static void nmissed_kept_after_unregister(void)
{
	struct krpc_kretprobe rp;
	struct fake_frame *f[2];

	init_rp(&rp, "target_a");
	rp.maxactive = 1;
	rp.nmissed = 99;	/* registration starts the count afresh */
	ASSERT_EQ(krpc_register_kretprobe(&rp), 0);
	EXPECT_EQ(rp.nmissed, 0);
	f[0] = fake_call_enter(FAKE_TARGET_A, NULL, 0x1234);
	f[1] = fake_call_enter(FAKE_TARGET_A, NULL, 0x1234);
	fake_call_exit(f[1], 0);
	fake_call_exit(f[0], 0);
	krpc_unregister_kretprobe(&rp);
	EXPECT_EQ(rp.nmissed, 1);
	EXPECT_EQ(krpc_kretprobe_nmissed(&rp), 1);
}

/*
 * On arm64 the shim asks ftrace whether the target has a location
 * (krpc_ftrace_has_location(): a scratch ftrace_ops, and the filter
 * ftrace_set_filter_ip() allocates: here its hash, buckets and entry): an
 * allocation failure there is -ENOMEM like any other, not "no location"
 * (-EOPNOTSUPP, or the native backend with fallback=Y).
 */
static void allocation_failures_leave_nothing(void)
{
	struct krpc_kretprobe rp;
	int at, ret, failures = 0;

	for (at = 1; at < 40; at++) {
		init_rp(&rp, "target_a");
		rp.data_size = 32;
		stub_fail_alloc_at = at;
		ret = krpc_register_kretprobe(&rp);
		stub_fail_alloc_at = 0;
		if (!ret)
			break;
		failures++;
		EXPECT_EQ(ret, -ENOMEM);
		EXPECT(!rp.krpc);
		EXPECT_EQ(stub_allocs_live, 0);
		EXPECT_EQ(fake_fprobes_live(), 0);
		EXPECT(list_empty(&krpc_probes));
	}
	ASSERT_EQ(ret, 0);
	printf("# %d allocation(s) can fail\n", failures);
	/* The probe struct and the hit counters, at least. */
	EXPECT(failures >= 2);
	krpc_unregister_kretprobe(&rp);
}

/* A notrace target: by name, or (without kprobes) by address. */
static void init_notrace(struct krpc_kretprobe *rp)
{
#ifdef CONFIG_KPROBES
	init_rp(rp, "target_notrace");
#else
	init_rp(rp, NULL);
	rp->kp.addr = (kprobe_opcode_t *)FAKE_TARGET_NOTRACE;
#endif
}

static void fallback_off_warns(void)
{
	struct krpc_kretprobe rp;

	init_notrace(&rp);
	krpc_fallback = false;
	EXPECT_EQ(krpc_register_kretprobe(&rp), -EOPNOTSUPP);
	krpc_fallback = true;
	EXPECT_EQ(stub_printks, 1);
	EXPECT(strstr(stub_last_printk, "fallback=N"));
	/*
	 * Without a kretprobe backend in the build, fallback=Y cannot help.
	 * (A failed registration may leave kp.addr set, as native's does.)
	 */
	init_notrace(&rp);
	EXPECT_EQ(krpc_register_kretprobe(&rp), -EOPNOTSUPP);
	EXPECT(!rp.krpc);
	EXPECT_EQ(stub_printks, 2);
	EXPECT(strstr(stub_last_printk, "no native kretprobes"));
}

static const struct ktap_case cases[] = {
	KTAP_CASE(register_by_symbol),
	KTAP_CASE(register_by_address_and_module_symbol),
	KTAP_CASE(bad_arguments_native_errors),
#ifndef CONFIG_KPROBES
	KTAP_CASE(nokprobes_names),
	KTAP_CASE(nokprobes_addresses),
#endif
	KTAP_CASE(offset_must_be_function_entry),
	KTAP_CASE(data_size_limit_is_e2big),
	KTAP_CASE(double_registration_is_einval),
	KTAP_CASE(default_maxactive),
	KTAP_CASE(post_handler_is_cleared),
	KTAP_CASE(batch_is_all_or_none),
	KTAP_CASE(batch_with_a_duplicate_rolls_back),
	KTAP_CASE(unregister_skips_unregistered),
	KTAP_CASE(enable_disable_need_registration),
	KTAP_CASE(nmissed_kept_after_unregister),
	KTAP_CASE(allocation_failures_leave_nothing),
	KTAP_CASE(fallback_off_warns),
};

int main(void)
{
	return ktap_run("core-" ERA, cases, ARRAY_SIZE(cases));
}
