// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the reserve core (mm/reserve.c): one case per behaviour.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/initrd.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/reserve.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/hotdata.h>

#include "slab.h"

static unsigned long min_watermarks(void)
{
	unsigned long sum = 0;
	struct zone *zone;

	for_each_zone(zone)
		sum += zone->_watermark[WMARK_MIN];
	return sum;
}

/* A parent and two children, not connected, no demand yet. */
static void init_family(struct mem_reserve *parent, struct mem_reserve *a,
			struct mem_reserve *b)
{
	mem_reserve_init(parent, "parent");
	mem_reserve_init(a, "a");
	mem_reserve_init(b, "b");
}

/* Demand propagates up on set, connect and disconnect. */
static void mem_reserve_test_propagation(struct kunit *test)
{
	struct mem_reserve parent, a, b;

	init_family(&parent, &a, &b);
	KUNIT_ASSERT_EQ(test, mem_reserve_set_pages(&parent, 5), 0);
	KUNIT_ASSERT_EQ(test, mem_reserve_set_pages(&a, 10), 0);
	KUNIT_ASSERT_EQ(test, mem_reserve_connect(&a, &parent), 0);
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(&parent), 15UL);
	KUNIT_ASSERT_EQ(test, mem_reserve_connect(&b, &parent), 0);
	KUNIT_ASSERT_EQ(test, mem_reserve_set_pages(&b, 7), 0);
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(&parent), 22UL);
	KUNIT_ASSERT_EQ(test, mem_reserve_set_pages(&a, 3), 0);
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(&a), 3UL);
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(&parent), 15UL);
	KUNIT_EXPECT_EQ(test, mem_reserve_connect(&a, &parent), -EBUSY);
	KUNIT_EXPECT_EQ(test, mem_reserve_connect(&parent, &a), -EINVAL);
	mem_reserve_disconnect(&a);
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(&parent), 12UL);
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(&a), 3UL);
	mem_reserve_disconnect(&b);
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(&parent), 5UL);
	KUNIT_EXPECT_TRUE(test, list_empty(&parent.children));
}

/* A connected child is found by name under its parent, and only then. */
static void mem_reserve_test_find(struct kunit *test)
{
	struct mem_reserve parent, a, b;

	init_family(&parent, &a, &b);
	KUNIT_EXPECT_NULL(test, mem_reserve_find(&parent, "a"));
	KUNIT_ASSERT_EQ(test, mem_reserve_connect(&a, &parent), 0);
	KUNIT_ASSERT_EQ(test, mem_reserve_connect(&b, &parent), 0);
	KUNIT_EXPECT_PTR_EQ(test, mem_reserve_find(&parent, "a"), &a);
	KUNIT_EXPECT_PTR_EQ(test, mem_reserve_find(&parent, "b"), &b);
	KUNIT_EXPECT_NULL(test, mem_reserve_find(&parent, "c"));
	KUNIT_EXPECT_NULL(test, mem_reserve_find(&a, "b"));
	mem_reserve_disconnect(&a);
	KUNIT_EXPECT_NULL(test, mem_reserve_find(&parent, "a"));
	mem_reserve_disconnect(&b);
}

/* The zones' min watermarks grow by the demand and come back exactly. */
static void mem_reserve_test_watermarks(struct kunit *test)
{
	unsigned long before = min_watermarks(), root = mem_reserve_demand(&mem_reserve_root);
	struct mem_reserve res, child;

	mem_reserve_init(&res, "kunit");
	mem_reserve_init(&child, "kunit-child");
	KUNIT_ASSERT_EQ(test, mem_reserve_set_pages(&res, 1000), 0);
	KUNIT_EXPECT_EQ(test, min_watermarks(), before);
	KUNIT_ASSERT_EQ(test, mem_reserve_connect(&res, &mem_reserve_root), 0);
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(&mem_reserve_root), root + 1000);
	KUNIT_EXPECT_EQ(test, min_watermarks(), before + 1000);
	KUNIT_ASSERT_EQ(test, mem_reserve_set_pages(&child, 333), 0);
	KUNIT_ASSERT_EQ(test, mem_reserve_connect(&child, &res), 0);
	KUNIT_EXPECT_EQ(test, min_watermarks(), before + 1333);
	KUNIT_ASSERT_EQ(test, mem_reserve_set_pages(&res, 1), 0);
	KUNIT_EXPECT_EQ(test, min_watermarks(), before + 334);
	KUNIT_EXPECT_EQ(test, mem_reserve_set_pages(&res, totalram_pages()),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, min_watermarks(), before + 334);
	mem_reserve_disconnect(&res);
	KUNIT_EXPECT_EQ(test, min_watermarks(), before);
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(&mem_reserve_root), root);
	mem_reserve_disconnect(&child);
}

/* A charge fits up to the demand, and not one page over it. */
static void mem_reserve_test_charge_limit(struct kunit *test)
{
	struct mem_reserve res;
	unsigned long failed;

	mem_reserve_init(&res, "kunit");
	KUNIT_ASSERT_EQ(test, mem_reserve_set_pages(&res, 8), 0);
	KUNIT_EXPECT_EQ(test, mem_reserve_charge(&res, 5, GFP_ATOMIC), 0);
	KUNIT_EXPECT_EQ(test, mem_reserve_charge(&res, 3, GFP_ATOMIC), 0);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&res), 8UL);
	failed = res.pages.failcnt;
	KUNIT_EXPECT_EQ(test, mem_reserve_charge(&res, 1, GFP_ATOMIC), -ENOMEM);
	KUNIT_EXPECT_EQ(test, res.pages.failcnt, failed + 1);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&res), 8UL);
	/* more than the demand can never fit: no waiting for it */
	KUNIT_EXPECT_EQ(test, mem_reserve_charge(&res, 9, GFP_KERNEL), -ENOMEM);
	KUNIT_EXPECT_EQ(test, mem_reserve_set_pages(&res, 7), -EBUSY);
	mem_reserve_uncharge(&res, 8);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&res), 0UL);
	KUNIT_EXPECT_EQ(test, res.pages.watermark, 8UL);
	KUNIT_EXPECT_EQ(test, mem_reserve_set_pages(&res, 0), 0);
}

/* A charge is limited by every level above it, and charges every level. */
static void mem_reserve_test_hierarchy(struct kunit *test)
{
	struct mem_reserve parent, a, b;

	init_family(&parent, &a, &b);
	KUNIT_ASSERT_EQ(test, mem_reserve_set_pages(&a, 4), 0);
	KUNIT_ASSERT_EQ(test, mem_reserve_set_pages(&b, 4), 0);
	KUNIT_ASSERT_EQ(test, mem_reserve_connect(&a, &parent), 0);
	KUNIT_ASSERT_EQ(test, mem_reserve_connect(&b, &parent), 0);
	KUNIT_EXPECT_EQ(test, mem_reserve_charge(&parent, 6, GFP_ATOMIC), 0);
	KUNIT_EXPECT_EQ(test, mem_reserve_charge(&a, 2, GFP_ATOMIC), 0);
	KUNIT_EXPECT_EQ(test, mem_reserve_charge(&b, 1, GFP_ATOMIC), -ENOMEM);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&parent), 8UL);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&b), 0UL);
	mem_reserve_uncharge(&parent, 6);
	KUNIT_EXPECT_EQ(test, mem_reserve_charge(&b, 4, GFP_ATOMIC), 0);
	/* disconnecting takes a's charge out of the levels above it */
	mem_reserve_disconnect(&a);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&parent), 4UL);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&a), 2UL);
	KUNIT_ASSERT_EQ(test, mem_reserve_connect(&a, &parent), 0);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&parent), 6UL);
	mem_reserve_uncharge(&a, 2);
	mem_reserve_uncharge(&b, 4);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&parent), 0UL);
	mem_reserve_disconnect(&a);
	mem_reserve_disconnect(&b);
}

struct waiter {
	struct mem_reserve *res;
	struct completion done;
	int ret;
};

static int waiter_fn(void *data)
{
	struct waiter *w = data;

	w->ret = mem_reserve_charge(w->res, 2, GFP_KERNEL);
	complete(&w->done);
	return 0;
}

/* A charge that may sleep waits for an uncharge, at the level that refused. */
static void mem_reserve_test_wait(struct kunit *test)
{
	struct mem_reserve parent, a, b;
	struct task_struct *t;
	struct waiter w;

	init_family(&parent, &a, &b);
	KUNIT_ASSERT_EQ(test, mem_reserve_set_pages(&a, 4), 0);
	KUNIT_ASSERT_EQ(test, mem_reserve_set_pages(&b, 4), 0);
	KUNIT_ASSERT_EQ(test, mem_reserve_connect(&a, &parent), 0);
	KUNIT_ASSERT_EQ(test, mem_reserve_connect(&b, &parent), 0);
	KUNIT_ASSERT_EQ(test, mem_reserve_charge(&parent, 4, GFP_ATOMIC), 0);
	KUNIT_ASSERT_EQ(test, mem_reserve_charge(&a, 4, GFP_ATOMIC), 0);

	w.res = &b;
	init_completion(&w.done);
	w.ret = 1;
	t = kthread_run(waiter_fn, &w, "mem_reserve_waiter");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	/* the parent is full: the charge to b waits */
	KUNIT_EXPECT_EQ(test, wait_for_completion_timeout(&w.done, HZ / 5), 0UL);
	/* an uncharge of a sibling makes room at the parent and wakes it */
	mem_reserve_uncharge(&a, 2);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&w.done, 10 * HZ), 0UL);
	KUNIT_EXPECT_EQ(test, w.ret, 0);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&b), 2UL);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&parent), 8UL);
	mem_reserve_uncharge(&parent, 4);
	mem_reserve_uncharge(&a, 2);
	mem_reserve_uncharge(&b, 2);
	mem_reserve_disconnect(&a);
	mem_reserve_disconnect(&b);
}

#define RACERS 4
#define RACE_LOOPS 20000

struct racer {
	struct mem_reserve *res;
	struct completion done;
	unsigned long charged;
};

static int racer_fn(void *data)
{
	struct racer *r = data;
	int i;

	for (i = 0; i < RACE_LOOPS; i++) {
		if (!mem_reserve_charge(r->res, 1 + i % 3, GFP_ATOMIC)) {
			r->charged++;
			mem_reserve_uncharge(r->res, 1 + i % 3);
		}
		if (!(i % 1000))
			cond_resched();
	}
	complete(&r->done);
	return 0;
}

/* Concurrent charges and uncharges: totals exact, limits never passed. */
static void mem_reserve_test_concurrent(struct kunit *test)
{
	struct mem_reserve parent, *leaf;
	struct racer *r;
	unsigned long charged = 0;
	int i;

	leaf = kunit_kcalloc(test, RACERS, sizeof(*leaf), GFP_KERNEL);
	r = kunit_kcalloc(test, RACERS, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, leaf);
	KUNIT_ASSERT_NOT_NULL(test, r);
	mem_reserve_init(&parent, "parent");
	for (i = 0; i < RACERS; i++) {
		mem_reserve_init(&leaf[i], "leaf");
		KUNIT_ASSERT_EQ(test, mem_reserve_set_pages(&leaf[i], 4), 0);
		KUNIT_ASSERT_EQ(test, mem_reserve_connect(&leaf[i], &parent), 0);
	}
	/* the parent gives less than its children declared together */
	WRITE_ONCE(parent.pages.max, 6);
	for (i = 0; i < RACERS; i++) {
		struct task_struct *t;

		r[i].res = &leaf[i];
		r[i].charged = 0;
		init_completion(&r[i].done);
		t = kthread_run(racer_fn, &r[i], "mem_reserve_racer");
		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	}
	for (i = 0; i < RACERS; i++) {
		wait_for_completion(&r[i].done);
		charged += r[i].charged;
		KUNIT_EXPECT_EQ(test, mem_reserve_usage(&leaf[i]), 0UL);
		KUNIT_EXPECT_LE(test, leaf[i].pages.watermark, 4UL);
	}
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&parent), 0UL);
	KUNIT_EXPECT_LE(test, parent.pages.watermark, 6UL);
	KUNIT_EXPECT_GT(test, charged, 0UL);
	WRITE_ONCE(parent.pages.max, 16);
	for (i = 0; i < RACERS; i++)
		mem_reserve_disconnect(&leaf[i]);
}

/* Slab bytes are charged as whole pages, exactly, and uncharged back. */
static void mem_reserve_test_bytes(struct kunit *test)
{
	struct mem_reserve res;
	int i;

	mem_reserve_init(&res, "kunit");
	KUNIT_ASSERT_EQ(test, mem_reserve_set_pages(&res, 2), 0);
	for (i = 0; i < 2 * PAGE_SIZE / 512; i++)
		KUNIT_EXPECT_EQ(test, mem_reserve_charge_bytes(&res, 512, GFP_ATOMIC), 0);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&res), 2UL);
	KUNIT_EXPECT_EQ(test, mem_reserve_charge_bytes(&res, 1, GFP_ATOMIC), -ENOMEM);
	mem_reserve_uncharge_bytes(&res, 512);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&res), 2UL);
	for (i = 1; i < PAGE_SIZE / 512; i++)
		mem_reserve_uncharge_bytes(&res, 512);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&res), 1UL);
	for (i = 0; i < PAGE_SIZE / 512; i++)
		mem_reserve_uncharge_bytes(&res, 512);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&res), 0UL);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&res.bytes), 0L);
}

/* Memory from the normal pool is never charged. */
static void mem_reserve_test_normal_alloc(struct kunit *test)
{
	struct mem_reserve res;
	struct page *page;
	bool emerg = true;
	void *obj;

	mem_reserve_init(&res, "kunit");
	KUNIT_ASSERT_EQ(test, mem_reserve_set_pages(&res, 4), 0);
	page = mem_reserve_alloc_pages(&res, GFP_KERNEL, 1, &emerg);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_FALSE(test, emerg);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&res), 0UL);
	mem_reserve_free_pages(&res, page, 1, emerg);
	emerg = true;
	obj = mem_reserve_kmalloc(&res, 300, GFP_KERNEL, &emerg);
	KUNIT_ASSERT_NOT_NULL(test, obj);
	KUNIT_EXPECT_FALSE(test, emerg);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&res), 0UL);
	mem_reserve_kfree(&res, obj, 300, emerg);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&res.bytes), 0L);
}

#define EMERG_PAGES 16
#define EMERG_OBJ_SIZE 512
#define EMERG_EXTRA 64

/*
 * Take every page the normal pool gives without reclaim (no kswapd, no
 * direct reclaim), leaving each zone at its min watermark.
 */
static unsigned long drain_normal_pool(struct list_head *held)
{
	struct page *page;
	unsigned long n = 0;

	while ((page = alloc_page(__GFP_NOWARN | __GFP_NOMEMALLOC))) {
		list_add(&page->lru, held);
		n++;
	}
	return n;
}

static void release_pages_list(struct list_head *held)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, held, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
}

/*
 * With the normal pool drained, pages and slab objects come from the
 * emergency pool, charged to the reserve, until its demand is used up;
 * the next allocation is refused and counted; frees uncharge exactly.
 */
static void mem_reserve_test_emergency(struct kunit *test)
{
	unsigned long drained, npages = 0, nobjs = 0, nextra = 0, want, refused;
	struct page **pages, *page;
	void **objs, **extra, *obj;
	unsigned int attempts = 0;
	struct mem_reserve res;
	struct kmem_cache *s;
	LIST_HEAD(held);
	bool emerg;

	/* the initramfs is unpacked beside the boot-time suites: let it finish */
	wait_for_initramfs();
	s = kmem_cache_create("mem_reserve_emerg", EMERG_OBJ_SIZE, 0,
			      SLAB_NO_MERGE, NULL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	want = EMERG_PAGES * PAGE_SIZE / s->size;
	pages = kunit_kcalloc(test, EMERG_PAGES + 1, sizeof(*pages), GFP_KERNEL);
	objs = kunit_kcalloc(test, want + 1, sizeof(*objs), GFP_KERNEL);
	extra = kunit_kcalloc(test, EMERG_EXTRA, sizeof(*extra), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pages);
	KUNIT_ASSERT_NOT_NULL(test, objs);
	KUNIT_ASSERT_NOT_NULL(test, extra);
	mem_reserve_init(&res, "kunit_emergency");
	KUNIT_ASSERT_EQ(test, mem_reserve_set_pages(&res, EMERG_PAGES), 0);
	KUNIT_ASSERT_EQ(test, mem_reserve_connect(&res, &mem_reserve_root), 0);

	/*
	 * Pages. No KUnit allocation until the drained pages are released:
	 * expectations only allocate when they fail.
	 */
	drained = drain_normal_pool(&held);
	while (npages <= EMERG_PAGES && attempts++ < 1000) {
		page = mem_reserve_alloc_pages(&res, __GFP_NOWARN, 0, &emerg);
		if (!page)
			break;
		if (emerg) {
			pages[npages++] = page;
		} else {	/* freed by someone meanwhile: keep it, drain again */
			list_add(&page->lru, &held);
			drained += 1 + drain_normal_pool(&held);
		}
	}
	KUNIT_EXPECT_NULL(test, page);
	KUNIT_EXPECT_EQ(test, npages, (unsigned long)EMERG_PAGES);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&res), npages);
	refused = READ_ONCE(res.pages.failcnt);
	KUNIT_EXPECT_GE(test, refused, 1UL);
	while (npages)
		mem_reserve_free_pages(&res, pages[--npages], 0, true);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&res), 0UL);

	/* Objects of a cache of our own: from pfmemalloc slabs, by bytes. */
	attempts = 0;
	drained += drain_normal_pool(&held);
	while (nobjs <= want && attempts++ < 10000) {
		obj = mem_reserve_kmem_cache_alloc(&res, s, __GFP_NOWARN, &emerg);
		if (!obj)
			break;
		if (emerg) {
			objs[nobjs++] = obj;
		} else if (nextra < EMERG_EXTRA) {
			extra[nextra++] = obj;
			drained += drain_normal_pool(&held);
		} else {
			kmem_cache_free(s, obj);
			break;
		}
	}
	KUNIT_EXPECT_NULL(test, obj);
	KUNIT_EXPECT_EQ(test, nobjs, want);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&res), (unsigned long)EMERG_PAGES);
	KUNIT_EXPECT_GT(test, READ_ONCE(res.pages.failcnt), refused);
	while (nobjs)
		mem_reserve_kmem_cache_free(&res, s, objs[--nobjs], true);
	while (nextra)
		kmem_cache_free(s, extra[--nextra]);
	release_pages_list(&held);

	kunit_info(test, "drained %lu pages; %d pages, then %lu objects of %u bytes from the reserve; then refused\n",
		   drained, EMERG_PAGES, want, s->size);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&res), 0UL);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&res.bytes), 0L);
	KUNIT_EXPECT_EQ(test, READ_ONCE(res.pages.watermark),
			(unsigned long)EMERG_PAGES);
	mem_reserve_disconnect(&res);
	kmem_cache_destroy(s);
}

#define EST_OBJECTS 200

/* The cache estimator covers the slabs that really hold the objects. */
static void mem_reserve_test_estimate_cache(struct kunit *test)
{
	struct kmem_cache *s;
	struct slab **seen;
	void **objs;
	unsigned long used = 0, est;
	int i, j, nseen = 0;

	s = kmem_cache_create("mem_reserve_kunit", 200, 0, 0, NULL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	objs = kunit_kcalloc(test, EST_OBJECTS, sizeof(*objs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, objs);
	seen = kunit_kcalloc(test, EST_OBJECTS, sizeof(*seen), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	for (i = 0; i < EST_OBJECTS; i++) {
		struct slab *slab;

		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, objs[i]);
		slab = virt_to_slab(objs[i]);
		for (j = 0; j < nseen && seen[j] != slab; j++)
			;
		if (j == nseen) {
			seen[nseen++] = slab;
			used += 1UL << slab_order(slab);
		}
	}
	est = mem_reserve_kmem_cache_pages(s, EST_OBJECTS);
	kunit_info(test, "%d objects of %u bytes: %lu pages in %d slabs, estimate %lu\n",
		   EST_OBJECTS, s->size, used, nseen, est);
	KUNIT_EXPECT_LE(test, used, est);
	/* and not wildly more: at most one extra slab of the largest order */
	KUNIT_EXPECT_LE(test, est, 2 * used + (1UL << slab_order(seen[0])));
	KUNIT_EXPECT_GE(test, est * PAGE_SIZE, (unsigned long)EST_OBJECTS * s->size);
	for (i = 0; i < EST_OBJECTS; i++)
		kmem_cache_free(s, objs[i]);
	kmem_cache_destroy(s);
}

/* kmalloc and skb estimates account for the sizes kmalloc really uses. */
static void mem_reserve_test_estimate_kmalloc(struct kunit *test)
{
	unsigned long est;
	size_t size;

	for (size = 8; size <= 2 * KMALLOC_MAX_CACHE_SIZE; size = size * 3 + 1) {
		est = mem_reserve_kmalloc_pages(size, 100);
		KUNIT_EXPECT_GE(test, est * PAGE_SIZE, 100 * kmalloc_size_roundup(size));
	}
	KUNIT_EXPECT_EQ(test, mem_reserve_kmalloc_pages(0, 100), 0UL);
	KUNIT_EXPECT_EQ(test, mem_reserve_kmalloc_pages(100, 0), 0UL);
	est = mem_reserve_skb_pages(1500, 64);
	KUNIT_EXPECT_GE(test, est * PAGE_SIZE,
			64 * (kmalloc_size_roundup(SKB_HEAD_ALIGN(1500)) +
			      net_hotdata.skbuff_cache->size));
}

static struct kunit_case mem_reserve_cases[] = {
	KUNIT_CASE(mem_reserve_test_propagation),
	KUNIT_CASE(mem_reserve_test_find),
	KUNIT_CASE(mem_reserve_test_watermarks),
	KUNIT_CASE(mem_reserve_test_charge_limit),
	KUNIT_CASE(mem_reserve_test_hierarchy),
	KUNIT_CASE(mem_reserve_test_wait),
	KUNIT_CASE(mem_reserve_test_concurrent),
	KUNIT_CASE(mem_reserve_test_bytes),
	KUNIT_CASE(mem_reserve_test_normal_alloc),
	KUNIT_CASE(mem_reserve_test_emergency),
	KUNIT_CASE(mem_reserve_test_estimate_cache),
	KUNIT_CASE(mem_reserve_test_estimate_kmalloc),
	{}
};

static struct kunit_suite mem_reserve_suite = {
	.name = "mem_reserve",
	.test_cases = mem_reserve_cases,
};

kunit_test_suite(mem_reserve_suite);

