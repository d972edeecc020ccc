#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of tools/kretprobe-audit (KTAP, non-zero exit on a failure):
# verdicts and output formats against the 6.12 kernel's BTF (extracted from
# the cached image) with canned available_filter_functions and blacklist
# files, clear errors and exit status 2 on bad input, --protos, and
# targets.sh on a module and a BPF source. The real-kernel run is
# tests/vm/guest/audit.sh.
#
# usage: tests/bpf/audit-host.sh [RELEASE]   (default 6.12.117+deb12-amd64)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source=scripts/lib.sh
. "$top/scripts/lib.sh"
rel=${1:-6.12.117+deb12-amd64}
d=$here/audit
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

make -s -C "$top/tools/kretprobe-audit" OUTPUT="$KRPC_OUT/tools/kretprobe-audit" >"$tmp/build" 2>&1 ||
	{ cat "$tmp/build"; exit 1; }
A=$KRPC_OUT/tools/kretprobe-audit/kretprobe-audit
btf=$("$top/tools/bpf/vmlinux.sh" "$rel" btf) || exit 1
vmlinux=$("$top/tools/bpf/vmlinux.sh" "$rel" vmlinux) || exit 1
K=(--btf "$btf" --filter "$d/filter_functions" --blacklist "$d/blacklist")

n=0
rc=0
echo "KTAP version 1"
echo "1..19"
t() { # NAME CMD...: one check
	local name=$1
	shift
	n=$((n + 1))
	if "$@" >"$tmp/out" 2>&1; then
		echo "ok $n $name"
	else
		sed 's/^/# /' "$tmp/out" | head -n 30
		echo "not ok $n $name"
		rc=1
	fi
}
# run EXPECTED-STATUS CMD...: CMD exits with that status; output in $tmp/run
run() {
	local want=$1 got
	shift
	"$@" >"$tmp/run" 2>&1
	got=$?
	cat "$tmp/run"
	[ "$got" = "$want" ] || { echo "exit status $got, want $want"; return 1; }
}
row() { # TARGET EXISTS FPROBE BLACKLIST VERDICT
	grep -qE "^$1 +$2 +$3 +$4 +$5( |\$)" "$tmp/run" || { echo "no row: $*"; return 1; }
}

verdicts() {
	run 1 "$A" "${K[@]}" kernel_clone get_kprobe tracing_on exc_page_fault krpc_missing krpc_mod:krpc_mod_fn &&
	row kernel_clone yes yes no migrates &&
	row get_kprobe yes yes yes migrates &&
	row tracing_on yes no no "compat fallback" &&
	row exc_page_fault yes no yes "cannot migrate" &&
	row krpc_missing no no no "cannot migrate" &&
	row krpc_mod:krpc_mod_fn yes yes no migrates
}
t "verdicts from BTF, filter list and blacklist" verdicts
t "BTF prototype of kernel_clone" sh -c \
	"$(printf '%q ' "$A" "${K[@]}") kernel_clone | grep -q 'pid_t kernel_clone(struct kernel_clone_args \*args)\$'"
t "exit 0 when every target migrates or falls back" run 0 "$A" "${K[@]}" kernel_clone tracing_on
t "a vmlinux ELF works as --btf" sh -c \
	"$(printf '%q ' "$A" --btf "$vmlinux" --filter "$d/filter_functions") do_unlinkat | grep -q 'int do_unlinkat(int dfd, struct filename \*name)'"
json() {
	run 1 "$A" "${K[@]}" --json kernel_clone krpc_missing &&
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
t = {x["target"]: x for x in d["targets"]}
assert t["kernel_clone"]["verdict"] == "migrates", t
assert t["kernel_clone"]["return_type"] == "pid_t", t
assert t["kernel_clone"]["blacklisted"] is False, t
assert t["krpc_missing"]["verdict"] == "cannot_migrate", t
assert t["krpc_missing"]["exists"] is False, t
' "$tmp/run"
}
t "--json is valid JSON with the verdicts" json
t "an empty blacklist is fine" run 0 "$A" --btf "$btf" --filter "$d/filter_functions" --blacklist /dev/null kernel_clone
t "--targets FILE with comments" sh -c \
	"$(printf '%q ' "$A" "${K[@]}" --targets "$d/targets") | grep -cE '^(kernel_clone|tracing_on|exc_page_fault) ' | grep -qx 3"
protos() {
	run 0 "$A" --btf "$btf" --protos do_unlinkat kernel_clone &&
	grep -qx 'int do_unlinkat(int dfd, struct filename \*name);' "$tmp/run" &&
	grep -qx 'pid_t kernel_clone(struct kernel_clone_args \*args);' "$tmp/run" &&
	run 1 "$A" --btf "$btf" --protos krpc_missing && grep -q 'krpc_missing: no BTF prototype' "$tmp/run"
}
t "--protos prints C declarations, fails on a function without BTF" protos

# Bad input: exit status 2 and a message naming the problem.
bad() { # PATTERN ARGS...
	local pat=$1
	shift
	run 2 "$A" "$@" && grep -q -- "$pat" "$tmp/run"
}
t "no targets" bad "no targets" "${K[@]}"
t "missing BTF file" bad "cannot read BTF '/nonexistent'" --btf /nonexistent kernel_clone
t "a file that is not BTF" bad "holds no usable BTF" --btf "$d/filter_functions" --filter "$d/filter_functions" kernel_clone
t "missing filter list" bad "cannot read available_filter_functions '/nonexistent'" --btf "$btf" --filter /nonexistent kernel_clone
t "a filter list that is not one" bad "lists no functions" --btf "$btf" --filter "$d/module.c" kernel_clone
t "a blacklist that is not one" bad "does not look like a kprobe blacklist" --btf "$btf" --filter "$d/filter_functions" --blacklist "$d/filter_functions" kernel_clone
t "a bad target name" bad "not a function name" "${K[@]}" 'kernel clone;'
t "a missing target list" bad "cannot read target list '/nonexistent'" "${K[@]}" --targets /nonexistent
t "an unknown option" bad "usage:" "${K[@]}" --frobnicate kernel_clone

# targets.sh: the module's and the BPF program's targets.
targets() {
	"$top/tools/kretprobe-audit/targets.sh" "$d/module.c" "$d/prog.bpf.c" >"$tmp/t" 2>"$tmp/terr" || return 1
	cat "$tmp/t" "$tmp/terr"
	printf 'do_unlinkat\nkernel_clone\ntracing_on\nvfs_read\n' | diff - "$tmp/t" &&
	grep -q 'unknown target runtime' "$tmp/terr"
}
t "targets.sh: literal, char array and BPF section targets; a run-time one is named on stderr" targets
t "targets.sh on a missing path" sh -c "! '$top/tools/kretprobe-audit/targets.sh' /nonexistent 2>/dev/null"
echo "# $n checks, $([ $rc -eq 0 ] && echo all passed || echo some failed)"
exit $rc
