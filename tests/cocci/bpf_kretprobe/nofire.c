// SPDX-License-Identifier: GPL-2.0
/* Nothing here is a kretprobe: must not fire. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

SEC("kprobe/do_unlinkat")
int BPF_KPROBE(entry, int dfd)
{
	return 0;
}

SEC("kretprobe.multi/do_unlinkat")
int BPF_KRETPROBE(multi_exit, long ret)
{
	return 0;
}

SEC("fexit/do_unlinkat")
int BPF_PROG(fexit_exit, int dfd, struct filename *name, long ret)
{
	return 0;
}

SEC("uretprobe//bin/sh:main")
int BPF_KRETPROBE(user_exit, long ret)
{
	return 0;
}

SEC("kretprobe_like/do_unlinkat")
int odd(struct pt_regs *ctx)
{
	return 0;
}

SEC("kprobe.multi/do_*")
int BPF_KPROBE(many)
{
	return 0;
}
