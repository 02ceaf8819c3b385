// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the network reserve: how emergency skbs are charged,
 * moved with their skb's life and to their socket's reserve, and
 * uncharged. One case per behaviour.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/in.h>
#include <linux/mman.h>
#include <linux/net.h>
#include <linux/netdevice.h>
#include <linux/reserve.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/uaccess.h>
#include <net/gro.h>
#include <net/hotdata.h>
#include <net/ip.h>
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
	unsigned long floor = net_reserve_skb_pages(ETH_DATA_LEN + ETH_HLEN, 128);

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

/* The end of a socket case: the socket's reserve drained, socket and reserve gone. */
static void test_sock_done(struct kunit *test, struct sock *sk, struct net_sock_reserve *nsr)
{
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(net_sock_reserve_of(nsr)), 0UL);
	sk_clear_memalloc(sk);
	test_sock_free(sk);
	net_sock_reserve_release(nsr);
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

/*
 * Ask for an skb head from the pool, with softirqs off (@bh: receive) or
 * not, and check that one comes, marked, exactly when @want.
 */
static void expect_rx_head(struct kunit *test, bool bh, bool want)
{
	struct kmem_cache *cache = net_hotdata.skbuff_cache;
	bool pfmemalloc = false;
	void *head;

	if (bh)
		local_bh_disable();
	head = net_reserve_rx_head(cache, &pfmemalloc);
	if (bh)
		local_bh_enable();
	KUNIT_EXPECT_EQ(test, !!head, want);
	KUNIT_EXPECT_EQ(test, pfmemalloc, want);
	if (head)
		kmem_cache_free(cache, head);
}

/*
 * The receive paths' last resort for an skb head: from the pool, and said
 * so, only while memalloc sockets exist, and only for receive: a process
 * context caller of build_skb() (netlink) is not receiving.
 */
static void net_reserve_test_rx_head(struct kunit *test)
{
	expect_rx_head(test, false, false);
	sk_memalloc_socks_put();
	if (!sk_memalloc_socks())
		expect_rx_head(test, true, false);
	sk_memalloc_socks_get();
	expect_rx_head(test, true, true);
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
	test_sock_done(test, sk, nsr);
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
	test_sock_done(test, sk, nsr);
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
	/*
	 * The demand left the network at once; the charge stays counted
	 * there until the skb is freed, and is returned once (it used to
	 * be taken out at release, racing with frees on other CPUs that
	 * uncharged it again on the way up).
	 */
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(&net_reserve), net);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&net_reserve),
			usage + DIV_ROUND_UP(skb->truesize, PAGE_SIZE));
	/* the free uncharges the released reserve and frees it (KASAN checks) */
	kfree_skb(skb);
	rcu_barrier();
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(&net_reserve), usage);
	test_sock_free(sk);
}

/* A charged skb with its data in a page frag and none in its head. */
static struct sk_buff *rx_frag_skb(struct kunit *test, unsigned int len)
{
	struct sk_buff *skb = alloc_skb(0, GFP_KERNEL);
	struct page *page = alloc_page(GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_NOT_NULL(test, page);
	skb_add_rx_frag(skb, 0, page, 0, len, PAGE_SIZE);
	skb->dev = init_net.loopback_dev;
	skb->pfmemalloc = 1;
	return skb;
}

/*
 * Coalescing moves a queued skb's frags into its predecessor and frees
 * the rest: the charge goes with the frags, so what the socket's queue
 * holds stays charged to its reserve until it is freed. (It used to be
 * returned with the emptied skb, and a memalloc socket's queue could
 * hold many times its reserve.) Charges to different reserves are not
 * mixed: such skbs are not coalesced.
 */
static void net_reserve_test_coalesce(struct kunit *test)
{
	struct net_sock_reserve *nsr = test_sock_reserve(test, 16);
	struct mem_reserve *res = net_sock_reserve_of(nsr);
	struct sock *sk = test_sock(test);
	struct sk_buff *to = rx_skb(test, 100), *from, *other;
	unsigned long usage;
	bool stolen;
	int delta;

	sk_set_memalloc_reserve(sk, nsr);
	skb_put(to, skb_tailroom(to));	/* no room: frags must move */
	from = rx_frag_skb(test, 1000);
	KUNIT_ASSERT_TRUE(test, net_reserve_charge_skb(to));
	KUNIT_ASSERT_TRUE(test, net_reserve_charge_sk_skb(sk, to));
	KUNIT_ASSERT_TRUE(test, net_reserve_charge_skb(from));
	/* charged to rx, not to the socket's reserve: kept apart */
	KUNIT_EXPECT_FALSE(test, skb_try_coalesce(to, from, &stolen, &delta));
	KUNIT_ASSERT_TRUE(test, net_reserve_charge_sk_skb(sk, from));
	usage = mem_reserve_usage(res);
	KUNIT_ASSERT_TRUE(test, skb_try_coalesce(to, from, &stolen, &delta));
	kfree_skb_partial(from, stolen);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(res), usage);
	/* an uncharged skb coalesces into a charged one as before */
	other = rx_frag_skb(test, 500);
	other->pfmemalloc = 0;
	KUNIT_ASSERT_TRUE(test, skb_try_coalesce(to, other, &stolen, &delta));
	kfree_skb_partial(other, stolen);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(res), usage);
	kfree_skb(to);
	KUNIT_EXPECT_EQ(test, mem_reserve_usage(res), 0UL);
	KUNIT_EXPECT_EQ(test, charged(test), 0UL);
	test_sock_done(test, sk, nsr);
}

/*
 * A refused coalesce leaves both skbs as they were. The reserve's check
 * used to come after skb_try_coalesce() had stolen @from's head into
 * @to's frags: false came back with @to holding a frag on a page that
 * @from still owned, put twice once both were freed.
 */
static void net_reserve_test_coalesce_refused_head(struct kunit *test)
{
	struct net_sock_reserve *nsr = test_sock_reserve(test, 16);
	struct sock *sk = test_sock(test);
	struct sk_buff *to = rx_skb(test, 100), *from;
	bool stolen;
	int delta;

	sk_set_memalloc_reserve(sk, nsr);
	skb_put(to, skb_tailroom(to));	/* no room: the head must move */
	/* a head in a page frag, as a driver's receive skb has */
	from = __netdev_alloc_skb(NULL, 2000, GFP_ATOMIC);
	KUNIT_ASSERT_NOT_NULL(test, from);
	KUNIT_ASSERT_FALSE(test, skb_head_is_locked(from));
	skb_put(from, 1000);
	from->dev = init_net.loopback_dev;
	from->pfmemalloc = 1;
	KUNIT_ASSERT_TRUE(test, net_reserve_charge_skb(to));
	KUNIT_ASSERT_TRUE(test, net_reserve_charge_sk_skb(sk, to));
	KUNIT_ASSERT_TRUE(test, net_reserve_charge_skb(from));
	/* charged to rx, @to to the socket's reserve: refused, untouched */
	KUNIT_EXPECT_FALSE(test, skb_try_coalesce(to, from, &stolen, &delta));
	KUNIT_EXPECT_FALSE(test, stolen);
	KUNIT_EXPECT_EQ(test, skb_shinfo(to)->nr_frags, 0);
	/* what the bug left behind must not be put twice by this test */
	skb_shinfo(to)->nr_frags = 0;
	kfree_skb(from);
	kfree_skb(to);
	KUNIT_EXPECT_EQ(test, charged(test), 0UL);
	test_sock_done(test, sk, nsr);
}

/* Fragment @off..@off+@len of IPv4 datagram @id, from the rig's host to its client. */
static struct sk_buff *ip_frag(struct kunit *test, u16 id, unsigned int off,
			       unsigned int len, bool more, bool pfmemalloc)
{
	struct sk_buff *skb = alloc_skb(LL_MAX_HEADER + sizeof(struct iphdr) + len, GFP_KERNEL);
	struct iphdr *iph;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, LL_MAX_HEADER);
	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, sizeof(*iph) + len);
	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(sizeof(*iph) + len);
	iph->id = htons(id);
	iph->frag_off = htons((off >> 3) | (more ? IP_MF : 0));
	iph->ttl = 64;
	iph->protocol = IPPROTO_UDP;
	iph->saddr = htonl(0xc6120003);		/* 198.18.0.3 */
	iph->daddr = htonl(0xc6120002);		/* 198.18.0.2 */
	ip_send_check(iph);
	skb->protocol = htons(ETH_P_IP);
	skb->dev = init_net.loopback_dev;
	skb->pfmemalloc = pfmemalloc;
	if (pfmemalloc)
		KUNIT_ASSERT_TRUE(test, net_reserve_charge_skb(skb));
	return skb;
}

static int test_defrag(struct sk_buff *skb)
{
	int ret;

	rcu_read_lock();
	local_bh_disable();
	ret = ip_defrag(&init_net, skb, IP_DEFRAG_LOCAL_DELIVER);
	local_bh_enable();
	rcu_read_unlock();
	return ret;
}

/*
 * A reassembled datagram keeps its fragments' charges until it is freed.
 * The fragment that completes it is cloned into the queue and morphed
 * into the first one's head (inet_frag_reasm_prepare()): both releases
 * used to return a charge whose memory lived on in the datagram.
 */
static void net_reserve_test_reasm_complete(struct kunit *test)
{
	struct mem_reserve *reasm = mem_reserve_find(&net_reserve, "reasm");
	struct sk_buff *skb;
	long base, want;

	KUNIT_ASSERT_NOT_NULL(test, reasm);
	base = atomic_long_read(&reasm->bytes);
	skb = ip_frag(test, 0x4e01, 0, 1000, true, true);
	want = skb->truesize;
	KUNIT_ASSERT_EQ(test, test_defrag(skb), -EINPROGRESS);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&reasm->bytes) - base, want);
	skb = ip_frag(test, 0x4e01, 1000, 1000, false, true);
	want += skb->truesize;
	KUNIT_ASSERT_EQ(test, test_defrag(skb), 0);
	KUNIT_EXPECT_EQ(test, skb->len, 2020U);
	KUNIT_EXPECT_TRUE(test, skb_pfmemalloc(skb));
	/* both fragments' memory is in the datagram, and so are their charges */
	KUNIT_EXPECT_EQ(test, atomic_long_read(&reasm->bytes) - base, want);
	kfree_skb(skb);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&reasm->bytes), base);
	KUNIT_EXPECT_EQ(test, charged(test), 0UL);
}

/*
 * A datagram with an emergency fragment is an emergency datagram, whatever
 * its first fragment was: the socket filter and the socket's reserve see
 * the reassembled skb's own pfmemalloc. (A datagram whose first fragment
 * came from the normal pool used to reach any socket with the others'
 * emergency memory.)
 */
/* Reassemble datagram @id from two fragments; whether the result is pfmemalloc. */
static bool reasm_pair(struct kunit *test, u16 id, bool first, bool last)
{
	struct sk_buff *skb = ip_frag(test, id, 0, 1000, true, first);
	bool pfmemalloc;

	KUNIT_ASSERT_EQ(test, test_defrag(skb), -EINPROGRESS);
	skb = ip_frag(test, id, 1000, 1000, false, last);
	KUNIT_ASSERT_EQ(test, test_defrag(skb), 0);
	pfmemalloc = skb_pfmemalloc(skb);
	kfree_skb(skb);
	KUNIT_EXPECT_EQ(test, charged(test), 0UL);
	return pfmemalloc;
}

static void net_reserve_test_reasm_mixed(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, reasm_pair(test, 0x4e02, false, true));
	KUNIT_EXPECT_TRUE(test, reasm_pair(test, 0x4e03, true, false));
}

/* A received skb as GRO gets it: no header left in the head, 1000 bytes in a page. */
static struct sk_buff *gro_skb(struct kunit *test, bool pfmemalloc)
{
	struct sk_buff *skb = rx_frag_skb(test, 1000);

	memset(NAPI_GRO_CB(skb), 0, sizeof(struct napi_gro_cb));
	NAPI_GRO_CB(skb)->last = skb;
	NAPI_GRO_CB(skb)->count = 1;
	skb->protocol = htons(ETH_P_IP);
	skb->pfmemalloc = pfmemalloc;
	return skb;
}

/*
 * GRO merges no emergency skb with an ordinary one, either way. The
 * stack charges and filters a merged packet by its head's pfmemalloc
 * alone: reserve pages merged behind an ordinary head reached any
 * socket, uncharged (and an ordinary packet merged behind an emergency
 * head was charged, and dropped at an ordinary socket).
 */
static void net_reserve_test_gro_mixed(struct kunit *test)
{
	struct sk_buff *p = gro_skb(test, false), *skb = gro_skb(test, true);
	struct sk_buff *q = gro_skb(test, true);

	/* assert: what a merge leaves behind must not be freed twice here */
	KUNIT_ASSERT_EQ(test, skb_gro_receive(p, skb), -ETOOMANYREFS);
	KUNIT_ASSERT_EQ(test, skb_gro_receive(skb, p), -ETOOMANYREFS);
	KUNIT_ASSERT_EQ(test, skb_gro_receive_list(p, skb), -ETOOMANYREFS);
	KUNIT_EXPECT_EQ(test, p->len, 1000U);
	KUNIT_EXPECT_EQ(test, skb->len, 1000U);
	KUNIT_EXPECT_EQ(test, NAPI_GRO_CB(p)->count, 1);
	KUNIT_EXPECT_FALSE(test, skb_has_frag_list(p));
	/* two emergency skbs merge as before */
	KUNIT_EXPECT_EQ(test, skb_gro_receive(skb, q), 0);
	KUNIT_EXPECT_EQ(test, skb->len, 2000U);
	KUNIT_EXPECT_EQ(test, NAPI_GRO_CB(skb)->count, 2);
	KUNIT_EXPECT_TRUE(test, skb_pfmemalloc(skb));
	kfree_skb(q);
	kfree_skb(skb);
	kfree_skb(p);
}

/*
 * GRO of skbs charged already (a tunnel's inner packets, which go through
 * GRO again by gro_cells after the outer ones were charged) moves the
 * merged skb's charge with its frags: the merged packet holds it until it
 * is freed. (GRO's free of the emptied skb used to return it.)
 */
static void net_reserve_test_gro_charged(struct kunit *test)
{
	struct sk_buff *p = gro_skb(test, true), *skb = gro_skb(test, true);
	long base = atomic_long_read(&net_rx_reserve.bytes), bytes;

	KUNIT_ASSERT_TRUE(test, net_reserve_charge_skb(p));
	KUNIT_ASSERT_TRUE(test, net_reserve_charge_skb(skb));
	bytes = atomic_long_read(&net_rx_reserve.bytes) - base;
	KUNIT_ASSERT_EQ(test, skb_gro_receive(p, skb), 0);
	KUNIT_ASSERT_EQ(test, skb_shinfo(skb)->nr_frags, 0);
	kfree_skb(skb);		/* as GRO frees an skb it merged */
	KUNIT_EXPECT_EQ(test, atomic_long_read(&net_rx_reserve.bytes) - base, bytes);
	kfree_skb(p);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&net_rx_reserve.bytes), base);
	KUNIT_EXPECT_EQ(test, charged(test), 0UL);
}

/*
 * The two frees that release an skb without skb_release_head_state()
 * return its charge too: a UDP socket's stateless consume, and GRO's
 * free of a merged skb whose head was stolen. (Both used to leave it
 * charged for good.)
 */
static void net_reserve_test_shell_frees(struct kunit *test)
{
	struct sk_buff *skb = rx_skb(test, 1500);
	void *head;

	KUNIT_ASSERT_TRUE(test, net_reserve_charge_skb(skb));
	KUNIT_EXPECT_GE(test, charged(test), 1UL);
	__consume_stateless_skb(skb);
	KUNIT_EXPECT_EQ(test, charged(test), 0UL);

	skb = rx_skb(test, 1500);
	KUNIT_ASSERT_TRUE(test, net_reserve_charge_skb(skb));
	KUNIT_EXPECT_GE(test, charged(test), 1UL);
	head = skb->head;	/* GRO keeps it: freed here instead */
	local_bh_disable();
	napi_skb_free_stolen_head(skb);
	local_bh_enable();
	kfree(head);
	KUNIT_EXPECT_EQ(test, charged(test), 0UL);
}

/*
 * Emergency skbs waiting in a CPU's backlog (netif_rx(), RPS) are charged
 * to rx as they are queued, so the backlog holds no more of them than rx
 * allows. (They used to wait there uncharged, up to netdev_max_backlog
 * per CPU.)
 */
static void net_reserve_test_backlog(struct kunit *test)
{
	unsigned long demand = mem_reserve_demand(&net_rx_reserve), n = 0;
	unsigned long failed = READ_ONCE(net_rx_reserve.pages.failcnt);
	struct net_device *lo = init_net.loopback_dev;
	struct sk_buff_head skbs;
	struct sk_buff *skb;
	bool opened = false;
	int i, ret = NET_RX_SUCCESS;

	if (!netif_running(lo)) {
		rtnl_lock();
		opened = !dev_open(lo, NULL);
		rtnl_unlock();
		KUNIT_ASSERT_TRUE(test, opened);
	}
	/* allocated here: netif_rx() below runs with softirqs off */
	__skb_queue_head_init(&skbs);
	for (i = 0; i <= 1000; i++)
		__skb_queue_tail(&skbs, rx_skb(test, 1500));
	local_bh_disable();
	while ((skb = __skb_dequeue(&skbs))) {
		ret = netif_rx(skb);
		if (ret != NET_RX_SUCCESS)
			break;
		if (!n++)
			KUNIT_EXPECT_GE(test, charged(test), 1UL);
	}
	KUNIT_EXPECT_LE(test, mem_reserve_usage(&net_rx_reserve), demand);
	local_bh_enable();
	__skb_queue_purge(&skbs);
	kunit_info(test, "the backlog took %lu skbs of truesize %lu into a %lu-page receive reserve\n",
		   n, SKB_TRUESIZE(1500), demand);
	KUNIT_EXPECT_EQ(test, ret, NET_RX_DROP);
	KUNIT_EXPECT_LE(test, n, demand * PAGE_SIZE / SKB_TRUESIZE(1500) + 1);
	/* the backlog is processed (and its skbs dropped: no protocol) */
	for (i = 0; i < 100 && charged(test); i++)
		msleep(20);
	KUNIT_EXPECT_EQ(test, charged(test), 0UL);
	if (opened) {
		rtnl_lock();
		dev_close(lo);
		rtnl_unlock();
	}
	/* the test's refusal is not traffic */
	WRITE_ONCE(net_rx_reserve.pages.failcnt, failed);
}

static u32 rings_rx_pending = 256;

static void rings_get_ringparam(struct net_device *dev,
				struct ethtool_ringparam *ring,
				struct kernel_ethtool_ringparam *kring,
				struct netlink_ext_ack *extack)
{
	ring->rx_pending = READ_ONCE(rings_rx_pending);
	ring->rx_max_pending = 1024;
}

static int rings_set_ringparam(struct net_device *dev,
			       struct ethtool_ringparam *ring,
			       struct kernel_ethtool_ringparam *kring,
			       struct netlink_ext_ack *extack)
{
	WRITE_ONCE(rings_rx_pending, ring->rx_pending);
	return 0;
}

static const struct ethtool_ops rings_ethtool_ops = {
	.get_ringparam = rings_get_ringparam,
	.set_ringparam = rings_set_ringparam,
};

static netdev_tx_t rings_xmit(struct sk_buff *skb, struct net_device *dev)
{
	dev_kfree_skb(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops rings_netdev_ops = {
	.ndo_start_xmit = rings_xmit,
};

/* an interface that is up, with 4 receive queues of rings_rx_pending buffers */
static struct net_device *rings_dev_open(struct kunit *test)
{
	struct net_device *dev;
	int err;

	dev = alloc_netdev_mqs(0, "rsvtest%d", NET_NAME_ENUM, ether_setup, 1, 4);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	dev->netdev_ops = &rings_netdev_ops;
	dev->ethtool_ops = &rings_ethtool_ops;
	eth_hw_addr_random(dev);
	rtnl_lock();	/* no assertion may end the test with RTNL held */
	err = register_netdevice(dev);
	if (!err)
		KUNIT_EXPECT_EQ(test, dev_open(dev, NULL), 0);
	rtnl_unlock();
	if (err)
		free_netdev(dev);
	KUNIT_ASSERT_EQ(test, err, 0);
	return dev;
}

static void rings_dev_close(struct net_device *dev)
{
	rtnl_lock();
	dev_close(dev);
	unregister_netdevice(dev);
	rtnl_unlock();
	free_netdev(dev);
}

/*
 * rx-rings declares every receive queue's ring, a page per buffer at the
 * least (page_pool and page-frag drivers pin whole pages): 4 queues of 256
 * buffers are 1024 pages. (It used to count one ring per device, and each
 * buffer as a kmalloc'ed head, about half a page.)
 */
static void net_reserve_test_rx_rings(struct kunit *test)
{
	struct mem_reserve *rings = mem_reserve_find(&net_reserve, "rx-rings");
	struct net_device *dev;
	unsigned long before;

	KUNIT_ASSERT_NOT_NULL(test, rings);
	WRITE_ONCE(rings_rx_pending, 256);
	before = mem_reserve_demand(rings);
	dev = rings_dev_open(test);
	KUNIT_EXPECT_GE(test, mem_reserve_demand(rings), before + 4 * 256);
	kunit_info(test, "4 queues of 256 buffers: rx-rings %lu -> %lu pages\n",
		   before, mem_reserve_demand(rings));
	rings_dev_close(dev);
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(rings), before);
}

/*
 * A ring resized through ethtool (ETHTOOL_SRINGPARAM, as "ethtool -G rx")
 * resizes what rx-rings declares for it: 4 queues of 256 buffers down to
 * 4 of 128 are 512 pages less. (It used to keep the size the ring had when
 * the interface came up.)
 */
static void net_reserve_test_rx_rings_ethtool(struct kunit *test)
{
	struct ethtool_ringparam rp = { .cmd = ETHTOOL_SRINGPARAM,
					.rx_pending = 128 };
	struct mem_reserve *rings = mem_reserve_find(&net_reserve, "rx-rings");
	struct ifreq ifr = {};
	struct net_device *dev;
	unsigned long user, up;

	KUNIT_ASSERT_NOT_NULL(test, rings);
	user = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
			     MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE_MSG(test, user, 0UL, "no user memory for the ioctl");
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)user, &rp, sizeof(rp)), 0UL);
	WRITE_ONCE(rings_rx_pending, 256);
	dev = rings_dev_open(test);
	up = mem_reserve_demand(rings);
	strscpy(ifr.ifr_name, dev->name);
	KUNIT_EXPECT_EQ(test, dev_ethtool(&init_net, &ifr, (void __user *)user), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(rings_rx_pending), 128U);
	KUNIT_EXPECT_EQ(test, mem_reserve_demand(rings), up - 4 * 128);
	kunit_info(test, "ring 256 -> 128 on 4 queues: rx-rings %lu -> %lu pages\n",
		   up, mem_reserve_demand(rings));
	rings_dev_close(dev);
	WRITE_ONCE(rings_rx_pending, 256);
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
	KUNIT_CASE(net_reserve_test_rx_head),
	KUNIT_CASE(net_reserve_test_neigh_normal),
	KUNIT_CASE(net_reserve_test_neigh_exhaust),
	KUNIT_CASE(net_reserve_test_sock_demand),
	KUNIT_CASE(net_reserve_test_sock_move),
	KUNIT_CASE(net_reserve_test_sock_exhaust),
	KUNIT_CASE(net_reserve_test_sock_release_charged),
	KUNIT_CASE(net_reserve_test_sock_default),
	KUNIT_CASE(net_reserve_test_sock_pages),
	KUNIT_CASE(net_reserve_test_coalesce),
	KUNIT_CASE(net_reserve_test_coalesce_refused_head),
	KUNIT_CASE(net_reserve_test_reasm_complete),
	KUNIT_CASE(net_reserve_test_reasm_mixed),
	KUNIT_CASE(net_reserve_test_gro_mixed),
	KUNIT_CASE(net_reserve_test_gro_charged),
	KUNIT_CASE(net_reserve_test_shell_frees),
	KUNIT_CASE(net_reserve_test_backlog),
	KUNIT_CASE(net_reserve_test_rx_rings),
	KUNIT_CASE(net_reserve_test_rx_rings_ethtool),
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
