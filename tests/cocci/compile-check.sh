#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the fprobe conversions of real code as modules against the kernel
# headers, with no shim and no compat headers, and check that the .ko asks
# for no kretprobe symbol. KTAP output, one result per check:
#   build     make -C <headers> M=<tmpdir> succeeds, with no warning
#   symbols   the .ko's undefined symbols hold no *kretprobe* and do hold
#             the fprobe API
#
# Each case is tests/cocci/kretprobe_to_fprobe/<name>.res for every <name>
# listed below (pt_regs era: built against 6.12). With --ftrace-regs, the
# 6.14+ output instead: every <name>_ftrace_regs.res there and
# tests/cocci/fprobe_ftrace_regs/native.res, built for a 6.14+ kernel of
# tests/vm/kernels with the toolchain its headers name (scripts/lib.sh
# kernel_make: trixie's gcc-14 build root for 7.3).
#
# usage: tests/cocci/compile-check.sh [HEADERS-DIR]
#        (default /usr/src/linux-headers-6.12.117+deb12-amd64)
#        tests/cocci/compile-check.sh --ftrace-regs [RELEASE]
#        (default 7.3.4+deb13-amd64; its headers as make check fetched them)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cases=(kretprobe_example embedded heap_container arrays wrapper_struct kprobe_wrapper)
rel=
if [ "${1:-}" = --ftrace-regs ]; then
	rel=${2:-7.3.4+deb13-amd64}
	. "$here/../../scripts/lib.sh"
	kernel_field "$rel" 4 >/dev/null || exit 2
	hdr=$(kernel_headers "$rel") || { echo "error: no headers for $rel (scripts/kernel-headers.sh $rel)" >&2; exit 2; }
	for i in "${!cases[@]}"; do cases[i]=${cases[i]}_ftrace_regs; done
	cases+=(../fprobe_ftrace_regs/native)
else
	hdr=${1:-/usr/src/linux-headers-6.12.117+deb12-amd64}
fi
# build DIR: the module in DIR, against the headers
build() {
	if [ -n "$rel" ]; then
		kernel_make "$rel" "$1" M="$1" modules
	else
		make -C "$hdr" M="$1" modules
	fi
}

if [ ! -f "$hdr/Makefile" ]; then
	echo "error: no kernel headers at $hdr (apt-get install linux-headers-6.12.117+deb12-amd64)" >&2
	exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "KTAP version 1"
echo "1..$((2 * ${#cases[@]}))"
n=0
rc=0
result() { # STATUS NAME [LOG]
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		[ -n "${3:-}" ] && [ -s "$3" ] && tail -n 30 "$3" | sed 's/^/# /'
		rc=1
	fi
}

for c in "${cases[@]}"; do
	src=$here/kretprobe_to_fprobe/$c.res
	c=$(basename "$c")
	d=$tmp/$c
	mkdir -p "$d"
	if [ ! -f "$src" ]; then
		result 1 "$c build # no $src"
		result 1 "$c symbols # not built"
		continue
	fi
	mod=cocci_$c
	cp "$src" "$d/$mod.c"
	echo "obj-m := $mod.o" >"$d/Kbuild"
	if build "$d" >"$d/build.log" 2>&1 &&
	   [ -f "$d/$mod.ko" ]; then
		if grep -q 'warning:' "$d/build.log"; then
			result 1 "$c build # compiler warnings" "$d/build.log"
		else
			result 0 "$c build"
		fi
	else
		result 1 "$c build" "$d/build.log"
		result 1 "$c symbols # not built"
		continue
	fi
	nm -u "$d/$mod.ko" | awk '{ print $2 }' >"$d/undef"
	if grep -qi kretprobe "$d/undef"; then
		grep -i kretprobe "$d/undef" >"$d/why"
		result 1 "$c symbols # kretprobe symbols referenced" "$d/why"
	elif ! grep -qx 'register_fprobe\(_ips\)\?' "$d/undef"; then
		cp "$d/undef" "$d/why"
		result 1 "$c symbols # no register_fprobe*" "$d/why"
	else
		result 0 "$c symbols (uses: $(grep -E 'fprobe' "$d/undef" | tr '\n' ' '))"
	fi
done
exit $rc
