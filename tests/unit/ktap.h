/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ktap.h - a minimal KTAP-printing test runner for the userspace unit tests.
 *
 * A test is a void function; EXPECT_*() record a failure and go on,
 * ASSERT_*() record it and return from the test. After every test the
 * runner also fails it if the stubs saw an unexpected WARN, if memory
 * allocated through the stub allocator is still live, or if a fake kprobe
 * or fprobe is still registered.
 */
#ifndef _KRPC_UNIT_KTAP_H
#define _KRPC_UNIT_KTAP_H

#include <stdbool.h>
#include <stddef.h>

struct ktap_case {
	const char *name;
	void (*fn)(void);
};

#define KTAP_CASE(fn) { #fn, fn }

void ktap_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((__format__(__printf__, 3, 4)));

/* Run @cases as one KTAP document; return the process exit status. */
int ktap_run(const char *suite, const struct ktap_case *cases, size_t n);

#define EXPECT(cond) do {						\
	if (!(cond))							\
		ktap_fail(__FILE__, __LINE__, "expected %s", #cond);	\
} while (0)

#define EXPECT_EQ(a, b) do {						\
	unsigned long __ea = (unsigned long)(a);			\
	unsigned long __eb = (unsigned long)(b);			\
	if (__ea != __eb)						\
		ktap_fail(__FILE__, __LINE__, "%s == %s: 0x%lx != 0x%lx", \
			  #a, #b, __ea, __eb);				\
} while (0)

#define EXPECT_NE(a, b) do {						\
	unsigned long __ea = (unsigned long)(a);			\
	unsigned long __eb = (unsigned long)(b);			\
	if (__ea == __eb)						\
		ktap_fail(__FILE__, __LINE__, "%s != %s: both 0x%lx",	\
			  #a, #b, __ea);				\
} while (0)

#define ASSERT(cond) do {						\
	if (!(cond)) {							\
		ktap_fail(__FILE__, __LINE__, "assertion %s", #cond);	\
		return;							\
	}								\
} while (0)

#define ASSERT_EQ(a, b) do {						\
	unsigned long __aa = (unsigned long)(a);			\
	unsigned long __ab = (unsigned long)(b);			\
	if (__aa != __ab) {						\
		ktap_fail(__FILE__, __LINE__, "%s == %s: 0x%lx != 0x%lx", \
			  #a, #b, __aa, __ab);				\
		return;							\
	}								\
} while (0)

#endif
