# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own samples/kprobes/kretprobe_example.c, unmodified, built
# twice: natively (kretprobe_example_native.ko) and through
# kretprobe-compat.mk (KRPC_SAMPLE, default kretprobe_example.ko; the shim
# is loaded first when /test has it: an embed build needs none). Both run
# in this boot; with KRPC_KPROBES_OFF=1 kprobes are disabled first, the
# native build must then stay silent and the compat build keep reporting.

run_sample() { # $1 = module file; prints the lines the sample logged
	m=$(kmark)
	# A refused module still says why (no kprobes: register_kretprobe failed).
	insmod "./$1" || { kmsg_since "$m" | grep -E 'returned'; return 1; }
	for _ in 1 2 3 4 5; do /bin/true; done
	cat /sys/kernel/debug/kretprobe_compat/probes >"/tmp/probes.$1" 2>/dev/null
	rmmod "${1%.ko}" || return 1
	kmsg_since "$m" | grep -E 'returned|Missed probing' | sed 's/ took [0-9]* ns/ took N ns/'
}

ktap_plan 7
off=${KRPC_KPROBES_OFF:-0}
kprobes_off_if_asked
sample=${KRPC_SAMPLE:-kretprobe_example.ko}
if [ -f ./kretprobe_compat.ko ]; then
	ktap_test "insmod kretprobe_compat" insmod ./kretprobe_compat.ko $KRPC_SHIM_PARAMS
else
	ktap_test "no kretprobe_compat.ko needed for $sample" \
		sh -c '! grep -q kretprobe_compat /proc/modules'
fi

run_sample kretprobe_example_native.ko >/tmp/native.out
run_sample "$sample" >/tmp/compat.out
sed 's/^/# native: /' /tmp/native.out
sed 's/^/# compat: /' /tmp/compat.out
n_native=$(grep -c 'kernel_clone returned' /tmp/native.out)
n_compat=$(grep -c 'kernel_clone returned' /tmp/compat.out)
if has_trait nokprobes; then
	ktap_test "native build refused: no kprobes in this kernel (-EOPNOTSUPP)" \
		grep -q 'register_kretprobe failed, returned -95' /tmp/native.out
elif [ "$off" = 1 ]; then
	ktap_test "native build silent with kprobes off" test "$n_native" -eq 0
else
	ktap_test "native build reports kernel_clone returns" test "$n_native" -ge 5
fi
ktap_test "compat build reports kernel_clone returns ($n_compat)" test "$n_compat" -ge 5
ktap_test "compat lines have the native format" \
	sh -c "grep 'kernel_clone returned' /tmp/compat.out | grep -qvE '^kernel_clone returned -?[0-9]+ and took N ns to execute\$' && exit 1 || exit 0"
ktap_test "compat prints the nmissed line like native" \
	sh -c "grep -q 'Missed probing 0 instances of kernel_clone' /tmp/compat.out"
want=kretprobe
has_trait fprobe && want=fprobe
if [ -f ./kretprobe_compat.ko ]; then
	sed 's/^/# debugfs: /' "/tmp/probes.$sample"
	ktap_test "debugfs lists kernel_clone on the $want backend" \
		grep -qE "^kernel_clone $want (-|[0-9]+) 0 [0-9]+\$" "/tmp/probes.$sample"
else
	ktap_test "embedded: no debugfs file" test ! -s "/tmp/probes.$sample"
fi
