#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The reliability checks for one kernel of tests/vm/kernels: bad input
# against the native oracle, unload with instances asleep, stress; on a
# kernel with the 'debug' trait also a sleeping handler (reported), the
# kernel's KUnit suites, kmemleak and fault injection. Each check prints one
# PASS/FAIL line; the last line is 'N passed, N failed'. scripts/check.sh
# runs it for every kernel (stress 20 s); docs/reliability.md has figures.
#
# usage: scripts/check-reliability.sh -k RELEASE [-s SECONDS]
#        -s  stress duration (default 60)
set -uo pipefail
. "$(dirname "$0")/lib.sh"

rel=
secs=60
while getopts "k:s:" opt; do
	case $opt in
	k) rel=$OPTARG ;;
	s) secs=$OPTARG ;;
	*) sed -n '4,12p' "$0" >&2; exit 2 ;;
	esac
done
[ -n "$rel" ] || { sed -n '4,12p' "$0" >&2; exit 2; }
kernel_field "$rel" 1 >/dev/null || exit 2
debug=0
case ",$(kernel_field "$rel" 4)," in *,debug,*) debug=1 ;; esac
check_logdir=$KRPC_OUT/check-reliability/$rel
rm -rf "$check_logdir"

b=$KRPC_OUT/build/reliability-$rel
check "build: shim and tests/reliability for $rel" "$KRPC_TOP/scripts/build-for.sh" -o "$b" \
	"$rel" "$KRPC_TOP/tests/reliability/modules"
shim=$b/shim/kretprobe_compat.ko
r=$b/tests/reliability

# run TAG [vm-run options] -- SCRIPT FILES...
run() {
	local tag=$1 opts=()
	shift
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	"$KRPC_TOP/scripts/vm-run.sh" -q -k "$rel" -n "reliability-$tag" "${opts[@]}" "$@"
}

note "bad input on $rel"
bad=("$shim" "$r/badinput/native/krp_bad_native.ko" "$r/badinput/compat/krp_bad_compat.ko")
check "vm: bad input: the shim answers like native, native cannot-survive cases on the shim, on $rel" \
	run bad -- badinput.sh "${bad[@]}"
check "vm: bad input: kp.post_handler set (native 6.12 accepts), native, on $rel" run bad-post-native \
	-e KRPC_BAD_ONLY=post_handler -e KRPC_BAD_BUILDS=native -- badinput.sh "${bad[@]}"
check "vm: bad input: kp.post_handler set (native 6.12 accepts), shim, on $rel" run bad-post-compat \
	-e KRPC_BAD_ONLY=post_handler -e KRPC_BAD_BUILDS=compat -- badinput.sh "${bad[@]}"
if [ $debug = 1 ]; then
	for bb in native compat; do
		check "vm: bad input: a return handler that sleeps is reported (sleep-in-atomic), $bb, on $rel" \
			run "bad-sleepy-$bb" -x 'sleeping function called from invalid context' \
			-w krp_sleepy_handler -e KRPC_BAD_ONLY=sleepy -e KRPC_BAD_BUILDS=$bb -- \
			badinput.sh "${bad[@]}"
	done
fi

note "unload with instances asleep in probed functions on $rel"
for m in native compat; do
	check "vm: unload ($m): rmmod user module then shim while instances sleep in probed functions, on $rel" \
		run "unload-$m" -T -e KRPC_UNLOAD_MODULE=krp_unload_$m.ko -- unload.sh "$shim" \
		"$r/unload/target/krp_unload_target.ko" "$r/unload/$m/krp_unload_$m.ko"
done

note "stress (${secs}s, 4 vCPUs, single-threaded TCG) on $rel"
for m in native compat; do
	check "vm: stress ($m): hits while registering, unregistering, batching, toggling, ${secs}s, on $rel" \
		run "stress-$m" -T -s 4 -t $((secs * 10 + 600)) -e KRPC_STRESS_MODULE=krp_stress_$m.ko \
		-e KRPC_STRESS_SECONDS="$secs" -- stress.sh "$shim" "$r/stress/$m/krp_stress_$m.ko"
done

if [ $debug = 1 ]; then
	note "the kernel's own suites on $rel"
	check "vm: KUnit fprobe_test (boot), kprobes_test native and through the shim, on $rel" \
		run kunit -- kunit.sh "$(kernel_headers "$rel")/lib/test_kprobes.ko" "$shim" \
		"$r/kunit/compat/test_kprobes_compat.ko"

	note "registration under failslab / fail_page_alloc on $rel"
	# What the kernel prints, with a stack, about an allocation that fails
	# without __GFP_NOWARN (rethook's objpool uses vmalloc): not a bug.
	alloc_warn='vmalloc error: size|page allocation failure: order'
	check "vm: kmemleak self-test: a deliberate leak is reported, on $rel" \
		run leak -- stress-leak-selftest.sh "$r/leak/krp_leak.ko"
	for m in native compat; do
		check "vm: faults ($m): every allocation failure of registration is clean, no leak, on $rel" \
			run "fault-$m" -X "$alloc_warn" -e KRPC_FAULT_MODULE=krp_fault_$m.ko \
			-e "KRPC_FAULT_PARAMS=$([ $m = native ] && echo random_batches=0)" -- fault.sh "$shim" \
			"$r/fault/$m/krp_fault_$m.ko"
	done
fi

check_summary
