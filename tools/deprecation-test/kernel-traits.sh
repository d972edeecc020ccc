#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The traits of tests/vm/kernels for a kernel built elsewhere, from its
# .config (tools/deprecation-test.sh --kernel): fprobe or nofprobe, the
# fprobe API era (fgraph: 6.14+, ftrace_regs handlers; fprobe65 before),
# arm64, nokprobes.
#
# usage: kernel-traits.sh CONFIG
set -eu
cfg=$1
has() { grep -q "^$1=y" "$cfg"; }
t=
if has CONFIG_FPROBE; then
	t=fprobe
	if has CONFIG_HAVE_FTRACE_GRAPH_FUNC || grep -q '^CONFIG_HAVE_FUNCTION_GRAPH_FREGS=y' "$cfg"; then
		t=$t,fgraph
	else
		t=$t,fprobe65
	fi
else
	t=nofprobe
fi
has CONFIG_ARM64 && t=$t,arm64
has CONFIG_KPROBES || t=$t,nokprobes
echo "$t"
