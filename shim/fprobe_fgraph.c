// SPDX-License-Identifier: GPL-2.0
/*
 * fprobe_fgraph.c - kretprobes served by an fprobe with ftrace_regs
 * handlers (fprobe on the function-graph tracer, 6.14 and later). Built
 * instead of fprobe_rethook.c where the kernel's fprobe.h has ftrace_regs
 * handlers (shim/probes.mk).
 *
 * A batch of kretprobes is served by one fprobe on all their addresses
 * (a "group", as in fprobe_rethook.c: one ftrace update to register, one
 * to unregister), whose handlers find the kretprobe by the entry address
 * (a group of one needs no search). Each kretprobe keeps its own
 * maxactive, data_size, nmissed and enable state, and can be unregistered
 * alone: its slot in the group is cleared, and the fprobe goes when its
 * last kretprobe does.
 *
 * fgraph keeps per-call entry data on the task's shadow stack, at most
 * MAX_FPROBE_DATA_SIZE bytes, and has no instance pool: so the instances
 * (header and data_size bytes) come from each kretprobe's own pool of
 * maxactive slots, whose exhaustion is that kretprobe's miss as native's
 * is, and the entry data holds the slot's address, the probe's index in
 * the group and the group's generation.
 *
 * The return handler always gets a built pt_regs (call.c): the return
 * value, the return address as instruction pointer, a stack and a frame
 * pointer; the return value it leaves there is written back to the
 * ftrace_regs, which the return trampoline restores. What an entry handler
 * writes to the argument registers reaches the probed function, and a
 * stack trace taken in the return handler has the caller, on arm64 too.
 *
 * Booted here on Debian's 7.3 kernels, x86_64 and arm64; tests/unit also
 * covers this file against stub headers of the 6.14 API.
 */
#include <linux/atomic.h>
#include <linux/build_bug.h>
#include <linux/fprobe.h>
#include <linux/ftrace.h>
#include <linux/kprobes.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "backend.h"
#include "call.h"
#include "group.h"
#include "pool.h"

struct krpc_fr_group;

/**
 * struct krpc_fr_probe - a kretprobe served by a group's fprobe
 * @probe:     the core's state; first, so the core frees the whole
 * @pool:      the instances; the entry data holds a slot's address
 * @group:     the fprobe serving this probe's batch
 * @group_idx: this probe's index in @group
 */
struct krpc_fr_probe {
	struct krpc_probe probe;
	struct krpc_pool pool;
	struct krpc_fr_group *group;
	unsigned int group_idx;
};
static_assert(offsetof(struct krpc_fr_probe, probe) == 0);

static inline struct krpc_fr_probe *krpc_fr(struct krpc_probe *p)
{
	return container_of(p, struct krpc_fr_probe, probe);
}

/**
 * struct krpc_fr_group - one fprobe serving a batch of kretprobes
 * @fp:     the fprobe
 * @gen:    this registration's number, random, kept in each call's entry
 *          data; set before the fprobe is registered, never changed
 * @live:   kretprobes still registered; under krpc_mutex
 * @num:    entries in @addrs and @probes
 * @addrs:  the kretprobes' addresses, ascending, no duplicates
 * @probes: the kretprobe at each address; NULL once it is unregistered
 *          (read in probe context, cleared before a grace period)
 * @next:   on a list of groups to free (detach)
 */
struct krpc_fr_group {
	struct fprobe fp;
	unsigned long gen;
	int live;
	int num;
	unsigned long *addrs;
	struct krpc_probe **probes;
	struct krpc_fr_group *next;
};

/**
 * struct krpc_fr_call - one probed call's fgraph entry data
 * @ri:  the instance, a slot of the probe's pool
 * @gen: the group's @gen when the call entered
 * @idx: the probe's index in the group
 *
 * A call asleep in the probed function across an unregistration returns
 * later. fgraph then looks its fprobe up by address: if a new group has
 * been registered in the same memory meanwhile, it is found, and its exit
 * handler gets this call's data. @gen tells the two apart, so that
 * nothing of the old group's probes or pools is touched, and @idx is
 * read only when @gen matches.
 */
struct krpc_fr_call {
	struct krpc_kretprobe_instance *ri;
	unsigned long gen;
	unsigned long idx;
};


/*
 * What an entry handler wrote to the argument registers must reach the
 * probed function, as with native kretprobe. Where ftrace_partial_regs()
 * hands out the ftrace_regs' own pt_regs (x86) it does; arm64's is a copy,
 * and upstream's ftrace_partial_regs_update() (7.0) writes back only pc and
 * x0: write back x0-x8, the argument and indirect result registers ftrace
 * saved and restores. Called only when an entry handler ran on a copy;
 * no other architecture the shim is built for makes one.
 */
static notrace void krpc_fr_args_update(struct ftrace_regs *fregs,
					const struct pt_regs *regs)
{
#ifdef CONFIG_ARM64
	struct __arch_ftrace_regs *afregs = arch_ftrace_regs(fregs);

	memcpy(afregs->regs, regs->regs, sizeof(afregs->regs));
#endif
}
NOKPROBE_SYMBOL(krpc_fr_args_update);

/*
 * The caller's stack pointer after the return: where the return trampoline
 * put the exit ftrace_regs, just below it. arm64's return_to_handler
 * allocates exactly the arch ftrace_regs there and leaves its sp slot
 * unwritten: the caller's sp is the end of that frame. x86's (from 6.18)
 * fills the stack pointer of the exit ftrace_regs (at or just above the
 * frame); before, that slot holds stale stack contents, which may well
 * look like a stack address. Only a value in the expected window is taken;
 * otherwise the ftrace_regs frame itself stands in.
 */
static notrace unsigned long krpc_fr_stack_pointer(struct ftrace_regs *fregs)
{
	unsigned long frame = (unsigned long)fregs;
#ifdef CONFIG_ARM64
	return frame + sizeof(struct __arch_ftrace_regs);
#else
	unsigned long sp = ftrace_regs_get_stack_pointer(fregs);

	if (sp >= frame && sp - frame <= 2 * sizeof(struct pt_regs))
		return sp;
	return frame;
#endif
}
NOKPROBE_SYMBOL(krpc_fr_stack_pointer);

#ifdef CONFIG_ARM64
/*
 * Call the return handler so that a stack trace taken in it (arm64's frame
 * record unwinder: stack_trace_save(), dump_stack()) goes on into the
 * caller, as native kretprobe's does. return_to_handler makes no frame
 * record: ftrace_return_to_handler()'s has the caller's fp and an lr inside
 * return_to_handler, which the unwinder takes for an ordinary return
 * address (it asks fgraph's return stack only when a saved lr is
 * return_to_handler itself), so the return address into the caller is in
 * no record at all. For the handler's duration this function's own record
 * says {the caller's fp, the return address}: the unwinder steps from here
 * into the caller, then on up the caller's own chain. The record is
 * restored, signature bits and all, before it is used to return.
 */
static noinline notrace void
krpc_fr_call_return(struct krpc_probe *p, struct krpc_kretprobe_instance *ri,
		    struct pt_regs *regs)
{
	unsigned long *record = __builtin_frame_address(0);
	unsigned long fp = record[0], lr = record[1];

	WRITE_ONCE(record[0], frame_pointer(regs));
	WRITE_ONCE(record[1], instruction_pointer(regs));
	krpc_call_return(p, ri, regs);
	WRITE_ONCE(record[0], fp);
	WRITE_ONCE(record[1], lr);
}
NOKPROBE_SYMBOL(krpc_fr_call_return);
#else
/* x86's unwinders step through return_to_handler themselves (7.3 does). */
#define krpc_fr_call_return krpc_call_return
#endif

/*
 * The misses of @p, served by @g (NULL once detached): the shim's own, and
 * fprobe's (the shadow stack full), which belong to a group of one: in a
 * bigger group fprobe cannot say which kretprobe's call it missed.
 */
static notrace unsigned long krpc_fr_missed(struct krpc_probe *p,
					    struct krpc_fr_group *g)
{
	unsigned long missed = atomic_long_read(&p->missed);

	if (g && g->num == 1)
		missed += READ_ONCE(g->fp.nmissed);
	return missed;
}
NOKPROBE_SYMBOL(krpc_fr_missed);

static notrace unsigned long krpc_fr_nmissed(struct krpc_probe *p)
{
	return krpc_fr_missed(p, READ_ONCE(krpc_fr(p)->group));
}
NOKPROBE_SYMBOL(krpc_fr_nmissed);

static notrace int krpc_fr_entry(struct fprobe *fp, unsigned long entry_ip,
				 unsigned long ret_ip, struct ftrace_regs *fregs,
				 void *entry_data)
{
	struct krpc_fr_group *g = container_of(fp, struct krpc_fr_group, fp);
	struct krpc_fr_call *call = entry_data;
	struct krpc_kretprobe_instance *ri;
	struct pt_regs buf, *regs;
	struct krpc_fr_probe *fr;
	struct krpc_probe *p;
	long idx = 0;
	int skip;

	/* A group of one: fgraph calls it for its one address only. */
	if (g->num > 1) {
		idx = krpc_group_find(g->addrs, g->num, entry_ip);
		if (unlikely(idx < 0))
			return 1;
	}
	p = READ_ONCE(g->probes[idx]);
	if (!p || READ_ONCE(p->disabled))
		return 1;
	fr = krpc_fr(p);
	ri = krpc_pool_get(&fr->pool);
	if (!ri) {
		atomic_long_inc(&p->missed);
		WRITE_ONCE(p->rp->nmissed, krpc_fr_missed(p, g));
		return 1;
	}
	regs = ftrace_partial_regs(fregs, &buf);
	skip = krpc_call_entry(p, ri, ret_ip, regs);
	/* A vetoing entry handler's register writes stick too, as native. */
	if (regs == &buf && p->rp->entry_handler)
		krpc_fr_args_update(fregs, regs);
	if (skip) {
		krpc_pool_put(&fr->pool, ri);
		return 1;
	}
	call->ri = ri;
	call->gen = g->gen;
	call->idx = idx;
	return 0;
}
NOKPROBE_SYMBOL(krpc_fr_entry);

static notrace void krpc_fr_exit(struct fprobe *fp, unsigned long entry_ip,
				 unsigned long ret_ip, struct ftrace_regs *fregs,
				 void *entry_data)
{
	struct krpc_fr_group *g = container_of(fp, struct krpc_fr_group, fp);
	const struct krpc_fr_call *call = entry_data;
	struct krpc_kretprobe_instance *ri = call->ri;
	struct krpc_probe *p;
	struct pt_regs regs;

	/* Entered under an earlier group in this memory: not ours. */
	if (unlikely(call->gen != g->gen))
		return;
	/* Bounded anyway: a gen is random, so an equal one is not proof. */
	if (unlikely(call->idx >= g->num))
		return;
	/* NULL when the kretprobe was unregistered while this call ran. */
	p = READ_ONCE(g->probes[call->idx]);
	if (unlikely(!p))
		return;
	ri->krpc_ret_addr = (kprobe_opcode_t *)ret_ip;
	WRITE_ONCE(p->rp->nmissed, krpc_fr_missed(p, g));
	krpc_regs_build(&regs, ftrace_regs_get_return_value(fregs), ret_ip,
			krpc_fr_stack_pointer(fregs),
			ftrace_regs_get_frame_pointer(fregs));
	krpc_fr_call_return(p, ri, &regs);
	ftrace_regs_set_return_value(fregs, regs_return_value(&regs));
	krpc_pool_put(&krpc_fr(p)->pool, ri);
}
NOKPROBE_SYMBOL(krpc_fr_exit);

static void krpc_fr_group_free(struct krpc_fr_group *g)
{
	kfree(g->addrs);
	kfree(g->probes);
	kfree(g);
}

/*
 * One fprobe for @n probes with distinct addresses, ascending, each with a
 * pool of its own. A failed register_fprobe_ips() may have had handlers
 * running before it undid itself (7.3 waits for them, 6.14 may not): a
 * grace period of our own before the pools go.
 */
static int krpc_fr_group_attach(struct krpc_probe **ps, int n)
{
	struct krpc_fr_group *g;
	int i = 0, ret = -ENOMEM;

	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		return -ENOMEM;
	g->addrs = kcalloc(n, sizeof(*g->addrs), GFP_KERNEL);
	g->probes = kcalloc(n, sizeof(*g->probes), GFP_KERNEL);
	if (!g->addrs || !g->probes)
		goto out_free;
	for (i = 0; i < n; i++) {
		ret = krpc_pool_init(&krpc_fr(ps[i])->pool, ps[i]->rp->maxactive,
				     ps[i]->rp->data_size);
		if (ret)
			goto out_free;
		g->addrs[i] = ps[i]->addr;
		g->probes[i] = ps[i];
	}
	g->num = n;
	g->live = n;
	/*
	 * Random, not a count: a count starts again with each load of the
	 * shim and in each module that embeds it, and the group before in this
	 * memory may have been another module's.
	 */
	g->gen = get_random_long();
	g->fp.entry_handler = krpc_fr_entry;
	g->fp.exit_handler = krpc_fr_exit;
	g->fp.entry_data_size = sizeof(struct krpc_fr_call);
	ret = register_fprobe_ips(&g->fp, g->addrs, n);
	if (ret) {
		synchronize_rcu();
		goto out_free;
	}
	for (i = 0; i < n; i++) {
		krpc_fr(ps[i])->group = g;
		krpc_fr(ps[i])->group_idx = i;
	}
	return 0;

out_free:
	while (i--)
		krpc_pool_destroy(&krpc_fr(ps[i])->pool);
	krpc_fr_group_free(g);
	return ret;
}

/*
 * Clear each probe's slot in its group and unhook the groups left without
 * a probe, then wait for the handlers still running on any of them before
 * anything is freed: fgraph runs them with preemption disabled, and skips
 * those of an fprobe it no longer finds registered. The wait is the
 * shim's own, whatever unregister_fprobe() does: it waits itself only from
 * 657b594b2084 (7.1, 7.0-stable), and its header says nothing a probe can
 * trust (the 7.3 debug kernel of tests/debug-kernel reverts the wait and
 * keeps the declaration of unregister_fprobe_async() that came with it).
 * One grace period per batch; on 7.1+ each group unhooked adds one of
 * unregister_fprobe()'s own. A call in flight returns without its handler
 * from the start of the unregistration (its slot is clear), as native's
 * rethook_stop() does.
 */
static void krpc_fr_detach(struct krpc_probe **ps, int num)
{
	struct krpc_fr_group *g, *dead = NULL;
	struct krpc_fr_probe *fr;
	int i;

	for (i = 0; i < num; i++) {
		fr = krpc_fr(ps[i]);
		g = fr->group;
		WRITE_ONCE(g->probes[fr->group_idx], NULL);
		if (--g->live)
			continue;
		unregister_fprobe(&g->fp);
		g->next = dead;
		dead = g;
	}
	synchronize_rcu();
	for (i = 0; i < num; i++) {
		fr = krpc_fr(ps[i]);
		WRITE_ONCE(fr->group, NULL);
		krpc_pool_destroy(&fr->pool);
	}
	while (dead) {
		g = dead;
		dead = g->next;
		krpc_fr_group_free(g);
	}
}

/* The batch in groups of distinct addresses (group.c), all or nothing. */
static int krpc_fr_attach(struct krpc_probe **ps, int num)
{
	return krpc_group_split(ps, num, krpc_fr_group_attach, krpc_fr_detach);
}

const struct krpc_backend krpc_backend_fprobe = {
	.name = "fprobe",
	.probe_size = sizeof(struct krpc_fr_probe),
	.attach = krpc_fr_attach,
	.detach = krpc_fr_detach,
	.nmissed = krpc_fr_nmissed,
};
