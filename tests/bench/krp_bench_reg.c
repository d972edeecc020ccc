// SPDX-License-Identifier: GPL-2.0
/*
 * Registration cost of N kretprobes on real kernel functions, written only
 * against the plain kretprobe API. Built twice from this source, as
 * tests/conformance is: native/ (the kernel's register_kretprobes()) and
 * compat/ (the shim's, through kretprobe-compat.mk).
 *
 * The guest script (tests/vm/guest/bench.sh) picks the functions and
 * writes one name per line to @symfile before loading the module. It then
 * drives the module through writable parameters, reading /proc/meminfo
 * between the steps so that allocations of the probe structs themselves
 * and of registration are told apart:
 *
 *	echo N >nprobes		free the previous set, allocate N struct
 *				kretprobe for the first N names (not registered)
 *	echo 1 >registered	register_kretprobes() on all N, time it
 *	echo 0 >registered	unregister_kretprobes() on all N, time it
 *
 * maxactive and data_size apply to the next allocation. reg_ns and
 * unreg_ns hold the last times; a failed registration fails the write
 * with its error code.
 *
 * The native build also has
 *
 *	echo 1 >check		the two floors of a registration of the same
 *				N functions:
 *				- register_kprobe() of a disabled kprobe on
 *				  each, one by one (check_ns), then
 *				  unregister_kprobes() of them all
 *				  (check_unreg_ns): the kprobes core's checks
 *				  alone, as the shim's krpc_resolve() runs
 *				  them, armed nothing: the floor of any
 *				  registration that answers as native does;
 *				- with fprobe, register_fprobe_ips() of one
 *				  fprobe with an exit handler on the addresses
 *				  those kprobes resolved to (fprobe_ns), and
 *				  unregister_fprobe() (fprobe_unreg_ns): the
 *				  floor of a batch hooked through fprobe.
 */
#include <linux/fs.h>
#include <linux/kprobes.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "krp_bench_fprobe.h"

static char *symfile = "/test/bench-syms.txt";
module_param(symfile, charp, 0444);
MODULE_PARM_DESC(symfile, "file with one function name per line, read at load");

static int maxactive = 4;
module_param(maxactive, int, 0644);
MODULE_PARM_DESC(maxactive, "maxactive of the next probes allocated");

static uint data_size;
module_param(data_size, uint, 0644);
MODULE_PARM_DESC(data_size, "data_size of the next probes allocated");

static ulong reg_ns;
module_param(reg_ns, ulong, 0444);
MODULE_PARM_DESC(reg_ns, "nanoseconds the last register_kretprobes() took");

static ulong unreg_ns;
module_param(unreg_ns, ulong, 0444);
MODULE_PARM_DESC(unreg_ns, "nanoseconds the last unregister_kretprobes() took");

/* The compat headers map the kretprobe API names onto the shim's. */
#ifndef register_kretprobe
#define KRPB_FLOORS
static ulong check_ns;
module_param(check_ns, ulong, 0444);
MODULE_PARM_DESC(check_ns, "nanoseconds the last register_kprobe() of N disabled kprobes took");

static ulong check_unreg_ns;
module_param(check_unreg_ns, ulong, 0444);
MODULE_PARM_DESC(check_unreg_ns, "nanoseconds unregister_kprobes() of them took");

#ifdef CONFIG_FPROBE
static ulong fprobe_ns;
module_param(fprobe_ns, ulong, 0444);
MODULE_PARM_DESC(fprobe_ns, "nanoseconds the last register_fprobe_ips() of the N addresses took");

static ulong fprobe_unreg_ns;
module_param(fprobe_unreg_ns, ulong, 0444);
MODULE_PARM_DESC(fprobe_unreg_ns, "nanoseconds unregister_fprobe() of them took");
#endif
#endif

static DEFINE_MUTEX(krpb_lock);
static void *krpb_file;			/* symfile contents, NUL-separated */
static const char **krpb_syms;		/* the names in it */
static unsigned int krpb_nsyms;
static struct kretprobe *krpb_rps;	/* the allocated probes */
static struct kretprobe **krpb_rpp;	/* pointers to them */
static unsigned int krpb_n;
static bool krpb_registered;

static int krpb_handler(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

static void krpb_free(void)
{
	if (krpb_registered)
		unregister_kretprobes(krpb_rpp, krpb_n);
	krpb_registered = false;
	kfree(krpb_rpp);
	kfree(krpb_rps);
	krpb_rpp = NULL;
	krpb_rps = NULL;
	krpb_n = 0;
}

static int krpb_alloc(unsigned int n)
{
	unsigned int i;

	krpb_free();
	if (!n)
		return 0;
	if (n > krpb_nsyms)
		return -ERANGE;
	krpb_rps = kcalloc(n, sizeof(*krpb_rps), GFP_KERNEL);
	krpb_rpp = kcalloc(n, sizeof(*krpb_rpp), GFP_KERNEL);
	if (!krpb_rps || !krpb_rpp) {
		krpb_free();
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		krpb_rps[i].kp.symbol_name = krpb_syms[i];
		krpb_rps[i].handler = krpb_handler;
		krpb_rps[i].maxactive = maxactive;
		krpb_rps[i].data_size = data_size;
		krpb_rpp[i] = &krpb_rps[i];
	}
	krpb_n = n;
	return 0;
}

static int krpb_set_nprobes(const char *val, const struct kernel_param *kp)
{
	unsigned int n;
	int ret = kstrtouint(val, 0, &n);

	if (ret)
		return ret;
	mutex_lock(&krpb_lock);
	ret = krpb_file ? krpb_alloc(n) : -EAGAIN;
	mutex_unlock(&krpb_lock);
	return ret;
}

static int krpb_get_nprobes(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%u\n", krpb_n);
}

static const struct kernel_param_ops krpb_nprobes_ops = {
	.set = krpb_set_nprobes,
	.get = krpb_get_nprobes,
};
module_param_cb(nprobes, &krpb_nprobes_ops, NULL, 0644);
MODULE_PARM_DESC(nprobes, "write N: allocate N unregistered kretprobes");

static int krpb_set_registered(const char *val, const struct kernel_param *kp)
{
	bool on;
	u64 t0;
	int ret = kstrtobool(val, &on);

	if (ret)
		return ret;
	mutex_lock(&krpb_lock);
	if (!krpb_n || on == krpb_registered) {
		ret = -EINVAL;
	} else if (on) {
		t0 = ktime_get_ns();
		ret = register_kretprobes(krpb_rpp, krpb_n);
		reg_ns = ktime_get_ns() - t0;
		krpb_registered = !ret;
		if (ret)
			pr_info("%s: register_kretprobes(%u probes) = %d\n",
				KBUILD_MODNAME, krpb_n, ret);
	} else {
		t0 = ktime_get_ns();
		unregister_kretprobes(krpb_rpp, krpb_n);
		unreg_ns = ktime_get_ns() - t0;
		krpb_registered = false;
	}
	mutex_unlock(&krpb_lock);
	return ret;
}

static int krpb_get_registered(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", krpb_registered);
}

static const struct kernel_param_ops krpb_registered_ops = {
	.set = krpb_set_registered,
	.get = krpb_get_registered,
};
module_param_cb(registered, &krpb_registered_ops, NULL, 0644);
MODULE_PARM_DESC(registered, "write 1: register the allocated probes; 0: unregister them");

#ifdef KRPB_FLOORS
#ifdef CONFIG_FPROBE
static void krpb_fprobe_exit(struct fprobe *fp, unsigned long entry_ip,
			     unsigned long ret_ip, KRPB_FPROBE_REGS *regs,
			     void *entry_data)
{
}

/* One fprobe with an exit handler on all of @addrs, as a batch of the shim. */
static int krpb_fprobe_floor(unsigned long *addrs)
{
	struct fprobe fp = { .exit_handler = krpb_fprobe_exit };
	u64 t0 = ktime_get_ns();
	int ret = register_fprobe_ips(&fp, addrs, krpb_n);

	fprobe_ns = ktime_get_ns() - t0;
	if (ret) {
		pr_info("%s: register_fprobe_ips(%u addresses) = %d\n",
			KBUILD_MODNAME, krpb_n, ret);
		return ret;
	}
	t0 = ktime_get_ns();
	unregister_fprobe(&fp);
	fprobe_unreg_ns = ktime_get_ns() - t0;
	return 0;
}
#else
static int krpb_fprobe_floor(unsigned long *addrs)
{
	return 0;
}
#endif

/* The floors on the allocated probes' functions: see the top comment. */
static int krpb_check(void)
{
	struct kprobe *kps, **kpp;
	unsigned long *addrs;
	unsigned int i, n = 0;
	u64 t0;
	int ret = -ENOMEM;

	kps = kcalloc(krpb_n, sizeof(*kps), GFP_KERNEL);
	kpp = kcalloc(krpb_n, sizeof(*kpp), GFP_KERNEL);
	addrs = kcalloc(krpb_n, sizeof(*addrs), GFP_KERNEL);
	if (!kps || !kpp || !addrs)
		goto out;
	for (i = 0; i < krpb_n; i++) {
		kps[i].symbol_name = krpb_rps[i].kp.symbol_name;
		kps[i].flags = KPROBE_FLAG_DISABLED;
		kpp[i] = &kps[i];
	}
	t0 = ktime_get_ns();
	for (ret = 0; n < krpb_n && !ret; n++)
		ret = register_kprobe(kpp[n]);
	check_ns = ktime_get_ns() - t0;
	if (ret)
		n--;
	for (i = 0; i < n; i++)
		addrs[i] = (unsigned long)kps[i].addr;
	t0 = ktime_get_ns();
	if (n)
		unregister_kprobes(kpp, n);
	check_unreg_ns = ktime_get_ns() - t0;
	if (!ret)
		ret = krpb_fprobe_floor(addrs);
out:
	kfree(addrs);
	kfree(kpp);
	kfree(kps);
	return ret;
}

static int krpb_set_check(const char *val, const struct kernel_param *kp)
{
	bool on;
	int ret = kstrtobool(val, &on);

	if (ret)
		return ret;
	mutex_lock(&krpb_lock);
	ret = on && krpb_n && !krpb_registered ? krpb_check() : -EINVAL;
	mutex_unlock(&krpb_lock);
	return ret;
}

static const struct kernel_param_ops krpb_check_ops = {
	.set = krpb_set_check,
};
module_param_cb(check, &krpb_check_ops, NULL, 0200);
MODULE_PARM_DESC(check, "write 1: time the floors (disabled kprobes, one fprobe) on the allocated probes' functions");
#endif

/* Read all of @path into a vmalloc'ed buffer (kernel_read_file() would
 * trip the IPE LSM's warning on a file of no known kind).
 */
static ssize_t krpb_read_file(const char *path, void **bufp)
{
	struct file *f = filp_open(path, O_RDONLY, 0);
	loff_t pos = 0, size;
	ssize_t len;
	void *buf;

	if (IS_ERR(f))
		return PTR_ERR(f);
	size = i_size_read(file_inode(f));
	buf = size > 0 && size < INT_MAX ? vmalloc(size) : NULL;
	if (!buf) {
		filp_close(f, NULL);
		return size > 0 ? -ENOMEM : -EINVAL;
	}
	len = kernel_read(f, buf, size, &pos);
	filp_close(f, NULL);
	if (len < 0)
		vfree(buf);
	else
		*bufp = buf;
	return len;
}

static int __init krpb_init(void)
{
	ssize_t len;
	char *p, *end;
	unsigned int i = 0;

	len = krpb_read_file(symfile, &krpb_file);
	if (len < 0) {
		pr_err("%s: cannot read %s: %zd\n", KBUILD_MODNAME, symfile, len);
		return len;
	}
	p = krpb_file;
	end = p + len;
	for (; p < end; p++) {
		if (*p == '\n')
			krpb_nsyms++;
	}
	krpb_syms = kvcalloc(krpb_nsyms + 1, sizeof(*krpb_syms), GFP_KERNEL);
	if (!krpb_syms) {
		vfree(krpb_file);
		return -ENOMEM;
	}
	for (p = krpb_file; p < end && i < krpb_nsyms; i++) {
		char *nl = memchr(p, '\n', end - p);

		*nl = '\0';
		krpb_syms[i] = p;
		p = nl + 1;
	}
	pr_info("%s: %u function names from %s\n", KBUILD_MODNAME, krpb_nsyms, symfile);
	return 0;
}

static void __exit krpb_exit(void)
{
	mutex_lock(&krpb_lock);
	krpb_free();
	mutex_unlock(&krpb_lock);
	kvfree(krpb_syms);
	vfree(krpb_file);
}

module_init(krpb_init);
module_exit(krpb_exit);
MODULE_DESCRIPTION("kretprobe registration cost benchmark (kretprobe API)");
MODULE_LICENSE("GPL");
