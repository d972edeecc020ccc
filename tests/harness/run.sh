#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side tests of the log judge (scripts/ktap-check.py) on canned console
# logs: pass.log must pass; every other log must fail, and for its own
# reason: the judge's message must contain the reason listed below. A log
# without a listed reason fails the run. Prints one KTAP line per log.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
check=$here/../../scripts/ktap-check.py

# <log name> <what the judge must say about it>
reasons=$(cat <<'EOF'
lockdep kernel splat on console line 2: [    3.2] WARNING: possible circular locking dependency detected
nested-notok failed: not ok 1 nested
noplan no plan line '1..N' in the KTAP block
notok failed: not ok 2 second # broken
noversion first KTAP line is not 'KTAP version 1'
short plan says 3 results, the guest printed 1
splat kernel splat on console line 2: [    3.2] WARNING: CPU: 0 PID: 1 at kernel/foo.c:1 bar+0x1/0x2
timeout no KTAP block: the guest test never finished
EOF
)

logs=("$here"/logs/*.log)
echo "KTAP version 1"
echo "1..${#logs[@]}"
n=0
rc=0
for log in "${logs[@]}"; do
	n=$((n + 1))
	name=$(basename "$log" .log)
	out=$("$check" "$log" 2>&1)
	got=$?
	if [ "$name" = pass ]; then
		if [ "$got" -eq 0 ]; then
			echo "ok $n ktap-check $name (exit 0)"
		else
			echo "$out" | sed 's/^/# /'
			echo "not ok $n ktap-check $name # exit $got, want 0"
			rc=1
		fi
		continue
	fi
	why=$(awk -v n="$name" '$1 == n { sub(/^[^ ]+ /, ""); print; exit }' <<<"$reasons")
	if [ -z "$why" ]; then
		echo "not ok $n ktap-check $name # no expected reason listed in $0"
		rc=1
	elif [ "$got" -ne 0 ] && grep -qF -- "$why" <<<"$out"; then
		echo "ok $n ktap-check $name (exit $got: $why)"
	else
		echo "$out" | sed 's/^/# /'
		echo "not ok $n ktap-check $name # exit $got, want non-zero and '$why'"
		rc=1
	fi
done
exit $rc
