// SPDX-License-Identifier: GPL-2.0
/*
 * The third module of the unload test: its threads sleep, most of the
 * time, inside functions another module probes (one of them notrace, so
 * the shim serves it with its native-kretprobe fallback), and inside the
 * kernel's msleep().
 */
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/module.h>

static unsigned int sleep_ms = 3000;
module_param(sleep_ms, uint, 0444);
MODULE_PARM_DESC(sleep_ms, "how long each call sleeps (default 3000)");

static unsigned long krp_sink;

static noinline __noipa unsigned long krp_ut_sleepy(unsigned long x)
{
	msleep(READ_ONCE(sleep_ms));
	return x + 1;
}

static noinline __noipa notrace unsigned long krp_ut_sleepy_notrace(unsigned long x)
{
	msleep(READ_ONCE(sleep_ms));
	return x + 2;
}

static unsigned long (*krp_fns[3])(unsigned long) = {
	krp_ut_sleepy, krp_ut_sleepy_notrace, NULL,
};

static struct task_struct *krp_threads[3];

static int krp_sleeper(void *data)
{
	long i = (long)data;
	unsigned long x = 0;

	while (!kthread_should_stop()) {
		if (krp_fns[i])
			WRITE_ONCE(krp_sink, READ_ONCE(krp_fns[i])(x++));
		else
			msleep(READ_ONCE(sleep_ms));	/* a kernel function */
	}
	return 0;
}

static int __init krp_ut_init(void)
{
	long i;

	for (i = 0; i < 3; i++) {
		krp_threads[i] = kthread_run(krp_sleeper, (void *)i, "krp_ut/%ld", i);
		if (IS_ERR(krp_threads[i])) {
			krp_threads[i] = NULL;
			return -ENOMEM;
		}
	}
	return 0;
}

static void __exit krp_ut_exit(void)
{
	int i;

	for (i = 0; i < 3; i++)
		if (krp_threads[i])
			kthread_stop(krp_threads[i]);
}

module_init(krp_ut_init);
module_exit(krp_ut_exit);
MODULE_DESCRIPTION("unload test: threads asleep in probed functions");
MODULE_LICENSE("GPL");
