// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the reserve of a swapping transport: its size from the
 * slot table and the socket, and its life from the first swapper to the
 * last. One case per behaviour. Included by swap_reserve.c.
 */

#include <kunit/test.h>
#include <linux/in.h>
#include <linux/net.h>
#include <linux/reserve.h>
#include <linux/sunrpc/xprt.h>

static struct sock *swap_test_sock(struct kunit *test, int type, int proto)
{
	struct socket *sock;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, AF_INET, type, proto,
					       &sock), 0);
	return sock->sk;
}

/* One slot holds the largest swap reply: at least its data, in pages. */
static void xs_swap_reserve_test_one_slot(struct kunit *test)
{
	struct sock *sk = swap_test_sock(test, SOCK_STREAM, IPPROTO_TCP);
	unsigned long pages = xs_swap_reserve_pages(sk, 1);

	KUNIT_EXPECT_GE(test, pages, (unsigned long)SWAP_FS_IO_MAX);
	KUNIT_EXPECT_LE(test, pages, 4UL * SWAP_FS_IO_MAX);
	KUNIT_EXPECT_EQ(test, xs_swap_reserve_pages(sk, 0), pages);
	sock_release(sk->sk_socket);
}

/* More slots, more replies in flight: the reserve grows with the table. */
static void xs_swap_reserve_test_grows(struct kunit *test)
{
	struct sock *sk = swap_test_sock(test, SOCK_STREAM, IPPROTO_TCP);
	unsigned long one = xs_swap_reserve_pages(sk, 1);
	unsigned long two = xs_swap_reserve_pages(sk, 2);

	KUNIT_EXPECT_GT(test, two, one);
	KUNIT_EXPECT_LE(test, two, 2 * one);
	sock_release(sk->sk_socket);
}

/*
 * A TCP transport's dynamic slot table may grow to 65536 entries, but the
 * socket cannot queue more than its receive window: the window caps it.
 */
static void xs_swap_reserve_test_window_caps(struct kunit *test)
{
	struct sock *sk = swap_test_sock(test, SOCK_STREAM, IPPROTO_TCP);
	unsigned long max = xs_swap_reserve_pages(sk, RPC_MAX_SLOT_TABLE_LIMIT);

	KUNIT_EXPECT_EQ(test, xs_swap_reserve_pages(sk, RPC_MAX_SLOT_TABLE_LIMIT / 2),
			max);
	KUNIT_EXPECT_LT(test, max, xs_swap_reserve_pages(sk, 1) *
			(unsigned long)RPC_MAX_SLOT_TABLE_LIMIT / 2);
	kunit_info(test, "a full TCP slot table reserves %lu pages\n", max);
	sock_release(sk->sk_socket);
}

/* A receive buffer set and locked (UDP transports lock theirs) caps it too. */
static void xs_swap_reserve_test_locked_rcvbuf(struct kunit *test)
{
	struct sock *sk = swap_test_sock(test, SOCK_DGRAM, IPPROTO_UDP);
	unsigned long open = xs_swap_reserve_pages(sk, 16);

	lock_sock(sk);
	sk->sk_userlocks |= SOCK_RCVBUF_LOCK;
	WRITE_ONCE(sk->sk_rcvbuf, SZ_64K);
	release_sock(sk);
	KUNIT_EXPECT_LT(test, xs_swap_reserve_pages(sk, 16), open);
	KUNIT_EXPECT_EQ(test, xs_swap_reserve_pages(sk, 16),
			xs_swap_reserve_pages(sk, 1));
	sock_release(sk->sk_socket);
}

/*
 * The first swapper of a transport connects its reserve, named after the
 * transport; more swappers share it; the last one's going releases it.
 */
static void xs_swap_reserve_test_life(struct kunit *test)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
		.sin_port = htons(2049),
	};
	struct xprt_create args = {
		.ident = XPRT_TRANSPORT_TCP,
		.net = &init_net,
		.dstaddr = (struct sockaddr *)&sin,
		.addrlen = sizeof(sin),
		.servername = "kunit",
	};
	unsigned long root = mem_reserve_demand(&mem_reserve_root);
	struct rpc_xprt *xprt = xprt_create_transport(&args);
	struct mem_reserve *r;
	char name[16];

	KUNIT_ASSERT_FALSE(test, IS_ERR(xprt));
	snprintf(name, sizeof(name), "xprt-%u", xprt->id);
	KUNIT_EXPECT_NULL(test, mem_reserve_find(&net_reserve, name));

	KUNIT_ASSERT_EQ(test, xprt_enable_swap(xprt), 0);
	r = mem_reserve_find(&net_reserve, name);
	KUNIT_EXPECT_NOT_NULL(test, r);
	KUNIT_EXPECT_EQ(test, atomic_read(&xprt->swapper), 1);

	KUNIT_ASSERT_EQ(test, xprt_enable_swap(xprt), 0);
	KUNIT_EXPECT_PTR_EQ(test, mem_reserve_find(&net_reserve, name), r);

	xprt_disable_swap(xprt);
	KUNIT_EXPECT_PTR_EQ(test, mem_reserve_find(&net_reserve, name), r);
	xprt_disable_swap(xprt);
	KUNIT_EXPECT_NULL(test, mem_reserve_find(&net_reserve, name));
	KUNIT_EXPECT_EQ(test, atomic_read(&xprt->swapper), 0);
	xprt_put(xprt);
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(&mem_reserve_root), root);
}

static struct kunit_case xs_swap_reserve_test_cases[] = {
	KUNIT_CASE(xs_swap_reserve_test_one_slot),
	KUNIT_CASE(xs_swap_reserve_test_grows),
	KUNIT_CASE(xs_swap_reserve_test_window_caps),
	KUNIT_CASE(xs_swap_reserve_test_locked_rcvbuf),
	KUNIT_CASE(xs_swap_reserve_test_life),
	{}
};

static struct kunit_suite xs_swap_reserve_test_suite = {
	.name = "sunrpc_swap_reserve",
	.test_cases = xs_swap_reserve_test_cases,
};

kunit_test_suite(xs_swap_reserve_test_suite);

/* mem_reserve_root and mem_reserve_find() are exported for tests only */
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
