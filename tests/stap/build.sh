#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build tests/stap/krpc_stap.stp into SystemTap modules for one kernel of
# tests/vm/kernels (one built here: stap needs its System.map and vmlinux),
# twice from one translation:
#   OUT/native/krpc_stap_native.ko  stap -p4, as SystemTap builds it (where
#                                   SystemTap 4.8's C no longer compiles,
#                                   fixed by cocci/kretprobe_legacy.cocci)
#   OUT/compat/krpc_stap_compat.ko  the generated C unchanged, its Makefile
#                                   given the lines a module author adds
#                                   for kretprobe-compat (LEGACY, include)
# and OUT/stap-root/: staprun, stapio and their libraries, for the guest.
# The generated C stays in OUT/native/src and OUT/compat/src. Both builds use
# one copy of SystemTap's runtime (OUT/runtime, stap -R), patched with
# runtime-*.patch where the kernel needs it (see each patch's header).
#
# usage: tests/stap/build.sh RELEASE SHIM_BUILD_DIR OUT
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"

[ $# -eq 3 ] || die "usage: $0 RELEASE SHIM_BUILD_DIR OUT"
rel=$1
shim=$2
out=$3
command -v stap >/dev/null || "$KRPC_TOP/scripts/deps.sh" systemtap
kdir=$(kernel_headers "$rel")
[ -s "$kdir/System.map" ] && [ -s "$kdir/vmlinux" ] ||
	die "$rel has no System.map and vmlinux at $kdir: SystemTap needs a kernel built here (make kernels)"
[ -f "$shim/Module.symvers" ] || die "no shim build at $shim (scripts/build-for.sh $rel)"
stp=$KRPC_TOP/tests/stap/krpc_stap.stp
rm -rf "$out"
mkdir -p "$out/native" "$out/compat"

# The runtime, and its fixes for kernels newer than SystemTap 4.8 (feature
# probes of the kernel's headers, not version checks).
cp -r /usr/share/systemtap/runtime "$out/runtime"
sdefs=()
src=$(realpath "$kdir/source" 2>/dev/null || echo "$kdir")
if grep -qs 'task_work_cancel_func' "$src/include/linux/task_work.h"; then
	patch -s -p1 -d "$out/runtime" <"$KRPC_TOP/tests/stap/runtime-task_work_cancel_func.patch" ||
		die "runtime-task_work_cancel_func.patch does not apply to this SystemTap's runtime"
	sdefs+=(-D KRPC_STAP_TASK_WORK_CANCEL_FUNC)
fi

# stap_p4 NAME DIR: stap -p4 -k (log in DIR/stap.log); print the directory
# stap kept, built or not (its Makefile names files there by absolute path:
# build in place, then move).
stap_p4() {
	local tmp
	stap -r "$kdir" -R "$out/runtime" "${sdefs[@]}" -p4 -k -m "$1" "$stp" >"$2/stap.log" 2>&1 || true
	tmp=$(sed -n 's/^Keeping temporary directory "\(.*\)"$/\1/p' "$2/stap.log")
	[ -d "$tmp" ] && [ -f "$tmp/$1_src.c" ] ||
		{ cat "$2/stap.log" >&2; die "stap -p4 for $1 produced no C (log: $2/stap.log)"; }
	echo "$tmp"
}

# kbuild DIR LOG: build the stap module in DIR (its Makefile as it is now).
kbuild() {
	rm -f "$1"/*.ko "$1"/*.o "$1"/stapconf_[0-9a-f]*_*.h "$1"/autoconf-*.c.h
	make -C "$kdir" M="$1" KRETPROBE_COMPAT="$shim" modules >"$2" 2>&1 ||
		{ tail -n 30 "$2" >&2; die "building $1 failed (log: $2)"; }
}

note "stap -p4: krpc_stap_native.ko (SystemTap's own build)"
tmp=$(stap_p4 krpc_stap_native "$out/native")
if [ ! -f "$tmp/krpc_stap_native.ko" ]; then
	# SystemTap 4.8 writes pi->rp->data_size for a target variable read in a
	# return probe (kretprobe_instance lost rp in 5.11): its own build
	# fails. cocci/kretprobe_legacy.cocci is the fix a person would apply.
	grep -q 'has no member named .rp.' "$out/native/stap.log" ||
		{ cat "$out/native/stap.log" >&2; die "stap -p4 for krpc_stap_native failed (log: $out/native/stap.log)"; }
	note "stap 4.8's own build fails on ri->rp (gone since 5.11): cocci/kretprobe_legacy.cocci on the generated C, then kbuild"
	spatch --very-quiet -D patch --in-place --sp-file "$KRPC_TOP/cocci/kretprobe_legacy.cocci" \
		"$tmp/krpc_stap_native_src.c" >"$out/native/legacy.diff" 2>&1 ||
		die "kretprobe_legacy.cocci failed on the generated C (log: $out/native/legacy.diff)"
	kbuild "$tmp" "$out/native/build.log"
fi
mv "$tmp" "$out/native/src"
mv "$out/native/src/krpc_stap_native.ko" "$out/native/"

note "the same script, its generated C unchanged, built with the module author's lines for kretprobe-compat: krpc_stap_compat.ko"
tmp=$(stap_p4 krpc_stap_compat "$out/compat")
# Rebuilt from the generated C alone: the autoconf probes run again, now
# through the compat headers as everything else. LEGACY: ri->rp as above.
printf '%s\n' "KRETPROBE_COMPAT_LEGACY := y" "include $shim/kretprobe-compat.mk" >>"$tmp/Makefile"
kbuild "$tmp" "$out/compat/build.log"
mv "$tmp" "$out/compat/src"
mv "$out/compat/src/krpc_stap_compat.ko" "$out/compat/"

undef=$(nm -u "$out/compat/krpc_stap_compat.ko")
if grep -Ew 'register_kretprobes?|unregister_kretprobes?|(enable|disable)_kretprobe' <<<"$undef"; then
	die "krpc_stap_compat.ko still calls native kretprobe functions"
fi
grep -qwE 'krpc_register_kretprobes?' <<<"$undef" || die "krpc_stap_compat.ko does not call the shim"

note "staprun, stapio and their libraries for the guest"
root=$out/stap-root
for f in /usr/bin/staprun /usr/lib/systemtap/stapio; do
	for l in $f $(ldd "$f" | grep -o '/[^ ]*'); do
		mkdir -p "$root$(dirname "$l")"
		cp -L "$l" "$root$l"
	done
done
echo "$out"
