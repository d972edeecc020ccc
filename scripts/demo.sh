#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The main job ('make demo'): build the shim for Debian's 6.12 kernel, boot
# that kernel under QEMU and show the shim loaded in it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

rel=6.12.117+deb12-amd64
note "[1/3] building kretprobe_compat.ko for $rel"
b=$("$KRPC_TOP/scripts/build-for.sh" "$rel")
note "[2/3] fetching the $rel kernel image (cached after the first run)"
"$KRPC_TOP/scripts/kernel-fetch.sh" "$rel" >/dev/null
note "[3/3] booting $rel under QEMU (TCG, ~10 s)"
rc=0
"$KRPC_TOP/scripts/vm-run.sh" -k "$rel" demo.sh "$b/shim/kretprobe_compat.ko" || rc=$?
log=$KRPC_OUT/vm/demo-$rel/console.log
echo "---- guest output ----"
sed -n '/^<<<KRPC-KTAP/,/^KRPC-KTAP>>>/p' "$log" | sed '1d;$d'
exit $rc
