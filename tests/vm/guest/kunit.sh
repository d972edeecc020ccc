# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own suites, on the debug kernel (KUNIT=y):
#   - fprobe_test (lib/test_fprobe.c, CONFIG_FPROBE_SANITY_TEST=y): built
#     in, ran at boot; its KTAP is taken from the boot log;
#   - kprobes_test (lib/test_kprobes.c, CONFIG_KPROBES_SANITY_TEST=m):
#     test_kprobes.ko, native;
#   - the same source built through kretprobe-compat
#     (test_kprobes_compat.ko): its kretprobe cases run on the shim.
# Each suite's KTAP is embedded as a subtest and must pass.

ktap_plan 11
echo "# KUnit suites on $KRPC_KERNEL"

# suite NAME: the KUnit KTAP of suite NAME in the kernel log since MARK
# (from its "# Subtest:" line to its own result line), dedented.
suite() {
	kmsg_since "${MARK:-Linux version}" |
		sed -n "/^ *# Subtest: $1\$/,/^ *\(not \)\{0,1\}ok [0-9]* $1\$/p" |
		sed 's/^    //' >"/tmp/$1.ktap"
	test -s "/tmp/$1.ktap" && grep -q "^ok [0-9]* $1\$" "/tmp/$1.ktap"
}

# The boot log is all there: the mark is the first line of dmesg.
MARK='Linux version'
dmesg | head -n1 | grep -q 'Linux version' || MARK=.
ktap_test "fprobe_test ran at boot and passed" suite fprobe_test
ktap_sub "fprobe_test (lib/test_fprobe.c, at boot)" /tmp/fprobe_test.ktap

MARK=krpc-kunit-native
echo "$MARK" >/dev/kmsg
ktap_test "insmod test_kprobes (native)" insmod ./test_kprobes.ko
ktap_test "kprobes_test (native) passed" suite kprobes_test
ktap_sub "kprobes_test, native kretprobes" /tmp/kprobes_test.ktap
ktap_test "rmmod test_kprobes" rmmod test_kprobes

ktap_test "insmod kretprobe_compat" insmod ./kretprobe_compat.ko
MARK=krpc-kunit-compat
echo "$MARK" >/dev/kmsg
ktap_test "insmod test_kprobes_compat (kretprobes on the shim)" insmod ./test_kprobes_compat.ko
ktap_test "kprobes_test through the shim passed" suite kprobes_test
ktap_test "its 4 kretprobe cases ran, on kretprobe_compat (held by test_kprobes_compat)" sh -c \
	'grep "^kretprobe_compat " /proc/modules | grep -q test_kprobes_compat &&
	test "$(grep -c "^ok [0-9]* test_\(kretprobe\|kretprobes\|stacktrace_on_kretprobe\|stacktrace_on_nested_kretprobe\)\$" /tmp/kprobes_test.ktap)" -eq 4'
ktap_sub "kprobes_test, kretprobes on the shim" /tmp/kprobes_test.ktap
rmmod test_kprobes_compat && rmmod kretprobe_compat || echo "# rmmod failed"
