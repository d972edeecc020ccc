#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# 'make bench-cocci': how long tools/migrate.sh takes, report and patch
# mode, with the rules of this tree ("new") and with those of BASE ("old",
# git show BASE:cocci/... and BASE's migrate.sh), on the same inputs
# in the same run:
#
#   linux      linux-source-6.12's files that mention kretprobe under
#              samples/, lib/, kernel/ and arch/x86/ (15 files, 40 000 lines)
#   synthetic  a stand-in for an out-of-tree module tree of that size: every
#              input of tests/cocci (wrapper structs, unions, macros, arrays,
#              legacy API, BPF), the two conformance modules and
#              linux-source's kretprobe_example.c and lib/test_kprobes.c
#
# per tree: wall and CPU seconds of each mode, old and new, and whether
# both give the same summary line (sites and their classes) and, in patch
# mode, the same diff; per file (the linux tree, report mode): wall seconds,
# old and new. Writes OUT/results.json and prints a table.
#
# usage: scripts/bench-cocci.sh [-b BASE] [-o OUTDIR] [--no-per-file]
#   -b BASE        the git revision of the old rules (default: ec8fe5a, the
#                  last one before issue 15: one spatch per file, the report
#                  rule running the conversion rule as a subprocess)
#   -o OUTDIR      default out/bench-cocci
#   --no-per-file  skip the per-file runs (trees only)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
base=ec8fe5a
out=$top/out/bench-cocci
perfile=1
die() {
	echo "bench-cocci: error: $*" >&2
	exit 1
}
while [ $# -gt 0 ]; do
	case $1 in
	-b) [ $# -ge 2 ] || die "-b needs a git revision"; base=$2; shift 2 ;;
	-o) [ $# -ge 2 ] || die "-o needs a directory"; out=$2; shift 2 ;;
	--no-per-file) perfile=; shift ;;
	*) sed -n '3,24p' "$0" >&2; exit 2 ;;
	esac
done
command -v spatch >/dev/null || die "spatch not found (apt-get install coccinelle, or make deps)"
git -C "$top" rev-parse -q --verify "$base^{commit}" >/dev/null ||
	die "no git revision '$base' in $top (give the old rules' revision with -b)"
src=$("$top/scripts/linux-source.sh" 6.12) || die "no linux-source-6.12 (scripts/linux-source.sh 6.12)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

# The old rules and driver, as they were at BASE.
old=$tmp/old
mkdir -p "$old/scripts" "$old/cocci"
# (scripts/migrate.sh before the user tools moved to tools/)
git -C "$top" show "$base:tools/migrate.sh" >"$old/scripts/migrate.sh" 2>/dev/null ||
	git -C "$top" show "$base:scripts/migrate.sh" >"$old/scripts/migrate.sh" ||
	die "no migrate.sh at $base"
chmod +x "$old/scripts/migrate.sh"
for f in $(git -C "$top" ls-tree --name-only "$base" cocci/); do
	git -C "$top" show "$base:$f" >"$old/$f"
done
old_rev=$(git -C "$top" rev-parse --short "$base")
new_rev=$(git -C "$top" rev-parse --short HEAD)$(git -C "$top" diff --quiet HEAD -- cocci tools/migrate.sh || echo +)

# The trees.
mkdir -p "$tmp/linux" "$tmp/synthetic"
(cd "$src" && grep -rlI kretprobe --include='*.c' --include='*.h' samples lib kernel arch/x86) |
	sort >"$tmp/linux.list"
while read -r f; do
	mkdir -p "$tmp/linux/$(dirname "$f")"
	cp "$src/$f" "$tmp/linux/$f"
done <"$tmp/linux.list"
for c in "$top"/tests/cocci/*/*.c "$top/tests/cocci/conformance/krp_convert.c" \
	"$top/tests/conformance/krp_conformance.c"; do
	case $c in */conformance/native/*) continue ;; esac
	[ -L "$c" ] && continue # twins of another input
	d=$tmp/synthetic/$(basename "$(dirname "$c")")
	mkdir -p "$d"
	cp -L "$c" "$d/"
done
mkdir -p "$tmp/synthetic/linux"
cp "$src/samples/kprobes/kretprobe_example.c" "$src/lib/test_kprobes.c" "$tmp/synthetic/linux/"

# run WHICH MODE TREE: time migrate.sh; prints "wall cpu" and keeps the
# summary line and the diff in $tmp/res.WHICH.MODE.TREE.*
run() {
	local which=$1 mode=$2 tree=$3 drv t0 t1 key
	key=$which.$mode.$(basename "$tree")
	drv=$top/tools/migrate.sh
	[ "$which" = old ] && drv=$old/scripts/migrate.sh
	t0=$(date +%s.%N)
	# (exit 3: the report worked, its census found uses it lacks; the
	# census line is in the output)
	/usr/bin/time -f '%U %S' -o "$tmp/cpu" "$drv" --mode "$mode" -o "$tmp/res.$key.diff" "$tree" \
		>"$tmp/res.$key.out" 2>&1 || [ $? -eq 3 ] ||
		die "$which migrate.sh --mode $mode $tree failed: $(tail -n 3 "$tmp/res.$key.out")"
	t1=$(date +%s.%N)
	grep '^summary' "$tmp/res.$key.out" | tail -n 1 >"$tmp/res.$key.summary"
	echo "$t0 $t1 $(tail -n 1 "$tmp/cpu")" | awk '{ printf "%.2f %.2f\n", $2 - $1, $3 + $4 }'
}

: >"$tmp/trees"
for tree in linux synthetic; do
	nfiles=$(cd "$tmp/$tree" && grep -rlI kretprobe . | grep -cE '\.[ch]$')
	nlines=$(cd "$tmp/$tree" && grep -rlI kretprobe . | grep -E '\.[ch]$' | xargs cat | wc -l)
	nmention=$(cd "$tmp/$tree" && grep -rhI kretprobe . | wc -l)
	for mode in report patch; do
		read -r ow oc < <(run old $mode "$tmp/$tree")
		read -r nw nc < <(run new $mode "$tmp/$tree")
		same_sum=false same_diff=true
		# the new summary has the old one's fields, plus the file counts line
		cmp -s "$tmp/res.old.$mode.$tree.summary" "$tmp/res.new.$mode.$tree.summary" && same_sum=true
		if [ "$mode" = patch ]; then
			cmp -s "$tmp/res.old.$mode.$tree.diff" "$tmp/res.new.$mode.$tree.diff" || same_diff=false
		fi
		echo "$tree $mode $nfiles $nlines $nmention $ow $oc $nw $nc $same_sum $same_diff" \
			"$(sed 's/ /_/g' "$tmp/res.new.$mode.$tree.summary")" \
			"$(grep '^files:' "$tmp/res.new.$mode.$tree.out" | sed 's/ /_/g')" >>"$tmp/trees"
		cp "$tmp/res.old.$mode.$tree.out" "$out/$tree.$mode.old.txt"
		cp "$tmp/res.new.$mode.$tree.out" "$out/$tree.$mode.new.txt"
	done
done

# Where a spatch start goes: the old rule on an empty file, spatch finding
# its Python through PATH (as the old driver ran it) and told which one
# (--python, as the new driver runs it). Best of 3.
echo 'int krp_empty;' >"$tmp/empty.c"
startup() {
	local best=999 t0 t1 _
	for _ in 1 2 3; do
		t0=$(date +%s.%N)
		spatch -D report --very-quiet "$@" --sp-file "$old/cocci/kretprobe_to_fprobe.cocci" \
			"$tmp/empty.c" >/dev/null 2>&1
		t1=$(date +%s.%N)
		best=$(echo "$t0 $t1 $best" | awk '{ d = $2 - $1; print (d < $3) ? d : $3 }')
	done
	printf '%.2f\n' "$best"
}
st_path=$(startup)
st_py=$(startup --python /usr/bin/python3)

: >"$tmp/files"
if [ -n "$perfile" ]; then
	while read -r f; do
		d=$tmp/one/$(echo "$f" | tr / _)
		mkdir -p "$d"
		cp "$tmp/linux/$f" "$d/"
		read -r ow _ < <(run old report "$d")
		read -r nw _ < <(run new report "$d")
		echo "$f $(wc -l <"$tmp/linux/$f") $ow $nw" >>"$tmp/files"
	done <"$tmp/linux.list"
fi

python3 - "$tmp/trees" "$tmp/files" "$out/results.json" "$old_rev" "$new_rev" "$(spatch --version | head -n 1)" \
	"$st_path" "$st_py" <<'EOF'
import json, platform, os, sys, time
trees, files, dest, old_rev, new_rev, spv, st_path, st_py = sys.argv[1:]
res = {"what": "tools/migrate.sh wall/CPU seconds, old rules (%s) and new (%s), same inputs, one run" % (old_rev, new_rev),
       "host": {"cpus": os.cpu_count(), "load1": os.getloadavg()[0], "kernel": platform.release()},
       "spatch": spv, "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
       "old": old_rev, "new": new_rev, "trees": [], "files": [],
       "spatch_start_s": {"python_from_path": float(st_path), "python_named": float(st_py)}}
print("one spatch start (old rule, empty file): %.2f s finding python3 on PATH, %.2f s with --python" % (
    float(st_path), float(st_py)))
print("%-10s %-6s %5s %6s | %8s %8s | %8s %8s | %6s | %s" % ("tree", "mode", "files", "lines", "old wall", "old cpu", "new wall", "new cpu", "gain", "same result"))
for l in open(trees):
    t, m, nf, nl, nm, ow, oc, nw, nc, ss, sd, summ, fl = l.split()
    ow, oc, nw, nc = map(float, (ow, oc, nw, nc))
    r = {"tree": t, "mode": m, "files": int(nf), "lines": int(nl), "lines_mentioning_kretprobe": int(nm),
         "old_wall_s": ow, "old_cpu_s": oc, "new_wall_s": nw, "new_cpu_s": nc,
         "gain_wall": round(ow / nw, 1) if nw else None, "same_summary": ss == "true", "same_diff": sd == "true",
         "summary": summ.replace("_", " "), "file_verdicts": fl.replace("_", " ")}
    res["trees"].append(r)
    print("%-10s %-6s %5s %6s | %8.1f %8.1f | %8.1f %8.1f | %5.1fx | summary %s, diff %s" % (
        t, m, nf, nl, ow, oc, nw, nc, r["gain_wall"], "same" if r["same_summary"] else "DIFFERS",
        "same" if r["same_diff"] else "DIFFERS"))
for l in open(files):
    f, n, ow, nw = l.split()
    res["files"].append({"file": f, "lines": int(n), "old_report_wall_s": float(ow), "new_report_wall_s": float(nw)})
if res["files"]:
    print()
    print("%-40s %6s %9s %9s" % ("file (report mode)", "lines", "old wall", "new wall"))
    for r in res["files"]:
        print("%-40s %6d %9.2f %9.2f" % (r["file"], r["lines"], r["old_report_wall_s"], r["new_report_wall_s"]))
json.dump(res, open(dest, "w"), indent=1)
print("\nresults: %s" % dest)
bad = [r for r in res["trees"] if not (r["same_summary"] and r["same_diff"])]
if bad:
    print("bench-cocci: the new rules give another result than the old on: %s (see %s/*.txt)" % (
        ", ".join("%s %s" % (r["tree"], r["mode"]) for r in bad), os.path.dirname(dest)))
EOF
