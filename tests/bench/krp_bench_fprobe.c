// SPDX-License-Identifier: GPL-2.0
/*
 * Per-hit benchmark of a native fprobe with an exit handler only: what a
 * module migrated off kretprobe would use. Built natively. The timing
 * harness is krp_bench_hit.h.
 */
#include <linux/fprobe.h>
#include <linux/ptrace.h>

#define KRPB_KIND "fprobe"

#include "krp_bench_hit.h"

static void krpb_exit_handler(struct fprobe *fp, unsigned long entry_ip,
			      unsigned long ret_ip, struct pt_regs *regs,
			      void *entry_data)
{
	if (regs_return_value(regs))
		krpb_hit();
}

static struct fprobe krpb_fp = {
	.exit_handler = krpb_exit_handler,
};

static int krpb_attach(void)
{
	unsigned long addr = (unsigned long)krpb_target;

	return register_fprobe_ips(&krpb_fp, &addr, 1);
}

static void krpb_detach(void)
{
	unregister_fprobe(&krpb_fp);
	if (krpb_fp.nmissed)
		pr_info("# nmissed=%lu\n", krpb_fp.nmissed);
}

MODULE_DESCRIPTION("fprobe exit handler per-hit benchmark");
MODULE_LICENSE("GPL");
