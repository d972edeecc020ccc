#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# An embedded shim (KRETPROBE_COMPAT_EMBED), against a build by
# scripts/build-for.sh: the multi-file module tests/embed, and the
# embedded conformance and kernel-sample modules, each hold exactly one
# copy of the shim (one krpc_mutex, one krpc_register_kretprobes), export
# nothing and have no module parameter of the shim's; a single-file module
# named after its source, and a directory of two embedding modules (which
# would share the shim's objects), are refused with a message that says
# what to do.
#
# usage: tests/embed/run.sh RELEASE
set -uo pipefail
# shellcheck source=tests/packaging/lib.sh
. "$(dirname "$0")/../packaging/lib.sh"

[ $# -eq 1 ] || die "usage: $0 RELEASE"
rel=$1
b=$KRPC_OUT/build/$rel
mods=("$b/tests/embed/krp_embed_multi.ko"
	"$b/tests/conformance/embed/krp_conf_embed.ko"
	"$b/tests/kernel-samples/kretprobe_example/embed/kretprobe_example_embed.ko")
for m in "${mods[@]}"; do
	[ -f "$m" ] || die "$m missing: run scripts/build-for.sh $rel first"
done
ktap_plan $((3 * ${#mods[@]} + 2))
for m in "${mods[@]}"; do
	name=$(basename "$m")
	c=$(nm "$m" | grep -c ' krpc_mutex$')
	r=$(nm "$m" | grep -c ' T krpc_register_kretprobes$')
	echo "# $name: krpc_mutex $c, krpc_register_kretprobes $r"
	[ "$c" = 1 ] && [ "$r" = 1 ]
	result $? "$name holds one copy of the shim"
	ex=$(nm "$m" | grep -c '__ksymtab')
	[ "$ex" = 0 ]
	result $? "$name exports nothing ($ex ksymtab entries)"
	p=$(modinfo -F parm "$m" | grep -cE '^(fake_regs|stats|fallback|version):')
	[ "$p" = 0 ]
	result $? "$name has none of the shim's module parameters"
done
# Inside the build tree: kernel_make may build in a chroot that sees only it.
tmp=$(mktemp -d "$b/embed-refusals.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
printf '// SPDX-License-Identifier: GPL-2.0\n#include <linux/module.h>\nMODULE_LICENSE("GPL");\n' >"$tmp/krp_single.c"
printf 'obj-m := krp_single.o\nKRETPROBE_COMPAT_EMBED := y\ninclude %s/kretprobe-compat.mk\n' "$b" >"$tmp/Kbuild"
out=$(kernel_make "$rel" "$b" M="$tmp" modules 2>&1)
if [ $? -ne 0 ] && grep -q "krp_single.o is built from krp_single.c alone" <<<"$out" &&
	grep -q "krp_single_mod-y := krp_single.o" <<<"$out"; then
	result 0 "a single-file module named after its source is refused, with the Kbuild lines to write"
else
	echo "$out" | tail -n 10 | sed 's/^/# /'
	result 1 "a single-file module named after its source is refused, with the Kbuild lines to write"
fi
mkdir -p "$tmp/two"
touch "$tmp/two/a.c" "$tmp/two/b.c"
printf 'obj-m := a_mod.o b_mod.o\na_mod-y := a.o\nb_mod-y := b.o\nKRETPROBE_COMPAT_EMBED := y\ninclude %s/kretprobe-compat.mk\n' \
	"$b" >"$tmp/two/Kbuild"
out=$(kernel_make "$rel" "$b" M="$tmp/two" modules 2>&1)
if [ $? -ne 0 ] && grep -q "obj-m lists a_mod.o b_mod.o; one module per directory" <<<"$out"; then
	result 0 "two embedding modules in one directory are refused"
else
	echo "$out" | tail -n 10 | sed 's/^/# /'
	result 1 "two embedding modules in one directory are refused"
fi
ktap_end
