#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build a kernel of our own from Debian's linux-source-<ver> with a config
# fragment kept in the tree, once, and print two lines:
#   bzImage=<path>
#   KDIR=<build dir to build out-of-tree modules against>
# FRAGMENT is merged over x86_64_defconfig; its line "# krpc-source: <ver>"
# names the source (default 6.12). The build lives outside the tree in
# $KRPC_CACHE/<fragment name>-kernel/build (O=, the unpacked source stays
# pristine); a stamp (the fragment's hash) says it is complete. A missing or
# stale stamp (re)builds: 20-40 min niced on 2 cores shared with other work.
#
# usage: scripts/kernel-build.sh [-c] [-j N] FRAGMENT
#   -c    only check: exit 1 when not built      -j N  make jobs (2)
# Kernels: tests/debug-kernel/debug.config (reliability: KASAN, lockdep,
# kmemleak, fault injection, KUnit), tests/vm/fprobe-6.1.config (6.1-stable
# fprobe API shape, in tests/vm/kernels when built).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

jobs=2
only_check=
while getopts "cj:" opt; do
	case $opt in
	c) only_check=1 ;;
	j) jobs=$OPTARG ;;
	*) sed -n '4,18p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || { sed -n '4,18p' "$0" >&2; exit 2; }

frag=$(realpath -e "$1") || die "no config fragment $1"
name=$(basename "$frag" .config)
ver=$(sed -n 's/^# krpc-source: *//p' "$frag")
top=$KRPC_CACHE/$name-kernel
obj=$top/build
stamp=$top/stamp
want=$(sha256sum <"$frag" | cut -d" " -f1)

print_paths() {
	echo "bzImage=$obj/arch/x86/boot/bzImage"
	echo "KDIR=$obj"
}

built() {
	[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
		[ -s "$obj/arch/x86/boot/bzImage" ] && [ -s "$obj/Module.symvers" ]
}
built || [ -n "$only_check" ] || cache_lock "kernel-$name"
if built; then
	print_paths
	exit 0
fi
[ -z "$only_check" ] || die "kernel $name not built (run scripts/kernel-build.sh $1)"

# verify_config CONFIG: every line of the fragment holds in CONFIG.
verify_config() {
	local bad=0 sym val got
	while read -r line; do
		case $line in
		'# CONFIG_'*' is not set')
			sym=${line#\# }
			sym=${sym%% *}
			if grep -Eq "^$sym=[ym]" "$1"; then
				echo "  $sym: wanted unset, got $(grep "^$sym=" "$1")" >&2
				bad=1
			fi ;;
		CONFIG_*=*)
			sym=${line%%=*}
			val=${line#*=}
			got=$(grep -E "^$sym=" "$1" | cut -d= -f2- || true)
			if [ "$got" != "$val" ]; then
				echo "  $sym: wanted $val, got ${got:-unset}" >&2
				bad=1
			fi ;;
		esac
	done <"$frag"
	return $bad
}

src=$("$KRPC_TOP/scripts/linux-source.sh" "${ver:-6.12}")
[ -f "$src/.config" ] && die "$src has a .config; O= builds need a pristine tree (make -C $src mrproper)"
mkdir -p "$obj"
rm -f "$stamp"
log=$top/build.log
note "building kernel $name from linux-source-${ver:-6.12} in $obj (once, 20-40 min on 2 shared cores; log: $log)"
mk() { nice -n 19 make -C "$src" O="$obj" "$@"; }
{
	mk x86_64_defconfig
	(cd "$obj" && KCONFIG_CONFIG=.config "$src/scripts/kconfig/merge_config.sh" \
		-m -O "$obj" "$obj/.config" "$frag")
	mk olddefconfig
} >"$log" 2>&1 || { tail -n 30 "$log" >&2; die "configuring kernel $name failed (log: $log)"; }
verify_config "$obj/.config" ||
	die "kernel $name: .config lost options of $frag after olddefconfig (unmet dependencies?)"
note "config verified: every line of $frag holds"
start=$(date +%s)
(
	while sleep 60; do
		n=$(grep -c '^  CC' "$log" 2>/dev/null || true)
		note "kernel $name: $(( ($(date +%s) - start) / 60 )) min, $n objects compiled"
	done
) &
ticker=$!
trap 'kill $ticker 2>/dev/null || true' EXIT
if ! mk -j"$jobs" bzImage modules modules_prepare >>"$log" 2>&1; then
	tail -n 40 "$log" >&2
	die "building kernel $name failed (log: $log)"
fi
kill $ticker 2>/dev/null || true
verify_config "$obj/.config" || die "kernel $name: .config changed during the build"
echo "$want" >"$stamp"
note "kernel $name built in $(( ($(date +%s) - start) / 60 )) min"
print_paths
