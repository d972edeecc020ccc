/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stub: a static key is a plain flag; a branch on it is a test.
 */
#ifndef _STUB_LINUX_JUMP_LABEL_H
#define _STUB_LINUX_JUMP_LABEL_H

#include <linux/types.h>

struct static_key_false {
	bool enabled;
};

#define DEFINE_STATIC_KEY_FALSE(name)	struct static_key_false name = { false }
#define DECLARE_STATIC_KEY_FALSE(name)	extern struct static_key_false name
#define static_branch_unlikely(key)	__builtin_expect((key)->enabled, 0)
#define static_branch_enable(key)	((key)->enabled = true)
#define static_branch_disable(key)	((key)->enabled = false)

#endif /* _STUB_LINUX_JUMP_LABEL_H */
