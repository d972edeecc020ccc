// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * retval.bpf.c - kretprobe programs that record the return values of three
 * VFS functions for one process, written the libbpf-bootstrap way.
 *
 * This is the original. The build runs cocci/bpf_kretprobe.cocci over it to
 * make retval_multi.bpf.c (kretprobe.multi) and, with -D fexit and the
 * kernel's prototypes from kretprobe-audit --protos, retval_fexit.bpf.c;
 * krpc-bpf loads all three and checks they record the same values.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "retval.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* set by the loader around the calls under test; 0: record nothing */
int target_tgid;

struct retval_log openat2_log;
struct retval_log unlinkat_log;
struct retval_log rmdir_log;

static __always_inline void record(struct retval_log *log, long ret)
{
	unsigned int i;

	if (!target_tgid || (int)(bpf_get_current_pid_tgid() >> 32) != target_tgid)
		return;
	i = log->n;
	if (i >= RETVAL_MAX)
		return;
	log->v[i & (RETVAL_MAX - 1)] = ret;
	log->n = i + 1;
}

SEC("kretprobe/do_sys_openat2")
int BPF_KRETPROBE(openat2_exit, long ret)
{
	record(&openat2_log, ret);
	return 0;
}

SEC("kretprobe/do_unlinkat")
int BPF_KRETPROBE(unlinkat_exit, int ret)
{
	record(&unlinkat_log, ret);
	return 0;
}

/* attached by the loader to do_rmdir (retval_attach.c) */
SEC("kretprobe")
int BPF_KRETPROBE(rmdir_exit, int ret)
{
	record(&rmdir_log, ret);
	return 0;
}
