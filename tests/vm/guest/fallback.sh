# SPDX-License-Identifier: GPL-2.0
#
# The fallback parameter: a kretprobe on a notrace function (fprobe cannot
# reach it) is served by a native kretprobe with fallback=Y, and refused
# with a warning naming the symbol with fallback=N. fprobe kernels only.
# Without kprobes (trait nokprobes) there is nothing to fall back to, and
# no lookup that knows a notrace name: -ENOENT whatever fallback says.

if has_trait nokprobes; then
	ktap_plan 4
	ktap_test "insmod kretprobe_compat (fallback=Y)" insmod ./kretprobe_compat.ko
	for fb in Y N; do
		echo $fb >/sys/module/kretprobe_compat/parameters/fallback
		m=$(kmark)
		ktap_test "notrace target refused with fallback=$fb" sh -c '! insmod ./krp_fallback.ko'
		kmsg_since "$m" | sed 's/^/# /'
	done
	# (busybox insmod may try both module syscalls: a line per attempt)
	dmesg | grep 'krp_fallback: register_kretprobe() = ' >/tmp/fb
	ktap_test "as an unknown symbol: register_kretprobe() = -2 (-ENOENT), every time" sh -c \
		"test \$(wc -l </tmp/fb) -ge 2 && ! grep -qv '= -2\$' /tmp/fb"
	exit 0
fi

ktap_plan 6
ktap_test "insmod kretprobe_compat (fallback=Y, stats=Y)" insmod ./kretprobe_compat.ko stats=1
m=$(kmark)
ktap_test "notrace target registers with fallback=Y" insmod ./krp_fallback.ko
sed 's/^/# /' /sys/kernel/debug/kretprobe_compat/probes
ktap_test "served by the kretprobe backend" \
	grep -qE '^krp_fallback:krp_fallback_target kretprobe 3 0 [0-9]+$' /sys/kernel/debug/kretprobe_compat/probes
ktap_test "its handler saw all three returns" sh -c "dmesg | sed -n '/$m/,\$p' | grep -q 'krp_fallback: 3 of 3 returns seen'"
rmmod krp_fallback
echo N >/sys/module/kretprobe_compat/parameters/fallback
m=$(kmark)
ktap_test "refused with fallback=N" sh -c '! insmod ./krp_fallback.ko'
kmsg_since "$m" | sed 's/^/# /'
ktap_test "the warning names the symbol" sh -c \
	"dmesg | sed -n '/$m/,\$p' | grep -q 'kretprobe_compat: krp_fallback_target.*fallback=N'"
