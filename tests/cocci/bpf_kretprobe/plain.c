// SPDX-License-Identifier: GPL-2.0
/* kretprobe programs without BPF_KRETPROBE(): a plain pt_regs handler, a
 * program without a return value, and one the loader attaches by hand.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

long last_ret;

SEC("kretprobe/do_sys_openat2")
int openat2_exit(struct pt_regs *ctx)
{
	last_ret = PT_REGS_RC(ctx);
	return 0;
}

SEC("kretprobe/vfs_read")
int BPF_KRETPROBE(read_exit)
{
	__sync_fetch_and_add(&last_ret, 1);
	return 0;
}

/* attached by the loader: bpf_program__attach_kprobe(prog, true, name) */
SEC("kretprobe")
int BPF_KRETPROBE(any_exit, long ret)
{
	last_ret = ret;
	return 0;
}
