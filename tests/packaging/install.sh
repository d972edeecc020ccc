#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# 'make install' / 'make uninstall' (tools/install.sh) into a temporary
# DESTDIR, from a scratch copy of the tree, for each kernel: the module is
# where modules_install puts it and built for that kernel; the author files
# are under $PREFIX/share/kretprobe-compat; a module builds through the
# INSTALLED kretprobe-compat.mk (embedded, and linked against the installed
# shim); the installed migrate.sh runs; uninstall leaves nothing behind.
# Nothing is loaded, nothing outside the temporary directory is written.
#
# usage: tests/packaging/install.sh [RELEASE...]   (default: tests/vm/kernels)
set -uo pipefail
# shellcheck source=tests/packaging/lib.sh
. "$(dirname "$0")/lib.sh"

rels=("$@")
[ ${#rels[@]} -gt 0 ] || mapfile -t rels < <(kernel_list -d)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
copy_tree "$tmp/src"
cp "$KRPC_TOP/tests/packaging/module/krp_pkg.c" "$tmp/"

ktap_plan $((2 + 7 * ${#rels[@]}))
prefix=/usr
share=$prefix/share/kretprobe-compat

for rel in "${rels[@]}"; do
	kdir=$(kernel_headers "$rel")
	dest=$tmp/dest-$rel
	log=$tmp/$rel.install.log
	run "make install DESTDIR PREFIX=$prefix for $rel" "$log" \
		env DESTDIR="$dest" PREFIX="$prefix" KDIR="$kdir" "$tmp/src/tools/install.sh" install

	ko=$(find "$dest/lib/modules/$rel/extra" -name 'kretprobe_compat.ko*' 2>/dev/null | head -n 1)
	vm=$( [ -n "$ko" ] && modinfo -F vermagic "$ko" | cut -d' ' -f1)
	echo "# module: ${ko#"$dest"} vermagic: $vm"
	[ -n "$ko" ] && [ "$vm" = "$rel" ]
	result $? "installed kretprobe_compat.ko has vermagic $rel"

	# Embedded: needs only the generic installed .mk (no Module.symvers).
	m=$tmp/mod-embed-$rel
	mkdir -p "$m"
	cp "$tmp/krp_pkg.c" "$m/"
	printf 'obj-m += krp_pkg_embed.o\nkrp_pkg_embed-y := krp_pkg.o\nKRETPROBE_COMPAT_EMBED := y\ninclude %s/kretprobe-compat.mk\n' \
		"$dest$share" >"$m/Kbuild"
	log=$tmp/$rel.embed.log
	if make -C "$kdir" M="$m" modules >"$log" 2>&1 &&
		! nm_has "$m/krp_pkg_embed.ko" ' U krpc_' &&
		nm_has "$m/krp_pkg_embed.ko" ' [tT] krpc_register_kretprobe$'; then
		result 0 "module builds embedded through the installed kretprobe-compat.mk ($rel)"
	else
		nm "$m/krp_pkg_embed.ko" 2>/dev/null | grep krpc_ >>"$log"
		result 1 "module builds embedded through the installed kretprobe-compat.mk ($rel)" "$log"
	fi

	# Linked against the installed shim: kernels/<release>/kretprobe-compat.mk.
	m=$tmp/mod-link-$rel
	mkdir -p "$m"
	cp "$tmp/krp_pkg.c" "$m/"
	# shellcheck disable=SC2016 # $(KERNELRELEASE) is for make
	printf 'obj-m += krp_pkg.o\ninclude %s/kernels/$(KERNELRELEASE)/kretprobe-compat.mk\n' \
		"$dest$share" >"$m/Kbuild"
	log=$tmp/$rel.link.log
	if make -C "$kdir" M="$m" modules >"$log" 2>&1 &&
		! grep -q 'undefined!' "$log" &&
		nm_has "$m/krp_pkg.ko" ' U krpc_register_kretprobe$' &&
		! nm_has "$m/krp_pkg.ko" ' U register_kretprobe$' &&
		[ "$(modinfo -F depends "$m/krp_pkg.ko")" = kretprobe_compat ]; then
		result 0 "module links against the installed shim via kernels/$rel/kretprobe-compat.mk"
	else
		modinfo "$m/krp_pkg.ko" >>"$log" 2>&1
		result 1 "module links against the installed shim via kernels/$rel/kretprobe-compat.mk" "$log"
	fi

	# The generic .mk without embedding and without a DKMS-built shim must
	# refuse, and say why.
	m=$tmp/mod-nosym-$rel
	mkdir -p "$m"
	cp "$tmp/krp_pkg.c" "$m/"
	printf 'obj-m += krp_pkg.o\ninclude %s/kretprobe-compat.mk\n' "$dest$share" >"$m/Kbuild"
	log=$tmp/$rel.nosym.log
	if ! make -C "$kdir" M="$m" KRETPROBE_COMPAT_DKMS_TREE="$tmp/no-dkms" modules >"$log" 2>&1 &&
		grep -q 'Module.symvers is missing' "$log"; then
		result 0 "installed generic .mk without EMBED refuses with 'Module.symvers is missing' ($rel)"
	else
		result 1 "installed generic .mk without EMBED refuses with 'Module.symvers is missing' ($rel)" "$log"
	fi

	log=$tmp/$rel.uninstall.log
	before=$(find "$dest" ! -type d 2>/dev/null | wc -l)
	env DESTDIR="$dest" PREFIX="$prefix" KDIR="$kdir" "$tmp/src/tools/install.sh" uninstall >"$log" 2>&1
	rc=$?
	left=$(find "$dest" ! -type d)
	[ -n "$left" ] && printf 'left: %s\n' "$left" >>"$log"
	echo "# uninstall: $before files before" >>"$log"
	[ $rc -eq 0 ] && [ "$before" -gt 0 ] && [ -z "$left" ]
	result $? "make uninstall removes all $before installed files ($rel)" "$log"

	# install must fail loudly on a KDIR that is not a kernel tree.
	log=$tmp/$rel.badkdir.log
	if ! env DESTDIR="$dest" KDIR="$tmp/nokernel" "$tmp/src/tools/install.sh" install >"$log" 2>&1 &&
		grep -q 'no kernel build tree' "$log"; then
		result 0 "install refuses a KDIR without a kernel build tree ($rel)"
	else
		result 1 "install refuses a KDIR without a kernel build tree ($rel)" "$log"
	fi
done

# The installed tools run from the installed tree (spatch from coccinelle).
dest=$tmp/dest-tools
log=$tmp/tools.log
env DESTDIR="$dest" PREFIX="$prefix" "$tmp/src/tools/install.sh" install --no-module >"$log" 2>&1
mkdir -p "$tmp/author"
cp "$tmp/krp_pkg.c" "$tmp/author/"
out=$("$dest$share/tools/migrate.sh" --mode report "$tmp/author" 2>&1)
echo "$out" >>"$log"
echo "$out" | grep -q '^summary: files=1 auto=[1-9]'
result $? "installed tools/migrate.sh --mode report finds the auto-convertible sites" "$log"
out=$("$dest$share/tools/migrate.sh" --mode patch -o "$tmp/author.diff" "$tmp/author" 2>&1)
echo "$out" >>"$log"
grep -q '^+.*register_fprobe_sym(&krp, "kernel_clone")' "$tmp/author.diff" &&
	grep -q '^+.*ret = register_fprobe(fp, sym, NULL);' "$tmp/author.diff"
result $? "installed tools/migrate.sh --mode patch converts it to register_fprobe() (through register_fprobe_sym())" "$log"
ktap_end
