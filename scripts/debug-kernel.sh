#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The reliability debug kernel (docs/reliability.md): scripts/kernel-build.sh
# with tests/debug-kernel/debug.config. Prints bzImage= and KDIR= lines.
#
# usage: scripts/debug-kernel.sh [-c] [-j N]
exec "$(dirname "$0")/kernel-build.sh" "$@" "$(dirname "$0")/../tests/debug-kernel/debug.config"
