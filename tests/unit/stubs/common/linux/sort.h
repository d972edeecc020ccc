/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stub: sort() is the C library's qsort(); the swap function is not used. */
#ifndef _STUB_LINUX_SORT_H
#define _STUB_LINUX_SORT_H

#include <stdlib.h>
#include <linux/kernel.h>

typedef int (*cmp_func_t)(const void *a, const void *b);
typedef void (*swap_func_t)(void *a, void *b, int size);

static inline void sort(void *base, size_t num, size_t size, cmp_func_t cmp,
			swap_func_t swap)
{
	qsort(base, num, size, cmp);
}

#endif
