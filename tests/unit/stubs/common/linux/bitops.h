/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stub: the bit operations pool.c uses, with the kernel's
 * atomicity: test_and_set_bit() is a full-barrier RMW, clear_bit() atomic.
 */
#ifndef _STUB_LINUX_BITOPS_H
#define _STUB_LINUX_BITOPS_H

#include <linux/kernel.h>

#define BIT_WORD(nr)	((nr) / BITS_PER_LONG)
#define BIT_MASK(nr)	(1UL << ((nr) % BITS_PER_LONG))

static inline bool test_and_set_bit(unsigned long nr, volatile unsigned long *addr)
{
	unsigned long old = __atomic_fetch_or(&addr[BIT_WORD(nr)], BIT_MASK(nr),
					      __ATOMIC_SEQ_CST);

	return old & BIT_MASK(nr);
}

static inline void clear_bit(unsigned long nr, volatile unsigned long *addr)
{
	__atomic_fetch_and(&addr[BIT_WORD(nr)], ~BIT_MASK(nr), __ATOMIC_RELAXED);
}

static inline bool test_bit(unsigned long nr, const volatile unsigned long *addr)
{
	return __atomic_load_n(&addr[BIT_WORD(nr)], __ATOMIC_RELAXED) & BIT_MASK(nr);
}

/* Returns @size when every bit is set, as the kernel's does. */
static inline unsigned long find_first_zero_bit(const unsigned long *addr,
						unsigned long size)
{
	unsigned long i;

	for (i = 0; i < size; i++)
		if (!test_bit(i, addr))
			return i;
	return size;
}

#endif
