#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests of the semantic patches in cocci/, in Coccinelle's layout:
#
#   tests/cocci/<rule>/<case>.c       input
#   tests/cocci/<rule>/<case>.res     expected output of -D patch
#                                     (.res identical to .c: must not fire)
#   tests/cocci/<rule>/<case>.stdout  expected stdout of -D report
#
# <rule> is cocci/<rule>.cocci, or lvc_collapse for cocci/lvc_collapse.py,
# or census for tools/migrate/census.py: a census case has a .stdout only,
# the site lines (the rules' and census.py's) and the census counts line of
# 'tools/migrate.sh --mode report' on a directory holding the case alone,
# and migrate.sh must exit 0 (census = reported).
# The cases of kretprobe_to_fprobe are end-to-end cases of the whole
# conversion: their patch output is that of the rules of the pipeline (cocci/kretprobe_fprobe.py) one
# after the other, as tools/migrate.sh runs them (on a file without a
# blocker in kretprobe_to_fprobe.cocci's verdict only); their report output
# is kretprobe_to_fprobe.cocci's alone (the verdict). A case whose name ends
# in _ftrace_regs gets the 6.14+ era (-D ftrace_regs, and the rules of the
# pipeline for that era); one whose name starts with audit_ also gets
# -D audit (the classed site list of kretprobe_to_fprobe.cocci's report
# mode); one whose name starts with alone_ runs kretprobe_to_fprobe.cocci
# alone, outside the pipeline.
#
# spatch 1.1.1's --test exits 0 on a mismatch, so this runner judges the
# output itself: one KTAP result per check, three checks per case at most:
#   patch    spatch -D patch output equals <case>.res
#   idem     running the rule again on <case>.res changes nothing
#   report   spatch -D report stdout equals <case>.stdout
# Exit status is non-zero when any check failed.
#
# usage: tests/cocci/run.sh [RULE[/CASE]]...   (default: everything)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
SPATCH=${SPATCH:-spatch}
# spatch runs "python3" from PATH to find its Python: slow behind a pyenv
# shim. The system interpreter, as tools/migrate.sh does.
spy=${KRPC_SPATCH_PYTHON:-/usr/bin/python3}
pyopt=
[ -x "$spy" ] && pyopt="--python $spy"
# Every spatch run of a case has this many seconds (a rule that
# blows up on a large function fails here: case speed_handler).
limit=${KRPC_COCCI_LIMIT:-60}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The rules import cocci/kretprobe_fprobe.py; spatch finds it on PYTHONPATH.
export PYTHONPATH=$top/cocci${PYTHONPATH:+:$PYTHONPATH}

command -v "$SPATCH" >/dev/null || { echo "error: $SPATCH not found (apt-get install coccinelle)" >&2; exit 2; }

# The cases to run.
cases=()
if [ $# -eq 0 ]; then
	for c in "$here"/*/*.c; do cases+=("$c"); done
else
	for a in "$@"; do
		if [ -d "$here/$a" ]; then
			for c in "$here/$a"/*.c; do cases+=("$c"); done
		elif [ -f "$here/$a.c" ]; then
			cases+=("$here/$a.c")
		else
			echo "error: no test case or rule '$a' under $here" >&2
			exit 2
		fi
	done
fi

plan=0
for c in "${cases[@]}"; do
	b=${c%.c}
	[ -f "$b.res" ] && plan=$((plan + 2))
	[ -f "$b.stdout" ] && plan=$((plan + 1))
done

# patch1 RULE OPTS: the rule's patch mode on $tmp/work.c, in place.
patch1() {
	# shellcheck disable=SC2086
	timeout "$limit" "$SPATCH" -D patch $2 $pyopt --very-quiet --no-show-diff \
		--sp-file "$top/cocci/$1.cocci" --in-place "$tmp/work.c" \
		>"$tmp/log" 2>"$tmp/err"
}

# pipeline ERA: the conversion of $tmp/work.c as tools/migrate.sh does
# it: the verdict (kretprobe_to_fprobe.cocci's audit: any blocker, and the
# file stays as it is), then the rules of the pipeline (cocci/kretprobe_fprobe.py) in order, each
# with -D ERA if it declares that virtual rule; a rule meant for one era
# only when ERA is that one.
pipeline() {
	local era=$1 r when d=
	[ -n "$era" ] && d="-D $era"
	# shellcheck disable=SC2086
	timeout "$limit" "$SPATCH" -D report -D audit $d $pyopt --very-quiet --no-show-diff \
		--sp-file "$top/cocci/kretprobe_to_fprobe.cocci" "$tmp/work.c" \
		>"$tmp/verdict" 2>"$tmp/err" || return 1
	! grep -q ': compat: blocker: ' "$tmp/verdict" || return 0
	while read -r r when; do
		[ -z "$when" ] || [ "$when" = "$era" ] || continue
		d=
		[ -n "$era" ] && grep -qx "virtual $era" "$top/cocci/$r.cocci" && d="-D $era"
		patch1 "$r" "$d" || return 1
	done < <("$spy" "$top/cocci/kretprobe_fprobe.py" pipeline)
}

# apply RULE OPTS ERA IN OUT: the rule's patch mode on IN (the pipeline
# for kretprobe_to_fprobe), result in OUT.
apply() {
	local rule=$1 opts=$2 era=$3 in=$4 out=$5 case
	case=$(basename "${in%.*}")
	if [ "$rule" = lvc_collapse ]; then
		"$spy" "$top/cocci/lvc_collapse.py" "$in" >"$out" 2>"$tmp/err"
		return
	fi
	cp "$in" "$tmp/work.c"
	if [ "$rule" = kretprobe_to_fprobe ] && [ "${case#alone_}" = "$case" ]; then
		pipeline "$era" || return 1
	else
		patch1 "$rule" "$opts" || return 1
	fi
	cp "$tmp/work.c" "$out"
}

echo "KTAP version 1"
echo "1..$plan"
n=0
rc=0
result() { # OK NAME [DETAIL-FILE]
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		[ -n "${3:-}" ] && [ -s "$3" ] && sed 's/^/# /' "$3" | head -n 60
		rc=1
	fi
}

for c in "${cases[@]}"; do
	b=${c%.c}
	case=$(basename "$b")
	rule=$(basename "$(dirname "$c")")
	name="$rule/$case"
	opts=
	era=
	case $case in *_ftrace_regs) opts="-D ftrace_regs" era=ftrace_regs ;; esac
	case $case in audit_*) opts="$opts -D audit" ;; esac
	if [ "$rule" = census ]; then
		rm -rf "$tmp/census" && mkdir "$tmp/census" && cp "$c" "$tmp/census/"
		timeout "$limit" "$top/tools/migrate.sh" --mode report "$tmp/census" >"$tmp/out" 2>"$tmp/err"
		st=$?
		grep -E '^([^ :]+:[0-9]+:[0-9-]+: |census: )' "$tmp/out" >"$tmp/stdout"
		if [ $st -eq 0 ]; then
			diff -u "$b.stdout" "$tmp/stdout" >"$tmp/diff" 2>&1
			result $? "$name report" "$tmp/diff"
		else
			cat "$tmp/out" >>"$tmp/err"
			result 1 "$name report (migrate.sh exit $st)" "$tmp/err"
		fi
		continue
	fi
	if [ "$rule" != lvc_collapse ] && [ ! -f "$top/cocci/$rule.cocci" ]; then
		echo "# no cocci/$rule.cocci for $name" >&2
	fi

	if [ -f "$b.res" ]; then
		if apply "$rule" "$opts" "$era" "$c" "$tmp/out.c"; then
			diff -u "$b.res" "$tmp/out.c" >"$tmp/diff" 2>&1
			result $? "$name patch" "$tmp/diff"
		else
			result 1 "$name patch (spatch failed or took over ${limit} s)" "$tmp/err"
		fi
		if apply "$rule" "$opts" "$era" "$b.res" "$tmp/out2.c"; then
			diff -u "$b.res" "$tmp/out2.c" >"$tmp/diff" 2>&1
			result $? "$name idempotent" "$tmp/diff"
		else
			result 1 "$name idempotent (spatch failed)" "$tmp/err"
		fi
	fi

	if [ -f "$b.stdout" ]; then
		# shellcheck disable=SC2086
		(cd "$(dirname "$c")" && timeout "$limit" "$SPATCH" -D report $opts $pyopt \
			--very-quiet --no-show-diff \
			--sp-file "$top/cocci/$rule.cocci" "$case.c") \
			>"$tmp/stdout" 2>"$tmp/err"
		if [ $? -eq 0 ]; then
			diff -u "$b.stdout" "$tmp/stdout" >"$tmp/diff" 2>&1
			result $? "$name report" "$tmp/diff"
		else
			result 1 "$name report (spatch failed or took over ${limit} s)" "$tmp/err"
		fi
	fi
done
echo "# $n checks, $([ $rc -eq 0 ] && echo all passed || echo some failed)"
exit $rc
