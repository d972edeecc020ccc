# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# A workload that fails: deprecation-test.sh must stop with exit 2.
exit 3
