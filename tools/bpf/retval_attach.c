// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * retval_attach.c - the loader side of retval.bpf.c's rmdir_exit, attached
 * by hand. The build rewrites it with cocci/bpf_kretprobe.cocci for the
 * kretprobe.multi object (RETVAL_ATTACH names the function per copy).
 */
#include <stdbool.h>
#include <bpf/libbpf.h>

#ifndef RETVAL_ATTACH
#define RETVAL_ATTACH retval_attach_rmdir
#endif

struct bpf_link *RETVAL_ATTACH(struct bpf_program *prog)
{
	return bpf_program__attach_kprobe(prog, true, "do_rmdir");
}
