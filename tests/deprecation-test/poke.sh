# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Workload for notrace/krp_dt_notrace.ko: three calls of the probed function.
for i in 1 2 3; do
	echo "$i" >/sys/module/krp_dt_notrace/parameters/poke
done
