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
 * watermarks on top of min_free_kbytes, so the pool grows and shrinks with
 * its consumers and the admin's value keeps meaning the admin's part.
 *
 * Each reserve is a page_counter whose limit is the demand of its subtree:
 * charging a reserve charges every level above it, locklessly, and fails
 * when a level would pass its demand, so no consumer takes more than it
 * declared and no subtree more than its children declared. Tree and demand
 * changes are serialized by mem_reserve_mutex.
 *
 * Emergency pages and slab objects are charged explicitly, per allocation:
 * mem_reserve_alloc_pages() and friends try the normal pool first, charge
 * only when they must dip into the reserve, keep the charge only if the
 * memory really came from it, and tell the caller (@emerg) what to
 * uncharge at free time. The caller keeps that bit with the object, as the
 * skb layer keeps pfmemalloc: frees happen in other contexts (softirq,
 * another task) where no allocation scope is active.
 */

#include <linux/export.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/reserve.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/hotdata.h>

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
	.waitq = __WAIT_QUEUE_HEAD_INITIALIZER(mem_reserve_root.waitq),
};
EXPORT_SYMBOL_GPL(mem_reserve_root);

static struct mem_reserve *mem_reserve_of(struct page_counter *counter)
{
	return container_of(counter, struct mem_reserve, pages);
}

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
 * Shrinking fails with -EBUSY, and changes nothing, if a level has more
 * charged than its new limit, unless @force: then charges fail until the
 * level has drained below it.
 */
static int mem_reserve_adjust(struct mem_reserve *res, long delta, bool force)
{
	struct mem_reserve *r, *busy = NULL;

	lockdep_assert_held(&mem_reserve_mutex);
	for (r = res; r; r = r->parent) {
		unsigned long max = r->pages.max + delta;

		if (force) {
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
	init_waitqueue_head(&res->waitq);
}
EXPORT_SYMBOL_GPL(mem_reserve_init);

/**
 * mem_reserve_connect - connect a reserve under a parent
 * @res: a disconnected reserve, with its subtree
 * @parent: the reserve to connect it under (&mem_reserve_root, or a reserve
 *	that is or will be connected under it)
 *
 * The demand of @res's subtree is added to @parent and every level above
 * it; if that reaches the root, the zones' min watermarks grow by as many
 * pages. What @res has charged already is charged above it too. The
 * caller must not charge @res while connecting it.
 *
 * Return: 0; -EBUSY if @res is connected already; -EINVAL if @parent is
 * @res or below it; -ENOMEM if the emergency reserve would take more than
 * a quarter of memory.
 */
int mem_reserve_connect(struct mem_reserve *res, struct mem_reserve *parent)
{
	unsigned long demand, usage;
	struct mem_reserve *r;
	int ret;

	mutex_lock(&mem_reserve_mutex);
	ret = -EBUSY;
	if (res->parent || res == &mem_reserve_root)
		goto out;
	ret = -EINVAL;
	for (r = parent; r; r = r->parent)
		if (r == res)
			goto out;
	demand = res->pages.max;
	ret = mem_reserve_may_grow(parent, demand);
	if (ret)
		goto out;
	mem_reserve_adjust(parent, demand, false);
	res->parent = parent;
	res->pages.parent = &parent->pages;
	list_add_tail(&res->sibling, &parent->children);
	usage = page_counter_read(&res->pages);
	if (usage)
		page_counter_charge(&parent->pages, usage);
	if (demand && mem_reserve_rooted(res))
		setup_per_zone_wmarks();
out:
	mutex_unlock(&mem_reserve_mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(mem_reserve_connect);

/**
 * mem_reserve_find - a reserve's child, by name
 * @parent: the reserve to look under
 * @name: the child's name, as /proc/reserve_info shows it
 *
 * For tests and diagnostics: the child may be disconnected (and freed by its
 * owner) as soon as this returns, so the caller must know it cannot be.
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
EXPORT_SYMBOL_GPL(mem_reserve_find);

/**
 * mem_reserve_disconnect - disconnect a reserve from its parent
 * @res: the reserve; nothing if it is not connected
 *
 * Undoes mem_reserve_connect(): the levels above @res lose its subtree's
 * demand and what it has charged, and the zones' min watermarks shrink
 * back if the root was reached. @res keeps its subtree, demand and
 * charges, to be uncharged or connected again. The caller must not charge
 * @res while disconnecting it.
 */
void mem_reserve_disconnect(struct mem_reserve *res)
{
	struct mem_reserve *parent;
	unsigned long usage;
	bool rooted;

	mutex_lock(&mem_reserve_mutex);
	parent = res->parent;
	if (!parent)
		goto out;
	rooted = mem_reserve_rooted(res);
	usage = page_counter_read(&res->pages);
	if (usage)
		page_counter_uncharge(&parent->pages, usage);
	list_del_init(&res->sibling);
	res->pages.parent = NULL;
	res->parent = NULL;
	mem_reserve_adjust(parent, -(long)res->pages.max, true);
	if (res->pages.max && rooted)
		setup_per_zone_wmarks();
out:
	mutex_unlock(&mem_reserve_mutex);
}
EXPORT_SYMBOL_GPL(mem_reserve_disconnect);

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
EXPORT_SYMBOL_GPL(mem_reserve_set_pages);

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
 * Return: pages to add to @zone's min watermark.
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
EXPORT_SYMBOL_GPL(mem_reserve_kmem_cache_pages);

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
EXPORT_SYMBOL_GPL(mem_reserve_kmalloc_pages);

/**
 * mem_reserve_skb_pages - pages that @count skbs of @len bytes take
 * @len: linear data bytes of each skb
 * @count: how many skbs
 *
 * Return: pages for the sk_buffs and their heads (data plus shared info),
 * as __alloc_skb() allocates them.
 */
unsigned long mem_reserve_skb_pages(unsigned int len, unsigned long count)
{
#ifdef CONFIG_NET
	return mem_reserve_kmem_cache_pages(net_hotdata.skbuff_cache, count) +
	       mem_reserve_kmalloc_pages(SKB_HEAD_ALIGN(len), count);
#else
	return 0;
#endif
}
EXPORT_SYMBOL_GPL(mem_reserve_skb_pages);

/**
 * mem_reserve_charge - charge pages to a reserve
 * @res: the reserve
 * @nr_pages: how many
 * @gfp: whether the caller may sleep: if gfpflags_allow_blocking(), a
 *	charge that does not fit waits, killably, until uncharges make room
 *
 * Charges @res and every level above it. Lockless and O(depth) when it
 * fits. A charge larger than the demand of the level that refused it
 * fails at once: no uncharge can make it fit.
 *
 * Return: 0; -ENOMEM if it does not fit and the caller may not wait, or
 * never can fit; -EINTR if a fatal signal ended the wait.
 */
int mem_reserve_charge(struct mem_reserve *res, unsigned long nr_pages,
		       gfp_t gfp)
{
	struct page_counter *fail;
	struct mem_reserve *r;
	DEFINE_WAIT(wait);
	int ret;

	if (page_counter_try_charge(&res->pages, nr_pages, &fail))
		return 0;
	if (!gfpflags_allow_blocking(gfp))
		return -ENOMEM;
	for (;;) {
		r = mem_reserve_of(fail);
		if (nr_pages > READ_ONCE(fail->max))
			return -ENOMEM;
		prepare_to_wait(&r->waitq, &wait, TASK_KILLABLE);
		ret = 0;
		if (page_counter_try_charge(&res->pages, nr_pages, &fail))
			break;
		ret = -EINTR;
		if (fatal_signal_pending(current))
			break;
		if (fail == &r->pages)
			schedule();
		finish_wait(&r->waitq, &wait);
	}
	finish_wait(&r->waitq, &wait);
	return ret;
}
EXPORT_SYMBOL_GPL(mem_reserve_charge);

/**
 * mem_reserve_uncharge - uncharge pages from a reserve
 * @res: the reserve they were charged to
 * @nr_pages: how many
 *
 * Wakes the charges waiting at @res or above it. Any context.
 */
void mem_reserve_uncharge(struct mem_reserve *res, unsigned long nr_pages)
{
	struct page_counter *c;

	page_counter_uncharge(&res->pages, nr_pages);
	for (c = &res->pages; c; c = c->parent) {
		struct mem_reserve *r = mem_reserve_of(c);

		if (wq_has_sleeper(&r->waitq))
			wake_up_all(&r->waitq);
	}
}
EXPORT_SYMBOL_GPL(mem_reserve_uncharge);

/**
 * mem_reserve_charge_bytes - charge slab object bytes to a reserve
 * @res: the reserve
 * @bytes: the object's size in its slab
 * @gfp: as for mem_reserve_charge()
 *
 * The reserve counts its objects' bytes and charges whole pages as the
 * count crosses page boundaries: N objects of B bytes charge
 * DIV_ROUND_UP(N * B, PAGE_SIZE) pages, within what the slab estimators
 * declare for them.
 *
 * Return: as mem_reserve_charge().
 */
int mem_reserve_charge_bytes(struct mem_reserve *res, size_t bytes, gfp_t gfp)
{
	long old = atomic_long_read(&res->bytes);
	unsigned long nr;
	int ret;

	for (;;) {
		nr = DIV_ROUND_UP(old + bytes, PAGE_SIZE) -
		     DIV_ROUND_UP(old, PAGE_SIZE);
		if (nr) {
			ret = mem_reserve_charge(res, nr, gfp);
			if (ret)
				return ret;
		}
		if (atomic_long_try_cmpxchg(&res->bytes, &old, old + bytes))
			return 0;
		if (nr)
			mem_reserve_uncharge(res, nr);
	}
}
EXPORT_SYMBOL_GPL(mem_reserve_charge_bytes);

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
	if (nr)
		mem_reserve_uncharge(res, nr);
}
EXPORT_SYMBOL_GPL(mem_reserve_uncharge_bytes);

/* The normal pool first: never dip into the reserve uncharged. */
static gfp_t mem_reserve_normal(gfp_t gfp)
{
	return gfp | __GFP_NOMEMALLOC | __GFP_NOWARN;
}

static gfp_t mem_reserve_emergency(gfp_t gfp)
{
	return (gfp & ~__GFP_NOMEMALLOC) | __GFP_MEMALLOC;
}

static bool mem_reserve_obj_emergency(const void *obj)
{
	struct slab *slab = virt_to_slab(obj);

	return slab ? slab_test_pfmemalloc(slab) :
		      page_is_pfmemalloc(virt_to_page(obj));
}

/**
 * mem_reserve_alloc_pages - allocate pages, from a reserve if need be
 * @res: the reserve to charge; %NULL: the normal pool only
 * @gfp: allocation flags
 * @order: allocation order
 * @emerg: set to whether the pages came from the reserve and are charged
 *
 * Tries the normal pool without reserve access first; only if that fails
 * charges @res (waiting for room if @gfp may sleep) and allocates with
 * __GFP_MEMALLOC. The charge is kept only if the pages really came from
 * the emergency pool.
 *
 * Return: the pages, or %NULL; pass @emerg to mem_reserve_free_pages().
 */
struct page *mem_reserve_alloc_pages(struct mem_reserve *res, gfp_t gfp,
				     unsigned int order, bool *emerg)
{
	struct page *page;

	*emerg = false;
	page = alloc_pages(mem_reserve_normal(gfp), order);
	if (page || !res)
		return page;
	if (mem_reserve_charge(res, 1UL << order, gfp))
		return NULL;
	page = alloc_pages(mem_reserve_emergency(gfp), order);
	if (page && page_is_pfmemalloc(page))
		*emerg = true;
	else
		mem_reserve_uncharge(res, 1UL << order);
	return page;
}
EXPORT_SYMBOL_GPL(mem_reserve_alloc_pages);

/**
 * mem_reserve_free_pages - free what mem_reserve_alloc_pages() returned
 * @res: the reserve given to it
 * @page: the pages
 * @order: their order
 * @emerg: what it set
 */
void mem_reserve_free_pages(struct mem_reserve *res, struct page *page,
			    unsigned int order, bool emerg)
{
	__free_pages(page, order);
	if (emerg)
		mem_reserve_uncharge(res, 1UL << order);
}
EXPORT_SYMBOL_GPL(mem_reserve_free_pages);

/**
 * mem_reserve_kmalloc - kmalloc(), from a reserve if need be
 * @res: the reserve to charge; %NULL: the normal pool only
 * @size: bytes
 * @gfp: allocation flags
 * @emerg: set to whether the object came from a pfmemalloc slab (or
 *	emergency pages) and is charged
 *
 * As mem_reserve_alloc_pages(), for an object: the normal pool first; then
 * kmalloc_size_roundup(@size) bytes are charged and the object is
 * allocated with __GFP_MEMALLOC; the charge is kept only if its slab is a
 * pfmemalloc one. SLUB checks pfmemalloc slabs only on its slow path, so
 * the first attempt may return an object of a pfmemalloc slab although
 * it asked for none: such an object is charged too, or freed and %NULL
 * returned if the reserve is full.
 *
 * Return: the object, or %NULL; pass @size and @emerg to
 * mem_reserve_kfree().
 */
void *mem_reserve_kmalloc(struct mem_reserve *res, size_t size, gfp_t gfp,
			  bool *emerg)
{
	size_t bytes = kmalloc_size_roundup(size);
	void *obj;

	*emerg = false;
	obj = kmalloc(size, mem_reserve_normal(gfp));
	if (!res || (obj && !mem_reserve_obj_emergency(obj)))
		return obj;
	/* none, or one SLUB's fastpath served from a pfmemalloc slab */
	if (mem_reserve_charge_bytes(res, bytes, gfp)) {
		kfree(obj);
		return NULL;
	}
	if (!obj)
		obj = kmalloc(size, mem_reserve_emergency(gfp));
	if (obj && mem_reserve_obj_emergency(obj))
		*emerg = true;
	else
		mem_reserve_uncharge_bytes(res, bytes);
	return obj;
}
EXPORT_SYMBOL_GPL(mem_reserve_kmalloc);

/**
 * mem_reserve_kfree - free what mem_reserve_kmalloc() returned
 * @res: the reserve given to it
 * @obj: the object
 * @size: the size given to it
 * @emerg: what it set
 */
void mem_reserve_kfree(struct mem_reserve *res, const void *obj, size_t size,
		       bool emerg)
{
	kfree(obj);
	if (emerg)
		mem_reserve_uncharge_bytes(res, kmalloc_size_roundup(size));
}
EXPORT_SYMBOL_GPL(mem_reserve_kfree);

/**
 * mem_reserve_kmem_cache_alloc - kmem_cache_alloc(), from a reserve if need be
 * @res: the reserve to charge; %NULL: the normal pool only
 * @s: the cache
 * @gfp: allocation flags
 * @emerg: as for mem_reserve_kmalloc()
 *
 * As mem_reserve_kmalloc(), charging the size of the cache's slots.
 *
 * Return: the object, or %NULL; pass @emerg to
 * mem_reserve_kmem_cache_free().
 */
void *mem_reserve_kmem_cache_alloc(struct mem_reserve *res,
				   struct kmem_cache *s, gfp_t gfp, bool *emerg)
{
	void *obj;

	*emerg = false;
	obj = kmem_cache_alloc(s, mem_reserve_normal(gfp));
	if (!res || (obj && !mem_reserve_obj_emergency(obj)))
		return obj;
	/* none, or one SLUB's fastpath served from a pfmemalloc slab */
	if (mem_reserve_charge_bytes(res, s->size, gfp)) {
		if (obj)
			kmem_cache_free(s, obj);
		return NULL;
	}
	if (!obj)
		obj = kmem_cache_alloc(s, mem_reserve_emergency(gfp));
	if (obj && mem_reserve_obj_emergency(obj))
		*emerg = true;
	else
		mem_reserve_uncharge_bytes(res, s->size);
	return obj;
}
EXPORT_SYMBOL_GPL(mem_reserve_kmem_cache_alloc);

/**
 * mem_reserve_kmem_cache_free - free what mem_reserve_kmem_cache_alloc() returned
 * @res: the reserve given to it
 * @s: the cache
 * @obj: the object
 * @emerg: what it set
 */
void mem_reserve_kmem_cache_free(struct mem_reserve *res, struct kmem_cache *s,
				 void *obj, bool emerg)
{
	kmem_cache_free(s, obj);
	if (emerg)
		mem_reserve_uncharge_bytes(res, s->size);
}
EXPORT_SYMBOL_GPL(mem_reserve_kmem_cache_free);

/*
 * /proc/reserve_info: a header, then one line per reserve, depth-first,
 * the name indented two spaces per level; all figures in pages.
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
