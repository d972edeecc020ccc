// SPDX-License-Identifier: GPL-2.0
/*
 * krp_multi_main.c - krp_embed_multi's init: registers the kretprobes of
 * its two other files, fires them, and prints a KTAP document. With the
 * shim linked in, all three files share its one copy: the registrations
 * made from two files land in one probe list.
 */
#include <linux/kprobes.h>
#include <linux/module.h>

#include "krp_multi.h"

static int __init krp_multi_init(void)
{
	int ra, rb;

	pr_info("KTAP version 1\n1..4\n");
	ra = krp_multi_a_register();
	rb = krp_multi_b_register();
	pr_info("%sok 1 register from krp_multi_a.c = %d, from krp_multi_b.c = %d\n",
		ra || rb ? "not " : "", ra, rb);
	if (ra || rb) {
		if (!ra)
			krp_multi_a_unregister();
		if (!rb)
			krp_multi_b_unregister();
		return ra ? ra : rb;
	}
	krp_multi_a_fire(3);
	krp_multi_b_fire(5);
	pr_info("%sok 2 krp_multi_a's kretprobe saw 3 returns (%d)\n",
		krp_multi_a_returns() == 3 ? "" : "not ", krp_multi_a_returns());
	pr_info("%sok 3 krp_multi_b's kretprobe saw 5 returns (%d)\n",
		krp_multi_b_returns() == 5 ? "" : "not ", krp_multi_b_returns());
	krp_multi_a_unregister();
	krp_multi_a_fire(2);
	krp_multi_b_fire(1);
	pr_info("%sok 4 after unregistering a: a still 3 (%d), b 6 (%d)\n",
		krp_multi_a_returns() == 3 && krp_multi_b_returns() == 6 ? "" : "not ",
		krp_multi_a_returns(), krp_multi_b_returns());
	return 0;
}

static void __exit krp_multi_exit(void)
{
	krp_multi_b_unregister();
}

module_init(krp_multi_init);
module_exit(krp_multi_exit);
MODULE_DESCRIPTION("kretprobe-compat test: a multi-file module with the shim linked in");
MODULE_LICENSE("GPL");
