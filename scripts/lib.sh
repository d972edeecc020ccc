# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the host-side scripts. Source it; do not run it.

KRPC_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KRPC_CACHE=${KRPC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kretprobe-compat}
KRPC_OUT=${KRPC_OUT:-$KRPC_TOP/out}
KRPC_KERNELS=$KRPC_TOP/tests/vm/kernels

die() {
	echo "error: $*" >&2
	exit 1
}

note() {
	echo ">> $*" >&2
}

# kernel_field RELEASE COLUMN: one column of tests/vm/kernels (2=image pkg,
# 3=headers pkg, 4=traits). Fails with a message for an unknown release.
kernel_field() {
	local line
	line=$(awk -v r="$1" '$1 == r { print }' "$KRPC_KERNELS")
	[ -n "$line" ] || die "kernel '$1' is not in tests/vm/kernels (known: $(kernel_list | tr '\n' ' '))"
	echo "$line" | awk -v c="$2" '{ print $c }'
}

# kernel_list: every release in tests/vm/kernels, in file order.
kernel_list() {
	awk '!/^#/ && NF { print $1 }' "$KRPC_KERNELS"
}

# kernel_headers RELEASE: the build directory of that kernel's headers.
kernel_headers() {
	echo "/usr/src/linux-headers-$1"
}

# has_fprobe RELEASE: the kernel has the 'fprobe' trait in tests/vm/kernels.
has_fprobe() {
	case ",$(kernel_field "$1" 4)," in *,fprobe,*) return 0 ;; esac
	return 1
}
