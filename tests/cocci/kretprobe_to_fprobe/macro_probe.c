// SPDX-License-Identifier: GPL-2.0
/* Probes declared by macros: one whose body is a plain initialiser, one
 * that builds names by token pasting. The rule cannot see into #define
 * bodies: both are reported with the macro's name and line.
 */
#include <linux/kprobes.h>
#include <linux/module.h>

#define HOOK_KRETPROBE(sym, ret)		\
	{					\
		.kp.symbol_name = sym,		\
		.handler = ret,			\
		.maxactive = 16,		\
	}

#define GENERATE_INSTALL_FUNC(name)				\
static int install_##name(void)					\
{								\
	return register_kretprobe(&name##_kretprobe);		\
}

static int open_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

static struct kretprobe open_kretprobe = HOOK_KRETPROBE("do_sys_openat2", open_ret);

GENERATE_INSTALL_FUNC(open)

static int __init m_init(void)
{
	return install_open();
}

static void __exit m_exit(void)
{
	unregister_kretprobe(&open_kretprobe);
}

module_init(m_init);
module_exit(m_exit);
MODULE_LICENSE("GPL");
