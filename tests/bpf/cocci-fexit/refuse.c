// SPDX-License-Identifier: GPL-2.0
/* Programs -D fexit must leave alone, each for a reported reason. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

int unnamed_args(int, struct file *);
int by_value(struct kernel_clone_args args);
int callback(int (*cb)(void *data), void *data);

SEC("kretprobe/unnamed_args")
int BPF_KRETPROBE(unnamed_exit, int ret)
{
	return 0;
}

SEC("kretprobe/by_value")
int BPF_KRETPROBE(by_value_exit, int ret)
{
	return 0;
}

SEC("kretprobe/callback")
int BPF_KRETPROBE(callback_exit, int ret)
{
	return 0;
}

SEC("kretprobe/no_prototype_here")
int BPF_KRETPROBE(noproto_exit, long ret)
{
	return 0;
}

/* ctx is a struct pt_regs * here and a u64 array in fexit */
SEC("kretprobe/do_sys_openat2")
int BPF_KRETPROBE(uses_ctx, long ret)
{
	bpf_printk("ip %lx ret %ld\n", PT_REGS_IP(ctx), ret);
	return 0;
}

SEC("kretprobe/do_unlinkat")
int plain_exit(struct pt_regs *ctx)
{
	return 0;
}

SEC("kretprobe")
int BPF_KRETPROBE(loader_chooses, long ret)
{
	return 0;
}
