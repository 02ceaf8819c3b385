/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The network's share of the emergency reserve (see mm/reserve.c):
 *
 *   network
 *     rx         emergency skbs the stack holds, charged by truesize
 *     rx-rings   buffers the drivers' receive rings hold, declared
 *
 * Both have a demand only while memalloc sockets exist. See
 * Documentation/mm/reserve.rst.
 */
#ifndef _NET_NET_RESERVE_H
#define _NET_NET_RESERVE_H

#include <linux/skbuff.h>
#include <net/sock.h>

#ifdef CONFIG_MEM_RESERVE

struct mem_reserve;

extern struct mem_reserve net_reserve;
extern struct mem_reserve net_rx_reserve;

void sk_memalloc_socks_get(void);
void sk_memalloc_socks_put(void);
bool __net_reserve_charge_skb(struct sk_buff *skb);
void __net_reserve_uncharge_skb(struct sk_buff *skb);

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

#else /* !CONFIG_MEM_RESERVE */

static inline void sk_memalloc_socks_get(void)
{
	static_branch_inc(&memalloc_socks_key);
}

static inline void sk_memalloc_socks_put(void)
{
	static_branch_dec(&memalloc_socks_key);
}

static inline bool net_reserve_charge_skb(struct sk_buff *skb)
{
	return true;
}

static inline void net_reserve_uncharge_skb(struct sk_buff *skb)
{
}

static inline void net_reserve_clone_skb(struct sk_buff *n)
{
}

#endif /* CONFIG_MEM_RESERVE */

#endif /* _NET_NET_RESERVE_H */
