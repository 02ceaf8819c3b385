// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the reserve of a swapping transport: its size from the
 * slot table and the socket, and its life from the first swapper to the
 * last; which requests' pages are sent by reference. One case per
 * behaviour. Included by swap_reserve.c.
 */

#include <kunit/test.h>
#include <linux/in.h>
#include <linux/net.h>
#include <linux/netdevice.h>
#include <linux/reserve.h>
#include <linux/rtnetlink.h>
#include <linux/sunrpc/xprt.h>

#include "socklib.h"

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

/* A connected loopback TCP pair, @tx -> @rx; lo is brought up if it is not. */
static void swap_test_tcp_pair(struct kunit *test, struct socket **tx,
			       struct socket **rx)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	struct socket *lsock;

	rtnl_lock();
	dev_open(init_net.loopback_dev, NULL);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, AF_INET, SOCK_STREAM,
					       IPPROTO_TCP, &lsock), 0);
	KUNIT_ASSERT_EQ(test, kernel_bind(lsock, (struct sockaddr *)&sin,
					  sizeof(sin)), 0);
	KUNIT_ASSERT_EQ(test, kernel_listen(lsock, 1), 0);
	KUNIT_ASSERT_EQ(test, kernel_getsockname(lsock, (struct sockaddr *)&sin),
			(int)sizeof(sin));
	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, AF_INET, SOCK_STREAM,
					       IPPROTO_TCP, tx), 0);
	KUNIT_ASSERT_EQ(test, kernel_connect(*tx, (struct sockaddr *)&sin,
					     sizeof(sin), 0), 0);
	KUNIT_ASSERT_EQ(test, kernel_accept(lsock, rx, 0), 0);
	sock_release(lsock);
}

/* A request of a 16-byte header and one page of data, its task's @flags */
struct swap_test_req {
	struct rpc_task task;
	struct rpc_rqst req;
	struct page *pages[1];
	u8 head[16];
};

static struct swap_test_req *swap_test_new_req(struct kunit *test,
					       struct page *page,
					       unsigned short flags)
{
	struct swap_test_req *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct xdr_buf *xdr;

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->task.tk_flags = flags;
	t->req.rq_task = &t->task;
	t->pages[0] = page;
	memset(t->head, 0x5a, sizeof(t->head));
	xdr = &t->req.rq_snd_buf;
	xdr_buf_init(xdr, t->head, sizeof(t->head));
	xdr->head[0].iov_len = sizeof(t->head);
	xdr->pages = t->pages;
	xdr->page_len = PAGE_SIZE;
	xdr->len = sizeof(t->head) + PAGE_SIZE;
	return t;
}

/*
 * Send @t's request on a loopback pair as xs_tcp_send_request() does and
 * read it back. Return: the references on its page that the socket took.
 */
static int swap_test_send(struct kunit *test, struct swap_test_req *t)
{
	struct xdr_buf *xdr = &t->req.rq_snd_buf;
	struct page *page = t->pages[0];
	size_t len = xdr->len;
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };
	struct msghdr rmsg = {};
	struct socket *tx, *rx;
	struct kvec iov;
	unsigned int sent;
	int before = page_count(page), held;
	u8 *buf;

	buf = kunit_kzalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	if (xs_swap_splice_ok(&t->req))
		xdr->flags |= XDRBUF_SPLICE;
	KUNIT_ASSERT_EQ(test, xdr_alloc_bvec(xdr, GFP_KERNEL), 0);
	swap_test_tcp_pair(test, &tx, &rx);

	KUNIT_EXPECT_EQ(test, xprt_sock_sendmsg(tx, &msg, xdr, 0, 0, &sent), 0);
	KUNIT_EXPECT_EQ(test, sent, (unsigned int)len);
	held = page_count(page) - before;

	/* a short send must fail the case, not hang it */
	rx->sk->sk_rcvtimeo = 5 * HZ;
	iov.iov_base = buf;
	iov.iov_len = len;
	KUNIT_EXPECT_EQ(test, kernel_recvmsg(rx, &rmsg, &iov, 1, len, MSG_WAITALL),
			(int)len);
	KUNIT_EXPECT_EQ(test, memcmp(buf, t->head, sizeof(t->head)), 0);
	KUNIT_EXPECT_EQ(test, memcmp(buf + sizeof(t->head), page_address(page),
				     PAGE_SIZE), 0);
	sock_release(tx);
	sock_release(rx);
	xdr_free_bvec(xdr);
	return held;
}

/* A swap write's page goes by reference: TCP holds it, and no copy. */
static void xs_swap_splice_test_swap_write(struct kunit *test)
{
	struct page *page = alloc_page(GFP_KERNEL);
	struct swap_test_req *t;

	KUNIT_ASSERT_NOT_NULL(test, page);
	memset(page_address(page), 0xa5, PAGE_SIZE);
	t = swap_test_new_req(test, page, RPC_TASK_SWAPPER);
	KUNIT_EXPECT_TRUE(test, xs_swap_splice_ok(&t->req));
	KUNIT_EXPECT_GT(test, swap_test_send(test, t), 0);
	__free_page(page);
}

/* Any other request's pages are copied: they may change in flight. */
static void xs_swap_splice_test_other_request(struct kunit *test)
{
	struct page *page = alloc_page(GFP_KERNEL);
	struct swap_test_req *t;

	KUNIT_ASSERT_NOT_NULL(test, page);
	memset(page_address(page), 0x3c, PAGE_SIZE);
	t = swap_test_new_req(test, page, 0);
	KUNIT_EXPECT_FALSE(test, xs_swap_splice_ok(&t->req));
	KUNIT_EXPECT_EQ(test, swap_test_send(test, t), 0);
	__free_page(page);
}

/*
 * A slab page may not be spliced (TCP would fail the whole send with
 * -EIO): a swapper's request that has one is copied, and arrives whole.
 */
static void xs_swap_splice_test_slab_page(struct kunit *test)
{
	void *data = kunit_kmalloc(test, PAGE_SIZE, GFP_KERNEL);
	struct swap_test_req *t;

	KUNIT_ASSERT_NOT_NULL(test, data);
	KUNIT_ASSERT_TRUE(test, PageSlab(virt_to_page(data)));
	KUNIT_ASSERT_EQ(test, offset_in_page(data), 0UL);
	memset(data, 0xc3, PAGE_SIZE);
	t = swap_test_new_req(test, virt_to_page(data), RPC_TASK_SWAPPER);
	KUNIT_EXPECT_FALSE(test, xs_swap_splice_ok(&t->req));
	KUNIT_EXPECT_EQ(test, swap_test_send(test, t), 0);
}

/* A swapper's request without data (a COMMIT, a GETATTR) has none to splice. */
static void xs_swap_splice_test_no_pages(struct kunit *test)
{
	struct swap_test_req *t = swap_test_new_req(test, NULL, RPC_TASK_SWAPPER);

	t->req.rq_snd_buf.page_len = 0;
	KUNIT_EXPECT_FALSE(test, xs_swap_splice_ok(&t->req));
}

/* A request with pages but no task (a backchannel reply) is not a swapper's. */
static void xs_swap_splice_test_no_task(struct kunit *test)
{
	struct page *page = alloc_page(GFP_KERNEL);
	struct swap_test_req *t;

	KUNIT_ASSERT_NOT_NULL(test, page);
	t = swap_test_new_req(test, page, RPC_TASK_SWAPPER);
	KUNIT_EXPECT_TRUE(test, xs_swap_splice_ok(&t->req));
	t->req.rq_task = NULL;
	KUNIT_EXPECT_FALSE(test, xs_swap_splice_ok(&t->req));
	__free_page(page);
}

static struct kunit_case xs_swap_reserve_test_cases[] = {
	KUNIT_CASE(xs_swap_reserve_test_one_slot),
	KUNIT_CASE(xs_swap_reserve_test_grows),
	KUNIT_CASE(xs_swap_reserve_test_window_caps),
	KUNIT_CASE(xs_swap_reserve_test_locked_rcvbuf),
	KUNIT_CASE(xs_swap_reserve_test_life),
	KUNIT_CASE(xs_swap_splice_test_swap_write),
	KUNIT_CASE(xs_swap_splice_test_other_request),
	KUNIT_CASE(xs_swap_splice_test_slab_page),
	KUNIT_CASE(xs_swap_splice_test_no_pages),
	KUNIT_CASE(xs_swap_splice_test_no_task),
	{}
};

static struct kunit_suite xs_swap_reserve_test_suite = {
	.name = "sunrpc_swap_reserve",
	.test_cases = xs_swap_reserve_test_cases,
};

kunit_test_suite(xs_swap_reserve_test_suite);

/* mem_reserve_root and mem_reserve_find() are exported for tests only */
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
