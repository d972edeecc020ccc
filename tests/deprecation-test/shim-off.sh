# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# shim_off: true in one variant of deprecation-test.sh only: kprobes
# disabled and a kretprobe served by the shim (its debugfs table has a
# row; the migrated build's native fprobe has none). Shell builtins only,
# so that every variant forks alike. For crash.sh and fail-off.sh, which
# need it copied in: --copy tests/deprecation-test/shim-off.sh.
shim_off() {
	_en=1
	read -r _en </sys/kernel/debug/kprobes/enabled
	[ "$_en" = 0 ] && [ -e /sys/kernel/debug/kretprobe_compat/probes ] || return 1
	while read -r _line; do
		case $_line in
		'#'*) ;;
		*) return 0 ;;
		esac
	done </sys/kernel/debug/kretprobe_compat/probes
	return 1
}
