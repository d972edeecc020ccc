/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stub: exports are recorded nowhere. */
#ifndef _STUB_LINUX_EXPORT_H
#define _STUB_LINUX_EXPORT_H

#define EXPORT_SYMBOL(sym)	extern int __stub_export_##sym
#define EXPORT_SYMBOL_GPL(sym)	extern int __stub_export_##sym

#endif
