#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# A Debian root with another release's toolchain, for kernels whose headers
# record a compiler this machine lacks (trixie's kernels are built with
# gcc-14, and their module build refuses gcc-12: -fmin-function-alignment).
# Made once with 'debootstrap --variant=minbase' into the cache, with gcc-14
# for x86_64 and arm64, make and what Kbuild runs; print its path.
#
# Use it as scripts/build-for.sh does: unpack a kernel's headers into it
# (their paths are absolute, /usr/src/...), bind-mount the module tree at
# the same path, mount /proc (objtool reads it), chroot and make.
#
# usage: scripts/build-root.sh [SUITE]     (default trixie)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

suite=${1:-trixie}
root=$KRPC_CACHE/roots/$suite
pkgs=gcc-14,gcc-14-aarch64-linux-gnu,make,libc6-dev,libelf-dev,libssl-dev,bc,flex,bison,dwarves,kmod,python3,rsync,xz-utils,zstd
stamp=$root/.krpc-root
fresh() { [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$pkgs" ]; }
fresh || cache_lock "root-$suite"
if fresh; then
	echo "$root"
	exit 0
fi
[ "$(id -u)" -eq 0 ] || die "making the $suite build root needs root (debootstrap, chroot)"
command -v debootstrap >/dev/null || die "debootstrap not found; run 'make deps'"
build_root_umount "$root"
rm -rf "$root"
mkdir -p "$root"
log=$KRPC_CACHE/roots/$suite.log
note "making a $suite build root with gcc-14 in $root (once, a few minutes; log: $log)"
debootstrap --variant=minbase --include="$pkgs" "$suite" "$root" \
	"${KRPC_DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$log" 2>&1 ||
	{ tail -n 20 "$log" >&2; die "debootstrap $suite failed (log: $log)"; }
echo "$pkgs" >"$stamp"
echo "$root"
