/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stub: the C library's character classes, as the kernel's. */
#ifndef _STUB_LINUX_CTYPE_H
#define _STUB_LINUX_CTYPE_H

#include <ctype.h>

#endif
