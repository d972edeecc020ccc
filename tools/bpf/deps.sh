#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what tools/bpf and tools/kretprobe-audit need, from Debian's
# archive, on top of scripts/deps.sh's list: clang/llvm for the BPF
# programs, bpftool for vmlinux.h and skeletons, libbpf and the static
# libraries it links against (libelf, zlib, zstd) for the static loaders.
#
# usage: tools/bpf/deps.sh
set -euo pipefail
exec "$(dirname "$0")/../../scripts/deps.sh" clang llvm libbpf-dev bpftool libelf-dev \
	zlib1g-dev libzstd-dev "$@"
