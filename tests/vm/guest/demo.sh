# SPDX-License-Identifier: GPL-2.0
#
# Guest half of 'make demo': load the shim and show what the kernel sees.

ktap_plan 2
echo "# kernel: $(uname -r)"
ktap_test "insmod kretprobe_compat.ko" insmod ./kretprobe_compat.ko
echo "# lsmod:"
lsmod | sed 's/^/#   /'
echo "# /sys/module/kretprobe_compat/parameters/version = $(cat /sys/module/kretprobe_compat/parameters/version)"
dmesg | grep kretprobe_compat | sed 's/^/# dmesg: /'
ktap_test "rmmod kretprobe_compat" rmmod kretprobe_compat
