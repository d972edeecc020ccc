#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The whole test matrix ('make check'). Each check prints one PASS/FAIL line;
# the last line is the count, 'N passed, N failed'. Exit status is non-zero
# when any check failed.
#
# usage: scripts/check.sh [-g] [-s SECONDS] [-k RELEASE]...
#   -k  a kernel to run the guest suite on (default: every kernel of
#       tests/vm/kernels that is here: Debian's, and those built here once
#       built: 'make kernels')
#   -g  the guest suite only (no host-side checks)
#   -s  stress duration of the reliability checks (default 20)
set -uo pipefail
. "$(dirname "$0")/lib.sh"

kernels=()
guest_only=
secs=20
while getopts "gk:s:" opt; do
	case $opt in
	g) guest_only=1 ;;
	k) kernels+=("$OPTARG") ;;
	s) secs=$OPTARG ;;
	*) sed -n '4,14p' "$0" >&2; exit 2 ;;
	esac
done
[ ${#kernels[@]} -gt 0 ] || mapfile -t kernels < <(kernel_list)
# Install and packaging checks need Debian headers packages.
debian_kernels=()
for rel in "${kernels[@]}"; do
	kernel_list -d | grep -x -- "$rel" >/dev/null && debian_kernels+=("$rel")
done

check_logdir=$KRPC_OUT/check
rm -rf "$check_logdir"

# has_trait RELEASE TRAIT
has_trait() {
	case ",$(kernel_field "$1" 4)," in *,"$2",*) return 0 ;; esac
	return 1
}

# The guests of kernels with BTF run these.
note "BPF side: tools/bpf, tools/kretprobe-audit"
check "build: tools/kretprobe-audit and tools/bpf (static, libbpf; BPF programs rewritten by cocci/bpf_kretprobe.cocci)" \
	make -C "$KRPC_TOP/tools/bpf" OUTDIR="$KRPC_OUT/tools"

if [ -z "$guest_only" ]; then
note "host: log judge on canned logs, style"
check "harness: ktap-check on canned logs" "$KRPC_TOP/tests/harness/run.sh"
gone=$KRPC_TOP/tests/harness/kernels/gone
check_fails "kernels: an image pin gone from Debian's archive names the newest of its series" \
	"no longer in Debian's archive; the newest of its series is linux-image-6\.12\." \
	env KRPC_KERNELS="$gone" "$KRPC_TOP/scripts/kernel-fetch.sh" 6.12.99+deb12-amd64
check_fails "kernels: a headers pin gone from Debian's archive names the newest of its series" \
	"no longer in Debian's archive; the newest of its series is linux-headers-7\.3\." \
	env KRPC_KERNELS="$gone" "$KRPC_TOP/scripts/kernel-headers.sh" 7.3.1+deb13-arm64
check "lint: checkpatch, kernel-doc, shellcheck (scripts/lint.sh)" "$KRPC_TOP/scripts/lint.sh"
check "unit: shim logic in userspace (stub headers, 6.14/6.12/6.12-nokprobes/6.1-stable APIs)" \
	make -s -C "$KRPC_TOP/tests/unit" O="$KRPC_OUT/unit"
fi

# suite RELEASE: which guest suite a kernel gets (docs/kernel-eras.md):
# 'full' for the kernels whose headers are installed here (Debian 6.12 and
# 6.1) and the kernels built here; 'core' (smoke, samples, the whole
# conformance matrix, kernel samples, legacy, strict) for the archive's
# kernels (7.x, arm64) and the kernel without kprobes (whose reliability
# suite compares with native kretprobes it lacks), so that CI's fresh run
# fits its 90 minutes.
# KRPC_SUITE=full gives every kernel the full suite.
suite() {
	if [ "${KRPC_SUITE:-}" = full ] ||
		{ [ "$(kernel_field "$1" 5)" != archive ] && ! has_trait "$1" nokprobes; }; then
		echo full
	else
		echo core
	fi
}

for rel in "${kernels[@]}"; do
	s=$(suite "$rel")
	note "kernel $rel ($s suite)"
	check "build: modules for $rel" "$KRPC_TOP/scripts/build-for.sh" "$rel"
	b=$KRPC_OUT/build/$rel
	full=
	[ "$s" = full ] && full=1
	check "build: embedded shim, one copy per module ($rel)" "$KRPC_TOP/tests/embed/run.sh" "$rel"
	check "vm: three-file module with the shim embedded on $rel" "$KRPC_TOP/scripts/vm-run.sh" -q -k "$rel" \
		-n embed-multi -e KRPC_MODULES=krp_embed_multi.ko module-ktap.sh "$b/tests/embed/krp_embed_multi.ko"
	if [ -n "$full" ] && [ "$(kernel_field "$rel" 5)" = host ]; then
		check "packaging: module linked against the DKMS shim, kernel-sample in the guest ($rel)" \
			"$KRPC_TOP/tests/packaging/dkms-guest.sh" "$rel"
	fi
	check "vm: smoke on $rel" "$KRPC_TOP/scripts/vm-run.sh" -q -k "$rel" \
		smoke.sh "$b/shim/kretprobe_compat.ko"
	check "vm: samples/kretprobe_compat_example on $rel" \
		"$KRPC_TOP/scripts/vm-run.sh" -q -k "$rel" sample.sh \
		"$b/shim/kretprobe_compat.ko" "$b/samples/kretprobe_compat_example.ko"
	conf=$b/tests/conformance
	fprobe=0
	has_fprobe "$rel" && fprobe=1
	vm_conf() { # TAG [vm-run OPTIONS] -- FILES...: one conformance run on $rel
		local tag=$1 opts=()
		shift
		while [ "$1" != -- ]; do opts+=("$1"); shift; done
		shift
		"$KRPC_TOP/scripts/vm-run.sh" -q -k "$rel" -n "$tag" "${opts[@]}" conformance.sh "$@"
	}
	native=("$conf/native/krp_conf_native.ko")
	compat=(-e KRPC_CONF_MODULE=krp_conf_compat.ko -- "$conf/compat/krp_conf_compat.ko"
		"$b/shim/kretprobe_compat.ko")
	if ! has_trait "$rel" nokprobes; then
		check "vm: conformance, native oracle, on $rel" vm_conf native -- "${native[@]}"
		check "vm: conformance, native oracle, kprobes off, on $rel" vm_conf native-off \
			-e KRPC_KPROBES_OFF=1 -- "${native[@]}"
	fi
	check "vm: conformance through the shim on $rel" vm_conf compat "${compat[@]}"
	check "vm: conformance through the shim, kprobes off, on $rel" vm_conf compat-off \
		-e KRPC_KPROBES_OFF=1 -e KRPC_EXPECT_FIRE=$fprobe "${compat[@]}"
	check "vm: conformance, shim embedded in the module, kprobes off, on $rel" vm_conf embed \
		-e KRPC_CONF_MODULE=krp_conf_embed.ko -e KRPC_KPROBES_OFF=1 -e KRPC_EXPECT_FIRE=$fprobe \
		-- "$conf/embed/krp_conf_embed.ko"
	if [ $fprobe = 1 ]; then
		check "vm: conformance through the shim, fake_regs=Y, on $rel" vm_conf compat-fake \
			-e KRPC_SHIM_PARAMS=fake_regs=1 "${compat[@]}"
		check "vm: conformance through the shim, fake_regs=Y, kprobes off, on $rel" \
			vm_conf compat-fake-off -e KRPC_SHIM_PARAMS=fake_regs=1 -e KRPC_KPROBES_OFF=1 "${compat[@]}"
	fi
	ks=$b/tests/kernel-samples/kretprobe_example
	if [ -n "$full" ] && [ $fprobe = 1 ] && has_trait "$rel" btf; then
		t=$KRPC_OUT/tools
		check "vm: kretprobe-audit on the live kernel (notrace, noinstr, missing targets) on $rel" \
			"$KRPC_TOP/scripts/vm-run.sh" -q -k "$rel" audit.sh "$t/kretprobe-audit/kretprobe-audit"
	fi
	if [ -n "$full" ] && [ $fprobe = 1 ] && has_trait "$rel" bpf; then
		t=$KRPC_OUT/tools
		check "vm: BPF kretprobe, kretprobe.multi and fexit record the same return values on $rel" \
			"$KRPC_TOP/scripts/vm-run.sh" -q -k "$rel" bpf.sh "$t/bpf/krpc-bpf"
		check "vm: fexit oracle: the shim's kretprobe_example saw the real kernel_clone returns on $rel" \
			"$KRPC_TOP/scripts/vm-run.sh" -q -k "$rel" bpf-oracle.sh "$t/bpf/krpc-bpf" \
			"$b/shim/kretprobe_compat.ko" "$ks/compat/kretprobe_example.ko"
	fi
	sample=("$b/shim/kretprobe_compat.ko" "$ks/compat/kretprobe_example.ko"
		"$ks/native/kretprobe_example_native.ko")
	check "vm: kernel's kretprobe_example through the shim on $rel" \
		"$KRPC_TOP/scripts/vm-run.sh" -q -k "$rel" kernel-sample.sh "${sample[@]}"
	if [ $fprobe = 1 ]; then
		check "vm: kretprobe_example with kprobes disabled on $rel" \
			"$KRPC_TOP/scripts/vm-run.sh" -q -k "$rel" -n kprobes-off \
			-e KRPC_KPROBES_OFF=1 kernel-sample.sh "${sample[@]}"
		check "vm: kretprobe_example, kprobes disabled, fake_regs=Y on $rel" \
			"$KRPC_TOP/scripts/vm-run.sh" -q -k "$rel" -n fake-regs \
			-e KRPC_KPROBES_OFF=1 -e KRPC_SHIM_PARAMS=fake_regs=1 kernel-sample.sh "${sample[@]}"
	fi
	if has_trait "$rel" fprobe65; then
		check "vm: kretprobe_example migrated to fprobe by cocci/, kprobes off, on $rel" \
			"$KRPC_TOP/scripts/vm-run.sh" -q -k "$rel" -n migrated \
			-e KRPC_KPROBES_OFF=1 -e KRPC_SAMPLE=kretprobe_example_fprobe.ko kernel-sample.sh \
			"$ks/fprobe/kretprobe_example_fprobe.ko" "$ks/native/kretprobe_example_native.ko"
		# These two compare with the native build in the same boot.
		if ! has_trait "$rel" nokprobes; then
			check "vm: kretprobe_example migrated by cocci/ prints the native lines, same %p of kp.addr, kprobes off, on $rel" \
				"$KRPC_TOP/scripts/vm-run.sh" -q -k "$rel" -n cocci-sample -e KRPC_KPROBES_OFF=1 \
				"$KRPC_TOP/tests/cocci/vm-sample.sh" "$ks/fprobe/kretprobe_example_fprobe.ko" \
				"$ks/native/kretprobe_example_native.ko"
			cc=$b/tests/cocci/conformance
			check "vm: conformance module migrated by cocci/ passes the native checks, kprobes off, on $rel" \
				"$KRPC_TOP/scripts/vm-run.sh" -q -k "$rel" -n cocci-conformance -e KRPC_KPROBES_OFF=1 \
				"$KRPC_TOP/tests/cocci/vm-conformance.sh" "$cc/fprobe/krp_convert_fprobe.ko" \
				"$cc/native/krp_convert_native.ko"
		fi
	fi
	if [ -n "$full" ] && [ $fprobe = 1 ]; then
		check "vm: fallback=Y serves a notrace target, fallback=N refuses it, on $rel" \
			"$KRPC_TOP/scripts/vm-run.sh" -q -k "$rel" fallback.sh \
			"$b/shim/kretprobe_compat.ko" "$b/tests/fallback/krp_fallback.ko"
	fi
	check "vm: legacy ri->rp, ri->ret_addr, ri->task (KRETPROBE_COMPAT_LEGACY) on $rel" \
		"$KRPC_TOP/scripts/vm-run.sh" -q -k "$rel" -n legacy \
		-e "KRPC_MODULES=kretprobe_compat.ko krp_legacy.ko" module-ktap.sh \
		"$b/shim/kretprobe_compat.ko" "$b/tests/legacy/krp_legacy.ko"
	if has_trait "$rel" stap; then
		st=$b/tests/stap
		check "build: SystemTap modules from tests/stap/krpc_stap.stp, stap's and through kretprobe-compat.mk, for $rel" \
			"$KRPC_TOP/tests/stap/build.sh" "$rel" "$b" "$st"
		check "vm: SystemTap return probes: the shim build prints what stap's prints, also with kprobes off, on $rel" \
			"$KRPC_TOP/scripts/vm-run.sh" -q -k "$rel" stap.sh "$b/shim/kretprobe_compat.ko" \
			"$st/native/krpc_stap_native.ko" "$st/compat/krpc_stap_compat.ko" "$st/stap-root"
		check "cocci: legacy and report rules over SystemTap's runtime and its generated C (reviewed results) for $rel" \
			"$KRPC_TOP/tests/stap/cocci.sh" "$st/compat/src/krpc_stap_compat_src.c" "$st/cocci"
	fi
	check "build: strict mode refuses native kretprobe references ($rel)" \
		"$KRPC_TOP/tests/strict/run.sh" "$rel"
	[ -z "$full" ] || check_suite "$KRPC_TOP/scripts/check-reliability.sh" -k "$rel" -s "$secs"
	check "vm: kretprobe_example embedded (no kretprobe_compat.ko) on $rel" \
		"$KRPC_TOP/scripts/vm-run.sh" -q -k "$rel" -n embed \
		-e KRPC_KPROBES_OFF=$fprobe -e KRPC_SAMPLE=kretprobe_example_embed.ko kernel-sample.sh \
		"$ks/embed/kretprobe_example_embed.ko" "$ks/native/kretprobe_example_native.ko"
done

[ -z "$guest_only" ] || { check_summary; exit; }

note "host: semantic patches (cocci/)"
check "cocci: rule tests (tests/cocci/run.sh)" "$KRPC_TOP/tests/cocci/run.sh"
check "cocci: the driver (migrate.sh, make migrate): counts, diff outside the tree, bad input" \
	"$KRPC_TOP/tests/cocci/driver.sh"
check "cocci: converted modules build on 6.12 without kretprobe symbols" \
	"$KRPC_TOP/tests/cocci/compile-check.sh" "$(kernel_headers 6.12.117+deb12-amd64)"
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
