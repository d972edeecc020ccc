// SPDX-License-Identifier: GPL-2.0
/*
 * Leaks on purpose: kmemleak must report it, so a clean scan in the
 * reliability tests means something (tests/vm/guest/stress-leak-selftest.sh).
 */
#include <linux/module.h>
#include <linux/slab.h>

static int __init krp_leak_init(void)
{
	void *p = kmalloc(4096, GFP_KERNEL);

	/* Forget the only pointer, and keep no copy of it anywhere. */
	memset(p, 0x6b, 4096);
	p = NULL;
	return 0;
}

static void __exit krp_leak_exit(void)
{
}

module_init(krp_leak_init);
module_exit(krp_leak_exit);
MODULE_DESCRIPTION("kmemleak self-test: one deliberate leak");
MODULE_LICENSE("GPL");
