#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The reliability suite ('make check-debug'). Each check prints one
# PASS/FAIL line; the last line is 'N passed, N failed'; the exit status is
# non-zero when any check failed.
#
# usage: scripts/check-debug.sh            the debug kernel (KASAN, lockdep,
#                                          kmemleak, fault injection, KUnit;
#                                          built first when missing, ~30 min):
#                                          the whole guest suite of 'make
#                                          check', the kernel's KUnit suites,
#                                          bad input, stress, faults, unload
#        scripts/check-debug.sh -k RELEASE  a kernel of tests/vm/kernels: the
#                                          parts that need no debug kernel
#                                          (bad input, unload, stress)
#        -s SECONDS  stress duration (default 60)
#        -P          with the shim fixes proposed in tests/reliability/proposed/
#                    applied to the build (KRPC_PROPOSED=1 tests/reliability/build.sh)
set -uo pipefail
. "$(dirname "$0")/lib.sh"

rel=debug
secs=60
sfx=
while getopts "k:s:P" opt; do
	case $opt in
	P) export KRPC_PROPOSED=1; sfx=-proposed ;;
	k) rel=$OPTARG ;;
	s) secs=$OPTARG ;;
	*) sed -n '4,20p' "$0" >&2; exit 2 ;;
	esac
done

passed=0
failed=0
logdir=$KRPC_OUT/check-debug/$rel$sfx
rm -rf "$logdir"
mkdir -p "$logdir"

# check NAME CMD...: run CMD with its output in $logdir/NAME.log.
check() {
	local name=$1 log
	shift
	log=$logdir/$(echo "$name" | tr -c 'A-Za-z0-9_.+-' '_').log
	if "$@" >"$log" 2>&1; then
		passed=$((passed + 1))
		echo "PASS $name"
	else
		failed=$((failed + 1))
		echo "FAIL $name (log: $log)"
		tail -n 15 "$log" | sed 's/^/    /'
	fi
}

vm=$KRPC_TOP/tests/debug-kernel/vm-run.sh
if [ "$rel" = debug ]; then
	"$KRPC_TOP/scripts/debug-kernel.sh" || die "no debug kernel"
	kopt=()
	pfx=dbg$sfx
	k="the debug kernel"
	check "build: shim, tests/modules and tests/reliability for $k" \
		"$KRPC_TOP/tests/reliability/build.sh" debug
	b=$KRPC_OUT/build/debug$sfx
else
	kopt=(-k "$rel")
	pfx=reliability$sfx
	k=$rel
	check "build: shim and tests/reliability for $rel" "$KRPC_TOP/tests/reliability/build.sh" "$rel"
	b=$KRPC_OUT/build/reliability-$rel$sfx
fi
shim=$b/shim/kretprobe_compat.ko
r=$b/tests/reliability

# run TAG [vm-run options] -- SCRIPT FILES...
run() {
	local tag=$1 opts=()
	shift
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	"$vm" -q "${kopt[@]}" -n "$pfx-$tag" "${opts[@]}" "$@"
}

if [ "$rel" = debug ]; then
	note "the guest suite of 'make check' on $k"
	conf=$b/tests/conformance
	ks=$b/tests/kernel-samples/kretprobe_example
	native=("$conf/native/krp_conf_native.ko")
	compat=(-e KRPC_CONF_MODULE=krp_conf_compat.ko -- conformance.sh
		"$conf/compat/krp_conf_compat.ko" "$shim")
	sample=("$shim" "$ks/compat/kretprobe_example.ko" "$ks/native/kretprobe_example_native.ko")
	check "vm: smoke on $k" run smoke -- smoke.sh "$shim"
	check "vm: samples/kretprobe_compat_example on $k" run sample -- sample.sh \
		"$shim" "$b/samples/kretprobe_compat_example.ko"
	check "vm: conformance, native oracle, on $k" run conf-native -- conformance.sh "${native[@]}"
	check "vm: conformance, native oracle, kprobes off, on $k" run conf-native-off \
		-e KRPC_KPROBES_OFF=1 -- conformance.sh "${native[@]}"
	check "vm: conformance through the shim on $k" run conf-compat "${compat[@]}"
	check "vm: conformance through the shim, kprobes off, on $k" run conf-compat-off \
		-e KRPC_KPROBES_OFF=1 -e KRPC_EXPECT_FIRE=1 "${compat[@]}"
	check "vm: conformance through the shim, fake_regs=Y, on $k" run conf-fake \
		-e KRPC_SHIM_PARAMS=fake_regs=1 "${compat[@]}"
	check "vm: kernel's kretprobe_example through the shim on $k" run ksample -- \
		kernel-sample.sh "${sample[@]}"
	check "vm: kretprobe_example, kprobes disabled, fake_regs=Y on $k" run ksample-off \
		-e KRPC_KPROBES_OFF=1 -e KRPC_SHIM_PARAMS=fake_regs=1 -- kernel-sample.sh "${sample[@]}"
	check "vm: kretprobe_example migrated to fprobe by cocci/, kprobes off, on $k" \
		run migrated -e KRPC_KPROBES_OFF=1 -e KRPC_SAMPLE=kretprobe_example_fprobe.ko -- \
		kernel-sample.sh "$ks/fprobe/kretprobe_example_fprobe.ko" "$ks/native/kretprobe_example_native.ko"
	check "vm: fallback=Y serves a notrace target, fallback=N refuses it, on $k" \
		run fallback -- fallback.sh "$shim" "$b/tests/fallback/krp_fallback.ko"
	check "vm: legacy ri->rp, ri->ret_addr, ri->task on $k" run legacy \
		-e "KRPC_MODULES=kretprobe_compat.ko krp_legacy.ko" -- module-ktap.sh \
		"$shim" "$b/tests/legacy/krp_legacy.ko"
	check "vm: kretprobe_example embedded (no kretprobe_compat.ko) on $k" run embed \
		-e KRPC_KPROBES_OFF=1 -e KRPC_SAMPLE=kretprobe_example_embed.ko -- kernel-sample.sh \
		"$ks/embed/kretprobe_example_embed.ko" "$ks/native/kretprobe_example_native.ko"

	note "the kernel's own suites on $k"
	kdir=$("$KRPC_TOP/scripts/debug-kernel.sh" -c | sed -n 's/^KDIR=//p')
	check "vm: KUnit fprobe_test (boot), kprobes_test native and through the shim, on $k" \
		run kunit -- kunit.sh "$kdir/lib/test_kprobes.ko" "$shim" \
		"$r/kunit/compat/test_kprobes_compat.ko"
fi

note "bad input on $k"
bad=("$shim" "$r/badinput/native/krp_bad_native.ko" "$r/badinput/compat/krp_bad_compat.ko")
check "vm: bad input: the shim answers like native, native cannot-survive cases on the shim, on $k" \
	run bad -- badinput.sh "${bad[@]}"
check "vm: bad input: kp.post_handler set (native 6.12 accepts), native, on $k" run bad-post-native \
	-e KRPC_BAD_ONLY=post_handler -e KRPC_BAD_BUILDS=native -- badinput.sh "${bad[@]}"
check "vm: bad input: kp.post_handler set (native 6.12 accepts), shim, on $k" run bad-post-compat \
	-e KRPC_BAD_ONLY=post_handler -e KRPC_BAD_BUILDS=compat -- badinput.sh "${bad[@]}"
if [ "$rel" = debug ]; then
	for bb in native compat; do
		check "vm: bad input: a return handler that sleeps is reported (sleep-in-atomic), $bb, on $k" \
			run "bad-sleepy-$bb" -x 'sleeping function called from invalid context' \
			-w krp_sleepy_handler -e KRPC_BAD_ONLY=sleepy -e KRPC_BAD_BUILDS=$bb -- \
			badinput.sh "${bad[@]}"
	done
fi

note "unload with instances asleep in probed functions on $k"
for m in native compat; do
	check "vm: unload ($m): rmmod user module then shim while instances sleep in probed functions, on $k" \
		run "unload-$m" -T -e KRPC_UNLOAD_MODULE=krp_unload_$m.ko -- unload.sh "$shim" \
		"$r/unload/target/krp_unload_target.ko" "$r/unload/$m/krp_unload_$m.ko"
done

note "stress (${secs}s, 4 vCPUs, single-threaded TCG) on $k"
for m in native compat; do
	check "vm: stress ($m): hits while registering, unregistering, batching, toggling, ${secs}s, on $k" \
		run "stress-$m" -T -s 4 -t $((secs * 10 + 600)) -e KRPC_STRESS_MODULE=krp_stress_$m.ko \
		-e KRPC_STRESS_SECONDS="$secs" -- stress.sh "$shim" "$r/stress/$m/krp_stress_$m.ko"
done

if [ "$rel" = debug ]; then
	note "registration under failslab / fail_page_alloc on $k"
	# What the kernel prints, with a stack, about an allocation that fails
	# without __GFP_NOWARN (rethook's objpool uses vmalloc): not a bug.
	alloc_warn='vmalloc error: size|page allocation failure: order'
	check "vm: kmemleak self-test: a deliberate leak is reported, on $k" \
		run leak -- stress-leak-selftest.sh "$r/leak/krp_leak.ko"
	for m in native compat; do
		check "vm: faults ($m): every allocation failure of registration is clean, no leak, on $k" \
			run "fault-$m" -X "$alloc_warn" -e KRPC_FAULT_MODULE=krp_fault_$m.ko \
			-e "KRPC_FAULT_PARAMS=$([ $m = native ] && echo random_batches=0)" -- fault.sh "$shim" \
			"$r/fault/$m/krp_fault_$m.ko"
	done
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
