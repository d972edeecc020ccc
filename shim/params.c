// SPDX-License-Identifier: GPL-2.0
/*
 * params.c - the module parameters of kretprobe_compat.ko, with the static
 * key that two of them switch and its update function. In a shim compiled
 * into the user's module (KRPC_EMBED) the variables keep their defaults
 * and are not parameters of that module.
 */
#include <linux/jump_label.h>
#include <linux/moduleparam.h>

#include "params.h"

bool krpc_fake_regs;
bool krpc_stats;
bool krpc_fallback = true;

/*
 * On while fake_regs or stats is set: the return path then leaves its
 * inlined fast form (krpc_extras()).
 */
DEFINE_STATIC_KEY_FALSE(krpc_extras_key);

/**
 * krpc_extras_update() - route returns through krpc_call_return_extras()
 * exactly while the fake_regs or the stats parameter is set
 *
 * Context: process context; may sleep (patches the kernel text).
 */
void krpc_extras_update(void)
{
	if (krpc_fake_regs || krpc_stats)
		static_branch_enable(&krpc_extras_key);
	else
		static_branch_disable(&krpc_extras_key);
}

#ifndef KRPC_EMBED
static char *version = KRPC_VERSION;
module_param(version, charp, 0444);
MODULE_PARM_DESC(version, "kretprobe-compat release (read-only)");

/* Setting fake_regs or stats switches the return path's static key. */
static int krpc_extras_set(const char *val, const struct kernel_param *kp)
{
	int ret = param_set_bool(val, kp);

	if (!ret)
		krpc_extras_update();
	return ret;
}

static const struct kernel_param_ops krpc_extras_ops = {
	.set = krpc_extras_set,
	.get = param_get_bool,
};

module_param_cb(fake_regs, &krpc_extras_ops, &krpc_fake_regs, 0644);
MODULE_PARM_DESC(fake_regs,
		 "hand return handlers the built pt_regs even where the backend has full ones (default N)");

module_param_cb(stats, &krpc_extras_ops, &krpc_stats, 0644);
MODULE_PARM_DESC(stats,
		 "count returns per probe for debugfs (hits; default N: not counted, shown as -)");

module_param_named(fallback, krpc_fallback, bool, 0644);
MODULE_PARM_DESC(fallback,
		 "serve targets fprobe cannot reach with a native kretprobe (default Y)");
#endif /* !KRPC_EMBED */
