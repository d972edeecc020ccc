// SPDX-License-Identifier: GPL-2.0
/* BPF programs in kprobe sections, and the loader's attach calls. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

long n;

SEC("kprobe/do_unlinkat")
int BPF_KPROBE(unlink_entry, int dfd)
{
	n++;
	return 0;
}

SEC("kprobe.multi/vfs_*")
int vfs_entry(struct pt_regs *ctx)
{
	n++;
	return 0;
}

SEC("kretprobe.multi/vfs_read")
int BPF_KRETPROBE(read_exit, long ret)
{
	n += ret;
	return 0;
}

SEC("fexit/vfs_write")
int BPF_PROG(write_exit, struct file *file, const char *buf, size_t count,
	     loff_t *pos, ssize_t ret)
{
	n += ret;
	return 0;
}

int attach(struct bpf_program *p, struct bpf_program *q)
{
	LIBBPF_OPTS(bpf_kprobe_multi_opts, o, .retprobe = true);

	if (!bpf_program__attach_kprobe(p, false, "do_unlinkat"))
		return -1;
	if (!bpf_program__attach_kprobe_multi_opts(q, "vfs_read", &o))
		return -1;
	return 0;
}
