# SPDX-License-Identifier: GPL-2.0
#
# Smoke test: the shim module built for this kernel loads, reports its
# version, and unloads without a splat.

ktap_plan 4
ktap_test "insmod kretprobe_compat" insmod ./kretprobe_compat.ko
ktap_test "version parameter is $KRPC_VERSION" \
	grep -qx "$KRPC_VERSION" /sys/module/kretprobe_compat/parameters/version
echo "# kretprobe_compat version $(cat /sys/module/kretprobe_compat/parameters/version 2>/dev/null) on $KRPC_KERNEL"
ktap_test "rmmod kretprobe_compat" rmmod kretprobe_compat
ktap_test "module is gone" sh -c '! test -d /sys/module/kretprobe_compat'
