# SPDX-License-Identifier: GPL-2.0
#
# Allocation failures during registration (tests/reliability/fault): set up
# failslab and fail_page_alloc (debugfs; failures only for the task that
# asks: fail-nth / make-it-fail with task-filter=Y), load the module (its
# KTAP document: every failure is a clean -ENOMEM, nothing stays armed, the
# same struct registers afterwards), unload, and require a clean kmemleak
# scan. Needs a kernel with fault injection and kmemleak (the debug kernel).
#
#   KRPC_FAULT_MODULE  krp_fault_compat.ko (default; loads the shim first)
#                      or krp_fault_native.ko
#   KRPC_FAULT_PROB    probability (%) of the random phase (default 30)
#   KRPC_FAULT_PARAMS  module parameters (random_batches=0 for the native
#                      build: native 6.12's register_kretprobes() rollback
#                      WARNs when ftrace_set_filter_ip() fails inside it)

mod=${KRPC_FAULT_MODULE:-krp_fault_compat.ko}
name=$(basename "$mod" .ko)
shim=
case $name in *compat*) shim=1 ;; esac
fi=/sys/kernel/debug

ktap_plan $((8 + ${shim:-0} * 2))
echo "# $name on $KRPC_KERNEL"

# fault_setup: both allocators, quiet (verbose 0: no stack dump per
# failure), sleeping allocations too, only tasks that ask for it.
fault_setup() {
	for a in failslab fail_page_alloc; do
		[ -d $fi/$a ] || { echo "no $fi/$a"; return 1; }
		echo 0 >$fi/$a/verbose &&
			echo N >$fi/$a/ignore-gfp-wait &&
			echo Y >$fi/$a/task-filter &&
			echo "${KRPC_FAULT_PROB:-30}" >$fi/$a/probability &&
			echo 1 >$fi/$a/interval &&
			echo -1 >$fi/$a/times &&
			echo 0 >$fi/$a/space || return 1
	done
	echo 0 >$fi/fail_page_alloc/min-order && echo N >$fi/fail_page_alloc/ignore-gfp-highmem
}

fault_off() {
	echo 0 >$fi/failslab/probability && echo 0 >$fi/fail_page_alloc/probability
}

ktap_test "fault injection set up (failslab, fail_page_alloc)" fault_setup
if [ -n "$shim" ]; then
	ktap_test "insmod kretprobe_compat" insmod ./kretprobe_compat.ko
fi
ktap_test "kmemleak baseline (scan, clear)" leak_baseline -r
mark=krpc-fault-insmod
echo "$mark" >/dev/kmsg
# shellcheck disable=SC2086 # the parameters are words on purpose
ktap_test "insmod $name ${KRPC_FAULT_PARAMS:-}" insmod "./$mod" ${KRPC_FAULT_PARAMS:-}
kmsg_since "$mark" | sed -n '/^KTAP version 1$/,$p' |
	grep -E '^(KTAP version 1$|1\.\.[0-9]+$|ok |not ok |#)' >/tmp/fault.ktap
ktap_test "$name printed 3 results" test "$(grep -cE '^(ok|not ok) ' /tmp/fault.ktap)" -eq 3
ktap_sub "$name" /tmp/fault.ktap
ktap_test "rmmod $name" rmmod "$name"
if [ -n "$shim" ]; then
	ktap_test "rmmod kretprobe_compat" rmmod kretprobe_compat
fi
ktap_test "fault injection off" fault_off
ktap_test "kmemleak: nothing leaked by the failed registrations" leak_check -r
