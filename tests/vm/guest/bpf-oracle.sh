# SPDX-License-Identifier: GPL-2.0
#
# An independent oracle for the shim: krpc-bpf's fexit program records the
# real return value of every kernel_clone() while the kernel's own
# samples/kprobes/kretprobe_example.c, built through the shim
# (kretprobe_example.ko), prints "kernel_clone returned N" from its
# kretprobe handler. The shim's handler must have seen exactly the values
# fexit recorded: each one it printed is a real return value, it missed
# none while it was registered (but the calls of kernel threads, which the
# sample's entry handler skips: fexit marks them), and the pids of the
# children this script forks appear in both.

ktap_plan 10
rm -f /tmp/oracle.ready
./krpc-bpf oracle /tmp/oracle.ready >/tmp/oracle.out 2>/tmp/oracle.err &
opid=$!
for _ in $(seq 1 120); do
	[ -f /tmp/oracle.ready ] && break
	kill -0 $opid 2>/dev/null || break
	sleep 0.5
done
ktap_test "fexit oracle attached to kernel_clone" test -f /tmp/oracle.ready
ktap_test "insmod kretprobe_compat" insmod ./kretprobe_compat.ko
m=$(kmark)
ktap_test "insmod kretprobe_example (the kernel sample through the shim)" \
	insmod ./kretprobe_example.ko
# New kworkers (kernel threads, cloned by kthreadd): an unbound workqueue's
# pool is rebuilt when its nice value changes.
for n in -5 -3; do
	echo $n >/sys/devices/virtual/workqueue/writeback/nice
done
sleep 1
children=
for _ in 1 2 3 4 5 6 7 8; do
	/bin/true &
	children="$children $!"
	wait $!
done
cat /sys/kernel/debug/kretprobe_compat/probes >/tmp/probes 2>&1
ktap_test "rmmod kretprobe_example" rmmod kretprobe_example
kill -TERM $opid
wait $opid
orc=$?
sed 's/^/# oracle: /' /tmp/oracle.err
ktap_test "oracle detached and reported (exit $orc)" sh -c "test $orc = 0 && grep -q '^calls ' /tmp/oracle.out"

kmsg_since "$m" | sed -n 's/^kernel_clone returned \([0-9-]*\) and took .*/\1/p' >/tmp/shim.vals
sed -n 's/^kernel_clone \([0-9-]*\).*/\1/p' /tmp/oracle.out >/tmp/fexit.vals
sed -n 's/^kernel_clone \([0-9-]*\) kthread$/\1/p' /tmp/oracle.out >/tmp/fexit.kthread
echo "# shim handler saw: $(tr '\n' ' ' </tmp/shim.vals)"
echo "# fexit recorded:   $(tr '\n' ' ' </tmp/fexit.vals)"
echo "# of those, by kernel threads (the sample skips them): $(tr '\n' ' ' </tmp/fexit.kthread)"
echo "# children forked: $children"
sed 's/^/# debugfs: /' /tmp/probes
ktap_test "the shim served kernel_clone on its fprobe backend" \
	grep -qE '^kernel_clone fprobe (-|[0-9]+) 0 ' /tmp/probes

ktap_test "every value the shim's handler saw is a real return value (fexit)" sh -c \
	'test -s /tmp/shim.vals && awk "NR == FNR { real[\$1] = 1; next } !(\$1 in real) { print \"not a real return value: \" \$1; bad = 1 } END { exit bad }" /tmp/fexit.vals /tmp/shim.vals'

# In fexit's order, every call between the first and the last one the shim
# reported must have been reported too (only the edges of the window, where
# the probe was being registered or removed, may differ), kernel threads'
# calls excepted.
nomiss() {
	awk 'FILENAME == ARGV[1] { seen[$1] = 1; next }
	     FILENAME == ARGV[2] { kthread[$1] = 1; next }
	     { v[++n] = $1; if ($1 in seen) { if (!lo) lo = n; hi = n } }
	     END {
		if (!lo) { print "no overlap"; exit 1 }
		for (i = lo; i <= hi; i++)
			if (!(v[i] in seen) && !(v[i] in kthread)) { print "shim missed " v[i]; bad = 1 }
		print "window: fexit calls " lo ".." hi " of " n
		exit bad
	     }' /tmp/shim.vals /tmp/fexit.kthread /tmp/fexit.vals
}
ktap_test "the shim's handler missed no call fexit saw while it was registered" nomiss

both() {
	for c in $children; do
		grep -qx "$c" /tmp/shim.vals || { echo "shim did not see child $c"; return 1; }
		grep -qx "$c" /tmp/fexit.vals || { echo "fexit did not see child $c"; return 1; }
	done
}
ktap_test "the pids of the 8 children forked here are in both" both

kthreads() {
	test -s /tmp/fexit.kthread || { echo "no kernel thread cloned in the window"; return 1; }
	while read -r v; do
		! grep -qx "$v" /tmp/shim.vals || { echo "the sample reported kernel thread call $v"; return 1; }
	done </tmp/fexit.kthread
}
ktap_test "kernel threads cloned here: fexit saw them, the sample skipped them (as natively)" kthreads
