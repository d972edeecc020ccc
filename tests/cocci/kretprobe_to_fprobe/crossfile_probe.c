// SPDX-License-Identifier: GPL-2.0
/* The probe of a two-file module: its return handler is defined in
 * crossfile_handler.c and referenced here only through the designated
 * initialiser (its prototype comes from the module's header, written out
 * here). Each file is judged on its own: both stay on the shim.
 */
#include <linux/kprobes.h>
#include <linux/module.h>

int xf_ret(struct kretprobe_instance *ri, struct pt_regs *regs);

static struct kretprobe xf_probe = {
	.kp.symbol_name = "kernel_clone",
	.handler = xf_ret,
};

static int __init xf_init(void)
{
	return register_kretprobe(&xf_probe);
}

static void __exit xf_exit(void)
{
	unregister_kretprobe(&xf_probe);
}

module_init(xf_init);
module_exit(xf_exit);
MODULE_LICENSE("GPL");
