# SPDX-License-Identifier: GPL-2.0
#
# A guest test that must FAIL: it proves the host notices 'not ok'. The
# host-side check (tests/harness) expects scripts/vm-run.sh to exit non-zero
# on this script. KRPC_SELFTEST picks how it misbehaves.

case ${KRPC_SELFTEST:-notok} in
notok)
	ktap_plan 2
	ktap_ok "this-passes"
	ktap_fail "this-must-fail" "deliberate failure for the harness self-test"
	;;
plan)
	ktap_plan 3
	ktap_ok "only-one-of-three"
	;;
splat)
	ktap_plan 1
	echo "BUG: deliberate splat marker from the harness self-test" >/dev/kmsg
	ktap_ok "ktap-passes-but-console-has-a-splat"
	;;
hang)
	ktap_plan 1
	sleep 100000
	;;
esac
