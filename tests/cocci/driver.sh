#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The driver, tools/migrate.sh (and 'make migrate'), as KTAP: its reviewed
# summary counts on real code nobody here wrote (linux-source-6.12's
# kretprobe_example.c and lib/test_kprobes.c, SystemTap 4.8's runtime) and
# on this tree's two conformance modules (one it converts whole, one it
# refuses); the diff written outside the scanned tree and applying cleanly;
# the tree itself left byte for byte as it was; the census of the report
# (a use it lacks is exit 3); and bad input answered
# with exit status 1 and a message saying what to do. (SystemTap's
# generated C: tests/stap/cocci.sh, on the kernel stap builds for.)
#
# usage: tests/cocci/driver.sh
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
rc=0
result() { # OK NAME
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		rc=1
	fi
}
# fails STATUS WANT NAME CMD...: CMD exits STATUS, its output has WANT
fails() {
	local status=$1 want=$2 name=$3 out st
	shift 3
	out=$("$@" 2>&1)
	st=$?
	echo "$out" | sed 's/^/# /' | tail -n 2
	[ $st -eq "$status" ] && grep -qF -- "$want" <<<"$out"
	result $? "$name"
}

# row NAME MODE WANT FILE...: migrate.sh in MODE over a copy of the
# FILEs (a directory is copied whole) prints the summary WANT
row() {
	local name=$1 mode=$2 want=$3 d out
	shift 3
	d=$(mktemp -d "$tmp/row.XXXX")
	cp -r "$@" "$d/"
	out=$("$top/tools/migrate.sh" --mode "$mode" -o "$d.diff" "$d" 2>&1)
	grep '^summary' <<<"$out" | sed 's/^/# /'
	[ "$(grep '^summary' <<<"$out")" = "$want" ]
	result $? "$name"
}

command -v spatch >/dev/null || "$top/scripts/deps.sh" coccinelle
[ -d /usr/share/systemtap/runtime ] || "$top/scripts/deps.sh" systemtap
src=$("$top/scripts/linux-source.sh" 6.12) || exit 1
rt=/usr/share/systemtap/runtime

echo "KTAP version 1"
echo "1..24"
row "kretprobe_example.c (linux-source-6.12): converted, 5 sites" patch \
	"summary: files=1 fprobe-converted=1 legacy-rewritten=0 refused=0 sites: auto=5 compat=0 person=0 (blockers: 0)" \
	"$src/samples/kprobes/kretprobe_example.c"
row "lib/test_kprobes.c (linux-source-6.12): refused, 6 blockers, 17 compat sites" patch \
	"summary: files=1 fprobe-converted=0 legacy-rewritten=0 refused=1 sites: auto=0 compat=17 person=0 (blockers: 6)" \
	"$src/lib/test_kprobes.c"
row "SystemTap runtime/linux/kprobes.c: refused, 29 blockers, 11 compat sites" patch \
	"summary: files=1 fprobe-converted=0 legacy-rewritten=0 refused=1 sites: auto=0 compat=11 person=0 (blockers: 29)" \
	"$rt/linux/kprobes.c"
row "SystemTap runtime/, report: 10 files, 14 compat sites, none for a person" report \
	"summary: files=10 auto=0 compat=14 person=0 (blockers: 33)" "$rt"
row "SystemTap runtime/, patch: nothing rewritten, 4 files refused" patch \
	"summary: files=10 fprobe-converted=0 legacy-rewritten=0 refused=4 sites: auto=0 compat=14 person=0 (blockers: 33)" "$rt"
mkdir -p "$tmp/conv" "$tmp/refused"
cp "$top/tests/cocci/conformance/krp_convert.c" "$tmp/conv/"
cp "$top/tests/conformance/krp_conformance.c" "$tmp/refused/"
sum0=$(cd "$tmp/conv" && sha256sum krp_convert.c)

out=$("$top/tools/migrate.sh" --mode report "$tmp/conv" 2>&1)
echo "$out" | grep '^summary' | sed 's/^/# /'
grep -qx 'summary: files=1 auto=39 compat=0 person=0 (blockers: 0)' <<<"$out"
result $? "report: krp_convert.c, 39 sites, all auto"

out=$("$top/tools/migrate.sh" --mode patch -o "$tmp/conv.diff" "$tmp/conv" 2>&1)
echo "$out" | grep '^summary' | sed 's/^/# /'
grep -q 'summary: files=1 fprobe-converted=1 legacy-rewritten=0 refused=0 ' <<<"$out"
result $? "patch: krp_convert.c converted"
[ "$(cd "$tmp/conv" && sha256sum krp_convert.c)" = "$sum0" ] && [ "$(ls "$tmp/conv")" = krp_convert.c ]
result $? "patch: the scanned tree is left as it was"
patch -s -p1 --dry-run -d "$tmp/conv" <"$tmp/conv.diff" >/dev/null
result $? "patch: the diff applies with patch -p1 inside the tree"

out=$("$top/tools/migrate.sh" --mode patch -o "$tmp/refused.diff" "$tmp/refused" 2>&1)
echo "$out" | grep '^summary' | sed 's/^/# /'
grep -q 'fprobe-converted=0 .*refused=1 .*(blockers: [1-9]' <<<"$out" && [ ! -s "$tmp/refused.diff" ]
result $? "patch: krp_conformance.c refused with its blockers, empty diff"

# The patterns real modules use, as one tree (tests/cocci/kretprobe_to_fprobe):
# a probe in a wrapper struct (converted), an anonymous kprobe/kretprobe
# union, macro-declared probes, a handler in another file (each reported,
# with the macro's name), and plain kprobes next to a kretprobe (one in a
# struct of the module's own: no kretprobe's kp, so converted too).
mkdir -p "$tmp/reach"
for c in wrapper_struct wrapper_union macro_probe crossfile_probe crossfile_handler; do
	cp "$top/tests/cocci/kretprobe_to_fprobe/$c.c" "$tmp/reach/"
done
cp "$top/tests/cocci/kretprobe_report/kprobe_users.c" "$tmp/reach/"
out=$("$top/tools/migrate.sh" --mode report "$tmp/reach" 2>&1)
echo "$out" | grep -E '^(verdict|files|kprobes|summary):' | sed 's/^/# /'
grep -qx 'files: 6: auto=2 compat=4 person=0 none=0' <<<"$out" &&
	grep -q '^verdict: wrapper_struct.c: auto: ' <<<"$out" &&
	grep -q '^verdict: kprobe_users.c: auto: ' <<<"$out" &&
	grep -q '^verdict: macro_probe.c: compat: .*macro HOOK_KRETPROBE' <<<"$out" &&
	grep -q '^verdict: crossfile_probe.c: compat: .*defined in another file' <<<"$out"
result $? "report: one verdict a file (wrapper struct, plain kprobes next to a kretprobe auto; union, macros, cross-file handler compat, with the reason)"
grep -qx 'kprobes: 8 site(s) in 2 file(s) still need CONFIG_KPROBES' <<<"$out"
result $? "report: plain kprobes named (what else stops working without kprobes)"
out=$("$top/tools/migrate.sh" --mode patch -o "$tmp/reach.diff" "$tmp/reach" 2>&1)
echo "$out" | grep '^summary' | sed 's/^/# /'
grep -q '^summary: files=6 fprobe-converted=2 legacy-rewritten=0 refused=4 ' <<<"$out" &&
	[ "$(grep -c '^+++ ' "$tmp/reach.diff")" = 2 ] && grep -q '^+++ b/wrapper_struct.c' "$tmp/reach.diff" &&
	grep -q '^+++ b/kprobe_users.c' "$tmp/reach.diff" && grep -q '^ .*register_kprobes(kps, 2);' "$tmp/reach.diff"
result $? "patch: the wrapper struct and the kprobe user converted, its plain kprobes kept"
# A file spatch gives up on (KRPC_SPATCH_TIMEOUT, seconds) is a person's,
# named with the rule, never silently clean: a handler of 1500 branches
# (written here) takes the verdict more than 2 s.
mkdir -p "$tmp/slow"
{
	printf '#include <linux/kprobes.h>\nstatic int n;\n'
	printf 'static int ret_h(struct kretprobe_instance *ri, struct pt_regs *regs)\n{\n'
	for i in $(seq 1 1500); do printf '\tif (n > %d)\n\t\tn += %d;\n' "$i" "$i"; done
	printf '\treturn 0;\n}\n'
	printf 'static struct kretprobe rp = { .handler = ret_h, .kp.symbol_name = "f" };\n'
	printf 'int probe_init(void)\n{\n\treturn register_kretprobe(&rp);\n}\n'
} >"$tmp/slow/slow.c"
for mode in report patch; do
	out=$(KRPC_SPATCH_TIMEOUT=2 "$top/tools/migrate.sh" --mode $mode -o "$tmp/slow.diff" "$tmp/slow" 2>&1)
	echo "$out" | grep '^verdict' | sed 's/^/# /'
	grep -q '^verdict: slow.c: person: .*timed out in kretprobe_to_fprobe' <<<"$out" &&
		grep -q 'files: 1: auto=0 compat=0 person=1 none=0' <<<"$out"
	result $? "$mode: a file spatch timed out on is person: timed out in kretprobe_to_fprobe"
done
# The census (tools/migrate/census.py): a timed-out file's uses are in
# the report (its person line); a use neither the rules nor a reason
# covers is a tool error: exit 3, census != reported, named on stderr.
out=$(KRPC_SPATCH_TIMEOUT=2 "$top/tools/migrate.sh" --mode report "$tmp/slow" 2>&1)
echo "$out" | grep '^census:' | sed 's/^/# /'
grep -q '^census: .* census=3 reported=3 ' <<<"$out"
result $? "report: census of a timed-out file, its 3 uses reported (the timeout line)"
mkdir -p "$tmp/census"
cp "$top/tests/cocci/census/partial_parse.c" "$tmp/census/"
: >"$tmp/census.report"
fails 3 "census=2 reported=1" "census: a use the report lacks is a tool error (exit 3, census=2 reported=1)" \
	"$top/tools/migrate/census.py" --dir "$tmp/census" --re kretprobe "$tmp/census.report"
fails 1 "is not a directory" "bad input: census.py on a missing directory" \
	"$top/tools/migrate/census.py" --dir "$tmp/no-such-dir" --re kretprobe
fails 1 "KRPC_SPATCH_TIMEOUT takes a number" "bad input: KRPC_SPATCH_TIMEOUT not a number" \
	env KRPC_SPATCH_TIMEOUT=soon "$top/tools/migrate.sh" "$tmp/conv"
fails 1 "-j takes a number" "bad input: -j without a number" \
	"$top/tools/migrate.sh" -j x "$tmp/conv"

fails 1 "does not exist" "bad input: a missing directory" \
	"$top/tools/migrate.sh" "$tmp/no-such-dir"
fails 1 "must be 'patch' or 'report'" "bad input: an unknown mode" \
	"$top/tools/migrate.sh" --mode bogus "$tmp/conv"
fails 1 "usage:" "bad input: no directory" "$top/tools/migrate.sh"
# (make's own status for a failed recipe is 2)
fails 2 "usage: make migrate DIR=" "bad input: make migrate without DIR" \
	make -s -C "$top" migrate
exit $rc
