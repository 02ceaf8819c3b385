/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The emergency reserve of a socket transport that swaps: see
 * net/sunrpc/swap_reserve.c.
 */
#ifndef _NET_SUNRPC_SWAP_RESERVE_H
#define _NET_SUNRPC_SWAP_RESERVE_H

#include <linux/net.h>
#include <linux/sunrpc/sched.h>
#include <linux/sunrpc/xdr.h>
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

/**
 * xs_swap_splice_ok - may a request's page data be sent by reference?
 * @req: the request, about to be sent on a stream socket
 *
 * A swap write's pages are the swap cache folios under writeback, as a
 * block device's are (nbd and nvme-tcp send those by reference): they stay
 * in place until the server has replied, and the reply acks the last of
 * them. Sending them with MSG_SPLICE_PAGES spares a copy of every page
 * swapped out and the page fragment TCP would allocate for it, from the
 * emergency reserve when reclaim writes. Other requests' pages may change
 * while TCP still holds them, and are copied as before.
 *
 * Return: true if @req is a swapper's and TCP may take a reference on each
 * of its pages (sendpage_ok(): not a slab page); a page that may not be
 * spliced would fail the whole send with -EIO.
 */
static inline bool xs_swap_splice_ok(const struct rpc_rqst *req)
{
	const struct xdr_buf *xdr = &req->rq_snd_buf;
	unsigned int i, n = xdr_buf_pagecount(xdr);

	if (!req->rq_task || !RPC_IS_SWAPPER(req->rq_task) || !n)
		return false;
	for (i = 0; i < n; i++)
		if (!sendpage_ok(xdr->pages[i]))
			return false;
	return true;
}

#endif /* _NET_SUNRPC_SWAP_RESERVE_H */
