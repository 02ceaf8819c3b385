/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The emergency reserve of a socket transport that swaps: see
 * net/sunrpc/swap_reserve.c.
 */
#ifndef _NET_SUNRPC_SWAP_RESERVE_H
#define _NET_SUNRPC_SWAP_RESERVE_H

#include <linux/sunrpc/xprt.h>
#include <linux/sunrpc/xprtsock.h>
#include <net/sock.h>

struct net_sock_reserve;

unsigned long xs_swap_reserve_pages(const struct sock *sk, unsigned int slots);
struct net_sock_reserve *xs_swap_reserve_create(struct sock_xprt *xs);
void xs_swap_reserve_mark(struct sock_xprt *xs);

/**
 * xs_swap_reserve_unmark - clear a transport socket's SOCK_MEMALLOC mark
 * @sk: the socket; its transport's recv_mutex held
 *
 * Nothing if @sk is not marked. The skbs it holds stay charged to the
 * transport's reserve until they are freed.
 */
static inline void xs_swap_reserve_unmark(struct sock *sk)
{
	if (sock_flag(sk, SOCK_MEMALLOC))
		sk_clear_memalloc(sk);
}

#endif /* _NET_SUNRPC_SWAP_RESERVE_H */
