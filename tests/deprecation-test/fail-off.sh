# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Workload that fails (exit 3) in the shim-off variant only (shim-off.sh):
# a variant that makes the workload fail differs; it is not bad input.
. /test/shim-off.sh
! shim_off || exit 3
