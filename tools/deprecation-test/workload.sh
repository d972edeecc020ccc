# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
#
# The default workload of tools/deprecation-test.sh, in the guest's busybox
# sh: a little of what most probes watch. Fork and exec, a file created,
# written, renamed and unlinked, a TCP connect (refused) to the loopback.
set -e
for _ in 1 2 3 4 5; do
	/bin/true
done
echo dt >/tmp/dt-file
mv /tmp/dt-file /tmp/dt-file2
cat /tmp/dt-file2 >/dev/null
rm /tmp/dt-file2
mkdir /tmp/dt-dir && rmdir /tmp/dt-dir
nc -w 1 127.0.0.1 9 </dev/null >/dev/null 2>&1 || true
