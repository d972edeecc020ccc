# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Workload that kills the guest (sysrq 'c': panic()) in the shim-off
# variant only (shim-off.sh), for the check that deprecation-test.sh keeps
# the results of the variants run before, names the variant the guest died
# in and why, and boots again for those after it.
. /test/shim-off.sh
if shim_off; then
	echo c >/proc/sysrq-trigger
fi
