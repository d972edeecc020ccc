# SPDX-License-Identifier: GPL-2.0
#
# The BPF side of the migration on this kernel: krpc-bpf loads
# tools/bpf/retval.bpf.c as written (kretprobe), as rewritten by
# cocci/bpf_kretprobe.cocci (kretprobe.multi, loader attach call rewritten
# too) and with -D fexit, runs open/unlink/rmdir calls whose results it
# knows, and prints what each variant recorded. Every variant must record
# exactly the values the calls returned, and the rewritten programs must
# really be attached through fprobe (kprobe_multi link) and a trampoline
# (tracing link), not a kprobe.

ktap_plan 12

./krpc-bpf retval >/tmp/retval 2>/tmp/retval.err
rc=$?
sed 's/^/# /' /tmp/retval /tmp/retval.err
ktap_test "krpc-bpf retval loads and attaches all variants (exit $rc)" test "$rc" = 0

link() { # VARIANT PROGRAM TYPE
	grep -qx "link $1 $2 $3" /tmp/retval
}
ktap_test "kretprobe programs attach as perf_event kprobes" sh -c \
	'grep -q "^link kretprobe openat2_exit perf_event$" /tmp/retval &&
	 grep -q "^link kretprobe rmdir_exit perf_event$" /tmp/retval'
ktap_test "rewritten programs attach as kprobe_multi (fprobe), the hand-attached one too" sh -c \
	'grep -q "^link kretprobe.multi openat2_exit kprobe_multi$" /tmp/retval &&
	 grep -q "^link kretprobe.multi unlinkat_exit kprobe_multi$" /tmp/retval &&
	 grep -q "^link kretprobe.multi rmdir_exit kprobe_multi$" /tmp/retval'
ktap_test "-D fexit programs attach as tracing links" sh -c \
	'grep -q "^link fexit openat2_exit tracing$" /tmp/retval &&
	 grep -q "^link fexit unlinkat_exit tracing$" /tmp/retval'

vals() { # WHO FUNC: the recorded values
	sed -n "s/^$1 $2 //p" /tmp/retval
}
same() { # WHO FUNC: WHO recorded what the calls returned
	e=$(vals expected "$2")
	g=$(vals "$1" "$2")
	echo "expected: $e"
	echo "$1: $g"
	[ -n "$e" ] && [ "$e" = "$g" ]
}
for f in do_sys_openat2 do_unlinkat do_rmdir; do
	ktap_test "kretprobe on $f records the returned values" same kretprobe $f
	ktap_test "kretprobe.multi on $f records the same values" same kretprobe.multi $f
done
for f in do_sys_openat2 do_unlinkat; do
	ktap_test "fexit on $f records the same values" same fexit $f
done
