// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the network reserve: how emergency skbs are charged,
 * moved with their skb's life and to their socket's reserve, and
 * uncharged. One case per behaviour.
 */

#include <kunit/test.h>
#include <linux/in.h>
#include <linux/net.h>
#include <linux/netdevice.h>
#include <linux/reserve.h>
#include <linux/skbuff.h>
#include <net/net_reserve.h>
#include <net/sock.h>

/* The reserves are shared with the real stack: compare against a baseline. */
struct net_reserve_test {
	unsigned long usage;
	unsigned long root_max;
	unsigned long root_usage;
	unsigned long failcnt;
	bool idle;
};

static int net_reserve_test_init(struct kunit *test)
{
	struct net_reserve_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->root_max = mem_reserve_demand(&mem_reserve_root);
	t->idle = !mem_reserve_demand(&net_reserve);
	t->root_usage = mem_reserve_usage(&mem_reserve_root);
	t->failcnt = READ_ONCE(net_rx_reserve.pages.failcnt);
	sk_memalloc_socks_get();
	t->usage = mem_reserve_usage(&net_rx_reserve);
	test->priv = t;
	return 0;
}

static void net_reserve_test_exit(struct kunit *test)
{
	struct net_reserve_test *t = test->priv;

	sk_memalloc_socks_put();
	/* The test's charges are not traffic: leave no peak or failure behind. */
	if (t->idle) {
		struct mem_reserve *r;

		list_for_each_entry(r, &net_reserve.children, sibling)
			page_counter_reset_watermark(&r->pages);
		page_counter_reset_watermark(&net_reserve.pages);
		/* nothing else was charged: the root's peak was the test's */
		if (!t->root_usage)
			page_counter_reset_watermark(&mem_reserve_root.pages);
		WRITE_ONCE(net_rx_reserve.pages.failcnt, t->failcnt);
	}
}

static struct sk_buff *rx_skb(struct kunit *test, unsigned int len)
{
	struct sk_buff *skb = alloc_skb(len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put(skb, len);
	skb->dev = init_net.loopback_dev;
	skb->pfmemalloc = 1;
	return skb;
}

static unsigned long charged(struct kunit *test)
{
	struct net_reserve_test *t = test->priv;

	return mem_reserve_usage(&net_rx_reserve) - t->usage;
}

/* The first memalloc socket gives the network reserves a demand; the last takes it back. */
static void net_reserve_test_demand(struct kunit *test)
{
	struct net_reserve_test *t = test->priv;
	unsigned long floor = mem_reserve_skb_pages(ETH_DATA_LEN + ETH_HLEN, 128);

	KUNIT_EXPECT_GE(test, mem_reserve_demand(&net_rx_reserve), floor);
	if (!t->idle)
		kunit_skip(test, "memalloc sockets exist: no round trip to check");
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(&mem_reserve_root),
			t->root_max + mem_reserve_demand(&net_reserve));
	sk_memalloc_socks_put();	/* the reference init took: the last one */
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(&net_reserve), 0UL);
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(&mem_reserve_root), t->root_max);
	sk_memalloc_socks_get();
	KUNIT_EXPECT_GE(test, mem_reserve_demand(&net_rx_reserve), floor);
}

/* Charged by truesize, in whole pages; the free returns it exactly. */
static void net_reserve_test_charge(struct kunit *test)
{
	struct sk_buff *skb = rx_skb(test, 1500);

	KUNIT_EXPECT_TRUE(test, net_reserve_charge_skb(skb));
	KUNIT_EXPECT_EQ(test, skb->reserve_charge, skb->truesize);
	KUNIT_EXPECT_GE(test, charged(test), 1UL);
	KUNIT_EXPECT_LE(test, charged(test), DIV_ROUND_UP(skb->truesize, PAGE_SIZE));
	/* charging twice (another round of __netif_receive_skb_core) is a no-op */
	KUNIT_EXPECT_TRUE(test, net_reserve_charge_skb(skb));
	KUNIT_EXPECT_EQ(test, skb->reserve_charge, skb->truesize);
	kfree_skb(skb);
	KUNIT_EXPECT_EQ(test, charged(test), 0UL);
}

/* A clone does not own the charge: only the original's release returns it. */
static void net_reserve_test_clone(struct kunit *test)
{
	struct sk_buff *skb = rx_skb(test, 1500), *clone;
	unsigned long c;

	KUNIT_ASSERT_TRUE(test, net_reserve_charge_skb(skb));
	c = charged(test);
	clone = skb_clone(skb, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, clone);
	KUNIT_EXPECT_EQ(test, clone->reserve_charge, 0U);
	kfree_skb(clone);
	KUNIT_EXPECT_EQ(test, charged(test), c);
	kfree_skb(skb);
	KUNIT_EXPECT_EQ(test, charged(test), 0UL);
}

/* What was charged is uncharged, whatever truesize became meanwhile. */
static void net_reserve_test_truesize_change(struct kunit *test)
{
	struct sk_buff *skb = rx_skb(test, 1500);

	KUNIT_ASSERT_TRUE(test, net_reserve_charge_skb(skb));
	skb->truesize += 3 * PAGE_SIZE;	/* as coalescing or reassembly do */
	kfree_skb(skb);
	KUNIT_EXPECT_EQ(test, charged(test), 0UL);
}

/* Once the reserve is exhausted the next skb is refused, counted, and nothing leaks. */
static void net_reserve_test_exhaust(struct kunit *test)
{
	unsigned long demand = mem_reserve_demand(&net_rx_reserve);
	unsigned long failed = net_rx_reserve.pages.failcnt, n = 0, max;
	struct sk_buff_head q;
	struct sk_buff *skb;

	__skb_queue_head_init(&q);
	max = 2 * demand * PAGE_SIZE / SKB_TRUESIZE(1500) + 2;
	for (;;) {
		skb = rx_skb(test, 1500);
		if (!net_reserve_charge_skb(skb)) {
			KUNIT_EXPECT_EQ(test, skb->reserve_charge, 0U);
			kfree_skb(skb);
			break;
		}
		__skb_queue_tail(&q, skb);
		if (++n > max)
			break;
	}
	KUNIT_EXPECT_LE(test, n, max);
	KUNIT_EXPECT_LE(test, mem_reserve_usage(&net_rx_reserve), demand);
	KUNIT_EXPECT_GE(test, mem_reserve_usage(&net_rx_reserve), demand - 1);
	KUNIT_EXPECT_EQ(test, net_rx_reserve.pages.failcnt, failed + 1);
	kunit_info(test, "%lu skbs of truesize %lu filled a %lu-page receive reserve\n",
		   n, SKB_TRUESIZE(1500), demand);
	__skb_queue_purge(&q);
	KUNIT_EXPECT_EQ(test, charged(test), 0UL);
}

static struct sock *test_sock(struct kunit *test)
{
	struct socket *sock;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, AF_INET, SOCK_STREAM,
					       IPPROTO_TCP, &sock), 0);
	return sock->sk;
}

static void test_sock_free(struct sock *sk)
{
	sock_release(sk->sk_socket);
}

static struct net_sock_reserve *test_sock_reserve(struct kunit *test,
						  unsigned long pages)
{
	struct net_sock_reserve *nsr = net_sock_reserve_create("kunit");

	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(nsr));
	KUNIT_ASSERT_EQ(test, net_sock_reserve_set_pages(nsr, pages), 0);
	return nsr;
}

/*
 * Entering reassembly, an emergency fragment's charge moves from rx to
 * reasm; past reasm the fragment is refused and keeps its rx charge.
 */
static void net_reserve_test_reasm(struct kunit *test)
{
	struct mem_reserve *reasm = mem_reserve_find(&net_reserve, "reasm");
	unsigned long n = 0, base, rx = 0, demand, failcnt;
	struct sk_buff_head q;
	struct sk_buff *skb;

	KUNIT_ASSERT_NOT_NULL(test, reasm);
	demand = mem_reserve_demand(reasm);
	KUNIT_EXPECT_GT(test, demand, 0UL);
	base = mem_reserve_usage(reasm);
	failcnt = READ_ONCE(reasm->pages.failcnt);
	__skb_queue_head_init(&q);
	for (;;) {
		skb = rx_skb(test, 1500);
		KUNIT_ASSERT_TRUE(test, net_reserve_charge_skb(skb));
		rx = charged(test);
		if (!net_reserve_reasm_skb(&init_net, skb))
			break;
		KUNIT_EXPECT_EQ(test, charged(test), 0UL);
		__skb_queue_tail(&q, skb);
		KUNIT_ASSERT_LE(test, ++n, demand * PAGE_SIZE / SKB_TRUESIZE(1500) + 1);
	}
	kunit_info(test, "%lu fragments filled a %lu-page reassembly reserve\n", n, demand);
	KUNIT_EXPECT_GE(test, n, 1UL);
	KUNIT_EXPECT_EQ(test, charged(test), rx);
	KUNIT_EXPECT_LE(test, mem_reserve_usage(reasm), demand);
	kfree_skb(skb);
	__skb_queue_purge(&q);
	KUNIT_EXPECT_EQ(test, charged(test), 0UL);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(reasm), base);
	/* a fragment from the normal pool is not charged */
	skb = rx_skb(test, 1500);
	skb->pfmemalloc = 0;
	KUNIT_EXPECT_TRUE(test, net_reserve_reasm_skb(&init_net, skb));
	KUNIT_EXPECT_EQ(test, skb->reserve_charge, 0U);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(reasm), base);
	kfree_skb(skb);
	/* the test's refusal is not traffic */
	WRITE_ONCE(reasm->pages.failcnt, failcnt);
}

/* Above the min watermark a neighbour discovery message is not charged. */
static void net_reserve_test_neigh_normal(struct kunit *test)
{
	struct mem_reserve *neigh = mem_reserve_find(&net_reserve, "neigh");
	struct sk_buff *skb;
	unsigned long base;

	KUNIT_ASSERT_NOT_NULL(test, neigh);
	KUNIT_EXPECT_GT(test, mem_reserve_demand(neigh), 0UL);
	base = mem_reserve_usage(neigh);
	skb = net_reserve_alloc_neigh_skb(init_net.loopback_dev, 64);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, skb->reserve_charge, 0U);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(neigh), base);
	kfree_skb(skb);
}

/* Emergency neighbour messages are bounded by "neigh"; each free returns its charge. */
static void net_reserve_test_neigh_exhaust(struct kunit *test)
{
	struct mem_reserve *neigh = mem_reserve_find(&net_reserve, "neigh");
	struct net_device *dev = init_net.loopback_dev;
	unsigned long n = 0, base, demand, failcnt;
	struct sk_buff_head q;
	struct sk_buff *skb;

	KUNIT_ASSERT_NOT_NULL(test, neigh);
	demand = mem_reserve_demand(neigh);
	base = mem_reserve_usage(neigh);
	failcnt = READ_ONCE(neigh->pages.failcnt);
	__skb_queue_head_init(&q);
	for (;;) {
		skb = alloc_skb(64, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, skb);
		if (!net_reserve_charge_neigh_skb(dev, skb))
			break;
		KUNIT_EXPECT_NE(test, skb->reserve_charge, 0U);
		__skb_queue_tail(&q, skb);
		KUNIT_ASSERT_LE(test, ++n, demand * PAGE_SIZE / SKB_TRUESIZE(64) + 1);
	}
	kunit_info(test, "%lu messages filled a %lu-page neighbour reserve\n", n, demand);
	/* it holds at least the messages it was sized for */
	KUNIT_EXPECT_GE(test, n, 64UL);
	KUNIT_EXPECT_LE(test, mem_reserve_usage(neigh), demand);
	KUNIT_EXPECT_EQ(test, skb->reserve_charge, 0U);
	kfree_skb(skb);
	__skb_queue_purge(&q);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(neigh), base);
	/* the test's refusal is not traffic */
	WRITE_ONCE(neigh->pages.failcnt, failcnt);
}

/* A socket reserve adds its demand to the network's; releasing it takes it back exactly. */
static void net_reserve_test_sock_demand(struct kunit *test)
{
	unsigned long net = mem_reserve_demand(&net_reserve);
	unsigned long root = mem_reserve_demand(&mem_reserve_root);
	struct net_sock_reserve *nsr = test_sock_reserve(test, 7);

	KUNIT_EXPECT_EQ(test, mem_reserve_demand(net_sock_reserve_of(nsr)), 7UL);
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(&net_reserve), net + 7);
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(&mem_reserve_root), root + 7);
	net_sock_reserve_release(nsr);
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(&net_reserve), net);
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(&mem_reserve_root), root);
}

/* Queued on its socket, an skb's charge moves from rx to the socket's reserve. */
static void net_reserve_test_sock_move(struct kunit *test)
{
	struct net_sock_reserve *nsr = test_sock_reserve(test, 16);
	struct mem_reserve *res = net_sock_reserve_of(nsr);
	struct sock *sk = test_sock(test);
	struct sk_buff *skb = rx_skb(test, 1500);

	sk_set_memalloc_reserve(sk, nsr);
	KUNIT_EXPECT_TRUE(test, sock_flag(sk, SOCK_MEMALLOC));
	KUNIT_ASSERT_TRUE(test, net_reserve_charge_skb(skb));
	KUNIT_EXPECT_GE(test, charged(test), 1UL);
	KUNIT_EXPECT_TRUE(test, net_reserve_charge_sk_skb(sk, skb));
	KUNIT_EXPECT_EQ(test, charged(test), 0UL);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(res),
			(unsigned long)DIV_ROUND_UP(skb->truesize, PAGE_SIZE));
	/* queued again (a second filter pass): nothing changes */
	KUNIT_EXPECT_TRUE(test, net_reserve_charge_sk_skb(sk, skb));
	KUNIT_EXPECT_EQ(test, charged(test), 0UL);
	kfree_skb(skb);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(res), 0UL);
	sk_clear_memalloc(sk);
	test_sock_free(sk);
	net_sock_reserve_release(nsr);
}

/* A socket's reserve bounds what it queues: past it, the skb is refused and keeps its rx charge. */
static void net_reserve_test_sock_exhaust(struct kunit *test)
{
	struct net_sock_reserve *nsr = test_sock_reserve(test, 2);
	struct mem_reserve *res = net_sock_reserve_of(nsr);
	struct sock *sk = test_sock(test);
	struct sk_buff_head q;
	struct sk_buff *skb;
	unsigned long n = 0, rx;

	__skb_queue_head_init(&q);
	sk_set_memalloc_reserve(sk, nsr);
	for (;;) {
		skb = rx_skb(test, 1500);
		KUNIT_ASSERT_TRUE(test, net_reserve_charge_skb(skb));
		rx = charged(test);
		if (!net_reserve_charge_sk_skb(sk, skb))
			break;
		__skb_queue_tail(&q, skb);
		KUNIT_ASSERT_LE(test, ++n, 2 * PAGE_SIZE / SKB_TRUESIZE(1500) + 1);
	}
	KUNIT_EXPECT_GE(test, n, 1UL);
	KUNIT_EXPECT_EQ(test, charged(test), rx);
	KUNIT_EXPECT_EQ(test, res->pages.failcnt, 1UL);
	KUNIT_EXPECT_LE(test, mem_reserve_usage(res), 2UL);
	kfree_skb(skb);
	KUNIT_EXPECT_EQ(test, charged(test), 0UL);
	__skb_queue_purge(&q);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(res), 0UL);
	sk_clear_memalloc(sk);
	test_sock_free(sk);
	net_sock_reserve_release(nsr);
}

/* Released with skbs still charged to it, a reserve lives until they are freed. */
static void net_reserve_test_sock_release_charged(struct kunit *test)
{
	unsigned long net = mem_reserve_demand(&net_reserve);
	struct net_sock_reserve *nsr = test_sock_reserve(test, 4);
	struct sock *sk = test_sock(test);
	struct sk_buff *skb = rx_skb(test, 1500);
	unsigned long usage = mem_reserve_usage(&net_reserve);

	sk_set_memalloc_reserve(sk, nsr);
	KUNIT_ASSERT_TRUE(test, net_reserve_charge_sk_skb(sk, skb));
	sk_clear_memalloc(sk);
	KUNIT_EXPECT_NULL(test, READ_ONCE(sk->sk_reserve));
	net_sock_reserve_release(nsr);
	/* the demand and the charge left the network at once */
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(&net_reserve), net);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&net_reserve), usage);
	/* the free uncharges the released reserve and frees it (KASAN checks) */
	kfree_skb(skb);
	rcu_barrier();
	test_sock_free(sk);
}

/* Plain sk_set_memalloc() charges a shared reserve that grows by a default per socket. */
static void net_reserve_test_sock_default(struct kunit *test)
{
	unsigned long net = mem_reserve_demand(&net_reserve), one, two;
	struct sock *sk = test_sock(test), *sk2 = test_sock(test);
	struct sk_buff *skb = rx_skb(test, 1500);

	sk_set_memalloc(sk);
	one = mem_reserve_demand(&net_reserve) - net;
	KUNIT_EXPECT_GE(test, one, 1UL);
	sk_set_memalloc(sk2);
	two = mem_reserve_demand(&net_reserve) - net;
	KUNIT_EXPECT_EQ(test, two, 2 * one);
	KUNIT_ASSERT_TRUE(test, net_reserve_charge_skb(skb));
	KUNIT_EXPECT_TRUE(test, net_reserve_charge_sk_skb(sk, skb));
	KUNIT_EXPECT_EQ(test, charged(test), 0UL);
	KUNIT_EXPECT_NE(test, skb->reserve_charge, skb->truesize);
	kfree_skb(skb);
	sk_clear_memalloc(sk2);
	sk_clear_memalloc(sk);
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(&net_reserve), net);
	test_sock_free(sk2);
	test_sock_free(sk);
}

/* Sizing: MTU-sized skbs for the payload, capped by what the socket may queue. */
static void net_reserve_test_sock_pages(struct kunit *test)
{
	struct sock *sk = test_sock(test);
	unsigned long one = net_sock_reserve_pages(sk, 1);
	unsigned long some = net_sock_reserve_pages(sk, 64 * 1448);
	unsigned long huge = net_sock_reserve_pages(sk, 1ULL << 40);
	unsigned long window = READ_ONCE(init_net.ipv4.sysctl_tcp_rmem[2]);
	unsigned long small, twice;

	KUNIT_EXPECT_GE(test, one, 1UL);
	KUNIT_EXPECT_GT(test, some, one);
	KUNIT_EXPECT_LE(test, some, 64 * one);
	/* capped: tcp_rmem[2] of payload needs at least as much, more never adds */
	KUNIT_EXPECT_GT(test, huge, some);
	KUNIT_EXPECT_LE(test, huge, net_sock_reserve_pages(sk, window));
	KUNIT_EXPECT_EQ(test, net_sock_reserve_pages(sk, 1ULL << 50), huge);
	/* a locked receive buffer is the cap, and the cap scales with it */
	sk->sk_userlocks |= SOCK_RCVBUF_LOCK;
	WRITE_ONCE(sk->sk_rcvbuf, 64 * 1024);
	small = net_sock_reserve_pages(sk, 1ULL << 40);
	WRITE_ONCE(sk->sk_rcvbuf, 128 * 1024);
	twice = net_sock_reserve_pages(sk, 1ULL << 40);
	KUNIT_EXPECT_LT(test, small, huge);
	KUNIT_EXPECT_GT(test, twice, small);
	KUNIT_EXPECT_LE(test, twice, 2 * small);
	kunit_info(test, "1 byte: %lu pages, 64 segments: %lu, unbounded: %lu (tcp_rmem[2] %lu bytes), rcvbuf 64K/128K: %lu/%lu\n",
		   one, some, huge, window, small, twice);
	test_sock_free(sk);
}

static struct kunit_case net_reserve_test_cases[] = {
	KUNIT_CASE(net_reserve_test_demand),
	KUNIT_CASE(net_reserve_test_charge),
	KUNIT_CASE(net_reserve_test_clone),
	KUNIT_CASE(net_reserve_test_reasm),
	KUNIT_CASE(net_reserve_test_truesize_change),
	KUNIT_CASE(net_reserve_test_exhaust),
	KUNIT_CASE(net_reserve_test_neigh_normal),
	KUNIT_CASE(net_reserve_test_neigh_exhaust),
	KUNIT_CASE(net_reserve_test_sock_demand),
	KUNIT_CASE(net_reserve_test_sock_move),
	KUNIT_CASE(net_reserve_test_sock_exhaust),
	KUNIT_CASE(net_reserve_test_sock_release_charged),
	KUNIT_CASE(net_reserve_test_sock_default),
	KUNIT_CASE(net_reserve_test_sock_pages),
	{}
};

static struct kunit_suite net_reserve_test_suite = {
	.name = "net_reserve",
	.init = net_reserve_test_init,
	.exit = net_reserve_test_exit,
	.test_cases = net_reserve_test_cases,
};

kunit_test_suite(net_reserve_test_suite);

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_DESCRIPTION("KUnit tests for the network reserve");
MODULE_LICENSE("GPL");
