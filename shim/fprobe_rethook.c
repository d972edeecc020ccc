// SPDX-License-Identifier: GPL-2.0
/*
 * fprobe_rethook.c - kretprobes served by fprobe with pt_regs handlers
 * (the rethook-based fprobe of 6.4-6.13, and of 6.1.60+ stable). Built
 * where the kernel's fprobe.h hands entry data to both handlers and has
 * pt_regs handlers (shim/probes.mk).
 *
 * A batch of kretprobes is served by one fprobe on all their addresses
 * (a "group": one ftrace update to register, one to unregister), whose
 * handlers find the kretprobe by the entry address. The instance lives in
 * the fprobe's per-call entry data, so it is the same storage in the entry
 * and the exit handler of one call. Each kretprobe keeps its own maxactive
 * (an in-flight count; the group's rethook pool holds the sum), data_size,
 * nmissed and enable state, and can be unregistered alone: its slot in the
 * group is cleared, and the fprobe goes when its last kretprobe does. The
 * exit handler gets the rethook trampoline's full pt_regs, with the real
 * return address as instruction pointer.
 *
 * A group of one kretprobe without an entry handler, registered enabled,
 * starts with no fprobe entry handler at all and a shorter exit handler
 * (the per-hit cost is then fprobe's own plus one call): everything the
 * instance holds is known at the return. Its first disable_kretprobe()
 * installs the general handlers for good (only an entry handler can skip a
 * call), and waits until every new call sees them; calls that entered
 * before still return normally.
 */
#include <linux/build_bug.h>
#include <linux/fprobe.h>
#include <linux/kprobes.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "backend.h"
#include "call.h"
#include "group.h"

/* The handler shapes differ by era; the probes in probes.mk pick one. */
#ifdef KRPC_HAVE_FPROBE_RET_IP
#define KRPC_RET_IP_PARAM	unsigned long ret_ip,
#else
#define KRPC_RET_IP_PARAM
#endif

#ifdef KRPC_HAVE_FPROBE_INT_ENTRY
#define KRPC_ENTRY_RET_T int
#define KRPC_ENTRY_RET(skip) (skip)
#else
/* 6.1.60+ stable: the exit handler always runs; KRPC_SKIP marks a skip. */
#define KRPC_ENTRY_RET_T void
#define KRPC_ENTRY_RET(skip) ((void)(skip))
#endif

#define KRPC_SKIP	ULONG_MAX

struct krpc_group;

/**
 * struct krpc_fp_probe - a kretprobe served by a group's fprobe
 * @probe:     the core's state; first, so the core frees the whole
 * @inflight:  calls between entry and return (a group of more than one)
 * @group:     the fprobe serving this probe's batch
 * @group_idx: this probe's index in @group
 */
struct krpc_fp_probe {
	struct krpc_probe probe;
	atomic_t inflight;
	struct krpc_group *group;
	unsigned int group_idx;
};
static_assert(offsetof(struct krpc_fp_probe, probe) == 0);

static inline struct krpc_fp_probe *krpc_fp(struct krpc_probe *p)
{
	return container_of(p, struct krpc_fp_probe, probe);
}

/**
 * struct krpc_group - one fprobe serving a batch of kretprobes
 * @fp:     the fprobe
 * @live:   kretprobes still registered; under krpc_mutex
 * @slow:   the fprobe has the general handlers (set once, never cleared);
 *          under krpc_mutex
 * @one:    the kretprobe of a group of one; &krpc_fp_gone once it is
 *          unregistered (and in every bigger group)
 * @num:    entries in @addrs and @probes
 * @addrs:  the kretprobes' addresses, ascending, no duplicates
 * @probes: the kretprobe at each address; NULL once it is unregistered
 *          (read in probe context, cleared before a grace period)
 * @next:   on a list of groups to free (detach)
 */
struct krpc_group {
	struct fprobe fp;
	int live;
	bool slow;
	struct krpc_probe *one;
	int num;
	unsigned long *addrs;
	struct krpc_probe **probes;
	struct krpc_group *next;
};

/*
 * What the fprobe keeps per call: which kretprobe, and its instance. The
 * entry handler writes @mark (the call's own address, which no allocator
 * leaves in fresh memory) with @idx, so that the exit handler can tell a
 * call it saw from one that entered before the group had an entry handler.
 */
struct krpc_fp_call {
	unsigned long mark;
	unsigned long idx;
	struct krpc_kretprobe_instance ri;
};

/*
 * What @one of a group points at once its kretprobe is unregistered: a
 * probe without a return handler that counts nothing, so that the exit
 * handler of a group of one needs no test of its own for a call that
 * returns meanwhile (the instance it fills is that call's entry data).
 */
static struct krpc_kretprobe krpc_fp_gone_rp;
static struct krpc_probe krpc_fp_gone = { .rp = &krpc_fp_gone_rp };

static notrace KRPC_ENTRY_RET_T
krpc_fp_entry(struct fprobe *fp, unsigned long entry_ip, KRPC_RET_IP_PARAM
	      struct pt_regs *regs, void *entry_data)
{
	struct krpc_group *g = container_of(fp, struct krpc_group, fp);
	struct krpc_fp_call *call = entry_data;
	struct krpc_probe *p = NULL;
	long idx = krpc_group_find(g->addrs, g->num, entry_ip);
#ifndef KRPC_HAVE_FPROBE_RET_IP
	unsigned long ret_ip = krpc_entry_ret_addr(regs);
#endif

	call->mark = (unsigned long)call;
	call->idx = KRPC_SKIP;
	if (idx >= 0)
		p = READ_ONCE(g->probes[idx]);
	if (!p || READ_ONCE(p->disabled))
		return KRPC_ENTRY_RET(1);
	/*
	 * A group of one is bounded by the fprobe's rethook pool (maxactive
	 * nodes), which counts its misses; a bigger group shares the pool, so
	 * each kretprobe counts its calls in flight against its maxactive.
	 */
	if (g->num > 1 && atomic_inc_return(&krpc_fp(p)->inflight) > p->rp->maxactive) {
		atomic_dec(&krpc_fp(p)->inflight);
		WRITE_ONCE(p->rp->nmissed, atomic_long_inc_return(&p->missed));
		return KRPC_ENTRY_RET(1);
	}
	if (krpc_call_entry(p, &call->ri, ret_ip, regs)) {
		if (g->num > 1)
			atomic_dec(&krpc_fp(p)->inflight);
		return KRPC_ENTRY_RET(1);
	}
	call->idx = idx;
	return KRPC_ENTRY_RET(0);
}
NOKPROBE_SYMBOL(krpc_fp_entry);

/*
 * The instance the kretprobe handler gets: all known at the return. The
 * task only when asked for (@task): the fast path of a kretprobe without
 * %KRPC_FLAG_TASK leaves it as it is (see struct krpc_kretprobe_instance).
 */
static __always_inline void krpc_fp_fill(struct krpc_fp_call *call,
					 struct krpc_kretprobe *rp,
					 struct pt_regs *regs, bool task)
{
	call->ri.krpc_rp = rp;
	if (task)
		call->ri.krpc_task = current;
	call->ri.krpc_ret_addr = (kprobe_opcode_t *)instruction_pointer(regs);
}

static notrace void
krpc_fp_exit(struct fprobe *fp, unsigned long entry_ip, KRPC_RET_IP_PARAM
	     struct pt_regs *regs, void *entry_data)
{
	struct krpc_group *g = container_of(fp, struct krpc_group, fp);
	struct krpc_fp_call *call = entry_data;
	unsigned long idx = 0;
	struct krpc_probe *p;
	struct krpc_kretprobe *rp;

	/* A call that entered before the group had an entry handler: index 0. */
	if (likely(call->mark == (unsigned long)call)) {
		idx = call->idx;
		if (idx == KRPC_SKIP)
			return;
	}
	/* NULL when the kretprobe was unregistered while this call ran. */
	p = READ_ONCE(g->probes[idx]);
	if (unlikely(!p))
		return;
	rp = p->rp;
	krpc_fp_fill(call, rp, regs, true);
	if (g->num == 1) {
		WRITE_ONCE(rp->nmissed, READ_ONCE(fp->nmissed));
		krpc_call_return(p, &call->ri, regs);
		return;
	}
	krpc_call_return(p, &call->ri, regs);
	atomic_dec(&krpc_fp(p)->inflight);
}
NOKPROBE_SYMBOL(krpc_fp_exit);

/*
 * The exit handler of a group of one without an entry handler. Once the
 * kretprobe is unregistered @one is krpc_fp_gone, whose missing return
 * handler ends the call.
 */
static __always_inline void krpc_fp_exit_one_call(struct fprobe *fp,
						  struct pt_regs *regs,
						  void *entry_data, bool task)
{
	struct krpc_fp_call *call = entry_data;
	struct krpc_probe *p;
	struct krpc_kretprobe *rp;

	p = READ_ONCE(container_of(fp, struct krpc_group, fp)->one);
	rp = p->rp;
	krpc_fp_fill(call, rp, regs, task);
	WRITE_ONCE(rp->nmissed, READ_ONCE(fp->nmissed));
	krpc_call_return(p, &call->ri, regs);
}

static notrace void
krpc_fp_exit_one(struct fprobe *fp, unsigned long entry_ip, KRPC_RET_IP_PARAM
		 struct pt_regs *regs, void *entry_data)
{
	krpc_fp_exit_one_call(fp, regs, entry_data, false);
}
NOKPROBE_SYMBOL(krpc_fp_exit_one);

/* The same, for a kretprobe with KRPC_FLAG_TASK (a legacy build's). */
static notrace void
krpc_fp_exit_one_task(struct fprobe *fp, unsigned long entry_ip,
		      KRPC_RET_IP_PARAM struct pt_regs *regs, void *entry_data)
{
	krpc_fp_exit_one_call(fp, regs, entry_data, true);
}
NOKPROBE_SYMBOL(krpc_fp_exit_one_task);

static void krpc_group_free(struct krpc_group *g)
{
	kfree(g->addrs);
	kfree(g->probes);
	kfree(g);
}

/* One fprobe for @n probes with distinct addresses, ascending. */
static int krpc_group_attach(struct krpc_probe **ps, int n)
{
	struct krpc_group *g;
	size_t data = 0;
	int i, maxactive = 0, ret = -ENOMEM;

	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		return -ENOMEM;
	g->addrs = kcalloc(n, sizeof(*g->addrs), GFP_KERNEL);
	g->probes = kcalloc(n, sizeof(*g->probes), GFP_KERNEL);
	if (!g->addrs || !g->probes)
		goto out_free;
	for (i = 0; i < n; i++) {
		g->addrs[i] = ps[i]->addr;
		g->probes[i] = ps[i];
		data = max(data, ps[i]->rp->data_size);
		maxactive += ps[i]->rp->maxactive;
		atomic_set(&krpc_fp(ps[i])->inflight, 0);
	}
	g->num = n;
	g->live = n;
	g->one = n == 1 ? ps[0] : &krpc_fp_gone;
	g->slow = n > 1 || ps[0]->rp->entry_handler || ps[0]->disabled;
	if (g->slow) {
		g->fp.entry_handler = krpc_fp_entry;
		g->fp.exit_handler = krpc_fp_exit;
	} else if (ps[0]->rp->krpc_flags & KRPC_FLAG_TASK) {
		g->fp.exit_handler = krpc_fp_exit_one_task;
	} else {
		g->fp.exit_handler = krpc_fp_exit_one;
	}
	g->fp.entry_data_size = sizeof(struct krpc_fp_call) + data;
	g->fp.nr_maxactive = maxactive;	/* a group of one: its maxactive */
	ret = register_fprobe_ips(&g->fp, g->addrs, n);
	if (ret)
		goto out_free;
	for (i = 0; i < n; i++) {
		krpc_fp(ps[i])->group = g;
		krpc_fp(ps[i])->group_idx = i;
	}
	return 0;

out_free:
	krpc_group_free(g);
	return ret;
}

static void krpc_fp_detach(struct krpc_probe **ps, int num)
{
	struct krpc_group *g, *dead = NULL;
	int i;

	for (i = 0; i < num; i++) {
		g = krpc_fp(ps[i])->group;
		WRITE_ONCE(g->probes[krpc_fp(ps[i])->group_idx], NULL);
		WRITE_ONCE(g->one, &krpc_fp_gone);
		g->live--;
	}
	/* Handlers run with preemption off: after this none sees them. */
	synchronize_rcu();
	for (i = 0; i < num; i++) {
		g = krpc_fp(ps[i])->group;
		krpc_fp(ps[i])->group = NULL;
		if (g && !g->live) {
			g->live = -1;
			g->next = dead;
			dead = g;
		}
	}
	while (dead) {
		g = dead;
		dead = g->next;
		unregister_fprobe(&g->fp);
		krpc_group_free(g);
	}
}

/* The batch in groups of distinct addresses (group.c), all or nothing. */
static int krpc_fp_attach(struct krpc_probe **ps, int num)
{
	return krpc_group_split(ps, num, krpc_group_attach, krpc_fp_detach);
}

static notrace unsigned long krpc_fp_nmissed(struct krpc_probe *p)
{
	struct krpc_group *g = READ_ONCE(krpc_fp(p)->group);
	unsigned long missed = atomic_long_read(&p->missed);

	/* fprobe's own count (pool, recursion) belongs to a group of one. */
	if (g && g->num == 1)
		missed += READ_ONCE(g->fp.nmissed);
	return missed;
}
NOKPROBE_SYMBOL(krpc_fp_nmissed);

/*
 * A group without an entry handler probes every call: give it the general
 * handlers, once. The exit handler goes first, and the first grace period
 * has every CPU see it before any entry can run the entry handler (the
 * exit then reads the call's mark; calls that entered without it have
 * none). The entry handler pointer only ever goes from NULL to set, so a
 * call that read it set keeps seeing it set; after the second grace period
 * no call can still be on an entry path that read NULL (handlers run with
 * preemption off).
 */
static void krpc_fp_disable(struct krpc_probe *p)
{
	struct krpc_group *g = krpc_fp(p)->group;

	if (!g || g->slow)
		return;
	g->slow = true;
	WRITE_ONCE(g->fp.exit_handler, krpc_fp_exit);
	synchronize_rcu();
	WRITE_ONCE(g->fp.entry_handler, krpc_fp_entry);
	synchronize_rcu();
}

const struct krpc_backend krpc_backend_fprobe = {
	.name = "fprobe",
	.probe_size = sizeof(struct krpc_fp_probe),
	.attach = krpc_fp_attach,
	.detach = krpc_fp_detach,
	.nmissed = krpc_fp_nmissed,
	.disable = krpc_fp_disable,
};
