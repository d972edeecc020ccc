#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what the build, the tests and the demo need, from Debian's archive.
# Idempotent and silent when everything is already there.
#
# usage: scripts/deps.sh [extra-package ...]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pkgs=(make gcc bc flex bison libelf-dev kmod cpio rsync file python3 zstd xz-utils
      coccinelle qemu-system-x86 qemu-system-arm busybox-static shellcheck linux-source-6.12
      debootstrap gcc-aarch64-linux-gnu
      clang llvm libbpf-dev bpftool zlib1g-dev libzstd-dev
      gnuplot-nox dkms dh-dkms debhelper lintian)
# Headers of the kernels column 5 marks 'host'; the others are unpacked
# from the archive when first used (scripts/kernel-headers.sh).
while read -r rel; do
	pkgs+=("$(kernel_field "$rel" 3)")
done < <(kernel_list -d)
pkgs+=("$@")

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

[ "$(id -u)" -eq 0 ] || die "missing packages: ${missing[*]}; run as root or install them with apt-get"
note "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
stamp=$KRPC_CACHE/apt-updated
mkdir -p "$KRPC_CACHE"
if [ ! -e "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440)" ]; then
	apt-get update -qq || die "apt-get update failed"
	touch "$stamp"
fi
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$KRPC_CACHE/apt.log" 2>&1; then
	# A pinned headers package the archive dropped: say which replaces it.
	while read -r rel; do
		pkg=$(kernel_field "$rel" 3)
		apt-cache show "$pkg" >/dev/null 2>&1 || debian_pinned "$pkg:amd64"
	done < <(kernel_list -d)
	die "apt-get install failed; see $KRPC_CACHE/apt.log"
fi
