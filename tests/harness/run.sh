#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side tests of the log judge (scripts/ktap-check.py) on canned console
# logs: pass.log must pass, every other log must fail. Prints one KTAP line
# per log.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
check=$here/../../scripts/ktap-check.py
logs=("$here"/logs/*.log)
echo "KTAP version 1"
echo "1..${#logs[@]}"
n=0
rc=0
for log in "${logs[@]}"; do
	n=$((n + 1))
	name=$(basename "$log" .log)
	want=1
	[ "$name" = pass ] && want=0
	"$check" "$log" >/dev/null
	got=$?
	if [ "$got" -eq "$want" ]; then
		echo "ok $n ktap-check $name (exit $got)"
	else
		echo "not ok $n ktap-check $name # exit $got, want $want"
		rc=1
	fi
done
exit $rc
