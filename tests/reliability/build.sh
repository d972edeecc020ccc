#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the shim and the reliability test modules (tests/reliability/modules)
# in a copy of the tree, and print that directory.
#
# usage: tests/reliability/build.sh RELEASE   a kernel of tests/vm/kernels
#                                             (its Debian headers)
#        tests/reliability/build.sh debug     the debug kernel of
#                                             scripts/debug-kernel.sh; also
#                                             builds tests/modules, so the
#                                             whole guest suite can run on it
#
# The copy is out/build/reliability-RELEASE (or out/build/debug): separate
# from scripts/build-for.sh's, so both can run at the same time. With
# KRPC_PROPOSED=1 the shim fixes proposed in tests/reliability/proposed/ are
# applied to the copy first (those not already in the tree), in
# out/build/...-proposed: to show that they fix what the tests found.
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"

[ $# -eq 1 ] || die "usage: $0 RELEASE|debug"
rel=$1
if [ "$rel" = debug ]; then
	kdir=$("$KRPC_TOP/scripts/debug-kernel.sh" -c | sed -n 's/^KDIR=//p')
	dst=$KRPC_OUT/build/debug
	traits=fprobe,debug
else
	traits=$(kernel_field "$rel" 4)
	kdir=$(kernel_headers "$rel")
	dst=$KRPC_OUT/build/reliability-$rel
fi
[ -f "$kdir/Makefile" ] || die "no kernel build directory at $kdir"
[ "${KRPC_PROPOSED:-0}" = 1 ] && dst=$dst-proposed
mkdir -p "$dst"
rsync -a --delete --exclude=/.git --exclude=/out "$KRPC_TOP/" "$dst/"
if [ "${KRPC_PROPOSED:-0}" = 1 ]; then
	for p in "$KRPC_TOP"/tests/reliability/proposed/*.patch; do
		if patch -s -p1 -R -f --dry-run -d "$dst" <"$p" >/dev/null 2>&1; then
			note "$(basename "$p"): already in the tree"
		else
			patch -s -p1 -d "$dst" <"$p" || die "$(basename "$p") does not apply"
		fi
	done
fi
log=$dst/build.log
if ! make -C "$kdir" M="$dst" modules >"$log" 2>&1; then
	tail -n 30 "$log" >&2
	die "shim build for $rel failed (log: $log)"
fi

# build_list FILE: build every directory of a tests/modules-style list.
build_list() {
	local dir opts o copy migrate needs src=
	while read -r dir opts; do
		case $dir in ''|'#'*) continue ;; esac
		copy='' migrate='' needs=''
		for o in $opts; do
			case $o in
			copy=*) copy=${o#copy=} ;;
			migrate) migrate=1 ;;
			needs=*) needs=${o#needs=} ;;
			*) die "$1: unknown option '$o' for $dir" ;;
			esac
		done
		case ",$traits," in
		*",$needs,"*) ;;
		*) [ -z "$needs" ] || continue ;;
		esac
		if [ -n "$copy" ]; then
			[ -n "$src" ] || src=$("$KRPC_TOP/scripts/linux-source.sh")
			cp "$src/$copy" "$dst/$dir/"
		fi
		if [ -n "$migrate" ]; then
			"$KRPC_TOP/scripts/migrate.sh" --mode patch -o "$dst/$dir.migrate.diff" \
				"$dst/$dir" >>"$log" 2>&1 &&
				patch -s -p1 -d "$dst/$dir" <"$dst/$dir.migrate.diff" >>"$log" 2>&1 ||
				die "migrating $dir to fprobe failed (log: $log)"
		fi
		if ! make -C "$kdir" M="$dst/$dir" KRETPROBE_COMPAT="$dst" modules >>"$log" 2>&1; then
			tail -n 30 "$log" >&2
			die "building $dir for $rel failed (log: $log)"
		fi
	done <"$1"
}

[ "$rel" = debug ] && build_list "$KRPC_TOP/tests/modules"
build_list "$KRPC_TOP/tests/reliability/modules"
grep -E 'warning:|error:' "$log" >&2 && die "module build for $rel printed warnings (log: $log)"
echo "$dst"
