# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
#
# The guest half of tools/deprecation-test.sh (busybox sh, sourced by the
# guest init after tests/vm/guest/lib.sh). Runs each variant of DT_VARIANTS
# in turn in this one boot: kprobes on or off, the shim (stats=1) if the
# variant has one, load the variant's modules (DT_PARAMS), the function
# profiler on the probed functions and the handlers (DT_HANDLERS), the
# workload (/test/dt-workload.sh), the profiler's counts, unload. Prints
# one '# dt <key> ...' line per fact for the host to judge
# (tools/deprecation-test/judge.py) and one KTAP result per variant.
#
# A variant is WORD:DIR:KPROBES:SHIM-PARAMS, e.g. shim-off:compat:0:stats=1
# (SHIM-PARAMS '-': no shim, else the shim's parameters joined by '+'; DIR holds the variant's .ko files).

T=/sys/kernel/tracing
KP=/sys/kernel/debug/kprobes
SHIM=/sys/kernel/debug/kretprobe_compat/probes

# Splats must not end the boot: the next variants still run.
echo 0 >/proc/sys/kernel/panic_on_warn 2>/dev/null
echo 0 >/proc/sys/kernel/panic_on_oops 2>/dev/null
ip link set lo up 2>/dev/null

# dt_probes: the probed functions now registered, one '# dt' line each
# (native: kprobes/list, r = return probe, k = plain kprobe; the shim's
# debugfs table: its fprobe-served probes are not in kprobes/list; every
# function ftrace has callbacks on, for native fprobes). The same commands
# run in every variant, so that each forks as often as the others.
dt_probes() {
	awk '$2 == "r" || $2 == "k" { s = $3; sub(/\+0x[0-9a-f]+$/, "", s)
		printf "# dt probe %s %s %s\n", ($2 == "r" ? "kretprobe" : "kprobe"), s, $4 }' $KP/list 2>/dev/null
	awk '!/^#/ { print "# dt shim " $0 }' $SHIM 2>/dev/null
	awk '{ print "# dt enabled " $1 }' $T/enabled_functions 2>/dev/null
}

# dt_count_start FUNCS: count calls of FUNCS from now on: the function
# profiler where the kernel has it, else the function tracer.
dt_count_start() {
	{ echo 0 >$T/function_profile_enabled; } 2>/dev/null
	echo 0 >$T/tracing_on
	echo nop >$T/current_tracer
	: >$T/set_ftrace_filter
	for f in $1; do
		echo "$f" >>$T/set_ftrace_filter 2>/dev/null || echo "# dt untraceable $f"
	done
	if [ -e $T/function_profile_enabled ]; then
		echo 1 >$T/function_profile_enabled
	else
		echo 4096 >$T/buffer_size_kb
		: >$T/trace
		echo function >$T/current_tracer
		echo 1 >$T/tracing_on
	fi
}

# dt_count_stop: the calls per function since dt_count_start.
dt_count_stop() {
	if [ -e $T/function_profile_enabled ]; then
		echo 0 >$T/function_profile_enabled
		echo "# dt counter profiler"
		cat $T/trace_stat/function* 2>/dev/null | awk '
			$1 == "Function" || /^ *-/ || NF < 2 { next }
			{ n[$1] += $2 } END { for (f in n) printf "# dt calls %s %d\n", f, n[f] }'
	else
		echo 0 >$T/tracing_on
		echo "# dt counter function tracer"
		awk '/^# entries-in-buffer/ { split($3, e, "/"); if (e[1] != e[2]) print "# dt overrun " $3 }
			/^#/ { next }
			{ for (i = 1; i < NF; i++) if ($i ~ /^[0-9.]+:$/) { n[$(i + 1)]++; break } }
			END { for (f in n) printf "# dt calls %s %d\n", f, n[f] }' $T/trace
		echo nop >$T/current_tracer
	fi
	: >$T/set_ftrace_filter
}

# dt_flush NAME: the variant's '# dt' lines on the console now, printk
# silenced meanwhile so nothing lands inside them: the boot's whole output
# reaches the console only at its end, and a later variant may kill the
# guest (the host judges the last copy of a variant it finds).
dt_flush() {
	_lvl=$(cut -f1 /proc/sys/kernel/printk)
	dmesg -n 1
	sed -n "/^# dt variant $1 begin/,/^# dt variant $1 end/p" /tmp/ktap.log >/dev/console
	dmesg -n "$_lvl"
}

dt_variant() {
	name=${1%%:*}
	rest=${1#*:}
	dir=${rest%%:*}
	rest=${rest#*:}
	kprobes=${rest%%:*}
	shimp=${rest#*:}
	echo "# dt variant $name begin"
	# On the console as it happens: the host's judge names the variant a
	# guest died in (this run's output reaches the console only at its end).
	echo "krpc-dt: variant $name begin" >/dev/kmsg
	[ -e $KP/enabled ] && echo "$kprobes" >$KP/enabled
	if [ "$shimp" != - ]; then
		# shellcheck disable=SC2046
		insmod ./kretprobe_compat.ko $(echo "$shimp" | tr + ' ') ||
			echo "# dt shimfail $?"
	fi
	m=$(kmark)
	mods=
	load=ok
	for ko in ./"$dir"/*.ko; do
		# shellcheck disable=SC2086
		if insmod "$ko" $DT_PARAMS 2>/tmp/dt.insmod; then
			mods="$(basename "$ko" .ko) $mods"
		else
			load="$(tr '\n' ' ' </tmp/dt.insmod)"
			break
		fi
	done
	echo "# dt load $load"
	dt_probes >/tmp/dt.probes
	cat /tmp/dt.probes
	funcs=
	for s in $(awk '$3 == "probe" { print $5 } $3 == "shim" || $3 == "enabled" { print $4 }' /tmp/dt.probes | sort -u); do
		funcs="$funcs ${s##*:}"
	done
	for mod in $mods; do
		for h in $DT_HANDLERS; do
			funcs="$funcs $h:mod:$(echo "$mod" | tr - _)"
		done
	done
	if [ -n "$mods" ]; then
		dt_count_start "$funcs"
		sh /test/dt-workload.sh >/tmp/dt.work 2>&1
		echo "# dt workload $?"
		dt_count_stop
		awk '!/^#/ { print "# dt shimafter " $0 }' $SHIM 2>/dev/null
		sed 's/^/# dt workout /' /tmp/dt.work
	fi
	unload=ok
	for mod in $mods; do
		rmmod "$mod" 2>/tmp/dt.rmmod || unload="$(tr '\n' ' ' </tmp/dt.rmmod)"
	done
	echo "# dt unload $unload"
	[ "$shimp" = - ] || rmmod kretprobe_compat || echo "# dt shimunload $?"
	kmsg_since "$m" | sed 's/^/# dt log /'
	echo "# dt variant $name end"
	dt_flush "$name"
	ktap_ok "variant $name ran"
}

# shellcheck disable=SC2046
ktap_plan $(echo "$DT_VARIANTS" | wc -w)

# A first run of the workload, counted but without the module: whatever
# the first run alone does (caches, a kernel thread started) is done
# before the reference's.
dt_count_start "kernel_clone"
sh /test/dt-workload.sh >/dev/null 2>&1
echo "# dt warmup $?"
dt_count_stop >/dev/null

# shellcheck disable=SC2086
set -- $DT_VARIANTS
for v in "$@"; do
	dt_variant "$v"
done
