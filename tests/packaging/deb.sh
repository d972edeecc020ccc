#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian packages: 'dpkg-buildpackage -us -uc -b' in a scratch copy of
# the tree (build products never land in the tree), then: both binary
# packages exist; their contents are what debian/ promises; lintian reports
# nothing (overrides, each with its reason, live in debian/*.lintian-overrides);
# the packaged DKMS source builds with dkms for RELEASE; a module builds
# through the packaged kretprobe-compat.mk. The .debs are kept in OUTDIR
# (default out/deb) for 'make deb'.
#
# usage: tests/packaging/deb.sh [-o OUTDIR] [RELEASE]   (default release: Debian 6.12)
# shellcheck disable=SC2015,SC2016 # A && B || C on purpose; bash -c and grep take literal $
set -uo pipefail
# shellcheck source=tests/packaging/lib.sh
. "$(dirname "$0")/lib.sh"

outdir=$KRPC_OUT/deb
while getopts "o:" opt; do
	case $opt in
	o) outdir=$OPTARG ;;
	*) die "usage: $0 [-o OUTDIR] [RELEASE]" ;;
	esac
done
shift $((OPTIND - 1))
rel=${1:-6.12.117+deb12-amd64}
command -v dh_dkms >/dev/null && command -v lintian >/dev/null && command -v dh >/dev/null ||
	"$KRPC_TOP/scripts/deps.sh" debhelper dh-dkms dkms lintian fakeroot
version=$(cat "$KRPC_TOP/VERSION")
scratch_dir
# shellcheck disable=SC2154 # tmp: set by scratch_dir (lib.sh)
src=$tmp/kretprobe-compat-$version
copy_tree "$src"

ktap_plan 11
# The source package first, from the pristine copy (native: a tarball of it).
log=$tmp/source.log
run "dpkg-source -b (3.0 native) of the scratch copy" "$log" \
	bash -c 'cd "$1" && dpkg-source -b "$2"' _ "$tmp" "$(basename "$src")"
log=$tmp/lintian-source.log
lintian --display-info --pedantic --fail-on error,warning,info,pedantic \
	"$tmp/kretprobe-compat_$version.dsc" 2>&1 |
	grep -v '^running with root privileges is not recommended' >"$log"
rc=${PIPESTATUS[0]}
sed 's/^/# lintian: /' "$log"
[ "$rc" -eq 0 ] && [ ! -s "$log" ]
result $? "lintian (--pedantic, --display-info) on the source package: no tag" "$log"

log=$tmp/build.log
run "dpkg-buildpackage -us -uc -b in a scratch copy" "$log" \
	bash -c 'cd "$1" && dpkg-buildpackage -us -uc -b' _ "$src"
dkms_deb=$tmp/kretprobe-compat-dkms_${version}_all.deb
dev_deb=$tmp/kretprobe-compat-dev_${version}_all.deb
changes=$tmp/kretprobe-compat_${version}_amd64.changes
[ -f "$changes" ] || changes=$(find "$tmp" -maxdepth 1 -name '*.changes' | head -n 1)

# Contents: each package holds what it must and no build output.
c=$tmp/contents-dkms
{ dpkg-deb -c "$dkms_deb" && dpkg-deb -I "$dkms_deb"; } >"$c" 2>&1
ok=0
for f in dkms.conf Makefile Kbuild VERSION kretprobe-compat.mk shim/core.c shim/Kbuild shim/probes.mk \
	include/kretprobe_compat/kretprobe_compat.h compat-headers/linux/kprobes.h; do
	grep -q "\./usr/src/kretprobe-compat-$version/$f\$" "$c" || { echo "missing $f" >>"$c"; ok=1; }
done
grep -qE '\.(o|ko|cmd|mod\.c)$|Module\.symvers|modules\.order' "$c" && { echo "build output packaged" >>"$c"; ok=1; }
grep -qE 'Depends:.*\bdkms\b' "$c" || { echo "no Depends on dkms" >>"$c"; ok=1; }
result $ok "kretprobe-compat-dkms: sources in /usr/src/kretprobe-compat-$version, no build output, Depends: dkms" "$c"

x=$tmp/x-dkms
dpkg-deb -x "$dkms_deb" "$x" 2>/dev/null
dpkg-deb -e "$dkms_deb" "$x/DEBIAN" 2>/dev/null
grep -q "^PACKAGE_VERSION=\"$version\"$" "$x/usr/src/kretprobe-compat-$version/dkms.conf" 2>/dev/null &&
	grep -q '^DKMS_NAME=kretprobe-compat$' "$x/DEBIAN/postinst" 2>/dev/null &&
	grep -q "^DKMS_VERSION=$version\$" "$x/DEBIAN/postinst" &&
	grep -q 'common.postinst' "$x/DEBIAN/postinst" &&
	grep -q 'dkms remove -m $DKMS_NAME -v $DKMS_VERSION --all' "$x/DEBIAN/prerm" 2>/dev/null
result $? "kretprobe-compat-dkms: dkms.conf version $version, postinst builds (dkms common.postinst) and prerm removes the DKMS module"

c=$tmp/contents-dev
dpkg-deb -c "$dev_deb" >"$c" 2>&1
ok=0
# Every rule and its Python (the pipeline imports cocci/kretprobe_fprobe.py).
for f in kretprobe-compat.mk VERSION compat-headers/linux/kprobes.h shim/params.c \
	shim/core.c shim/probes.mk $(git -C "$KRPC_TOP" ls-files 'cocci/*.cocci' 'cocci/*.py') tools/migrate.sh \
	tools/kretprobe-audit/kretprobe-audit.c tools/kretprobe-audit/targets.sh; do
	grep -q "\./usr/share/kretprobe-compat/$f\$" "$c" || { echo "missing $f" >>"$c"; ok=1; }
done
grep -qE '^-rwxr-xr-x .*/usr/share/kretprobe-compat/tools/migrate.sh$' "$c" ||
	{ echo "migrate.sh not executable" >>"$c"; ok=1; }
grep -q '\./usr/share/doc/kretprobe-compat-dev/porting-guide.md' "$c" && grep -q '\./usr/share/doc/kretprobe-compat-dev/cocci.md' "$c" ||
	{ echo "porting guide missing" >>"$c"; ok=1; }
result $ok "kretprobe-compat-dev: .mk, headers, shim sources, cocci rules, migrate.sh, audit sources, docs" "$c"

log=$tmp/lintian.log
lintian --display-info --pedantic --fail-on error,warning,info,pedantic "$changes" 2>&1 |
	grep -v '^running with root privileges is not recommended' >"$log"
rc=${PIPESTATUS[0]}
sed 's/^/# lintian: /' "$log"
[ "$rc" -eq 0 ] && [ ! -s "$log" ]
result $? "lintian (--pedantic, --display-info) on the binary packages (.changes): no tag" "$log"

# The packaged DKMS source builds for $rel (private dkms trees).
opts=(--dkmstree "$tmp/var-lib-dkms" --sourcetree "$x/usr/src" --installtree "$tmp/lib-modules" --no-depmod)
mkdir -p "$tmp/var-lib-dkms" "$tmp/lib-modules/$rel"
log=$tmp/dkms.log
{ dkms add "${opts[@]}" -m kretprobe-compat -v "$version" &&
	dkms build "${opts[@]}" -m kretprobe-compat -v "$version" -k "$rel"; } >"$log" 2>&1
ko=$(find "$tmp/var-lib-dkms/kretprobe-compat/$version/$rel" -name 'kretprobe_compat.ko*' 2>/dev/null | head -n 1)
[ -n "$ko" ] && [ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" = "$rel" ]
result $? "dkms builds the packaged source for $rel (vermagic $rel)" "$log"

# A module builds through the packaged kretprobe-compat.mk (embedded).
d=$tmp/x-dev
dpkg-deb -x "$dev_deb" "$d" 2>/dev/null
m=$tmp/mod
mkdir -p "$m"
cp "$KRPC_TOP/tests/packaging/module/krp_pkg.c" "$m/"
printf 'obj-m += krp_pkg_embed.o\nkrp_pkg_embed-y := krp_pkg.o\nKRETPROBE_COMPAT_EMBED := y\ninclude %s/usr/share/kretprobe-compat/kretprobe-compat.mk\n' \
	"$d" >"$m/Kbuild"
log=$tmp/mod.log
make -C "$(kernel_headers "$rel")" M="$m" modules >"$log" 2>&1 && [ -f "$m/krp_pkg_embed.ko" ]
result $? "a module builds embedded through the packaged kretprobe-compat.mk ($rel)" "$log"

# The packaged migrate.sh runs from /usr/share (with -o: /usr/share is not writable).
mkdir -p "$tmp/author"
cp "$KRPC_TOP/tests/packaging/module/krp_pkg.c" "$tmp/author/"
log=$tmp/migrate.log
"$d/usr/share/kretprobe-compat/tools/migrate.sh" --mode patch -o "$tmp/author.diff" "$tmp/author" >"$log" 2>&1 &&
	grep -q '^+.*register_fprobe_sym(&' "$tmp/author.diff" &&
	grep -q '^+.*ret = register_fprobe(fp, sym, NULL);' "$tmp/author.diff"
result $? "the packaged migrate.sh converts a kretprobe user to register_fprobe()" "$log"

mkdir -p "$outdir"
cp "$dkms_deb" "$dev_deb" "$outdir/" 2>/dev/null
[ -f "$outdir/$(basename "$dkms_deb")" ] && [ -f "$outdir/$(basename "$dev_deb")" ]
result $? "packages copied to $outdir"
ktap_end
