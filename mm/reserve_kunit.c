// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the reserve core (mm/reserve.c): one case per behaviour.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/initrd.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/reserve.h>
#include <linux/slab.h>

#include "internal.h"
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
	KUNIT_EXPECT_EQ(test, mem_reserve_charge(&res, 5), 0);
	KUNIT_EXPECT_EQ(test, mem_reserve_charge(&res, 3), 0);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&res), 8UL);
	failed = res.pages.failcnt;
	KUNIT_EXPECT_EQ(test, mem_reserve_charge(&res, 1), -ENOMEM);
	KUNIT_EXPECT_EQ(test, res.pages.failcnt, failed + 1);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&res), 8UL);
	KUNIT_EXPECT_EQ(test, mem_reserve_charge(&res, 9), -ENOMEM);
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
	KUNIT_EXPECT_EQ(test, mem_reserve_charge(&parent, 6), 0);
	KUNIT_EXPECT_EQ(test, mem_reserve_charge(&a, 2), 0);
	KUNIT_EXPECT_EQ(test, mem_reserve_charge(&b, 1), -ENOMEM);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&parent), 8UL);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&b), 0UL);
	mem_reserve_uncharge(&parent, 6);
	KUNIT_EXPECT_EQ(test, mem_reserve_charge(&b, 4), 0);
	mem_reserve_uncharge(&a, 2);
	mem_reserve_uncharge(&b, 4);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&parent), 0UL);
	mem_reserve_disconnect(&a);
	mem_reserve_disconnect(&b);
}

/*
 * A disconnected reserve's charges stay counted where they were charged
 * until they are returned, from wherever: they are uncharged there once,
 * and the levels above refuse charges past their new demand meanwhile.
 * (Disconnect used to take them out of the parent at once, racing with
 * uncharges on other CPUs that still walked up through it: the parent
 * lost them twice.)
 */
static void mem_reserve_test_lazy_disconnect(struct kunit *test)
{
	struct mem_reserve parent, a, b;

	init_family(&parent, &a, &b);
	KUNIT_ASSERT_EQ(test, mem_reserve_set_pages(&a, 4), 0);
	KUNIT_ASSERT_EQ(test, mem_reserve_set_pages(&b, 4), 0);
	KUNIT_ASSERT_EQ(test, mem_reserve_connect(&a, &parent), 0);
	KUNIT_ASSERT_EQ(test, mem_reserve_connect(&b, &parent), 0);
	KUNIT_ASSERT_EQ(test, mem_reserve_charge(&a, 3), 0);
	KUNIT_ASSERT_EQ(test, mem_reserve_charge(&b, 2), 0);
	mem_reserve_disconnect(&a);
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(&parent), 4UL);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&parent), 5UL);
	KUNIT_EXPECT_NULL(test, mem_reserve_find(&parent, "a"));
	/* the parent is over its new demand until a drains */
	KUNIT_EXPECT_EQ(test, mem_reserve_charge(&b, 1), -ENOMEM);
	mem_reserve_uncharge(&a, 2);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&parent), 3UL);
	KUNIT_EXPECT_EQ(test, mem_reserve_charge(&b, 1), 0);
	mem_reserve_uncharge(&a, 1);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&a), 0UL);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&parent), 3UL);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&parent), mem_reserve_usage(&b));
	/* connected again, under the parent its counter still points to */
	KUNIT_EXPECT_EQ(test, mem_reserve_connect(&a, &b), -EINVAL);
	KUNIT_ASSERT_EQ(test, mem_reserve_connect(&a, &parent), 0);
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(&parent), 8UL);
	mem_reserve_uncharge(&b, 3);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&parent), 0UL);
	mem_reserve_disconnect(&a);
	mem_reserve_disconnect(&b);
}

/*
 * Growing a demand cannot fail, not even while a level is over its limit
 * (page_counter_try_charge() overshoots for a moment before it backs
 * out): connect used to ignore that failure, leave the levels above
 * without the child's demand, and take it from them at disconnect.
 */
static void mem_reserve_test_grow_while_over(struct kunit *test)
{
	struct mem_reserve parent, a, b;

	init_family(&parent, &a, &b);
	KUNIT_ASSERT_EQ(test, mem_reserve_set_pages(&parent, 10), 0);
	KUNIT_ASSERT_EQ(test, mem_reserve_set_pages(&a, 3), 0);
	/* a charge in flight past the limit, as try_charge leaves it */
	page_counter_charge(&parent.pages, 15);
	KUNIT_EXPECT_EQ(test, mem_reserve_connect(&a, &parent), 0);
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(&parent), 13UL);
	KUNIT_EXPECT_EQ(test, mem_reserve_set_pages(&a, 5), 0);
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(&parent), 15UL);
	page_counter_uncharge(&parent.pages, 15);
	mem_reserve_disconnect(&a);
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(&parent), 10UL);
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
		if (!mem_reserve_charge(r->res, 1 + i % 3)) {
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
		KUNIT_EXPECT_EQ(test, mem_reserve_charge_bytes(&res, 512), 0);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&res), 2UL);
	KUNIT_EXPECT_EQ(test, mem_reserve_charge_bytes(&res, 1), -ENOMEM);
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

/*
 * The reserves' part of min stays whole for ALLOC_NO_WATERMARKS: a
 * GFP_ATOMIC allocation may go down to 3/8 of the rest of min, not into
 * what the reserves declared. (It used to reach 3/8 of the whole of min,
 * so an atomic storm could take 5/8 of the declared demand before a
 * charged user got any of it.)
 */
static void mem_reserve_test_atomic_floor(struct kunit *test)
{
	const unsigned int atomic = ALLOC_WMARK_MIN | ALLOC_MIN_RESERVE |
				    ALLOC_NON_BLOCK | ALLOC_CMA;
	struct zone *zone, *z = NULL;
	unsigned long d, mark;
	struct mem_reserve res;
	long rest, floor;

	for_each_populated_zone(zone)
		if (!z || zone_managed_pages(zone) > zone_managed_pages(z))
			z = zone;
	KUNIT_ASSERT_NOT_NULL(test, z);
	mem_reserve_init(&res, "kunit");
	KUNIT_ASSERT_EQ(test, mem_reserve_set_pages(&res, 1024), 0);
	KUNIT_ASSERT_EQ(test, mem_reserve_connect(&res, &mem_reserve_root), 0);
	d = READ_ONCE(z->reserve_pages);
	mark = min_wmark_pages(z);
	KUNIT_ASSERT_GT(test, d, 0UL);
	KUNIT_EXPECT_GE(test, mark, d);
	/* the floor of __zone_watermark_ok(), on the rest of min only */
	rest = mark - d;
	rest -= rest / 2;
	rest -= rest / 4;
	floor = rest + d + z->lowmem_reserve[zone_idx(z)];
	kunit_info(test, "%s: min %lu, reserves' part %lu, atomic floor %ld\n",
		   z->name, mark, d, floor);
	KUNIT_EXPECT_FALSE(test, __zone_watermark_ok(z, 0, mark, zone_idx(z),
						     atomic, floor));
	KUNIT_EXPECT_TRUE(test, __zone_watermark_ok(z, 0, mark, zone_idx(z),
						    atomic, floor + 1));
	mem_reserve_disconnect(&res);
	KUNIT_EXPECT_LT(test, READ_ONCE(z->reserve_pages), d);
}

#define EMERG_PAGES 16

/*
 * Take every page the normal pool gives without reclaim (no kswapd, no
 * direct reclaim), then every page GFP_ATOMIC gives (below min, down to
 * its floor), leaving each zone with the reserves' part of min and a bit.
 */
static unsigned long drain_normal_pool(struct list_head *held)
{
	struct page *page;
	unsigned long n = 0;

	while ((page = alloc_page(__GFP_NOWARN | __GFP_NOMEMALLOC)) ||
	       (page = alloc_page(GFP_ATOMIC | __GFP_NOWARN | __GFP_NOMEMALLOC))) {
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
 * As a consumer does: with the normal pool and the atomic reserve drained,
 * pages allocated with __GFP_MEMALLOC come from the emergency pool
 * (pfmemalloc) and are charged to the reserve until its demand is used
 * up; the next charge is refused and counted; uncharges return it all.
 */
static void mem_reserve_test_emergency(struct kunit *test)
{
	unsigned long drained, npages = 0, refused;
	unsigned int attempts = 0;
	struct page **pages, *page;
	struct mem_reserve res;
	LIST_HEAD(held);
	int charged = 0;

	/* the initramfs is unpacked beside the boot-time suites: let it finish */
	wait_for_initramfs();
	pages = kunit_kcalloc(test, EMERG_PAGES + 1, sizeof(*pages), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pages);
	mem_reserve_init(&res, "kunit_emergency");
	KUNIT_ASSERT_EQ(test, mem_reserve_set_pages(&res, EMERG_PAGES), 0);
	KUNIT_ASSERT_EQ(test, mem_reserve_connect(&res, &mem_reserve_root), 0);

	/*
	 * No KUnit allocation until the drained pages are released:
	 * expectations only allocate when they fail.
	 */
	drained = drain_normal_pool(&held);
	while (attempts++ < 1000) {
		page = alloc_page(GFP_ATOMIC | __GFP_MEMALLOC | __GFP_NOWARN);
		if (!page)
			break;
		if (!page_is_pfmemalloc(page)) {
			/* freed by someone meanwhile: keep it, drain again */
			list_add(&page->lru, &held);
			drained += 1 + drain_normal_pool(&held);
			continue;
		}
		charged = mem_reserve_charge(&res, 1);
		if (charged) {
			__free_page(page);
			break;
		}
		pages[npages++] = page;
	}
	refused = READ_ONCE(res.pages.failcnt);
	while (npages)
		__free_page(pages[--npages]);
	mem_reserve_uncharge(&res, mem_reserve_usage(&res));
	release_pages_list(&held);

	kunit_info(test, "drained %lu pages; then %lu emergency pages charged; then refused\n",
		   drained, READ_ONCE(res.pages.watermark));
	KUNIT_EXPECT_EQ(test, charged, -ENOMEM);
	KUNIT_EXPECT_EQ(test, READ_ONCE(res.pages.watermark),
			(unsigned long)EMERG_PAGES);
	KUNIT_EXPECT_GE(test, refused, 1UL);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&res), 0UL);
	mem_reserve_disconnect(&res);
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

/* kmalloc estimates account for the sizes kmalloc really uses. */
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
}

static struct kunit_case mem_reserve_cases[] = {
	KUNIT_CASE(mem_reserve_test_propagation),
	KUNIT_CASE(mem_reserve_test_find),
	KUNIT_CASE(mem_reserve_test_watermarks),
	KUNIT_CASE(mem_reserve_test_charge_limit),
	KUNIT_CASE(mem_reserve_test_hierarchy),
	KUNIT_CASE(mem_reserve_test_lazy_disconnect),
	KUNIT_CASE(mem_reserve_test_grow_while_over),
	KUNIT_CASE(mem_reserve_test_concurrent),
	KUNIT_CASE(mem_reserve_test_bytes),
	KUNIT_CASE(mem_reserve_test_atomic_floor),
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

