/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stub: a mutex is an error-checking pthread mutex, so taking it
 * twice in one thread (a self-deadlock in the kernel) fails the test.
 */
#ifndef _STUB_LINUX_MUTEX_H
#define _STUB_LINUX_MUTEX_H

#include <pthread.h>
#include <linux/kernel.h>

struct mutex {
	pthread_mutex_t m;
};

#define DEFINE_MUTEX(name) \
	struct mutex name = { PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP }

static inline void mutex_lock(struct mutex *lock)
{
	if (pthread_mutex_lock(&lock->m))
		stub_warn(__FILE__, __LINE__, "mutex_lock: self-deadlock");
}

static inline void mutex_unlock(struct mutex *lock)
{
	if (pthread_mutex_unlock(&lock->m))
		stub_warn(__FILE__, __LINE__, "mutex_unlock: not the owner");
}

#endif
