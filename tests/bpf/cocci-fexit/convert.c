// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* libbpf-bootstrap's kprobe.bpf.c return program, plus one on a function
 * without parameters and one whose prototype is declared in the file.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

int do_mkdirat(int dfd, struct filename *name, umode_t mode);

SEC("kprobe/do_unlinkat")
int BPF_KPROBE(do_unlinkat, int dfd, struct filename *name)
{
	return 0;
}

SEC("kretprobe/do_unlinkat")
int BPF_KRETPROBE(do_unlinkat_exit, long ret)
{
	pid_t pid;

	pid = bpf_get_current_pid_tgid() >> 32;
	bpf_printk("KPROBE EXIT: pid = %d, ret = %ld\n", pid, ret);
	return 0;
}

SEC("kretprobe/tracing_on")
int BPF_KRETPROBE(tracing_on_exit)
{
	return 0;
}

SEC("kretprobe/do_mkdirat")
int BPF_KRETPROBE(mkdirat_exit, int ret)
{
	bpf_printk("mkdirat: %d\n", ret);
	return 0;
}
