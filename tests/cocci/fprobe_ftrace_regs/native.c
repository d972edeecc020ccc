// SPDX-License-Identifier: GPL-2.0
/*
 * Native fprobe code of the pt_regs era (6.5 to 6.13), written by hand as
 * samples/fprobe/fprobe_example.c is: both handlers, a prototype, the
 * nr_maxactive field, an assignment and the default idiom.
 */
#include <linux/module.h>
#include <linux/fprobe.h>

static int sample_entry(struct fprobe *fp, unsigned long ip,
			unsigned long ret_ip, struct pt_regs *regs,
			void *data);

static void sample_exit(struct fprobe *fp, unsigned long ip,
			unsigned long ret_ip, struct pt_regs *r, void *data)
{
	pr_info("%pS returned %lu\n", (void *)ip, regs_return_value(r));
}

static struct fprobe sample_probe = {
	.entry_handler = sample_entry,
	.exit_handler = sample_exit,
	.nr_maxactive = 16,
};

static int sample_entry(struct fprobe *fp, unsigned long ip,
			unsigned long ret_ip, struct pt_regs *regs,
			void *data)
{
	unsigned long *arg = data;

	*arg = regs_get_kernel_argument(regs, 0);
	return 0;
}

static int __init sample_init(void)
{
	int maxactive = sample_probe.nr_maxactive;

	if (sample_probe.nr_maxactive <= 0)
		sample_probe.nr_maxactive = 32;
	sample_probe.entry_data_size = sizeof(unsigned long);
	sample_probe.nr_maxactive = maxactive;
	return register_fprobe(&sample_probe, "kernel_clone", NULL);
}

static void __exit sample_exit_mod(void)
{
	unregister_fprobe(&sample_probe);
}

module_init(sample_init);
module_exit(sample_exit_mod);
MODULE_LICENSE("GPL");
