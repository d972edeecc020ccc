#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# 'make' needs only a kernel build tree and its compiler. A scratch copy of
# the tree is built as the unprivileged user nobody, with a PATH in which
# apt-get, apt, dpkg, sudo and the test tools that 'make deps' installs
# (qemu, clang, spatch, lintian, gnuplot, dkms, ...) are stand-ins that log
# their call and fail: the build must call none of them, print no feature
# probes unless V=1, and fail with a message naming the missing tree when
# KDIR has none (and, without KDIR, name the running kernel's build tree).
#
# usage: tests/packaging/build.sh [RELEASE...]   (default: Debian kernels of tests/vm/kernels)
set -uo pipefail
# shellcheck source=tests/packaging/lib.sh
. "$(dirname "$0")/lib.sh"

rels=("$@")
[ ${#rels[@]} -gt 0 ] || mapfile -t rels < <(kernel_list -d)
[ "$(id -u)" -eq 0 ] || die "run as root: the test builds as the user nobody (runuser)"
scratch_dir
# shellcheck disable=SC2154 # tmp: set by scratch_dir (lib.sh)
chmod 0755 "$tmp"
copy_tree "$tmp/src"
mkdir -p "$tmp/bin" "$tmp/home"
calls=$tmp/calls.log
: >"$calls"
for c in apt-get apt apt-cache dpkg dpkg-query sudo qemu-system-x86_64 qemu-system-aarch64 \
	clang llc bpftool spatch shellcheck lintian gnuplot dkms dpkg-buildpackage busybox; do
	printf '#!/bin/sh\necho "%s $*" >>%s\necho "%s: not installed (build.sh stand-in)" >&2\nexit 127\n' \
		"$c" "$calls" "$c" >"$tmp/bin/$c"
	chmod 0755 "$tmp/bin/$c"
done
chmod 0666 "$calls"
chown -R nobody: "$tmp/src" "$tmp/home"

# as_nobody CMD...: CMD as nobody, with the stand-ins first on PATH.
as_nobody() {
	runuser -u nobody -- env -i HOME="$tmp/home" PATH="$tmp/bin:/usr/bin:/bin" "$@"
}

ktap_plan $((3 * ${#rels[@]} + 2))
for rel in "${rels[@]}"; do
	kdir=$(kernel_headers "$rel")
	log=$tmp/make-$rel.log
	as_nobody make -C "$tmp/src" KDIR="$kdir" >"$log" 2>&1
	rc=$?
	ko=$tmp/src/shim/kretprobe_compat.ko
	vm=$([ -f "$ko" ] && modinfo -F vermagic "$ko" | cut -d' ' -f1)
	echo "# make KDIR=$kdir as nobody: exit $rc, shim vermagic '$vm'"
	[ $rc -eq 0 ] && [ "$vm" = "$rel" ] && [ ! -s "$calls" ]
	result $? "make KDIR=<$rel headers> as nobody builds the shim and calls no apt-get or test tool" "$log"
	[ -s "$calls" ] && sed 's/^/# called: /' "$calls"
	# What the probes print with V=1 (shim/Kbuild) and the flags they
	# yield; not 'probes' alone: an object is called resolve_kprobes.o.
	! grep -qE 'feature probes|-DKRPC_HAVE_' "$log"
	result $? "make prints no feature probes without V=1 ($rel)" "$log"
	log=$tmp/make-v-$rel.log
	as_nobody make -C "$tmp/src" KDIR="$kdir" clean >/dev/null 2>&1
	as_nobody make -C "$tmp/src" KDIR="$kdir" V=1 >"$log" 2>&1
	grep -q 'kretprobe-compat: feature probes of ' "$log"
	result $? "make V=1 shows the feature probes ($rel)" "$log"
	as_nobody make -C "$tmp/src" KDIR="$kdir" clean >/dev/null 2>&1
done

log=$tmp/make-nokdir.log
as_nobody make -C "$tmp/src" KDIR="$tmp/no-such-kernel" >"$log" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "no kernel build tree at KDIR=$tmp/no-such-kernel" "$log" && [ ! -s "$calls" ]
result $? "make KDIR=<no tree> fails, naming the missing tree, calling nothing" "$log"

# Without KDIR: the running kernel's build tree, which may or may not be here.
log=$tmp/make-default.log
as_nobody make -C "$tmp/src" >"$log" 2>&1
rc=$?
run=/lib/modules/$(uname -r)/build
if [ -f "$run/Makefile" ]; then
	[ $rc -eq 0 ]
else
	[ $rc -ne 0 ] && grep -q "no kernel build tree at KDIR=$run" "$log"
fi
result $? "make without KDIR uses $run (builds, or fails naming it)" "$log"
ktap_end
