#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the unit tests 'make' built, as one KTAP document: for each era, a
# check that shim/probes.mk reads the era's stub fprobe.h as that era and
# picks that era's fprobe object (and no native-kretprobe one), and that
# the era is built for the kernel configuration it stands for, then
# every test program, each a KTAP subtest. Exit status non-zero when
# anything failed (a 'not ok', a sanitizer report, a crash or a timeout).
#
# usage: run.sh BUILD_DIR ERA...
set -uo pipefail

out=$1
shift

# The KRPC_HAVE_FPROBE_* flags and the shim's objects each era stands for
# (shim/probes.mk names them), and the CONFIG_* options it is built with
# (the Makefile's era_config): x86 with kprobes on ftrace; 6.12-nokprobes
# without kprobes; arm64 with kprobes that are not on ftrace.
expected_flags() {
	local x86="CONFIG_DYNAMIC_FTRACE CONFIG_FPROBE CONFIG_KPROBES CONFIG_KPROBES_ON_FTRACE CONFIG_X86"

	case $1 in
	6.14) echo "BACKEND $x86 ENTRY_DATA FTRACE_REGS INT_ENTRY RET_IP call.o core.o fprobe_fgraph.o group.o params.o pool.o resolve.o resolve_kprobes.o" ;;
	6.14-arm64) echo "BACKEND CONFIG_ARM64 CONFIG_DYNAMIC_FTRACE CONFIG_FPROBE CONFIG_KPROBES ENTRY_DATA FTRACE_REGS INT_ENTRY RET_IP call.o core.o fprobe_fgraph.o group.o params.o pool.o resolve.o resolve_kprobes.o" ;;
	6.12) echo "BACKEND $x86 ENTRY_DATA INT_ENTRY RET_IP call.o core.o fprobe_rethook.o group.o params.o pool.o resolve.o resolve_kprobes.o" ;;
	6.12-nokprobes) echo "BACKEND CONFIG_DYNAMIC_FTRACE CONFIG_FPROBE CONFIG_X86 ENTRY_DATA INT_ENTRY RET_IP call.o core.o fprobe_rethook.o group.o params.o pool.o resolve.o resolve_ftrace.o" ;;
	6.1-stable) echo "BACKEND $x86 ENTRY_DATA call.o core.o fprobe_rethook.o group.o params.o pool.o resolve.o resolve_kprobes.o" ;;
	*) echo "unknown era" ;;
	esac
}

tests=(pool_test call_test backend_test core_test)
echo "KTAP version 1"
echo "1..$(($# * (1 + ${#tests[@]})))"
n=0
failed=0
result() { # OK? NAME [REASON]
	n=$((n + 1))
	if [ "$1" = 1 ]; then
		echo "ok $n $2"
	else
		failed=$((failed + 1))
		echo "not ok $n $2${3:+ # $3}"
	fi
}

for era in "$@"; do
	got=$(tr ' ' '\n' <"$out/$era/probe-flags" | sed -n 's/^-DKRPC_HAVE_FPROBE_//p; /\.o$/p; /^CONFIG_/p' |
		LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')
	want=$(expected_flags "$era")
	echo "# $era: probes.mk on the stub fprobe.h, and the era's options, give: $got"
	if [ "$got" = "$want" ]; then
		result 1 "$era: probes.mk reads the stub headers as $era and picks its objects; $era's options"
	else
		result 0 "$era: probes.mk reads the stub headers as $era and picks its objects; $era's options" "want $want"
	fi
	for t in "${tests[@]}"; do
		bin=$out/$era/$t
		if [ ! -x "$bin" ]; then
			result 0 "$era: ${t%_test}" "not built"
			continue
		fi
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
			timeout 300 "$bin" 2>&1 | sed 's/^/    /'
		rc=${PIPESTATUS[0]}
		if [ "$rc" = 0 ]; then
			result 1 "$era: ${t%_test}"
		else
			result 0 "$era: ${t%_test}" "exit status $rc"
		fi
	done
done
echo "# unit: $((n - failed)) passed, $failed failed"
[ "$failed" = 0 ]
