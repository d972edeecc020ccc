#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Headers of a kernel of tests/vm/kernels whose column 5 says 'archive':
# download its linux-headers package with the common headers and the
# linux-kbuild tools it depends on (amd64: they run here), unpack them
# (once), and print the build directory to build modules against.
#
# The toolchain comes from the headers' CONFIG_CC_VERSION_TEXT: a gcc of
# this machine's major version (an arm64 kernel of bookworm: its
# aarch64-linux-gnu-gcc-12) builds here, and the headers are unpacked into
# the cache with their absolute paths rewritten; any other (trixie's
# gcc-14) builds in scripts/build-root.sh's root, where they are unpacked
# at their own paths. kernel_make (lib.sh) runs make the right way.
#
# usage: scripts/kernel-headers.sh RELEASE
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || die "usage: $0 RELEASE"
rel=$1
[ "$(kernel_field "$rel" 5)" = archive ] || die "$rel: column 5 of tests/vm/kernels is not 'archive'"
pkg=$(kernel_field "$rel" 3):$(kernel_deb_arch "$rel")
top=$KRPC_CACHE/headers/$rel
stamp=$top/stamp

# The stamp names the build dir; a build root made anew since has lost it.
fresh() { [ -f "$stamp" ] && [ -f "$(cat "$stamp")/.config" ]; }
fresh || cache_lock "headers-$rel"
if fresh; then
	cat "$stamp"
	exit 0
fi

debian_pinned "$pkg"
note "fetching the headers of $rel (once; cached in $top)"
rm -rf "$top"
mkdir -p "$top/dl"
# The common headers (arch all) and the kbuild tools (amd64, run here).
deps=$("$KRPC_TOP/scripts/debian-apt.sh" depends "$pkg" |
	sed -nE 's/^ *[|]?Depends: <?(linux-headers-[^ :>]*-common|linux-kbuild-[^ :>]*).*$/\1/p' | sort -u)
[ -n "$deps" ] || die "could not read what $pkg depends on (scripts/debian-apt.sh update, then retry)"
pkgs=("$pkg")
for d in $deps; do
	case $d in
	linux-kbuild-*) pkgs+=("$d:amd64") ;;
	*) pkgs+=("$d") ;;
	esac
done
"$KRPC_TOP/scripts/debian-apt.sh" download "$top/dl" "${pkgs[@]}"
mkdir -p "$top/root"
for deb in "$top"/dl/*.deb; do
	dpkg -x "$deb" "$top/root"
done
kdir=$top/root/usr/src/linux-headers-$rel
[ -f "$kdir/.config" ] || die "$pkg holds no usr/src/linux-headers-$rel/.config"

cc=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\(.*\)"$/\1/p' "$kdir/.config")
want=$(sed -nE 's/^CONFIG_GCC_VERSION=([0-9]+)[0-9]{4}$/\1/p' "$kdir/.config")
have=$(gcc -dumpversion | cut -d. -f1)
[ -n "$want" ] || die "$rel: its headers name no gcc version ($cc): only gcc-built kernels are supported"
if [ "$want" = "$have" ]; then
	# Built here: the Makefile's absolute include of the common headers
	# points into the unpacked tree (the scripts and tools links are
	# relative already).
	sed -i "s|^include /usr/src/|include $top/root/usr/src/|" "$kdir/Makefile"
	echo "$kdir" >"$stamp"
else
	root=$("$KRPC_TOP/scripts/build-root.sh")
	chroot "$root" "gcc-$want" --version >/dev/null 2>&1 ||
		die "$rel wants gcc-$want ($cc); the build root $root has no gcc-$want"
	for deb in "$top"/dl/*.deb; do
		dpkg -x "$deb" "$root"
	done
	rm -rf "$top/root"
	echo "$root/usr/src/linux-headers-$rel" >"$stamp"
fi
note "headers of $rel: built with $cc"
cat "$stamp"
