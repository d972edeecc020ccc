# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the host-side scripts. Source it; do not run it.

KRPC_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KRPC_CACHE=${KRPC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kretprobe-compat}
KRPC_OUT=${KRPC_OUT:-$KRPC_TOP/out}
KRPC_KERNELS=${KRPC_KERNELS:-$KRPC_TOP/tests/vm/kernels}

die() {
	echo "error: $*" >&2
	exit 1
}

note() {
	echo ">> $*" >&2
}

# kernel_field RELEASE COLUMN: one column of tests/vm/kernels (2=image pkg
# or build:<fragment>, 3=headers pkg or -, 4=traits, 5=where the headers
# come from: host or archive; empty for a kernel built here). Fails with a
# message for an unknown release.
kernel_field() {
	local line
	line=$(awk -v r="$1" '$1 == r { print }' "$KRPC_KERNELS")
	[ -n "$line" ] || die "kernel '$1' is not in tests/vm/kernels (known: $(kernel_list -a | tr '\n' ' '))"
	echo "$line" | awk -v c="$2" '{ print $c }'
}

# kernel_list [-a|-d]: the releases of tests/vm/kernels, in file order.
# Kernels we build ourselves (see kernel_fragment) are listed only once
# built, unless -a is given; -d lists Debian's images whose headers are
# installed on this machine (the install, DKMS and packaging tests).
kernel_list() {
	local rel
	awk '!/^#/ && NF { print $1 }' "$KRPC_KERNELS" | while read -r rel; do
		if ! kernel_fragment "$rel" >/dev/null; then
			[ "${1:-}" = -d ] && [ "$(kernel_field "$rel" 5)" != host ] && continue
			echo "$rel"
		elif [ "${1:-}" = -a ] || { [ "${1:-}" != -d ] &&
			"$KRPC_TOP/scripts/kernel-build.sh" -c "$(kernel_fragment "$rel")" >/dev/null 2>&1; }; then
			echo "$rel"
		fi
	done
}

# kernel_fragment RELEASE: for a kernel built here from linux-source (image
# column "build:<config fragment>"), print the fragment's path; fail for a
# Debian image.
kernel_fragment() {
	local img
	img=$(kernel_field "$1" 2)
	case $img in
	build:*) echo "$KRPC_TOP/${img#build:}" ;;
	*) return 1 ;;
	esac
}

# kernel_headers RELEASE: the build directory modules are built against:
# the Debian headers package's (installed by scripts/deps.sh, or unpacked
# from the archive by scripts/kernel-headers.sh: column 5 says which), or
# the build dir of a kernel built here, or column 3 when column 5 is
# 'local' (a kernel built elsewhere: tools/deprecation-test.sh --kernel,
# image column 'image:<path>'). A path inside a build root
# (scripts/build-root.sh) is built there: see kernel_make.
kernel_headers() {
	local frag
	if frag=$(kernel_fragment "$1"); then
		"$KRPC_TOP/scripts/kernel-build.sh" -c "$frag" | sed -n 's/^KDIR=//p'
	elif [ "$(kernel_field "$1" 5)" = local ]; then
		kernel_field "$1" 3
	elif [ "$(kernel_field "$1" 5)" = archive ]; then
		"$KRPC_TOP/scripts/kernel-headers.sh" "$1"
	else
		echo "/usr/src/linux-headers-$1"
	fi
}

# source_suite VER: where linux-source-VER comes from and which toolchain
# builds it: 'host' (bookworm's package, this machine's gcc-12) or 'trixie'
# (Debian's archive via scripts/debian-apt.sh, gcc-14 in
# scripts/build-root.sh's root).
source_suite() {
	case $1 in
	6.1 | 6.12) echo host ;;
	*) echo trixie ;;
	esac
}

# kernel_arch RELEASE: the kernel's architecture (trait arm64, else x86_64).
kernel_arch() {
	case ",$(kernel_field "$1" 4)," in
	*,arm64,*) echo arm64 ;;
	*) echo x86_64 ;;
	esac
}

# kernel_make RELEASE DIR MAKE-ARGS...: make for RELEASE's headers (-C is
# added), with the toolchain they record: on this machine, or chrooted in
# the build root the headers were unpacked into, with DIR (the tree being
# built, which must hold every path MAKE-ARGS name) bind-mounted there.
kernel_make() {
	local rel=$1 dir=$2 kdir root
	shift 2
	kdir=$(kernel_headers "$rel") || return 1
	case $kdir in
	"$KRPC_CACHE"/roots/*/usr/src/*)
		root=${kdir%%/usr/src/*}
		build_root_run "$root" "$dir" make -C "${kdir#"$root"}" "$@" ;;
	*)
		make -C "$kdir" "$@" ;;
	esac
}

# cache_lock NAME: hold an exclusive lock on the cache entry NAME until this
# process (or subshell) exits, so that runs sharing one cache fill an entry
# once, in turn: take it when the entry is missing, then look again.
cache_lock() {
	local fd
	mkdir -p "$KRPC_CACHE/locks"
	exec {fd}>"$KRPC_CACHE/locks/$1.lock"
	flock -n "$fd" && return 0
	note "waiting for another run to finish filling the cache's $1"
	flock "$fd"
}

# has_trait RELEASE TRAIT: tests/vm/kernels gives the kernel that trait.
has_trait() {
	case ",$(kernel_field "$1" 4)," in *,"$2",*) return 0 ;; esac
	return 1
}

# has_fprobe RELEASE: the kernel has the 'fprobe' trait in tests/vm/kernels.
has_fprobe() {
	has_trait "$1" fprobe
}

# build_root_umount ROOT: undo what build_root_run mounted (idempotent).
build_root_umount() {
	local m
	[ -d "$1" ] || return 0
	for m in $(awk -v r="$(realpath "$1")" 'index($2, r "/") == 1 { print $2 }' /proc/mounts | sort -r); do
		umount -l "$m" 2>/dev/null || true
	done
}

# build_root_run ROOT DIR CMD...: run CMD inside the build root ROOT
# (scripts/build-root.sh) with /proc mounted and the host directory DIR
# bind-mounted at the same path, so paths mean the same inside and out.
# The bind mount goes when CMD ends, also when it is interrupted (/proc
# stays: other builds may be using the root).
build_root_run() {
	local root=$1 dir=$2
	shift 2
	mkdir -p "$root/proc" "$root$dir"
	(
		trap 'umount -l "$root$dir" 2>/dev/null || true' EXIT
		trap 'exit 130' INT TERM
		mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
		mountpoint -q "$root$dir" || mount --bind "$dir" "$root$dir"
		chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"
	)
}

# nm_has FILE ERE: FILE's symbol table (nm) has a line matching ERE. Reads
# all of nm's output: 'nm | grep -q' under pipefail fails (or, negated,
# passes) when grep's early exit kills nm with SIGPIPE.
nm_has() {
	nm "$1" | awk -v p="$2" '$0 ~ p { f = 1 } END { exit !f }'
}

# kernel_deb_arch RELEASE: Debian's name of the kernel's architecture.
kernel_deb_arch() {
	case $(kernel_arch "$1") in
	arm64) echo arm64 ;;
	*) echo amd64 ;;
	esac
}

# debian_pinned PKG[:ARCH]: fail unless Debian's archive still has PKG,
# naming the newest package of its series (tests/vm/kernels pins exact
# versions, and the archive drops old ones).
debian_pinned() {
	local newest rc=0
	"$KRPC_TOP/scripts/debian-apt.sh" has "$1" || rc=$?
	[ $rc -eq 0 ] && return 0
	[ $rc -eq 1 ] || die "could not ask Debian's archive about $1 (see above); retry when it is reachable"
	newest=$("$KRPC_TOP/scripts/debian-apt.sh" like "$1" || true)
	die "$1 is pinned in tests/vm/kernels but is no longer in Debian's archive;${newest:+ the newest of its series is $newest:} update the pin (and its headers package) in tests/vm/kernels"
}

# debian_unpack DIR PKG[:ARCH]...: download PKGs from Debian's archive and
# unpack them into DIR/root. Unpacked beside DIR and moved into place
# whole: an interrupted fetch leaves nothing a later run would trust.
debian_unpack() {
	local dir=$1 deb
	shift
	rm -rf "$dir" "$dir.new"
	"$KRPC_TOP/scripts/debian-apt.sh" download "$dir.new/dl" "$@"
	for deb in "$dir.new"/dl/*.deb; do
		dpkg -x "$deb" "$dir.new/root"
	done
	rm -rf "$dir.new/dl"
	mv "$dir.new" "$dir"
}

# The checks of a suite and the checks tables (tests/vm/checks).
# shellcheck source=scripts/lib-checks.sh
. "$KRPC_TOP/scripts/lib-checks.sh"
