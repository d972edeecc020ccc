// SPDX-License-Identifier: GPL-2.0
/*
 * ktap.c - run test cases and print KTAP (Documentation/dev-tools/ktap.rst).
 */
#include <stdarg.h>
#include <stdio.h>

#include "fake.h"
#include "ktap.h"

static int case_failures;
static char first_reason[200];

void ktap_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printf("# %s:%d: %s\n", file, line, msg);
	if (!case_failures++)
		snprintf(first_reason, sizeof(first_reason), "%.199s", msg);
}

int ktap_run(const char *suite, const struct ktap_case *cases, size_t n)
{
	size_t i;
	int failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("KTAP version 1\n# Subtest: %s\n1..%zu\n", suite, n);
	for (i = 0; i < n; i++) {
		case_failures = 0;
		first_reason[0] = '\0';
		stub_reset();
		cases[i].fn();
		if (stub_warnings != stub_warnings_expected)
			ktap_fail(__FILE__, __LINE__, "%u WARN(s), %u expected",
				  stub_warnings, stub_warnings_expected);
		if (fake_kprobes_live())
			ktap_fail(__FILE__, __LINE__, "%d kprobe(s) left registered",
				  fake_kprobes_live());
		if (fake_fprobes_live())
			ktap_fail(__FILE__, __LINE__, "%d fprobe(s) left registered",
				  fake_fprobes_live());
		if (stub_allocs_live)
			ktap_fail(__FILE__, __LINE__, "%ld allocation(s) not freed",
				  stub_allocs_live);
		fake_kprobes_reset();
		fake_fprobe_reset();
		if (case_failures) {
			failed++;
			printf("not ok %zu %s # %s\n", i + 1, cases[i].name, first_reason);
		} else {
			printf("ok %zu %s\n", i + 1, cases[i].name);
		}
	}
	printf("# %s: %zu passed, %d failed\n", suite, n - failed, failed);
	return failed ? 1 : 0;
}
