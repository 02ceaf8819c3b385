// SPDX-License-Identifier: GPL-2.0
/*
 * The network's share of the emergency reserve.
 *
 * While a socket swaps (SOCK_MEMALLOC), drivers refill their receive rings
 * from the emergency pool and the stack passes the resulting pfmemalloc
 * skbs up until a socket is known: a memalloc socket keeps them, any other
 * drops them. Nothing bounded how many of them the stack holds meanwhile
 * (backlogs, reassembly queues, the queues of memalloc sockets), so
 * unrelated traffic could empty the pool the swap replies need.
 *
 * Two reserves under "network" bound it, both with a demand only while
 * memalloc sockets exist (sk_memalloc_socks_get()/put()):
 *
 * - "rx-rings" declares the buffers the receive rings of the interfaces
 *   that are up can hold (ethtool rx_pending, MTU-sized skbs): the drivers
 *   take them from the pool, bounded by the rings, and are not charged.
 * - "rx" bounds what the stack holds: every pfmemalloc skb is charged its
 *   truesize as __netif_receive_skb_core() admits it, and uncharged when
 *   it is released. When "rx" is exhausted the skb is dropped there
 *   (PFMemallocReserveDrop in /proc/net/netstat). Its demand is that of
 *   the rings' packets, and never less than NET_RESERVE_RX_MIN_SKBS.
 *
 * The charge is kept in the skb (reserve_charge), so the uncharge is exact
 * whatever happens to truesize meanwhile (coalescing, reassembly); clones
 * do not own it.
 */

#include <linux/ethtool.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/reserve.h>
#include <linux/rtnetlink.h>
#include <linux/workqueue.h>
#include <net/ip.h>
#include <net/net_reserve.h>

/* Phillips's "a hundred or so packets" in flight, as a floor */
#define NET_RESERVE_RX_MIN_SKBS 128

struct mem_reserve net_reserve;
EXPORT_SYMBOL_GPL(net_reserve);
struct mem_reserve net_rx_reserve;
EXPORT_SYMBOL_GPL(net_rx_reserve);
static struct mem_reserve net_rx_rings_reserve;

static DEFINE_MUTEX(net_reserve_mutex);
static unsigned int net_reserve_users;	/* references on memalloc_socks_key */
static unsigned long net_reserve_ring_pages;	/* from the last scan */
static unsigned long net_reserve_rx_pages;
static void net_reserve_retry(struct work_struct *work);
static DECLARE_DELAYED_WORK(net_reserve_work, net_reserve_retry);

/*
 * Give both reserves the demand they should have now. Shrinking fails
 * while skbs charged to "rx" are still in flight: try again shortly.
 */
static void net_reserve_update(void)
{
	unsigned long rx = 0, rings = 0;
	int ret;

	lockdep_assert_held(&net_reserve_mutex);
	if (net_reserve_users) {
		rx = net_reserve_rx_pages;
		rings = net_reserve_ring_pages;
	}
	ret = mem_reserve_set_pages(&net_rx_rings_reserve, rings);
	if (!ret)
		ret = mem_reserve_set_pages(&net_rx_reserve, rx);
	if (ret == -EBUSY)
		schedule_delayed_work(&net_reserve_work, HZ / 10);
	else if (ret)
		pr_warn_ratelimited("net_reserve: cannot declare %lu + %lu pages: %d\n",
				    rx, rings, ret);
}

static void net_reserve_retry(struct work_struct *work)
{
	mutex_lock(&net_reserve_mutex);
	net_reserve_update();
	mutex_unlock(&net_reserve_mutex);
}

/**
 * sk_memalloc_socks_get - a socket, or a transport, starts to swap
 *
 * Takes a reference on sk_memalloc_socks(); the first one gives the
 * network reserves their demand, before the receive paths start taking
 * emergency memory for the network. May sleep.
 */
void sk_memalloc_socks_get(void)
{
	mutex_lock(&net_reserve_mutex);
	if (!net_reserve_users++)
		net_reserve_update();
	mutex_unlock(&net_reserve_mutex);
	static_branch_inc(&memalloc_socks_key);
}
EXPORT_SYMBOL_GPL(sk_memalloc_socks_get);

/**
 * sk_memalloc_socks_put - drop a reference taken by sk_memalloc_socks_get()
 *
 * The last one returns the network reserves' demand to the allocator,
 * once the skbs charged to them are released. May sleep.
 */
void sk_memalloc_socks_put(void)
{
	static_branch_dec(&memalloc_socks_key);
	mutex_lock(&net_reserve_mutex);
	if (!WARN_ON_ONCE(!net_reserve_users) && !--net_reserve_users)
		net_reserve_update();
	mutex_unlock(&net_reserve_mutex);
}
EXPORT_SYMBOL_GPL(sk_memalloc_socks_put);

/**
 * __net_reserve_charge_skb - charge an skb to the receive reserve
 * @skb: a pfmemalloc skb entering the stack, not charged yet
 *
 * Use net_reserve_charge_skb().
 *
 * Return: true if charged; false if the receive reserve is exhausted,
 * counted in PFMemallocReserveDrop.
 */
bool __net_reserve_charge_skb(struct sk_buff *skb)
{
	if (mem_reserve_charge_bytes(&net_rx_reserve, skb->truesize, GFP_ATOMIC)) {
		NET_INC_STATS(dev_net(skb->dev), LINUX_MIB_PFMEMALLOCRESERVEDROP);
		return false;
	}
	skb->reserve_charge = skb->truesize;
	return true;
}
EXPORT_SYMBOL_GPL(__net_reserve_charge_skb);

/**
 * __net_reserve_uncharge_skb - uncharge what an skb charged
 * @skb: a charged skb, being released
 *
 * Use net_reserve_uncharge_skb().
 */
void __net_reserve_uncharge_skb(struct sk_buff *skb)
{
	mem_reserve_uncharge_bytes(&net_rx_reserve, skb->reserve_charge);
	skb->reserve_charge = 0;
}
EXPORT_SYMBOL_GPL(__net_reserve_uncharge_skb);

/* What the receive rings of the interfaces that are up hold. RTNL held. */
static void net_reserve_scan(void)
{
	struct kernel_ethtool_ringparam kring;
	unsigned long rings = 0, skbs = 0;
	struct ethtool_ringparam ring;
	unsigned int len, maxlen = ETH_DATA_LEN + ETH_HLEN;
	struct net_device *dev;

	ASSERT_RTNL();
	for_each_netdev(&init_net, dev) {
		if (!(dev->flags & IFF_UP) || (dev->flags & IFF_LOOPBACK))
			continue;
		len = dev->mtu + dev->hard_header_len;
		maxlen = max(maxlen, len);
		if (!dev->ethtool_ops || !dev->ethtool_ops->get_ringparam)
			continue;
		memset(&ring, 0, sizeof(ring));
		memset(&kring, 0, sizeof(kring));
		dev->ethtool_ops->get_ringparam(dev, &ring, &kring, NULL);
		rings += mem_reserve_skb_pages(len, ring.rx_pending);
		skbs += ring.rx_pending;
	}
	skbs = max_t(unsigned long, skbs, NET_RESERVE_RX_MIN_SKBS);
	mutex_lock(&net_reserve_mutex);
	net_reserve_ring_pages = rings;
	net_reserve_rx_pages = mem_reserve_skb_pages(maxlen, skbs);
	net_reserve_update();
	mutex_unlock(&net_reserve_mutex);
}

static int net_reserve_netdev_event(struct notifier_block *nb,
				    unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	if (!net_eq(dev_net(dev), &init_net))
		return NOTIFY_DONE;
	switch (event) {
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGEMTU:
		net_reserve_scan();
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block net_reserve_notifier = {
	.notifier_call = net_reserve_netdev_event,
};

static int __init net_reserve_init(void)
{
	mem_reserve_init(&net_reserve, "network");
	mem_reserve_init(&net_rx_reserve, "rx");
	mem_reserve_init(&net_rx_rings_reserve, "rx-rings");
	if (mem_reserve_connect(&net_rx_reserve, &net_reserve) ||
	    mem_reserve_connect(&net_rx_rings_reserve, &net_reserve) ||
	    mem_reserve_connect(&net_reserve, &mem_reserve_root))
		pr_err("net_reserve: cannot build the network reserves\n");
	rtnl_lock();
	net_reserve_scan();
	rtnl_unlock();
	return register_netdevice_notifier(&net_reserve_notifier);
}
device_initcall(net_reserve_init);
