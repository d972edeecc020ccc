#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Style checks, one KTAP result per file: checkpatch.pl --no-tree on the
# kernel C and headers, kernel-doc -none -Wall on the shim's API, and
# Debian's shellcheck on the scripts. Tools come from linux-source-6.12 (scripts/)
# and Debian.
#
# usage: scripts/lint.sh
set -uo pipefail
. "$(dirname "$0")/lib.sh"

src=$("$KRPC_TOP/scripts/linux-source.sh") || exit 1
command -v shellcheck >/dev/null || "$KRPC_TOP/scripts/deps.sh" shellcheck
cd "$KRPC_TOP" || exit 1

# Kernel C written here: every C file of shim/, include/, compat-headers/,
# samples/ and tests/ but the cocci test inputs, the userspace unit tests,
# BPF programs and the kernel's own samples (copied at build time).
mapfile -t kc < <(git ls-files 'shim/*.[ch]' 'include/*.h' 'compat-headers/*.h' 'samples/*.c' 'tests/*.[ch]' |
	grep -v -e '\.mod\.c$' -e '^tests/\(cocci\|unit\|bpf\|bench/bpf\|kernel-samples\)/' | sort -u)
mapfile -t docs < <(git ls-files 'shim/*.[ch]' 'include/*.h')
mapfile -t sh < <(git ls-files 'scripts/*.sh' 'tools/*.sh' 'tests/*.sh' '.ci/run' | sort -u)

echo "KTAP version 1"
echo "1..$(( ${#kc[@]} + ${#docs[@]} + ${#sh[@]} ))"
n=0
fail=0
result() { # NAME OUTPUT-FILE RC
	n=$((n + 1))
	if [ "$3" -eq 0 ]; then
		echo "ok $n $1"
	else
		sed 's/^/# /' "$2"
		echo "not ok $n $1"
		fail=1
	fi
}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for f in "${kc[@]}"; do
	"$src/scripts/checkpatch.pl" --no-tree --quiet --terse -f "$f" >"$tmp" 2>&1
	result "checkpatch $f" "$tmp" $?
done
for f in "${docs[@]}"; do
	"$src/scripts/kernel-doc" -none -Wall "$f" >"$tmp" 2>&1
	rc=$?
	[ -s "$tmp" ] && rc=1
	result "kernel-doc $f" "$tmp" $rc
done
for f in "${sh[@]}"; do
	shell=()
	case $f in tests/vm/guest/*) shell=(-s sh) ;; esac # sourced by busybox sh
	shellcheck -S warning "${shell[@]}" "$f" >"$tmp" 2>&1
	result "shellcheck $f" "$tmp" $?
done
exit $fail
