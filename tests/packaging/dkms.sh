#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# DKMS for real (Debian's dkms), from a scratch copy of the tree, in private
# trees (--dkmstree, --sourcetree, --installtree under a temporary
# directory, --no-depmod): 'tools/install.sh dkms-install' stages the
# source with dkms.conf's version filled in, then dkms add, build and
# install for each kernel; the installed module must carry that kernel's
# vermagic; DKMS keeps the shim's Module.symvers (dkms.conf POST_BUILD) and
# a module built through the installed kretprobe-compat.mk, without embed
# mode, links against it (the CRCs it records are the DKMS-built shim's);
# 'dkms-remove' must leave nothing. Nothing is loaded. dkms may
# create its module signing key in /var/lib/dkms (mok.key, mok.pub); if
# this test created it, it removes it again.
#
# usage: tests/packaging/dkms.sh [RELEASE...]   (default: tests/vm/kernels)
set -uo pipefail
# shellcheck source=tests/packaging/lib.sh
. "$(dirname "$0")/lib.sh"

rels=("$@")
[ ${#rels[@]} -gt 0 ] || mapfile -t rels < <(kernel_list -d)
command -v dkms >/dev/null || "$KRPC_TOP/scripts/deps.sh" dkms
command -v dkms >/dev/null || die "dkms not installed"
scratch_dir
# shellcheck disable=SC2154 # tmp: set by scratch_dir (lib.sh)
copy_tree "$tmp/src"
version=$(cat "$tmp/src/VERSION")
opts=(--dkmstree "$tmp/var-lib-dkms" --sourcetree "$tmp/usr-src" --installtree "$tmp/lib-modules" --no-depmod)
mkdir -p "$tmp/var-lib-dkms" "$tmp/usr-src"
kargs=()
for rel in "${rels[@]}"; do
	mkdir -p "$tmp/lib-modules/$rel"
	kargs+=(-k "$rel")
done

ktap_plan $((7 + 4 * ${#rels[@]}))
log=$tmp/dkms-install.log
run "dkms add, build, install for ${rels[*]} (tools/install.sh dkms-install)" "$log" \
	"$tmp/src/tools/install.sh" dkms-install "${kargs[@]}" -- "${opts[@]}"

conf=$tmp/usr-src/kretprobe-compat-$version/dkms.conf
grep -q "^PACKAGE_VERSION=\"$version\"$" "$conf" 2>/dev/null
result $? "staged dkms.conf has PACKAGE_VERSION=\"$version\" (from VERSION)" "$log"

for rel in "${rels[@]}"; do
	st=$(dkms status "${opts[@]}" -m kretprobe-compat -v "$version" -k "$rel" 2>"$tmp/status.err")
	echo "# $st"
	[ "$st" = "kretprobe-compat/$version, $rel, $(uname -m): installed" ]
	result $? "dkms status: installed for $rel" "$log"
	ko=$(find "$tmp/lib-modules/$rel/updates/dkms" -name 'kretprobe_compat.ko*' 2>/dev/null | head -n 1)
	vm=$( [ -n "$ko" ] && modinfo -F vermagic "$ko" | cut -d' ' -f1)
	echo "# ${ko#"$tmp"}: vermagic $vm"
	[ -n "$ko" ] && [ "$vm" = "$rel" ]
	result $? "/lib/modules/$rel/updates/dkms/kretprobe_compat.ko has vermagic $rel"
done

# Modules link against the DKMS-built shim through the installed .mk (as
# the kretprobe-compat-dev package installs it), without embed mode.
DESTDIR=$tmp/dev PREFIX=/usr "$tmp/src/tools/install.sh" install --no-module >"$tmp/dev.log" 2>&1 ||
	cat "$tmp/dev.log"
mk=$tmp/dev/usr/share/kretprobe-compat/kretprobe-compat.mk
for rel in "${rels[@]}"; do
	sv=$(find "$tmp/var-lib-dkms/kretprobe-compat/$version/$rel" -name Module.symvers 2>/dev/null | head -n 1)
	n=$([ -n "$sv" ] && grep -c $'\tkrpc_[a-z_]*\t' "$sv")
	echo "# ${sv#"$tmp"}: ${n:-0} exports"
	[ "${n:-0}" = 7 ]
	result $? "DKMS keeps the shim's Module.symvers for $rel (7 krpc_ exports)"
	m=$tmp/mod-dkms-$rel
	mkdir -p "$m"
	cp "$KRPC_TOP/tests/packaging/module/krp_pkg.c" "$m/"
	printf 'obj-m += krp_pkg.o\ninclude %s\n' "$mk" >"$m/Kbuild"
	log=$tmp/mod-dkms-$rel.log
	make -C "$(kernel_headers "$rel")" M="$m" KRETPROBE_COMPAT_DKMS_TREE="$tmp/var-lib-dkms" \
		modules >"$log" 2>&1
	rc=$?
	crc_mod=$(modprobe --dump-modversions "$m/krp_pkg.ko" 2>/dev/null |
		awk '$2 == "krpc_register_kretprobe" { print $1 }')
	crc_shim=$([ -n "$sv" ] && awk -F'\t' '$2 == "krpc_register_kretprobe" { print $1 }' "$sv")
	echo "# krp_pkg.ko: depends '$(modinfo -F depends "$m/krp_pkg.ko" 2>/dev/null)', krpc_register_kretprobe CRC $crc_mod (shim's $crc_shim)"
	[ $rc -eq 0 ] && ! grep -q 'undefined!' "$log" &&
		[ "$(modinfo -F depends "$m/krp_pkg.ko")" = kretprobe_compat ] &&
		! nm_has "$m/krp_pkg.ko" ' krpc_mutex$' &&
		[ -n "$crc_shim" ] && [ "$((crc_mod))" = "$((crc_shim))" ]
	result $? "a module links against the DKMS-built shim through the installed kretprobe-compat.mk ($rel)" "$log"
done

# The DKMS build must never run the Makefile's 'deps' (apt-get).
blog=$(find "$tmp/var-lib-dkms" -name make.log | head -n 1)
if [ -n "$blog" ] && ! grep -qE 'deps\.sh|apt-get|installing:' "$tmp"/var-lib-dkms/kretprobe-compat/*/*/*/log/make.log; then
	result 0 "dkms build logs show no 'make deps' run"
else
	result 1 "dkms build logs show no 'make deps' run" "$blog"
fi

log=$tmp/dkms-remove.log
"$tmp/src/tools/install.sh" dkms-remove -- "${opts[@]}" >"$log" 2>&1
rc=$?
left=$(find "$tmp/lib-modules" "$tmp/usr-src" "$tmp/var-lib-dkms" ! -type d)
[ -n "$left" ] && printf 'left: %s\n' "$left" >>"$log"
[ $rc -eq 0 ] && [ -z "$left" ]
result $? "dkms remove --all and the source removal leave no file" "$log"

# BUILD_EXCLUSIVE_CONFIG: a kernel without kprobes but with fprobe is
# built; one with neither kretprobes nor fprobe is skipped (dkms exit 77).
# The kernel trees: a kernel's headers, linked, with options dropped from
# .config (dkms.conf reads it; the build itself uses the real autoconf.h).
# dkms_exclusive NAME RELEASE OPTION...: dkms build against RELEASE's
# headers without OPTIONs, logged in $tmp/dkms-NAME.log; prints its exit status.
dkms_exclusive() {
	local name=$1 rel=$2 k=$tmp/ksrc-$1 log=$tmp/dkms-$1.log
	shift 2
	mkdir -p "$k"
	cp -as "$(kernel_headers "$rel")/." "$k/"
	rm -f "$k/.config"
	grep -vE "^($(IFS='|'; echo "$*"))=" "$(kernel_headers "$rel")/.config" >"$k/.config"
	mkdir -p "$tmp/usr-src"
	DESTDIR=$tmp/stage-$name "$tmp/src/tools/install.sh" dkms-source >"$log" 2>&1
	mv "$tmp/stage-$name/usr/src/kretprobe-compat-$version" "$tmp/usr-src/"
	{ dkms add "${opts[@]}" -m kretprobe-compat -v "$version" &&
		dkms build "${opts[@]}" -m kretprobe-compat -v "$version" -k "$rel" --kernelsourcedir "$k"; } >>"$log" 2>&1
	echo $?
	"$tmp/src/tools/install.sh" dkms-remove -- "${opts[@]}" >/dev/null 2>&1
}

frel=
for rel in "${rels[@]}"; do
	grep -q '^CONFIG_FPROBE=y' "$(kernel_headers "$rel")/.config" && { frel=$rel; break; }
done
if [ -n "$frel" ]; then
	log=$tmp/dkms-nokprobes.log
	rc=$(dkms_exclusive nokprobes "$frel" CONFIG_KPROBES CONFIG_KRETPROBES)
	echo "# dkms build for $frel without CONFIG_KPROBES, CONFIG_KRETPROBES: exit $rc"
	[ "$rc" -eq 0 ] && ! grep -q 'BUILD_EXCLUSIVE directive which does not match' "$log"
	result $? "dkms builds for a kernel without CONFIG_KPROBES that has CONFIG_FPROBE ($frel)" "$log"
else
	ktap_n=$((ktap_n + 1))
	echo "ok $ktap_n dkms builds for a kernel without CONFIG_KPROBES that has CONFIG_FPROBE # SKIP no kernel with CONFIG_FPROBE among ${rels[*]}"
fi
log=$tmp/dkms-nobackend.log
rc=$(dkms_exclusive nobackend "${rels[0]}" CONFIG_KPROBES CONFIG_KRETPROBES CONFIG_FPROBE)
echo "# dkms build for ${rels[0]} without CONFIG_KRETPROBES and CONFIG_FPROBE: exit $rc"
[ "$rc" -eq 77 ] && grep -q 'BUILD_EXCLUSIVE directive which does not match' "$log"
result $? "dkms skips (exit 77, BUILD_EXCLUSIVE_CONFIG) a kernel with neither CONFIG_KRETPROBES nor CONFIG_FPROBE" "$log"

# A kernel without headers must fail the dkms build, not pass silently.
log=$tmp/dkms-nokernel.log
mkdir -p "$tmp/lib-modules/0.0.0-none"
if ! "$tmp/src/tools/install.sh" dkms-install -k 0.0.0-none -- "${opts[@]}" >"$log" 2>&1; then
	result 0 "dkms-install fails for a kernel without headers"
else
	result 1 "dkms-install fails for a kernel without headers" "$log"
fi
"$tmp/src/tools/install.sh" dkms-remove -- "${opts[@]}" >/dev/null 2>&1
ktap_end
