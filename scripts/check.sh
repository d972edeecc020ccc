#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The whole test matrix ('make check'). Each check prints one PASS/FAIL line;
# the last line is the count, 'N passed, N failed'. Exit status is non-zero
# when any check failed.
#
# usage: scripts/check.sh [-g] [-s SECONDS] [-k RELEASE]... [-t TAG]
#   -k  a kernel to run the guest suite on (default: every kernel of
#       tests/vm/kernels that is here: Debian's, and those built here once
#       built: 'make kernels')
#   -g  the per-kernel checks only (tests/vm/checks; no host-side checks)
#   -t  one check of tests/vm/checks only (implies -g): 'make vmtest'
#   -s  stress duration of the reliability checks (default 20)
set -uo pipefail
. "$(dirname "$0")/lib.sh"

kernels=()
guest_only=
only=
secs=20
while getopts "gk:s:t:" opt; do
	case $opt in
	g) guest_only=1 ;;
	k) kernels+=("$OPTARG") ;;
	s) secs=$OPTARG ;;
	t) only=$OPTARG guest_only=1 ;;
	*) sed -n '4,14p' "$0" >&2; exit 2 ;;
	esac
done
export KRPC_SECS=$secs
[ ${#kernels[@]} -gt 0 ] || mapfile -t kernels < <(kernel_list)
# Install and packaging checks need Debian headers packages.
debian_kernels=()
for rel in "${kernels[@]}"; do
	kernel_list -d | grep -x -- "$rel" >/dev/null && debian_kernels+=("$rel")
done


table=$(checks_table) || exit 2
[ -z "$only" ] || checks_only "$table" "$KRPC_CHECKS" "$only" "${kernels[@]}"
# One check alone (make vmtest) keeps the last full run's logs.
check_logdir=$KRPC_OUT/check${only:+-$only}
rm -rf "$check_logdir"

# The guests of kernels with BTF run these.
if [ -z "$only" ] || grep -q "^$only	.*\$OUT/tools/" <<<"$table"; then
note "BPF side: tools/bpf, tools/kretprobe-audit"
check "build: tools/kretprobe-audit and tools/bpf (static, libbpf; BPF programs rewritten by cocci/bpf_kretprobe.cocci)" \
	make -C "$KRPC_TOP/tools/bpf" OUTDIR="$KRPC_OUT/tools"
fi

if [ -z "$guest_only" ]; then
note "host: log judge on canned logs, style"
check "harness: ktap-check on canned logs" "$KRPC_TOP/tests/harness/run.sh"
check_fails "harness: a malformed line of tests/vm/checks is refused, naming the line" \
	"checks.bad:4: want TAG | WHEN | WHAT" \
	env KRPC_CHECKS="$KRPC_TOP/tests/harness/checks.bad" "$KRPC_TOP/scripts/check.sh" -t smoke
check_fails "harness: a tag used twice in tests/vm/checks is refused" "checks.twice:3: tag smoke used twice" \
	env KRPC_CHECKS="$KRPC_TOP/tests/harness/checks.twice" "$KRPC_TOP/scripts/check.sh" -t smoke
check_fails "harness: a WHEN word of tests/vm/checks that is no trait is refused" "checks.when:3: 'fprbe' in WHEN" \
	env KRPC_CHECKS="$KRPC_TOP/tests/harness/checks.when" "$KRPC_TOP/scripts/check.sh" -t smoke
gone=$KRPC_TOP/tests/harness/kernels/gone
check_fails "kernels: an image pin gone from Debian's archive names the newest of its series" \
	"no longer in Debian's archive; the newest of its series is linux-image-6\.12\." \
	env KRPC_KERNELS="$gone" "$KRPC_TOP/scripts/kernel-fetch.sh" 6.12.99+deb12-amd64
check_fails "kernels: a headers pin gone from Debian's archive names the newest of its series" \
	"no longer in Debian's archive; the newest of its series is linux-headers-7\.3\." \
	env KRPC_KERNELS="$gone" "$KRPC_TOP/scripts/kernel-headers.sh" 7.3.1+deb13-arm64
check "lint: checkpatch, kernel-doc, shellcheck (scripts/lint.sh)" "$KRPC_TOP/scripts/lint.sh"
check "unit: shim logic in userspace (stub headers, 6.14/6.14-arm64/6.12/6.12-nokprobes/6.1-stable APIs)" \
	make -s -C "$KRPC_TOP/tests/unit" O="$KRPC_OUT/unit"
fi

for rel in "${kernels[@]}"; do
	note "kernel $rel ($(kernel_suite "$rel") suite)"
	check "build: modules for $rel" "$KRPC_TOP/scripts/build-for.sh" "$rel"
	run_checks "$table" "$rel" "$KRPC_OUT/build/$rel" "$only"
done

[ -z "$guest_only" ] || { check_summary; exit; }

note "host: semantic patches (cocci/)"
check "cocci: rule tests (tests/cocci/run.sh)" "$KRPC_TOP/tests/cocci/run.sh"
check "cocci: the driver (migrate.sh, make migrate): counts, diff outside the tree, bad input" \
	"$KRPC_TOP/tests/cocci/driver.sh"
check "cocci: converted modules build on 6.12 without kretprobe symbols" \
	"$KRPC_TOP/tests/cocci/compile-check.sh" "$(kernel_headers 6.12.117+deb12-amd64)"
check "cocci: the 6.14+ conversions (fprobe_ftrace_regs.cocci) build on 7.3 without kretprobe symbols" \
	"$KRPC_TOP/tests/cocci/compile-check.sh" --ftrace-regs 7.3.4+deb13-amd64
check "cocci: bpf_kretprobe -D fexit cases (tests/bpf/cocci-fexit.sh)" "$KRPC_TOP/tests/bpf/cocci-fexit.sh"
check "kretprobe-audit: host tests, bad input (tests/bpf/audit-host.sh)" "$KRPC_TOP/tests/bpf/audit-host.sh"

note "host: install, DKMS, Debian packages, doc tests"
check "packaging: make as nobody, a kernel build tree only" "$KRPC_TOP/tests/packaging/build.sh" "${debian_kernels[@]}"
check "packaging: make install/uninstall into a DESTDIR, modules built through the installed .mk (${debian_kernels[*]})" \
	"$KRPC_TOP/tests/packaging/install.sh" "${debian_kernels[@]}"
check "packaging: dkms add/build/install/remove, vermagic per kernel (${debian_kernels[*]})" \
	"$KRPC_TOP/tests/packaging/dkms.sh" "${debian_kernels[@]}"
check "packaging: Debian packages build, lintian clean, packaged source builds (tests/packaging/deb.sh)" \
	"$KRPC_TOP/tests/packaging/deb.sh" -o "$KRPC_OUT/deb"
check "docs: porting guide's and README's sh blocks run as written (tests/docs/run.sh)" "$KRPC_TOP/tests/docs/run.sh"
check_fails "docs: the doc-test runner fails a failing block" "not ok 2 tests/docs/cases/fails.md:16: insmod" \
	"$KRPC_TOP/tests/docs/run.sh" "$KRPC_TOP/tests/docs/cases/fails.md"

if printf '%s\n' "${kernels[@]}" | grep -x 6.12.117+deb12-amd64 >/dev/null; then
	note "benchmarks: smoke only (completes, output parses; nothing is timed)"
	check "bench: smoke run completes and its output parses (scripts/bench.sh --smoke)" \
		"$KRPC_TOP/scripts/bench.sh" --smoke
fi

note "harness self-test: guest tests that misbehave must fail the run"
rel=${kernels[0]}
while read -r how why; do
	check_fails "harness: vm-run fails on '$how' ($rel)" "$why" \
		"$KRPC_TOP/scripts/vm-run.sh" -q -k "$rel" -n "$how" -e KRPC_SELFTEST="$how" harness-selftest.sh
done <<'CASES'
notok failed: not ok 2 this-must-fail
plan plan says 3 results
splat kernel splat on console
CASES
check_fails "harness: vm-run fails on 'hang' ($rel)" "timeout after 30s" \
	"$KRPC_TOP/scripts/vm-run.sh" -q -k "$rel" -n hang -t 30 -e KRPC_SELFTEST=hang harness-selftest.sh

check_summary
