#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/vm-run.sh for the debug kernel of scripts/debug-kernel.sh (a
# bzImage, not a Debian package in tests/vm/kernels): boot it under QEMU
# (TCG), run one guest test in the same busybox initramfs, and judge the
# console with scripts/ktap-check.py. Same options as scripts/vm-run.sh
# (-k boots a kernel of tests/vm/kernels instead), defaults sized for a
# KASAN + lockdep kernel, plus:
#
#   -T  single-threaded TCG (-accel tcg,thread=single): the vCPUs still
#       interleave, but cross-modifying code is coherent. Multi-threaded
#       TCG (the default) crashes native kretprobes and the shim alike when
#       threads run a function while ftrace patches it (docs/reliability.md)
#
#   -x PATTERN  the run must show this kernel report (an extended regex,
#               e.g. "sleeping function called from invalid context") with
#               PATTERN2 of -w in its call trace; the report's lines (up to
#               its "</TASK>") are cut before judging, any other splat fails
#   -w WORD     a word the expected report's call trace must contain
#   -X PATTERN  reports the run may show (cut like -x, none required): the
#               kernel's own warnings about allocations a test made fail
#
# usage: tests/debug-kernel/vm-run.sh [-k RELEASE] [-T] [-s SMP] [-m MEM] [-t SECONDS]
#          [-a "kernel args"] [-e VAR=VALUE]... [-n TAG] [-q]
#          [-x PATTERN [-w WORD]] [-X PATTERN] GUEST_SCRIPT [FILE|DIR ...]
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"

rel=6.12-debug
traits=fprobe,debug
smp=${KRPC_SMP:-2}
mem=2G
timeout=900
append=
quiet=
tag=
expect=
expect_word=
allow=
envs=()
accel=tcg
while getopts "k:Ts:m:t:a:e:n:qx:w:X:" opt; do
	case $opt in
	k) rel=$OPTARG ;;
	T) accel=tcg,thread=single ;;
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
	*) sed -n '4,27p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || die "usage: $0 [options] GUEST_SCRIPT [FILE...] (see the header of $0)"
script=$1
shift
[ -f "$script" ] || script=$KRPC_TOP/tests/vm/guest/$script
[ -f "$script" ] || die "no guest script '$1' (looked in tests/vm/guest/)"

if [ "$rel" = 6.12-debug ]; then
	vmlinuz=$("$KRPC_TOP/scripts/debug-kernel.sh" -c | sed -n 's/^bzImage=//p')
else
	traits=$(kernel_field "$rel" 4)
	vmlinuz=$("$KRPC_TOP/scripts/kernel-fetch.sh" "$rel")
	mem=1G
fi
busybox=$(command -v busybox) || die "busybox not found; run 'make deps'"
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
	[ -e "$f" ] || die "guest file '$f' does not exist (build it first: tests/reliability/build.sh debug)"
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
# boot: run QEMU once; qrc is its status.
boot() {
	set +e
	# The RCU stall timeout is raised: a KASAN + lockdep kernel under TCG on
	# a shared host is slow, and a stall report there would be about the host.
	timeout --foreground -k 10 "$timeout" \
		qemu-system-x86_64 -accel "$accel" -cpu max -smp "$smp" -m "$mem" \
		-nographic -no-reboot -monitor none -serial stdio \
		-kernel "$vmlinuz" -initrd "$run/initramfs.gz" \
		-append "console=ttyS0 nokaslr panic=-1 oops=panic panic_on_warn=1 softlockup_panic=1 rcupdate.rcu_cpu_stall_timeout=120 $append" \
		</dev/null >"$log" 2>&1
	qrc=$?
	set -e
}
# A kernel that dies before the guest test starts (no "krpc-guest:" line)
# has not run the test: the debug kernel sometimes takes a KASAN report in
# an early interrupt (docs/reliability.md). Boot again, at most twice; the
# failed boots' logs are kept.
for try in 1 2 3; do
	boot
	grep -q "^krpc-guest: " "$log" && break
	[ $qrc -eq 124 ] && break
	[ "$try" = 3 ] && break
	mv "$log" "$run/console.boot-failure-$try.log"
	echo "note: the kernel died before the test started (boot $try); booting again" >&2
done
secs=$(( $(date +%s) - start ))
[ $qrc -eq 124 ] && echo "TIMEOUT after ${timeout}s" >>"$log"

judged=$run/console.judged.log
sed -E '/rcu:[[:space:]]+RCU lockdep checking is enabled\.[[:cntrl:]]*$/d' "$log" >"$judged"
if [ -n "$allow" ]; then
	awk -v pat="$allow" -v out="$run/allowed.txt" '
		!cut && $0 ~ pat { cut = 1; n++ }
		cut { print >> out; if ($0 ~ /<\/TASK>/) cut = 0; next }
		{ print }
		END { printf "%d allowed reports", n > "/dev/stderr" }' "$judged" \
		>"$run/console.allowed.log" 2>"$run/allowed.verdict"
	judged=$run/console.allowed.log
fi
if [ -n "$expect" ]; then
	# Cut each expected report (its first line up to its "</TASK>"); the
	# rest must pass as usual, and at least one report must have been cut.
	awk -v pat="$expect" -v word="$expect_word" -v out="$run/expected.txt" '
		!cut && $0 ~ pat { cut = 1; n++; buf = "" }
		cut { buf = buf $0 "\n"; if ($0 ~ /<\/TASK>/) { cut = 0
			if (word == "" || index(buf, word)) ok++
			printf "%s", buf >> out } next }
		{ print }
		END { printf "expected report: %d seen, %d with \"%s\"\n", n, ok, word > "/dev/stderr"
		      exit ok > 0 ? 0 : 1 }' "$judged" >"$run/console.cut.log" 2>"$run/expected.verdict" || {
		echo "FAIL $name$tag on $rel (${secs}s): the expected kernel report /$expect/${expect_word:+ naming $expect_word} did not appear; console log kept at $log"
		exit 1
	}
	judged=$run/console.cut.log
fi
if verdict=$("$KRPC_TOP/scripts/ktap-check.py" "$judged"); then
	echo "PASS $name$tag on $rel (${secs}s, ${verdict##*ktap: }${expect:+, $(cat "$run/expected.verdict")}${allow:+, $(cat "$run/allowed.verdict")})"
	exit 0
fi
[ $qrc -eq 124 ] && verdict="timeout after ${timeout}s"$'\n'"$verdict"
echo "FAIL $name$tag on $rel (${secs}s): console log kept at $log"
echo "$verdict" | sed 's/^/    /'
exit 1
