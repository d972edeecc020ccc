# SPDX-License-Identifier: GPL-2.0
#
# Guest half of 'make demo'. The kernel's own, unmodified
# samples/kprobes/kretprobe_example.c, three ways in one boot:
#   1. built natively: with kprobes disabled it goes silent;
#   2. built through kretprobe-compat.mk: it keeps reporting, on fprobe;
#   3. converted to native fprobe by cocci/: it reports with no shim.

say() { echo "# $*"; }

show_sample() { # MODULE: load, fork a few times, unload, show its lines
	m=$(kmark)
	insmod "./$1" || return 1
	for _ in 1 2 3; do /bin/true; done
	[ -f /sys/kernel/debug/kretprobe_compat/probes ] &&
		sed 's/^/#     debugfs: /' /sys/kernel/debug/kretprobe_compat/probes
	rmmod "${1%.ko}" || return 1
	kmsg_since "$m" | grep -E 'returned|Missed|Planted' | sed 's/^/#     /' | tee /tmp/demo.out
}

ktap_plan 5
say "kernel $(uname -r), $(nproc) vCPUs"
ktap_test "insmod kretprobe_compat.ko stats=1" insmod ./kretprobe_compat.ko stats=1
ktap_test "kprobes disabled (echo 0 > /sys/kernel/debug/kprobes/enabled)" \
	sh -c 'echo 0 > /sys/kernel/debug/kprobes/enabled'
say ""
say "1. kretprobe_example.c built natively, kprobes disabled: nothing"
m=$(kmark)
insmod ./kretprobe_example_native.ko && /bin/true && rmmod kretprobe_example_native
say "     $(kmsg_since "$m" | grep -c 'kernel_clone returned') kernel_clone returns reported"
say ""
say "2. the same source through kretprobe-compat.mk, kprobes still disabled:"
show_sample kretprobe_example.ko
ktap_test "compat build reports kernel_clone returns on fprobe" \
	test "$(grep -c 'kernel_clone returned' /tmp/demo.out)" -ge 3
ktap_test "rmmod kretprobe_compat" rmmod kretprobe_compat
say ""
say "3. the source converted by tools/migrate.sh, no shim loaded:"
show_sample kretprobe_example_fprobe.ko
ktap_test "migrated build reports kernel_clone returns" \
	test "$(grep -c 'kernel_clone returned' /tmp/demo.out)" -ge 3
