/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Accounted emergency memory reserves.
 *
 * A reserve is a named budget of pages that one consumer (a network
 * receive path, a swapping transport, a block device) may take from the
 * allocator's emergency pool, the memory below the zones' min watermarks
 * that only ALLOC_NO_WATERMARKS allocations reach. Reserves form a tree
 * under mem_reserve_root; the root's subtree demand is added to the min
 * watermarks, below the floors of atomic allocations, so connecting a
 * consumer grows the emergency pool by what it declared and disconnecting
 * shrinks it back exactly. Emergency pages and slab objects are charged to
 * the consumer's reserve and every level above it; a charge that would
 * take a level past its subtree demand fails.
 *
 * See Documentation/mm/reserve.rst.
 */
#ifndef _LINUX_RESERVE_H
#define _LINUX_RESERVE_H

#include <linux/gfp_types.h>
#include <linux/list.h>
#include <linux/page_counter.h>
#include <linux/types.h>

struct kmem_cache;
struct zone;

/**
 * struct mem_reserve - one node of the reserve tree
 * @pages: usage, peak (watermark) and failed charges (failcnt) of this
 *	subtree; its limit (max) is the subtree demand
 * @parent: the reserve this one is connected under, or %NULL
 * @children: reserves connected under this one
 * @sibling: entry in the parent's @children
 * @name: shown in /proc/reserve_info
 * @own: pages this reserve itself declared
 * @bytes: slab objects charged to this reserve, in bytes; charged to
 *	@pages rounded up to whole pages
 *
 * All fields but @pages and @bytes change only under the reserve mutex;
 * use the functions below, not the fields.
 */
struct mem_reserve {
	struct page_counter pages;
	struct mem_reserve *parent;
	struct list_head children;
	struct list_head sibling;
	const char *name;
	unsigned long own;
	atomic_long_t bytes;
};

#ifdef CONFIG_MEM_RESERVE

extern struct mem_reserve mem_reserve_root;

void mem_reserve_init(struct mem_reserve *res, const char *name);
int mem_reserve_connect(struct mem_reserve *res, struct mem_reserve *parent);
void mem_reserve_disconnect(struct mem_reserve *res);
int mem_reserve_set_pages(struct mem_reserve *res, unsigned long pages);

unsigned long mem_reserve_kmalloc_pages(size_t size, unsigned long count);
unsigned long mem_reserve_kmem_cache_pages(struct kmem_cache *s,
					   unsigned long count);

int mem_reserve_charge(struct mem_reserve *res, unsigned long nr_pages);
void mem_reserve_uncharge(struct mem_reserve *res, unsigned long nr_pages);
int mem_reserve_charge_bytes(struct mem_reserve *res, size_t bytes);
void mem_reserve_uncharge_bytes(struct mem_reserve *res, size_t bytes);

#if IS_ENABLED(CONFIG_KUNIT)
struct mem_reserve *mem_reserve_find(struct mem_reserve *parent,
				     const char *name);
#endif

unsigned long mem_reserve_zone_pages(struct zone *zone,
				     unsigned long lowmem_pages);

/**
 * mem_reserve_usage - pages charged to a reserve's subtree now
 * @res: the reserve
 */
static inline unsigned long mem_reserve_usage(struct mem_reserve *res)
{
	return page_counter_read(&res->pages);
}

/**
 * mem_reserve_demand - pages a reserve's subtree declared (its limit)
 * @res: the reserve
 */
static inline unsigned long mem_reserve_demand(struct mem_reserve *res)
{
	return READ_ONCE(res->pages.max);
}

#else /* !CONFIG_MEM_RESERVE */

static inline unsigned long mem_reserve_zone_pages(struct zone *zone,
						   unsigned long lowmem_pages)
{
	return 0;
}

#endif /* CONFIG_MEM_RESERVE */

#endif /* _LINUX_RESERVE_H */
