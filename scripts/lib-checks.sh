# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# The checks of a suite (scripts/check.sh, scripts/check-reliability.sh):
# PASS/FAIL lines and their count, and the checks tables that list them
# (tests/vm/checks, tests/reliability/checks: the one place a check is
# registered). Sourced by scripts/lib.sh; do not run it.

# kernel_suite RELEASE: which suite of tests/vm/checks a kernel gets
# (docs/kernel-eras.md): 'full' for the kernels whose headers are installed
# here (Debian 6.12 and 6.1) and the kernels built here; 'core' (smoke,
# samples, the whole conformance matrix, kernel samples, legacy, strict) for
# the archive's kernels (7.x, arm64) and the kernel without kprobes (whose
# reliability suite compares with native kretprobes it lacks), so that CI's
# fresh run fits its 90 minutes. KRPC_SUITE=full gives every kernel the full
# suite.
kernel_suite() {
	if [ "${KRPC_SUITE:-}" = full ] ||
		{ [ "$(kernel_field "$1" 5)" != archive ] && ! has_trait "$1" nokprobes; }; then
		echo full
	else
		echo core
	fi
}

# The per-kernel checks: tests/vm/checks (its header says the format) and
# tests/reliability/checks.
KRPC_CHECKS=${KRPC_CHECKS:-$KRPC_TOP/tests/vm/checks}

# checks_bad FILE LINE MESSAGE: a bad line of a checks file (fails).
checks_bad() {
	echo "$1:$2: $3" >&2
	return 1
}

# checks_table [FILE]: the lines of a checks file (default $KRPC_CHECKS) as
# TAG<tab>WHEN<tab>WHAT<tab>COMMAND. Every line is checked first: four
# fields, a tag used once, WHEN's words (full, core, host, the traits of
# tests/vm/kernels, '!' before a trait), COMMAND's quoting and variables,
# vm-run.sh options (-k and -n are check.sh's) and a guest script or program
# that exists. A bad line fails, naming it.
checks_table() {
	local f=${1:-$KRPC_CHECKS} raw n tag when what cmd traits c w words
	raw=$(awk -F ' [|] ' -v f="$f" '
		/^[[:space:]]*(#|$)/ { next }
		NF != 4 || $1 !~ /^[a-z0-9][a-z0-9-]*$/ || $4 !~ /^(vm|run|suite) / {
			printf "%s:%d: want TAG | WHEN | WHAT | vm|run|suite ... (see tests/vm/checks)\n", f, NR > "/dev/stderr"
			bad = 1; exit 1 }
		seen[$1]++ { printf "%s:%d: tag %s used twice\n", f, NR, $1 > "/dev/stderr"; bad = 1; exit 1 }
		{ print NR "\t" $1 "\t" $2 "\t" $3 "\t" $4 }
		END { exit bad }' "$f") || return 1
	traits=" $(awk '!/^#/ && NF { print $4 }' "$KRPC_KERNELS" | tr ',\n' '  ') "
	while IFS=$'\t' read -r n tag when what cmd; do
		if [ "$when" != - ]; then
			for c in ${when//,/ }; do
				case $c in
				full|core|host) ;;
				*) [[ $traits == *" ${c#!} "* ]] ||
					checks_bad "$f" "$n" "'$c' in WHEN is not full, core, host or a trait of tests/vm/kernels (optionally after '!')" || return 1 ;;
				esac
			done
			[[ $when =~ ^[!a-z0-9]+(,[!a-z0-9]+)*$ ]] || checks_bad "$f" "$n" "WHEN '$when': words separated by commas, no spaces" || return 1
		fi
		w=$(printf '%s\n' "$cmd" | xargs printf '%s\n' 2>/dev/null) ||
			checks_bad "$f" "$n" "unmatched quote in '$cmd'" || return 1
		mapfile -t words <<<"$w"
		for w in "${words[@]}"; do
			while [[ $w =~ \$([A-Za-z_]+)(.*)$ ]]; do
				case ${BASH_REMATCH[1]} in
				B|OUT|REL|FPROBE|KDIR|SECS|SECS_TIMEOUT) ;;
				*) checks_bad "$f" "$n" "unknown variable \$${BASH_REMATCH[1]} (known: \$B \$OUT \$REL \$FPROBE \$KDIR \$SECS \$SECS_TIMEOUT)" || return 1 ;;
				esac
				w=${BASH_REMATCH[2]}
			done
		done
		case ${words[0]} in
		vm)
			w=$(vm_split "${words[@]:1}") || checks_bad "$f" "$n" "$w" || return 1
			vm_split "${words[@]:1}"
			case ${VM_ARGS[0]} in
			*/*) [ -f "$KRPC_TOP/${VM_ARGS[0]}" ] ;;
			*) [ -f "$KRPC_TOP/tests/vm/guest/${VM_ARGS[0]}" ] ;;
			esac || checks_bad "$f" "$n" "no guest script '${VM_ARGS[0]}' (tests/vm/guest/NAME, or a path from the top of the tree)" || return 1 ;;
		*)
			[ ${#words[@]} -ge 2 ] && [ -x "$KRPC_TOP/${words[1]}" ] ||
				checks_bad "$f" "$n" "'${words[1]:-}' is not a program of this tree (a path from its top)" || return 1 ;;
		esac
		printf '%s\t%s\t%s\t%s\n' "$tag" "$when" "$what" "$cmd"
	done <<<"$raw"
}

# when_holds RELEASE WHEN: every condition of a WHEN field holds for the
# kernel (full, core, host, TRAIT, !TRAIT; '-' for none).
when_holds() {
	local rel=$1 c
	local IFS=,
	for c in $2; do
		case $c in
		-) ;;
		full|core) [ "$(kernel_suite "$rel")" = "$c" ] || return 1 ;;
		host) [ "$(kernel_field "$rel" 5)" = host ] || return 1 ;;
		!*) ! has_trait "$rel" "${c#!}" || return 1 ;;
		*) has_trait "$rel" "$c" || return 1 ;;
		esac
	done
}

# check_words RELEASE BUILD COMMAND: the words of a COMMAND field, one per
# line, split and quoted as by xargs, with $B (BUILD), $OUT, $REL, $FPROBE,
# $KDIR (the kernel's build directory), $SECS (KRPC_SECS, default 20) and
# $SECS_TIMEOUT (a guest timeout for a run of $SECS: 10 x SECS + 600)
# replaced.
check_words() {
	local rel=$1 b=$2 w out v fp=0 secs=${KRPC_SECS:-20}
	has_fprobe "$rel" && fp=1
	printf '%s\n' "$3" | xargs printf '%s\0' | while IFS= read -r -d '' w; do
		out=
		while [[ $w =~ ^([^$]*)\$([A-Za-z_]+)(.*)$ ]]; do
			case ${BASH_REMATCH[2]} in
			B) v=$b ;;
			OUT) v=$KRPC_OUT ;;
			REL) v=$rel ;;
			FPROBE) v=$fp ;;
			KDIR) v=$(kernel_headers "$rel") ;;
			SECS) v=$secs ;;
			SECS_TIMEOUT) v=$((secs * 10 + 600)) ;;
			*) v=\$${BASH_REMATCH[2]} ;; # checks_table refuses these
			esac
			out+=${BASH_REMATCH[1]}$v
			w=${BASH_REMATCH[3]}
		done
		printf '%s\n' "$out$w"
	done
}

# vm_split WORD...: a vm line's words after 'vm', split into vm-run.sh's
# options (VM_OPTS: they come first) and the guest script with its files
# (VM_ARGS: from the first word that is neither an option nor an option's
# argument). Fails, saying why on stdout, for an option vm-run.sh does not
# take (one letter each), one check.sh sets (-k, -n), a missing argument or
# a missing script.
vm_split() {
	VM_OPTS=() VM_ARGS=()
	while [ $# -gt 0 ]; do
		case $1 in
		-[kn]) echo "$1 is set by check.sh (the kernel, the tag), not by a line"; return 1 ;;
		-[stmaexwX])
			[ $# -ge 2 ] || { echo "$1 needs an argument"; return 1; }
			VM_OPTS+=("$1" "$2")
			shift 2 ;;
		-[TIq]) VM_OPTS+=("$1"); shift ;;
		-*) echo "'$1' is not one vm-run.sh option (one letter each: -T -I -q -s -t -m -a -e -x -w -X)"; return 1 ;;
		*) break ;;
		esac
	done
	[ $# -ge 1 ] || { echo "no guest script"; return 1; }
	VM_ARGS=("$@")
}

# run_check RELEASE BUILD TAG WHAT COMMAND: one line of a checks file.
run_check() {
	local rel=$1 tag=$3 what=$4 words opts=() script name
	mapfile -t words < <(check_words "$rel" "$2" "$5")
	case ${words[0]} in
	run) check "$what on $rel" "$KRPC_TOP/${words[1]}" "${words[@]:2}" ;;
	suite) check_suite "$KRPC_TOP/${words[1]}" "${words[@]:2}" ;;
	vm)
		vm_split "${words[@]:1}"
		opts=("${VM_OPTS[@]}")
		set -- "${VM_ARGS[@]}"
		script=$1
		shift
		case $script in */*) script=$KRPC_TOP/$script ;; esac
		# The run's directory: out/vm/<script>-<rest of the tag>-<release>.
		name=$(basename "$script" .sh)
		case $tag in
		"$name") ;;
		"$name"-*) opts+=(-n "${tag#"$name"-}") ;;
		*) opts+=(-n "$tag") ;;
		esac
		check "$what on $rel" "$KRPC_TOP/scripts/vm-run.sh" -q -k "$rel" "${opts[@]}" "$script" "$@" ;;
	esac
}

# checks_only TABLE NAME TAG RELEASE...: fail unless TAG is a line of TABLE
# (checks_table's output of the file NAME) that runs on every RELEASE.
checks_only() {
	local table=$1 name=$2 tag=$3 when rel
	shift 3
	when=$(awk -F '\t' -v t="$tag" '$1 == t { print $2 }' <<<"$table")
	[ -n "$when" ] || die "no check '$tag' in $name (tags: $(cut -f1 <<<"$table" | tr '\n' ' '))"
	for rel; do
		when_holds "$rel" "$when" || die "check '$tag' does not run on $rel ($name: $when)"
	done
}

# run_checks TABLE RELEASE BUILD [TAG]: the lines of TABLE (checks_table's
# output) whose WHEN holds for the kernel, or only the line TAG; BUILD is
# where scripts/build-for.sh built the modules ($B).
run_checks() {
	local rel=$2 b=$3 only=${4:-} tag when what cmd ran=
	while IFS=$'\t' read -r -u 3 tag when what cmd; do
		[ -z "$only" ] || [ "$tag" = "$only" ] || continue
		when_holds "$rel" "$when" || continue
		run_check "$rel" "$b" "$tag" "$what" "$cmd"
		ran=1
	done 3<<<"$1"
	[ -n "$ran" ] || die "no check ran on $rel"
}

# The checks of a suite (scripts/check.sh, scripts/check-reliability.sh):
# set check_logdir first; check_summary prints the count line last.
passed=0
failed=0
check_logdir=${check_logdir:-$KRPC_OUT/check}

# check NAME CMD...: run CMD with its output in $check_logdir/NAME.log; one
# PASS or FAIL line (a failure shows the log's tail).
check() {
	local name=$1 log
	shift
	mkdir -p "$check_logdir"
	log=$check_logdir/$(echo "$name" | tr -c 'A-Za-z0-9_.+-' '_').log
	if "$@" >"$log" 2>&1; then
		passed=$((passed + 1))
		echo "PASS $name"
	else
		failed=$((failed + 1))
		echo "FAIL $name (log: $log)"
		tail -n 15 "$log" | sed 's/^/    /'
	fi
}

# check_fails NAME PATTERN CMD...: CMD must fail, and say PATTERN while
# failing (so it failed for the reason under test, not another one).
check_fails() {
	local name=$1 pattern=$2
	shift 2
	check "$name" bash -c 'out=$("${@:2}" 2>&1); rc=$?; echo "$out"
		[ $rc -ne 0 ] && grep -q -- "$1" <<<"$out"' _ "$pattern" "$@"
}

# check_suite CMD...: run another suite; its check lines are shown as they
# come and its final "N passed, N failed" is added to this suite's counts.
check_suite() {
	local line p='' f=''
	while IFS= read -r line; do
		case $line in
		[0-9]*' passed, '[0-9]*' failed')
			p=${line%% passed*}
			f=${line#*passed, }
			f=${f%% failed} ;;
		'') ;;
		*) echo "$line" ;;
		esac
	done < <("$@")
	if [ -z "$p" ]; then
		failed=$((failed + 1))
		echo "FAIL $* (ended without its count line)"
		return
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}

# check_summary: the last line of a suite; its status is the suite's.
check_summary() {
	echo
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
