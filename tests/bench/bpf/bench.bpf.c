// SPDX-License-Identifier: GPL-2.0
/*
 * bench.bpf.c - the BPF variants of the per-hit benchmark: a return
 * program on krp_bench_bpf.ko's krpb_target(), as fexit and as
 * kretprobe.multi, doing what every other variant's handler does: read
 * the return value and count the call in a per-CPU counter.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

static __always_inline void hit(void)
{
	__u32 zero = 0;
	__u64 *c = bpf_map_lookup_elem(&hits, &zero);

	if (c)
		(*c)++;
}

SEC("fexit/krpb_target")
int BPF_PROG(bench_fexit, unsigned long x, unsigned long ret)
{
	if (ret)
		hit();
	return 0;
}

SEC("kretprobe.multi/krpb_target")
int BPF_KRETPROBE(bench_kmulti, unsigned long ret)
{
	if (ret)
		hit();
	return 0;
}
