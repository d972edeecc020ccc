# SPDX-License-Identifier: GPL-2.0
#
# SystemTap through kretprobe-compat: one script (tests/stap/krpc_stap.stp)
# translated once and built twice (tests/stap/build.sh): krpc_stap_native.ko
# as stap builds it, krpc_stap_compat.ko through kretprobe-compat.mk. Each
# runs under staprun while "/bin/busybox cat" opens the same paths; the
# shim build must print what the native build prints, and keep printing it
# with kprobes disabled, where the native build's probes fall silent.

# stap_run MODULE: run it under staprun around the workload; print its output.
stap_run() {
	rm -f "/tmp/$1.out"
	staprun -o "/tmp/$1.out" "./$1" 2>"/tmp/$1.err" &
	_pid=$!
	_i=0
	until grep -q '^ready$' "/tmp/$1.out" 2>/dev/null; do
		_i=$((_i + 1))
		[ $_i -le 600 ] || { sed "s/^/# $1: /" "/tmp/$1.err"; kill -9 "$_pid"; return 1; }
		sleep 0.1
	done
	# "ready" comes from a begin probe, which runs before SystemTap
	# registers its kretprobes: wait until both are listed (kprobes/list
	# lists them even when kprobes are disabled; the shim in its debugfs).
	_i=0
	until [ "$(cat /sys/kernel/debug/kprobes/list /sys/kernel/debug/kretprobe_compat/probes 2>/dev/null |
		grep -c do_sys_openat2)" -ge 2 ]; do
		_i=$((_i + 1))
		[ $_i -le 600 ] || { echo "# $1: its kretprobes were not registered in 60 s"; break; }
		sleep 0.1
	done
	for p in /tmp/krpc-stap-file /tmp/krpc-stap-missing /tmp/krpc-stap-file/notdir \
		/tmp/krpc-stap-dir; do
		/bin/busybox cat "$p" >/dev/null 2>&1
	done
	cat /sys/kernel/debug/kretprobe_compat/probes >"/tmp/$1.$_phase.probes" 2>/dev/null
	kill -INT "$_pid"
	_i=0
	while kill -0 "$_pid" 2>/dev/null; do
		_i=$((_i + 1))
		[ $_i -le 600 ] || { echo "# $1: staprun still running 60 s after SIGINT"; kill -9 "$_pid"; break; }
		sleep 0.1
	done
	sed "s/^/# $1 stderr: /" "/tmp/$1.err" >&2
	grep -v '^ready$' "/tmp/$1.out"
}

ktap_plan 9
cp -a /test/stap-root/. /
export PATH="/usr/bin:$PATH"
staprun -h >/tmp/staprun.h 2>&1
ktap_test "staprun runs (copied from the host with its libraries)" grep -q 'MODULE \[module-options\]' /tmp/staprun.h
ktap_test "insmod kretprobe_compat stats=1" insmod ./kretprobe_compat.ko stats=1
echo data >/tmp/krpc-stap-file
mkdir -p /tmp/krpc-stap-dir

_phase=on
stap_run krpc_stap_native.ko >/tmp/native.on
stap_run krpc_stap_compat.ko >/tmp/compat.on
ktap_test "kprobes disabled" sh -c 'echo 0 > /sys/kernel/debug/kprobes/enabled'
_phase=off
stap_run krpc_stap_native.ko >/tmp/native.off
stap_run krpc_stap_compat.ko >/tmp/compat.off
for f in native.on compat.on native.off compat.off; do
	sed "s/^/# $f: /" "/tmp/$f"
done

# What the workload must produce: cat's open returns 3 for a file and a
# directory, -ENOENT, -ENOTDIR.
cat >/tmp/want <<'WANT'
kprobe.return = 3
kprobe.return = -2
kprobe.return = -20
kprobe.return = 3
kernel.return "/tmp/krpc-stap-file" = 3
kernel.return "/tmp/krpc-stap-missing" = -2
kernel.return "/tmp/krpc-stap-file/notdir" = -20
kernel.return "/tmp/krpc-stap-dir" = 3
count kernel.return 4
count kprobe.return 4
WANT
sort /tmp/want >/tmp/want.s
ktap_test "native build, kprobes on: every return probe kind reports the workload" \
	sh -c 'sort /tmp/native.on | diff /tmp/want.s -'
ktap_test "shim build, kprobes on: the same output as native" diff /tmp/native.on /tmp/compat.on
ktap_test "native build, kprobes off: its return probes stay silent" \
	sh -c '! grep -q return /tmp/native.off'
ktap_test "shim build, kprobes off: still the same output as native with kprobes on" \
	diff /tmp/native.on /tmp/compat.off
for f in /tmp/krpc_stap_compat.ko.*.probes; do
	sed "s|^|# $f: |" "$f"
done
ktap_test "the shim served both of the stap module's return probes on fprobe, kprobes off (debugfs)" \
	test "$(grep -cE '^do_sys_openat2 fprobe [1-9][0-9]* ' /tmp/krpc_stap_compat.ko.off.probes)" -eq 2
ktap_test "rmmod kretprobe_compat" rmmod kretprobe_compat
