/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to shim/: the instance pool (pool.c), for the backends that have
 * no per-call storage of their own (fprobe_fgraph.c, kretprobe_native.c).
 */
#ifndef _KRPC_POOL_H
#define _KRPC_POOL_H

#include <linux/types.h>
#include <kretprobe_compat/kretprobe_compat.h>

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

#endif /* _KRPC_POOL_H */
