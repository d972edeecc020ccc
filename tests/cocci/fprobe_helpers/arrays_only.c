// SPDX-License-Identifier: GPL-2.0
/*
 * fprobe code that calls the array helpers and defines none: both go
 * before the first function that calls either, and register_fprobe_sym(),
 * which register_fprobe_array() calls, before them.
 */
#include <linux/module.h>
#include <linux/kprobes.h>
#include <linux/fprobe.h>

static void a_exit(struct fprobe *fp, unsigned long ip, unsigned long ret_ip,
		   struct pt_regs *regs, void *data)
{
}

static struct fprobe a = { .exit_handler = a_exit };
static struct fprobe b = { .exit_handler = a_exit };
static struct fprobe *both[] = { &a, &b };

static int __init arrays_init(void)
{
	return register_fprobe_array(both, (const char *[]){ "vfs_read", "vfs_write" }, 2);
}

static void __exit arrays_exit(void)
{
	unregister_fprobe_array(both, 2);
}

module_init(arrays_init);
module_exit(arrays_exit);
MODULE_LICENSE("GPL");
