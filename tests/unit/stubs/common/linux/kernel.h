/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stub: the catch-all. Like tools/include/linux/kernel.h, every
 * other stub includes it, so a shim file gets these wherever it looks.
 */
#ifndef _STUB_LINUX_KERNEL_H
#define _STUB_LINUX_KERNEL_H

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/minmax.h>
#include <linux/string.h>

#define ALIGN(x, a)	(((x) + ((__typeof__(x))(a) - 1)) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#ifndef ULONG_MAX	/* unless <limits.h> came first */
#define ULONG_MAX	(~0UL)
#define LONG_MAX	((long)(~0UL >> 1))
#define INT_MAX		((int)(~0U >> 1))
#endif
#define BITS_PER_LONG	(8 * (int)sizeof(long))

/* The kernel's sscanf() has the libc one's contract. */
int sscanf(const char *str, const char *format, ...);
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define BITS_TO_LONGS(n) DIV_ROUND_UP(n, BITS_PER_LONG)

/* Messages go to stderr and are counted (fake_kernel.c). */
void stub_printk(const char *level, const char *fmt, ...)
	__attribute__((__format__(__printf__, 2, 3)));
#define pr_err(fmt, ...)	stub_printk("err", fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)	stub_printk("warn", fmt, ##__VA_ARGS__)
#define pr_warn_once(fmt, ...)	stub_printk("warn", fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	stub_printk("info", fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)	do { } while (0)

/* A WARN is a test failure unless the test expects it (fake_kernel.c). */
void stub_warn(const char *file, int line, const char *cond);
#define WARN_ON(cond) ({						\
	bool __stub_c = !!(cond);					\
	if (__stub_c)							\
		stub_warn(__FILE__, __LINE__, #cond);			\
	__stub_c;							\
})
#define WARN_ON_ONCE(cond) WARN_ON(cond)

#endif
