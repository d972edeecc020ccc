/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to shim/: the interface between the frontend (core.c) and the
 * backends (one file each), and the registry of probes (core.c, main.c).
 *
 * Which backends this build has is decided by Kbuild (shim/probes.mk), which
 * also picks their files: KRPC_HAVE_FPROBE_BACKEND (fprobe_rethook.c or
 * fprobe_fgraph.c) and KRPC_HAVE_KRETPROBE_BACKEND (kretprobe_native.c).
 */
#ifndef _KRPC_BACKEND_H
#define _KRPC_BACKEND_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/types.h>
#include <kretprobe_compat/kretprobe_compat.h>

struct krpc_probe;

/**
 * struct krpc_backend - one way of serving kretprobes
 * @name:       shown in debugfs ("fprobe", "kretprobe")
 * @probe_size: size of the backend's per-probe struct, which embeds
 *              struct krpc_probe as its first member; the core allocates
 *              a probe at this size once it has picked the backend
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
 * @backend:  the backend serving it, from its attach until its detach
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

#endif /* _KRPC_BACKEND_H */
