#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmarks ('make bench'): build the shim and tests/bench for Debian 6.12
# (and tests/bench/bpf, the BPF variants and their static loader), boot it
# under QEMU (TCG) with 2 vCPUs, run tests/vm/guest/bench.sh (per-hit cost
# of none / native kretprobe / native fprobe / shim / shim fake_regs=Y /
# BPF fexit / BPF kretprobe.multi, 1 and 2 threads; registration time and
# memory for N kretprobes, native and shim, and the kprobes core's checks
# alone), print one table, and write OUT/results.json and OUT/bench.png.
#
# usage: scripts/bench.sh [--smoke] [--icount] [-k RELEASE] [-o OUTDIR]
#   --smoke  tiny sizes, one repetition, N = 1 and 10 ('make check' runs it:
#            it must complete and its output must parse; nothing is timed
#            against a limit). Output goes to out/bench/smoke.
#   --icount the guest's clock counts instructions (scripts/vm-run.sh -I):
#            every "ns" is one instruction of the emulated CPU, repeatable
#            and blind to the host's load. Output goes to out/bench/icount.
#   -k       kernel release (default 6.12.117+deb12-amd64; needs fprobe),
#            built with the toolchain its headers record (kernel_make)
#   -o       output directory (default out/bench; out/bench/.../RELEASE for
#            another kernel than the default)
# Environment: KRPC_BENCH_ITERS, _REPS, _WARMUP, _NS, _INST_N override the
# sizes (see tests/vm/guest/bench.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

rel=6.12.117+deb12-amd64
smoke=
icount=
out=
out_given=
while [ $# -gt 0 ]; do
	case $1 in
	--smoke) smoke=1 ;;
	--icount) icount=1 ;;
	-k) rel=$2; shift ;;
	-o) out=$2 out_given=1; shift ;;
	*) sed -n '4,25p' "$0" >&2; exit 2 ;;
	esac
	shift
done
has_fprobe "$rel" || die "$rel has no fprobe: the benchmark compares against native fprobe"

if [ -n "$smoke" ]; then
	out=${out:-$KRPC_OUT/bench/smoke}
	iters=${KRPC_BENCH_ITERS:-2000} reps=${KRPC_BENCH_REPS:-1} warmup=${KRPC_BENCH_WARMUP:-100}
	ns=${KRPC_BENCH_NS:-1 10} inst_n=${KRPC_BENCH_INST_N:-10} settle=0
	tag=smoke
	# a hang guard only, far above what the run takes
	timeout=1800
else
	out=${out:-$KRPC_OUT/bench}
	iters=${KRPC_BENCH_ITERS:-20000} reps=${KRPC_BENCH_REPS:-41} warmup=${KRPC_BENCH_WARMUP:-20000}
	ns=${KRPC_BENCH_NS:-1 10 100 1000} inst_n=${KRPC_BENCH_INST_N:-100} settle=1
	tag=full
	timeout=7200
	if [ -n "$icount" ]; then
		# repetitions differ only by interrupts and cache-free TCG: 9 do
		reps=${KRPC_BENCH_REPS:-9} tag=icount
		[ -n "$out_given" ] || out=$KRPC_OUT/bench/icount
	fi
fi
# another kernel's results beside the default one's, not over them
[ "$rel" = 6.12.117+deb12-amd64 ] || [ -n "$out_given" ] || out=$out/$rel
vmopts=()
[ -z "$icount" ] || vmopts=(-I)
command -v gnuplot >/dev/null || "$KRPC_TOP/scripts/deps.sh" gnuplot-nox
{ command -v clang && command -v bpftool; } >/dev/null || "$KRPC_TOP/tools/bpf/deps.sh"

# The shim alone (no module list), in a copy of its own.
b=$("$KRPC_TOP/scripts/build-for.sh" -o "$KRPC_OUT/build/bench-$rel" "$rel" /dev/null)
log=$b/bench-build.log
: >"$log"
for d in native compat; do
	if ! kernel_make "$rel" "$b" M="$b/tests/bench/$d" KRETPROBE_COMPAT="$b" modules >>"$log" 2>&1; then
		tail -n 30 "$log" >&2
		die "building tests/bench/$d for $rel failed (log: $log)"
	fi
done
grep -E 'warning:|error:' "$log" >&2 && die "tests/bench build for $rel printed warnings (log: $log)"
# The BPF variants need the kernel's BTF, and their static loader is built
# for this machine's architecture: elsewhere the guest skips them.
bpf_loader=() nobpf=
if has_trait "$rel" btf && [ "$(kernel_arch "$rel")" = "$(uname -m)" ]; then
	bpf=$KRPC_OUT/tools/bench-bpf-$rel
	if ! make -C "$KRPC_TOP/tests/bench/bpf" OUTPUT="$bpf" KREL="$rel" >>"$log" 2>&1; then
		tail -n 30 "$log" >&2
		die "building tests/bench/bpf for $rel failed (log: $log)"
	fi
	bpf_loader=("$bpf/krp-bench-bpf")
else
	note "$rel: no BTF, or not $(uname -m): the BPF variants are skipped"
	nobpf=--no-bpf
fi

mkdir -p "$out"
load0=$(cut -d' ' -f1-3 /proc/loadavg)
set +e
"$KRPC_TOP/scripts/vm-run.sh" "${vmopts[@]}" -k "$rel" -s 2 -t "$timeout" -n "$tag" \
	-e KRPC_BENCH_ITERS="$iters" -e KRPC_BENCH_REPS="$reps" -e KRPC_BENCH_WARMUP="$warmup" \
	-e KRPC_BENCH_NS="$ns" -e KRPC_BENCH_INST_N="$inst_n" -e KRPC_BENCH_SETTLE="$settle" \
	bench.sh "$b/shim/kretprobe_compat.ko" \
	"$b/tests/bench/native/krp_bench_native.ko" "$b/tests/bench/native/krp_bench_fprobe.ko" \
	"$b/tests/bench/native/krp_bench_reg_native.ko" "$b/tests/bench/native/krp_bench_bpf.ko" \
	"$b/tests/bench/compat/krp_bench_compat.ko" "$b/tests/bench/compat/krp_bench_reg_compat.ko" \
	"${bpf_loader[@]}"
rc=$?
set -e
host="$(nproc) CPUs, load average $load0 before, $(cut -d' ' -f1-3 /proc/loadavg) after"
console=$KRPC_OUT/vm/bench-$tag-$rel/console.log
[ -f "$console" ] || die "no console log at $console"
cp "$console" "$out/console.log"
sed -n '/^<<<KRPC-KTAP/,/^KRPC-KTAP>>>/p' "$console" >"$out/ktap.log"
echo
"$KRPC_TOP/scripts/bench-report.py" "$out/console.log" --ns "$ns" --inst-n "$inst_n" ${icount:+--icount} \
	${nobpf} --host "$host" --json "$out/results.json" --png "$out/bench.png" | tee "$out/table.txt"
echo
echo "results: $out/results.json, plot: $out/bench.png, table: $out/table.txt"
[ $rc -eq 0 ] || die "the guest run failed (console log: $out/console.log)"
