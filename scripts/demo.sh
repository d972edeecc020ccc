#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The main job ('make demo'): the kernel's own kretprobe_example.c keeps
# working on Debian's 6.12 kernel with kprobes disabled, first unchanged
# through kretprobe-compat, then converted to native fprobe by cocci/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

rel=6.12.117+deb12-amd64
step() { printf '\n==> [%s/5] %s\n' "$1" "$2"; }

step 1 "build kretprobe_compat.ko and the kernel's kretprobe_example.c for $rel"
note "first run: unpacks linux-source-6.12 (~1 min) and builds; later runs reuse the cache"
b=$("$KRPC_TOP/scripts/build-for.sh" "$rel")
ks=$b/tests/kernel-samples/kretprobe_example
echo "The module author's change, the whole of it (tests/kernel-samples/kretprobe_example/compat/Kbuild):"
grep -v '^#' "$KRPC_TOP/tests/kernel-samples/kretprobe_example/compat/Kbuild" | sed 's/^/    /'

step 2 "the migration rule on the same sample (tools/migrate.sh --mode patch)"
sed 's/^/    /' "$ks/fprobe.migrate.diff"
echo "    native kretprobe symbols the converted module needs: $(nm "$ks/fprobe/kretprobe_example_fprobe.ko" |
	grep -cE ' U (register|unregister)_kretprobe')"

step 3 "fetch the $rel kernel image (cached after the first run)"
"$KRPC_TOP/scripts/kernel-fetch.sh" "$rel" >/dev/null

step 4 "boot $rel under QEMU (TCG, about 10-30 s) and run the three builds"
rc=0
"$KRPC_TOP/scripts/vm-run.sh" -q -k "$rel" demo.sh "$b/shim/kretprobe_compat.ko" \
	"$ks/native/kretprobe_example_native.ko" "$ks/compat/kretprobe_example.ko" \
	"$ks/fprobe/kretprobe_example_fprobe.ko" || rc=$?

step 5 "what the guest printed"
sed -n '/^<<<KRPC-KTAP/,/^KRPC-KTAP>>>/p' "$KRPC_OUT/vm/demo-$rel/console.log" |
	sed '1d;$d' | grep -vE '^(KTAP version|1\.\.)' | sed 's/^# \{0,1\}/    /; s/^ok [0-9]* /    ok: /'
[ $rc -eq 0 ] && echo "demo: OK" || echo "demo: FAILED (console log: $KRPC_OUT/vm/demo-$rel/console.log)"
exit $rc
