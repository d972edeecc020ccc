// SPDX-License-Identifier: GPL-2.0
/*
 * Per-hit benchmark target for BPF return programs (fexit and
 * kretprobe.multi): the timing harness of krp_bench_hit.h with no probe of
 * its own. tests/bench/bpf/krp-bench-bpf attaches a BPF program to this
 * module's krpb_target(), drives the probed runs through the run and
 * report parameters, and counts the program's runs itself. Built natively,
 * with BTF (the fexit program finds its target there).
 */
#define KRPB_KIND "bpf"
#define KRPB_EXTERNAL

#include "krp_bench_hit.h"

MODULE_DESCRIPTION("per-hit benchmark target for BPF fexit and kretprobe.multi");
MODULE_LICENSE("GPL");
