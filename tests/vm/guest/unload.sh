# SPDX-License-Identifier: GPL-2.0
#
# Unload with instances asleep in probed functions
# (tests/reliability/unload): krp_unload_target's threads sleep inside
# functions (its own, one notrace, and the kernel's msleep) that the user
# module probes. Then, while instances are asleep inside:
#   - with the shim: rmmod kretprobe_compat is refused (the user module
#     holds it);
#   - rmmod of the user module: its exit unregisters and counts handler
#     runs after that ("late", must be 0);
#   - with the shim: rmmod kretprobe_compat right away, while the sleepers
#     are still inside the probed functions;
#   - the sleepers return through the (now disowned) return trampolines,
#     then the target module goes.
# No splat may appear (the host judges the console); kmemleak must be clean
# where the kernel has it.
#
#   KRPC_UNLOAD_MODULE  krp_unload_compat.ko (default; with the shim) or
#                       krp_unload_native.ko

mod=${KRPC_UNLOAD_MODULE:-krp_unload_compat.ko}
name=$(basename "$mod" .ko)
shim=
case $name in *compat*) shim=1 ;; esac

ktap_plan $((9 + ${shim:-0} * 3))
echo "# $name on $KRPC_KERNEL"

# unload_figures: the user module's exit line; instances were in flight
# at unregister, handlers had run, none ran after unregister.
unload_figures() {
	_l=$(kmsg_since krpc-unload-rmmod | grep '^# krp-unload: entries' | tail -n1)
	echo "$_l"
	set -- $_l
	# "# krp-unload: entries E hits H inflight I late L"
	[ -n "$_l" ] && [ "$4" -gt 0 ] && [ "$6" -gt 0 ] && [ "$8" -gt 0 ] && [ "${10}" -eq 0 ]
}

ktap_test "kmemleak baseline (scan, clear)" leak_baseline
ktap_test "insmod krp_unload_target (threads asleep in probed functions)" \
	insmod ./krp_unload_target.ko
if [ -n "$shim" ]; then
	ktap_test "insmod kretprobe_compat" insmod ./kretprobe_compat.ko
fi
echo krpc-unload-insmod >/dev/kmsg
ktap_test "insmod $name (kretprobes on them)" insmod "./$mod"
sleep 8
if [ -n "$shim" ]; then
	ktap_test "rmmod kretprobe_compat while $name is loaded is refused" \
		sh -c '! rmmod kretprobe_compat && grep -q "^kretprobe_compat " /proc/modules'
	grep kretprobe_compat /proc/modules | sed 's/^/# /'
	sed 's/^/# /' /sys/kernel/debug/kretprobe_compat/probes
fi
echo krpc-unload-rmmod >/dev/kmsg
ktap_test "rmmod $name with instances asleep in the probed functions" rmmod "$name"
ktap_test "entries, hits and in-flight instances at unregister, no late handler" unload_figures
if [ -n "$shim" ]; then
	ktap_test "rmmod kretprobe_compat while the sleepers are still inside" rmmod kretprobe_compat
fi
sleep 5
ktap_test "the sleepers returned through the trampolines: target still running" \
	grep -q '^krp_unload_target ' /proc/modules
ktap_test "rmmod krp_unload_target" rmmod krp_unload_target
ktap_test "no kprobe left registered" sh -c \
	'! grep -v "^$" /sys/kernel/debug/kprobes/list 2>/dev/null | grep .'
ktap_test "kmemleak: nothing leaked" leak_check
