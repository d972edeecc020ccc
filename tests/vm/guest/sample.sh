# SPDX-License-Identifier: GPL-2.0
#
# samples/kretprobe_compat_example.c: its return handler must see the
# return value (a pid, positive) and a return address inside a clone
# path (the clone syscalls, or kernel_thread()/user_mode_thread() when
# kthreadd starts a kworker meanwhile), on whichever backend serves it.

ktap_plan 4
ktap_test "insmod kretprobe_compat" insmod ./kretprobe_compat.ko $KRPC_SHIM_PARAMS
m=$(kmark)
ktap_test "insmod kretprobe_compat_example" insmod ./kretprobe_compat_example.ko reports=3
for _ in 1 2 3 4; do /bin/true; done
rmmod kretprobe_compat_example
kmsg_since "$m" | grep -E "(ret_handler|kretprobe_init|kretprobe_exit): " >/tmp/sample.out
sed 's/^/# /' /tmp/sample.out
ktap_test "three returns logged with a pid and a clone caller" test "$(grep -cE \
	'kernel_clone returned [1-9][0-9]* to ([_a-z0-9]*clone[_a-z0-9]*|kernel_thread|user_mode_thread)\+0x[0-9a-f]+/0x[0-9a-f]+ after [0-9]+ ns$' \
	/tmp/sample.out)" -eq 3
ktap_test "exit line counts every return" grep -qE '([4-9]|[1-9][0-9]+) returns seen, missed probing 0 instances of kernel_clone' /tmp/sample.out
