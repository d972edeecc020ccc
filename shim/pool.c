// SPDX-License-Identifier: GPL-2.0
/*
 * pool.c - a fixed pool of kretprobe instances for backends whose own
 * per-call storage is too small or absent: maxactive slots, each a
 * struct krpc_kretprobe_instance followed by data_size bytes, taken and
 * given back lock-free from probe context. A full pool is a miss, as an
 * exhausted native kretprobe is.
 */
#include <linux/bitmap.h>
#include <linux/bitops.h>
#include <linux/slab.h>

#include "pool.h"

/**
 * krpc_pool_init() - allocate a pool
 * @pool:      the pool
 * @n:         number of slots (the kretprobe's maxactive), at least 1
 * @data_size: the user's per-call data bytes
 *
 * Context: process context; may sleep.
 * Return: 0, -EINVAL for @n < 1, or -ENOMEM.
 */
int krpc_pool_init(struct krpc_pool *pool, int n, size_t data_size)
{
	if (n < 1)
		return -EINVAL;
	pool->n = n;
	pool->slot_size = ALIGN(sizeof(struct krpc_kretprobe_instance) +
				data_size, sizeof(long));
	pool->busy = bitmap_zalloc(n, GFP_KERNEL);
	pool->slots = kvcalloc(n, pool->slot_size, GFP_KERNEL);
	if (!pool->busy || !pool->slots) {
		krpc_pool_destroy(pool);
		return -ENOMEM;
	}
	return 0;
}

/**
 * krpc_pool_destroy() - free a pool
 * @pool: the pool; every slot must be unreachable (no handler can run)
 *
 * Context: process context.
 */
void krpc_pool_destroy(struct krpc_pool *pool)
{
	bitmap_free(pool->busy);
	kvfree(pool->slots);
	pool->busy = NULL;
	pool->slots = NULL;
}

/**
 * krpc_pool_get() - take a free slot
 * @pool: the pool
 *
 * Context: any, including probe context; lock-free.
 * Return: the slot, or NULL when all are in flight.
 */
notrace struct krpc_kretprobe_instance *
krpc_pool_get(struct krpc_pool *pool)
{
	unsigned int i;

	for (;;) {
		i = find_first_zero_bit(pool->busy, pool->n);
		if (i >= pool->n)
			return NULL;
		if (!test_and_set_bit(i, pool->busy))
			return pool->slots + i * pool->slot_size;
	}
}
NOKPROBE_SYMBOL(krpc_pool_get);

/**
 * krpc_pool_put() - give a slot back
 * @pool: the pool
 * @ri:   a slot krpc_pool_get() returned
 *
 * Context: any, including probe context; lock-free.
 */
notrace void krpc_pool_put(struct krpc_pool *pool,
			   struct krpc_kretprobe_instance *ri)
{
	clear_bit(((void *)ri - pool->slots) / pool->slot_size, pool->busy);
}
NOKPROBE_SYMBOL(krpc_pool_put);
