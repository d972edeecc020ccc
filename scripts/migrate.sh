#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the kretprobe semantic patches over a source tree, the way
# 'make coccicheck M=<dir>' runs the kernel's.
#
#   report mode: the audit (cocci/kretprobe_report.cocci): one line per
#                kretprobe use site, file:line:col: class: what (why), then
#                a count per class (auto / compat / person).
#   patch mode:  kretprobe_legacy.cocci, then cocci/lvc_collapse.py, then
#                kretprobe_to_fprobe.cocci, on a scratch copy of the tree;
#                writes one unified diff (paths a/... b/... relative to DIR,
#                apply with 'patch -p1' inside DIR) and prints its path.
#                DIR itself is never modified.
#
# usage: scripts/migrate.sh [--mode patch|report] [--ftrace-regs] [-o FILE] DIR
#   --ftrace-regs  convert for fprobe on 6.14+ (struct ftrace_regs handlers)
#   -o FILE        where the diff goes (default out/migrate/<dir>.diff in
#                  this tree, or $TMPDIR/kretprobe-compat-migrate/ when that
#                  is inside DIR or not writable: never inside DIR)
# Scanned: *.c and *.h files (symbolic links to files too) that mention
# kretprobe, except generated ones (*.mod.c) and anything under .git.
# Exit status: 0 when the run worked (whatever it found), 1 on bad input
# (no DIR, a DIR that is not a directory, an unknown mode or option) or a
# tool failure.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cocci=$top/cocci
mode=report
era=
out=

usage() {
	echo "usage: $0 [--mode patch|report] [--ftrace-regs] [-o FILE] DIR" >&2
	exit 1
}
die() {
	echo "migrate: error: $*" >&2
	exit 1
}

while [ $# -gt 0 ]; do
	case $1 in
	--mode) [ $# -ge 2 ] || usage; mode=$2; shift 2 ;;
	--mode=*) mode=${1#--mode=}; shift ;;
	--ftrace-regs) era="-D ftrace_regs"; shift ;;
	-o) [ $# -ge 2 ] || usage; out=$2; shift 2 ;;
	-h|--help) sed -n '3,27p' "$0"; exit 0 ;;
	-*) echo "migrate: unknown option '$1'" >&2; usage ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || { echo "migrate: error: no DIR given" >&2; usage; }
[ $# -eq 1 ] || { echo "migrate: error: one DIR only, got $#: $*" >&2; usage; }
dir=$1
[ -n "$dir" ] || die "DIR is empty"
case $mode in patch|report) ;; *) die "--mode must be 'patch' or 'report', not '$mode'" ;; esac
[ -e "$dir" ] || die "'$dir' does not exist"
[ -d "$dir" ] || die "'$dir' is not a directory (give the tree, as with make coccicheck M=)"
command -v spatch >/dev/null || die "spatch not found (apt-get install coccinelle)"
for r in kretprobe_legacy kretprobe_to_fprobe kretprobe_report; do
	[ -f "$cocci/$r.cocci" ] || die "missing $cocci/$r.cocci"
done
dir=$(cd "$dir" && pwd)

# The files worth looking at: C sources and headers that mention kretprobes.
# Symbolic links to files count (out-of-tree build directories link their
# sources); generated files (*.mod.c) and .git do not.
mapfile -t files < <(cd "$dir" && find . -name .git -prune -o \
	\( -type f -o \( -type l -xtype f \) \) \( -name '*.c' -o -name '*.h' \) \
	! -name '*.mod.c' -print0 | xargs -0 -r grep -lI -e kretprobe -- 2>/dev/null |
	sed 's|^\./||' | sort)
if [ ${#files[@]} -eq 0 ]; then
	if [ -z "$(find "$dir" \( -name '*.c' -o -name '*.h' \) ! -name '*.mod.c' -print -quit)" ]; then
		die "no .c or .h files under '$dir'"
	fi
	echo "migrate: no file under $dir uses kretprobes; nothing to do"
	echo "summary: files=0 auto=0 compat=0 person=0"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
spflags=(--very-quiet --no-show-diff --no-includes --include-headers --timeout 200)

# The audit, file by file (every file gets fresh rule state).
: >"$tmp/report"
for f in "${files[@]}"; do
	(cd "$dir" && spatch -D report "${spflags[@]}" \
		--sp-file "$cocci/kretprobe_report.cocci" "$f") \
		>>"$tmp/report" 2>>"$tmp/err" ||
		echo "migrate: warning: spatch failed on $f (see below)" >&2
done
n_auto=$(grep -E ': auto: ' "$tmp/report" | grep -vc ': blocker: ')
n_compat=$(grep -E ': compat: ' "$tmp/report" | grep -vc ': compat: blocker: ')
n_person=$(grep -cE ': person: ' "$tmp/report")
n_block=$(grep -cE ': compat: blocker: ' "$tmp/report")

if [ "$mode" = report ]; then
	cat "$tmp/report"
	echo
	echo "summary: files=${#files[@]} auto=$n_auto compat=$n_compat person=$n_person (blockers: $n_block)"
	exit 0
fi

# Patch mode, on a scratch copy.
work=$tmp/b
mkdir -p "$work"
for f in "${files[@]}"; do
	mkdir -p "$work/$(dirname "$f")"
	cp "$dir/$f" "$work/$f"
done
legacy=0
converted=0
refused=0
for f in "${files[@]}"; do
	before=$(md5sum <"$work/$f")
	spatch -D patch "${spflags[@]}" --in-place \
		--sp-file "$cocci/kretprobe_legacy.cocci" "$work/$f" >/dev/null 2>>"$tmp/err" ||
		die "spatch (kretprobe_legacy) failed on $f: $(tail -n 3 "$tmp/err")"
	python3 "$cocci/lvc_collapse.py" --in-place "$work/$f" 2>>"$tmp/err" ||
		die "lvc_collapse failed on $f"
	[ "$(md5sum <"$work/$f")" != "$before" ] && legacy=$((legacy + 1))
	mid=$(md5sum <"$work/$f")
	# shellcheck disable=SC2086
	spatch -D patch $era "${spflags[@]}" --in-place \
		--sp-file "$cocci/kretprobe_to_fprobe.cocci" "$work/$f" >/dev/null 2>>"$tmp/err" ||
		die "spatch (kretprobe_to_fprobe) failed on $f: $(tail -n 3 "$tmp/err")"
	if [ "$(md5sum <"$work/$f")" != "$mid" ]; then
		converted=$((converted + 1))
	elif grep -q "^$f:[0-9]*:[0-9]*-[0-9]*: compat: blocker: " "$tmp/report"; then
		refused=$((refused + 1))
	fi
done

name=$(basename "$dir")${era:+-ftrace_regs}
if [ -z "$out" ]; then
	out=$top/out/migrate/$name.diff
	case $top/ in
	"$dir"/*) out= ;;
	esac
	if [ -z "$out" ] || ! mkdir -p "$(dirname "$out")" 2>/dev/null || [ ! -w "$(dirname "$out")" ]; then
		out=${TMPDIR:-/tmp}/kretprobe-compat-migrate/$name.diff
	fi
fi
mkdir -p "$(dirname "$out")" || die "cannot create the directory of $out"
: >"$out" || die "cannot write $out"
# spatch 1.1.1 sometimes aligns an added continuation line with eight or
# more spaces after the tabs; the added lines get tabs there (kernel style).
for f in "${files[@]}"; do
	diff -u --label "a/$f" --label "b/$f" "$dir/$f" "$work/$f" |
		sed -E '/^\+\+\+ /!{/^\+/{:a;s/^\+(\t*) {8}/+\1\t/;ta}}' >>"$out"
done
grep -E ': (compat: blocker|person): ' "$tmp/report" | sed 's/^/left for a person or the shim: /'
echo
echo "summary: files=${#files[@]} fprobe-converted=$converted legacy-rewritten=$legacy refused=$refused" \
	"sites: auto=$n_auto compat=$n_compat person=$n_person (blockers: $n_block)"
if [ -s "$out" ]; then
	echo "diff to review: $out ($(grep -c '^+++ ' "$out") file(s); apply with: cd $dir && patch -p1 < $out)"
else
	echo "no change to propose; empty diff: $out"
fi
