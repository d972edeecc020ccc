#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot one kernel from tests/vm/kernels under QEMU (TCG), run one guest test
# in a busybox initramfs, and judge the console log (KTAP + splats).
# x86_64 kernels boot in qemu-system-x86_64 (console ttyS0), arm64 ones
# (trait arm64) in qemu-system-aarch64 -M virt -cpu max (console ttyAMA0)
# with arm64's busybox-static from Debian's archive.
#
# usage: scripts/vm-run.sh [-k RELEASE] [-T] [-s SMP] [-m MEM] [-t SECONDS]
#                          [-a "kernel args"] [-e VAR=VALUE]... [-n TAG] [-q] [-I]
#                          [-x PATTERN [-w WORD]] [-X PATTERN]
#                          GUEST_SCRIPT [FILE|DIR ...]
#
#   GUEST_SCRIPT  a tests/vm/guest/*.sh file (or a path to one)
#   FILE|DIR      copied into /test in the guest (modules, data)
#   -k  kernel release (default: the first one in tests/vm/kernels)
#   -s  vCPUs (default 2)         -m  memory (default 1G; 2G: trait debug)
#   -t  timeout in seconds (default 300; 900 for a kernel with trait debug)
#   -e  variable for the guest test (repeatable)
#   -n  tag added to the run name (out/vm/<script>[-TAG]-<release>)
#   -q  print only the verdict line
#   -T  single-threaded TCG (-accel tcg,thread=single): the vCPUs still
#       interleave, but cross-modifying code is coherent. Multi-threaded
#       TCG (the default) crashes native kretprobes and the shim alike when
#       threads run a function while ftrace patches it (docs/reliability.md)
#   -I  instruction-counting clock (-icount shift=0,sleep=off, single-
#       threaded TCG): the guest's clock advances 1 ns per instruction and
#       skips idle time, so times read in the guest are instruction counts,
#       the same whatever else the host runs (benchmarks)
#   -x PATTERN  the run must show this kernel report (an extended regex,
#               e.g. "sleeping function called from invalid context"); the
#               report's lines (up to its "</TASK>") are cut before judging,
#               any other splat fails
#   -w WORD     a word the expected report's call trace must contain
#   -X PATTERN  reports the run may show (cut like -x, none required): the
#               kernel's own warnings about allocations a test made fail
#
# Exit 0 when the guest test passed, 1 when it failed; the console log of a
# failed run is kept and its path printed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

rel=$(kernel_list | awk "NR == 1")
smp=${KRPC_SMP:-2}
mem=
timeout=
append=
quiet=
tag=
envs=()
expect=
expect_word=
allow=
accel=tcg
icount=()
while getopts "k:TIs:m:t:a:e:n:qx:w:X:" opt; do
	case $opt in
	k) rel=$OPTARG ;;
	T) accel=tcg,thread=single ;;
	I) accel=tcg,thread=single icount=(-icount "shift=0,sleep=off") ;;
	s) smp=$OPTARG ;;
	m) mem=$OPTARG ;;
	t) timeout=$OPTARG ;;
	a) append=$OPTARG ;;
	e) envs+=("$OPTARG") ;;
	n) tag=-$OPTARG ;;
	q) quiet=1 ;;
	x) expect=$OPTARG ;;
	w) expect_word=$OPTARG ;;
	X) allow=$OPTARG ;;
	*) sed -n '4,40p' "$0" >&2; exit 2 ;;
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
[ -n "$vmlinuz" ] || die "no kernel image for $rel"
case ",$traits," in
*,debug,*)
	# A KASAN + lockdep kernel under TCG on a shared host is slow: more
	# memory and time, and an RCU stall timeout that is about the guest,
	# not the host.
	mem=${mem:-2G}
	timeout=${timeout:-900}
	append="rcupdate.rcu_cpu_stall_timeout=120 $append" ;;
esac
# x86 fgraph-era kernels (7.x) flip the sched_switch tracepoint's static
# key in __schedule() each time the first or last fprobe comes and goes:
# under multi-threaded TCG the other vCPU then now and then executes the
# half-patched instruction (int3 in __schedule, seen on 7.3.4): such
# kernels always run single-threaded (docs/kernel-eras.md).
case ",$traits," in
*,fgraph,*)
	if [ "$(kernel_arch "$rel")" = x86_64 ] && [ "$accel" = tcg ]; then
		accel=tcg,thread=single
	fi ;;
esac
mem=${mem:-1G}
timeout=${timeout:-300}
arch=$(kernel_arch "$rel")
case $arch in
arm64)
	# The guest's busybox is arm64's, from Debian's archive (once).
	bbdir=$KRPC_CACHE/busybox-arm64
	[ -x "$bbdir/root/usr/bin/busybox" ] || (
		cache_lock busybox-arm64
		[ -x "$bbdir/root/usr/bin/busybox" ] || debian_unpack "$bbdir" busybox-static:arm64
	)
	busybox=$bbdir/root/usr/bin/busybox
	qemu=(qemu-system-aarch64 -M virt -cpu "max,pauth-impdef=on")
	console=ttyAMA0 ;;
*)
	busybox=$(command -v busybox) || die "busybox not found; run 'make deps'"
	qemu=(qemu-system-x86_64 -cpu max)
	console=ttyS0 ;;
esac
file "$busybox" 2>/dev/null | grep -q 'dynamically linked' &&
	die "$busybox is dynamically linked; install busybox-static ('make deps')"
command -v "${qemu[0]}" >/dev/null || die "${qemu[0]} not found; run 'make deps'"

name=$(basename "$script" .sh)
run=$KRPC_OUT/vm/$name$tag-$rel
rm -rf "$run"
mkdir -p "$run/root"/{bin,dev,proc,sys,tmp,test}
cp "$busybox" "$run/root/bin/busybox"
cp "$KRPC_TOP/tests/vm/init" "$run/root/init"
cp "$KRPC_TOP/tests/vm/guest/lib.sh" "$run/root/test/lib.sh"
cp "$script" "$run/root/test/$name.sh"
for f in "$@"; do
	[ -e "$f" ] || die "guest file '$f' does not exist (build it first: make, or scripts/build-for.sh $rel)"
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
[ -n "$quiet" ] || note "booting $rel ($smp vCPUs, $accel) for $name"
start=$(date +%s)
# A kernel that dies before /init starts the test ran none of our code (no
# module is loaded yet): under multi-threaded TCG, boot-time ftrace text
# patching now and then trips an int3 on another vCPU, and the debug kernel
# sometimes takes a KASAN report in an early interrupt. Such a boot is
# retried (twice at most); its log is kept beside the run's.
for boot in 1 2 3; do
	set +e
	timeout --foreground -k 10 "$timeout" \
		"${qemu[@]}" -accel "$accel" "${icount[@]}" -smp "$smp" -m "$mem" \
		-nographic -no-reboot -monitor none -serial stdio \
		-kernel "$vmlinuz" -initrd "$run/initramfs.gz" \
		-append "console=$console nokaslr panic=-1 oops=panic panic_on_warn=1 softlockup_panic=1 $append" \
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

# What is judged: the console, less lockdep's banner, less the reports -X
# allows and -x expects (each cut from its first line to its "</TASK>").
judged=$run/console.judged.log
sed -E '/rcu:[[:space:]]+RCU lockdep checking is enabled\.[[:cntrl:]]*$/d' "$log" >"$judged"
extra=
if [ -n "$allow" ]; then
	awk -v pat="$allow" -v out="$run/allowed.txt" '
		!cut && $0 ~ pat { cut = 1; n++ }
		cut { print >> out; if ($0 ~ /<\/TASK>/) cut = 0; next }
		{ print }
		END { printf "%d allowed reports", n > "/dev/stderr" }' "$judged" \
		>"$run/console.allowed.log" 2>"$run/allowed.verdict"
	judged=$run/console.allowed.log
	extra="$extra, $(cat "$run/allowed.verdict")"
fi
if [ -n "$expect" ]; then
	awk -v pat="$expect" -v word="$expect_word" -v out="$run/expected.txt" '
		!cut && $0 ~ pat { cut = 1; n++; buf = "" }
		cut { buf = buf $0 "\n"; if ($0 ~ /<\/TASK>/) { cut = 0
			if (word == "" || index(buf, word)) ok++
			printf "%s", buf >> out } next }
		{ print }
		END { printf "expected report: %d seen, %d with \"%s\"", n, ok, word > "/dev/stderr"
		      exit ok > 0 ? 0 : 1 }' "$judged" >"$run/console.cut.log" 2>"$run/expected.verdict" || {
		echo "FAIL $name$tag on $rel (${secs}s): the expected kernel report /$expect/${expect_word:+ naming $expect_word} did not appear; console log kept at $log"
		exit 1
	}
	judged=$run/console.cut.log
	extra="$extra, $(cat "$run/expected.verdict")"
fi

if verdict=$("$KRPC_TOP/scripts/ktap-check.py" "$judged"); then
	echo "PASS $name$tag on $rel (${secs}s, ${verdict##*ktap: }$extra)"
	exit 0
fi
[ $qrc -eq 124 ] && verdict="timeout after ${timeout}s"$'\n'"$verdict"
echo "FAIL $name$tag on $rel (${secs}s): console log kept at $log"
echo "$verdict" | sed 's/^/    /'
exit 1
