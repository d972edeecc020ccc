/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to shim/: the small interface between the frontend (core.c) and
 * the backends (one file each), and the shared per-call helpers.
 */
#ifndef _KRPC_INTERNAL_H
#define _KRPC_INTERNAL_H

#include <linux/build_bug.h>
#include <linux/export.h>
#include <linux/jump_label.h>
#include <linux/kprobes.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <kretprobe_compat/kretprobe_compat.h>

/*
 * Which backends this build has is decided by Kbuild (shim/probes.mk), which
 * also picks their files: KRPC_HAVE_FPROBE_BACKEND (fprobe_rethook.c or
 * fprobe_fgraph.c) and KRPC_HAVE_KRETPROBE_BACKEND (kretprobe_native.c).
 *
 * KRPC_EMBED: these files are compiled into the user's module
 * (KRETPROBE_COMPAT_EMBED, kretprobe-compat.mk) rather than into
 * kretprobe_compat.ko. Then nothing is exported (KRPC_EXPORT() only checks
 * that the symbol exists), there are no module parameters (their defaults
 * apply) and no debugfs file (main.c).
 */
#ifdef KRPC_EMBED
#define KRPC_EXPORT(sym)	static_assert(__same_type(sym, sym))
#else
#define KRPC_EXPORT(sym)	EXPORT_SYMBOL_GPL(sym)
#endif

struct krpc_probe;

/**
 * struct krpc_pool - maxactive instances kept outside the backend (pool.c)
 * @busy:      one bit per slot in use
 * @slots:     @n slots of @slot_size bytes
 * @slot_size: struct krpc_kretprobe_instance plus data_size, aligned
 * @n:         number of slots
 */
struct krpc_pool {
	unsigned long *busy;
	void *slots;
	size_t slot_size;
	unsigned int n;
};

int krpc_pool_init(struct krpc_pool *pool, int n, size_t data_size);
void krpc_pool_destroy(struct krpc_pool *pool);
struct krpc_kretprobe_instance *krpc_pool_get(struct krpc_pool *pool);
void krpc_pool_put(struct krpc_pool *pool, struct krpc_kretprobe_instance *ri);

/**
 * struct krpc_backend - one way of serving kretprobes
 * @name:       shown in debugfs ("fprobe", "kretprobe")
 * @probe_size: size of the backend's per-probe struct, which embeds
 *              struct krpc_probe as its first member
 * @attach:     hook every probe of @ps (their @addr), all or nothing;
 *              return 0 or an error. NULL for a backend that hooks one
 *              probe at a time (@attach_one)
 * @attach_one: hook one probe; return 0 or an error. The core runs it over
 *              a batch and, on an error, detaches the probes it attached
 * @detach:     unhook every probe of @ps; when it returns no handler runs
 *              for any of them (the core then frees them)
 * @nmissed:    misses counted for @p
 * @disable:    optional; called under krpc_mutex once @p->disabled is set,
 *              for a backend whose entry path does not always look at it;
 *              when it returns no new call of @p is probed
 *
 * A batch is handed over whole so that a backend can serve it with one
 * hook (one ftrace update) and pay one grace period to remove it.
 */
struct krpc_backend {
	const char *name;
	size_t probe_size;
	int (*attach)(struct krpc_probe **ps, int num);
	int (*attach_one)(struct krpc_probe *p);
	void (*detach)(struct krpc_probe **ps, int num);
	unsigned long (*nmissed)(struct krpc_probe *p);
	void (*disable)(struct krpc_probe *p);
};

/**
 * struct krpc_probe - the core's state for one registered kretprobe; the
 * first member of the serving backend's own per-probe struct
 * @rp:       the user's kretprobe
 * @backend:  the backend serving it
 * @addr:     the resolved entry address (what native puts in kp.addr)
 * @on_ftrace: @addr is an ftrace location (fprobe can reach it)
 * @detached: the backend has let go of it (core.c bookkeeping)
 * @disabled: disable_kretprobe() is in force: entries are not probed
 * @missed:   misses the shim itself counted (a full instance pool, a
 *            kretprobe of a batch at its maxactive)
 * @hits:     returns seen while the stats parameter is set, per cpu;
 *            NULL for a stand-in that counts nothing
 * @node:     on krpc_probes (debugfs), under krpc_mutex
 */
struct krpc_probe {
	struct krpc_kretprobe *rp;
	const struct krpc_backend *backend;
	unsigned long addr;
	bool on_ftrace;
	bool detached;
	bool disabled;
	atomic_long_t missed;
	unsigned long __percpu *hits;
	struct list_head node;
};

/* The backends this build has (shim/probes.mk picks their files). */
extern const struct krpc_backend krpc_backend_fprobe;
extern const struct krpc_backend krpc_backend_kretprobe;

/* Registration lock and the list of registered probes (core.c). */
extern struct mutex krpc_mutex;
extern struct list_head krpc_probes;

/*
 * The module parameters (params.c); in an embedded shim (KRPC_EMBED) they
 * keep their defaults.
 */
extern bool krpc_fake_regs;
extern bool krpc_stats;
extern bool krpc_fallback;
DECLARE_STATIC_KEY_FALSE(krpc_extras_key);
void krpc_extras_update(void);

/**
 * krpc_extras() - whether the return path must count hits or build pt_regs
 *
 * On while the fake_regs or the stats parameter is set
 * (krpc_extras_update()): the return path then leaves its inlined fast
 * form. A single patched-out jump while off.
 *
 * Context: any.
 * Return: true while fake_regs or stats is set.
 */
static __always_inline bool krpc_extras(void)
{
	return static_branch_unlikely(&krpc_extras_key);
}

/*
 * The return address of a call, read at the function's first instruction
 * (where both kprobes and ftrace hand over their registers).
 */
static __always_inline unsigned long krpc_entry_ret_addr(struct pt_regs *regs)
{
#ifdef CONFIG_X86
	return *(unsigned long *)kernel_stack_pointer(regs);
#elif defined(CONFIG_ARM64)
	return regs->regs[30];
#else
	return 0;
#endif
}

int krpc_call_entry(struct krpc_probe *p, struct krpc_kretprobe_instance *ri,
		    unsigned long ret_addr, struct pt_regs *regs);
void krpc_call_return(struct krpc_probe *p, struct krpc_kretprobe_instance *ri,
		      struct pt_regs *regs);
void krpc_regs_build(struct pt_regs *dst, unsigned long retval,
		     unsigned long ret_addr, unsigned long sp, unsigned long fp);
void krpc_call_return_built(struct krpc_kretprobe *rp,
			    struct krpc_kretprobe_instance *ri,
			    struct pt_regs *regs);
void krpc_call_return_extras(struct krpc_probe *p, struct krpc_kretprobe *rp,
			     struct krpc_kretprobe_instance *ri,
			     struct pt_regs *regs);

/*
 * krpc_call_return() inlined, for a backend's exit handler (@rp is
 * @p->rp, which it has at hand): the hot path is one patched-out jump, a
 * test and the handler call; the hit count and the fake_regs copy (a
 * pt_regs on the stack) stay out of line, behind the static key.
 */
static __always_inline void __krpc_call_return(struct krpc_probe *p,
					       struct krpc_kretprobe *rp,
					       struct krpc_kretprobe_instance *ri,
					       struct pt_regs *regs)
{
	if (krpc_extras()) {
		krpc_call_return_extras(p, rp, ri, regs);
		return;
	}
	if (likely(rp->handler))
		rp->handler(ri, regs);
}

#endif /* _KRPC_INTERNAL_H */
