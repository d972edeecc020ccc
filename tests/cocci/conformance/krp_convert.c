// SPDX-License-Identifier: GPL-2.0
/*
 * Conversion conformance test: kretprobe semantics cocci/ must keep
 *
 * Written only against the plain kretprobe API of <linux/kprobes.h>, with
 * every pattern cocci/kretprobe_to_fprobe.cocci converts: a static
 * designated initialiser with .kp.symbol_name, entry_handler, data_size and
 * maxactive; a kzalloc()ed probe set up by field assignments; a probe
 * embedded in a larger struct and reached with container_of(); a probe
 * in a wrapper struct set up by a nested designated initialiser (the way
 * most out-of-tree modules declare theirs); a register_kretprobes() array; enable/disable; nmissed; maxactive read back;
 * and the error codes of bad registrations.
 *
 * It is built twice (tests/modules): native/ against the stock headers (the
 * oracle), and fprobe/ after tools/migrate.sh has converted this file to
 * native fprobe (no shim, no compat headers). Both must print the same KTAP
 * results in the same boot (tests/cocci/vm-conformance.sh); the converted
 * one also with kprobes disabled, where no kretprobe could fire.
 *
 * The probed functions are this module's own noinline, noipa functions,
 * called through function pointers read with READ_ONCE().
 */

#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <linux/string.h>

#define CV_CALLS	100

/**
 * struct cv_data - what the entry handler leaves for the return handler
 * @arg: the first argument of the probed call
 */
struct cv_data {
	unsigned long arg;
};

/**
 * struct cv_owner - a probe embedded in a larger struct
 * @rp: the probe
 * @id: read back through container_of() in the return handler
 * @hits: returns seen with the right @id
 */
struct cv_owner {
	struct kretprobe rp;
	int id;
	unsigned long hits;
};

/**
 * struct cv_hook - a probe in a wrapper struct, set up by a nested
 *                  designated initialiser and registered through the field
 * @name: the probed function's name, for messages
 * @krp: the probe
 * @hits: returns with the expected value, counted through container_of()
 */
struct cv_hook {
	const char *name;
	struct kretprobe krp;
	unsigned long hits;
};

static unsigned long cv_hits, cv_bad_data, cv_bad_probe, cv_odd;
static unsigned long cv_heap_hits, cv_arr_hits[2];
static unsigned long cv_ret_addr;
static unsigned int cv_test;

static noinline __noipa unsigned long cv_target(unsigned long x)
{
	return 3 * x + 1;
}

static noinline __noipa unsigned long cv_target_b(unsigned long x)
{
	return x + 7;
}

static unsigned long (*cv_fn)(unsigned long) = cv_target;
static unsigned long (*cv_fn_b)(unsigned long) = cv_target_b;

/* The caller: the return address must fall in it. */
static noinline __noipa void cv_calls(unsigned long first, unsigned long n)
{
	unsigned long i;

	for (i = first; i < first + n; i++)
		READ_ONCE(cv_fn)(i);
}

static int cv_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct cv_data *d = (struct cv_data *)ri->data;

	d->arg = regs_get_kernel_argument(regs, 0);
	/* odd arguments are vetoed: no return handler for them */
	return d->arg & 1;
}

static int cv_ret(struct kretprobe_instance *ri, struct pt_regs *regs);

static struct kretprobe cv_static = {
	.kp.symbol_name	= "cv_target",
	.handler	= cv_ret,
	.entry_handler	= cv_entry,
	.data_size	= sizeof(struct cv_data),
	.maxactive	= 16,
};

static int cv_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct cv_data *d = (struct cv_data *)ri->data;

	cv_hits++;
	if (d->arg & 1)
		cv_odd++;
	if (regs_return_value(regs) != 3 * d->arg + 1)
		cv_bad_data++;
	if (get_kretprobe(ri) != &cv_static)
		cv_bad_probe++;
	cv_ret_addr = get_kretprobe_retaddr(ri);
	return 0;
}

static int cv_heap_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	cv_heap_hits++;
	return 0;
}

static int cv_owner_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct cv_owner *o = container_of(get_kretprobe(ri), struct cv_owner, rp);

	if (o->id == 42 && regs_return_value(regs) == 3 * 5 + 1)
		o->hits++;
	return 0;
}

static int cv_arr_ret0(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	cv_arr_hits[0]++;
	return 0;
}

static int cv_arr_ret1(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	cv_arr_hits[1]++;
	return 0;
}

static int cv_hook_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct cv_data *d = (struct cv_data *)ri->data;

	d->arg = regs_get_kernel_argument(regs, 0);
	return 0;
}

static int cv_hook_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct cv_hook *h = container_of(get_kretprobe(ri), struct cv_hook, krp);
	struct cv_data *d = (struct cv_data *)ri->data;

	if (regs_return_value(regs) == d->arg + 7)
		h->hits++;
	return 0;
}

static struct cv_owner cv_owner = { .id = 42 };

static struct cv_hook cv_hook = {
	.name = "cv_target_b",
	.krp = {
		.kp.symbol_name = "cv_target_b",
		.handler = cv_hook_ret,
		.entry_handler = cv_hook_entry,
		.data_size = sizeof(struct cv_data),
		.maxactive = 8,
	},
};

static struct kretprobe cv_arr0 = {
	.kp.symbol_name	= "cv_target",
	.handler	= cv_arr_ret0,
};

static struct kretprobe cv_arr1 = {
	.kp.symbol_name	= "cv_target_b",
	.handler	= cv_arr_ret1,
};

static struct kretprobe cv_default = {
	.kp.symbol_name	= "cv_target",
	.handler	= cv_heap_ret,
};

static struct kretprobe cv_big = {
	.kp.symbol_name	= "cv_target",
	.handler	= cv_heap_ret,
	.data_size	= 4097,
};

static struct kretprobe cv_nosym = {
	.kp.symbol_name	= "cv_no_such_function",
	.handler	= cv_heap_ret,
};

static void cv_result(bool ok, const char *name)
{
	pr_info("%sok %u %s\n", ok ? "" : "not ", ++cv_test, name);
}

static void cv_static_checks(void)
{
	char sym[KSYM_SYMBOL_LEN];
	int ret;

	ret = register_kretprobe(&cv_static);
	cv_result(!ret, "static_register");
	if (ret)
		return;
	cv_calls(0, CV_CALLS);
	cv_result(cv_hits == CV_CALLS / 2 && !cv_odd, "entry_veto_halves_the_returns");
	cv_result(!cv_bad_data, "entry_data_and_return_value");
	cv_result(!cv_bad_probe, "get_kretprobe_is_the_probe");
	snprintf(sym, sizeof(sym), "%ps", (void *)cv_ret_addr);
	pr_info("# return address: %s\n", sym);
	/* "cv_calls [module]": a module's symbol carries its module's name */
	cv_result(!strncmp(sym, "cv_calls ", 9), "return_address_in_the_caller");
	cv_result(!cv_static.nmissed, "nmissed_zero");

	ret = disable_kretprobe(&cv_static);
	cv_hits = 0;
	cv_calls(0, CV_CALLS);
	cv_result(!ret && !cv_hits, "disabled_does_not_fire");
	ret = enable_kretprobe(&cv_static);
	cv_calls(0, CV_CALLS);
	cv_result(!ret && cv_hits == CV_CALLS / 2, "enabled_fires_again");

	unregister_kretprobe(&cv_static);
	cv_hits = 0;
	cv_calls(0, CV_CALLS);
	cv_result(!cv_hits, "unregistered_does_not_fire");
}

static void cv_heap_checks(void)
{
	struct kretprobe *rp;
	int ret;

	rp = kzalloc(sizeof(*rp), GFP_KERNEL);
	if (!rp) {
		cv_result(false, "heap_register");
		return;
	}
	rp->handler = cv_heap_ret;
	rp->maxactive = 4;
	rp->kp.symbol_name = "cv_target";
	ret = register_kretprobe(rp);
	cv_result(!ret, "heap_register");
	if (!ret) {
		cv_calls(0, CV_CALLS);
		unregister_kretprobe(rp);
	}
	cv_result(cv_heap_hits == CV_CALLS, "heap_fires_on_every_return");
	kfree(rp);
}

static void cv_owner_checks(void)
{
	int ret;

	cv_owner.rp.handler = cv_owner_ret;
	cv_owner.rp.kp.symbol_name = "cv_target";
	ret = register_kretprobe(&cv_owner.rp);
	cv_result(!ret, "embedded_register");
	if (ret)
		return;
	cv_calls(5, 1);
	cv_calls(6, 1);
	unregister_kretprobe(&cv_owner.rp);
	cv_result(cv_owner.hits == 1, "embedded_container_of");
}

static void cv_wrapper_checks(void)
{
	unsigned long i;
	int ret;

	ret = register_kretprobe(&cv_hook.krp);
	cv_result(!ret && cv_hook.krp.maxactive == 8, "wrapped_register");
	if (ret) {
		pr_info("# %s: %d\n", cv_hook.name, ret);
		return;
	}
	for (i = 0; i < 10; i++)
		READ_ONCE(cv_fn_b)(i);
	unregister_kretprobe(&cv_hook.krp);
	READ_ONCE(cv_fn_b)(1);
	cv_result(cv_hook.hits == 10, "wrapped_entry_data_and_container_of");
}

static void cv_array_checks(void)
{
	struct kretprobe *rps[2] = { &cv_arr0, &cv_arr1 };
	int ret;

	ret = register_kretprobes(rps, 2);
	cv_result(!ret, "array_register");
	if (ret)
		return;
	cv_calls(0, 3);
	READ_ONCE(cv_fn_b)(1);
	unregister_kretprobes(rps, 2);
	cv_calls(0, 3);
	READ_ONCE(cv_fn_b)(1);
	cv_result(cv_arr_hits[0] == 3 && cv_arr_hits[1] == 1, "array_fires_until_unregistered");
}

static void cv_register_checks(void)
{
	int ret;

	ret = register_kretprobe(&cv_default);
	cv_result(!ret && cv_default.maxactive ==
		  max(10U, 2 * num_possible_cpus()), "maxactive_default_read_back");
	if (!ret)
		unregister_kretprobe(&cv_default);
	ret = register_kretprobe(&cv_big);
	cv_result(ret == -E2BIG, "data_size_4097_is_E2BIG");
	if (!ret)
		unregister_kretprobe(&cv_big);
	ret = register_kretprobe(&cv_nosym);
	cv_result(ret == -ENOENT, "unknown_symbol_is_ENOENT");
	if (!ret)
		unregister_kretprobe(&cv_nosym);
}

static int __init cv_init(void)
{
	pr_info("KTAP version 1\n");
	pr_info("1..20\n");
	cv_static_checks();
	cv_heap_checks();
	cv_owner_checks();
	cv_wrapper_checks();
	cv_array_checks();
	cv_register_checks();
	return 0;
}

static void __exit cv_exit(void)
{
}

module_init(cv_init);
module_exit(cv_exit);
MODULE_DESCRIPTION("kretprobe semantics the conversion to fprobe must keep");
MODULE_LICENSE("GPL");
