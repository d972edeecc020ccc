#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Unpack Debian's linux-source-<ver> (the kernel's own samples, lib/ tests,
# checkpatch.pl; a tree to build kernels from) into the cache once, and
# print the tree's path.
#
# usage: scripts/linux-source.sh [VERSION]    (default 6.12; also 6.1)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ver=${1:-6.12}
tree=$KRPC_CACHE/src/linux-source-$ver
tarball=/usr/src/linux-source-$ver.tar.xz
[ -f "$tree/.krpc-unpacked" ] || cache_lock "src-$ver"
if [ ! -f "$tree/.krpc-unpacked" ]; then
	[ -f "$tarball" ] || "$KRPC_TOP/scripts/deps.sh" "linux-source-$ver"
	[ -f "$tarball" ] || die "$tarball missing after installing linux-source-$ver"
	note "unpacking $tarball (once; cached in $KRPC_CACHE/src)"
	mkdir -p "$KRPC_CACHE/src"
	rm -rf "$tree"
	tar -C "$KRPC_CACHE/src" -xJf "$tarball"
	touch "$tree/.krpc-unpacked"
fi
echo "$tree"
