// SPDX-License-Identifier: GPL-2.0
/* Loader side: return probes attached by hand. */
#include <stdbool.h>
#include <bpf/libbpf.h>
#include "plain.skel.h"

struct bpf_link *attach_exit(struct plain_bpf *skel, const char *func)
{
	return bpf_program__attach_kprobe(skel->progs.any_exit, true, func);
}

int attach_all(struct plain_bpf *skel, struct bpf_link **links, bool ret)
{
	/* an entry probe: stays */
	links[0] = bpf_program__attach_kprobe(skel->progs.any_exit, false, "vfs_write");
	/* a return probe with 1 for true */
	links[1] = bpf_program__attach_kprobe(skel->progs.any_exit, 1, "vfs_read");
	/* decided at run time: reported, not changed */
	links[2] = bpf_program__attach_kprobe(skel->progs.any_exit, ret, "vfs_read");
	if (!links[0] || !links[1] || !links[2])
		return -1;
	return 0;
}
