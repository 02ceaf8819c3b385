// SPDX-License-Identifier: GPL-2.0
/*
 * The network's share of the emergency reserve.
 *
 * While a socket swaps (SOCK_MEMALLOC), drivers refill their receive rings
 * from the emergency pool and the stack passes the resulting pfmemalloc
 * skbs up until a socket is known: a memalloc socket keeps them, any other
 * drops them. Nothing bounded how many of them the stack holds meanwhile
 * (backlogs, reassembly queues, the queues of memalloc sockets), so
 * unrelated traffic could empty the pool the swap replies need.
 *
 * Two reserves under "network" bound it, both with a demand only while
 * memalloc sockets exist (sk_memalloc_socks_get()/put()):
 *
 * - "rx-rings" declares the buffers the receive rings of the interfaces
 *   that are up can hold (ethtool rx_pending, MTU-sized skbs): the drivers
 *   take them from the pool, bounded by the rings, and are not charged.
 *   It follows interfaces going up and down, MTU changes and ethtool's
 *   ring and channel settings (net_reserve_ethtool_set()).
 * - "rx" bounds what the stack holds: every pfmemalloc skb is charged its
 *   truesize as __netif_receive_skb_core() admits it, and uncharged when
 *   it is released. When "rx" is exhausted the skb is dropped there
 *   (PFMemallocReserveDrop in /proc/net/netstat). Its demand is that of
 *   the rings' packets, and never less than NET_RESERVE_RX_MIN_SKBS.
 * - "reasm" bounds the emergency fragments IPv4 and IPv6 reassembly hold:
 *   a pfmemalloc fragment's charge moves there from "rx" as it enters
 *   reassembly (net_reserve_reasm_skb()), and it is dropped when "reasm" is
 *   exhausted, so fragments that may never complete cannot take what whole
 *   packets need. Its demand is the replies a UDP transport may have in
 *   flight (NET_RESERVE_REASM_BYTES).
 * - "neigh" bounds the neighbour discovery messages (ARP, IPv6 ND) sent
 *   from the emergency pool (net_reserve_alloc_neigh_skb()): a swapping
 *   host must still resolve, and answer for, the peers its swap traffic
 *   goes to when the pool is below the min watermark, and a flood of
 *   requests must not take what the replies need. Its demand is
 *   NET_RESERVE_NEIGH_SKBS small skbs.
 *
 * Once the socket is known (sk_filter_trim_cap()), an skb a memalloc socket
 * keeps has its charge moved from "rx" to that socket's reserve, which
 * bounds what the socket may queue. An owner of memalloc sockets (a block
 * device, a transport) declares one with net_sock_reserve_create(), sized
 * from what it may have in flight (net_sock_reserve_pages()), and marks its
 * sockets with sk_set_memalloc_reserve(); sockets marked with plain
 * sk_set_memalloc() share "sock", which grows by a default per socket.
 *
 * The charge is kept in the skb (reserve_charge: the bytes charged, and in
 * the top bits the slot of the reserve they were charged to, 0 for "rx"),
 * so the uncharge is exact whatever happens to truesize meanwhile
 * (coalescing, reassembly) or to the socket; clones do not own it. A
 * released socket reserve is freed when its last charged skb is.
 */

#include <kunit/visibility.h>
#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/reserve.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/tcp.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <net/hotdata.h>
#include <net/ip.h>
#include <net/net_reserve.h>
#include <net/tcp.h>

/* Phillips's "a hundred or so packets" in flight, as a floor */
#define NET_RESERVE_RX_MIN_SKBS 128

/* What a socket marked by plain sk_set_memalloc() may queue: its payload */
#define NET_SOCK_RESERVE_DEFAULT_BYTES	SZ_256K

/*
 * Emergency fragments in reassembly: the replies of a sunrpc UDP transport's
 * default slot table (16) at NFS's largest UDP transfer (32 KiB)
 */
#define NET_RESERVE_REASM_BYTES		(16 * SZ_32K)

/*
 * Neighbour discovery messages in flight at once: a probe per neighbour and
 * retransmission interval, and the replies to requests, each freed when the
 * device has sent it. ARP takes 28 bytes plus the link header, ND at most
 * NET_RESERVE_NEIGH_LEN with its options (a redirect, which a host does not
 * send, may take more and is charged what it takes).
 */
#define NET_RESERVE_NEIGH_SKBS	64
#define NET_RESERVE_NEIGH_LEN	256

/* skb->reserve_charge: bytes in the low bits, the reserve's slot above */
#define NET_RESERVE_SLOT_SHIFT	24
#define NET_RESERVE_BYTES_MASK	((1U << NET_RESERVE_SLOT_SHIFT) - 1)
#define NET_RESERVE_SLOTS	(1U << (32 - NET_RESERVE_SLOT_SHIFT))
#define NET_RESERVE_SLOT_RX	0
#define NET_RESERVE_SLOT_SOCK	1
#define NET_RESERVE_SLOT_REASM	2
#define NET_RESERVE_SLOT_NEIGH	3
#define NET_RESERVE_SLOT_FIRST	4	/* the first for net_sock_reserve_create() */

/**
 * struct net_sock_reserve - the reserve of an owner of memalloc sockets
 * @res: the reserve, connected under "network" while the owner holds it
 * @slot: its index in net_reserve_slots, kept in the skbs charged to it
 * @released: the owner released it: free it once nothing is charged
 * @freeing: claimed by whoever frees it
 * @rcu: to free it after the uncharges that may still look at it
 * @name: its name in /proc/reserve_info
 */
struct net_sock_reserve {
	struct mem_reserve res;
	u32 slot;
	bool released;
	atomic_t freeing;
	struct rcu_head rcu;
	char name[16];
};

struct mem_reserve net_reserve;
EXPORT_SYMBOL_GPL(net_reserve);
struct mem_reserve net_rx_reserve;
EXPORT_SYMBOL_GPL(net_rx_reserve);
static struct mem_reserve net_rx_rings_reserve;
static struct net_sock_reserve net_sock_default = { .slot = NET_RESERVE_SLOT_SOCK };
static struct net_sock_reserve net_reasm_reserve = { .slot = NET_RESERVE_SLOT_REASM };
static struct net_sock_reserve net_neigh_reserve = { .slot = NET_RESERVE_SLOT_NEIGH };

/* The reserve of each slot; an entry changes only while nothing is charged to it. */
static DEFINE_XARRAY_FLAGS(net_reserve_slots, XA_FLAGS_ALLOC | XA_FLAGS_LOCK_BH);

static DEFINE_MUTEX(net_reserve_mutex);
static unsigned int net_reserve_users;	/* references on memalloc_socks_key */
static unsigned int net_sock_default_users;	/* sockets charging "sock" */
static unsigned long net_reserve_ring_pages;	/* from the last scan */
static unsigned long net_reserve_rx_pages;
static unsigned long net_reserve_reasm_pages;
static unsigned long net_sock_default_pages;	/* per socket */
static unsigned int net_reserve_maxlen = ETH_DATA_LEN + ETH_HLEN;
static void net_reserve_retry(struct work_struct *work);
static DECLARE_DELAYED_WORK(net_reserve_work, net_reserve_retry);

/**
 * net_reserve_skb_pages - pages that @count skbs of @len bytes take
 * @len: linear data bytes of each skb
 * @count: how many skbs
 *
 * Return: pages for the sk_buffs and their heads (data plus shared info),
 * as __alloc_skb() allocates them, from the slabs' real geometry.
 */
VISIBLE_IF_KUNIT unsigned long net_reserve_skb_pages(unsigned int len,
						     unsigned long count)
{
	return mem_reserve_kmem_cache_pages(net_hotdata.skbuff_cache, count) +
	       mem_reserve_kmalloc_pages(SKB_HEAD_ALIGN(len), count);
}
EXPORT_SYMBOL_IF_KUNIT(net_reserve_skb_pages);

/*
 * Give the shared reserves the demand they should have now. Shrinking fails
 * while skbs charged to them are still in flight: try again shortly.
 */
static void net_reserve_update(void)
{
	unsigned long rx = 0, rings = 0, reasm = 0, neigh = 0, sock;
	int ret;

	lockdep_assert_held(&net_reserve_mutex);
	if (net_reserve_users) {
		rx = net_reserve_rx_pages;
		rings = net_reserve_ring_pages;
		reasm = net_reserve_reasm_pages;
		neigh = net_reserve_skb_pages(NET_RESERVE_NEIGH_LEN,
					      NET_RESERVE_NEIGH_SKBS);
	}
	sock = net_sock_default_users * net_sock_default_pages;
	ret = mem_reserve_set_pages(&net_rx_rings_reserve, rings);
	if (!ret)
		ret = mem_reserve_set_pages(&net_rx_reserve, rx);
	if (!ret)
		ret = mem_reserve_set_pages(&net_reasm_reserve.res, reasm);
	if (!ret)
		ret = mem_reserve_set_pages(&net_neigh_reserve.res, neigh);
	if (!ret)
		ret = mem_reserve_set_pages(&net_sock_default.res, sock);
	if (ret == -EBUSY)
		schedule_delayed_work(&net_reserve_work, HZ / 10);
	else if (ret)
		pr_warn_ratelimited("net_reserve: cannot declare %lu + %lu + %lu + %lu + %lu pages: %d\n",
				    rx, rings, reasm, neigh, sock, ret);
}

static void net_reserve_retry(struct work_struct *work)
{
	mutex_lock(&net_reserve_mutex);
	net_reserve_update();
	mutex_unlock(&net_reserve_mutex);
}

/**
 * sk_memalloc_socks_get - a socket, or a transport, starts to swap
 *
 * Takes a reference on sk_memalloc_socks(); the first one gives the
 * network reserves their demand, before the receive paths start taking
 * emergency memory for the network. May sleep.
 */
void sk_memalloc_socks_get(void)
{
	mutex_lock(&net_reserve_mutex);
	if (!net_reserve_users++)
		net_reserve_update();
	mutex_unlock(&net_reserve_mutex);
	static_branch_inc(&memalloc_socks_key);
}
EXPORT_SYMBOL_GPL(sk_memalloc_socks_get);

/**
 * sk_memalloc_socks_put - drop a reference taken by sk_memalloc_socks_get()
 *
 * The last one returns the network reserves' demand to the allocator,
 * once the skbs charged to them are released. May sleep.
 */
void sk_memalloc_socks_put(void)
{
	static_branch_dec(&memalloc_socks_key);
	mutex_lock(&net_reserve_mutex);
	if (!WARN_ON_ONCE(!net_reserve_users) && !--net_reserve_users)
		net_reserve_update();
	mutex_unlock(&net_reserve_mutex);
}
EXPORT_SYMBOL_GPL(sk_memalloc_socks_put);

/**
 * __net_reserve_charge_skb - charge an skb to the receive reserve
 * @skb: a pfmemalloc skb entering the stack, not charged yet
 *
 * Use net_reserve_charge_skb().
 *
 * Return: true if charged; false if the receive reserve is exhausted,
 * counted in PFMemallocReserveDrop.
 */
bool __net_reserve_charge_skb(struct sk_buff *skb)
{
	if (WARN_ON_ONCE(skb->truesize > NET_RESERVE_BYTES_MASK) ||
	    mem_reserve_charge_bytes(&net_rx_reserve, skb->truesize)) {
		NET_INC_STATS(dev_net(skb->dev), LINUX_MIB_PFMEMALLOCRESERVEDROP);
		return false;
	}
	skb->reserve_charge = skb->truesize;
	return true;
}
EXPORT_SYMBOL_GPL(__net_reserve_charge_skb);

/* TCP payload in an skb of @len bytes (MTU and link header) */
static unsigned int net_reserve_mss(unsigned int len)
{
	return len - ETH_HLEN - sizeof(struct iphdr) - sizeof(struct tcphdr);
}

static void net_sock_reserve_free_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct net_sock_reserve, rcu));
}

/* Free a released reserve once nothing is charged to it. RCU read side. */
static void net_sock_reserve_maybe_free(struct net_sock_reserve *nsr)
{
	smp_mb();	/* the uncharge or the release before the check */
	if (!READ_ONCE(nsr->released) || mem_reserve_usage(&nsr->res) ||
	    atomic_xchg(&nsr->freeing, 1))
		return;
	xa_erase_bh(&net_reserve_slots, nsr->slot);
	call_rcu(&nsr->rcu, net_sock_reserve_free_rcu);
}

/**
 * __net_reserve_uncharge_skb - uncharge what an skb charged
 * @skb: a charged skb, being released
 *
 * Use net_reserve_uncharge_skb().
 */
void __net_reserve_uncharge_skb(struct sk_buff *skb)
{
	u32 charge = skb->reserve_charge;
	unsigned int slot = charge >> NET_RESERVE_SLOT_SHIFT;
	struct mem_reserve *res;

	skb->reserve_charge = 0;
	rcu_read_lock();
	/* the slot cannot change while @skb holds a charge to it */
	res = xa_load(&net_reserve_slots, slot);
	mem_reserve_uncharge_bytes(res, charge & NET_RESERVE_BYTES_MASK);
	if (slot >= NET_RESERVE_SLOT_FIRST)
		net_sock_reserve_maybe_free(container_of(res, struct net_sock_reserve, res));
	rcu_read_unlock();
}
EXPORT_SYMBOL_GPL(__net_reserve_uncharge_skb);

/* Move @skb's charge to @nsr; false if @nsr is exhausted. RCU read side. */
static bool net_reserve_move_skb(struct net_sock_reserve *nsr,
				 struct sk_buff *skb, struct net *net)
{
	if ((skb->reserve_charge >> NET_RESERVE_SLOT_SHIFT) == nsr->slot)
		return true;
	if (skb->truesize > NET_RESERVE_BYTES_MASK ||
	    mem_reserve_charge_bytes(&nsr->res, skb->truesize)) {
		NET_INC_STATS(net, LINUX_MIB_PFMEMALLOCRESERVEDROP);
		return false;
	}
	if (skb->reserve_charge)
		__net_reserve_uncharge_skb(skb);
	skb->reserve_charge = (nsr->slot << NET_RESERVE_SLOT_SHIFT) | skb->truesize;
	return true;
}

/* Move @skb's charge to one of the shared reserves; false if exhausted. */
static bool net_reserve_move_shared_skb(struct net_sock_reserve *nsr,
					struct sk_buff *skb, struct net *net)
{
	bool ok;

	rcu_read_lock();
	ok = net_reserve_move_skb(nsr, skb, net);
	rcu_read_unlock();
	return ok;
}

/**
 * __net_reserve_charge_sk_skb - move an skb's charge to its socket's reserve
 * @sk: a socket @skb is about to be queued on
 * @skb: a pfmemalloc skb
 *
 * Use net_reserve_charge_sk_skb(). Charges @skb's truesize to the reserve
 * @sk was marked with and returns what it had charged before (to "rx", or
 * to "reasm" for a reassembled datagram's head).
 * Any context; does not sleep.
 *
 * Return: true if @skb may be queued on @sk; false if @sk's reserve is
 * exhausted, counted in PFMemallocReserveDrop: @skb keeps its old charge
 * and the caller drops it.
 */
bool __net_reserve_charge_sk_skb(struct sock *sk, struct sk_buff *skb)
{
	struct net_sock_reserve *nsr;
	bool ok = true;

	rcu_read_lock();
	nsr = READ_ONCE(sk->sk_reserve);
	if (nsr)
		ok = net_reserve_move_skb(nsr, skb, sock_net(sk));
	rcu_read_unlock();
	return ok;
}
EXPORT_SYMBOL_GPL(__net_reserve_charge_sk_skb);

/**
 * __net_reserve_coalesce_skb - move a charge with the memory that moves
 * @to: the skb @from's frags (and stolen head) go to
 * @from: a charged skb, about to be coalesced into @to and released
 *
 * Use net_reserve_coalesce_skb(). @from's whole charge (its truesize when
 * it was charged: a little more than what moves) goes to @to, which then
 * returns it when it is released. Any context; does not sleep.
 *
 * Return: true if the charge moved; false if @to is charged to another
 * reserve, or the sum would not fit in reserve_charge: not to coalesce.
 */
bool __net_reserve_coalesce_skb(struct sk_buff *to, struct sk_buff *from)
{
	u32 t = to->reserve_charge, f = from->reserve_charge;

	if (t && ((t ^ f) >> NET_RESERVE_SLOT_SHIFT ||
		  (t & NET_RESERVE_BYTES_MASK) + (f & NET_RESERVE_BYTES_MASK) >
		  NET_RESERVE_BYTES_MASK))
		return false;
	to->reserve_charge = t ? t + (f & NET_RESERVE_BYTES_MASK) : f;
	from->reserve_charge = 0;
	return true;
}

/**
 * __net_reserve_reasm_skb - move a fragment's charge to the reassembly reserve
 * @net: the namespace @skb is reassembled in
 * @skb: a pfmemalloc fragment about to enter IPv4 or IPv6 reassembly
 *
 * Use net_reserve_reasm_skb(). Any context; does not sleep.
 *
 * Return: true if @skb may be queued for reassembly; false if the
 * reassembly reserve is exhausted, counted in PFMemallocReserveDrop: @skb
 * keeps its old charge and the caller drops it.
 */
bool __net_reserve_reasm_skb(struct net *net, struct sk_buff *skb)
{
	return net_reserve_move_shared_skb(&net_reasm_reserve, skb, net);
}
EXPORT_SYMBOL_GPL(__net_reserve_reasm_skb);

/*
 * Charge a neighbour discovery message allocated from the emergency pool to
 * "neigh"; false if it is exhausted, counted in PFMemallocReserveDrop.
 */
VISIBLE_IF_KUNIT bool net_reserve_charge_neigh_skb(struct net_device *dev,
						   struct sk_buff *skb)
{
	return net_reserve_move_shared_skb(&net_neigh_reserve, skb, dev_net(dev));
}
EXPORT_SYMBOL_IF_KUNIT(net_reserve_charge_neigh_skb);

/**
 * net_reserve_alloc_neigh_skb - allocate a neighbour discovery message
 * @dev: the device it is for
 * @size: its data size, as for alloc_skb()
 *
 * For ARP and IPv6 ND, which allocate their messages GFP_ATOMIC, from
 * timers and softirqs that have no PF_MEMALLOC to fall back on. While
 * memalloc sockets exist, a message that cannot be allocated above the
 * min watermark is allocated from the emergency pool and charged to
 * "neigh"; when "neigh" is exhausted it is not sent, counted in
 * PFMemallocReserveDrop. Without memalloc sockets, plain alloc_skb().
 * Any context; does not sleep.
 *
 * Return: the skb, or NULL.
 */
struct sk_buff *net_reserve_alloc_neigh_skb(struct net_device *dev,
					    unsigned int size)
{
	struct sk_buff *skb;

	if (!sk_memalloc_socks())
		return alloc_skb(size, GFP_ATOMIC);
	skb = alloc_skb(size, GFP_ATOMIC | __GFP_NOMEMALLOC | __GFP_NOWARN);
	if (skb)
		return skb;
	skb = alloc_skb(size, GFP_ATOMIC | __GFP_MEMALLOC);
	if (skb && !net_reserve_charge_neigh_skb(dev, skb)) {
		kfree_skb(skb);
		return NULL;
	}
	return skb;
}
EXPORT_SYMBOL_GPL(net_reserve_alloc_neigh_skb);

/**
 * net_reserve_rx_head - the head of a received skb, from the emergency pool
 * @cache: the head cache to allocate from
 * @pfmemalloc: set to true when a head is returned
 *
 * For the receive paths that build an skb around data the driver already
 * holds (napi_alloc_skb(), napi_build_skb(), build_skb()) when the head
 * cannot be had GFP_ATOMIC: below the atomic floor every received packet
 * is dropped for want of a head, the swap replies and the neighbour
 * replies with them, even when the data came from the pool. While memalloc
 * sockets exist, the head comes from the pool; the caller marks the skb
 * pfmemalloc, so that __netif_receive_skb_core() charges it to "rx" and
 * only a memalloc socket keeps it. Receive runs with softirqs off (NAPI,
 * threaded NAPI, the callers of netif_rx()); a caller in process context
 * (netlink builds its large messages with __build_skb()) is not receiving
 * and gets nothing. Without memalloc sockets, nothing. Does not sleep.
 *
 * The head's slab may be a new pfmemalloc slab, which SLUB then serves
 * from its per-CPU freelist to any caller: its other objects go out
 * unmarked and uncharged, as for every __GFP_MEMALLOC slab allocation
 * (kmalloc_reserve()'s among them). That costs at most the slab's page
 * per head taken here, while any of its objects lives.
 *
 * Return: an uninitialised head, or NULL.
 */
void *net_reserve_rx_head(struct kmem_cache *cache, bool *pfmemalloc)
{
	void *head;

	if (!sk_memalloc_socks() || !in_softirq())
		return NULL;
	head = kmem_cache_alloc(cache, GFP_ATOMIC | __GFP_MEMALLOC | __GFP_NOWARN);
	if (head)
		*pfmemalloc = true;
	return head;
}
EXPORT_SYMBOL_IF_KUNIT(net_reserve_rx_head);

/**
 * net_sock_reserve_create - declare a reserve for one's memalloc sockets
 * @name: its name in /proc/reserve_info (copied, truncated to 15 bytes)
 *
 * For an owner of memalloc sockets (a block device, a transport): the
 * reserve is connected under "network" with no demand; set it with
 * net_sock_reserve_set_pages() and mark the sockets with
 * sk_set_memalloc_reserve(). Every emergency skb queued on them is then
 * charged to it, and dropped once it is exhausted. May sleep.
 *
 * Return: the reserve; ERR_PTR(-ENOMEM), or ERR_PTR(-ENOSPC) if 252
 * reserves exist already.
 */
struct net_sock_reserve *net_sock_reserve_create(const char *name)
{
	struct net_sock_reserve *nsr;
	int ret;

	nsr = kzalloc(sizeof(*nsr), GFP_KERNEL);
	if (!nsr)
		return ERR_PTR(-ENOMEM);
	strscpy(nsr->name, name, sizeof(nsr->name));
	mem_reserve_init(&nsr->res, nsr->name);
	ret = xa_alloc_bh(&net_reserve_slots, &nsr->slot, &nsr->res,
			  XA_LIMIT(NET_RESERVE_SLOT_FIRST, NET_RESERVE_SLOTS - 1),
			  GFP_KERNEL);
	if (ret) {
		kfree(nsr);
		return ERR_PTR(ret == -EBUSY ? -ENOSPC : ret);
	}
	ret = mem_reserve_connect(&nsr->res, &net_reserve);
	WARN_ON_ONCE(ret);	/* a new reserve with no demand always connects */
	return nsr;
}
EXPORT_SYMBOL_GPL(net_sock_reserve_create);

/**
 * net_sock_reserve_set_pages - set what an owner's sockets may queue
 * @nsr: from net_sock_reserve_create(); nothing if %NULL
 * @pages: the reserve's demand (see net_sock_reserve_pages())
 *
 * Return: as mem_reserve_set_pages().
 */
int net_sock_reserve_set_pages(struct net_sock_reserve *nsr,
			       unsigned long pages)
{
	return nsr ? mem_reserve_set_pages(&nsr->res, pages) : 0;
}
EXPORT_SYMBOL_GPL(net_sock_reserve_set_pages);

/**
 * net_sock_reserve_of - the reserve of an owner of memalloc sockets
 * @nsr: from net_sock_reserve_create()
 *
 * Return: the reserve, to read its usage and demand.
 */
struct mem_reserve *net_sock_reserve_of(struct net_sock_reserve *nsr)
{
	return &nsr->res;
}
EXPORT_SYMBOL_GPL(net_sock_reserve_of);

/**
 * net_sock_reserve_release - the owner is done with its reserve
 * @nsr: from net_sock_reserve_create(); nothing if %NULL
 *
 * The caller has cleared SOCK_MEMALLOC (sk_clear_memalloc()) on every
 * socket it marked with @nsr, so nothing is charged to @nsr anew. The
 * reserve's demand is returned to the allocator now; the reserve itself is
 * freed when the last skb charged to it is, which may be later (skbs still
 * queued on a socket that user space holds open). May sleep.
 */
void net_sock_reserve_release(struct net_sock_reserve *nsr)
{
	if (!nsr)
		return;
	synchronize_rcu();	/* charges that read a socket's old mark are done */
	mem_reserve_disconnect(&nsr->res);
	WRITE_ONCE(nsr->released, true);
	rcu_read_lock();
	net_sock_reserve_maybe_free(nsr);
	rcu_read_unlock();
}
EXPORT_SYMBOL_GPL(net_sock_reserve_release);

/**
 * net_sock_reserve_pages - pages emergency skbs take to bring bytes to a socket
 * @sk: a connected socket
 * @bytes: payload the socket's owner may have in flight towards it (the
 *	replies to the requests it may have outstanding)
 *
 * Counts MTU-sized skbs, for the largest MTU of the interfaces that are
 * up, and caps the result at what @sk may hold queued: its receive buffer,
 * or for TCP without a locked one the most autotuning may grow it to
 * (net.ipv4.tcp_rmem[2]).
 *
 * Return: pages, for net_sock_reserve_set_pages().
 */
unsigned long net_sock_reserve_pages(const struct sock *sk, u64 bytes)
{
	unsigned int len = READ_ONCE(net_reserve_maxlen);
	unsigned int mss = net_reserve_mss(len);
	u64 window = READ_ONCE(sk->sk_rcvbuf), skbs;

	if (sk->sk_protocol == IPPROTO_TCP &&
	    !(READ_ONCE(sk->sk_userlocks) & SOCK_RCVBUF_LOCK))
		window = max_t(u64, window,
			       READ_ONCE(sock_net(sk)->ipv4.sysctl_tcp_rmem[2]));
	skbs = div64_u64(bytes + mss - 1, mss);
	skbs = min_t(u64, skbs, div64_u64(window, SKB_TRUESIZE(len)) + 1);
	return net_reserve_skb_pages(len, skbs);
}
EXPORT_SYMBOL_GPL(net_sock_reserve_pages);

/**
 * sk_set_memalloc_reserve - mark a socket SOCK_MEMALLOC, with a reserve
 * @sk: the socket
 * @nsr: the reserve its emergency skbs are charged to, from
 *	net_sock_reserve_create(); %NULL for the shared default ("sock")
 *
 * As sk_set_memalloc(). Undone by sk_clear_memalloc(). May sleep: do not
 * call it under a lock that memory reclaim may need.
 */
void sk_set_memalloc_reserve(struct sock *sk, struct net_sock_reserve *nsr)
{
	WRITE_ONCE(sk->sk_reserve, nsr);
	sk_set_memalloc(sk);
}
EXPORT_SYMBOL_GPL(sk_set_memalloc_reserve);

/**
 * net_reserve_sk_get - a socket becomes SOCK_MEMALLOC
 * @sk: the socket, with the reserve it was marked with in @sk->sk_reserve
 *	(%NULL: the shared default)
 *
 * Called by sk_set_memalloc(). May sleep.
 */
void net_reserve_sk_get(struct sock *sk)
{
	sk_memalloc_socks_get();
	if (sk->sk_reserve)
		return;
	mutex_lock(&net_reserve_mutex);
	net_sock_default_users++;
	net_reserve_update();
	mutex_unlock(&net_reserve_mutex);
	WRITE_ONCE(sk->sk_reserve, &net_sock_default);
}
EXPORT_SYMBOL_GPL(net_reserve_sk_get);

/**
 * net_reserve_sk_put - a socket is no longer SOCK_MEMALLOC
 * @sk: the socket
 *
 * Called by sk_clear_memalloc(). The skbs @sk has queued stay charged to
 * its reserve until they are released. May sleep.
 */
void net_reserve_sk_put(struct sock *sk)
{
	struct net_sock_reserve *nsr = sk->sk_reserve;

	WRITE_ONCE(sk->sk_reserve, NULL);
	if (nsr == &net_sock_default) {
		mutex_lock(&net_reserve_mutex);
		if (!WARN_ON_ONCE(!net_sock_default_users))
			net_sock_default_users--;
		net_reserve_update();
		mutex_unlock(&net_reserve_mutex);
	}
	sk_memalloc_socks_put();
}
EXPORT_SYMBOL_GPL(net_reserve_sk_put);

/* What the receive rings of the interfaces that are up hold. RTNL held. */
static void net_reserve_scan(void)
{
	struct kernel_ethtool_ringparam kring;
	unsigned long rings = 0, skbs = 0, buffers;
	struct ethtool_ringparam ring;
	unsigned int len, maxlen = ETH_DATA_LEN + ETH_HLEN;
	struct net_device *dev;

	ASSERT_RTNL();
	for_each_netdev(&init_net, dev) {
		if (!(dev->flags & IFF_UP) || (dev->flags & IFF_LOOPBACK))
			continue;
		len = dev->mtu + dev->hard_header_len;
		maxlen = max(maxlen, len);
		if (!dev->ethtool_ops || !dev->ethtool_ops->get_ringparam)
			continue;
		memset(&ring, 0, sizeof(ring));
		memset(&kring, 0, sizeof(kring));
		dev->ethtool_ops->get_ringparam(dev, &ring, &kring, NULL);
		/*
		 * Every receive queue has a ring of rx_pending buffers, and a
		 * buffer holds at least a page: page_pool and page-frag
		 * drivers (virtio's mergeable buffers) pin whole pages, not
		 * kmalloc'ed heads. A driver that says how large its buffers
		 * are (rx_buf_len) is taken at its word above that.
		 */
		buffers = (unsigned long)ring.rx_pending *
			  max(dev->real_num_rx_queues, 1U);
		rings += buffers * max(DIV_ROUND_UP(len, PAGE_SIZE),
				       DIV_ROUND_UP(kring.rx_buf_len, PAGE_SIZE));
		skbs += buffers;
	}
	skbs = max_t(unsigned long, skbs, NET_RESERVE_RX_MIN_SKBS);
	mutex_lock(&net_reserve_mutex);
	WRITE_ONCE(net_reserve_maxlen, maxlen);
	net_reserve_ring_pages = rings;
	net_reserve_rx_pages = net_reserve_skb_pages(maxlen, skbs);
	skbs = DIV_ROUND_UP(NET_RESERVE_REASM_BYTES, maxlen - ETH_HLEN - sizeof(struct iphdr));
	net_reserve_reasm_pages = net_reserve_skb_pages(maxlen, skbs);
	skbs = DIV_ROUND_UP(NET_SOCK_RESERVE_DEFAULT_BYTES, net_reserve_mss(maxlen));
	net_sock_default_pages = net_reserve_skb_pages(maxlen, skbs);
	net_reserve_update();
	mutex_unlock(&net_reserve_mutex);
}

static int net_reserve_netdev_event(struct notifier_block *nb,
				    unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	if (!net_eq(dev_net(dev), &init_net))
		return NOTIFY_DONE;
	switch (event) {
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGEMTU:
		net_reserve_scan();
		break;
	}
	return NOTIFY_DONE;
}

/**
 * net_reserve_ethtool_set - an ethtool setting of a device has changed
 * @dev: the device
 * @cmd: what changed, as the notification ethtool sends for it
 *	 (ETHTOOL_MSG_*_NTF)
 *
 * The receive rings' size (rx_pending) and number (channels) make the
 * demand of "rx-rings" and "rx": recompute them when either changes on an
 * interface that is up. Called by ethtool's ioctl and netlink handlers
 * after a setting took effect, with RTNL held.
 */
void net_reserve_ethtool_set(struct net_device *dev, unsigned int cmd)
{
	if (cmd != ETHTOOL_MSG_RINGS_NTF && cmd != ETHTOOL_MSG_CHANNELS_NTF)
		return;
	if (net_eq(dev_net(dev), &init_net) && (dev->flags & IFF_UP))
		net_reserve_scan();
}

static struct notifier_block net_reserve_notifier = {
	.notifier_call = net_reserve_netdev_event,
};

static int __init net_reserve_init(void)
{
	mem_reserve_init(&net_reserve, "network");
	mem_reserve_init(&net_rx_reserve, "rx");
	mem_reserve_init(&net_rx_rings_reserve, "rx-rings");
	mem_reserve_init(&net_reasm_reserve.res, "reasm");
	mem_reserve_init(&net_neigh_reserve.res, "neigh");
	mem_reserve_init(&net_sock_default.res, "sock");
	if (xa_insert_bh(&net_reserve_slots, NET_RESERVE_SLOT_RX, &net_rx_reserve,
			 GFP_KERNEL) ||
	    xa_insert_bh(&net_reserve_slots, NET_RESERVE_SLOT_SOCK,
			 &net_sock_default.res, GFP_KERNEL) ||
	    xa_insert_bh(&net_reserve_slots, NET_RESERVE_SLOT_REASM,
			 &net_reasm_reserve.res, GFP_KERNEL) ||
	    xa_insert_bh(&net_reserve_slots, NET_RESERVE_SLOT_NEIGH,
			 &net_neigh_reserve.res, GFP_KERNEL))
		pr_err("net_reserve: cannot register the shared reserves\n");
	if (mem_reserve_connect(&net_rx_reserve, &net_reserve) ||
	    mem_reserve_connect(&net_rx_rings_reserve, &net_reserve) ||
	    mem_reserve_connect(&net_reasm_reserve.res, &net_reserve) ||
	    mem_reserve_connect(&net_neigh_reserve.res, &net_reserve) ||
	    mem_reserve_connect(&net_sock_default.res, &net_reserve) ||
	    mem_reserve_connect(&net_reserve, &mem_reserve_root))
		pr_err("net_reserve: cannot build the network reserves\n");
	rtnl_lock();
	net_reserve_scan();
	rtnl_unlock();
	return register_netdevice_notifier(&net_reserve_notifier);
}
device_initcall(net_reserve_init);
