// SPDX-License-Identifier: GPL-2.0
/*
 * Must not fire: register_fprobe_sym() is defined here, and
 * unregister_fprobe_array() is declared (defined in another file).
 */
#include <linux/module.h>
#include <linux/fprobe.h>

void unregister_fprobe_array(struct fprobe **fps, int num);

static int register_fprobe_sym(struct fprobe *fp, const char *sym)
{
	return register_fprobe(fp, sym, NULL);
}

static struct fprobe a;
static struct fprobe *one[] = { &a };

static int __init defined_init(void)
{
	return register_fprobe_sym(&a, "vfs_read");
}

static void __exit defined_exit(void)
{
	unregister_fprobe_array(one, 1);
}

module_init(defined_init);
module_exit(defined_exit);
MODULE_LICENSE("GPL");
