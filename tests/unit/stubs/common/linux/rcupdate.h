/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stub: RCU. Readers are the handlers a fake call runs, all on
 * the calling thread, so a grace period has nothing to wait for; it is
 * counted, for tests that care how many a path pays. A test can have
 * something happen during the next one (stub_rcu_hook, called once).
 */
#ifndef _STUB_LINUX_RCUPDATE_H
#define _STUB_LINUX_RCUPDATE_H

#include <linux/kernel.h>

extern unsigned int stub_grace_periods;
extern void (*stub_rcu_hook)(void);

static inline void synchronize_rcu(void)
{
	void (*hook)(void) = stub_rcu_hook;

	__atomic_fetch_add(&stub_grace_periods, 1, __ATOMIC_RELAXED);
	stub_rcu_hook = NULL;
	if (hook)
		hook();
}

#define rcu_read_lock()		do { } while (0)
#define rcu_read_unlock()	do { } while (0)
#define rcu_dereference(p)	READ_ONCE(p)
#define rcu_dereference_protected(p, c)	(p)
#define rcu_assign_pointer(p, v) __atomic_store_n(&(p), (v), __ATOMIC_RELEASE)

#endif
