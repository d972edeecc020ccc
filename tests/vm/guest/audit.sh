# SPDX-License-Identifier: GPL-2.0
#
# tools/kretprobe-audit on the running kernel, against real targets:
#   kernel_clone           ftrace-able                 -> migrates
#   get_kprobe             ftrace-able, blacklisted    -> migrates
#   tracing_on             notrace (kernel/trace/)     -> compat fallback
#   exc_page_fault         noinstr: notrace+blacklist  -> cannot migrate
#   krpc_no_such_function missing                      -> cannot migrate
# Every column is also checked against the kernel's own files, so the test
# fails when the tool and the kernel disagree, not only when the expected
# verdicts change.

A=./kretprobe-audit
FF=/sys/kernel/tracing/available_filter_functions
BL=/sys/kernel/debug/kprobes/blacklist
ALL="kernel_clone get_kprobe tracing_on exc_page_fault krpc_no_such_function"

ktap_plan 12

$A $ALL >/tmp/table 2>/tmp/err
rc=$?
sed 's/^/# /' /tmp/table /tmp/err
ktap_test "exit status 1 when a target cannot migrate (got $rc)" test "$rc" = 1

row() { # TARGET EXISTS FPROBE BLACKLIST VERDICT: the table row says so
	grep -E "^$1 +$2 +$3 +$4 +$5( |\$)" /tmp/table
}
ktap_test "kernel_clone: migrates, prototype from BTF" sh -c \
	'grep -E "^kernel_clone +yes +yes +no +migrates +pid_t kernel_clone\(struct kernel_clone_args \*args\)\$" /tmp/table'
ktap_test "get_kprobe: ftrace-able and blacklisted, migrates" row get_kprobe yes yes yes migrates
ktap_test "tracing_on (notrace): compat fallback" row tracing_on yes no no "compat fallback"
ktap_test "exc_page_fault (noinstr): cannot migrate" row exc_page_fault yes no yes "cannot migrate"
ktap_test "missing function: cannot migrate" row krpc_no_such_function no no no "cannot migrate"

# The tool's FPROBE and BLACKLIST columns against the kernel's own lists.
agree() {
	for t in kernel_clone get_kprobe tracing_on exc_page_fault krpc_no_such_function; do
		f=no; grep -qx "$t" $FF && f=yes
		b=no; grep -q "	$t\$" $BL && b=yes
		grep -qE "^$t +[a-z]+ +$f +$b " /tmp/table ||
			{ echo "$t: kernel says fprobe=$f blacklist=$b"; return 1; }
	done
}
ktap_test "FPROBE and BLACKLIST columns agree with tracefs and debugfs" agree

$A kernel_clone tracing_on >/tmp/ok 2>&1
rc=$?
ktap_test "exit status 0 when every target migrates or falls back (got $rc)" test "$rc" = 0

$A --json $ALL >/tmp/json 2>&1
sed 's/^/# /' /tmp/json
ktap_test "--json: kernel_clone record" grep -qF \
	'{"target": "kernel_clone", "exists": true, "ftrace": true, "blacklisted": false, "btf": true, "return_type": "pid_t", "prototype": "pid_t kernel_clone(struct kernel_clone_args *args)", "verdict": "migrates"' /tmp/json
ktap_test "--json: verdict keys for fallback and missing" sh -c \
	'grep -q "\"tracing_on\".*\"verdict\": \"needs_compat_fallback\"" /tmp/json &&
	 grep -q "\"krpc_no_such_function\", \"exists\": false.*\"verdict\": \"cannot_migrate\"" /tmp/json'

printf '# targets of a module\nkernel_clone\n\ntracing_on  # notrace\n' >/tmp/targets
ktap_test "--targets FILE with comments and blank lines" sh -c \
	"$A --targets /tmp/targets >/tmp/t2 && test \$(grep -c -E '^(kernel_clone|tracing_on) ' /tmp/t2) = 2"

$A --btf /nonexistent kernel_clone >/tmp/bad 2>&1
rc=$?
sed 's/^/# /' /tmp/bad
ktap_test "missing BTF file: exit 2 with a message (got $rc)" sh -c \
	"test $rc = 2 && grep -q \"cannot read BTF '/nonexistent'\" /tmp/bad"
