#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Doc tests: run the shell blocks of the documentation, as written, and
# print KTAP (one result per block).
#
# A file takes part when it carries the line
#     <!-- doc-tests: ... -->
# Then every fenced block opened with exactly ```sh is a test, unless the
# last non-blank line before its fence is
#     <!-- doc-test: skip: REASON -->
# (blocks that load modules or change the system; REASON names the test
# that covers them). Other fences (```make, ```console, ...) are text.
#
# Each block runs in its own 'bash -e -o pipefail', from the top of one
# scratch copy of the tree shared by all blocks of a file (so later blocks
# see what earlier ones built), with HOME a scratch directory, 'uname -r'
# answering RELEASE (so /lib/modules/$(uname -r)/build is that kernel's
# headers), and insmod/rmmod/modprobe replaced by stubs that fail: nothing
# is ever loaded into this machine's kernel. A block fails on the first
# failing command; note that bash -e ignores a failing '! cmd', so
# documents assert absence with 'test -z "$(...)"'.
#
# usage: tests/docs/run.sh [-k RELEASE] [FILE...]
#   default FILEs: docs/porting-guide.md (must carry the marker), README.md
#   (skipped while it has no marker); default RELEASE: 6.12.117+deb12-amd64
set -uo pipefail
# shellcheck source=tests/packaging/lib.sh
. "$(dirname "$0")/../packaging/lib.sh"

rel=6.12.117+deb12-amd64
while getopts "k:" opt; do
	case $opt in
	k) rel=$OPTARG ;;
	*) die "usage: $0 [-k RELEASE] [FILE...]" ;;
	esac
done
shift $((OPTIND - 1))
required=("$@")
optional=()
if [ ${#required[@]} -eq 0 ]; then
	required=("$KRPC_TOP/docs/porting-guide.md")
	optional=("$KRPC_TOP/README.md")
fi
[ -d "$(kernel_headers "$rel")" ] || die "no headers for $rel at $(kernel_headers "$rel") (make deps)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The helpers' cache (linux-source, kernel images, BTF) stays the real one.
export KRPC_CACHE
real_uname=$(command -v uname)
mkdir -p "$tmp/bin"
cat >"$tmp/bin/uname" <<EOF
#!/bin/sh
[ "\$*" = -r ] && { echo "$rel"; exit 0; }
exec "$real_uname" "\$@"
EOF
for t in insmod rmmod modprobe; do
	printf '#!/bin/sh\necho "doc-test: %s refused: nothing is loaded on the host; mark the block <!-- doc-test: skip: ... -->" >&2\nexit 1\n' \
		"$t" >"$tmp/bin/$t"
done
chmod +x "$tmp/bin/"*

# extract FILE OUTDIR: one OUTDIR/NNN.sh per block, OUTDIR/NNN.meta holding
# "LINE<TAB>skip reason" (empty reason: run it).
extract() {
	awk -v out="$2" '
		/^```sh[ \t]*$/ && !inblk {
			n++; inblk = 1; f = sprintf("%s/%03d.sh", out, n)
			printf "" > f
			reason = ""
			if (prev ~ /^<!-- doc-test: skip/) {
				reason = prev
				sub(/^<!-- doc-test: skip:? */, "", reason)
				sub(/ *-->.*$/, "", reason)
				if (reason == "") reason = "marked skip"
			}
			printf "%d\t%s\n", NR + 1, reason > sprintf("%s/%03d.meta", out, n)
			next
		}
		/^```/ && inblk { inblk = 0; close(f); prev = ""; next }
		inblk { print >> f; next }
		/[^ \t]/ { prev = $0 }
	' "$1"
}

plan=0
files=()
kinds=()
for f in "${required[@]}"; do files+=("$f"); kinds+=(required); done
for f in "${optional[@]}"; do files+=("$f"); kinds+=(optional); done
for i in "${!files[@]}"; do
	f=${files[$i]}
	d=$tmp/blocks/$i
	mkdir -p "$d"
	if [ ! -f "$f" ]; then
		plan=$((plan + 1))
		continue
	fi
	if grep -q '^<!-- doc-tests:' "$f"; then
		extract "$f" "$d"
		n=$(find "$d" -name '*.sh' | wc -l)
		[ "$n" -gt 0 ] || n=1 # a marked file without blocks is a failure
		plan=$((plan + n))
	else
		plan=$((plan + 1))
	fi
done

echo "KTAP version 1"
echo "1..$plan"
t=0
fail=0
ran=0
skipped=0
for i in "${!files[@]}"; do
	f=${files[$i]}
	name=${f#"$KRPC_TOP"/}
	d=$tmp/blocks/$i
	if [ ! -f "$f" ]; then
		t=$((t + 1)); fail=1
		echo "not ok $t $name: no such file"
		continue
	fi
	if ! grep -q '^<!-- doc-tests:' "$f"; then
		t=$((t + 1))
		if [ "${kinds[$i]}" = optional ]; then
			skipped=$((skipped + 1))
			echo "ok $t $name # SKIP no '<!-- doc-tests: ... -->' marker"
		else
			fail=1
			echo "not ok $t $name: no '<!-- doc-tests: ... -->' marker"
		fi
		continue
	fi
	mapfile -t blocks < <(find "$d" -name '*.sh' | sort)
	if [ ${#blocks[@]} -eq 0 ]; then
		t=$((t + 1)); fail=1
		echo "not ok $t $name: marked for doc tests but has no \`\`\`sh block"
		continue
	fi
	# One scratch tree and HOME per document.
	work=$tmp/work-$i
	home=$tmp/home-$i
	mkdir -p "$home"
	copy_tree "$work/kretprobe-compat"
	for b in "${blocks[@]}"; do
		t=$((t + 1))
		IFS=$'\t' read -r line reason <"${b%.sh}.meta"
		first=$(grep -m1 -vE '^[[:space:]]*(#|$)' "$b" | sed 's/[[:space:]]*#.*$//' | cut -c1-60)
		desc="$name:$line: $first"
		if [ -n "$reason" ]; then
			skipped=$((skipped + 1))
			echo "ok $t $desc # SKIP $reason"
			continue
		fi
		ran=$((ran + 1))
		log=$tmp/block-$i-$t.log
		(cd "$work/kretprobe-compat" &&
			env HOME="$home" PATH="$tmp/bin:$PATH" KRPC_DOCTEST=1 \
				timeout 900 bash -e -o pipefail "$b") >"$log" 2>&1
		rc=$?
		if [ $rc -eq 0 ]; then
			echo "ok $t $desc"
		else
			fail=1
			sed 's/^/# /' "$b" | sed '1i # block:'
			echo "# output (exit $rc):"
			tail -n 30 "$log" | sed 's/^/# /'
			echo "not ok $t $desc"
		fi
	done
done
echo "# doc tests: $ran run, $skipped skipped, $plan total"
exit $fail
