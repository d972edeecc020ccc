// SPDX-License-Identifier: GPL-2.0
/* A file spatch parses only in part: the middle function uses a construct
 * its C parser rejects, and the kretprobe program after it is still there.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

long count;

SEC("kretprobe/vfs_open")
int BPF_KRETPROBE(open_exit, long ret)
{
	count++;
	return 0;
}

SEC("kretprobe/vfs_unlink")
int BPF_KRETPROBE(unlink_exit, long ret)
{
	int v = ({ int t = ret; for (;;) ) ; t; });

	count += v;
	return 0;
}
