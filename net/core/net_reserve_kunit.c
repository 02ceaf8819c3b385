// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the network reserve: how emergency skbs are charged,
 * moved with their skb's life and uncharged. One case per behaviour.
 */

#include <kunit/test.h>
#include <linux/netdevice.h>
#include <linux/reserve.h>
#include <linux/skbuff.h>
#include <net/net_reserve.h>

/* The reserves are shared with the real stack: compare against a baseline. */
struct net_reserve_test {
	unsigned long usage;
	unsigned long root_max;
	unsigned long failcnt;
	bool idle;
};

static int net_reserve_test_init(struct kunit *test)
{
	struct net_reserve_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->root_max = mem_reserve_demand(&mem_reserve_root);
	t->idle = !mem_reserve_demand(&net_reserve);
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
		page_counter_reset_watermark(&net_rx_reserve.pages);
		page_counter_reset_watermark(&net_reserve.pages);
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

static struct kunit_case net_reserve_test_cases[] = {
	KUNIT_CASE(net_reserve_test_demand),
	KUNIT_CASE(net_reserve_test_charge),
	KUNIT_CASE(net_reserve_test_clone),
	KUNIT_CASE(net_reserve_test_truesize_change),
	KUNIT_CASE(net_reserve_test_exhaust),
	{}
};

static struct kunit_suite net_reserve_test_suite = {
	.name = "net_reserve",
	.init = net_reserve_test_init,
	.exit = net_reserve_test_exit,
	.test_cases = net_reserve_test_cases,
};

kunit_test_suite(net_reserve_test_suite);

MODULE_DESCRIPTION("KUnit tests for the network reserve");
MODULE_LICENSE("GPL");
