/* SPDX-License-Identifier: GPL-2.0 */
/*
 * embed.h - the shim compiled into the including module
 * (KRETPROBE_COMPAT_EMBED). Every function is static, so each translation
 * unit that includes <linux/kprobes.h> carries its own copy and nothing is
 * exported; no kretprobe_compat.ko is needed. The defaults of the module
 * parameters apply (fake_regs=N, fallback=Y) and there is no debugfs file.
 *
 * Included by compat-headers/linux/kprobes.h before it maps the native
 * names, so the shim sees the kernel's own kretprobe API.
 */
#ifndef _KRETPROBE_COMPAT_EMBED_H
#define _KRETPROBE_COMPAT_EMBED_H

#include <linux/export.h>

/* Nothing is exported: an "export" only keeps the static function. */
#pragma push_macro("EXPORT_SYMBOL_GPL")
#undef EXPORT_SYMBOL_GPL
#define EXPORT_SYMBOL_GPL(sym) __ADDRESSABLE(sym)

#include "../../shim/core.c"
#include "../../shim/call.c"
#include "../../shim/pool.c"
#include "../../shim/backend_fprobe.c"
#include "../../shim/backend_fregs.c"
#include "../../shim/backend_kretprobe.c"

#pragma pop_macro("EXPORT_SYMBOL_GPL")

#endif /* _KRETPROBE_COMPAT_EMBED_H */
