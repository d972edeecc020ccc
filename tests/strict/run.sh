#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Strict mode (KRETPROBE_COMPAT_STRICT := y), against a shim built by
# scripts/build-for.sh: the kernel's sample builds strict and references no
# native kretprobe symbol; a module that escapes the mapping fails to build
# with a message naming the function.
#
# usage: tests/strict/run.sh RELEASE
set -uo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"

[ $# -eq 1 ] || die "usage: $0 RELEASE"
rel=$1
b=$KRPC_OUT/build/$rel
ko=$b/tests/kernel-samples/kretprobe_example/strict/kretprobe_example_strict.ko
[ -f "$ko" ] || die "$ko missing: run scripts/build-for.sh $rel first"
echo "KTAP version 1"
echo "1..3"
rc=0
native=$(nm "$ko" | grep -E ' U (register|unregister)_kretprobes?$')
if [ -z "$native" ]; then
	echo "ok 1 strict kretprobe_example references no native kretprobe symbol"
else
	echo "$native" | sed 's/^/# /'
	echo "not ok 1 strict kretprobe_example references native kretprobe symbols"
	rc=1
fi
if nm_has "$ko" ' U krpc_register_kretprobe$'; then
	echo "ok 2 strict kretprobe_example calls krpc_register_kretprobe"
else
	echo "not ok 2 strict kretprobe_example does not call krpc_register_kretprobe"
	rc=1
fi
# Inside the build tree: kernel_make may build in a chroot that sees only it.
tmp=$(mktemp -d "$b/strict-violation.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp "$KRPC_TOP"/tests/strict/violation/* "$tmp/"
out=$(kernel_make "$rel" "$b" M="$tmp" KRETPROBE_COMPAT="$b" modules 2>&1)
if [ $? -ne 0 ] && grep -q 'kretprobe-compat strict mode: native register_kretprobe() referenced' <<<"$out"; then
	echo "ok 3 a strict-mode violation fails the build and names register_kretprobe"
else
	echo "$out" | tail -n 15 | sed 's/^/# /'
	echo "not ok 3 a strict-mode violation was not refused"
	rc=1
fi
exit $rc
