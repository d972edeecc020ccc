/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stub: RCU. Readers are the handlers a fake call runs, all on
 * the calling thread, so a grace period has nothing to wait for; it is
 * counted, for tests that care how many a path pays.
 */
#ifndef _STUB_LINUX_RCUPDATE_H
#define _STUB_LINUX_RCUPDATE_H

#include <linux/kernel.h>

extern unsigned int stub_grace_periods;

static inline void synchronize_rcu(void)
{
	__atomic_fetch_add(&stub_grace_periods, 1, __ATOMIC_RELAXED);
}

#define rcu_read_lock()		do { } while (0)
#define rcu_read_unlock()	do { } while (0)
#define rcu_dereference(p)	READ_ONCE(p)
#define rcu_assign_pointer(p, v) __atomic_store_n(&(p), (v), __ATOMIC_RELEASE)

#endif
