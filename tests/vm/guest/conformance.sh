# SPDX-License-Identifier: GPL-2.0
#
# Differential conformance test: load one build of tests/conformance (it runs
# its checks at init and prints a KTAP document), embed that document as a
# subtest, and unload it.
#
#   KRPC_CONF_MODULE  module file in /test (default krp_conf_native.ko):
#                     krp_conf_native.ko (native kretprobes, the oracle) or
#                     krp_conf_compat.ko (the same source on the shim)
#   KRPC_SHIM_PARAMS  parameters for kretprobe_compat.ko, loaded first when
#                     the compat build runs and /test holds the shim
#   KRPC_KPROBES_OFF  1: write 0 to /sys/kernel/debug/kprobes/enabled first
#                     (a kernel of trait nokprobes has none: there the
#                     test checks that kprobes are absent, either way)
#   KRPC_EXPECT_FIRE  expect_fire= for the module (default: 0 for the native
#                     build with kprobes off, where native kretprobes
#                     register but never fire; 1 otherwise)

mod=${KRPC_CONF_MODULE:-krp_conf_native.ko}
name=$(basename "$mod" .ko)
shim=
case $name in
*compat*) [ -f ./kretprobe_compat.ko ] && shim=1 ;;
esac
if [ -z "${KRPC_EXPECT_FIRE:-}" ]; then
	KRPC_EXPECT_FIRE=1
	[ "${KRPC_KPROBES_OFF:-0}" = 1 ] && [ "$name" = krp_conf_native ] && KRPC_EXPECT_FIRE=0
fi

ktap_plan $((5 + ${shim:-0} * 2))
echo "# $name on $KRPC_KERNEL ($KRPC_TRAITS), kprobes off: ${KRPC_KPROBES_OFF:-0}, expect_fire=$KRPC_EXPECT_FIRE"

if [ -n "$shim" ]; then
	# shellcheck disable=SC2086 # the parameters are words on purpose
	ktap_test "insmod kretprobe_compat ${KRPC_SHIM_PARAMS:-}" \
		insmod ./kretprobe_compat.ko ${KRPC_SHIM_PARAMS:-}
fi

if has_trait nokprobes; then
	ktap_test "kprobes absent (CONFIG_KPROBES unset): off by construction" kprobes_absent
elif [ "${KRPC_KPROBES_OFF:-0}" = 1 ]; then
	ktap_test "kprobes disabled" sh -c \
		'echo 0 >/sys/kernel/debug/kprobes/enabled && test "$(cat /sys/kernel/debug/kprobes/enabled)" = 0'
else
	ktap_test "kprobes enabled" sh -c \
		'test ! -e /sys/kernel/debug/kprobes/enabled || test "$(cat /sys/kernel/debug/kprobes/enabled)" = 1'
fi

mark=$(kmark)
ktap_test "insmod $name expect_fire=$KRPC_EXPECT_FIRE" \
	insmod "./$mod" expect_fire="$KRPC_EXPECT_FIRE"
conf_doc /tmp/conf.ktap "$mark"
ktap_test "$name printed a complete KTAP document" conf_complete /tmp/conf.ktap
ktap_sub "$name" /tmp/conf.ktap
ktap_test "rmmod $name" rmmod "$name"

if [ -n "$shim" ]; then
	ktap_test "rmmod kretprobe_compat" rmmod kretprobe_compat
fi
