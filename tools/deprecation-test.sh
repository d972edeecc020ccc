#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Does my module still work when kretprobes are gone? Builds MODULE_DIR
# (a copy of it: the tree itself is never written) for each kernel three
# ways, boots each kernel once under QEMU and runs the variants one after
# another in that boot (load, workload, unload; a guest that dies in one
# is booted again for the rest), compares them with the native build with
# kprobes on, and prints one table and one sentence per
# kernel (docs/deprecation-testing.md).
#
# usage: deprecation-test.sh [-k RELEASE]... [--kernel IMAGE:BUILDDIR]
#                            [--run SCRIPT] [--copy FILE]... [--param 'name=value ...']
#                            [--json FILE] [--keep DIR] [-j] MODULE_DIR
#
#   MODULE_DIR  an out-of-tree module: a directory with a Kbuild or a
#               Makefile that 'make -C KDIR M=DIR modules' builds
#   -k RELEASE  a kernel of tests/vm/kernels (repeatable). Default: every
#               kernel listed there that is available here, both
#               architectures (see 'Kernels' below)
#   --kernel IMAGE:BUILDDIR
#               your own kernel too: its bzImage/Image and the build tree
#               it was built in (its .config says what it has: kprobes,
#               fprobe, architecture); repeatable
#   --run SCRIPT
#               the workload, run in the guest's busybox sh (ash, the
#               busybox applets, /test holds the --copy files; loopback
#               is up; the module is loaded). Default: fork and exec
#               (/bin/true), create, rename and unlink a file, a TCP
#               connect to 127.0.0.1. It must exit 0
#   --copy FILE copied into the guest's /test (repeatable)
#   --param 'name=value ...'
#               module parameters for every insmod of your module
#   --json FILE the results as JSON too
#   --keep DIR  keep the builds and console logs there, one directory per
#               kernel (DIR/<release>/console.log); default: a scratch
#               directory, removed at the end unless something failed
#
# Variants, each on each kernel where it applies (else n/a, not counted):
#   native, kprobes on      your module as built; the reference
#   native, kprobes off     /sys/kernel/debug/kprobes/enabled = 0 (shown,
#                           not counted: native kretprobes stop there)
#   shim, kprobes on        built through kretprobe-compat.mk, the shim
#                           loaded first
#   shim, kprobes off       the same, kprobes disabled (needs fprobe)
#   shim, fallback=N        kprobes on, but the shim may not fall back to
#                           native kretprobes: does it still need kprobes?
#   migrated, kprobes off   tools/migrate.sh --mode patch where its verdict
#                           allows (--ftrace-regs on 6.14+ kernels), the
#                           rest through kretprobe-compat.mk
# On a CONFIG_KPROBES=n kernel only the shim and migrated variants run.
# Per variant: loaded (or init's error), probes registered, handler runs
# and the probed functions' calls during the workload (the kernel's
# function profiler), missed (the shim's nmissed), the module's kernel-log
# lines (timestamps, addresses and numbers normalised) against the
# reference's, splats, a clean unload.
#
# Kernels: those of tests/vm/kernels; Debian's images and headers are
# downloaded once into ~/.cache/kretprobe-compat (no root needed), kernels
# built here (make kernels) are listed once built. Kernels whose headers
# were built with another gcc (Debian 13's gcc-14) build in a Debian root
# made once with debootstrap, which needs root, as do installing the
# packages this needs (make deps: qemu-system, busybox-static, coccinelle,
# gcc-aarch64-linux-gnu). Booting the guests (QEMU, TCG) runs unprivileged.
#
# Exit status: 0 every variant that applies matches the reference on every
# kernel; 1 one does not (the table says which, and why); 2 bad input or a
# failure of this tool.
set -uo pipefail
tools=$(cd "$(dirname "$0")" && pwd)
# Installed: the project's scripts sit beside this file's directory in
# share/kretprobe-compat/; in the source tree they are ../scripts.
KRPC_TOP=${KRPC_TOP:-$(cd "$tools/.." && pwd)}
[ -f "$KRPC_TOP/scripts/lib.sh" ] || KRPC_TOP=$(cd "$tools/../share/kretprobe-compat" 2>/dev/null && pwd)
export KRPC_TOP
dt=$KRPC_TOP/tools/deprecation-test
start=$(date +%s)

fail() {
	echo "deprecation-test: error: $*" >&2
	exit 2
}
usage() {
	sed -n '/^# usage:/,/^#   --keep/p' "$0" | sed 's/^# \{0,1\}//' >&2
	echo "(deprecation-test.sh --help for everything)" >&2
	exit 2
}
progress() {
	printf '[%4ds] %s\n' $(($(date +%s) - start)) "$*" >&2
}

rels=() ukernels=() copies=() run='' params='' json='' keep=''
while [ $# -gt 0 ]; do
	case $1 in
	-h|--help) sed -n '3,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	-k) [ $# -ge 2 ] || usage; rels+=("$2"); shift 2 ;;
	--kernel) [ $# -ge 2 ] || usage; ukernels+=("$2"); shift 2 ;;
	--run) [ $# -ge 2 ] || usage; run=$2; shift 2 ;;
	--copy) [ $# -ge 2 ] || usage; copies+=("$2"); shift 2 ;;
	--param) [ $# -ge 2 ] || usage; params=$2; shift 2 ;;
	--json) [ $# -ge 2 ] || usage; json=$2; shift 2 ;;
	--keep) [ $# -ge 2 ] || usage; keep=$2; shift 2 ;;
	-*) echo "deprecation-test: unknown option '$1'" >&2; usage ;;
	*) break ;;
	esac
done
[ $# -eq 1 ] || { echo "deprecation-test: give one MODULE_DIR" >&2; usage; }
src=$1
[ -d "$src" ] || fail "'$src' is not a directory: give the module's source directory"
src=$(cd "$src" && pwd)
[ -f "$src/Kbuild" ] || [ -f "$src/Makefile" ] ||
	fail "$src has no Kbuild or Makefile: give the directory 'make -C KDIR M=DIR modules' builds"
[ -z "$run" ] || [ -f "$run" ] || fail "workload script '$run' does not exist"
[ -z "$run" ] || sh -n "$run" || fail "workload script '$run' is not valid sh (see above)"
for f in "${copies[@]}"; do
	[ -e "$f" ] || fail "--copy: '$f' does not exist"
done
for f in $params; do
	case $f in *=*) ;; *) fail "--param: '$f' is not name=value" ;; esac
done

# Work and kept output.
if [ -n "$keep" ]; then
	mkdir -p "$keep" || fail "cannot create --keep directory '$keep'"
	work=$(cd "$keep" && pwd)
	case $work/ in "$src"/*) fail "--keep '$keep' is inside the module's tree; give a directory outside it" ;; esac
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/deprecation-test.XXXXXX") || fail "no scratch directory"
fi
export KRPC_OUT=$work/out

# Your own kernels join a private copy of the kernel table.
if [ ${#ukernels[@]} -gt 0 ]; then
	cp "$KRPC_TOP/tests/vm/kernels" "$work/kernels"
	for uk in "${ukernels[@]}"; do
		img=${uk%%:*} bdir=${uk#*:}
		[ "$img" != "$uk" ] || fail "--kernel takes IMAGE:BUILDDIR, not '$uk'"
		[ -f "$img" ] || fail "--kernel: no kernel image '$img'"
		{ [ -f "$bdir/.config" ] && [ -f "$bdir/Makefile" ]; } ||
			fail "--kernel: '$bdir' is not a kernel build tree (no .config or Makefile)"
		urel=$(cat "$bdir/include/config/kernel.release" 2>/dev/null) ||
			fail "--kernel: '$bdir' has no include/config/kernel.release: build that kernel first"
		traits=$("$dt/kernel-traits.sh" "$bdir/.config")
		printf '%s image:%s %s %s local\n' "$urel" "$(realpath "$img")" "$(realpath "$bdir")" "$traits" >>"$work/kernels"
		rels+=("$urel")
	done
	export KRPC_KERNELS=$work/kernels
fi
# shellcheck source=scripts/lib.sh
. "$KRPC_TOP/scripts/lib.sh"
known=$(kernel_list -a)
if [ ${#rels[@]} -eq 0 ]; then
	mapfile -t rels < <(kernel_list)
fi
for r in "${rels[@]}"; do
	grep -qxF -- "$r" <<<"$known" ||
		fail "unknown kernel '$r'; known: ${known//$'\n'/ } (or --kernel IMAGE:BUILDDIR)"
done

if [ -z "$run" ]; then
	run=$dt/workload.sh
fi

# first_error LOG: the first compiler or make error, one line.
first_error() {
	grep -m1 -E 'error:|Error [0-9]|No rule to make' "$1" | sed "s|$work/[^ ]*/src/||; s/^[[:space:]]*//" | cut -c1-160
}

# copy_tree DST [compat]: a scratch copy of the module, with the include
# line of kretprobe-compat.mk appended to its Kbuild (or Makefile).
copy_tree() {
	rm -rf "$1"
	mkdir -p "$1"
	rsync -a --exclude=.git "$src/" "$1/src/"
	find "$1/src" \( -name '*.o' -o -name '*.ko' -o -name '*.mod*' -o -name '.*.cmd' \) -delete
	if [ "${2:-}" = compat ]; then
		local kb=$1/src/Kbuild
		[ -f "$kb" ] || kb=$1/src/Makefile
		printf '\ninclude $(KRETPROBE_COMPAT)/kretprobe-compat.mk\n' >>"$kb"
	fi
}

# build REL KW DIR VARIANT: make the copy's modules into DIR/ko; a failure
# is recorded (nobuild) with its first error. Warnings are the user's own.
build() {
	local rel=$1 kw=$2 d=$3 v=$4
	if kernel_make "$rel" "$kw" M="$d/src" KRETPROBE_COMPAT="$kw/krpc" modules >"$d/build.log" 2>&1; then
		mkdir -p "$d/ko"
		find "$d/src" -name '*.ko' -exec cp {} "$d/ko/" \;
		[ -n "$(ls "$d/ko")" ] && return 0
		echo "nobuild $v the build made no .ko" >>"$kw/meta"
		return 1
	fi
	echo "nobuild $v $(first_error "$d/build.log")" >>"$kw/meta"
	return 1
}

# Per kernel: the builds, the variants, one boot (more if a guest dies).
metas=() native_ok=0
for rel in "${rels[@]}"; do
	kw=$work/$rel
	mkdir -p "$kw"
	: >"$kw/meta"
	arch=$(kernel_arch "$rel")
	echo "kernel $rel" >>"$kw/meta"
	echo "arch $arch" >>"$kw/meta"
	echo "console $kw/console.log" >>"$kw/meta"
	progress "$rel: building (native, through the shim, migrated)"
	metas+=("$kw/meta")
	variants=()
	nok=has_trait
	copy_tree "$kw/native"
	if ! build "$rel" "$kw" "$kw/native" native-on; then
		for v in native-off shim-on shim-off shim-nofallback migrated-off; do
			echo "na $v the native build failed" >>"$kw/meta"
		done
		progress "$rel: does not build natively: $(first_error "$kw/native/build.log")"
		continue
	fi
	native_ok=1
	# The shim, as make check builds it (scripts/build-for.sh, no modules;
	# a kept DIR's earlier build is reused: rsync keeps times, make skips).
	if ! "$KRPC_TOP/scripts/build-for.sh" -o "$kw/krpc" "$rel" /dev/null >"$kw/shim-build.log" 2>&1; then
		tail -n 5 "$kw/shim-build.log" >&2
		fail "building the shim for $rel failed (log: $kw/shim-build.log)"
	fi
	if $nok "$rel" nokprobes; then
		echo "na native-on CONFIG_KPROBES=n" >>"$kw/meta"
		echo "na native-off CONFIG_KPROBES=n" >>"$kw/meta"
		echo "na shim-on CONFIG_KPROBES=n" >>"$kw/meta"
	fi
	$nok "$rel" nokprobes || variants+=(native-on:native:1:- native-off:native:0:-)
	copy_tree "$kw/compat" compat
	if build "$rel" "$kw" "$kw/compat" shim-on; then
		$nok "$rel" nokprobes || variants+=(shim-on:compat:1:stats=1)
		if has_fprobe "$rel"; then
			variants+=(shim-off:compat:0:stats=1 shim-nofallback:compat:1:stats=1+fallback=0)
		else
			echo "na shim-off no fprobe on this kernel" >>"$kw/meta"
			echo "na shim-nofallback no fprobe on this kernel" >>"$kw/meta"
		fi
	else
		err=$(sed -n 's/^nobuild shim-on //p' "$kw/meta")
		echo "nobuild shim-off $err" >>"$kw/meta"
		echo "nobuild shim-nofallback $err" >>"$kw/meta"
	fi
	# Migrated: the semantic patches target the 6.5+ fprobe API.
	report=$kw/migrate-report.txt
	"$KRPC_TOP/tools/migrate.sh" --mode report "$src" >"$report" 2>&1
	sed -nE 's/^([^:]+:[0-9]+):[^ ]*: kprobe: (.*)$/kprobe-site \2 at \1/p' "$report" >>"$kw/meta"
	{
		sed -nE 's/.* kretprobe handler ([A-Za-z0-9_]+)\(\).*/\1/p' "$report"
		grep -rhoE '\.handler[[:space:]]*=[[:space:]]*&?[A-Za-z_][A-Za-z0-9_]*' --include='*.[ch]' "$src" | sed -E 's/.*=[[:space:]]*&?//'
	} | sort -u >"$kw/handlers.all"
	grep -rhoE 'entry_handler[[:space:]]*=[[:space:]]*&?[A-Za-z_][A-Za-z0-9_]*' --include='*.[ch]' "$src" |
		sed -E 's/.*=[[:space:]]*&?//' | sort -u >"$kw/handlers.entry"
	grep -vxFf "$kw/handlers.entry" "$kw/handlers.all" | sed 's/^/handler return /' >>"$kw/meta"
	sed 's/^/handler entry /' "$kw/handlers.entry" >>"$kw/meta"
	if has_trait "$rel" fprobe65 || has_trait "$rel" fgraph; then
		copy_tree "$kw/migrated" compat
		era=()
		has_trait "$rel" fgraph && era=(--ftrace-regs)
		if "$KRPC_TOP/tools/migrate.sh" --mode patch "${era[@]}" -o "$kw/migrate.diff" "$kw/migrated/src" >"$kw/migrate.log" 2>&1 &&
			{ [ ! -s "$kw/migrate.diff" ] || patch -s -p1 -d "$kw/migrated/src" <"$kw/migrate.diff" >>"$kw/migrate.log" 2>&1; }; then
			build "$rel" "$kw" "$kw/migrated" migrated-off &&
				variants+=(migrated-off:migrated:0:stats=1)
		else
			echo "nobuild migrated-off tools/migrate.sh failed: $(tail -n 1 "$kw/migrate.log")" >>"$kw/meta"
		fi
	else
		echo "na migrated-off the semantic patches target fprobe of 6.5+" >>"$kw/meta"
	fi
	[ ${#variants[@]} -gt 0 ] || { progress "$rel: nothing to boot"; continue; }
	# One boot, every variant in turn.
	files=("$kw/krpc/shim/kretprobe_compat.ko")
	for v in native compat migrated; do
		[ -d "$kw/$v/ko" ] || continue
		mkdir -p "$kw/guest/$v"
		cp "$kw/$v/ko/"*.ko "$kw/guest/$v/"
		files+=("$kw/guest/$v")
	done
	cp "$run" "$kw/guest/dt-workload.sh"
	files+=("$kw/guest/dt-workload.sh" "${copies[@]}")
	# One boot for every variant; a guest that dies in one is booted again
	# for those left (the dead one's row says why). console.log holds
	# every boot's console, in order; console-N.log each one.
	left=("${variants[@]}")
	: >"$kw/console.log"
	for ((boot = 1; ${#left[@]}; boot++)); do
		progress "$rel: boot $boot for ${#left[@]} variants"
		b0=$(date +%s)
		rm -rf "$kw/vm"
		KRPC_OUT=$kw/vm "$KRPC_TOP/scripts/vm-run.sh" -q -k "$rel" -t 900 \
			-e "DT_VARIANTS=${left[*]}" -e "DT_PARAMS=$params" \
			-e "DT_HANDLERS=$(grep '^handler ' "$kw/meta" | cut -d' ' -f3 | tr '\n' ' ')" \
			"$dt/guest.sh" "${files[@]}" >"$kw/vm-run-$boot.txt" 2>&1
		cp "$kw"/vm/vm/guest-"$rel"/console.log "$kw/console-$boot.log" 2>/dev/null ||
			fail "$rel: no console log from boot $boot (see $kw/vm-run-$boot.txt)"
		cat "$kw/console-$boot.log" >>"$kw/console.log"
		progress "$rel: booted, ${#left[@]} variants in $(($(date +%s) - b0))s"
		died=$("$dt/judge.py" --death "$kw/console-$boot.log")
		[ -n "$died" ] && echo "died $died" >>"$kw/meta" && progress "$rel: the guest died in ${died%% *}"
		next=()
		for v in "${left[@]}"; do
			n=${v%%:*}
			grep -q "^# dt variant $n end" "$kw/console-$boot.log" || [ "$n" = "${died%% *}" ] ||
				next+=("$v")
		done
		# Nothing ran and nothing to blame: booting again would do the same.
		[ ${#next[@]} -lt ${#left[@]} ] || break
		left=("${next[@]}")
	done
done
[ $native_ok = 1 ] || [ ${#rels[@]} -eq 1 ] || {
	for m in "${metas[@]}"; do sed -n 's/^nobuild native-on /  /p' "$m"; done >&2
	fail "the module builds natively for none of the kernels (${rels[*]}); first errors above, logs in $work"
}
"$dt/judge.py" ${json:+--json "$json"} "${metas[@]}"
rc=$?
# One kernel asked for, and the module does not build for it: its row says
# why, and nothing was tested.
if [ $native_ok = 0 ]; then
	echo "deprecation-test: error: the module does not build natively for ${rels[*]}: nothing was tested; fix the native build first (log: $work)" >&2
	rc=2
fi
echo "wall time: $(($(date +%s) - start))s for ${#rels[@]} kernel(s); logs in $work"
[ -n "$keep" ] || [ $rc -ne 0 ] || rm -rf "$work"
exit $rc
