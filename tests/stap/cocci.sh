#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# cocci/'s legacy and report rules (through tools/migrate.sh) over
# SystemTap's runtime (/usr/share/systemtap/runtime) and over the C that
# stap 4.8 generated for tests/stap/krpc_stap.stp (tests/stap/build.sh).
# Each summary and each proposed change must be the reviewed one below;
# the full outputs are kept in OUT for reading.
#
# usage: tests/stap/cocci.sh GENERATED_C OUT
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"

[ $# -eq 2 ] || die "usage: $0 GENERATED_C OUT"
gen=$1
out=$2
[ -f "$gen" ] || die "no generated C at $gen (tests/stap/build.sh first)"
rm -rf "$out"
mkdir -p "$out/gen"
cp "$gen" "$out/gen/"
fail=0

# expect WHAT GOT WANT
expect() {
	if [ "$2" = "$3" ]; then
		echo "ok: $1: $2"
	else
		echo "FAIL: $1"
		echo "  got:  $2"
		echo "  want: $3"
		fail=1
	fi
}
summary() { grep '^summary:' "$1" | tail -n1; }
changes() { grep -E '^[-+][^-+]' "$1" | tr '\n' '|'; }

rt=/usr/share/systemtap/runtime
"$KRPC_TOP/tools/migrate.sh" --mode report "$rt" >"$out/runtime.report" 2>&1
"$KRPC_TOP/tools/migrate.sh" --mode patch -o "$out/runtime.diff" "$rt" >"$out/runtime.patch.log" 2>&1
"$KRPC_TOP/tools/migrate.sh" --mode report "$out/gen" >"$out/gen.report" 2>&1
"$KRPC_TOP/tools/migrate.sh" --mode patch -o "$out/gen.diff" "$out/gen" >"$out/gen.patch.log" 2>&1

# The runtime already goes through get_kretprobe() (its compatdefs.h and
# autoconf probes): nothing for the legacy rule to rewrite. Every use site
# runs through the compat headers (guest test stap.sh); none converts to
# fprobe automatically: kp.addr read back, kretprobes reached through
# unions and arrays, handlers shared by kprobes and kretprobes.
expect "runtime: report" "$(summary "$out/runtime.report")" \
	"summary: files=10 auto=0 compat=14 person=0 (blockers: 33)"
expect "runtime: legacy rule proposes no change" "$(cat "$out/runtime.diff")" ""
# The generated C reads pi->rp (gone since 5.11): the legacy rule rewrites
# it to get_kretprobe(pi) and drops the 2.6.25 version check around it
# (true on every kernel the rules support). That is the fix that lets
# stap's own build compile (tests/stap/build.sh applies it).
expect "generated C: report" "$(summary "$out/gen.report")" \
	"summary: files=1 auto=0 compat=4 person=0 (blockers: 3)"
expect "generated C: the legacy rule's change" "$(changes "$out/gen.diff")" \
	"-#if LINUX_VERSION_CODE >= KERNEL_VERSION(2,6,25)|-	if (end > offset && pi && end <= pi->rp->data_size)|+	if (end > offset && pi && end <= get_kretprobe(pi)->data_size)|-#endif|"
grep -q 'removed field ri->rp' "$out/gen.report" ||
	{ echo "FAIL: the report does not name ri->rp in the generated C"; fail=1; }
exit $fail
