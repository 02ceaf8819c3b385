// SPDX-License-Identifier: GPL-2.0
/*
 * The emergency reserve of a socket transport that swaps.
 *
 * While an rpc_clnt swaps (rpc_clnt_swap_activate()), each of its
 * transports, nconnect ones included, has a reserve of its own under the
 * network reserve (net/core/net_reserve.c), named after the transport
 * ("xprt-<id>", as in /sys/kernel/sunrpc/xprt-switches/): every socket the
 * transport connects is marked SOCK_MEMALLOC with it before its first send,
 * so the emergency skbs the server's replies arrive in are charged to it,
 * and dropped once it is exhausted rather than taken from everyone else.
 * The reserve outlives the transport's sockets: a reconnect marks the new
 * socket with the same reserve; the skbs the old socket still holds stay
 * charged to it until they are freed. It is released when the last swapper
 * of the transport goes (xs_disable_swap()).
 *
 * Its demand is what the replies to a full slot table of swap requests
 * take as emergency skbs, capped by what the socket may queue
 * (net_sock_reserve_pages()). Swap I/O to a file is issued in units of at
 * most SWAP_FS_IO_MAX pages (mm/page_io.c), and NFS splits them further
 * by rsize and wsize: no swap request or reply carries more data than
 * that, plus the RPC and NFS headers.
 */

#include <linux/printk.h>
#include <linux/swap.h>
#include <linux/sunrpc/xprt.h>
#include <linux/sunrpc/xprtsock.h>
#include <net/net_reserve.h>
#include <net/sock.h>

#include "swap_reserve.h"

/* The largest swap reply: a READ of SWAP_FS_IO_MAX pages, with headers */
#define XS_SWAP_REPLY_BYTES	((SWAP_FS_IO_MAX << PAGE_SHIFT) + PAGE_SIZE)

/**
 * xs_swap_reserve_pages - the reserve a swapping transport's socket needs
 * @sk: the transport's socket
 * @slots: requests the transport may have outstanding (its slot table)
 *
 * Return: pages, for net_sock_reserve_set_pages(): what @slots of the
 * largest swap replies take as emergency skbs, capped by what @sk may queue.
 */
unsigned long xs_swap_reserve_pages(const struct sock *sk, unsigned int slots)
{
	return net_sock_reserve_pages(sk, (u64)max(slots, 1U) * XS_SWAP_REPLY_BYTES);
}

/**
 * xs_swap_reserve_create - a reserve for a transport that starts to swap
 * @xs: the transport
 *
 * The reserve is connected under the network reserve with no demand; it is
 * sized when a socket is marked with it (xs_swap_reserve_mark()). May sleep:
 * call it with no transport lock held.
 *
 * Return: the reserve; %NULL if none could be created (the transport's
 * sockets then share the network's default socket reserve, as sockets marked
 * with plain sk_set_memalloc() do, and the kernel log says so).
 */
struct net_sock_reserve *xs_swap_reserve_create(struct sock_xprt *xs)
{
	struct net_sock_reserve *nsr;
	char name[16];

	snprintf(name, sizeof(name), "xprt-%u", xs->xprt.id);
	nsr = net_sock_reserve_create(name);
	if (IS_ERR(nsr)) {
		pr_warn("RPC: %s to %s: no reserve of its own (%ld), using the shared one\n",
			name, xs->xprt.servername, PTR_ERR(nsr));
		return NULL;
	}
	return nsr;
}

/**
 * xs_swap_reserve_mark - mark a swapping transport's socket SOCK_MEMALLOC
 * @xs: the transport, with a socket; its recv_mutex held
 *
 * Sizes the transport's reserve for the socket and marks the socket with
 * it. Nothing if the socket is marked already. May sleep.
 */
void xs_swap_reserve_mark(struct sock_xprt *xs)
{
	struct sock *sk = xs->inet;
	unsigned long pages;
	int err;

	lockdep_assert_held(&xs->recv_mutex);
	if (sock_flag(sk, SOCK_MEMALLOC))
		return;
	if (xs->swap_reserve) {
		pages = xs_swap_reserve_pages(sk, xs->xprt.max_reqs);
		err = net_sock_reserve_set_pages(xs->swap_reserve, pages);
		if (err)
			pr_warn_ratelimited("RPC: xprt-%u to %s: cannot reserve %lu pages of emergency memory: %d\n",
					    xs->xprt.id, xs->xprt.servername,
					    pages, err);
	}
	sk_set_memalloc_reserve(sk, xs->swap_reserve);
}

#if IS_ENABLED(CONFIG_MEM_RESERVE_KUNIT_TEST)
#include "swap_reserve_kunit.c"
#endif
