#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Unpack Debian's linux-source-<ver> (the kernel's own samples, lib/ tests,
# checkpatch.pl; a tree to build kernels from) into the cache once, and
# print the tree's path.
#
# usage: scripts/linux-source.sh [VERSION]    (default 6.12; also 6.1, 7.3)
#
# 6.1 and 6.12 are bookworm's packages, installed on this machine
# (scripts/deps.sh); any other version (7.3: trixie-backports) is downloaded
# from Debian's archive through scripts/debian-apt.sh and unpacked, nothing
# installed. source_suite (lib.sh) says which, and so which toolchain builds
# it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ver=${1:-6.12}
tree=$KRPC_CACHE/src/linux-source-$ver
tarball=/usr/src/linux-source-$ver.tar.xz
[ -f "$tree/.krpc-unpacked" ] || cache_lock "src-$ver"
if [ ! -f "$tree/.krpc-unpacked" ]; then
	if [ "$(source_suite "$ver")" != host ]; then
		deb=$KRPC_CACHE/src/deb-linux-source-$ver
		debian_unpack "$deb" "linux-source-$ver"
		tarball=$deb/root/usr/src/linux-source-$ver.tar.xz
	fi
	[ -f "$tarball" ] || "$KRPC_TOP/scripts/deps.sh" "linux-source-$ver"
	[ -f "$tarball" ] || die "$tarball missing after installing linux-source-$ver"
	note "unpacking $tarball (once; cached in $KRPC_CACHE/src)"
	mkdir -p "$KRPC_CACHE/src"
	rm -rf "$tree"
	tar -C "$KRPC_CACHE/src" -xJf "$tarball"
	touch "$tree/.krpc-unpacked"
	rm -rf "${deb:-}"
fi
echo "$tree"
