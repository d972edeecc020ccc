// SPDX-License-Identifier: GPL-2.0
/*
 * kretprobe_compat: the kretprobe API implemented on fprobe exit handlers.
 *
 * Module entry and exit and the debugfs view kretprobe_compat/probes: one
 * line per registered probe. Not part of an embedded shim (KRPC_EMBED).
 * The module parameters are in params.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "backend.h"
#include "params.h"
#include "resolve.h"

static struct dentry *krpc_debugfs;

/*
 * The probed symbol as one word, in the "module:symbol" form kretprobes
 * accept; "%ps" where kallsyms knows no symbol (or no memory was had
 * for the question).
 */
static void krpc_symbol_word(char *buf, size_t len, unsigned long addr)
{
	struct krpc_sym *s = kmalloc(sizeof(*s), GFP_KERNEL);

	if (!s || !krpc_sym_at(addr, s))
		snprintf(buf, len, "%ps", (void *)addr);
	else if (s->mod)
		snprintf(buf, len, "%s:%s", s->mod, s->name);
	else
		strscpy(buf, s->name, len);
	kfree(s);
}

static int krpc_probes_show(struct seq_file *m, void *v)
{
	char sym[KSYM_NAME_LEN + MODULE_NAME_LEN + 4];
	struct krpc_probe *p;
	char hits[24];
	unsigned long sum;
	int cpu;

	seq_puts(m, "# symbol backend hits missed maxactive\n");
	mutex_lock(&krpc_mutex);
	list_for_each_entry(p, &krpc_probes, node) {
		strscpy(hits, "-", sizeof(hits));
		if (krpc_stats) {
			sum = 0;
			for_each_possible_cpu(cpu)
				sum += *per_cpu_ptr(p->hits, cpu);
			snprintf(hits, sizeof(hits), "%lu", sum);
		}
		krpc_symbol_word(sym, sizeof(sym), p->addr);
		seq_printf(m, "%s %s %s %d %d\n", sym, p->backend->name, hits,
			   krpc_kretprobe_nmissed(p->rp), p->rp->maxactive);
	}
	mutex_unlock(&krpc_mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(krpc_probes);

static int __init krpc_init(void)
{
	krpc_debugfs = debugfs_create_dir("kretprobe_compat", NULL);
	debugfs_create_file("probes", 0444, krpc_debugfs, NULL,
			    &krpc_probes_fops);
	pr_info("version %s loaded (fprobe backend %s)\n", KRPC_VERSION,
#ifdef KRPC_HAVE_FPROBE_BACKEND
		"available"
#else
		"not available on this kernel"
#endif
		);
	return 0;
}

static void __exit krpc_exit(void)
{
	debugfs_remove_recursive(krpc_debugfs);
	pr_info("unloaded\n");
}

module_init(krpc_init);
module_exit(krpc_exit);

MODULE_DESCRIPTION("kretprobe API on fprobe exit handlers");
MODULE_VERSION(KRPC_VERSION);
MODULE_LICENSE("GPL");
