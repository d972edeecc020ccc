/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kretprobe_compat.h - the kretprobe API, served by kretprobe_compat.ko.
 *
 * The types and functions here carry a krpc_ prefix so that they never
 * clash with a kernel that still exports the native kretprobe symbols.
 * Module authors do not include this file: compat-headers/linux/kprobes.h
 * maps the native names onto these ones.
 */
#ifndef _KRETPROBE_COMPAT_KRETPROBE_COMPAT_H
#define _KRETPROBE_COMPAT_KRETPROBE_COMPAT_H

#include <linux/kprobes.h>
#include <linux/types.h>

struct krpc_kretprobe;
struct krpc_kretprobe_instance;
struct krpc_probe;

typedef int (*krpc_kretprobe_handler_t)(struct krpc_kretprobe_instance *,
					struct pt_regs *);

/**
 * struct krpc_kretprobe - a kretprobe, as module authors declare it
 * @kp:            the entry probe point. Fill @kp.symbol_name (optionally
 *                 "module:symbol") or @kp.addr. Registration fills
 *                 @kp.addr as native kretprobe does, and sets
 *                 %KPROBE_FLAG_FTRACE when the target is ftrace-able.
 * @handler:       called when the probed function returns; may be NULL.
 * @entry_handler: called on entry; a non-zero return skips @handler for
 *                 that call and is not counted as a miss. May be NULL.
 * @maxactive:     instances that may be in flight at once; 0 or less picks
 *                 the native default, max(10, 2 * num_possible_cpus()).
 * @nmissed:       calls that were not probed because no instance was free
 *                 (or the probe recursed). See krpc_kretprobe_nmissed()
 *                 for how fresh this field is.
 * @data_size:     bytes of per-call private data in
 *                 &krpc_kretprobe_instance.data, at most
 *                 %KRETPROBE_MAX_DATA_SIZE.
 * @krpc:          private to the shim; NULL while not registered.
 * @krpc_flags:    %KRPC_FLAG_TASK, set by the registration functions of a
 *                 KRETPROBE_COMPAT_LEGACY build; nothing else to set here.
 *
 * The first six members have the names, types and order of the native
 * struct kretprobe, so designated initializers and field accesses written
 * for the native API compile unchanged.
 */
struct krpc_kretprobe {
	struct kprobe kp;
	krpc_kretprobe_handler_t handler;
	krpc_kretprobe_handler_t entry_handler;
	int maxactive;
	int nmissed;
	size_t data_size;
	struct krpc_probe *krpc;
	unsigned int krpc_flags;
};

/* Fill &krpc_kretprobe_instance.krpc_task for this kretprobe's calls. */
#define KRPC_FLAG_TASK	0x1

/**
 * struct krpc_kretprobe_instance - one call in flight
 * @krpc_rp:       the struct krpc_kretprobe the call belongs to
 *                 (get_kretprobe()).
 * @krpc_ret_addr: the return address in the caller
 *                 (get_kretprobe_retaddr()).
 * @krpc_task:     the task that made the call (always current in a
 *                 handler). Filled only for a kretprobe with
 *                 %KRPC_FLAG_TASK, i.e. registered by a
 *                 KRETPROBE_COMPAT_LEGACY build; unspecified otherwise
 *                 (native has had no such field since 5.11, and the
 *                 store costs every call).
 * @rp:            the same as @krpc_rp (KRETPROBE_COMPAT_LEGACY only).
 * @ret_addr:      the same as @krpc_ret_addr (KRETPROBE_COMPAT_LEGACY only).
 * @task:          the same as @krpc_task (KRETPROBE_COMPAT_LEGACY only).
 * @node:          @node.ret_addr is @krpc_ret_addr as an unsigned long, where
 *                 native reads it (CONFIG_KRETPROBE_ON_RETHOOK: the
 *                 instance's struct rethook_node; SystemTap reads it there).
 *                 The rethook node's other fields do not exist here.
 * @data:          @krpc_rp->data_size bytes of private data, aligned to
 *                 sizeof(long) as the native instance's data.
 *
 * With KRETPROBE_COMPAT_LEGACY defined, the pre-5.11 field names rp,
 * ret_addr and task alias the three fields above, for systemtap-style code.
 */
struct krpc_kretprobe_instance {
	union {
		struct krpc_kretprobe *krpc_rp;
#ifdef KRETPROBE_COMPAT_LEGACY
		struct krpc_kretprobe *rp;
#endif
	};
	union {
		kprobe_opcode_t *krpc_ret_addr;
#ifdef KRETPROBE_COMPAT_LEGACY
		kprobe_opcode_t *ret_addr;
#endif
#ifdef CONFIG_KRETPROBE_ON_RETHOOK
		struct {
			unsigned long ret_addr;
		} node;
#endif
	};
	union {
		struct task_struct *krpc_task;
#ifdef KRETPROBE_COMPAT_LEGACY
		struct task_struct *task;
#endif
	};
	char data[] __aligned(sizeof(long));
};

/*
 * Exported by kretprobe_compat.ko; in a module built with
 * KRETPROBE_COMPAT_EMBED := y, linked into the module itself.
 */
int krpc_register_kretprobe(struct krpc_kretprobe *rp);
void krpc_unregister_kretprobe(struct krpc_kretprobe *rp);
int krpc_register_kretprobes(struct krpc_kretprobe **rps, int num);
void krpc_unregister_kretprobes(struct krpc_kretprobe **rps, int num);
int krpc_enable_kretprobe(struct krpc_kretprobe *rp);
int krpc_disable_kretprobe(struct krpc_kretprobe *rp);
int krpc_kretprobe_nmissed(struct krpc_kretprobe *rp);

/**
 * krpc_get_kretprobe() - the kretprobe a call in flight belongs to
 * @ri: the instance handed to a handler
 *
 * Context: any; usually a kretprobe handler.
 * Return: the caller's own struct krpc_kretprobe pointer.
 */
static __always_inline struct krpc_kretprobe *
krpc_get_kretprobe(struct krpc_kretprobe_instance *ri)
{
	return ri->krpc_rp;
}

/**
 * krpc_get_kretprobe_retaddr() - where the probed call returns to
 * @ri: the instance handed to a handler
 *
 * Context: any; usually a kretprobe handler.
 * Return: the return address inside the caller.
 */
static __always_inline unsigned long
krpc_get_kretprobe_retaddr(struct krpc_kretprobe_instance *ri)
{
	return (unsigned long)ri->krpc_ret_addr;
}

#ifdef KRETPROBE_COMPAT_LEGACY
/**
 * krpc_legacy_register_kretprobes() - krpc_register_kretprobes() for code
 * that reads ri->task
 * @rps: the kretprobes
 * @num: how many
 *
 * Marks each kretprobe %KRPC_FLAG_TASK, so that its instances carry the
 * task, then registers them.
 *
 * Context: process context; may sleep.
 * Return: as krpc_register_kretprobes().
 */
static inline int
krpc_legacy_register_kretprobes(struct krpc_kretprobe **rps, int num)
{
	int i;

	for (i = 0; i < num; i++)
		if (rps[i])
			rps[i]->krpc_flags |= KRPC_FLAG_TASK;
	return krpc_register_kretprobes(rps, num);
}

/**
 * krpc_legacy_register_kretprobe() - krpc_register_kretprobe() for code
 * that reads ri->task
 * @rp: the kretprobe
 *
 * Context: process context; may sleep.
 * Return: as krpc_register_kretprobe().
 */
static inline int krpc_legacy_register_kretprobe(struct krpc_kretprobe *rp)
{
	return krpc_legacy_register_kretprobes(&rp, 1);
}
#endif /* KRETPROBE_COMPAT_LEGACY */

#endif /* _KRETPROBE_COMPAT_KRETPROBE_COMPAT_H */
