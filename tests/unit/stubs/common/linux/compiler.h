/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stub: compiler attributes and the ONCE accessors. */
#ifndef _STUB_LINUX_COMPILER_H
#define _STUB_LINUX_COMPILER_H

#include <stddef.h>

#undef __always_inline	/* glibc <sys/cdefs.h> has its own */
#define __always_inline		inline __attribute__((__always_inline__))
#define notrace
#define noinline		__attribute__((__noinline__))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __maybe_unused		__attribute__((__unused__))
#define __used			__attribute__((__used__))
#define __percpu
#define __rcu
#define __init
#define __exit
#define __counted_by(member)
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val)	do { *(volatile __typeof__(x) *)&(x) = (val); } while (0)

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#endif
