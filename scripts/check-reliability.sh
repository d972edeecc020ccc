#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The reliability checks for one kernel of tests/vm/kernels, the lines of
# tests/reliability/checks: bad input against the native oracle, unload with
# instances asleep, stress; on a kernel with the 'debug' trait also a
# sleeping handler (reported), the kernel's KUnit suites, kmemleak and fault
# injection. Each check prints one PASS/FAIL line; the last line is 'N
# passed, N failed'. scripts/check.sh runs it for every kernel of the full
# suite (stress 20 s); docs/reliability.md has figures.
#
# usage: scripts/check-reliability.sh -k RELEASE [-s SECONDS] [-t TAG]
#        -s  stress duration (default 60)
#        -t  one check of tests/reliability/checks only
set -uo pipefail
. "$(dirname "$0")/lib.sh"

rel=
secs=60
only=
while getopts "k:s:t:" opt; do
	case $opt in
	k) rel=$OPTARG ;;
	s) secs=$OPTARG ;;
	t) only=$OPTARG ;;
	*) sed -n '4,14p' "$0" >&2; exit 2 ;;
	esac
done
[ -n "$rel" ] || { sed -n '4,14p' "$0" >&2; exit 2; }
kernel_field "$rel" 1 >/dev/null || exit 2
table=$(checks_table "$KRPC_TOP/tests/reliability/checks") || exit 2
[ -z "$only" ] || checks_only "$table" tests/reliability/checks "$only" "$rel"
export KRPC_SECS=$secs
check_logdir=$KRPC_OUT/check-reliability/$rel
rm -rf "$check_logdir"

b=$KRPC_OUT/build/reliability-$rel
check "build: shim and tests/reliability for $rel" "$KRPC_TOP/scripts/build-for.sh" -o "$b" \
	"$rel" "$KRPC_TOP/tests/reliability/modules" "$KRPC_TOP/tests/reliability/checks"
run_checks "$table" "$rel" "$b" "$only"
check_summary
