/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stub: kmalloc and friends (fake_kernel.c). Every allocation is
 * counted so a test can assert nothing leaked, and the Nth one can be made
 * to fail (stub_fail_alloc_at).
 */
#ifndef _STUB_LINUX_SLAB_H
#define _STUB_LINUX_SLAB_H

#include <linux/kernel.h>

#define GFP_KERNEL	0x1u
#define GFP_ATOMIC	0x2u
#define __GFP_NOFAIL	0x4u	/* honoured: such an allocation never fails */

void *stub_alloc(size_t size);
void stub_free(const void *p);

void *stub_alloc_flags(size_t size, gfp_t flags);

static inline void *kzalloc(size_t size, gfp_t flags)
{
	return stub_alloc_flags(size, flags);
}

static inline void *kmalloc(size_t size, gfp_t flags)
{
	return stub_alloc_flags(size, flags);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	return stub_alloc_flags(n * size, flags);
}

static inline void *kvcalloc(size_t n, size_t size, gfp_t flags)
{
	return kcalloc(n, size, flags);
}

static inline void *kmemdup(const void *src, size_t len, gfp_t flags)
{
	void *p = stub_alloc_flags(len, flags);

	if (p)
		memcpy(p, src, len);
	return p;
}

static inline void kfree(const void *p)
{
	stub_free(p);
}

static inline void kvfree(const void *p)
{
	stub_free(p);
}

/* <linux/string.h> in the kernel; here, where the allocator is. */
static inline char *kstrndup(const char *s, size_t max, gfp_t flags)
{
	size_t len = strnlen(s, max);
	char *p = stub_alloc_flags(len + 1, flags);

	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

static inline char *kstrdup(const char *s, gfp_t flags)
{
	return kstrndup(s, strlen(s), flags);
}

#endif
