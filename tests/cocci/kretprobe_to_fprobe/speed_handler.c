// SPDX-License-Identifier: GPL-2.0
/*
 * Must convert, and fast: a return handler of the size of an integrity
 * checker's text-patching hook (a switch over states, loops over a table,
 * many names). The verdict's rules walk its body; a rule that bound every
 * identifier there took minutes on files like this.
 */
#include <linux/kprobes.h>
#include <linux/module.h>

enum st { ST_NONE, ST_CORE, ST_MOD, ST_ODD };

struct ent {
	struct module *mod;
	void *text;
	unsigned int size;
	unsigned long hash;
	const char *name;
};

static struct {
	enum st state;
	struct module *mod;
	struct ent list[64];
	unsigned int nr;
	unsigned long list_hash;
	void *core;
	unsigned int core_size;
	unsigned long core_hash;
	unsigned long seen, missed;
} db;

static unsigned long hash(const unsigned char *p, unsigned int n)
{
	unsigned long h = 5381;

	while (n--)
		h = h * 33 + *p++;
	return h;
}

static int entry_h(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	db.state = ST_CORE;
	db.seen++;
	return 0;
}

static int ret_h(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	unsigned int i, j;
	unsigned char found = 0;
	unsigned long ret = regs_return_value(regs);

	switch (db.state) {
	case ST_CORE:
		db.core_hash = hash((unsigned char *)db.core, db.core_size);
		pr_debug("core text hash %lx\n", db.core_hash);
		break;
	case ST_MOD:
		for (i = 0; i < db.nr; i++) {
			if (db.list[i].mod != db.mod)
				continue;
			pr_debug("module %s at %lx\n", db.list[i].name,
				 (unsigned long)db.list[i].mod);
			db.list[i].hash = hash((unsigned char *)db.list[i].text,
					       db.list[i].size);
			db.list_hash = hash((unsigned char *)db.list,
					    db.nr * sizeof(db.list[0]));
			found = 1;
			break;
		}
		if (!found) {
			for (j = 0; j < db.nr; j++) {
				if (db.list[j].text == db.core) {
					db.list[j].size = db.core_size;
					db.list[j].hash = db.core_hash;
				} else if (db.list[j].size > db.core_size) {
					db.list[j].hash ^= db.list_hash;
				} else {
					db.missed++;
				}
			}
		}
		break;
	case ST_ODD:
		if (ret)
			db.missed++;
		for (i = 0; i < db.nr; i++)
			for (j = i + 1; j < db.nr; j++)
				if (db.list[i].hash == db.list[j].hash)
					db.missed += i + j;
		break;
	default:
		break;
	}
	db.state = ST_NONE;
	db.mod = NULL;
	return 0;
}

static struct kretprobe rp = {
	.handler = ret_h,
	.entry_handler = entry_h,
	.kp.symbol_name = "arch_jump_label_transform",
};

int probe_init(void)
{
	return register_kretprobe(&rp);
}
