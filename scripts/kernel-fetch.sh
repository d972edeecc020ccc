#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch a kernel image from tests/vm/kernels into the cache (once) and print
# the path of its vmlinuz. The package is downloaded with apt-get download
# and unpacked with dpkg -x; nothing is installed on this machine. For a
# kernel built here (scripts/kernel-build.sh), print its bzImage, or fail
# saying how to build it.
#
# usage: scripts/kernel-fetch.sh RELEASE
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || die "usage: $0 RELEASE"
rel=$1
if frag=$(kernel_fragment "$rel"); then
	"$KRPC_TOP/scripts/kernel-build.sh" -c "$frag" | sed -n 's/^bzImage=//p'
	exit
fi
pkg=$(kernel_field "$rel" 2)
dir=$KRPC_CACHE/kernels/$rel
vmlinuz=$dir/root/boot/vmlinuz-$rel

if [ ! -s "$vmlinuz" ]; then
	note "fetching $pkg (once; cached in $dir)"
	rm -rf "$dir"
	mkdir -p "$dir/dl"
	(cd "$dir/dl" && apt-get download "$pkg" >/dev/null 2>"$dir/dl/log") ||
		die "apt-get download $pkg failed (see $dir/dl/log); run 'apt-get update' and retry"
	dpkg -x "$dir"/dl/*.deb "$dir/root"
	rm -rf "$dir/dl"
	[ -s "$vmlinuz" ] || die "$pkg did not contain $vmlinuz"
fi
echo "$vmlinuz"
