#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the reliability debug kernel (KASAN, lockdep, kmemleak, fault
# injection, KUnit) from Debian's linux-source-6.12 with the fragment
# tests/debug-kernel/debug.config, once, and print two lines:
#   bzImage=<path>
#   KDIR=<build dir to build out-of-tree modules against>
# The build lives outside the tree in $KRPC_CACHE/debug-kernel/build (O=, the
# unpacked source stays pristine); a stamp (the fragment's hash) says it
# is complete. A missing or stale stamp (re)builds: ~40 min niced on 2
# cores shared with other work. Options: -c    only check: exit 1 when not
#                                              built; -j N  make jobs (2)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

jobs=2
only_check=
while getopts "cj:" opt; do
	case $opt in
	c) only_check=1 ;;
	j) jobs=$OPTARG ;;
	*) sed -n '4,15p' "$0" >&2; exit 2 ;;
	esac
done

frag=$KRPC_TOP/tests/debug-kernel/debug.config
top=$KRPC_CACHE/debug-kernel
obj=$top/build
stamp=$top/stamp
want=$(sha256sum <"$frag" | cut -d" " -f1)

print_paths() {
	echo "bzImage=$obj/arch/x86/boot/bzImage"
	echo "KDIR=$obj"
}

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
	[ -s "$obj/arch/x86/boot/bzImage" ] && [ -s "$obj/Module.symvers" ]; then
	print_paths
	exit 0
fi
[ -z "$only_check" ] || die "debug kernel not built (run scripts/debug-kernel.sh)"

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

src=$("$KRPC_TOP/scripts/linux-source.sh")
[ -f "$src/.config" ] && die "$src has a .config; O= builds need a pristine tree (make -C $src mrproper)"
mkdir -p "$obj"
rm -f "$stamp"
log=$top/build.log
note "building the debug kernel in $obj (once, ~40 min on 2 shared cores; log: $log)"
mk() { nice -n 19 make -C "$src" O="$obj" "$@"; }
{
	mk x86_64_defconfig
	(cd "$obj" && KCONFIG_CONFIG=.config "$src/scripts/kconfig/merge_config.sh" \
		-m -O "$obj" "$obj/.config" "$frag")
	mk olddefconfig
} >"$log" 2>&1 || { tail -n 30 "$log" >&2; die "configuring the debug kernel failed (log: $log)"; }
verify_config "$obj/.config" ||
	die "the debug kernel's .config lost options of $frag after olddefconfig (unmet dependencies?)"
note "config verified: every line of tests/debug-kernel/debug.config holds"
start=$(date +%s)
(
	while sleep 60; do
		n=$(grep -c '^  CC' "$log" 2>/dev/null || true)
		note "debug kernel: $(( ($(date +%s) - start) / 60 )) min, $n objects compiled"
	done
) &
ticker=$!
trap 'kill $ticker 2>/dev/null || true' EXIT
if ! mk -j"$jobs" bzImage modules modules_prepare >>"$log" 2>&1; then
	tail -n 40 "$log" >&2
	die "building the debug kernel failed (log: $log)"
fi
kill $ticker 2>/dev/null || true
verify_config "$obj/.config" || die "the debug kernel's .config changed during the build"
echo "$want" >"$stamp"
note "debug kernel built in $(( ($(date +%s) - start) / 60 )) min"
print_paths
