#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The BTF of a kernel from tests/vm/kernels, from its cached image: extracts
# vmlinux from the vmlinuz (linux-source's scripts/extract-vmlinux) once into
# ${KRPC_CACHE}/btf/RELEASE/ and prints the path of the requested file.
#
# usage: tools/bpf/vmlinux.sh RELEASE [vmlinux|vmlinux.h|btf]
#   vmlinux    the ELF image (has the .BTF section; default)
#   vmlinux.h  'bpftool btf dump file vmlinux format c'
#   btf        the raw .BTF section (what /sys/kernel/btf/vmlinux holds)
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../../scripts/lib.sh"

{ [ $# -ge 1 ] && [ $# -le 2 ]; } || die "usage: $0 RELEASE [vmlinux|vmlinux.h|btf]"
rel=$1
what=${2:-vmlinux}
case $what in vmlinux|vmlinux.h|btf) ;; *) die "unknown output '$what' (vmlinux, vmlinux.h or btf)" ;; esac
dir=$KRPC_CACHE/btf/$rel
vmlinuz=$("$KRPC_TOP/scripts/kernel-fetch.sh" "$rel")
if [ ! -s "$dir/vmlinux" ]; then
	src=$("$KRPC_TOP/scripts/linux-source.sh" 2>/dev/null || true)
	[ -n "$src" ] || src=$KRPC_CACHE/src/linux-source-6.12
	x=$src/scripts/extract-vmlinux
	[ -x "$x" ] || die "no $x (install linux-source-6.12: make deps)"
	mkdir -p "$dir"
	"$x" "$vmlinuz" >"$dir/vmlinux.tmp" || die "extract-vmlinux failed on $vmlinuz"
	mv "$dir/vmlinux.tmp" "$dir/vmlinux"
fi
case $what in
vmlinux) ;;
vmlinux.h)
	command -v bpftool >/dev/null || die "bpftool not found (apt-get install bpftool)"
	if [ ! -s "$dir/vmlinux.h" ] || [ "$dir/vmlinux" -nt "$dir/vmlinux.h" ]; then
		bpftool btf dump file "$dir/vmlinux" format c >"$dir/vmlinux.h.tmp" ||
			die "bpftool btf dump failed on $dir/vmlinux"
		mv "$dir/vmlinux.h.tmp" "$dir/vmlinux.h"
	fi ;;
btf)
	if [ ! -s "$dir/btf" ] || [ "$dir/vmlinux" -nt "$dir/btf" ]; then
		objcopy -O binary --only-section=.BTF "$dir/vmlinux" "$dir/btf.tmp" ||
			die "objcopy failed on $dir/vmlinux"
		[ -s "$dir/btf.tmp" ] || die "$dir/vmlinux has no .BTF section"
		mv "$dir/btf.tmp" "$dir/btf"
	fi ;;
esac
echo "$dir/$what"
