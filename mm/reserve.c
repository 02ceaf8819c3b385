// SPDX-License-Identifier: GPL-2.0
/*
 * Accounted emergency memory reserves
 *
 * The allocator's emergency pool is the memory below the zones' min
 * watermarks: only ALLOC_NO_WATERMARKS allocations (PF_MEMALLOC,
 * __GFP_MEMALLOC) reach it. Whoever must allocate there to make reclaim
 * progress (receiving the server's reply to a swap write, say) declares a
 * reserve: a named budget of pages, connected into a tree under
 * mem_reserve_root. The root's subtree demand is added to the zones' min
 * watermarks on top of min_free_kbytes, below every floor but that of
 * ALLOC_NO_WATERMARKS (__zone_watermark_ok(): atomic and __GFP_HIGH
 * allocations may dig into min_free_kbytes' part, not into this one), so
 * the pool grows and shrinks with its consumers and the admin's value keeps
 * meaning the admin's part.
 *
 * Each reserve is a page_counter whose limit is the demand of its subtree:
 * charging a reserve charges every level above it, locklessly, and fails
 * when a level would pass its demand, so no consumer takes more than it
 * declared and no subtree more than its children declared. Charges never
 * sleep: the consumers charge from the receive path.
 *
 * Tree and demand changes are serialized by mem_reserve_mutex. The rules
 * that let charges run without it:
 *
 * - A limit (pages.max) is written under the mutex, WRITE_ONCE() or
 *   page_counter_set_max(), and read once per level by
 *   page_counter_try_charge(). A charge racing with a change is checked
 *   against the old or the new limit of each level; growing takes effect
 *   for the charges that read it, shrinking with @force may leave a level
 *   above its new limit until enough is uncharged, and charges fail there
 *   meanwhile. No ordering beyond the single accesses is needed.
 *
 * - The counter link (pages.parent), which charges and uncharges walk, is
 *   written only when nothing can walk it: when the reserve is first
 *   connected, with nothing charged to it, and never again. Disconnecting
 *   withdraws the demand and takes the reserve out of the tree, but keeps
 *   the link: what was charged to it drains through the levels it was
 *   charged to, exactly once, whichever CPU uncharges it and when (lazy
 *   disconnect; the owner of a released socket reserve frees it when its
 *   usage reaches 0). The parent must therefore outlive its children's
 *   charges, and a reserve is connected again only under the same parent.
 *
 * Consumers get emergency memory their own way (the skb layer: pfmemalloc
 * pages and slabs) and charge what they get: whole pages, or slab objects
 * counted in bytes and charged as the count crosses page boundaries.
 */

#include <kunit/visibility.h>
#include <linux/export.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/reserve.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "internal.h"
#include "slab.h"

static DEFINE_MUTEX(mem_reserve_mutex);

/*
 * The root: the allocator's emergency pool beyond min_free_kbytes. A zeroed
 * page_counter has no usage and a limit of 0 pages.
 */
struct mem_reserve mem_reserve_root = {
	.children = LIST_HEAD_INIT(mem_reserve_root.children),
	.sibling = LIST_HEAD_INIT(mem_reserve_root.sibling),
	.name = "total",
};
EXPORT_SYMBOL_IF_KUNIT(mem_reserve_root);

/* The root may not take more than a quarter of memory. */
static unsigned long mem_reserve_limit(void)
{
	return totalram_pages() / 4;
}

static bool mem_reserve_rooted(struct mem_reserve *res)
{
	while (res->parent)
		res = res->parent;
	return res == &mem_reserve_root;
}

/*
 * Move the limit of @res and of every reserve above it by @delta pages.
 * Growing cannot fail. Shrinking fails with -EBUSY, and changes nothing, if
 * a level has more charged than its new limit, unless @force: then charges
 * fail at that level until it has drained below it.
 */
static int mem_reserve_adjust(struct mem_reserve *res, long delta, bool force)
{
	struct mem_reserve *r, *busy = NULL;

	lockdep_assert_held(&mem_reserve_mutex);
	for (r = res; r; r = r->parent) {
		unsigned long max = r->pages.max + delta;

		if (delta >= 0 || force) {
			WRITE_ONCE(r->pages.max, max);
		} else if (page_counter_set_max(&r->pages, max)) {
			busy = r;
			break;
		}
	}
	if (!busy)
		return 0;
	for (r = res; r != busy; r = r->parent)
		WRITE_ONCE(r->pages.max, r->pages.max - delta);
	return -EBUSY;
}

/* Growing a rooted subtree by @delta pages: does the root stay bounded? */
static int mem_reserve_may_grow(struct mem_reserve *res, long delta)
{
	unsigned long total = mem_reserve_root.pages.max + delta;

	if (delta <= 0 || !mem_reserve_rooted(res) || total <= mem_reserve_limit())
		return 0;
	pr_warn("mem_reserve: %s: %ld more pages would make the emergency reserve %lu pages, over a quarter of memory (%lu)\n",
		res->name, delta, total, mem_reserve_limit());
	return -ENOMEM;
}

/**
 * mem_reserve_init - initialize a reserve
 * @res: the reserve
 * @name: its name in /proc/reserve_info; must outlive the reserve
 *
 * The reserve starts disconnected, with no demand and nothing charged.
 */
void mem_reserve_init(struct mem_reserve *res, const char *name)
{
	memset(res, 0, sizeof(*res));
	page_counter_init(&res->pages, NULL, false);
	res->pages.max = 0;
	INIT_LIST_HEAD(&res->children);
	INIT_LIST_HEAD(&res->sibling);
	res->name = name;
}

/**
 * mem_reserve_connect - connect a reserve under a parent
 * @res: a disconnected reserve, with its subtree
 * @parent: the reserve to connect it under (&mem_reserve_root, or a reserve
 *	that is or will be connected under it)
 *
 * The demand of @res's subtree is added to @parent and every level above
 * it; if that reaches the root, the zones' min watermarks grow by as many
 * pages. The first connect links @res's counter to @parent's, with nothing
 * charged to @res yet; a reserve disconnected since is connected again
 * under the same parent only, the charges it still holds counted there
 * all along.
 *
 * Return: 0; -EBUSY if @res is connected already, or has charges but was
 * never connected; -EINVAL if @parent is @res or below it, or is not the
 * parent @res was first connected under; -ENOMEM if the emergency reserve
 * would take more than a quarter of memory.
 */
int mem_reserve_connect(struct mem_reserve *res, struct mem_reserve *parent)
{
	struct mem_reserve *r;
	int ret;

	mutex_lock(&mem_reserve_mutex);
	ret = -EBUSY;
	if (res->parent || res == &mem_reserve_root ||
	    (!res->pages.parent && page_counter_read(&res->pages)))
		goto out;
	ret = -EINVAL;
	if (res->pages.parent && res->pages.parent != &parent->pages)
		goto out;
	for (r = parent; r; r = r->parent)
		if (r == res)
			goto out;
	ret = mem_reserve_may_grow(parent, res->pages.max);
	if (ret)
		goto out;
	mem_reserve_adjust(parent, res->pages.max, false);
	res->parent = parent;
	/* no charge walks this link yet: see "counter link" at the top */
	res->pages.parent = &parent->pages;
	list_add_tail(&res->sibling, &parent->children);
	if (res->pages.max && mem_reserve_rooted(res))
		setup_per_zone_wmarks();
out:
	mutex_unlock(&mem_reserve_mutex);
	return ret;
}

#if IS_ENABLED(CONFIG_KUNIT)
/**
 * mem_reserve_find - a reserve's child, by name
 * @parent: the reserve to look under
 * @name: the child's name, as /proc/reserve_info shows it
 *
 * For tests: the child may be disconnected (and freed by its owner) as
 * soon as this returns, so the caller must know it cannot be.
 *
 * Return: the first connected child of @parent named @name, or %NULL.
 */
struct mem_reserve *mem_reserve_find(struct mem_reserve *parent,
				     const char *name)
{
	struct mem_reserve *child, *found = NULL;

	mutex_lock(&mem_reserve_mutex);
	list_for_each_entry(child, &parent->children, sibling) {
		if (!strcmp(child->name, name)) {
			found = child;
			break;
		}
	}
	mutex_unlock(&mem_reserve_mutex);
	return found;
}
EXPORT_SYMBOL_IF_KUNIT(mem_reserve_find);
#endif

/**
 * mem_reserve_disconnect - disconnect a reserve from its parent
 * @res: the reserve; nothing if it is not connected
 *
 * The levels above @res lose its subtree's demand at once, and the zones'
 * min watermarks shrink back if the root was reached; @res leaves the tree
 * (/proc/reserve_info). What is charged to @res stays charged above it
 * until it is uncharged, from any context and at any time: a level may
 * stay above its new limit meanwhile, and refuse charges until it has
 * drained. @res keeps its subtree, demand and charges, to be uncharged or
 * connected again under the same parent.
 */
void mem_reserve_disconnect(struct mem_reserve *res)
{
	struct mem_reserve *parent;
	bool rooted;

	mutex_lock(&mem_reserve_mutex);
	parent = res->parent;
	if (!parent)
		goto out;
	rooted = mem_reserve_rooted(res);
	list_del_init(&res->sibling);
	res->parent = NULL;
	mem_reserve_adjust(parent, -(long)res->pages.max, true);
	if (res->pages.max && rooted)
		setup_per_zone_wmarks();
out:
	mutex_unlock(&mem_reserve_mutex);
}

/**
 * mem_reserve_set_pages - set the pages a reserve declares for itself
 * @res: the reserve
 * @pages: its own demand, in pages (see the mem_reserve_*_pages()
 *	estimators)
 *
 * The difference is propagated to every level above @res and, if it
 * reaches the root, to the zones' min watermarks.
 *
 * Return: 0; -EBUSY if shrinking would take a level below what is charged
 * to it now; -ENOMEM if the emergency reserve would take more than a
 * quarter of memory.
 */
int mem_reserve_set_pages(struct mem_reserve *res, unsigned long pages)
{
	long delta;
	int ret;

	mutex_lock(&mem_reserve_mutex);
	delta = pages - res->own;
	ret = mem_reserve_may_grow(res, delta);
	if (!ret && delta)
		ret = mem_reserve_adjust(res, delta, false);
	if (!ret && delta) {
		res->own = pages;
		if (mem_reserve_rooted(res))
			setup_per_zone_wmarks();
	}
	mutex_unlock(&mem_reserve_mutex);
	return ret;
}

static bool mem_reserve_lowmem(struct zone *zone)
{
	return !is_highmem(zone) && zone_idx(zone) != ZONE_MOVABLE &&
	       zone_managed_pages(zone);
}

static unsigned long mem_reserve_share(struct zone *zone, unsigned long total,
				       unsigned long lowmem_pages)
{
	return div64_ul((u64)total * zone_managed_pages(zone), lowmem_pages);
}

/**
 * mem_reserve_zone_pages - a zone's part of the reserves' demand
 * @zone: the zone whose min watermark is being set
 * @lowmem_pages: managed pages of all lowmem zones
 *
 * Called by __setup_per_zone_wmarks(). The root's demand is spread over
 * the lowmem zones in proportion to their size, as min_free_kbytes is; the
 * rounding remainder goes to the largest zone, so the parts add up to the
 * demand exactly.
 *
 * The part is kept apart, in zone->reserve_pages: __zone_watermark_ok()
 * lets __GFP_HIGH, atomic and OOM victims' allocations below min by
 * fractions of the rest of min only (down to 3/8 of it for GFP_ATOMIC), so
 * what the reserves declared is left whole for ALLOC_NO_WATERMARKS
 * allocations, the ones the reserves charge (Piggin: the atomic reserve
 * apart from the emergency one). Without that, an atomic storm (a flood's
 * receive buffers) could take 5/8 of it before a charged user got any.
 *
 * Return: pages to add to @zone's min watermark (zone->reserve_pages).
 */
unsigned long mem_reserve_zone_pages(struct zone *zone,
				     unsigned long lowmem_pages)
{
	unsigned long total = READ_ONCE(mem_reserve_root.pages.max);
	unsigned long rest = total;
	struct zone *z, *largest = NULL;

	if (!total || !lowmem_pages || !mem_reserve_lowmem(zone))
		return 0;
	for_each_zone(z) {
		if (!mem_reserve_lowmem(z))
			continue;
		rest -= mem_reserve_share(z, total, lowmem_pages);
		if (!largest || zone_managed_pages(z) > zone_managed_pages(largest))
			largest = z;
	}
	return mem_reserve_share(zone, total, lowmem_pages) +
	       (zone == largest ? rest : 0);
}

static unsigned long mem_reserve_slab_pages(struct kmem_cache *s, bool min,
					    unsigned long count)
{
	unsigned int objects, order;

	kmem_cache_geometry(s, min, &objects, &order);
	return objects ? DIV_ROUND_UP(count, objects) << order : 0;
}

/**
 * mem_reserve_kmem_cache_pages - pages that @count objects of a cache take
 * @s: the cache
 * @count: how many objects
 *
 * Read from the cache's real slab geometry: whole slabs of its preferred
 * order or, when that order cannot be had (as under memory pressure), of
 * its minimum order, whichever takes more pages.
 *
 * Return: pages, to declare with mem_reserve_set_pages().
 */
unsigned long mem_reserve_kmem_cache_pages(struct kmem_cache *s,
					   unsigned long count)
{
	if (!count)
		return 0;
	return max(mem_reserve_slab_pages(s, false, count),
		   mem_reserve_slab_pages(s, true, count));
}

/**
 * mem_reserve_kmalloc_pages - pages that @count kmalloc(@size) objects take
 * @size: bytes asked of kmalloc()
 * @count: how many objects
 *
 * Return: pages, from the geometry of the kmalloc cache that serves @size,
 * or the page allocations that serve it above KMALLOC_MAX_CACHE_SIZE.
 */
unsigned long mem_reserve_kmalloc_pages(size_t size, unsigned long count)
{
	if (!size || !count)
		return 0;
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return count << get_order(size);
	return mem_reserve_kmem_cache_pages(kmalloc_slab(size, NULL, GFP_KERNEL, 0),
					    count);
}

/**
 * mem_reserve_charge - charge pages to a reserve
 * @res: the reserve
 * @nr_pages: how many
 *
 * Charges @res and every level above it. Lockless, O(depth); any context,
 * never sleeps.
 *
 * Return: 0; -ENOMEM if a level would pass its demand (nothing charged).
 */
int mem_reserve_charge(struct mem_reserve *res, unsigned long nr_pages)
{
	struct page_counter *fail;

	return page_counter_try_charge(&res->pages, nr_pages, &fail) ? 0 : -ENOMEM;
}

/**
 * mem_reserve_uncharge - uncharge pages from a reserve
 * @res: the reserve they were charged to
 * @nr_pages: how many
 *
 * Uncharges the levels they were charged to, connected or not since.
 * Lockless, O(depth); any context.
 */
void mem_reserve_uncharge(struct mem_reserve *res, unsigned long nr_pages)
{
	page_counter_uncharge(&res->pages, nr_pages);
}

/**
 * mem_reserve_charge_bytes - charge slab object bytes to a reserve
 * @res: the reserve
 * @bytes: the object's size in its slab
 *
 * The reserve counts its objects' bytes and charges whole pages as the
 * count crosses page boundaries: N objects of B bytes charge
 * DIV_ROUND_UP(N * B, PAGE_SIZE) pages, within what the slab estimators
 * declare for them. Any context, never sleeps.
 *
 * Return: as mem_reserve_charge().
 */
int mem_reserve_charge_bytes(struct mem_reserve *res, size_t bytes)
{
	long old = atomic_long_read(&res->bytes);
	unsigned long nr;

	for (;;) {
		nr = DIV_ROUND_UP(old + bytes, PAGE_SIZE) -
		     DIV_ROUND_UP(old, PAGE_SIZE);
		if (nr && mem_reserve_charge(res, nr))
			return -ENOMEM;
		/* the pages first, then the bytes that need them */
		if (atomic_long_try_cmpxchg(&res->bytes, &old, old + bytes))
			return 0;
		if (nr)
			mem_reserve_uncharge(res, nr);
	}
}

/**
 * mem_reserve_uncharge_bytes - uncharge slab object bytes from a reserve
 * @res: the reserve they were charged to
 * @bytes: as given to mem_reserve_charge_bytes()
 */
void mem_reserve_uncharge_bytes(struct mem_reserve *res, size_t bytes)
{
	long old = atomic_long_read(&res->bytes);
	unsigned long nr;

	do {
		nr = DIV_ROUND_UP(old, PAGE_SIZE) -
		     DIV_ROUND_UP(old - (long)bytes, PAGE_SIZE);
	} while (!atomic_long_try_cmpxchg(&res->bytes, &old, old - bytes));
	/* the bytes first, then the pages they no longer need */
	if (nr)
		mem_reserve_uncharge(res, nr);
}

/*
 * /proc/reserve_info: a header, then one line per reserve, depth-first,
 * the name indented two spaces per level; all figures in pages. A
 * disconnected reserve that still has charges is not listed; its charges
 * are in its old parent's usage until they are returned.
 */
static void mem_reserve_show_one(struct seq_file *m, struct mem_reserve *res,
				 int depth)
{
	struct mem_reserve *child;
	int pad = 2 * depth;

	seq_printf(m, "%*s%-*s %10lu %10lu %10lu %10lu %10lu\n", pad, "",
		   max(24 - pad, 1), res->name, res->own,
		   mem_reserve_demand(res), mem_reserve_usage(res),
		   READ_ONCE(res->pages.watermark),
		   /* page_counter counts failures racily: only statistics */
		   data_race(res->pages.failcnt));
	list_for_each_entry(child, &res->children, sibling)
		mem_reserve_show_one(m, child, depth + 1);
}

static int mem_reserve_info_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%-24s %10s %10s %10s %10s %10s\n", "name", "own",
		   "subtree", "usage", "peak", "failed");
	mutex_lock(&mem_reserve_mutex);
	mem_reserve_show_one(m, &mem_reserve_root, 0);
	mutex_unlock(&mem_reserve_mutex);
	return 0;
}

static int __init mem_reserve_proc_init(void)
{
	proc_create_single("reserve_info", 0400, NULL, mem_reserve_info_show);
	return 0;
}
fs_initcall(mem_reserve_proc_init);
