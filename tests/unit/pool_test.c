// SPDX-License-Identifier: GPL-2.0
/*
 * pool_test.c - shim/pool.c: slot sizing and alignment, exhaustion, reuse,
 * allocation failure, and lock-free get/put from several threads.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "pool.h"

#include "fake.h"
#include "ktap.h"

static unsigned int slot_index(struct krpc_pool *pool,
			       struct krpc_kretprobe_instance *ri)
{
	return ((char *)ri - (char *)pool->slots) / pool->slot_size;
}

static void pool_init_rejects_n_below_one(void)
{
	struct krpc_pool pool = { 0 };

	EXPECT_EQ(krpc_pool_init(&pool, 0, 8), -EINVAL);
	EXPECT_EQ(krpc_pool_init(&pool, -1, 8), -EINVAL);
	EXPECT_EQ(stub_allocs_live, 0);
}

static void pool_slot_size_and_alignment(void)
{
	static const size_t sizes[] = { 0, 1, 7, 8, 9, 24, 100, 4095, 4096 };
	size_t i, hdr = sizeof(struct krpc_kretprobe_instance);

	EXPECT_EQ(hdr % sizeof(long), 0);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct krpc_pool pool = { 0 };
		unsigned int s;

		ASSERT_EQ(krpc_pool_init(&pool, 3, sizes[i]), 0);
		EXPECT_EQ(pool.n, 3);
		EXPECT_EQ(pool.slot_size % sizeof(long), 0);
		EXPECT(pool.slot_size >= hdr + sizes[i]);
		EXPECT(pool.slot_size < hdr + sizes[i] + sizeof(long));
		for (s = 0; s < 3; s++) {
			struct krpc_kretprobe_instance *ri = krpc_pool_get(&pool);

			ASSERT(ri);
			EXPECT_EQ((unsigned long)ri->data % sizeof(long), 0);
			EXPECT_EQ((unsigned long)ri % sizeof(long), 0);
		}
		krpc_pool_destroy(&pool);
		EXPECT(!pool.busy && !pool.slots);
		EXPECT_EQ(stub_allocs_live, 0);
	}
}

static void pool_get_until_exhausted(void)
{
	enum { N = 5, DATA = 100 };
	struct krpc_kretprobe_instance *ri[N];
	struct krpc_pool pool = { 0 };
	int i, j;

	ASSERT_EQ(krpc_pool_init(&pool, N, DATA), 0);
	for (i = 0; i < N; i++) {
		ri[i] = krpc_pool_get(&pool);
		ASSERT(ri[i]);
		EXPECT(slot_index(&pool, ri[i]) < N);
		for (j = 0; j < i; j++)
			EXPECT_NE(ri[i], ri[j]);
		/* The whole instance is the holder's: header and data. */
		ri[i]->krpc_rp = (void *)(0x1000UL + i);
		memset(ri[i]->data, 0xee, DATA);
	}
	EXPECT(!krpc_pool_get(&pool));
	EXPECT(!krpc_pool_get(&pool));
	/* No slot's data overlapped another's header. */
	for (i = 0; i < N; i++)
		EXPECT_EQ(ri[i]->krpc_rp, 0x1000UL + i);
	krpc_pool_destroy(&pool);
}

static void pool_put_then_get_reuses(void)
{
	enum { N = 4 };
	struct krpc_kretprobe_instance *ri[N], *again;
	struct krpc_pool pool = { 0 };
	int i;

	ASSERT_EQ(krpc_pool_init(&pool, N, 16), 0);
	for (i = 0; i < N; i++)
		ri[i] = krpc_pool_get(&pool);
	ASSERT(ri[N - 1]);
	krpc_pool_put(&pool, ri[2]);
	again = krpc_pool_get(&pool);
	EXPECT_EQ(again, ri[2]);
	EXPECT(!krpc_pool_get(&pool));
	for (i = 0; i < N; i++)
		krpc_pool_put(&pool, ri[i]);
	for (i = 0; i < N; i++)
		EXPECT(krpc_pool_get(&pool));
	EXPECT(!krpc_pool_get(&pool));
	krpc_pool_destroy(&pool);
}

static void pool_one_slot(void)
{
	struct krpc_pool pool = { 0 };
	struct krpc_kretprobe_instance *ri;

	ASSERT_EQ(krpc_pool_init(&pool, 1, 0), 0);
	ri = krpc_pool_get(&pool);
	EXPECT(ri);
	EXPECT(!krpc_pool_get(&pool));
	krpc_pool_put(&pool, ri);
	EXPECT_EQ(krpc_pool_get(&pool), ri);
	krpc_pool_destroy(&pool);
}

static void pool_init_enomem_frees_everything(void)
{
	struct krpc_pool pool = { 0 };
	int at;

	for (at = 1; at <= 2; at++) {
		stub_fail_alloc_at = at;
		EXPECT_EQ(krpc_pool_init(&pool, 8, 64), -ENOMEM);
		EXPECT(!pool.busy && !pool.slots);
		EXPECT_EQ(stub_allocs_live, 0);
	}
	stub_fail_alloc_at = 0;
	/* Destroying an already destroyed pool is harmless. */
	krpc_pool_destroy(&pool);
}

enum { THREADS = 8, ITERS = 20000, SLOTS = 3 };

struct pool_race {
	struct krpc_pool pool;
	long owner[SLOTS];
	long double_handouts;
	long got;
	long misses;
};

static void *pool_race_thread(void *arg)
{
	struct pool_race *r = arg;
	long me = (long)pthread_self() | 1;
	int i;

	for (i = 0; i < ITERS; i++) {
		struct krpc_kretprobe_instance *ri = krpc_pool_get(&r->pool);
		unsigned int idx;
		long expect = 0;

		if (!ri) {
			__atomic_fetch_add(&r->misses, 1, __ATOMIC_RELAXED);
			continue;
		}
		idx = slot_index(&r->pool, ri);
		if (idx >= SLOTS || !__atomic_compare_exchange_n(&r->owner[idx], &expect, me, false,
					  __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
			__atomic_fetch_add(&r->double_handouts, 1, __ATOMIC_RELAXED);
			continue;
		}
		ri->krpc_task = (void *)me;
		for (expect = 0; expect < 50; expect++)
			__atomic_signal_fence(__ATOMIC_SEQ_CST);
		if (ri->krpc_task != (void *)me)
			__atomic_fetch_add(&r->double_handouts, 1, __ATOMIC_RELAXED);
		__atomic_store_n(&r->owner[idx], 0, __ATOMIC_SEQ_CST);
		__atomic_fetch_add(&r->got, 1, __ATOMIC_RELAXED);
		krpc_pool_put(&r->pool, ri);
	}
	return NULL;
}

static void pool_concurrent_get_put(void)
{
	static struct pool_race r;
	pthread_t t[THREADS];
	int i;

	memset(&r, 0, sizeof(r));
	ASSERT_EQ(krpc_pool_init(&r.pool, SLOTS, 32), 0);
	for (i = 0; i < THREADS; i++)
		ASSERT_EQ(pthread_create(&t[i], NULL, pool_race_thread, &r), 0);
	for (i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	printf("# %ld gets, %ld misses over %d threads\n", r.got, r.misses, THREADS);
	EXPECT_EQ(r.double_handouts, 0);
	EXPECT_EQ(r.got + r.misses, (long)THREADS * ITERS);
	EXPECT(r.got > 0);
	/* Everything came back: all slots free again. */
	for (i = 0; i < SLOTS; i++)
		EXPECT(krpc_pool_get(&r.pool));
	EXPECT(!krpc_pool_get(&r.pool));
	krpc_pool_destroy(&r.pool);
}

static const struct ktap_case cases[] = {
	KTAP_CASE(pool_init_rejects_n_below_one),
	KTAP_CASE(pool_slot_size_and_alignment),
	KTAP_CASE(pool_get_until_exhausted),
	KTAP_CASE(pool_put_then_get_reuses),
	KTAP_CASE(pool_one_slot),
	KTAP_CASE(pool_init_enomem_frees_everything),
	KTAP_CASE(pool_concurrent_get_put),
};

int main(void)
{
	return ktap_run("pool", cases, ARRAY_SIZE(cases));
}
