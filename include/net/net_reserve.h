/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The network's share of the emergency reserve (see mm/reserve.c):
 *
 *   network
 *     rx         emergency skbs the stack holds until a socket is known,
 *                charged by truesize
 *     rx-rings   buffers the drivers' receive rings hold, declared
 *     reasm      emergency fragments in IPv4/IPv6 reassembly
 *     neigh      neighbour discovery messages (ARP, IPv6 ND) sent from the
 *                emergency pool
 *     sock       emergency skbs queued on memalloc sockets that declared
 *                no reserve of their own (sk_set_memalloc())
 *     <name>     one per owner of memalloc sockets that declared one
 *                (net_sock_reserve_create(), sk_set_memalloc_reserve())
 *
 * rx, rx-rings, reasm, neigh and sock have a demand only while memalloc sockets
 * exist.
 * See Documentation/mm/reserve.rst.
 */
#ifndef _NET_NET_RESERVE_H
#define _NET_NET_RESERVE_H

#include <linux/skbuff.h>
#include <net/sock.h>

#ifdef CONFIG_MEM_RESERVE

struct mem_reserve;
struct net_sock_reserve;

extern struct mem_reserve net_reserve;
extern struct mem_reserve net_rx_reserve;

void sk_memalloc_socks_get(void);
void sk_memalloc_socks_put(void);
bool __net_reserve_charge_skb(struct sk_buff *skb);
void __net_reserve_uncharge_skb(struct sk_buff *skb);

struct net_sock_reserve *net_sock_reserve_create(const char *name);
int net_sock_reserve_set_pages(struct net_sock_reserve *nsr,
			       unsigned long pages);
void net_sock_reserve_release(struct net_sock_reserve *nsr);
struct mem_reserve *net_sock_reserve_of(struct net_sock_reserve *nsr);
unsigned long net_sock_reserve_pages(const struct sock *sk, u64 bytes);
void sk_set_memalloc_reserve(struct sock *sk, struct net_sock_reserve *nsr);
void net_reserve_sk_get(struct sock *sk);
void net_reserve_sk_put(struct sock *sk);
bool __net_reserve_charge_sk_skb(struct sock *sk, struct sk_buff *skb);
bool __net_reserve_reasm_skb(struct net *net, struct sk_buff *skb);
struct sk_buff *net_reserve_alloc_neigh_skb(struct net_device *dev,
					    unsigned int size);
void *net_reserve_rx_head(struct kmem_cache *cache, bool *pfmemalloc);
bool __net_reserve_coalesce_skb(struct sk_buff *to, struct sk_buff *from);
void net_reserve_ethtool_set(struct net_device *dev, unsigned int cmd);
#if IS_ENABLED(CONFIG_KUNIT)
bool net_reserve_charge_neigh_skb(struct net_device *dev, struct sk_buff *skb);
unsigned long net_reserve_skb_pages(unsigned int len, unsigned long count);
#endif

/**
 * net_reserve_reasm_skb - charge a fragment to the reassembly reserve
 * @net: the namespace @skb is reassembled in
 * @skb: a fragment about to enter IPv4 or IPv6 reassembly
 *
 * Return: true if @skb may be queued for reassembly: it is not an emergency
 * skb, or its charge moved to the reassembly reserve; false if that reserve
 * is exhausted: the caller drops @skb (PFMemallocReserveDrop).
 */
static inline bool net_reserve_reasm_skb(struct net *net, struct sk_buff *skb)
{
	return !skb_pfmemalloc(skb) || __net_reserve_reasm_skb(net, skb);
}

/**
 * net_reserve_charge_sk_skb - move an skb's charge to its socket's reserve
 * @sk: the socket @skb is being queued on
 * @skb: the skb
 *
 * Return: true if @skb may be queued: it is not an emergency skb, @sk has
 * no reserve of its own, or its charge moved there; false if @sk's reserve
 * is exhausted: the caller drops @skb (PFMemallocReserveDrop).
 */
static inline bool net_reserve_charge_sk_skb(struct sock *sk,
					     struct sk_buff *skb)
{
	return !skb_pfmemalloc(skb) || __net_reserve_charge_sk_skb(sk, skb);
}

/**
 * net_reserve_charge_skb - charge an emergency skb entering the stack
 * @skb: a pfmemalloc skb, received while memalloc sockets exist
 *
 * Return: true if @skb is charged to the receive reserve (now or before);
 * false if the reserve is exhausted: the caller drops @skb.
 */
static inline bool net_reserve_charge_skb(struct sk_buff *skb)
{
	return skb->reserve_charge || __net_reserve_charge_skb(skb);
}

/**
 * net_reserve_uncharge_skb - return what an skb charged, as it is released
 * @skb: any skb
 */
static inline void net_reserve_uncharge_skb(struct sk_buff *skb)
{
	if (unlikely(skb->reserve_charge))
		__net_reserve_uncharge_skb(skb);
}

/**
 * net_reserve_clone_skb - a clone does not own its original's charge
 * @n: the new skb
 */
static inline void net_reserve_clone_skb(struct sk_buff *n)
{
	n->reserve_charge = 0;
}

/**
 * net_reserve_move_skb_charge - give an skb's charge to the skb that takes its memory
 * @to: an uncharged skb (a clone) that holds @from's memory from now on
 * @from: the skb about to be released or morphed
 *
 * For reassembly, which replaces a queued fragment by a clone of it and
 * morphs the completing fragment into the first one's head: the charge
 * must stay with the memory, not with the skb released.
 */
static inline void net_reserve_move_skb_charge(struct sk_buff *to,
					       struct sk_buff *from)
{
	DEBUG_NET_WARN_ON_ONCE(to->reserve_charge);
	to->reserve_charge = from->reserve_charge;
	from->reserve_charge = 0;
}

/**
 * net_reserve_coalesce_skb - move a charge with the memory coalesced
 * @to: the skb @from's frags (and head) move into
 * @from: the skb being coalesced into @to, released after
 *
 * For skb_try_coalesce(): @from's frags outlive it in @to, and so must
 * their charge, or a memalloc socket's queue could hold more than its
 * reserve.
 *
 * Return: true if they may be coalesced: @from has no charge, or it moved
 * to @to; false to keep them apart.
 */
static inline bool net_reserve_coalesce_skb(struct sk_buff *to,
					    struct sk_buff *from)
{
	return likely(!from->reserve_charge) || __net_reserve_coalesce_skb(to, from);
}

#else /* !CONFIG_MEM_RESERVE */

struct net_sock_reserve;

static inline void sk_memalloc_socks_get(void)
{
	static_branch_inc(&memalloc_socks_key);
}

static inline void sk_memalloc_socks_put(void)
{
	static_branch_dec(&memalloc_socks_key);
}

static inline void net_reserve_sk_get(struct sock *sk)
{
	sk_memalloc_socks_get();
}

static inline void net_reserve_sk_put(struct sock *sk)
{
	sk_memalloc_socks_put();
}

static inline struct net_sock_reserve *net_sock_reserve_create(const char *name)
{
	return NULL;
}

static inline int net_sock_reserve_set_pages(struct net_sock_reserve *nsr,
					     unsigned long pages)
{
	return 0;
}

static inline void net_sock_reserve_release(struct net_sock_reserve *nsr)
{
}

static inline unsigned long net_sock_reserve_pages(const struct sock *sk,
						   u64 bytes)
{
	return 0;
}

static inline void sk_set_memalloc_reserve(struct sock *sk,
					   struct net_sock_reserve *nsr)
{
	sk_set_memalloc(sk);
}

static inline bool net_reserve_charge_sk_skb(struct sock *sk,
					     struct sk_buff *skb)
{
	return true;
}

static inline bool net_reserve_charge_skb(struct sk_buff *skb)
{
	return true;
}

static inline bool net_reserve_reasm_skb(struct net *net, struct sk_buff *skb)
{
	return true;
}

static inline struct sk_buff *net_reserve_alloc_neigh_skb(struct net_device *dev,
							  unsigned int size)
{
	return alloc_skb(size, GFP_ATOMIC);
}

static inline void *net_reserve_rx_head(struct kmem_cache *cache,
					bool *pfmemalloc)
{
	return NULL;
}

static inline void net_reserve_uncharge_skb(struct sk_buff *skb)
{
}

static inline void net_reserve_clone_skb(struct sk_buff *n)
{
}

static inline void net_reserve_move_skb_charge(struct sk_buff *to,
					       struct sk_buff *from)
{
}

static inline bool net_reserve_coalesce_skb(struct sk_buff *to,
					    struct sk_buff *from)
{
	return true;
}

static inline void net_reserve_ethtool_set(struct net_device *dev,
					   unsigned int cmd)
{
}

#endif /* CONFIG_MEM_RESERVE */

#endif /* _NET_NET_RESERVE_H */
