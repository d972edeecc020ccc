// SPDX-License-Identifier: GPL-2.0
/*
 * krp_strict_violation.c - must NOT build with KRETPROBE_COMPAT_STRICT:
 * it escapes the compat mapping and calls the native register_kretprobe().
 */
#include <linux/kprobes.h>
#include <linux/module.h>

#undef register_kretprobe
#undef kretprobe

static struct kretprobe krp_strict_rp = {
	.kp.symbol_name = "kernel_clone",
};

static int __init krp_strict_init(void)
{
	return register_kretprobe(&krp_strict_rp);
}

module_init(krp_strict_init);
MODULE_DESCRIPTION("kretprobe-compat test: a strict-mode violation");
MODULE_LICENSE("GPL");
