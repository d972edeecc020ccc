// SPDX-License-Identifier: GPL-2.0
/* With -D fexit the loader side is reported, not changed. */
#include <stdbool.h>
#include <bpf/libbpf.h>

struct bpf_link *attach_exit(struct bpf_program *prog, const char *func)
{
	return bpf_program__attach_kprobe(prog, true, func);
}
