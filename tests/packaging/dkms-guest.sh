#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# A module linked against the DKMS-built shim, without embed mode, in a
# guest: DKMS builds and installs kretprobe_compat.ko for RELEASE in
# private trees (as tests/packaging/dkms.sh does); the kernel's own
# kretprobe_example.c is built through the installed kretprobe-compat.mk (as
# the kretprobe-compat-dev package installs it), which finds the DKMS-built
# shim's Module.symvers, and natively (the oracle); the guest loads the DKMS
# module and runs the kernel-sample test (tests/vm/guest/kernel-sample.sh).
#
# usage: tests/packaging/dkms-guest.sh RELEASE
set -uo pipefail
# shellcheck source=tests/packaging/lib.sh
. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || die "usage: $0 RELEASE"
rel=$1
kdir=$(kernel_headers "$rel")
[ -f "$kdir/Makefile" ] || die "no kernel build directory at '$kdir' for $rel"
command -v dkms >/dev/null || die "dkms not installed (apt-get install dkms)"
ks=$("$KRPC_TOP/scripts/linux-source.sh") || die "linux-source-6.12 not available"
scratch_dir
# shellcheck disable=SC2154 # tmp: set by scratch_dir (lib.sh)
copy_tree "$tmp/src"
opts=(--dkmstree "$tmp/var-lib-dkms" --sourcetree "$tmp/usr-src" --installtree "$tmp/lib-modules" --no-depmod)
mkdir -p "$tmp/var-lib-dkms" "$tmp/usr-src" "$tmp/lib-modules/$rel"

ktap_plan 4
run "dkms add, build, install for $rel" "$tmp/dkms.log" \
	"$tmp/src/tools/install.sh" dkms-install -k "$rel" -- "${opts[@]}"
run "kretprobe-compat-dev files staged (install --no-module)" "$tmp/dev.log" \
	env DESTDIR="$tmp/dev" PREFIX=/usr "$tmp/src/tools/install.sh" install --no-module

# The sample, through the installed .mk (no embed) and natively.
mk=$tmp/dev/usr/share/kretprobe-compat/kretprobe-compat.mk
mkdir -p "$tmp/compat" "$tmp/native" "$tmp/test"
cp "$ks/samples/kprobes/kretprobe_example.c" "$tmp/compat/"
cp "$ks/samples/kprobes/kretprobe_example.c" "$tmp/native/"
printf 'obj-m += kretprobe_example.o\ninclude %s\n' "$mk" >"$tmp/compat/Kbuild"
printf 'obj-m += kretprobe_example_native.o\nkretprobe_example_native-y := kretprobe_example.o\n' \
	>"$tmp/native/Kbuild"
log=$tmp/build.log
{ make -C "$kdir" M="$tmp/compat" KRETPROBE_COMPAT_DKMS_TREE="$tmp/var-lib-dkms" modules &&
	make -C "$kdir" M="$tmp/native" modules; } >"$log" 2>&1
rc=$?
echo "# kretprobe_example.ko depends: '$(modinfo -F depends "$tmp/compat/kretprobe_example.ko" 2>/dev/null)'"
[ $rc -eq 0 ] && ! grep -q 'undefined!' "$log" &&
	[ "$(modinfo -F depends "$tmp/compat/kretprobe_example.ko")" = kretprobe_compat ]
result $? "kretprobe_example builds against the DKMS-built shim, not embedded ($rel)" "$log"

# The DKMS-installed module, as the guest gets it (uncompressed).
ko=$(find "$tmp/lib-modules/$rel" -name 'kretprobe_compat.ko*' | head -n 1)
case $ko in
*.xz) xz -dc "$ko" >"$tmp/test/kretprobe_compat.ko" ;;
*.zst) zstd -qdc "$ko" >"$tmp/test/kretprobe_compat.ko" ;;
*.gz) gzip -dc "$ko" >"$tmp/test/kretprobe_compat.ko" ;;
*.ko) cp "$ko" "$tmp/test/kretprobe_compat.ko" ;;
*) echo "# no kretprobe_compat.ko installed by dkms under $tmp/lib-modules/$rel" ;;
esac
cp "$tmp/compat/kretprobe_example.ko" "$tmp/native/kretprobe_example_native.ko" "$tmp/test/" 2>/dev/null
log=$tmp/vm.log
"$KRPC_TOP/scripts/vm-run.sh" -q -k "$rel" -n dkms kernel-sample.sh "$tmp/test/kretprobe_compat.ko" \
	"$tmp/test/kretprobe_example.ko" "$tmp/test/kretprobe_example_native.ko" >"$log" 2>&1
rc=$?
sed 's/^/# /' "$log"
result $rc "guest: the DKMS-installed shim and kretprobe_example linked against it pass the kernel-sample test ($rel)" "$log"
"$tmp/src/tools/install.sh" dkms-remove -- "${opts[@]}" >/dev/null 2>&1
ktap_end
