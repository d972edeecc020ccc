#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests of cocci/bpf_kretprobe.cocci with -D fexit, in the layout of
# tests/cocci/run.sh (which runs the default mode from
# tests/cocci/bpf_kretprobe/ but cannot pass -D fexit or an --include):
#
#   tests/bpf/cocci-fexit/<case>.c       input
#   tests/bpf/cocci-fexit/<case>.res     expected -D patch -D fexit output
#   tests/bpf/cocci-fexit/<case>.stdout  expected -D report -D fexit stdout
#   tests/bpf/cocci-fexit/protos.h       the kernel prototypes, given to
#                                        spatch with --include
#
# Checks per case: patch, idempotent, report; KTAP; non-zero exit on any
# failure. usage: tests/bpf/cocci-fexit.sh [CASE]...
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
dir=$here/cocci-fexit
rule=$top/cocci/bpf_kretprobe.cocci
SPATCH=${SPATCH:-spatch}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v "$SPATCH" >/dev/null || { echo "error: $SPATCH not found (apt-get install coccinelle)" >&2; exit 2; }

cases=()
if [ $# -eq 0 ]; then
	for c in "$dir"/*.c; do cases+=("$(basename "$c" .c)"); done
else
	for a in "$@"; do
		[ -f "$dir/$a.c" ] || { echo "error: no case $dir/$a.c" >&2; exit 2; }
		cases+=("$a")
	done
fi
opts=(-D fexit --very-quiet --no-show-diff --no-includes --include "$dir/protos.h")

plan=0
for c in "${cases[@]}"; do
	[ -f "$dir/$c.res" ] && plan=$((plan + 2))
	[ -f "$dir/$c.stdout" ] && plan=$((plan + 1))
done
echo "KTAP version 1"
echo "1..$plan"
n=0
rc=0
result() { # STATUS NAME [DETAIL-FILE]
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		[ -n "${3:-}" ] && [ -s "$3" ] && sed 's/^/# /' "$3" | head -n 60
		rc=1
	fi
}
apply() { # IN OUT
	local w
	w=$tmp/work/$(basename "$2")
	mkdir -p "$tmp/work"
	cp "$1" "$w.c"
	timeout 300 "$SPATCH" -D patch "${opts[@]}" --sp-file "$rule" --in-place "$w.c" \
		>"$tmp/log" 2>"$tmp/err" || return 1
	cp "$w.c" "$2"
}
for c in "${cases[@]}"; do
	b=$dir/$c
	if [ -f "$b.res" ]; then
		if apply "$b.c" "$tmp/out.c"; then
			diff -u "$b.res" "$tmp/out.c" >"$tmp/diff" 2>&1
			result $? "bpf_kretprobe -D fexit/$c patch" "$tmp/diff"
		else
			result 1 "bpf_kretprobe -D fexit/$c patch (spatch failed)" "$tmp/err"
		fi
		if apply "$b.res" "$tmp/out2.c"; then
			diff -u "$b.res" "$tmp/out2.c" >"$tmp/diff" 2>&1
			result $? "bpf_kretprobe -D fexit/$c idempotent" "$tmp/diff"
		else
			result 1 "bpf_kretprobe -D fexit/$c idempotent (spatch failed)" "$tmp/err"
		fi
	fi
	if [ -f "$b.stdout" ]; then
		if (cd "$dir" && timeout 300 "$SPATCH" -D report "${opts[@]}" --sp-file "$rule" "$c.c") \
			>"$tmp/stdout" 2>"$tmp/err"; then
			diff -u "$b.stdout" "$tmp/stdout" >"$tmp/diff" 2>&1
			result $? "bpf_kretprobe -D fexit/$c report" "$tmp/diff"
		else
			result 1 "bpf_kretprobe -D fexit/$c report (spatch failed)" "$tmp/err"
		fi
	fi
done
echo "# $n checks, $([ $rc -eq 0 ] && echo all passed || echo some failed)"
exit $rc
