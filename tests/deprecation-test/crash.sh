# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Workload that kills the guest (sysrq 'c': panic()) once kretprobe_example
# is loaded (not in the warm-up run before the variants), for the check
# that deprecation-test.sh says which variant a guest died in, and why.
if [ -e /sys/module/kretprobe_example ]; then
	echo c >/proc/sysrq-trigger
fi
