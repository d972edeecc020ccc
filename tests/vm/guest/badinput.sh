# SPDX-License-Identifier: GPL-2.0
#
# Bad input to the kretprobe API (tests/reliability/badinput): run the native
# build (the oracle) and the build on the shim in one boot, embed each KTAP
# document, and require the shim's answers ("# krp-bad:" lines) to equal
# native's, case by case. Cases native cannot survive run in the compat
# build only.
#
#   KRPC_BAD_ONLY    one separate case (only= of the module): post_handler
#                    or sleepy; then no comparison is made
#   KRPC_BAD_BUILDS  builds to run (default "native compat")
#   KRPC_SHIM_PARAMS parameters for kretprobe_compat.ko

builds=${KRPC_BAD_BUILDS:-native compat}
only=${KRPC_BAD_ONLY:-}
n=0
for b in $builds; do
	n=$((n + 5))
	[ "$b" = compat ] && n=$((n + 2))
done
[ -z "$only" ] && [ "$builds" = "native compat" ] && n=$((n + 1))
ktap_plan "$n"
echo "# builds: $builds${only:+, only=$only}, on $KRPC_KERNEL"

for b in $builds; do
	mod=krp_bad_$b
	if [ "$b" = compat ]; then
		# shellcheck disable=SC2086 # the parameters are words on purpose
		ktap_test "insmod kretprobe_compat ${KRPC_SHIM_PARAMS:-}" \
			insmod ./kretprobe_compat.ko ${KRPC_SHIM_PARAMS:-}
	fi
	# kmark's counter does not survive $(...): unique marks by hand
	mark=krpc-bad-insmod-$b
	echo "$mark" >/dev/kmsg
	ktap_test "insmod $mod${only:+ only=$only}" insmod "./$mod.ko" only="$only"
	conf_doc "/tmp/$b.ktap" "$mark"
	ktap_test "$mod printed a complete KTAP document" conf_complete "/tmp/$b.ktap"
	ktap_sub "$mod" "/tmp/$b.ktap"
	mark=krpc-bad-rmmod-$b
	echo "$mark" >/dev/kmsg
	rmmod "$mod" 2>&1 | sed 's/^/# /'
	kmsg_since "$mark" | grep '^# krp-bad-exit:' >>"/tmp/$b.ktap"
	ktap_test "rmmod $mod: gone, the probe kept past init unregistered" sh -c \
		"! grep -q '^$mod ' /proc/modules && { [ -n '$only' ] || grep -q 'krp-bad-exit: module_init_kept' /tmp/$b.ktap; }"
	ktap_test "no kprobe left registered after $mod" sh -c \
		'! grep -v "^$" /sys/kernel/debug/kprobes/list 2>/dev/null | grep .'
	if [ "$b" = compat ]; then
		ktap_test "rmmod kretprobe_compat" rmmod kretprobe_compat
	fi
done

# same_answers: every "# krp-bad:" line of the compat build equals native's.
same_answers() {
	grep '^# krp-bad:' /tmp/native.ktap >/tmp/native.ans
	grep '^# krp-bad:' /tmp/compat.ktap >/tmp/compat.ans
	echo "$(wc -l </tmp/native.ans) native answers, $(wc -l </tmp/compat.ans) compat answers"
	diff /tmp/native.ans /tmp/compat.ans && [ -s /tmp/native.ans ]
}
if [ -z "$only" ] && [ "$builds" = "native compat" ]; then
	ktap_test "the shim answers every bad input like native" same_answers
fi
