// SPDX-License-Identifier: GPL-2.0
/*
 * Bad input to the kretprobe API: every case must be answered like native
 * (an error code or a harmless no-op), never with a crash.
 *
 * Written only against the plain kretprobe API of <linux/kprobes.h> and
 * built twice: native/ (stock headers: the oracle) and compat/ (through
 * kretprobe-compat.mk: the shim). Each case prints one KTAP result and one
 * comparison line "# krp-bad: <case> <observations>"; the guest script
 * (tests/vm/guest/badinput.sh) requires the two builds' comparison lines
 * to be identical. Cases native cannot survive (it dereferences NULL or
 * frees twice) are compiled only into the compat build and print
 * "# krp-bad-shim:" lines instead.
 *
 * only=<case> runs one separate case instead of the table:
 *   post_handler  kp.post_handler set by the caller (native 6.12 accepts it)
 *   sleepy        a return handler that sleeps (mutex_lock, GFP_KERNEL):
 *                 the kernel must report it (DEBUG_ATOMIC_SLEEP), not hang
 */
#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <linux/string.h>

#ifdef _KRPC_LINUX_KPROBES_H
#define KRP_SHIM 1
#define KRP_BUILD "compat"
#else
#define KRP_SHIM 0
#define KRP_BUILD "native"
#endif

static char *only = "";
module_param(only, charp, 0444);
MODULE_PARM_DESC(only, "run one separate case: post_handler or sleepy");

static atomic_t krp_entries, krp_returns, krp_user_pre;
static unsigned long krp_sink;
static unsigned long krp_bad_data[4];
static DEFINE_MUTEX(krp_sleepy_mutex);

static noinline __noipa unsigned long krp_bad_target(unsigned long x)
{
	return x * 3 + 1;
}

static noinline __noipa notrace unsigned long krp_bad_notrace(unsigned long x)
{
	return x * 3 + 2;
}

static noinline __noipa unsigned long krp_bad_blacklisted(unsigned long x)
{
	return x * 3 + 3;
}
NOKPROBE_SYMBOL(krp_bad_blacklisted);

static noinline __noipa unsigned long __init krp_bad_init_target(unsigned long x)
{
	return x * 3 + 4;
}

/* An __init function that stays probed past the end of module init. */
static noinline __noipa unsigned long __init krp_bad_init_kept(unsigned long x)
{
	return x * 3 + 5;
}

static unsigned long (*krp_fp_target)(unsigned long) = krp_bad_target;
static unsigned long (*krp_fp_notrace)(unsigned long) = krp_bad_notrace;

static void krp_call(unsigned long (*fn)(unsigned long), unsigned long x)
{
	WRITE_ONCE(krp_sink, READ_ONCE(fn)(x));
}

static int krp_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	atomic_inc(&krp_entries);
	return 0;
}

static int krp_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	atomic_inc(&krp_returns);
	return 0;
}

static int krp_user_pre_handler(struct kprobe *p, struct pt_regs *regs)
{
	atomic_inc(&krp_user_pre);
	return 0;
}

static void krp_user_post_handler(struct kprobe *p, struct pt_regs *regs,
				  unsigned long flags)
{
}

static struct kretprobe krp_rp, krp_kept;

static void krp_reset(struct kretprobe *rp, const char *sym)
{
	memset(rp, 0, sizeof(*rp));
	rp->kp.symbol_name = sym;
	rp->entry_handler = krp_entry;
	rp->handler = krp_ret;
	atomic_set(&krp_entries, 0);
	atomic_set(&krp_returns, 0);
}

/* ---- KTAP ---- */

static int krp_n;
static bool krp_failed;
static const char *krp_case;

static __printf(2, 3) void krp_expect(bool cond, const char *fmt, ...)
{
	va_list ap;
	char buf[160];

	if (cond)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pr_info("# %s: %s\n", krp_case, buf);
	krp_failed = true;
}

/* The line the guest compares between the native and the compat build. */
/* ("krp-bad-shim" for the cases only the compat build runs). */
static const char *krp_prefix = "krp-bad";
#define krp_obs(fmt, ...) pr_info("# %s: %s " fmt "\n", krp_prefix, krp_case, ##__VA_ARGS__)
#define krp_obs_shim krp_obs

/* Register @rp, expect @want; on success call @fn once and unregister. */
static int krp_try(struct kretprobe *rp, int want,
		   unsigned long (*fn)(unsigned long))
{
	int ret = register_kretprobe(rp);

	if (!ret) {
		if (fn)
			krp_call(fn, 1);
		unregister_kretprobe(rp);
	}
	krp_obs("ret=%d hits=%d", ret, atomic_read(&krp_returns));
	krp_expect(ret == want, "register_kretprobe() = %d, expected %d", ret, want);
	if (!ret && fn)
		krp_expect(atomic_read(&krp_returns) == 1, "%d hits after 1 call, expected 1",
			   atomic_read(&krp_returns));
	return ret;
}

/* ---- cases run by both builds ---- */

static void case_no_symbol_no_addr(void)
{
	krp_reset(&krp_rp, NULL);
	krp_try(&krp_rp, -EINVAL, NULL);
}

static void case_symbol_and_addr(void)
{
	krp_reset(&krp_rp, "krp_bad_target");
	krp_rp.kp.addr = (kprobe_opcode_t *)krp_bad_target;
	krp_try(&krp_rp, -EINVAL, NULL);
}

static void case_num_zero_or_negative(void)
{
	struct kretprobe *rps[1] = { &krp_rp };
	int r0, rneg;

	krp_reset(&krp_rp, "krp_bad_target");
	r0 = register_kretprobes(rps, 0);
	rneg = register_kretprobes(rps, -1);
	unregister_kretprobes(rps, 0);
	unregister_kretprobes(rps, -1);
	krp_obs("num0=%d num-1=%d", r0, rneg);
	krp_expect(r0 == -EINVAL && rneg == -EINVAL, "register_kretprobes(num 0, -1) = %d, %d",
		   r0, rneg);
}

static void case_negative_maxactive(void)
{
	int want = max_t(int, 10, 2 * num_possible_cpus());

	krp_reset(&krp_rp, "krp_bad_target");
	krp_rp.maxactive = -5;
	if (register_kretprobe(&krp_rp) == 0) {
		krp_call(krp_fp_target, 1);
		unregister_kretprobe(&krp_rp);
		krp_obs("ret=0 maxactive=%d hits=%d", krp_rp.maxactive,
			atomic_read(&krp_returns));
		krp_expect(krp_rp.maxactive == want, "maxactive -5 became %d, expected %d",
			   krp_rp.maxactive, want);
		krp_expect(atomic_read(&krp_returns) == 1, "%d hits",
			   atomic_read(&krp_returns));
	} else {
		krp_obs("ret!=0");
		krp_expect(false, "register_kretprobe(maxactive -5) failed");
	}
}

static void case_data_size_4097(void)
{
	krp_reset(&krp_rp, "krp_bad_target");
	krp_rp.data_size = 4097;
	krp_try(&krp_rp, -E2BIG, NULL);
}

static void case_data_size_huge(void)
{
	krp_reset(&krp_rp, "krp_bad_target");
	krp_rp.data_size = SIZE_MAX;
	krp_try(&krp_rp, -E2BIG, NULL);
}

/* Native checks the symbol before data_size. */
static void case_unknown_symbol_and_data_size(void)
{
	krp_reset(&krp_rp, "krp_bad_no_such_symbol");
	krp_rp.data_size = 8192;
	krp_try(&krp_rp, -ENOENT, NULL);
}

static void case_empty_symbol(void)
{
	krp_reset(&krp_rp, "");
	krp_try(&krp_rp, -ENOENT, NULL);
}

static void case_long_symbol(void)
{
	static char name[600];

	memset(name, 'k', sizeof(name) - 1);
	krp_reset(&krp_rp, name);
	krp_try(&krp_rp, -ENOENT, NULL);
}

static void case_notrace_target(void)
{
	krp_reset(&krp_rp, "krp_bad_notrace");
	krp_try(&krp_rp, 0, krp_fp_notrace);
}

static void case_blacklisted_own(void)
{
	krp_reset(&krp_rp, "krp_bad_blacklisted");
	krp_try(&krp_rp, -EINVAL, NULL);
}

static void case_blacklisted_kernel(void)
{
	krp_reset(&krp_rp, "notify_die");
	krp_try(&krp_rp, -EINVAL, NULL);
}

/* A kernel __init function, freed after boot. */
static void case_kernel_init_function(void)
{
	int ret;

	krp_reset(&krp_rp, "kernel_init_freeable");
	ret = register_kretprobe(&krp_rp);
	if (!ret)
		unregister_kretprobe(&krp_rp);
	krp_obs("ret=%d", ret);
	krp_expect(ret < 0, "register_kretprobe(kernel_init_freeable) = %d, expected an error",
		   ret);
}

/* This module's __init function, while the module is still initialising. */
static void __init case_module_init_function(void)
{
	krp_reset(&krp_rp, "krp_bad_init_target");
	krp_try(&krp_rp, 0, krp_bad_init_target);
}

static void case_module_not_loaded(void)
{
	krp_reset(&krp_rp, "krp_no_such_module:krp_bad_target");
	krp_try(&krp_rp, -ENOENT, NULL);
}

static void case_registered_twice(void)
{
	int first, second;

	krp_reset(&krp_rp, "krp_bad_target");
	first = register_kretprobe(&krp_rp);
	second = register_kretprobe(&krp_rp);
	krp_call(krp_fp_target, 1);
	if (!first)
		unregister_kretprobe(&krp_rp);
	krp_obs("first=%d second=%d hits=%d", first, second, atomic_read(&krp_returns));
	krp_expect(!first && second == -EINVAL, "register twice: %d then %d", first, second);
	krp_expect(atomic_read(&krp_returns) == 1, "live probe: %d hits after 1 call",
		   atomic_read(&krp_returns));
}

static void case_same_struct_twice_in_array(void)
{
	struct kretprobe *rps[2] = { &krp_rp, &krp_rp };
	int ret, again;

	krp_reset(&krp_rp, "krp_bad_target");
	ret = register_kretprobes(rps, 2);
	krp_call(krp_fp_target, 1);
	if (!ret)
		unregister_kretprobes(rps, 1);
	/* As lib/test_kprobes.c, clear what registration left behind. */
	krp_rp.kp.addr = NULL;
	krp_rp.kp.flags = 0;
	again = register_kretprobe(&krp_rp);
	krp_call(krp_fp_target, 2);
	if (!again)
		unregister_kretprobe(&krp_rp);
	krp_obs("ret=%d again=%d hits=%d", ret, again, atomic_read(&krp_returns));
	krp_expect(ret == -EINVAL, "register_kretprobes({rp, rp}) = %d", ret);
	krp_expect(!again && atomic_read(&krp_returns) == 1,
		   "after the failed batch: register = %d, %d hits", again,
		   atomic_read(&krp_returns));
}

static void case_enable_disable_unregistered(void)
{
	int en, dis;

	krp_reset(&krp_rp, "krp_bad_target");
	en = enable_kretprobe(&krp_rp);
	dis = disable_kretprobe(&krp_rp);
	krp_obs("enable=%d disable=%d", en, dis);
	krp_expect(en == -EINVAL && dis == -EINVAL, "enable %d, disable %d", en, dis);
}

/* kp.addr inside the function, not at its entry. */
static void case_addr_mid_function(void)
{
	int r1, r5;

	krp_reset(&krp_rp, NULL);
	krp_rp.kp.addr = (kprobe_opcode_t *)((unsigned long)krp_bad_target + 1);
	r1 = register_kretprobe(&krp_rp);
	if (!r1)
		unregister_kretprobe(&krp_rp);
	krp_reset(&krp_rp, NULL);
	krp_rp.kp.addr = (kprobe_opcode_t *)((unsigned long)krp_bad_target + 5);
	r5 = register_kretprobe(&krp_rp);
	if (!r5)
		unregister_kretprobe(&krp_rp);
	krp_obs("plus1=%d plus5=%d", r1, r5);
	krp_expect(r1 == -EINVAL && r5 == -EINVAL, "addr fn+1: %d, fn+5: %d, expected %d",
		   r1, r5, -EINVAL);
}

static void case_addr_not_text(void)
{
	krp_reset(&krp_rp, NULL);
	krp_rp.kp.addr = (kprobe_opcode_t *)krp_bad_data;
	krp_try(&krp_rp, -EINVAL, NULL);
}

/* Native overwrites kp.pre_handler; the caller's is never called. */
static void case_user_pre_handler(void)
{
	krp_reset(&krp_rp, "krp_bad_target");
	atomic_set(&krp_user_pre, 0);
	krp_rp.kp.pre_handler = krp_user_pre_handler;
	krp_try(&krp_rp, 0, krp_fp_target);
	krp_obs("user_pre_handler_calls=%d", atomic_read(&krp_user_pre));
	krp_expect(!atomic_read(&krp_user_pre), "kp.pre_handler ran %d times",
		   atomic_read(&krp_user_pre));
}

/* Kept registered on an __init function past the end of init; see exit. */
static void __init case_module_init_kept(void)
{
	int ret;

	krp_reset(&krp_kept, "krp_bad_init_kept");
	ret = register_kretprobe(&krp_kept);
	WRITE_ONCE(krp_sink, krp_bad_init_kept(1));
	krp_obs("ret=%d hits=%d", ret, atomic_read(&krp_returns));
	krp_expect(ret == 0 && atomic_read(&krp_returns) == 1, "register = %d, %d hits",
		   ret, atomic_read(&krp_returns));
	if (ret)
		krp_kept.kp.symbol_name = NULL;
}

/* ---- cases native does not survive: compat build only ---- */

#if KRP_SHIM
static struct kretprobe krp_rp2;

static void case_null_rp(void)
{
	struct kretprobe *one[1] = { NULL };
	struct kretprobe *two[2] = { &krp_rp, NULL };
	int r1, rs, rmix, again, en, dis;

	krp_reset(&krp_rp, "krp_bad_target");
	r1 = register_kretprobe(NULL);
	rs = register_kretprobes(one, 1);
	rmix = register_kretprobes(two, 2);
	krp_call(krp_fp_target, 1);
	unregister_kretprobe(NULL);
	unregister_kretprobes(one, 1);
	en = enable_kretprobe(NULL);
	dis = disable_kretprobe(NULL);
	krp_rp.kp.addr = NULL;
	krp_rp.kp.flags = 0;
	again = krp_try(&krp_rp, 0, krp_fp_target);
	krp_obs_shim("null=%d array=%d mixed=%d enable=%d disable=%d again=%d",
		     r1, rs, rmix, en, dis, again);
	krp_expect(r1 == -EINVAL && rs == -EINVAL && rmix == -EINVAL,
		   "register NULL: %d, {NULL}: %d, {rp, NULL}: %d", r1, rs, rmix);
	krp_expect(en == -EINVAL && dis == -EINVAL, "enable/disable(NULL) = %d, %d", en, dis);
}

static void case_addr_only_twice(void)
{
	int first, second;

	krp_reset(&krp_rp, NULL);
	krp_rp.kp.addr = (kprobe_opcode_t *)krp_bad_target;
	first = register_kretprobe(&krp_rp);
	second = register_kretprobe(&krp_rp);
	krp_call(krp_fp_target, 1);
	if (!first)
		unregister_kretprobe(&krp_rp);
	krp_obs_shim("first=%d second=%d hits=%d", first, second, atomic_read(&krp_returns));
	krp_expect(!first && second == -EINVAL && atomic_read(&krp_returns) == 1,
		   "addr-only twice: %d then %d, %d hits", first, second,
		   atomic_read(&krp_returns));
}

static void case_unregister_never_registered(void)
{
	struct kretprobe *rps[2] = { &krp_rp, &krp_rp2 };

	krp_reset(&krp_rp, "krp_bad_target");
	krp_reset(&krp_rp2, "krp_bad_notrace");
	unregister_kretprobe(&krp_rp);
	unregister_kretprobes(rps, 2);
	krp_try(&krp_rp, 0, krp_fp_target);
}

static void case_unregister_twice(void)
{
	krp_reset(&krp_rp, "krp_bad_target");
	if (register_kretprobe(&krp_rp) == 0) {
		unregister_kretprobe(&krp_rp);
		unregister_kretprobe(&krp_rp);
	}
	krp_rp.kp.addr = NULL;
	krp_rp.kp.flags = 0;
	krp_try(&krp_rp, 0, krp_fp_target);
}
#endif

struct krp_case {
	const char *name;
	void (*fn)(void);
	bool shim_only;
};

#define C(x) { #x, case_##x }
#define C_SHIM(x) { #x, case_##x, true }
static const struct krp_case krp_cases[] __initconst = {
	C(no_symbol_no_addr),
	C(symbol_and_addr),
	C(num_zero_or_negative),
	C(negative_maxactive),
	C(data_size_4097),
	C(data_size_huge),
	C(unknown_symbol_and_data_size),
	C(empty_symbol),
	C(long_symbol),
	C(notrace_target),
	C(blacklisted_own),
	C(blacklisted_kernel),
	C(kernel_init_function),
	C(module_init_function),
	C(module_not_loaded),
	C(registered_twice),
	C(same_struct_twice_in_array),
	C(enable_disable_unregistered),
	C(addr_mid_function),
	C(addr_not_text),
	C(user_pre_handler),
	C(module_init_kept),
#if KRP_SHIM
	C_SHIM(null_rp),
	C_SHIM(addr_only_twice),
	C_SHIM(unregister_never_registered),
	C_SHIM(unregister_twice),
#endif
};

static void krp_run(const struct krp_case *c)
{
	krp_case = c->name;
	krp_prefix = c->shim_only ? "krp-bad-shim" : "krp-bad";
	krp_failed = false;
	c->fn();
	pr_info("%sok %d %s\n", krp_failed ? "not " : "", ++krp_n, c->name);
}

/* ---- separate cases (only=) ---- */

static void case_post_handler(void)
{
	krp_reset(&krp_rp, "krp_bad_target");
	krp_rp.kp.post_handler = krp_user_post_handler;
	/* Native 6.12 clears post_handler and registers. */
	krp_try(&krp_rp, 0, krp_fp_target);
}

static int krp_sleepy_handler(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	void *p;

	/* Both may sleep: a bug in a handler, which the kernel must report. */
	mutex_lock(&krp_sleepy_mutex);
	mutex_unlock(&krp_sleepy_mutex);
	p = kmalloc(32, GFP_KERNEL);
	kfree(p);
	atomic_inc(&krp_returns);
	return 0;
}

static void case_sleepy(void)
{
	krp_reset(&krp_rp, "krp_bad_target");
	krp_rp.handler = krp_sleepy_handler;
	krp_try(&krp_rp, 0, krp_fp_target);
}

static const struct krp_case krp_separate[] __initconst = {
	C(post_handler),
	C(sleepy),
};

static int __init krp_bad_init(void)
{
	int i;

	pr_info("KTAP version 1\n");
	pr_info("# krp_badinput, %s build\n", KRP_BUILD);
	for (i = 0; i < ARRAY_SIZE(krp_separate); i++) {
		if (!strcmp(only, krp_separate[i].name)) {
			pr_info("1..1\n");
			krp_run(&krp_separate[i]);
			return 0;
		}
	}
	if (*only) {
		pr_err("krp_badinput: unknown case '%s'\n", only);
		return -EINVAL;
	}
	pr_info("1..%zu\n", ARRAY_SIZE(krp_cases));
	for (i = 0; i < ARRAY_SIZE(krp_cases); i++)
		krp_run(&krp_cases[i]);
	return 0;
}

static void __exit krp_bad_exit(void)
{
	/* The __init function under krp_kept was freed after init. */
	if (krp_kept.kp.symbol_name) {
		unregister_kretprobe(&krp_kept);
		pr_info("# krp-bad-exit: module_init_kept unregistered after init, hits=%d\n",
			atomic_read(&krp_returns));
	}
}

module_init(krp_bad_init);
module_exit(krp_bad_exit);
MODULE_DESCRIPTION("kretprobe bad-input cases, native and through kretprobe-compat");
MODULE_LICENSE("GPL");
