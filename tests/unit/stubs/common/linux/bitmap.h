/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stub: bitmap allocation, through the counting allocator. */
#ifndef _STUB_LINUX_BITMAP_H
#define _STUB_LINUX_BITMAP_H

#include <linux/bitops.h>
#include <linux/slab.h>

static inline unsigned long *bitmap_zalloc(unsigned int nbits, gfp_t flags)
{
	return kcalloc(BITS_TO_LONGS(nbits), sizeof(unsigned long), flags);
}

static inline void bitmap_free(const unsigned long *bitmap)
{
	kfree(bitmap);
}

#endif
