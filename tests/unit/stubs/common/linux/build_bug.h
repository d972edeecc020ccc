/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stub: static_assert() with the kernel's optional message. */
#ifndef _STUB_LINUX_BUILD_BUG_H
#define _STUB_LINUX_BUILD_BUG_H

#include <stddef.h>

#undef static_assert
#define static_assert(expr, ...)	_Static_assert(expr, #expr)

#endif /* _STUB_LINUX_BUILD_BUG_H */
