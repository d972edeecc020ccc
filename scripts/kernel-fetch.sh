#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch a kernel image from tests/vm/kernels into the cache (once) and print
# the path of its vmlinuz. The package is downloaded from Debian's archive
# (scripts/debian-apt.sh: bookworm, trixie, trixie-backports, sid; amd64 and
# arm64) and unpacked with dpkg -x; nothing is installed on this machine.
# The image is boot/vmlinuz-<release> (linux-image-*) or
# usr/lib/modules/<release>/vmlinuz (7.x: linux-binary-*). A pinned package
# gone from the archive fails with the newest of its series. For a kernel
# built here (scripts/kernel-build.sh), print its image, or fail saying how
# to build it.
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
case $(kernel_field "$rel" 2) in
image:*)
	# A kernel built elsewhere (tools/deprecation-test.sh --kernel).
	kernel_field "$rel" 2 | sed 's/^image://'
	exit ;;
esac
pkg=$(kernel_field "$rel" 2):$(kernel_deb_arch "$rel")
dir=$KRPC_CACHE/kernels/$rel

find_vmlinuz() {
	local f
	for f in "$dir/root/boot/vmlinuz-$rel" "$dir/root/usr/lib/modules/$rel/vmlinuz"; do
		[ -s "$f" ] && { echo "$f"; return 0; }
	done
	return 1
}

find_vmlinuz >/dev/null || cache_lock "kernel-$rel"
if ! find_vmlinuz >/dev/null; then
	debian_pinned "$pkg"
	note "fetching $pkg (once; cached in $dir)"
	debian_unpack "$dir" "$pkg"
	find_vmlinuz >/dev/null || die "$pkg holds neither boot/vmlinuz-$rel nor usr/lib/modules/$rel/vmlinuz"
fi
find_vmlinuz
