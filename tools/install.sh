#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Install kretprobe-compat for module authors ('make install', 'make
# uninstall', 'make dkms-install'), and stage the DKMS source tree for
# packaging.
#
#   install      the shim for one kernel: 'make -C $KDIR M=<tree>
#                modules_install' into $DESTDIR/lib/modules/<release>/extra/,
#                then depmod (skipped when DESTDIR is set: a staging tree
#                has no module index to update); and the files module
#                authors use, under $DESTDIR$PREFIX/share/kretprobe-compat/:
#                  kretprobe-compat.mk VERSION include/ compat-headers/
#                  shim/ (sources, for KRETPROBE_COMPAT_EMBED := y)
#                  cocci/ tools/migrate.sh tools/migrate/ tools/kretprobe-audit/ (sources)
#                  kernels/<release>/  the shim's Module.symvers for that
#                      kernel, with links to the above: include
#                      kernels/<release>/kretprobe-compat.mk to link against
#                      the installed kretprobe_compat.ko
#   uninstall    remove what install put there (module for <release>, the
#                share directory), then depmod (unless DESTDIR is set)
#   dkms-source  the DKMS source tree, dkms.conf version filled in, to
#                $DESTDIR/usr/src/kretprobe-compat-<version>
#   dkms-install dkms-source into /usr/src, then dkms add, build and install
#                for each -k RELEASE (default: the release of KDIR)
#   dkms-remove  dkms remove --all, then remove /usr/src/kretprobe-compat-<version>
#   deb          the Debian packages (debian/): dpkg-buildpackage -us -uc -b in
#                a scratch copy of the tree; the .debs go to OUTDIR (default
#                out/deb). tests/packaging/deb.sh checks them (lintian too).
#
# usage: tools/install.sh install|uninstall [--no-module]
#        tools/install.sh dkms-source
#        tools/install.sh dkms-install|dkms-remove [-k RELEASE]... [-- DKMS-OPTION...]
#        tools/install.sh deb [OUTDIR]
# Environment (or make variables): DESTDIR (default empty), PREFIX (default
# /usr/local), KDIR (default /lib/modules/$(uname -r)/build). DKMS-OPTIONs
# go to every dkms call (e.g. --dkmstree DIR --sourcetree DIR --installtree
# DIR --no-depmod, for a test that must not touch the system).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
name=kretprobe-compat
version=$(cat "$top/VERSION")
DESTDIR=${DESTDIR:-}
PREFIX=${PREFIX:-/usr/local}
KDIR=${KDIR:-/lib/modules/$(uname -r)/build}
share=$DESTDIR$PREFIX/share/$name

die() {
	echo "install: error: $*" >&2
	exit 1
}
note() {
	echo "  $*"
}
usage() {
	sed -n '/^# usage:/,/^# Environment/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
	exit 1
}

# put SRC DEST: copy one file, executable if the source is.
put() {
	local mode=0644
	[ -x "$1" ] && mode=0755
	install -D -m "$mode" "$1" "$2"
}

# put_files DESTDIR FILE...: files (paths relative to the tree) under DESTDIR.
put_files() {
	local dest=$1 f
	shift
	for f in "$@"; do
		[ -f "$top/$f" ] || die "missing $top/$f"
		put "$top/$f" "$dest/$f"
	done
}

# Sources only, never Kbuild output (*.mod.c is generated).
srcs() { # DIR PATTERN...: files under DIR matching any PATTERN, relative to the tree
	local dir=$1 args=() p
	shift
	for p in "$@"; do
		[ ${#args[@]} -eq 0 ] || args+=(-o)
		args+=(-name "$p")
	done
	(cd "$top" && find "$dir" -type f \( "${args[@]}" \) ! -name '*.mod.c' | LC_ALL=C sort)
}

# Files of the tree each installed set is made of.
author_files() { # what a module author includes and runs
	echo kretprobe-compat.mk
	echo VERSION
	srcs include '*.h'
	srcs compat-headers '*.h'
	srcs shim '*.c' '*.h' Kbuild probes.mk
	srcs cocci '*.cocci' '*.py' README.md
	echo tools/migrate.sh
	srcs tools/migrate '*.py'
	srcs tools/kretprobe-audit '*.c' '*.cocci' '*.sh' Makefile
}
dkms_files() { # what 'make KDIR=... modules' and dkms.conf need, and nothing more
	echo Makefile
	echo tools/dkms-post-build.sh
	echo Kbuild
	echo VERSION
	echo kretprobe-compat.mk
	srcs include '*.h'
	srcs compat-headers '*.h'
	srcs shim '*.c' '*.h' Kbuild probes.mk
	srcs samples '*.c' Kbuild
}

kernel_release() {
	[ -f "$KDIR/Makefile" ] || die "no kernel build tree at KDIR=$KDIR (install its linux-headers package or pass KDIR=)"
	# UTS_RELEASE is what the module's vermagic and 'uname -r' say; Debian's
	# 6.1 headers have 6.1.192 in include/config/kernel.release instead.
	local h=$KDIR/include/generated/utsrelease.h
	[ -s "$h" ] || die "$h missing: not a prepared kernel build tree"
	sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$h"
}

do_install() {
	local with_module=$1 rel mod d inst
	if [ "$with_module" = 1 ]; then
		rel=$(kernel_release)
		echo "kretprobe-compat $version: module for $rel"
		# Build (incremental), so the installed .ko is for this KDIR.
		make -s -C "$KDIR" M="$top" modules >/dev/null ||
			die "building the shim against $KDIR failed"
		mod=$top/shim/kretprobe_compat.ko
		[ "$(modinfo -F vermagic "$mod" | cut -d' ' -f1)" = "$rel" ] ||
			die "$mod is not built for $rel"
		# modules_install installs what modules.order lists: only the shim,
		# not the sample, so M= is shim/ (Kbuild wrote shim/modules.order).
		# INSTALL_MOD_DIR: the kernel's default for external modules (Debian's
		# headers say updates/, which DKMS uses). No signing: a headers
		# package has no signing key.
		make -s -C "$KDIR" M="$top/shim" INSTALL_MOD_PATH="$DESTDIR" KERNELRELEASE="$rel" \
			INSTALL_MOD_DIR=extra CONFIG_MODULE_SIG_ALL= modules_install 2>&1 |
			{ grep -v "missing 'System.map' file" || true; }
		[ "${PIPESTATUS[0]}" -eq 0 ] || die "modules_install failed"
		inst=$(find "$DESTDIR/lib/modules/$rel/extra" -name 'kretprobe_compat.ko*' -print -quit)
		[ -n "$inst" ] || die "modules_install put no kretprobe_compat.ko in $DESTDIR/lib/modules/$rel/extra"
		note "$inst"
		if [ -n "$DESTDIR" ]; then
			note "DESTDIR set: depmod skipped (run 'depmod $rel' on the target)"
		else
			depmod -a "$rel" || die "depmod $rel failed"
			note "depmod $rel"
		fi
	fi

	echo "kretprobe-compat $version: files for module authors"
	mapfile -t files < <(author_files)
	put_files "$share" "${files[@]}"
	note "$share/ (${#files[@]} files)"
	if [ "$with_module" = 1 ]; then
		# Per kernel: the shim's exports (CRCs are per kernel) next to links
		# to the shared files, so kretprobe-compat.mk finds
		# $(KRETPROBE_COMPAT)/Module.symvers for this kernel.
		d=$share/kernels/$rel
		mkdir -p "$d"
		awk -F'\t' '$3 ~ /(^|\/)kretprobe_compat$/' "$top/Module.symvers" >"$d/Module.symvers"
		[ -s "$d/Module.symvers" ] || die "$top/Module.symvers lists no kretprobe_compat export"
		chmod 0644 "$d/Module.symvers"
		for f in kretprobe-compat.mk VERSION include compat-headers shim; do
			ln -sfn "../../$f" "$d/$f"
		done
		note "$d/kretprobe-compat.mk (links against the installed module)"
	fi
}

do_uninstall() {
	local with_module=$1 rel f
	if [ "$with_module" = 1 ]; then
		rel=$(kernel_release)
		for f in "$DESTDIR/lib/modules/$rel/extra/kretprobe_compat.ko"{,.gz,.xz,.zst}; do
			[ -e "$f" ] && rm -f "$f" && note "removed $f"
		done
		rmdir "$DESTDIR/lib/modules/$rel/extra" 2>/dev/null || true
		if [ -z "$DESTDIR" ]; then
			depmod -a "$rel" || die "depmod $rel failed"
			note "depmod $rel"
		fi
	fi
	if [ -d "$share" ]; then
		rm -rf "$share"
		note "removed $share"
	fi
}

# The DKMS source tree, to DEST.
dkms_source() {
	local dest=$1
	mapfile -t files < <(dkms_files)
	rm -rf "$dest"
	put_files "$dest" "${files[@]}"
	# PACKAGE_VERSION="#MODULE_VERSION#" is dh_dkms' placeholder; fill it here
	# so the tree works with plain dkms too.
	sed "s/#MODULE_VERSION#/$version/" "$top/dkms.conf" >"$dest/dkms.conf"
	chmod 0644 "$dest/dkms.conf"
	grep -q "^PACKAGE_VERSION=\"$version\"\$" "$dest/dkms.conf" ||
		die "dkms.conf: PACKAGE_VERSION not set to $version"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
install|uninstall)
	with_module=1
	for a in "$@"; do
		case $a in
		--no-module) with_module=0 ;;
		*) usage ;;
		esac
	done
	"do_$cmd" "$with_module"
	;;
dkms-source)
	[ $# -eq 0 ] || usage
	dkms_source "$DESTDIR/usr/src/$name-$version"
	echo "$DESTDIR/usr/src/$name-$version"
	;;
dkms-install|dkms-remove)
	rels=()
	opts=()
	while [ $# -gt 0 ]; do
		case $1 in
		-k) [ $# -ge 2 ] || usage; rels+=("$2"); shift 2 ;;
		--) shift; opts=("$@"); break ;;
		*) usage ;;
		esac
	done
	command -v dkms >/dev/null || die "dkms not found (apt-get install dkms)"
	srctree=/usr/src
	for ((i = 0; i < ${#opts[@]}; i++)); do
		[ "${opts[$i]}" = --sourcetree ] && srctree=${opts[$((i + 1))]:-}
	done
	if [ "$cmd" = dkms-remove ]; then
		# (not 'dkms status | grep -q': with pipefail, SIGPIPE fails the test)
		if [ -n "$(dkms status "${opts[@]}" -m "$name" -v "$version")" ]; then
			dkms remove "${opts[@]}" -m "$name" -v "$version" --all
		fi
		rm -rf "${srctree:?}/$name-$version"
		exit 0
	fi
	[ ${#rels[@]} -gt 0 ] || rels=("$(kernel_release)")
	dkms_source "$srctree/$name-$version"
	[ -n "$(dkms status "${opts[@]}" -m "$name" -v "$version")" ] ||
		dkms add "${opts[@]}" -m "$name" -v "$version"
	for rel in "${rels[@]}"; do
		dkms build "${opts[@]}" -m "$name" -v "$version" -k "$rel"
		dkms install "${opts[@]}" -m "$name" -v "$version" -k "$rel"
	done
	dkms status "${opts[@]}" -m "$name" -v "$version"
	;;
deb)
	[ $# -le 1 ] || usage
	outdir=${1:-$top/out/deb}
	{ command -v dpkg-buildpackage && command -v dh_dkms; } >/dev/null ||
		die "needs dpkg-dev, debhelper and dh-dkms (apt-get install debhelper dh-dkms)"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	src=$tmp/$name-$version
	mkdir -p "$src"
	# The project's files only (git's view when there is one), never build output.
	if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
		(cd "$top" && git ls-files -z --cached --others --exclude-standard |
			while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
			rsync -a --from0 --files-from=- ./ "$src/")
	else
		rsync -a --exclude=/out/ --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
			--exclude='*.mod' --exclude='*.mod.[co]' --exclude='*.symvers' --exclude='*.order' \
			"$top/" "$src/"
	fi
	(cd "$src" && dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1 ||
		{ tail -n 30 "$tmp/build.log" >&2; die "dpkg-buildpackage failed"; }
	mkdir -p "$outdir"
	cp "$tmp"/*.deb "$outdir/"
	(cd "$outdir" && ls -1 "$name"-*_"$version"_*.deb) | sed "s|^|$outdir/|"
	;;
*)
	usage
	;;
esac
