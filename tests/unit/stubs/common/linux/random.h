/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stub: get_random_long() from the C library's random(), two
 * calls for 62 bits; different from one call to the next, as the tests of
 * an fprobe's memory reused need.
 */
#ifndef _STUB_LINUX_RANDOM_H
#define _STUB_LINUX_RANDOM_H

#include <stdlib.h>

static inline unsigned long get_random_long(void)
{
	return ((unsigned long)random() << 31) ^ (unsigned long)random();
}

#endif /* _STUB_LINUX_RANDOM_H */
