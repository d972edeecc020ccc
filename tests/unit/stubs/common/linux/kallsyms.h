/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stub: nothing of kallsyms is used; the symbols are in fake_kprobes.c. */
#ifndef _STUB_LINUX_KALLSYMS_H
#define _STUB_LINUX_KALLSYMS_H

#include <linux/kernel.h>

#endif
