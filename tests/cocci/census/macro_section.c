// SPDX-License-Identifier: GPL-2.0
/* Programs made by a macro: the section and the function come from one
 * definition, used once per probed function.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

long total;

#define TRACE(name)					\
	SEC("kretprobe/" #name)				\
	int name##_exit(struct pt_regs *ctx)		\
	{						\
		total += PT_REGS_RC(ctx);		\
		return 0;				\
	}

TRACE(vfs_read)
TRACE(vfs_write)
