// SPDX-License-Identifier: GPL-2.0
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("kretprobe/vfs_read")
int BPF_KRETPROBE(r, long ret)
{
	return 0;
}

SEC("kretprobe.multi/tracing_on")
int BPF_KRETPROBE(t)
{
	return 0;
}
