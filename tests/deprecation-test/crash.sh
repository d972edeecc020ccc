# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Workload that kills the guest (sysrq 'c': panic()) in one variant only:
# kprobes disabled and a kretprobe served by the shim (its debugfs table
# has a row: not so for the migrated build's native fprobe). For the
# check that deprecation-test.sh keeps the results of the variants run
# before, names the variant the guest died in and why, and boots again
# for those after it. Shell builtins only: every variant forks alike.
en=1
read -r en </sys/kernel/debug/kprobes/enabled
shim=0
if [ -e /sys/kernel/debug/kretprobe_compat/probes ]; then
	while read -r line; do
		case $line in
		'#'*) ;;
		*) shim=1 ;;
		esac
	done </sys/kernel/debug/kretprobe_compat/probes
fi
if [ "$en" = 0 ] && [ "$shim" = 1 ]; then
	echo c >/proc/sysrq-trigger
fi
