# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
#
# The conformance suite natively and through the shim in one boot, kprobes
# on: krp_conf_native.ko (the oracle) loaded, judged and unloaded, then
# kretprobe_compat.ko and krp_conf_compat.ko (the same source built through
# the compat headers). Each document is a subtest, and the two must give
# the same result, ok or not ok (SKIP included), for every case, in the
# same kernel, under the same boot's conditions.

ktap_plan 11
echo "# native and through the shim on $KRPC_KERNEL ($KRPC_TRAITS)"

# conf_run MODULE FILE: load a conformance build, keep its document, unload.
conf_run() {
	cr_mod=$(basename "$1" .ko)
	cr_mark=$(kmark)
	ktap_test "insmod $cr_mod" insmod "./$1" expect_fire=1
	conf_doc "$2" "$cr_mark"
	ktap_test "$cr_mod printed a complete KTAP document" conf_complete "$2"
	ktap_test "rmmod $cr_mod" rmmod "$cr_mod"
}

# conf_results FILE: "ok|not ok NAME [# SKIP]" per case, without numbers
# or the reasons after a directive.
conf_results() {
	sed -nE 's/^(ok|not ok) [0-9]+ ([^#]*[^ #])( *# *(SKIP|TODO).*)?$/\1 \2 \4/p' "$1"
}

# conf_same A B: every case has the same result in both documents.
conf_same() {
	conf_results "$1" >/tmp/conf.a
	conf_results "$2" >/tmp/conf.b
	echo "$(wc -l </tmp/conf.a) cases natively, $(wc -l </tmp/conf.b) through the shim"
	[ -s /tmp/conf.a ] && diff /tmp/conf.a /tmp/conf.b
}

conf_run krp_conf_native.ko /tmp/conf-native.ktap
ktap_test "insmod kretprobe_compat" insmod ./kretprobe_compat.ko
conf_run krp_conf_compat.ko /tmp/conf-compat.ktap
ktap_test "rmmod kretprobe_compat" rmmod kretprobe_compat
ktap_test "native and the shim agree on every case" \
	conf_same /tmp/conf-native.ktap /tmp/conf-compat.ktap
ktap_sub krp_conf_native /tmp/conf-native.ktap
ktap_sub krp_conf_compat /tmp/conf-compat.ktap
