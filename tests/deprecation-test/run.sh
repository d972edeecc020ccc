#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/deprecation-test.sh on one kernel, as a user runs it:
#  - the kernel's own samples/kprobes/kretprobe_example.c (linux-source-6.12,
#    copied unmodified) works without kprobes: exit 0, every counted variant
#    'same', the sentence 'works without kprobes';
#  - notrace/ (a kretprobe on a notrace function, which only a native
#    kretprobe reaches) stops working without kprobes: exit 1, and the
#    sentence names its probe;
#  - a guest that dies in one variant (the workload panics it) is exit 1:
#    that row has the console's panic line, the variants before it keep
#    their results and a second boot runs those after it;
#  - a workload that fails in one variant only is exit 1, that row
#    differing (not bad input: that is a workload failing with the
#    reference);
#  - bad input is exit 2 with a message that says what is wrong, and the
#    module's directory is never written.
#
# usage: tests/deprecation-test/run.sh RELEASE
set -uo pipefail
# shellcheck source=tests/packaging/lib.sh
. "$(dirname "$0")/../packaging/lib.sh"

[ $# -eq 1 ] || die "usage: $0 RELEASE"
rel=$1
here=$KRPC_TOP/tests/deprecation-test
dt=$KRPC_TOP/tools/deprecation-test.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ktap_plan 12

# expect NAME WANT_RC PATTERN ARGS...: deprecation-test.sh ARGS exits
# WANT_RC and its output matches the extended regex PATTERN.
expect() {
	local name=$1 want=$2 pat=$3 out rc
	shift 3
	out=$("$dt" "$@" 2>&1)
	rc=$?
	if [ "$rc" -eq "$want" ] && grep -Eq -- "$pat" <<<"$out"; then
		result 0 "$name"
	else
		echo "# exit $rc (want $want), no line matching: $pat"
		tail -n 25 <<<"$out" | sed 's/^/# /'
		result 1 "$name"
	fi
	printf '%s\n' "$out" >"$tmp/last.out"
}

src=$("$KRPC_TOP/scripts/linux-source.sh" 6.12) || die "no linux-source-6.12"
mkdir -p "$tmp/example"
cp "$src/samples/kprobes/kretprobe_example.c" "$tmp/example/"
echo 'obj-m += kretprobe_example.o' >"$tmp/example/Kbuild"
before=$(cd "$tmp/example" && find . -printf '%p %s %T@\n' | sort | sha256sum)

expect "kretprobe_example on $rel: exit 0, works without kprobes" 0 \
	'=> works without kprobes' -k "$rel" --json "$tmp/example.json" "$tmp/example"
n=$(grep -cE '^  (shim|migrated), .* same$' "$tmp/last.out")
[ "$n" -ge 3 ]
result $? "kretprobe_example: $n shim and migrated variants 'same' (want 3 or more)"
python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$tmp/example.json"
result $? "kretprobe_example: --json writes JSON"
after=$(cd "$tmp/example" && find . -printf '%p %s %T@\n' | sort | sha256sum)
[ "$before" = "$after" ]
result $? "kretprobe_example: the module's directory is left as it was"

expect "notrace probe on $rel: exit 1, stops working without kprobes" 1 \
	'stops working without kprobes: .*krp_dt_target' \
	-k "$rel" --keep "$tmp/keep-notrace" --run "$here/poke.sh" "$here/notrace"

expect "a guest that dies in one variant: exit 1, its row names the panic" 1 \
	'shim, kprobes off .*died in this variant \(Kernel panic - not syncing: sysrq' \
	-k "$rel" --keep "$tmp/keep-crash" --run "$here/crash.sh" --copy "$here/shim-off.sh" "$tmp/example"
n=$(grep -cE '^  (native, kprobes on \(reference\) .* reference|(shim, kprobes on|shim, fallback=N|migrated, kprobes off) .* same)$' "$tmp/last.out")
[ "$n" -eq 4 ] && grep -q 'boot 2 for 2 variants' "$tmp/last.out"
result $? "a guest that dies: the variants before it keep their results, a second boot runs the 2 after it ($n of 4 rows as without the crash)"
expect "a workload that fails in one variant only: exit 1, that variant differs" 1 \
	'shim, kprobes off .*DIFFERS: the workload failed \(exit 3\), not with the reference' \
	-k "$rel" --keep "$tmp/keep-fail" --run "$here/fail-off.sh" --copy "$here/shim-off.sh" "$tmp/example"

mkdir -p "$tmp/empty"
expect "bad input: a directory without Kbuild or Makefile is exit 2" 2 \
	'error: .*(Kbuild|Makefile)' -k "$rel" "$tmp/empty"
expect "bad input: an unknown kernel is exit 2, naming the known ones" 2 \
	"error: unknown kernel 'no-such-kernel'; known: " -k no-such-kernel "$tmp/example"
expect "bad input: a failing workload is exit 2" 2 'error: .*workload' \
	-k "$rel" --run "$here/fail.sh" "$tmp/example"
expect "bad input: a module that builds natively for no kernel asked for is exit 2" 2 \
	'error: .*natively' -k "$rel" "$here/nobuild"

ktap_end
