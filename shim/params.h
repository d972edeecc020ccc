/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to shim/: the module parameters (params.c) and the static key
 * that routes returns through the out-of-line path while an extra is on.
 * In an embedded shim (KRPC_EMBED) the parameters keep their defaults.
 */
#ifndef _KRPC_PARAMS_H
#define _KRPC_PARAMS_H

#include <linux/jump_label.h>
#include <linux/types.h>

extern bool krpc_fake_regs;
extern bool krpc_stats;
extern bool krpc_fallback;
DECLARE_STATIC_KEY_FALSE(krpc_extras_key);
void krpc_extras_update(void);

/**
 * krpc_extras() - whether the return path must count hits or build pt_regs
 *
 * On while the fake_regs or the stats parameter is set
 * (krpc_extras_update()): the return path then leaves its inlined fast
 * form. A single patched-out jump while off.
 *
 * Context: any.
 * Return: true while fake_regs or stats is set.
 */
static __always_inline bool krpc_extras(void)
{
	return static_branch_unlikely(&krpc_extras_key);
}

#endif /* _KRPC_PARAMS_H */
