// SPDX-License-Identifier: GPL-2.0
/*
 * Per-hit benchmark of a native fprobe with an exit handler only: what a
 * module migrated off kretprobe would use, in the handler shape of the
 * kernel it is built for (krp_bench_fprobe.h). Built natively. The timing
 * harness is krp_bench_hit.h.
 */
#include "krp_bench_fprobe.h"

#define KRPB_KIND "fprobe"

#include "krp_bench_hit.h"

static void krpb_exit_handler(struct fprobe *fp, unsigned long entry_ip,
			      unsigned long ret_ip, KRPB_FPROBE_REGS *regs,
			      void *entry_data)
{
	if (krpb_fprobe_retval(regs))
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
