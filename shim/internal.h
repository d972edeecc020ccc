/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to shim/: the small interface between the frontend (core.c) and
 * the backends (one file each), and the shared per-call helpers.
 */
#ifndef _KRPC_INTERNAL_H
#define _KRPC_INTERNAL_H

#include <linux/fprobe.h>
#include <linux/jump_label.h>
#include <linux/kprobes.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <kretprobe_compat/kretprobe_compat.h>

/*
 * In embed mode (KRETPROBE_COMPAT_EMBED) the shim is compiled into the
 * user's module: nothing is exported and every shim function is static.
 * Declarations say KRPC_API (extern, or static) and __maybe_unused.
 */
#ifdef KRETPROBE_COMPAT_EMBED
#define KRPC_SHARED static
#else
#define KRPC_SHARED
#endif

/*
 * fprobe can serve kretprobes where it hands per-call entry data to both
 * handlers (76d0de5729c0, 6.4 and 6.1.60+): the instance lives there.
 */
#if IS_ENABLED(CONFIG_FPROBE) && defined(KRPC_HAVE_FPROBE_ENTRY_DATA)
#define KRPC_HAVE_FPROBE_BACKEND
#endif

/*
 * The native-kretprobe backend, unless kprobes are not built, or the shim is
 * embedded in strict mode (where no native kretprobe may be referenced).
 */
#if defined(CONFIG_KRETPROBES) && \
	!(defined(KRETPROBE_COMPAT_EMBED) && defined(KRETPROBE_COMPAT_STRICT))
#define KRPC_HAVE_KRETPROBE_BACKEND
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

KRPC_API __maybe_unused int krpc_pool_init(struct krpc_pool *pool, int n,
					   size_t data_size);
KRPC_API __maybe_unused void krpc_pool_destroy(struct krpc_pool *pool);
KRPC_API __maybe_unused struct krpc_kretprobe_instance *
krpc_pool_get(struct krpc_pool *pool);
KRPC_API __maybe_unused void krpc_pool_put(struct krpc_pool *pool,
					   struct krpc_kretprobe_instance *ri);

/**
 * struct krpc_backend - one way of serving kretprobes
 * @name:       shown in debugfs ("fprobe", "kretprobe")
 * @attach:     hook every probe of @ps (their @addr), all or nothing;
 *              return 0 or an error
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
	int (*attach)(struct krpc_probe **ps, int num);
	void (*detach)(struct krpc_probe **ps, int num);
	unsigned long (*nmissed)(struct krpc_probe *p);
	void (*disable)(struct krpc_probe *p);
};

struct krpc_group;

/**
 * struct krpc_probe - the shim's state for one registered kretprobe
 * @rp:       the user's kretprobe
 * @backend:  the backend serving it
 * @addr:     the resolved entry address (what native puts in kp.addr)
 * @on_ftrace: @addr is an ftrace location (fprobe can reach it)
 * @detached: the backend has let go of it (core.c bookkeeping)
 * @disabled: disable_kretprobe() is in force: entries are not probed
 * @inflight: calls between entry and return (backend_fprobe.c)
 * @group:    the fprobe serving this probe's batch (backend_fprobe.c)
 * @group_idx: this probe's index in @group
 * @missed:   misses the shim itself counted (a full @pool)
 * @hits:     returns seen while the stats parameter is set, per cpu;
 *            NULL for a stand-in that counts nothing
 * @pool:     instances, for backends that keep them outside their own
 *            per-call storage
 * @node:     on krpc_probes (debugfs), under krpc_mutex
 * @u:        the backend's object
 */
struct krpc_probe {
	struct krpc_kretprobe *rp;
	const struct krpc_backend *backend;
	unsigned long addr;
	bool on_ftrace;
	bool detached;
	bool disabled;
	atomic_t inflight;
	struct krpc_group *group;
	unsigned int group_idx;
	atomic_long_t missed;
	unsigned long __percpu *hits;
	struct krpc_pool pool;
	struct list_head node;
	union {
#ifdef CONFIG_FPROBE
		struct fprobe fp;
#endif
#ifdef CONFIG_KRETPROBES
		struct kretprobe native;
#endif
	} u;
};

/* The backends; each is defined only where its file builds it. */
KRPC_API __maybe_unused const struct krpc_backend krpc_backend_fprobe;
KRPC_API __maybe_unused const struct krpc_backend krpc_backend_kretprobe;

/* Registration lock and the list of registered probes (core.c). */
KRPC_API __maybe_unused struct mutex krpc_mutex;
KRPC_API __maybe_unused struct list_head krpc_probes;

/* Module parameters (main.c); fixed defaults in embed mode. */
#ifdef KRETPROBE_COMPAT_EMBED
#define krpc_fake_regs false
#define krpc_stats false
#define krpc_fallback true
#define krpc_extras() false
#else
extern bool krpc_fake_regs;
extern bool krpc_stats;
extern bool krpc_fallback;
/*
 * On while fake_regs or stats is set (krpc_extras_update()): the return
 * path then leaves its inlined fast form, a single patched-out jump.
 */
DECLARE_STATIC_KEY_FALSE(krpc_extras_key);
#define krpc_extras() static_branch_unlikely(&krpc_extras_key)
KRPC_API void krpc_extras_update(void);
#endif

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

KRPC_API __maybe_unused int krpc_call_entry(struct krpc_probe *p,
					    struct krpc_kretprobe_instance *ri,
					    unsigned long ret_addr,
					    struct pt_regs *regs);
KRPC_API __maybe_unused void krpc_call_return(struct krpc_probe *p,
					      struct krpc_kretprobe_instance *ri,
					      struct pt_regs *regs);
KRPC_API __maybe_unused void krpc_regs_build(struct pt_regs *dst,
					     unsigned long retval,
					     unsigned long ret_addr,
					     unsigned long sp, unsigned long fp);
KRPC_API __maybe_unused void krpc_call_return_built(struct krpc_kretprobe *rp,
						    struct krpc_kretprobe_instance *ri,
						    struct pt_regs *regs);
KRPC_API __maybe_unused void krpc_call_return_extras(struct krpc_probe *p,
						     struct krpc_kretprobe *rp,
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
