#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build a kernel of our own from Debian's linux-source-<ver> with a config
# fragment kept in the tree, once, and print two lines:
#   bzImage=<path>
#   KDIR=<build dir to build out-of-tree modules against>
# FRAGMENT is merged over x86_64_defconfig; its line "# krpc-source: <ver>"
# names the source (default 6.12; 6.1, or 7.3 from trixie-backports: see
# scripts/linux-source.sh), and each line "# krpc-patch: <path from the top
# of the tree>" a patch applied, in order, with patch -p1. Bookworm's
# sources build with this machine's gcc-12 in $KRPC_CACHE/<fragment
# name>-kernel/build (O=, the unpacked source stays pristine); any other
# (7.3) builds with gcc-14 in scripts/build-root.sh's root, in
# <root>/usr/src/krpc-<fragment name>/build, so that kernel_make (lib.sh)
# builds modules for it there too. A fragment with patches builds from a
# copy of the source of hard links, each patched file unlinked first. A
# stamp (the hash of the fragment, and of its patches if any) says the
# build is complete. A missing or stale stamp (re)builds: 20-40 min niced on
# 2 cores shared with other work (KASAN and debug info: more).
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
	*) sed -n '4,26p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || { sed -n '4,26p' "$0" >&2; exit 2; }

frag=$(realpath -e "$1") || die "no config fragment $1"
name=$(basename "$frag" .config)
ver=$(sed -n 's/^# krpc-source: *//p' "$frag")
ver=${ver:-6.12}
mapfile -t patches < <(sed -n 's/^# krpc-patch: *//p' "$frag")
for p in "${patches[@]}"; do
	[ -f "$KRPC_TOP/$p" ] || die "$frag names patch $p, which is not in the tree"
done
suite=$(source_suite "$ver")
if [ "$suite" = host ]; then
	root=
	top=$KRPC_CACHE/$name-kernel
else
	# -c must not make the root: print where it would be.
	if [ -z "$only_check" ]; then
		root=$("$KRPC_TOP/scripts/build-root.sh" "$suite")
	else
		root=$KRPC_CACHE/roots/$suite
	fi
	top=$root/usr/src/krpc-$name
fi
obj=$top/build
stamp=$top/stamp
# The fragment's hash alone when it has no patches: the stamps of kernels
# built before patches existed stay valid.
want=$(cat "$frag" "${patches[@]/#/$KRPC_TOP/}" | sha256sum | cut -d" " -f1)

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

src=$("$KRPC_TOP/scripts/linux-source.sh" "$ver")
[ -f "$src/.config" ] && die "$src has a .config; O= builds need a pristine tree (make -C $src mrproper)"
mkdir -p "$obj"
rm -f "$stamp"
log=$top/build.log
: >"$log"
if [ -n "$root" ] || [ ${#patches[@]} -gt 0 ]; then
	# A tree of hard links beside the build (inside the root when there is
	# one): the patches change their own copies of the files they touch.
	rm -rf "$top/src"
	cp -al "$src" "$top/src"
	src=$top/src
	for p in "${patches[@]}"; do
		sed -n 's|^+++ b/\([^\t]*\).*$|\1|p' "$KRPC_TOP/$p" | while read -r f; do
			[ -f "$src/$f" ] || continue
			cp "$src/$f" "$src/$f.krpc-new"
			mv "$src/$f.krpc-new" "$src/$f"
		done
		patch -d "$src" -p1 --no-backup-if-mismatch <"$KRPC_TOP/$p" >>"$log" 2>&1 ||
			{ tail -n 20 "$log" >&2; die "patch $p does not apply to linux-source-$ver (log: $log)"; }
		note "applied $p"
	done
fi
if [ -n "$root" ]; then
	# Debian's Makefile includes it after its toolchain: modules built
	# against this tree later (kernel_make) use gcc-14 too.
	printf 'CC = gcc-14\nHOSTCC = gcc-14\n' >"$obj/.kernelvariables"
fi
note "building kernel $name from linux-source-$ver in $obj (once, 20-40 min on 2 shared cores; log: $log)"
if [ -z "$root" ]; then
	mk() { nice -n 19 make -C "$src" O="$obj" "$@"; }
else
	# In the root, under the same paths less the root's; the tree is
	# bind-mounted for the fragment's path.
	mk() {
		build_root_run "$root" "$KRPC_TOP" nice -n 19 make -C "${src#"$root"}" \
			O="${obj#"$root"}" CC=gcc-14 HOSTCC=gcc-14 "$@"
	}
fi
{
	mk x86_64_defconfig
	(cd "$obj" && KCONFIG_CONFIG=.config "$src/scripts/kconfig/merge_config.sh" \
		-m -O "$obj" "$obj/.config" "$frag")
	mk olddefconfig
} >>"$log" 2>&1 || { tail -n 30 "$log" >&2; die "configuring kernel $name failed (log: $log)"; }
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
