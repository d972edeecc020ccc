# SPDX-License-Identifier: GPL-2.0
#
# Self-test of the kmemleak check the reliability scripts use
# (stress.sh, fault.sh, unload.sh): after the same baseline, a module that
# leaks on purpose (tests/reliability/leak) must make the scan report one
# suspect, which names the module. Needs a kernel with kmemleak.

leak=$KMEMLEAK

ktap_plan 3
echo "# kmemleak self-test on $KRPC_KERNEL"

# leak_found: the same scan as leak_check in stress.sh, quietly (the
# console must not show "new suspected memory leaks": that is a splat).
leak_found() {
	sleep 6
	_lvl=$(cut -f1 /proc/sys/kernel/printk)
	dmesg -n 1
	echo scan >$leak
	echo scan >$leak
	dmesg -n "$_lvl"
	cat $leak >/tmp/leaks
	_n=$(grep -c '^unreferenced object' /tmp/leaks)
	echo "kmemleak: $_n suspected leaks"
	head -n 20 /tmp/leaks
	[ "$_n" -ge 1 ] && grep -q "comm \"insmod\"" /tmp/leaks && grep -q do_init_module /tmp/leaks
}

ktap_test "kmemleak baseline (scan, clear)" leak_baseline -r
ktap_test "insmod krp_leak (leaks 4096 bytes)" insmod ./krp_leak.ko
ktap_test "the scan reports it (comm insmod, from a module init)" leak_found
sed 's/^/# /' /tmp/leaks | head -n 12
