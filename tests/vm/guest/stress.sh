# SPDX-License-Identifier: GPL-2.0
#
# Stress (tests/reliability/stress): hitters on every vCPU call probed
# functions while control threads register, unregister (single and
# batched), enable and disable kretprobes, for KRPC_STRESS_SECONDS; or
# (tests/reliability/unreg) unregister and free kretprobes whose handlers
# spin. Embeds the module's KTAP document (all the results of its plan,
# its counts consistent), then unloads
# everything and requires a clean kmemleak scan where the kernel has one.
# The host judges the console: no KASAN, lockdep, RCU or sleep-in-atomic
# report may appear.
#
#   KRPC_STRESS_MODULE   krp_stress_compat.ko (default; loads the shim
#                        first), krp_stress_native.ko, krp_unreg_compat.ko
#                        or krp_unreg_native.ko
#   KRPC_STRESS_SECONDS  duration (default 60)
#   KRPC_SHIM_PARAMS     parameters for kretprobe_compat.ko

mod=${KRPC_STRESS_MODULE:-krp_stress_compat.ko}
name=$(basename "$mod" .ko)
secs=${KRPC_STRESS_SECONDS:-60}
shim=
case $name in *compat*) shim=1 ;; esac

ktap_plan $((6 + ${shim:-0} * 2))
echo "# $name for ${secs}s on $KRPC_KERNEL, $(nproc) vCPUs"

if [ -n "$shim" ]; then
	# shellcheck disable=SC2086 # the parameters are words on purpose
	ktap_test "insmod kretprobe_compat ${KRPC_SHIM_PARAMS:-}" \
		insmod ./kretprobe_compat.ko ${KRPC_SHIM_PARAMS:-}
fi
ktap_test "kmemleak baseline (scan, clear)" leak_baseline
mark=krpc-stress-insmod
echo "$mark" >/dev/kmsg
ktap_test "insmod $name seconds=$secs" insmod "./$mod" seconds="$secs"
kmsg_since "$mark" | sed -n '/^KTAP version 1$/,$p' |
	grep -E '^(KTAP version 1$|1\.\.[0-9]+$|ok |not ok |#)' >/tmp/stress.ktap
plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' /tmp/stress.ktap | head -n 1)
ktap_test "$name printed the ${plan:-?} results of its plan" \
	test "$(grep -cE '^(ok|not ok) ' /tmp/stress.ktap)" -eq "${plan:-0}" -a "${plan:-0}" -gt 0
ktap_sub "$name" /tmp/stress.ktap
ktap_test "rmmod $name" rmmod "$name"
if [ -n "$shim" ]; then
	ktap_test "rmmod kretprobe_compat" rmmod kretprobe_compat
fi
ktap_test "kmemleak: nothing leaked by the run" leak_check
