/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The native fprobe exit handler's shape on the kernel being built for,
 * from shim/probes.mk's feature probes (tests/bench/native/Kbuild): pt_regs
 * up to 6.13, ftrace_regs from 46bc08238856 "fprobe: Use ftrace_regs in
 * fprobe entry handler" (6.14, the fgraph era).
 */
#ifndef KRP_BENCH_FPROBE_H
#define KRP_BENCH_FPROBE_H

#include <linux/fprobe.h>
#include <linux/ptrace.h>

#ifdef KRPC_HAVE_FPROBE_FTRACE_REGS
#define KRPB_FPROBE_REGS		struct ftrace_regs
#define krpb_fprobe_retval(regs)	ftrace_regs_get_return_value(regs)
#else
#define KRPB_FPROBE_REGS		struct pt_regs
#define krpb_fprobe_retval(regs)	regs_return_value(regs)
#endif

#endif /* KRP_BENCH_FPROBE_H */
