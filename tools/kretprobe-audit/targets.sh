#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Print the kretprobe targets of a source tree, one per line, for
# 'kretprobe-audit --targets -': kernel-module targets found by
# targets.cocci (symbol_name set to a literal or to a file-scope char array
# holding one) and BPF programs' SEC("kretprobe/<func>") and
# SEC("kretprobe.multi/<func>") sections. Targets it cannot name (set at run
# time) are listed on stderr.
#
# usage: tools/kretprobe-audit/targets.sh DIR|FILE...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { echo "usage: $0 DIR|FILE..." >&2; exit 2; }
for d in "$@"; do
	[ -e "$d" ] || { echo "error: '$d' does not exist" >&2; exit 2; }
done
command -v spatch >/dev/null || { echo "error: spatch not found (apt-get install coccinelle)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

grep -rlE --include='*.c' --include='*.h' 'kretprobe|SEC\(' "$@" >"$tmp/files" || true
: >"$tmp/out"
while read -r f; do
	# Module side: spatch per file (arrays and uses must be in one file).
	if grep -q 'symbol_name' "$f"; then
		spatch -D report --very-quiet --no-includes --include-headers \
			--sp-file "$here/targets.cocci" "$f" >"$tmp/one" 2>"$tmp/err" ||
			{ echo "error: spatch failed on $f:" >&2; cat "$tmp/err" >&2; exit 2; }
		awk -v f="$f" '
			$1 == "A" { v = $0; sub(/^A [^ ]+ /, "", v); arr[$2] = v }
			$1 == "T" { t[++n] = $2; where[n] = $3 }
			END {
				for (i = 1; i <= n; i++) {
					s = t[i]
					if (s in arr) s = arr[s]
					if (s ~ /^"[^"]*"$/) print substr(s, 2, length(s) - 2)
					else print "unknown target " t[i] " at " where[i] > "/dev/stderr"
				}
			}' "$tmp/one" >>"$tmp/out"
	fi
	# BPF side.
	grep -oE 'SEC\("kretprobe(\.multi)?/[A-Za-z0-9_.:]+"\)' "$f" |
		sed -E 's/^SEC\("kretprobe(\.multi)?\///; s/"\)$//' >>"$tmp/out" || true
done <"$tmp/files"
sort -u "$tmp/out"
