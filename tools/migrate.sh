#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the kretprobe semantic patches over a source tree, the way
# 'make coccicheck M=<dir>' runs the kernel's.
#
#   report mode: the audit (cocci/kretprobe_to_fprobe.cocci -D audit): one
#                line per kretprobe use site, file:line:col: class: what
#                (why); one verdict line per file (auto / compat / person,
#                and why); what else needs kprobes (kretprobe_report.cocci:
#                plain kprobes, BPF kprobe sections and links); a count of
#                files and of sites per class.
#   patch mode:  kretprobe_legacy.cocci, then cocci/lvc_collapse.py, then
#                the rules of the pipeline (cocci/kretprobe_fprobe.py)
#                in order over the files the
#                audit found no blocker in, on a scratch copy of the tree;
#                writes one unified diff (paths a/... b/... relative to DIR,
#                apply with 'patch -p1' inside DIR) and prints its path.
#                DIR itself is never modified.
#
# Each rule runs once over the whole tree (one spatch, every file in its own
# group), not once per file: spatch's start-up is most of the cost.
#
# usage: tools/migrate.sh [--mode patch|report] [--ftrace-regs] [-j N] [-o FILE] DIR
#   --ftrace-regs  convert for fprobe on 6.14+ (struct ftrace_regs handlers)
#   -j N           spatch --jobs N (default 1: one process is faster on
#                  trees of a few dozen files)
#   -o FILE        where the diff goes (default out/migrate/<dir>.diff in
#                  this tree, or $TMPDIR/kretprobe-compat-migrate/ when that
#                  is inside DIR or not writable: never inside DIR)
# Scanned: *.c and *.h files (symbolic links to files too) that mention
# kretprobe (kprobe for the kprobe report), except generated ones (*.mod.c)
# and anything under .git.
# Report mode ends with the census (tools/migrate/census.py): every use of
# the kretprobe API found by a text scan, in every #if branch, is on a line
# above (a site, or a census line saying why the rules did not see it);
# counts line "census: ... census=N reported=N".
# Exit status: 0 when the run worked (whatever it found), 1 on bad input
# (no DIR, a DIR that is not a directory, an unknown mode or option) or a
# tool failure, 3 when the report worked but the census found uses it does
# not list (census != reported: a tool error, listed on stderr).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cocci=$top/cocci
mode=report
era=
out=
jobs=1

usage() {
	echo "usage: $0 [--mode patch|report] [--ftrace-regs] [-j N] [-o FILE] DIR" >&2
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
	-j) [ $# -ge 2 ] || usage; jobs=$2; shift 2 ;;
	-j*) jobs=${1#-j}; shift ;;
	-h|--help) sed -n '3,41p' "$0"; exit 0 ;;
	-*) echo "migrate: unknown option '$1'" >&2; usage ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || { echo "migrate: error: no DIR given" >&2; usage; }
[ $# -eq 1 ] || { echo "migrate: error: one DIR only, got $#: $*" >&2; usage; }
dir=$1
[ -n "$dir" ] || die "DIR is empty"
case $mode in patch|report) ;; *) die "--mode must be 'patch' or 'report', not '$mode'" ;; esac
case $jobs in '' | *[!0-9]* | 0) die "-j takes a number of jobs (1 or more), not '$jobs'" ;; esac
[ -e "$dir" ] || die "'$dir' does not exist"
[ -d "$dir" ] || die "'$dir' is not a directory (give the tree, as with make coccicheck M=)"
command -v spatch >/dev/null || die "spatch not found (apt-get install coccinelle)"
for r in kretprobe_legacy kretprobe_to_fprobe kretprobe_report; do
	[ -f "$cocci/$r.cocci" ] || die "missing $cocci/$r.cocci"
done
[ -f "$top/tools/migrate/census.py" ] || die "missing $top/tools/migrate/census.py"
dir=$(cd "$dir" && pwd)

# The files worth looking at: C sources and headers that mention kretprobes.
# Symbolic links to files count (out-of-tree build directories link their
# sources); generated files (*.mod.c) and .git do not.
# The files worth looking at: C sources and headers that mention kprobes
# (kretprobe ones for the rules, all of them for the kprobe report).
# Symbolic links to files count (out-of-tree build directories link their
# sources); generated files (*.mod.c) and .git do not.
mapfile -t kfiles < <(cd "$dir" && find . -name .git -prune -o \
	\( -type f -o \( -type l -xtype f \) \) \( -name '*.c' -o -name '*.h' \) \
	! -name '*.mod.c' -print0 | xargs -0 -r grep -lI -e kprobe -e kretprobe -e kretsyscall -e BPF_KRETPROBE -- 2>/dev/null |
	sed 's|^\./||' | sort)
files=()
[ ${#kfiles[@]} -gt 0 ] &&
	mapfile -t files < <(cd "$dir" && grep -lI -e kretprobe -- "${kfiles[@]}")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The rules import cocci/kretprobe_fprobe.py; spatch finds it on PYTHONPATH.
export PYTHONPATH=$cocci${PYTHONPATH:+:$PYTHONPATH}
# spatch gives up on a file after this many seconds (KRPC_SPATCH_TIMEOUT,
# default 200); such a file is a person's (timed_out below), never silent.
sptime=${KRPC_SPATCH_TIMEOUT:-200}
case $sptime in '' | *[!0-9]* | 0) die "KRPC_SPATCH_TIMEOUT takes a number of seconds, not '$sptime'" ;; esac
spflags=(--very-quiet --no-show-diff --no-includes --include-headers --timeout "$sptime")
[ "$jobs" -gt 1 ] && spflags+=(--jobs "$jobs")
# spatch finds its Python by running "python3" from PATH; behind a version
# manager's shim (pyenv) that alone took 4 s of each spatch start here.
# Name the interpreter: KRPC_SPATCH_PYTHON, else the system's.
spy=${KRPC_SPATCH_PYTHON:-}
if [ -z "$spy" ]; then
	for c in /usr/bin/python3 /bin/python3; do
		[ -x "$c" ] && { spy=$c; break; }
	done
fi
[ -n "$spy" ] && spflags+=(--python "$spy")
py=${spy:-python3} # (the same for our own Python: a shim costs seconds)

# timed_out RULE ERR: a site line for each file spatch gave up on (its
# "EXN: ...Timeout in FILE" in ERR): person, the rule named. spatch says
# nothing else about it (no site, no change), so the file would look clean.
timed_out() {
	sed -n 's|^.*Common\.Timeout in \(\./\)\{0,1\}\(.*\)$|\2|p' "$2" | sort -u |
		while read -r f; do
			echo "$f:1:0-0: person: timed out in $1 (spatch gave up after ${sptime} s; nothing of the file was judged)"
		done
}

# groups FILE...: spatch --file-groups input, one file a group (each file
# gets its own rule state, as with one spatch per file).
groups() {
	local f
	for f in "$@"; do printf '%s\n\n' "$f"; done
}

# Report mode also lists what else needs kprobes (cocci/kretprobe_report.cocci):
# plain kprobes, kprobe sections in BPF programs, kprobe links. Its spatch
# runs next to the audit's (kprobe_scan &, then kprobe_report).
# Only files with a token of what the rules match go to spatch: one that
# mentions k(ret)probe only in comments, strings or other names cannot have
# a site, and parsing such files (kernel/events/core.c, kernel/trace/trace.c)
# was most of the time on linux-source. A file left out is a "none".
kp_re='struct[[:space:]]+kprobe\b|\b(un)?register_kprobes?\b|\b(en|dis)able_kprobe\b|SEC[[:space:]]*\(|bpf_program__attach_kprobe'
krp_re='struct[[:space:]]+kretprobe\b|kretprobe_instance|\b(un)?register_kretprobes?\b|\b(en|dis)able_kretprobe\b|\bget_kretprobe|kretprobe_(find_ret_addr|trampoline)|is_kretprobe_trampoline|^[[:space:]]*#[[:space:]]*define.*kretprobe'
# using RE FILE...: the FILEs (relative to DIR) that have a match of RE.
using() {
	local re=$1
	shift
	[ $# -gt 0 ] || return 0
	(cd "$dir" && grep -lE -e "$re" -- "$@")
}
kprobe_scan() {
	: >"$tmp/kprobes"
	mapfile -t kuse < <(using "$kp_re" "${kfiles[@]}")
	[ ${#kuse[@]} -gt 0 ] || return 0
	groups "${kuse[@]}" >"$tmp/kgroups"
	(cd "$dir" && spatch -D report "${spflags[@]}" \
		--sp-file "$cocci/kretprobe_report.cocci" --file-groups "$tmp/kgroups") \
		>"$tmp/kprobes.raw" 2>"$tmp/kerr" ||
		echo "migrate: warning: spatch (kretprobe_report) failed: $(tail -n 3 "$tmp/kerr")" >&2
	timed_out kretprobe_report "$tmp/kerr" >>"$tmp/kprobes.raw"
	sed 's|^\./||' "$tmp/kprobes.raw" | sort -s -t: -k1,1 >"$tmp/kprobes"
}
kprobe_report() {
	cat "$tmp/kprobes"
	echo "kprobes: $(grep -c ': kprobe: ' "$tmp/kprobes") site(s) in" \
		"$(grep ': kprobe: ' "$tmp/kprobes" | cut -d: -f1 | sort -u | grep -c .) file(s) still need CONFIG_KPROBES"
}
# The census (tools/migrate/census.py): a text scan of every file for the
# kretprobe API, in every #if branch, each use checked against the report
# lines above (a site of the rules, or a reason it adds: macro, parse
# error, #if branch, timeout). census=N reported=N; a difference is a tool
# error: census_rc 3, the exit status (1: census.py could not run).
census_rc=0
census() {
	"$py" "$top/tools/migrate/census.py" --dir "$dir" --re "$kp_re" --re "$krp_re" \
		${spy:+--python "$spy"} "$@" || census_rc=$?
}

if [ ${#files[@]} -eq 0 ]; then
	if [ -z "$(find "$dir" \( -name '*.c' -o -name '*.h' \) ! -name '*.mod.c' -print -quit)" ]; then
		die "no .c or .h files under '$dir'"
	fi
	if [ "$mode" = report ]; then
		kprobe_scan
		kprobe_report
		census "$tmp/kprobes"
	fi
	echo "migrate: no file under $dir uses kretprobes; nothing to do"
	echo "summary: files=0 auto=0 compat=0 person=0"
	exit "$census_rc"
fi

kpid=
if [ "$mode" = report ]; then
	kprobe_scan &
	kpid=$!
fi

# The audit, once over the tree. spatch prints per file, in an order of
# its own when it runs jobs: stably sorted by file, as before.
mapfile -t ufiles < <(using "$krp_re" "${files[@]}")
: >"$tmp/report.raw"
if [ ${#ufiles[@]} -gt 0 ]; then
	groups "${ufiles[@]}" >"$tmp/groups"
	# shellcheck disable=SC2086
	(cd "$dir" && spatch -D report -D audit $era "${spflags[@]}" \
		--sp-file "$cocci/kretprobe_to_fprobe.cocci" --file-groups "$tmp/groups") \
		>"$tmp/report.raw" 2>"$tmp/err" ||
		echo "migrate: warning: spatch (audit) failed: $(tail -n 3 "$tmp/err")" >&2
	timed_out kretprobe_to_fprobe "$tmp/err" >>"$tmp/report.raw"
fi
sed 's|^\./||' "$tmp/report.raw" | sort -s -t: -k1,1 >"$tmp/report"
# judge: the counts and one verdict a file, from $tmp/report.
judge() {
	n_auto=$(grep -E ': auto: ' "$tmp/report" | grep -vc ': blocker: ')
	n_compat=$(grep -E ': compat: ' "$tmp/report" | grep -vc ': compat: blocker: ')
	n_person=$(grep -cE ': person: ' "$tmp/report")
	n_block=$(grep -cE ': compat: blocker: ' "$tmp/report")

	# One verdict a file: person (something no rule or shim can carry),
	# compat (blockers: runs on the shim), auto (converted), none (mentions
	# kretprobe, no use site).
	f_auto=0 f_compat=0 f_person=0 f_none=0
	: >"$tmp/verdicts"
	for f in "${files[@]}"; do
		awk -F': ' -v f="$f" '
		index($0, f ":") == 1 && substr($0, length(f) + 2) ~ /^[0-9]+:/ {
			split($1, loc, ":"); line = loc[2]
			if ($2 == "person") { np++; if (!pw) pw = "line " line ": " substr($0, length($1 $2) + 5) }
			else if ($2 == "compat" && $3 ~ /^blocker/) { nb++; if (!bw) bw = "line " line ": " substr($0, length($1 $2 $3) + 7) }
			else if ($2 == "compat") nc++
			else if ($2 == "auto") na++
		}
		END {
			if (np) printf "%s: person: %d site(s) no rule or shim can carry, first %s\n", f, np, pw
			else if (nb) printf "%s: compat: %d blocker(s), runs unchanged on the shim; first %s\n", f, nb, bw
			else if (na) printf "%s: auto: %d site(s), all converted by the semantic patches\n", f, na
			else printf "%s: none: mentions kretprobe, no use site the rules see\n", f
		}' "$tmp/report" >>"$tmp/verdicts"
	done
	f_auto=$(grep -c '^[^ ]*: auto: ' "$tmp/verdicts")
	f_compat=$(grep -c '^[^ ]*: compat: ' "$tmp/verdicts")
	f_person=$(grep -c '^[^ ]*: person: ' "$tmp/verdicts")
	f_none=$(grep -c '^[^ ]*: none: ' "$tmp/verdicts")
	files_line="files: ${#files[@]}: auto=$f_auto compat=$f_compat person=$f_person none=$f_none"
}
judge

if [ "$mode" = report ]; then
	cat "$tmp/report"
	echo
	sed 's/^/verdict: /' "$tmp/verdicts"
	echo
	wait "$kpid"
	kprobe_report
	census "$tmp/report" "$tmp/kprobes"
	echo "$files_line"
	echo "summary: files=${#files[@]} auto=$n_auto compat=$n_compat person=$n_person (blockers: $n_block)"
	exit "$census_rc"
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
for f in "${files[@]}"; do md5sum <"$work/$f"; done >"$tmp/sum0"
# kretprobe_legacy.cocci rewrites ri->rp, ri->ret_addr and ri->task reads:
# only files that have one are worth its run. The collapse is cheap: all.
mapfile -t old_api < <(cd "$work" && grep -lE -e '->[[:space:]]*(rp|ret_addr|task)\b' -- "${files[@]}")
if [ ${#old_api[@]} -gt 0 ]; then
	groups "${old_api[@]}" >"$tmp/groups.legacy"
	(cd "$work" && spatch -D patch "${spflags[@]}" --in-place \
		--sp-file "$cocci/kretprobe_legacy.cocci" --file-groups "$tmp/groups.legacy") \
		>/dev/null 2>>"$tmp/err" ||
		die "spatch (kretprobe_legacy) failed: $(tail -n 3 "$tmp/err")"
	timed_out kretprobe_legacy "$tmp/err" >"$tmp/report.timeout"
fi
(cd "$work" && "$py" "$cocci/lvc_collapse.py" --in-place -- "${files[@]}") 2>>"$tmp/err" ||
	die "lvc_collapse failed: $(tail -n 3 "$tmp/err")"
for f in "${files[@]}"; do md5sum <"$work/$f"; done >"$tmp/sum1"
# The conversion: the rules of the pipeline in order, over the files the
# verdict (the audit above) found use sites and no blocker in: a file is
# converted as a whole or not at all.
# pass RULE FILE...: RULE's patch mode over the FILEs, in place.
pass() {
	local r=$1 d=
	shift
	[ -f "$cocci/$r.cocci" ] || die "missing $cocci/$r.cocci (named in $cocci/kretprobe_fprobe.py)"
	[ -n "$era" ] && grep -qx 'virtual ftrace_regs' "$cocci/$r.cocci" && d=$era
	groups "$@" >"$tmp/groups.pass"
	# shellcheck disable=SC2086
	(cd "$work" && spatch -D patch $d "${spflags[@]}" --in-place \
		--sp-file "$cocci/$r.cocci" --file-groups "$tmp/groups.pass") \
		>/dev/null 2>"$tmp/err.pass" ||
		die "spatch ($r) failed: $(tail -n 3 "$tmp/err.pass")"
	timed_out "$r" "$tmp/err.pass" >>"$tmp/report.timeout"
	cat "$tmp/err.pass" >>"$tmp/err"
}
# (A file without a use site is left out too: nothing to convert, and
# each rule would parse it again.)
pipeline=$("$py" "$cocci/kretprobe_fprobe.py" pipeline) ||
	die "cannot read the pipeline from $cocci/kretprobe_fprobe.py"
ok=()
for f in "${files[@]}"; do
	if grep -q "^$f:[0-9]*:[0-9]*-[0-9]*: compat: blocker: " "$tmp/report"; then
		refused=$((refused + 1))
	elif grep -q "^$f:[0-9]*:[0-9]*-[0-9]*: auto: " "$tmp/report"; then
		ok+=("$f")
	fi
done
touch "$tmp/report.timeout"
if [ ${#ok[@]} -gt 0 ]; then
	for f in "${ok[@]}"; do
		mkdir -p "$tmp/pre/$(dirname "$f")"
		cp "$work/$f" "$tmp/pre/$f"
	done
	while read -r r when; do
		case $when in '' | "${era#-D }") pass "$r" "${ok[@]}" ;; esac
	done <<<"$pipeline"
	# A file a rule of the pipeline gave up on is half converted: back
	# to what it was before the pipeline, and a person's.
	cut -d: -f1 "$tmp/report.timeout" | sort -u | while read -r f; do
		[ -f "$tmp/pre/$f" ] && cp "$tmp/pre/$f" "$work/$f"
	done
fi
if [ -s "$tmp/report.timeout" ]; then
	sort -u -t: -k1,1 "$tmp/report.timeout" >>"$tmp/report"
	sort -s -t: -k1,1 -o "$tmp/report" "$tmp/report"
	judge
fi
i=0
while read -r s0 && read -r s1 <&3; do
	f=${files[$i]}
	i=$((i + 1))
	[ "$s1" != "$s0" ] && legacy=$((legacy + 1))
	[ "$(md5sum <"$work/$f")" != "$s1" ] && converted=$((converted + 1))
done <"$tmp/sum0" 3<"$tmp/sum1"

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
sed 's/^/verdict: /' "$tmp/verdicts"
echo "$files_line"
echo "summary: files=${#files[@]} fprobe-converted=$converted legacy-rewritten=$legacy refused=$refused" \
	"sites: auto=$n_auto compat=$n_compat person=$n_person (blockers: $n_block)"
if [ -s "$out" ]; then
	echo "diff to review: $out ($(grep -c '^+++ ' "$out") file(s); apply with: cd $dir && patch -p1 < $out)"
else
	echo "no change to propose; empty diff: $out"
fi
