#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""kprofile.py SYSTEM_MAP PROFILE.gz [TOP]: decode /proc/profile.

/proc/profile is one native unsigned int holding the step (bytes of kernel
text per counter), then one counter per step from _stext. Each counter is
charged to the text symbol at or below its address. Prints the TOP
functions and the ticks per area (a coarse grouping by symbol name)."""
import bisect
import gzip
import re
import struct
import sys

AREAS = [  # first match wins
    ("idle", r"^(default_idle|acpi_idle|cpu_idle|do_idle|pv_native_safe_halt|native_safe_halt|arch_cpu_idle|poll_idle|mwait)"),
    ("checksum", r"csum"),
    ("copy, clear, move", r"^(memcpy|memmove|memset|__memcpy|__memset|__memmove|copy_|_copy_|rep_movs|clear_page|copy_page|__copy|copy_user|__clear_user|clear_user|_copy_to_iter|_copy_from_iter|skb_copy_bits|skb_copy_datagram)"),
    ("virtio, virtio-net", r"^(virtnet|virtqueue|vring|virtio|vp_|receive_buf|receive_mergeable|try_fill_recv|add_recvbuf|free_old_xmit|start_xmit|detach_buf|page_to_skb|skb_page_frag)"),
    ("tcp", r"^(tcp|__tcp|inet_csk|tcp4)"),
    ("udp", r"^(udp|__udp)"),
    ("ip, netfilter, neigh", r"^(ip_|__ip|inet_|ipv4|fib|nf_|neigh|arp|dst_|raw_)"),
    ("core net: skb, softirq, napi, gro, dev", r"^(skb|__skb|kfree_skb|consume_skb|alloc_skb|__alloc_skb|napi|__napi|gro|dev_|__dev|netif|__netif|net_rx|net_tx|sk_|__sk|sock|__sock|release_sock|lock_sock|build_skb|__build_skb|eth_|qdisc|__qdisc|pfifo|sch_|validate_xmit|__kfree_skb|sk_stream|page_frag|__page_frag|netdev|rps|process_backlog|__netif_receive|ethtool)"),
    ("sunrpc, xdr", r"^(rpc|__rpc|xprt|xs_|xdr|__xdr|svc|gss|rpcauth|call_|bc_)"),
    ("nfs", r"^(nfs|__nfs|pnfs)"),
    ("swap, page cache, folio", r"^(swap|__swap|folio|__folio|filemap|__filemap|add_to_swap|get_swap|put_swap|page_cache|mapping_|xa_|xas_|__xa|__xas|read_swap|shmem|lookup_swap|free_swap|swp_|workingset)"),
    ("reclaim, lru, rmap", r"^(shrink|__shrink|isolate_|move_folios|lru_|__lru|folio_referenced|try_to_unmap|rmap|page_vma|page_referenced|evict|reclaim|__reclaim|try_to_free|balance_pgdat|kswapd|mem_cgroup|__mem_cgroup|throttle|pageout|lruvec|__remove_mapping|remove_mapping|node_reclaim|__node_reclaim|do_try_to_free|vmpressure|mlock|list_lru)"),
    ("page and slab allocator", r"^(__alloc_pages|get_page_from_freelist|rmqueue|__rmqueue|free_pcppages|free_unref|__free_pages|free_pages|__free_one|kmem_cache|kmalloc|__kmalloc|kfree|__kmem|slab|___slab|__slab|mempool|alloc_pages|__folio_alloc|zone_|__zone|page_frag_alloc|__page_frag|prep_new|post_alloc|should_fail|memblock|__put_partials|put_cpu_partial|get_partial|kmalloc_reserve|mem_reserve|__mem_reserve|__get_free|alloc_page|free_page|__free_page|free_tail|free_frozen|__rmqueue_pcplist|rmqueue_bulk|__mod_zone|mod_zone|__count_vm|decay_pcp|drain_|split_page|__split|buffered_rmqueue)"),
    ("fault, mm, tlb", r"^(handle_mm_fault|__handle_mm_fault|do_swap_page|do_anonymous|do_fault|exc_page_fault|do_user_addr_fault|__pte|pte_|pmd_|pud_|p4d_|flush_tlb|native_flush|zap_|unmap_|set_pte|ptep_|__do_fault|handle_pte|lock_vma|vma_|find_vma|mmap_|__mmap|page_add|folio_add|native_set|__tlb|tlb_|wp_page|do_wp)"),
    ("locks, irq, sched, timers", r"^(_raw_spin|raw_spin|__raw|queued_spin|native_queued|_raw_read|_raw_write|mutex|__mutex|down_|up_|rwsem|__rwsem|schedule|__schedule|try_to_wake|wake_up|__wake_up|ttwu|enqueue|dequeue|update_curr|pick_next|finish_task|__switch_to|switch_mm|context_switch|irq|__irq|handle_irq|handle_edge|common_interrupt|asm_|sysvec|__sysvec|do_softirq|__do_softirq|handle_softirqs|irq_exit|__irq_exit|local_bh|__local_bh|hrtimer|__hrtimer|tick_|ktime|timekeeping|clockevents|lapic|native_apic|x2apic|apic_|run_timer|__run_timer|mod_timer|__mod_timer|add_timer|timer_|rcu|__rcu|kthread|worker_thread|process_one_work|queue_work|__queue_work|idle_|sched_|load_balance|update_|preempt|__cond_resched|do_syscall|entry_|syscall|restore_regs|native_irq|read_tsc|native_read|native_sched_clock|sched_clock|kvm_clock|pvclock|native_write_msr|native_read_msr|finish_wait|prepare_to_wait|autoremove|woken|wait_woken|complete|__wait|wait_for|do_nanosleep|poll_|do_poll|do_sys_poll|__x64_sys)"),
]


def load_map(path):
    addrs, names = [], []
    stext = None
    for line in open(path):
        f = line.split()
        if len(f) < 3:
            continue
        a, t, n = int(f[0], 16), f[1], f[2]
        if n == "_stext":
            stext = a
        if t in "tTwW":
            addrs.append(a)
            names.append(n)
    order = sorted(range(len(addrs)), key=addrs.__getitem__)
    return [addrs[i] for i in order], [names[i] for i in order], stext


def area(name):
    for a, rx in AREAS:
        if re.search(rx, name):
            return a
    return "other"


def main():
    addrs, names, stext = load_map(sys.argv[1])
    data = gzip.open(sys.argv[2]).read()
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    n = len(data) // 4
    vals = struct.unpack(f"<{n}I", data[:n * 4])
    step, counters = vals[0], vals[1:]
    per = {}
    for i, c in enumerate(counters):
        if not c:
            continue
        a = stext + i * step
        j = bisect.bisect_right(addrs, a) - 1
        name = names[j] if j >= 0 else "?"
        per[name] = per.get(name, 0) + c
    total = sum(per.values())
    if not total:
        print("kprofile: no kernel ticks recorded")
        sys.exit(1)
    idle = sum(c for k, c in per.items() if area(k) == "idle")
    busy = total - idle
    print(f"kernel ticks: {total} ({total / 100:.1f} s at HZ 100), idle {idle}, "
          f"busy {busy}; % below are of busy kernel ticks")
    print(f"\n{'ticks':>7} {'%':>6}  area")
    areas = {}
    for k, c in per.items():
        areas[area(k)] = areas.get(area(k), 0) + c
    for a, c in sorted(areas.items(), key=lambda x: -x[1]):
        if a != "idle":
            print(f"{c:7d} {100 * c / busy:6.1f}  {a}")
    print(f"\n{'ticks':>7} {'%':>6}  function (area)")
    for k, c in sorted(per.items(), key=lambda x: -x[1])[:top]:
        if area(k) != "idle":
            print(f"{c:7d} {100 * c / busy:6.1f}  {k} ({area(k)})")


if __name__ == "__main__":
    main()
