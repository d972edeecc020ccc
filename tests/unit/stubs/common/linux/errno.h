/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stub: the kernel error numbers the shim uses (values of
 * include/uapi/asm-generic/errno*.h). Not the C library's <errno.h>:
 * test code must not include that one, it pulls <linux/errno.h> in.
 */
#ifndef _STUB_LINUX_ERRNO_H
#define _STUB_LINUX_ERRNO_H

#define EPERM		1
#define ENOENT		2
#define E2BIG		7
#define ENOMEM		12
#define EBUSY		16
#define EEXIST		17
#define EINVAL		22
#define EILSEQ		84
#define EOPNOTSUPP	95

#endif
