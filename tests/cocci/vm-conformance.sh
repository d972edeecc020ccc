# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest test (scripts/vm-run.sh): tests/cocci/conformance/krp_convert.c
# built natively (krp_convert_native.ko, the oracle) and converted to fprobe
# by tools/migrate.sh (krp_convert_fprobe.ko, no shim), in the same boot.
# Each prints a KTAP document at init; the native one must pass all its
# checks, and the converted one must print the same results, check for
# check. Nothing in the file needs a person (the report says so at build
# time: tools/migrate.sh refuses a file with a blocker), so no check is
# excused.
#
#   KRPC_KPROBES_OFF=1  disable kprobes after the native run: the converted
#                       module needs none

# results MODULE: load it, the KTAP result lines it printed, unload
results() {
	m=$(kmark)
	insmod "./$1" || return 1
	kmsg_since "$m" | grep -E '^(1\.\.[0-9]+|(not )?ok [0-9]+ )'
	rmmod "${1%.ko}"
}

ktap_plan 5
results krp_convert_native.ko >/tmp/native.out
sed 's/^/# native: /' /tmp/native.out
n=$(grep -c '^ok ' /tmp/native.out)
ktap_test "native: all $n checks pass, as many as planned" sh -c \
	"! grep -q '^not ok' /tmp/native.out && grep -qx '1\\.\\.$n' /tmp/native.out && [ $n -gt 0 ]"
kprobes_off_if_asked
results krp_convert_fprobe.ko >/tmp/fprobe.out
sed 's/^/# converted: /' /tmp/fprobe.out
ktap_test "converted module loaded and reported" test -s /tmp/fprobe.out
ktap_test "converted: the same results as native, check for check" \
	cmp /tmp/native.out /tmp/fprobe.out
ktap_test "no kprobe left registered" sh -c '! grep -q . /sys/kernel/debug/kprobes/list'
