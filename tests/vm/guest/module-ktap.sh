# SPDX-License-Identifier: GPL-2.0
#
# Load modules in order (KRPC_MODULES, words; the last one runs its checks
# at init and prints a KTAP document to the kernel log), embed that
# document as a subtest, then unload them in reverse order.

set -- $KRPC_MODULES
ktap_plan $(($# + 2))
for m in "$@"; do
	mark=$(kmark)
	ktap_test "insmod $m" insmod "./$m"
	last=$m
done
kmsg_since "$mark" | sed -n '/^KTAP version 1$/,$p' |
	grep -E '^(KTAP version 1$|1\.\.[0-9]+$|ok |not ok |#)' >/tmp/doc
plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' /tmp/doc | head -n1)
ktap_test "plan $plan matches the results" test "${plan:-0}" -gt 0 -a \
	"${plan:-0}" -eq "$(grep -cE '^(ok|not ok) ' /tmp/doc)"
ktap_sub "${last%.ko} checks" /tmp/doc
for m in $(echo "$@" | tr ' ' '\n' | sed -n '1!G;h;$p'); do
	rmmod "${m%.ko}" || echo "# rmmod ${m%.ko} failed"
done
