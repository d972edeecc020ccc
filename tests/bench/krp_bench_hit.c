// SPDX-License-Identifier: GPL-2.0
/*
 * Per-hit benchmark of a kretprobe, written only against the plain
 * kretprobe API of <linux/kprobes.h>. Built twice from this source, as
 * tests/conformance is: native/ (stock headers: the kernel's kretprobes)
 * and compat/ (through kretprobe-compat.mk: the same probe on the shim).
 * The timing harness is krp_bench_hit.h.
 */
#include <linux/kprobes.h>
#include <linux/ptrace.h>

/* The compat headers map the API names onto the shim's. */
#ifdef register_kretprobe
#define KRPB_KIND "shim"
#else
#define KRPB_KIND "kretprobe"
#endif

#include "krp_bench_hit.h"

static int krpb_ret_handler(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	if (regs_return_value(regs))
		krpb_hit();
	return 0;
}

static struct kretprobe krpb_rp = {
	.handler = krpb_ret_handler,
};

static int krpb_attach(void)
{
	memset(&krpb_rp.kp, 0, sizeof(krpb_rp.kp));
	krpb_rp.kp.addr = (kprobe_opcode_t *)krpb_target;
	krpb_rp.nmissed = 0;
	return register_kretprobe(&krpb_rp);
}

static void krpb_detach(void)
{
	unregister_kretprobe(&krpb_rp);
	if (krpb_rp.nmissed)
		pr_info("# nmissed=%d\n", krpb_rp.nmissed);
}

MODULE_DESCRIPTION("kretprobe per-hit benchmark (kretprobe API)");
MODULE_LICENSE("GPL");
