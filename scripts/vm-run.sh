#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot one kernel from tests/vm/kernels under QEMU (TCG), run one guest test
# in a busybox initramfs, and judge the console log (KTAP + splats).
#
# usage: scripts/vm-run.sh [-k RELEASE] [-s SMP] [-m MEM] [-t SECONDS]
#                          [-a "kernel args"] [-e VAR=VALUE]... [-n TAG] [-q]
#                          GUEST_SCRIPT [FILE|DIR ...]
#
#   GUEST_SCRIPT  a tests/vm/guest/*.sh file (or a path to one)
#   FILE|DIR      copied into /test in the guest (modules, data)
#   -k  kernel release (default: the first one in tests/vm/kernels)
#   -s  vCPUs (default 2)         -m  memory (default 1G)
#   -t  timeout in seconds (default 300)
#   -e  variable for the guest test (repeatable)
#   -n  tag added to the run name (out/vm/<script>[-TAG]-<release>)
#   -q  print only the verdict line
#
# Exit 0 when the guest test passed, 1 when it failed; the console log of a
# failed run is kept and its path printed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

rel=$(kernel_list | head -n1)
smp=${KRPC_SMP:-2}
mem=1G
timeout=300
append=
quiet=
tag=
envs=()
while getopts "k:s:m:t:a:e:n:q" opt; do
	case $opt in
	k) rel=$OPTARG ;;
	s) smp=$OPTARG ;;
	m) mem=$OPTARG ;;
	t) timeout=$OPTARG ;;
	a) append=$OPTARG ;;
	e) envs+=("$OPTARG") ;;
	n) tag=-$OPTARG ;;
	q) quiet=1 ;;
	*) sed -n '4,21p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || die "usage: $0 [options] GUEST_SCRIPT [FILE...] (see the header of $0)"
script=$1
shift
[ -f "$script" ] || script=$KRPC_TOP/tests/vm/guest/$script
[ -f "$script" ] || die "no guest script '$1' (looked in tests/vm/guest/)"

traits=$(kernel_field "$rel" 4)
vmlinuz=$("$KRPC_TOP/scripts/kernel-fetch.sh" "$rel")
busybox=$(command -v busybox) || die "busybox not found; run 'make deps'"
file "$busybox" 2>/dev/null | grep -q 'dynamically linked' &&
	die "$busybox is dynamically linked; install busybox-static ('make deps')"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 not found; run 'make deps'"

name=$(basename "$script" .sh)
run=$KRPC_OUT/vm/$name$tag-$rel
rm -rf "$run"
mkdir -p "$run/root"/{bin,dev,proc,sys,tmp,test}
cp "$busybox" "$run/root/bin/busybox"
cp "$KRPC_TOP/tests/vm/init" "$run/root/init"
cp "$KRPC_TOP/tests/vm/guest/lib.sh" "$run/root/test/lib.sh"
cp "$script" "$run/root/test/$name.sh"
for f in "$@"; do
	[ -e "$f" ] || die "guest file '$f' does not exist (build it first: make)"
	cp -r "$f" "$run/root/test/"
done
{
	printf 'KRPC_SCRIPT=%q\n' "$name.sh"
	printf 'KRPC_KERNEL=%q\n' "$rel"
	printf 'KRPC_TRAITS=%q\n' "$traits"
	printf 'KRPC_VERSION=%q\n' "$(cat "$KRPC_TOP/VERSION")"
	for e in "${envs[@]}"; do
		printf '%s=%q\n' "${e%%=*}" "${e#*=}"
	done
} >"$run/root/test/env"
(cd "$run/root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$run/initramfs.gz"

log=$run/console.log
[ -n "$quiet" ] || note "booting $rel ($smp vCPUs) for $name"
start=$(date +%s)
# A kernel that dies before /init starts the test ran none of our code (no
# module is loaded yet): under multi-threaded TCG, boot-time ftrace text
# patching now and then trips an int3 on another vCPU. Such a boot is
# retried (twice at most); its log is kept beside the run's.
for boot in 1 2 3; do
	set +e
	timeout --foreground -k 10 "$timeout" \
		qemu-system-x86_64 -accel tcg -cpu max -smp "$smp" -m "$mem" \
		-nographic -no-reboot -monitor none -serial stdio \
		-kernel "$vmlinuz" -initrd "$run/initramfs.gz" \
		-append "console=ttyS0 nokaslr panic=-1 oops=panic panic_on_warn=1 softlockup_panic=1 $append" \
		</dev/null >"$log" 2>&1
	qrc=$?
	set -e
	grep -q '^krpc-guest: ' "$log" || [ $qrc -eq 124 ] || [ $boot -eq 3 ] || {
		mv "$log" "$run/console.boot$boot-died-early.log"
		echo "note: $rel died before the test started (boot $boot, log kept: $run/console.boot$boot-died-early.log); booting again" >&2
		continue
	}
	break
done
secs=$(( $(date +%s) - start ))
[ $qrc -eq 124 ] && echo "TIMEOUT after ${timeout}s" >>"$log"

if verdict=$("$KRPC_TOP/scripts/ktap-check.py" "$log"); then
	echo "PASS $name$tag on $rel (${secs}s, ${verdict##*ktap: })"
	exit 0
fi
[ $qrc -eq 124 ] && verdict="timeout after ${timeout}s"$'\n'"$verdict"
echo "FAIL $name$tag on $rel (${secs}s): console log kept at $log"
echo "$verdict" | sed 's/^/    /'
exit 1
