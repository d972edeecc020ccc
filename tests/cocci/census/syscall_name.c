// SPDX-License-Identifier: GPL-2.0
/* A section named by string pasting with a macro for the arch's prefix. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#if defined(__TARGET_ARCH_x86)
#define SYSCALL_NAME(x) "__x64_sys_" #x
#else
#define SYSCALL_NAME(x) "__arm64_sys_" #x
#endif

char LICENSE[] SEC("license") = "GPL";

long last;

SEC("kretprobe/" SYSCALL_NAME(dup))
int BPF_KRETPROBE(dup_exit, long ret)
{
	last = ret;
	return 0;
}
