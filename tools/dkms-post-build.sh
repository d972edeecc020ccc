#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# DKMS POST_BUILD (dkms.conf), run in DKMS's build directory once the shim
# is built: keep the shim's exports (Module.symvers, whose CRCs are per
# kernel) next to the built module, in <dkms tree>/kretprobe-compat/
# <version>/<release>/<arch>/Module.symvers, where kretprobe-compat.mk
# finds them to link a module against the DKMS-installed
# kretprobe_compat.ko. DKMS removes the directory with the module.
#
# usage: dkms-post-build.sh RELEASE ARCH
set -eu
[ $# -eq 2 ] || { echo "usage: $0 RELEASE ARCH (dkms.conf's POST_BUILD)" >&2; exit 2; }
dest=../$1/$2
[ -d "$dest" ] || { echo "dkms-post-build: $dest missing: not run by dkms build?" >&2; exit 1; }
awk -F'\t' '$3 ~ /(^|\/)kretprobe_compat$/' Module.symvers >"$dest/Module.symvers"
[ -s "$dest/Module.symvers" ] || { echo "dkms-post-build: Module.symvers lists no kretprobe_compat export" >&2; exit 1; }
echo "kretprobe-compat: exports kept in $(cd "$dest" && pwd)/Module.symvers"
