/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stub: a parameter declared with module_param_cb() is a global
 * struct stub_param named stub_param_<name>, through whose ops a test sets
 * it as a write to /sys/module/.../parameters/<name> would. The other
 * declarations are recorded nowhere.
 */
#ifndef _STUB_LINUX_MODULEPARAM_H
#define _STUB_LINUX_MODULEPARAM_H

#include <linux/types.h>

struct kernel_param {
	const char *name;
	void *arg;
};

struct kernel_param_ops {
	int (*set)(const char *val, const struct kernel_param *kp);
	int (*get)(char *buffer, const struct kernel_param *kp);
};

struct stub_param {
	const struct kernel_param_ops *ops;
	struct kernel_param kp;
};

int param_set_bool(const char *val, const struct kernel_param *kp);
int param_get_bool(char *buffer, const struct kernel_param *kp);

#define module_param_cb(name, ops_, arg_, perm) \
	struct stub_param stub_param_##name = { ops_, { #name, arg_ } }
#define module_param(name, type, perm) \
	static void *const __stub_param_##name __attribute__((unused)) = &(name)
#define module_param_named(name, var, type, perm) \
	static void *const __stub_param_##name __attribute__((unused)) = &(var)
#define MODULE_PARM_DESC(name, desc)		extern int __stub_parm_desc_##name

#endif /* _STUB_LINUX_MODULEPARAM_H */
