#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# 'make check-debug': build the debug kernel (KASAN, lockdep, kmemleak, fault
# injection, KUnit; tests/debug-kernel/debug.config) when it is missing, then
# run the whole guest suite of 'make check' on it, the reliability checks
# included (60 s stress). 'make check' runs the same when the kernel is
# already built. Last line: 'N passed, N failed'.
#
# usage: scripts/check-debug.sh [-s SECONDS]   stress duration (default 60)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

secs=60
while getopts "s:" opt; do
	case $opt in
	s) secs=$OPTARG ;;
	*) sed -n '4,10p' "$0" >&2; exit 2 ;;
	esac
done
rel=$(awk '!/^#/ && $4 ~ /(^|,)debug(,|$)/ { print $1; exit }' "$KRPC_KERNELS")
[ -n "$rel" ] || die "no kernel with the 'debug' trait in tests/vm/kernels"
"$KRPC_TOP/scripts/kernel-build.sh" "$(kernel_fragment "$rel")" >/dev/null ||
	die "could not build the debug kernel"
exec "$KRPC_TOP/scripts/check.sh" -g -s "$secs" -k "$rel"
