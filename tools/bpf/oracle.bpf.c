// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * oracle.bpf.c - an fexit program that records every return value of
 * kernel_clone(): the real values, independent of any kprobe, to check what
 * a kretprobe handler running on the kretprobe-compat shim saw. A call made
 * by a kernel thread (no mm) is marked: the kernel's kretprobe_example,
 * the handler under test, skips those in its entry handler.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "retval.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

unsigned int clone_n;
long clone_ret[ORACLE_MAX];
char clone_kthread[ORACLE_MAX];

SEC("fexit/kernel_clone")
int BPF_PROG(kernel_clone_exit, struct kernel_clone_args *args, pid_t ret)
{
	unsigned int i = __sync_fetch_and_add(&clone_n, 1);

	if (i < ORACLE_MAX) {
		clone_ret[i & (ORACLE_MAX - 1)] = ret;
		clone_kthread[i & (ORACLE_MAX - 1)] = !bpf_get_current_task_btf()->mm;
	}
	return 0;
}
