#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the project's modules for one kernel of tests/vm/kernels, in a copy of
# the tree under out/build/RELEASE (so several kernels' builds coexist), and
# print that directory.
#
# usage: scripts/build-for.sh RELEASE
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || die "usage: $0 RELEASE"
rel=$1
kernel_field "$rel" 1 >/dev/null
kdir=$(kernel_headers "$rel")
[ -f "$kdir/Makefile" ] || die "no headers at $kdir; run 'make deps'"
dst=$KRPC_OUT/build/$rel
mkdir -p "$dst"
rsync -a --delete --exclude=/.git --exclude=/out "$KRPC_TOP/" "$dst/"
log=$dst/build.log
if ! make -C "$kdir" M="$dst" modules >"$log" 2>&1; then
	cat "$log" >&2
	die "module build for $rel failed (log: $log)"
fi

# Test modules (tests/modules), built against the shim just built.
src=
while read -r dir opts; do
	case $dir in ''|'#'*) continue ;; esac
	copy='' migrate='' needs=''
	for o in $opts; do
		case $o in
		copy=*) copy=${o#copy=} ;;
		migrate) migrate=1 ;;
		needs=*) needs=${o#needs=} ;;
		*) die "tests/modules: unknown option '$o' for $dir" ;;
		esac
	done
	case ",$(kernel_field "$rel" 4)," in
	*",$needs,"*) ;;
	*) [ -z "$needs" ] || continue ;;
	esac
	if [ -n "$copy" ]; then
		[ -n "$src" ] || src=$("$KRPC_TOP/scripts/linux-source.sh")
		cp "$src/$copy" "$dst/$dir/"
	fi
	if [ -n "$migrate" ]; then
		diff=$dst/$dir.migrate.diff
		"$KRPC_TOP/scripts/migrate.sh" --mode patch -o "$diff" "$dst/$dir" >>"$log" 2>&1 &&
			patch -s -p1 -d "$dst/$dir" <"$diff" >>"$log" 2>&1 ||
			die "migrating $dir to fprobe failed (log: $log)"
	fi
	if ! make -C "$kdir" M="$dst/$dir" KRETPROBE_COMPAT="$dst" modules >>"$log" 2>&1; then
		tail -n 30 "$log" >&2
		die "building $dir for $rel failed (log: $log)"
	fi
done <"$KRPC_TOP/tests/modules"
grep -E 'warning:|error:' "$log" >&2 && die "module build for $rel printed warnings (log: $log)"
echo "$dst"
