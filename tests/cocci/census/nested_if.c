// SPDX-License-Identifier: GPL-2.0
/* kretprobe sections inside nested #if blocks: one per branch. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

long hits;

#ifdef WANT_EXIT
#if defined(__TARGET_ARCH_x86)
SEC("kretprobe/__x64_sys_close")
int BPF_KRETPROBE(close_exit, long ret)
{
	hits += ret;
	return 0;
}
#elif defined(__TARGET_ARCH_arm64)
SEC("kretprobe/__arm64_sys_close")
int BPF_KRETPROBE(close_exit, long ret)
{
	hits += ret;
	return 0;
}
#else
#if HAVE_SYSCALL_WRAPPER
SEC("kretsyscall/close")
int BPF_KRETPROBE(close_exit, long ret)
{
	hits -= ret;
	return 0;
}
#endif
#endif
#endif

#if defined(__TARGET_ARCH_x86)
#if USE_FSYNC
SEC("kretprobe/vfs_fsync")
#else
SEC("kretprobe/vfs_fsync_range")
#endif
#else
SEC("kretprobe/do_fsync")
#endif
int BPF_KRETPROBE(fsync_exit, long ret)
{
	hits++;
	return 0;
}
