# SPDX-License-Identifier: GPL-2.0
#
# Benchmarks (scripts/bench.sh boots this; not a pass/fail test of speed).
#
# Per-hit: tests/bench/krp_bench_hit.h times a probed target in a pinned
# tight loop (1 thread on CPU 0, then 2 threads on CPUs 0 and 1) for each
# variant: none (bare loop), kretprobe (native), fprobe (native exit
# handler), shim, shim_fake (kretprobe_compat fake_regs=1), bpf_fexit and
# bpf_kmulti (BPF fexit and kretprobe.multi programs, attached to the same
# target by tests/bench/bpf/krp-bench-bpf).
#
# Registration: N kretprobes on kernel functions picked here from
# available_filter_functions, registered with register_kretprobes() and
# unregistered, natively and through the shim, with /proc/meminfo deltas;
# then the same N with larger maxactive and data_size, for the cost of one
# in-flight instance.
#
# Every result is a '# bench ...' line (read by scripts/bench-report.py);
# a KTAP result says whether each step ran, never how fast it was.
#
#   KRPC_BENCH_ITERS   calls per timed repetition (default 20000)
#   KRPC_BENCH_REPS    timed repetitions (default 41)
#   KRPC_BENCH_WARMUP  warm-up calls (default 20000)
#   KRPC_BENCH_NS      probe counts for registration (default "1 10 100 1000")
#   KRPC_BENCH_INST_N  probe count for the per-instance runs (default 100)
#   KRPC_BENCH_SETTLE  seconds to wait before each memory reading (default 1)
#   KRPC_BENCH_ONLY    "hit" or "reg": run only that half (default both)

iters=${KRPC_BENCH_ITERS:-20000}
reps=${KRPC_BENCH_REPS:-41}
warmup=${KRPC_BENCH_WARMUP:-20000}
ns=${KRPC_BENCH_NS:-1 10 100 1000}
inst_n=${KRPC_BENCH_INST_N:-100}
settle=${KRPC_BENCH_SETTLE:-1}
only=${KRPC_BENCH_ONLY:-}
# maxactive/data_size pairs of the per-instance runs: the first is the base.
inst_cfgs="4:0 260:0 260:256"
syms=/test/bench-syms.txt

set -- $ns
n_ns=$#
set -- $inst_cfgs
n_hit=7
n_reg=$((1 + 2 * (n_ns + $#)))
case $only in
hit) n_reg=0 ;;
reg) n_hit=0 ;;
esac
ktap_plan $((n_hit + n_reg))
echo "# bench kernel=$KRPC_KERNEL cpus=$(nproc) iters=$iters reps=$reps warmup=$warmup"

# step NAME CMD...: run CMD, show its output (diagnostics, embedded module
# KTAP indented), one result for whether it succeeded (exit status 4: a
# skip, its last output line the reason).
step() {
	_name=$1
	shift
	"$@" >/tmp/step.out 2>&1
	_rc=$?
	sed 's/^\([^# ]\)/# \1/' /tmp/step.out
	if [ $_rc -eq 0 ]; then
		ktap_ok "$_name"
	elif [ $_rc -eq 4 ]; then
		ktap_skip "$_name" "$(tail -n 1 /tmp/step.out | sed 's/^# //')"
	else
		ktap_fail "$_name" "exit status $_rc"
	fi
}

# module_doc MARK: the KTAP document a module printed since MARK, indented.
module_doc() {
	kmsg_since "$1" | sed -n '/^KTAP version 1$/,$p' |
		grep -E '^(KTAP version 1$|1\.\.[0-9]+$|ok |not ok |#)' >/tmp/doc
	sed 's/^/    /' /tmp/doc
	grep -q '^ok ' /tmp/doc && ! grep -q '^not ok' /tmp/doc
}

# hit VARIANT SHIM_PARAMS MODULE [PARAMS...]: one per-hit variant. SHIM_PARAMS
# "-" runs without kretprobe_compat.ko.
hit() {
	_v=$1 _sp=$2 _mod=$3
	shift 3
	if [ "$_sp" != - ]; then
		# shellcheck disable=SC2086 # the parameters are words on purpose
		insmod ./kretprobe_compat.ko $_sp || return 1
	fi
	_m=$(kmark)
	insmod "./$_mod" variant="$_v" iters="$iters" reps="$reps" warmup="$warmup" "$@"
	_rc=$?
	module_doc "$_m" || _rc=1
	[ "$_sp" = - ] || sed 's/^/# probes: /' /sys/kernel/debug/kretprobe_compat/probes
	rmmod "${_mod%.ko}" || _rc=1
	[ "$_sp" = - ] || rmmod kretprobe_compat || _rc=1
	return $_rc
}

# hit_bpf VARIANT KIND: a BPF variant. krp_bench_bpf.ko times the bare loop
# at load; krp-bench-bpf attaches the KIND program to its krpb_target() and
# has it time the probed loop, counting the program's runs itself.
hit_bpf() {
	if [ ! -x ./krp-bench-bpf ]; then
		echo "# no BPF loader for this kernel (no BTF, or another architecture)"
		return 4
	fi
	_m=$(kmark)
	insmod ./krp_bench_bpf.ko variant="$1" iters="$iters" reps="$reps" warmup="$warmup" ||
		return 1
	./krp-bench-bpf "$2" /sys/module/krp_bench_bpf/parameters
	_rc=$?
	module_doc "$_m" || _rc=1
	rmmod krp_bench_bpf || _rc=1
	return $_rc
}

# mem_snap PREFIX: /proc/meminfo fields (kB) as shell variables PREFIX_Field.
mem_snap() {
	[ "$settle" = 0 ] || sleep "$settle"
	eval "$(awk -v p="$1" '/^(MemFree|Slab|SUnreclaim|Percpu|VmallocUsed):/ {
		sub(":", "", $1); print p "_" $1 "=" $2 }' /proc/meminfo)"
}

# mem_delta FROM TO: the fields' growth from snapshot FROM to TO, in kB
# (MemFree counted as memory used: its decrease).
mem_delta() {
	for f in Slab SUnreclaim Percpu VmallocUsed MemFree; do
		eval "_a=\$${1}_$f _b=\$${2}_$f"
		[ $f = MemFree ] && { _t=$_a; _a=$_b; _b=$_t; }
		printf ' %s_kb=%d' "$(echo $f | tr 'A-Z' 'a-z')" $((_b - _a))
	done
}

# reg BUILD N MAXACTIVE DATA_SIZE KIND: allocate, register, unregister N
# probes with the loaded krp_bench_reg_BUILD module, print one bench line.
# The native build also times two floors on the same N functions: the
# kprobes core's checks alone (a disabled kprobe each: the floor of any
# registration answering as native does), and one bare fprobe on the
# addresses they resolved to (one ftrace update).
reg() {
	_p=/sys/module/krp_bench_reg_$1/parameters
	echo "$3" >$_p/maxactive && echo "$4" >$_p/data_size || return 1
	mem_snap m0
	echo "$2" >$_p/nprobes || return 1
	mem_snap m1
	echo 1 >$_p/registered || { echo "register_kretprobes of $2 failed"; echo 0 >$_p/nprobes; return 1; }
	mem_snap m2
	echo 0 >$_p/registered || return 1
	mem_snap m3
	_check=
	if [ -e $_p/check_ns ]; then
		echo 1 >$_p/check || return 1
		for _f in check_ns check_unreg_ns fprobe_ns fprobe_unreg_ns; do
			[ ! -e $_p/$_f ] || _check="$_check $_f=$(cat $_p/$_f)"
		done
	fi
	echo 0 >$_p/nprobes
	echo "# bench reg kind=$5 build=$1 n=$2 maxactive=$3 data_size=$4" \
		"reg_ns=$(cat $_p/reg_ns) unreg_ns=$(cat $_p/unreg_ns)$_check" \
		"$(mem_delta m1 m2 | sed 's/ \([a-z]\)/ reg_\1/g')" \
		"$(mem_delta m0 m1 | sed 's/ \([a-z]\)/ struct_\1/g')" \
		"$(mem_delta m2 m3 | sed 's/ \([a-z]\)/ unreg_\1/g')"
}

# pick_syms: ftrace-able, kprobe-able, unambiguous vmlinux functions that
# neither the probe path nor this guest's shell is likely to run, spread
# over the whole list, one per line, in $syms. (grep and sort, not awk
# tables: busybox awk over /proc/kallsyms takes minutes under TCG.)
pick_syms() {
	want=$(echo $ns $inst_n | tr ' ' '\n' | sort -n | tail -n1)
	skip='rcu|lock|sched|irq|preempt|trace|ftrace|kprobe|fprobe|rethook|printk|kmalloc|slab|mm|page|timer|clock|time|idle|cpu|smp|atomic|stack|switch|entry|exit|nmi|apic|x86|native|arch|^_|[.]|mutex|sem|wait|wake|alloc|free|fault|tlb|tick|delay|spin|kallsyms|poke|insn|jump|static_call|text|module|console|tty|serial|uart|kthread|work|softirq|bpf|perf|task|signal|syscall|user|copy|mem|percpu|vmap|vmalloc|objpool|kobject|kernfs|sysfs|seq_|vfs|file|inode|dentry|path|init| '
	_t0=$(date +%s)
	# names seen more than once in kallsyms, or blacklisted: listed twice
	cut -d' ' -f3 /proc/kallsyms | sort | uniq -d >/tmp/dups
	sed -n 's/^0x[0-9a-f]*-0x[0-9a-f]*[[:space:]]*//p' /sys/kernel/debug/kprobes/blacklist |
		sort -u >/tmp/bl
	grep -vE "$skip" /sys/kernel/tracing/available_filter_functions | sort -u >/tmp/ok
	sort /tmp/ok /tmp/dups /tmp/dups /tmp/bl /tmp/bl | uniq -u >/tmp/cand
	total=$(wc -l </tmp/cand)
	echo "# $total candidate functions, $want wanted ($(($(date +%s) - _t0)) s to pick)"
	[ "$total" -ge "$want" ] || return 1
	awk -v t="$total" -v w="$want" 'BEGIN { s = t / w } NR > k * s && k < w { print; k++ }' \
		/tmp/cand >$syms
	echo "# picks: $(head -n 5 $syms | tr '\n' ' ')..."
	[ "$(wc -l <$syms)" -eq "$want" ]
}

if [ "$only" != reg ]; then
	step "per-hit: none (bare loop)" hit none - krp_bench_native.ko probe=0
	step "per-hit: native kretprobe" hit kretprobe - krp_bench_native.ko
	step "per-hit: native fprobe exit handler" hit fprobe - krp_bench_fprobe.ko
	step "per-hit: shim" hit shim "" krp_bench_compat.ko
	step "per-hit: shim fake_regs=1" hit shim_fake "fake_regs=1" krp_bench_compat.ko
	step "per-hit: BPF fexit" hit_bpf bpf_fexit fexit
	step "per-hit: BPF kretprobe.multi" hit_bpf bpf_kmulti kretprobe.multi
fi
if [ "$only" != hit ]; then
	step "registration: pick $(echo $ns $inst_n | tr ' ' '\n' | sort -n | tail -n1) functions" pick_syms
	for b in native compat; do
		if [ $b = compat ]; then
			insmod ./kretprobe_compat.ko || echo "# insmod kretprobe_compat failed"
		fi
		insmod ./krp_bench_reg_$b.ko symfile=$syms || echo "# insmod krp_bench_reg_$b failed"
		for n in $ns; do
			step "registration: $b, $n probes" reg $b "$n" 4 0 n
		done
		for c in $inst_cfgs; do
			step "registration: $b, $inst_n probes, maxactive ${c%:*} data_size ${c#*:}" \
				reg $b "$inst_n" "${c%:*}" "${c#*:}" inst
		done
		rmmod krp_bench_reg_$b || echo "# rmmod krp_bench_reg_$b failed"
		[ $b = native ] || rmmod kretprobe_compat || echo "# rmmod kretprobe_compat failed"
	done
fi
