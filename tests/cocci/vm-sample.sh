# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest test (scripts/vm-run.sh): the kernel's kretprobe_example.c built
# natively (kretprobe_example_native.ko, the oracle) and converted to fprobe
# by tools/migrate.sh (kretprobe_example_fprobe.ko, no shim) print the
# same lines in the same boot. %p hashes with a per-boot key, so the
# "Planted return probe at kernel_clone: %p" and "kretprobe at %p
# unregistered" lines are equal only if the converted module prints the
# address the native kretprobe resolved. Return values and timings differ
# per call, so those lines are compared by shape.
#
#   KRPC_KPROBES_OFF=1  disable kprobes after the native run: the converted
#                       module must still fire and print the same lines

# sample MODULE: load, make some forks, unload; the lines it logged
sample() {
	m=$(kmark)
	insmod "./$1" || return 1
	for _ in 1 2 3 4 5; do /bin/true; done
	cat /sys/kernel/debug/kprobes/list >"/tmp/kprobes.$1" 2>/dev/null
	rmmod "${1%.ko}" || return 1
	kmsg_since "$m" | grep -E 'Planted return probe|returned|kretprobe at|Missed probing'
}

shape() { # the lines with numbers of calls and timings replaced
	sed -E 's/returned -?[0-9]+ and took [0-9]+ ns/returned N and took N ns/' "$1" | uniq
}

same_shape() {
	shape /tmp/native.out >/tmp/sa
	shape /tmp/fprobe.out >/tmp/sb
	diff /tmp/sa /tmp/sb
}

same_line() { # PATTERN: the native and converted lines matching it are equal
	grep -E "$1" /tmp/native.out >/tmp/a
	grep -E "$1" /tmp/fprobe.out >/tmp/b
	echo "native:    $(cat /tmp/a)"
	echo "converted: $(cat /tmp/b)"
	[ -s /tmp/a ] && cmp -s /tmp/a /tmp/b
}

ktap_plan 8
sample kretprobe_example_native.ko >/tmp/native.out
ktap_test "native sample loaded and reported kernel_clone returns" \
	grep -q 'kernel_clone returned' /tmp/native.out
kprobes_off_if_asked
sample kretprobe_example_fprobe.ko >/tmp/fprobe.out
sed 's/^/# native: /' /tmp/native.out
sed 's/^/# converted: /' /tmp/fprobe.out
ktap_test "Planted line equal (same kp.addr, same %p hash)" \
	same_line '^Planted return probe at '
ktap_test "unregistered line equal" same_line '^kretprobe at .* unregistered$'
ktap_test "Missed probing line equal" same_line '^Missed probing '
n=$(grep -c 'kernel_clone returned' /tmp/fprobe.out)
ktap_test "converted sample reports kernel_clone returns ($n)" test "$n" -ge 5
ktap_test "same lines up to return values and timings" same_shape
ktap_test "no kprobe left registered by the converted sample" \
	sh -c '! grep . /tmp/kprobes.kretprobe_example_fprobe.ko'
