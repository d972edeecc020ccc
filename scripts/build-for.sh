#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the project's modules for one kernel of tests/vm/kernels, in a copy of
# the tree (so several kernels' and suites' builds coexist), and print that
# directory: the shim, then every directory of the module lists, each built
# with KRETPROBE_COMPAT pointing at the shim just built. The toolchain is
# the one the kernel's headers record (kernel_make: this machine's gcc or
# cross gcc, or a build root's: scripts/kernel-headers.sh).
#
# usage: scripts/build-for.sh [-o DIR] RELEASE [LIST ...]
#   LIST  a module list (tests/modules, tests/reliability/modules: the
#         directories that need more than a build), or a checks file
#         (tests/vm/checks, tests/reliability/checks: the directories of the
#         modules its checks load, unless a module list of the command line
#         has them). Default: tests/modules tests/vm/checks
#   -o    the copy (default out/build/RELEASE)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

dst=
while getopts "o:" opt; do
	case $opt in
	o) dst=$OPTARG ;;
	*) sed -n '4,11p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || die "usage: $0 [-o DIR] RELEASE [LIST ...]"
rel=$1
shift
lists=("$@")
[ ${#lists[@]} -gt 0 ] || lists=("$KRPC_TOP/tests/modules" "$KRPC_TOP/tests/vm/checks")
is_checks() { [ "$(basename "$1")" = checks ]; }
traits=$(kernel_field "$rel" 4)
kdir=$(kernel_headers "$rel")
[ -f "$kdir/Makefile" ] || die "no kernel build directory at '$kdir' for $rel; run 'make deps' (or 'make kernels' for a kernel built here)"
dst=${dst:-$KRPC_OUT/build/$rel}
mkdir -p "$dst"
rsync -a --delete --exclude=/.git --exclude=/out "$KRPC_TOP/" "$dst/"
log=$dst/build.log
if ! kernel_make "$rel" "$dst" M="$dst" modules >"$log" 2>&1; then
	cat "$log" >&2
	die "module build for $rel failed (log: $log)"
fi

# build_list FILE: build every directory of a module list:
#   <dir> [copy=<file from linux-source-6.12>] [from=<file of this tree>]
#         [migrate] [needs=<trait>]
build_list() {
	local dir opts o copy from migrate needs diff src=
	while read -r dir opts; do
		case $dir in ''|'#'*) continue ;; esac
		copy='' from='' migrate='' needs=''
		for o in $opts; do
			case $o in
			copy=*) copy=${o#copy=} ;;
			from=*) from=${o#from=} ;;
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
		[ -z "$from" ] || cp "$dst/$from" "$dst/$dir/"
		if [ -n "$migrate" ]; then
			diff=$dst/$dir.migrate.diff
			"$KRPC_TOP/tools/migrate.sh" --mode patch -o "$diff" "$dst/$dir" >>"$log" 2>&1 &&
				patch -s -p1 -d "$dst/$dir" <"$diff" >>"$log" 2>&1 ||
				die "migrating $dir to fprobe failed (log: $log)"
		fi
		if ! kernel_make "$rel" "$dst" M="$dst/$dir" KRETPROBE_COMPAT="$dst" modules >>"$log" 2>&1; then
			tail -n 30 "$log" >&2
			die "building $dir for $rel failed (log: $log)"
		fi
	done <"$1"
}

# checks_dirs FILE: the directories of this tree holding a module that a
# check of FILE loads ($B/<dir>/<name>.ko), other than the shim's and
# samples' (built above) and the module lists' ones. Built for every kernel,
# whichever kernels the checks run on: a module that stops compiling on one
# fails its build there (a module list's needs= says where one cannot).
checks_dirs() {
	local cmd w dir l
	checks_table "$1" | while IFS=$'\t' read -r _ _ _ cmd; do
		check_words "$rel" "$dst" "$cmd" | while IFS= read -r w; do
			case $w in "$dst"/*.ko) ;; *) continue ;; esac
			dir=${w#"$dst"/}
			dir=${dir%/*}
			case $dir in shim|samples) continue ;; esac
			[ -f "$KRPC_TOP/$dir/Kbuild" ] || continue
			for l in "${lists[@]}"; do
				is_checks "$l" && continue
				awk -v d="$dir" '$1 == d { f = 1 } END { exit !f }' "$l" && continue 2
			done
			echo "$dir"
		done
	done | awk '!seen[$0]++'
}

for l in "${lists[@]}"; do
	if is_checks "$l"; then
		build_list <(checks_dirs "$l")
	else
		build_list "$l"
	fi
done
grep -E 'warning:|error:' "$log" >&2 && die "module build for $rel printed warnings (log: $log)"
echo "$dst"
