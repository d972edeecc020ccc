# SPDX-License-Identifier: GPL-2.0
#
# Where the kprobes core's checks of a probe point spend their time (the
# floor of the shim's registration, docs/benchmarks.md): 1000 functions
# picked as tests/vm/guest/bench.sh does, register_kprobes() of disabled
# kprobes on them through krp_bench_reg_native.ko ("echo 1 >check"), once
# untraced and once under the function_graph tracer filtered to the calls
# below; prints each traced function's call count and total time. Not part
# of 'make check' (a measurement, nothing asserted but that it ran):
#
#   scripts/build-for.sh 6.12.117+deb12-amd64 /dev/null, build
#   tests/bench/native, then
#   scripts/vm-run.sh -I -t 900 kprobe-check-profile.sh \
#	OUT/tests/bench/native/krp_bench_reg_native.ko
#
# Under -I (instruction clock) every "us" is a thousand instructions.

want=${KRPC_PROFILE_N:-1000}
syms=/test/bench-syms.txt
fns="register_kprobe kprobe_lookup_name kallsyms_lookup_size_offset
arch_adjust_kprobe_addr within_kprobe_blacklist jump_label_text_reserved
static_call_text_reserved is_cfi_preamble_symbol arch_prepare_kprobe_ftrace
unregister_kprobes"
T=/sys/kernel/tracing
p=/sys/module/krp_bench_reg_native/parameters

ktap_plan 3
skip='rcu|lock|sched|irq|preempt|trace|kprobe|fprobe|rethook|printk|slab|mm|page|timer|clock|time|idle|cpu|smp|atomic|stack|entry|exit|nmi|x86|native|arch|^_|[.]|mutex|alloc|free|jump|static_call|text|module|init| '
cut -d' ' -f3 /proc/kallsyms | sort | uniq -d >/tmp/dups
sed -n 's/^0x[0-9a-f]*-0x[0-9a-f]*[[:space:]]*//p' /sys/kernel/debug/kprobes/blacklist | sort -u >/tmp/bl
grep -vE "$skip" $T/available_filter_functions | sort -u >/tmp/ok
sort /tmp/ok /tmp/dups /tmp/dups /tmp/bl /tmp/bl | uniq -u >/tmp/cand
total=$(wc -l </tmp/cand)
awk -v t="$total" -v w="$want" 'BEGIN { s = t / w } NR > k * s && k < w { print; k++ }' /tmp/cand >$syms
ktap_test "pick $want functions" test "$(wc -l <$syms)" -eq "$want"

insmod ./krp_bench_reg_native.ko symfile=$syms && echo "$want" >$p/nprobes &&
	echo 1 >$p/check
_rc=$?
echo "# check of $want probe points, untraced: $(cat $p/check_ns 2>/dev/null) ns"
ktap_test "register_kprobes() of $want disabled kprobes" test $_rc -eq 0

for f in $fns; do
	echo "$f" >>$T/set_ftrace_filter || echo "# cannot trace $f"
done
echo function_graph >$T/current_tracer
echo 20000 >$T/buffer_size_kb
echo 1 >$p/check
echo 0 >$T/tracing_on
echo "# traced: $(cat $p/check_ns) ns"
grep -v '^#' $T/trace >/tmp/trace
# "  1)   0.819 us    |    arch_adjust_kprobe_addr();", or a "name() {"
# line whose time comes with its closing "}" line.
awk -F'|' '
	function us(f) { gsub(/[^0-9.]/, "", f); return f + 0 }
	$2 ~ /\(\) \{ *$/ { nm = $2; gsub(/[ (){]/, "", nm); st[++sp] = nm; next }
	$2 ~ /^ *\}/ { if (sp > 0) { n[st[sp]]++; t[st[sp]] += us($1); sp-- } next }
	$2 ~ /\(\); *$/ { nm = $2; gsub(/[ ();]/, "", nm); n[nm]++; t[nm] += us($1) }
	END { for (f in n) printf "# %-28s %6d calls %12.0f us\n", f, n[f], t[f] }' /tmp/trace |
	sort -k5 -n -r
ktap_test "function_graph trace of the check" test -s /tmp/trace
echo nop >$T/current_tracer
echo 0 >$p/nprobes
rmmod krp_bench_reg_native
