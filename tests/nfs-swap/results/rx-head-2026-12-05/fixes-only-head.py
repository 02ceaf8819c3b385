# SPDX-License-Identifier: GPL-2.0
# How the fixes-only-head kernel of this directory was made: run this on a
# prepared tree (make fixes-only), build it (make -C build/fixes-only/src
# O=build/fixes-only/obj), copy bzImage, System.map and config to
# build/kernels/fixes-only-head, then restore net/core/skbuff.c. A throwaway
# variant for one A/B, not a patch of the series.
# the standalone form of 0025 for the fixes-only tree (no reserve core)
p='/work/main/build/fixes-only/src/net/core/skbuff.c'
s=open(p).read()
helper='''
/* variant fixes-only-head: 0025 without the core (uncharged) */
static void *skb_rx_head_from_reserve(struct kmem_cache *cache, bool *pf)
{
	void *head;

	if (!sk_memalloc_socks() || !in_softirq())
		return NULL;
	head = kmem_cache_alloc(cache, GFP_ATOMIC | __GFP_MEMALLOC | __GFP_NOWARN);
	if (head)
		*pf = true;
	return head;
}
'''
anchor='static struct sk_buff *napi_skb_cache_get(void)\n'
assert anchor in s
s=s.replace(anchor, helper+'\n'+anchor,1)
reps=[('''	skb = kmem_cache_alloc(net_hotdata.skbuff_cache,
			       GFP_ATOMIC | __GFP_NOWARN);
	if (unlikely(!skb))
		return NULL;

	memset(skb, 0, offsetof(struct sk_buff, tail));
	__build_skb_around(skb, data, frag_size);
''','''	bool pfm = false;

	skb = kmem_cache_alloc(net_hotdata.skbuff_cache,
			       GFP_ATOMIC | __GFP_NOWARN);
	if (unlikely(!skb))
		skb = skb_rx_head_from_reserve(net_hotdata.skbuff_cache, &pfm);
	if (unlikely(!skb))
		return NULL;

	memset(skb, 0, offsetof(struct sk_buff, tail));
	__build_skb_around(skb, data, frag_size);
	skb->pfmemalloc = pfm;
'''),('''	skb = napi_skb_cache_get();
	if (unlikely(!skb))
		return NULL;

	memset(skb, 0, offsetof(struct sk_buff, tail));
	__build_skb_around(skb, data, frag_size);
''','''	bool pfm = false;

	skb = napi_skb_cache_get();
	if (unlikely(!skb))
		skb = skb_rx_head_from_reserve(net_hotdata.skbuff_cache, &pfm);
	if (unlikely(!skb))
		return NULL;

	memset(skb, 0, offsetof(struct sk_buff, tail));
	__build_skb_around(skb, data, frag_size);
	skb->pfmemalloc = pfm;
'''),('''		skb = napi_skb_cache_get();
	else''','''		skb = napi_skb_cache_get(),
		skb = skb ?: ((flags & SKB_ALLOC_RX) ? skb_rx_head_from_reserve(cache, &head_pfm) : NULL);
	else'''),('''	bool pfmemalloc;
	u8 *data;

	cache = (flags''','''	bool pfmemalloc, head_pfm = false;
	u8 *data;

	cache = (flags'''),('''	__build_skb_around(skb, data, size);
	skb->pfmemalloc = pfmemalloc;
''','''	__build_skb_around(skb, data, size);
	skb->pfmemalloc = pfmemalloc || head_pfm;
''')]
for a,b in reps:
    assert s.count(a)==1, a[:60]
    s=s.replace(a,b,1)
open(p,'w').write(s)
