# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
#
# KTAP helpers for guest tests (busybox sh). The guest init sources this
# before the test script; the test's stdout is its KTAP output.
#
#   ktap_plan N             print the header and the plan
#   ktap_test NAME CMD...   run CMD; 'ok' if it exits 0, else 'not ok' with
#                           its output as diagnostic lines
#   ktap_ok NAME / ktap_fail NAME REASON / ktap_skip NAME REASON
#   ktap_sub NAME FILE      embed a KTAP document (FILE) as a subtest and
#                           report it ok when FILE holds no failure
#   kmsg_since MARK         the kernel log after the line holding MARK
#   kmark                   write a unique mark into the kernel log, print it
#   leak_baseline [-r]      kmemleak: forget what leaked before the test
#   leak_check [-r]         kmemleak: nothing unreferenced since the baseline
#                           (-r: a kernel without kmemleak fails the check)

KTAP_N=0

ktap_plan() {
	echo "KTAP version 1"
	echo "1..$1"
}

ktap_ok() {
	KTAP_N=$((KTAP_N + 1))
	echo "ok $KTAP_N $1"
}

ktap_fail() {
	KTAP_N=$((KTAP_N + 1))
	echo "# $1: $2"
	echo "not ok $KTAP_N $1 # $2"
}

ktap_skip() {
	KTAP_N=$((KTAP_N + 1))
	echo "ok $KTAP_N $1 # SKIP $2"
}

ktap_test() {
	_name=$1
	shift
	if "$@" >/tmp/ktap_test.out 2>&1; then
		ktap_ok "$_name"
	else
		_rc=$?
		sed 's/^/# /' /tmp/ktap_test.out
		ktap_fail "$_name" "exit status $_rc: $*"
	fi
}

ktap_sub() {
	sed 's/^/    /' "$2"
	if grep -q '^[[:space:]]*not ok' "$2" || ! grep -q '^[[:space:]]*ok ' "$2"; then
		ktap_fail "$1" "subtest failed"
	else
		ktap_ok "$1"
	fi
}

# kprobes_off_if_asked: one KTAP result; with KRPC_KPROBES_OFF=1, kprobes
# are disabled system-wide (debugfs), else they are left as they are. On a
# kernel without kprobes (trait nokprobes) they are off by construction:
# the result checks that they are indeed absent.
kprobes_off_if_asked() {
	if has_trait nokprobes; then
		ktap_test "kprobes absent (CONFIG_KPROBES unset)" kprobes_absent
	elif [ "${KRPC_KPROBES_OFF:-0}" = 1 ]; then
		ktap_test "kprobes disabled" sh -c 'echo 0 > /sys/kernel/debug/kprobes/enabled'
	else
		ktap_ok "kprobes left enabled"
	fi
}

# kprobes_absent: no kprobes in this kernel (no debugfs switch, no
# register_kprobe in kallsyms).
kprobes_absent() {
	test ! -e /sys/kernel/debug/kprobes/enabled &&
		! grep -qE ' (register_kprobe|register_kretprobe)$' /proc/kallsyms
}

# Unique even when called in a subshell, as in m=$(kmark).
kmark() {
	_m="krpc-mark-$(cat /proc/sys/kernel/random/uuid)"
	echo "$_m" >/dev/kmsg
	echo "$_m"
}

kmsg_since() {
	dmesg | sed -n "/$1/,\$p" | sed 1d | sed 's/^\[[ 0-9.]*\] //'
}

has_trait() {
	case ",$KRPC_TRAITS," in *",$1,"*) return 0 ;; esac
	return 1
}

KMEMLEAK=/sys/kernel/debug/kmemleak

# leak_baseline [-r]: scan and clear, quietly: the console must not show
# the boot's own suspects as if they were the test's.
leak_baseline() {
	[ -e $KMEMLEAK ] || { echo "no kmemleak in this kernel"; [ "${1:-}" != -r ]; return; }
	_lvl=$(cut -f1 /proc/sys/kernel/printk)
	dmesg -n 1
	_rc=0
	{ echo scan >$KMEMLEAK && echo clear >$KMEMLEAK; } || _rc=1
	dmesg -n "$_lvl"
	return $_rc
}

# leak_check [-r]: objects unreferenced since the baseline (kmemleak
# reports an object only once it is 5 s old: wait, then scan twice).
leak_check() {
	[ -e $KMEMLEAK ] || { echo "no kmemleak in this kernel"; [ "${1:-}" != -r ]; return; }
	sleep 6
	echo scan >$KMEMLEAK && echo scan >$KMEMLEAK || return 1
	cat $KMEMLEAK >/tmp/leaks
	_n=$(grep -c '^unreferenced object' /tmp/leaks)
	echo "kmemleak: $_n suspected leaks"
	head -n 60 /tmp/leaks
	[ "$_n" -eq 0 ]
}

# conf_doc FILE MARK: the KTAP document a test module (tests/conformance,
# tests/badinput) prints at init (from "KTAP version 1" on, KTAP lines only),
# out of the kernel log since MARK.
conf_doc() {
	kmsg_since "$2" |
		sed -n '/^KTAP version 1$/,$p' |
		grep -E '^(KTAP version 1$|1\.\.[0-9]+$|ok |not ok |#)' >"$1"
}

# conf_complete FILE: the document has a plan and as many results.
conf_complete() {
	_plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$1" | head -n1)
	_n=$(grep -cE '^(ok|not ok) ' "$1")
	echo "plan $_plan, $_n results"
	[ -n "$_plan" ] && [ "$_plan" -gt 0 ] && [ "$_plan" -eq "$_n" ]
}
