#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn one rig run's logs into figures, and a scenario's runs into its JSON.

  result.py record RUNDIR            -> one JSON record on stdout
  result.py aggregate OUT.json SCENARIO KERNEL EXPECT RECORD.json...
  result.py summary RECORD.json      -> one human line

Logs read from RUNDIR: client-out.log (ttyS1: setup/progress/vmstat/RESULT
lines from the guest), client-console.log (kernel log, sysrq dumps),
server-out.log (heartbeats), meta (key=value lines written by the host).
"""
import json
import re
import sys
from pathlib import Path

PAGE_MIB = 4096 / 1048576
COUNTERS = ("pswpin", "pswpout", "pgscan_direct_throttle", "allocstall",
            "oom_kill", "pgmajfault", "swap_ra", "swap_ra_hit")


def kv(line):
    return dict(m.groups() for m in re.finditer(r"(\w+)=(\S+)", line))


def num(v):
    try:
        return int(v)
    except ValueError:
        try:
            return float(v)
        except ValueError:
            return v


def read(path):
    try:
        return Path(path).read_text(errors="replace").splitlines()
    except FileNotFoundError:
        return []


def blocked_tasks(console):
    """Tasks and their call chains from the first sysrq-w dump."""
    tasks, cur, in_dump = [], None, False
    for line in console:
        line = re.sub(r"^\[\s*[\d.]+\]\s*", "", line)
        if "Show Blocked State" in line:
            if in_dump:
                break
            in_dump = True
            continue
        if not in_dump:
            continue
        if "sysrq: " in line and "Blocked" not in line:
            break
        m = re.match(r"task:(\S+)\s+state:(\S+)", line)
        if m:
            cur = {"task": m.group(1), "state": m.group(2), "stack": []}
            tasks.append(cur)
            continue
        # "? fn+0x.." frames are unreliable leftovers on the stack: skip
        m = re.match(r"\s*([A-Za-z_][\w.]*)\+0x", line)
        if m and cur is not None:
            cur["stack"].append(m.group(1))
    return tasks


# Known deadlocks, recognised by a function in a blocked task's stack.
SIGNATURES = [
    ("refill_work", "virtio-net refill_work blocked in reclaim with NAPI "
     "disabled (waits on swap writeback only its own rx queue can complete)"),
]


def signature(tasks):
    for fn, what in SIGNATURES:
        for t in tasks:
            if fn in t["stack"]:
                return {"function": fn, "task": t["task"], "what": what}
    return None


# Kernel reports that fail a run whatever the workload says: lockdep
# ("WARNING: possible circular locking ..."), KASAN ("BUG: KASAN: ..."),
# DEBUG_ATOMIC_SLEEP ("BUG: sleeping function ..."), WARN_ON, oopses.
# The hung-task detector ("INFO: task X:PID blocked for more than N
# seconds", CONFIG_DETECT_HUNG_TASK in the client config) and RCU stall
# warnings ("rcu: INFO: rcu_sched detected stalls") count too: a task stuck
# for a minute is a failure even if the workload goes on around it.
REPORT = re.compile(r"(WARNING: |BUG: |kernel BUG at |Oops: |UBSAN: |"
                    r"Kernel panic - |inconsistent lock state|"
                    r"possible recursive locking|general protection fault|"
                    r"INFO: task \S+ blocked for more than|rcu: INFO: )")


def kernel_reports(console):
    """The first line of every kernel report in the console log."""
    reps = []
    for line in console:
        line = re.sub(r"^\[\s*[\d.]+\]\s*", "", line)
        if REPORT.search(line):
            reps.append(line.strip()[:160])
    return reps


ALLOCATOR = re.compile(r"^(dump_stack|warn_alloc|__alloc_pages|alloc_pages|__folio_alloc|folio_alloc|"
                       r"allocate_slab|new_slab|___slab_alloc|__slab_alloc|kmem_cache_alloc|"
                       r"__kmalloc|kmalloc|__alloc_skb|alloc_skb|__netdev_alloc|__napi_alloc|"
                       r"page_frag_alloc|__page_frag|kmalloc_reserve|pskb_expand_head|__get_free)")


def alloc_failures(console):
    """Every page allocation failure report on the console: its time, task,
    gfp mode, workqueue, and the first callers above the allocator, so a
    run that passed still shows where the reserve was not reachable."""
    out, cur, frames = [], None, 0
    for line in console:
        m = re.match(r"^\[\s*([\d.]+)\]\s*(.*)", line)
        body = m.group(2) if m else line
        f = re.match(r"(\S+): page allocation failure: order:(\d+), mode:(\S+?)(,|$)", body)
        if f:
            cur = {"t": float(m.group(1)) if m else None, "task": f.group(1),
                   "order": int(f.group(2)), "mode": f.group(3), "where": []}
            out.append(cur)
            frames = 0
            continue
        if cur is None:
            continue
        w = re.match(r"Workqueue: (\S+) (\S+)", body)
        if w:
            cur["workqueue"] = f"{w.group(1)} {w.group(2)}"
            continue
        fr = re.match(r"^\s*([A-Za-z_][\w.]*)\+0x", body)
        if fr and not body.lstrip().startswith("?"):
            frames += 1
            if not ALLOCATOR.match(fr.group(1)) and len(cur["where"]) < 3:
                cur["where"].append(fr.group(1))
        if body.startswith("Mem-Info") or frames > 40:
            cur = None
    for a in out:
        a["where"] = " < ".join(a["where"])
    return out


def tcpstat(line):
    """A server tcpstat line: retransmission totals, and per swap socket
    its peer, send/receive queue bytes, timer, timeouts in a row and rto."""
    f = dict(x.split("=", 1) for x in line.split()[2:] if "=" in x and not x.startswith("sock="))
    out = {"t": float(line.split()[1]), "retrans": int(f.get("retrans") or 0),
           "timeouts": int(f.get("timeouts") or 0), "sockets": []}
    for x in line.split():
        if not x.startswith("sock="):
            continue
        peer, q, tm, retr, rto = x[5:].split(",")
        ip, port = peer.split(":")
        out["sockets"].append({
            "peer": ".".join(str(int(ip[i:i + 2], 16)) for i in (6, 4, 2, 0)) + f":{int(port, 16)}",
            "tx_queue": int(q.split(":")[0], 16), "rx_queue": int(q.split(":")[1], 16),
            "timer": int(tm.split(":")[0], 16), "timer_in_s": int(tm.split(":")[1], 16) / 100,
            "timeouts_in_a_row": int(retr, 16), "rto_s": int(rto) / 100})
    return out


def record(rundir):
    d = Path(rundir)
    meta = {}
    for line in read(d / "meta"):
        if "=" in line:
            k, v = line.split("=", 1)
            meta[k] = v
    out = read(d / "client-out.log")
    vm = [kv(l) for l in out if l.startswith("vmstat ")]
    res = {}
    for l in out:
        if l.startswith("RESULT "):
            res.update({k: num(v) for k, v in kv(l).items()})
    rc = None
    for l in out:
        m = re.match(r"@@EXIT rc=(\d+)", l)
        if m:
            rc = int(m.group(1))
    setup_fail = [l for l in out if l.startswith("setup failed")]
    mismatches = [l for l in out if l.startswith("MISMATCH")]
    died = [l for l in out if l.startswith("CHILD ")]
    el = [kv(l) for l in out if l.startswith("elapsed ")]
    starts = [kv(l) for l in out if l.startswith("START ")]
    ns = [kv(l) for l in out if l.startswith("netstat ")]

    r = {"label": meta.get("label", ""), "swap": meta.get("swap", ""),
         "link": meta.get("link", "")}
    # where the figures come from: the client's kernel as it booted, the
    # project's commit and series, the host, the day
    prov = {k[len("prov_"):]: v for k, v in meta.items() if k.startswith("prov_")}
    boot = [l.split()[2] for l in out if l.startswith("setup boot ") and len(l.split()) > 2]
    if boot:
        prov["kernel_release"] = boot[0]
    r["provenance"] = prov
    hang = meta.get("hang") == "1"
    if el:
        r["elapsed_s"] = round(float(el[-1]["end"]) - float(el[-1]["start"]), 1)
    elif len(vm) >= 2:
        r["elapsed_s"] = round(float(vm[-1]["t"]) - float(vm[0]["t"]), 1)
    else:
        r["elapsed_s"] = float(meta.get("wall_s", 0))
    for c in COUNTERS:
        if len(vm) >= 1:
            r[c if c != "oom_kill" else "oom_kills"] = \
                int(vm[-1][c]) - int(vm[0][c])
        else:
            r[c if c != "oom_kill" else "oom_kills"] = 0
    t = r["elapsed_s"] or 1
    r["swapout_mib_s"] = round(r["pswpout"] * PAGE_MIB / t, 2)
    r["swapin_mib_s"] = round(r["pswpin"] * PAGE_MIB / t, 2)
    r["verify_errors"] = int(res.get("verify_errors", len(mismatches)))
    r["pages_verified"] = int(res.get("pages_verified", 0))
    r["workload"] = res
    # swapmon's samples as time series (seconds from the first sample), for
    # the benchmark's plots: swap counters, and each reserve's usage
    if vm:
        t0 = float(vm[0]["t"])
        r["series"] = {"t": [round(float(x["t"]) - t0, 1) for x in vm],
                       "pswpin": [int(x["pswpin"]) for x in vm],
                       "pswpout": [int(x["pswpout"]) for x in vm]}
        # reserve names have dashes (xprt-1, rx-rings): split, not kv()
        rs = [dict(f.split("=", 1) for f in l.split()[1:] if "=" in f)
              for l in out if l.startswith("reserve_usage ")]
        if rs:
            r["series"]["reserve_t"] = [round(float(x.pop("t")) - t0, 1) for x in rs]
            names = sorted({k for x in rs for k in x})
            r["series"]["reserve_usage"] = {n: [int(x.get(n, 0)) for x in rs]
                                            for n in names}
    # swapmon's ARP cache statistics: failed resolutions and the packets
    # they dropped over the run, and the last sample (a hang's state)
    nb = [kv(l) for l in out if l.startswith("neigh ")]
    if len(nb) >= 2:
        r["neigh"] = {k: int(nb[-1][k]) - int(nb[0][k])
                      for k in ("allocs", "res_failed", "unresolved_discards")
                      if k in nb[-1] and k in nb[0]}
        r["neigh"]["last_t"] = round(float(nb[-1]["t"]) - float(nb[0]["t"]), 1)
    # memstress's PASS lines: each pass's time, major faults and swap traffic
    passes = [{k: num(v) for k, v in kv(l).items()} for l in out
              if l.startswith("PASS ")]
    if passes:
        r["passes"] = passes
    r["exit_rc"] = rc
    # netstat0 (before the workload) and netstat (after): the difference
    ns0 = [kv(l) for l in out if l.startswith("netstat0 ")]
    for c in ("pfmemalloc_drop", "pfmemalloc_reserve_drop"):
        if ns and c in ns[-1]:
            r[c] = int(ns[-1][c]) - int(ns0[-1].get(c, 0) if ns0 else 0)
    # /proc/reserve_info at the end of the run: name own subtree usage peak failed
    reserves = {}
    for l in out:
        f = l.split()
        if len(f) == 7 and f[0] == "reserve" and all(x.isdigit() for x in f[2:]):
            reserves[f[1]] = dict(zip(("own", "subtree", "usage", "peak", "failed"),
                                      map(int, f[2:])))
    if reserves:
        r["reserves"] = reserves
    r["wall_s"] = float(meta.get("wall_s", 0))
    if "max_progress_gap_s" in meta:
        # the longest the host waited for a progress line (2 s resolution)
        r["max_progress_gap_s"] = int(meta["max_progress_gap_s"])
    # KUnit suites that ran at boot: "# suite: pass:P fail:F skip:S total:T"
    kunit = {}
    for l in read(d / "client-console.log"):
        m = re.search(r"# (\S+): pass:(\d+) fail:(\d+) skip:(\d+) total:(\d+)", l)
        if m and m.group(1) != "Totals":
            kunit[m.group(1)] = dict(zip(("pass", "fail", "skip", "total"),
                                         map(int, m.groups()[1:])))
    if kunit:
        r["kunit"] = kunit
    fails = alloc_failures(read(d / "client-console.log"))
    if fails:
        r["alloc_failures"] = fails
    reports = kernel_reports(read(d / "client-console.log"))
    if reports:
        r["kernel_reports"] = reports
    hb = [l for l in read(d / "server-out.log") if l.startswith("heartbeat")]
    if hb:
        r["server_heartbeats"] = len(hb)
    # the server's neighbour entries as its last heartbeat saw them
    sn = [l[len("neigh "):].strip() for l in read(d / "server-out.log") if l.startswith("neigh ")]
    if sn:
        r["server_neigh_last"] = sn[-1]
        r["server_neigh_failed"] = sum("FAILED" in x or "INCOMPLETE" in x for x in sn)
    tcp = [tcpstat(l) for l in read(d / "server-out.log") if l.startswith("tcpstat ")]
    if len(tcp) >= 2:
        r["server_tcp"] = {k: tcp[-1][k] - tcp[0][k] for k in ("retrans", "timeouts")}
        r["server_tcp"]["last"] = tcp[-1]
    # frames dropped on the host on their way into each VM (the tap's
    # tx_dropped, or the dgram link's UDP socket drops)
    drops = [l.split() for l in read(d / "host-link-drops.log")]
    drops = [x for x in drops if len(x) == 3]
    if len(drops) >= 2:
        r["host_link_drops"] = {"client": int(drops[-1][1]) - int(drops[0][1]),
                                "server": int(drops[-1][2]) - int(drops[0][2])}
    # The client NIC's and UDP's receive counters over the job (netdev0
    # before, netdev after), and a host-side flood's own account with the
    # taps' counters: what was sent, what reached the client, what was lost
    nd0 = [kv(l) for l in out if l.startswith("netdev0 ")]
    nd = [kv(l) for l in out if l.startswith("netdev ")]
    if nd0 and nd:
        r["nic"] = {k: int(nd[-1][k]) - int(nd0[-1][k]) for k in nd[-1] if k in nd0[-1]}
    # the swap block device's /sys/block/X/stat over the job (blkstat0
    # before, blkstat after): its requests, and their mean size
    bs0 = [l.split() for l in out if l.startswith("blkstat0 ")]
    bs = [l.split() for l in out if l.startswith("blkstat ")]
    if (bs0 and bs and len(bs0[-1]) >= 10 and len(bs[-1]) == len(bs0[-1])
            and bs[-1][1] == bs0[-1][1]
            and all(x.isdigit() for x in bs0[-1][2:10] + bs[-1][2:10])):
        f = [int(b) - int(a) for a, b in zip(bs0[-1][2:10], bs[-1][2:10])]
        st = dict(zip(("reads", "reads_merged", "sectors_read", "read_ms",
                       "writes", "writes_merged", "sectors_written", "write_ms"), f))
        st["device"] = bs[-1][1]
        st["read_kib_per_req"] = round(f[2] / 2 / f[0], 1) if f[0] else 0
        st["write_kib_per_req"] = round(f[6] / 2 / f[4], 1) if f[4] else 0
        r["swapdev"] = st
    # /proc/stat's cpu line (USER_HZ ticks, 100 a second): the client's
    # over the job (cpustat0 before, cpustat after), the server's from its
    # first heartbeat to its last, so with its part in the client's boot
    # and setup (a few seconds: mounts, exports, nbd-server's fork)
    def cpu_ok(line):
        f = line.split()[2:9]
        return len(f) == 7 and all(x.isdigit() for x in f)

    def cpu_use(a, b):
        if not cpu_ok(a) or not cpu_ok(b):
            return None
        a, b = a.split()[2:9], b.split()[2:9]
        f = dict(zip(("user", "nice", "system", "idle", "iowait", "irq", "softirq"),
                     (int(y) - int(x) for x, y in zip(a, b))))
        tot = sum(f.values())
        if tot <= 0:
            return None
        busy = tot - f["idle"] - f["iowait"]
        return {"busy_s": round(busy / 100, 2), "idle_s": round(f["idle"] / 100, 2),
                "iowait_s": round(f["iowait"] / 100, 2),
                "softirq_s": round(f["softirq"] / 100, 2),
                "busy_pct": round(100 * busy / tot, 1)}
    vs0 = [kv(l) for l in out if l.startswith("vmscan0 ")]
    vs = [kv(l) for l in out if l.startswith("vmscan ")]
    if vs0 and vs and vs[-1] and all(v.isdigit() for v in list(vs0[-1].values()) + list(vs[-1].values())):
        r["vmscan"] = {k: int(v) - int(vs0[-1][k]) for k, v in vs[-1].items() if k in vs0[-1]}
    cs0 = [l for l in out if l.startswith("cpustat0 ")]
    cs = [l for l in out if l.startswith("cpustat ")]
    cu = cpu_use(cs0[-1], cs[-1]) if cs0 and cs else None
    if cu:
        r["client_cpu"] = cu
        for k in ("intr", "ctxt"):
            a0, a1 = kv(cs0[-1]).get(k, ""), kv(cs[-1]).get(k, "")
            if a0.isdigit() and a1.isdigit():
                r["client_cpu"][k] = int(a1) - int(a0)
    # (a line cut short by the VM's end is left out)
    scs = [l for l in read(d / "server-out.log") if l.startswith("cpustat ") and cpu_ok(l)]
    su = cpu_use(scs[0], scs[-1]) if len(scs) >= 2 else None
    if su:
        r["server_cpu"] = su
    # each QEMU's threads on the host (rig_log_sched): from the first
    # sample to the last, the vCPU thread's seconds on a CPU and waiting
    # for one, and the other threads' (I/O, the tap) seconds on a CPU
    sched = {}
    for f in (l.split() for l in read(d / "host-sched.log")):
        if len(f) == 6 and all(x.isdigit() for x in (f[0], f[4], f[5])):
            t = sched.setdefault((f[1], f[2]), [f[3], None, None])
            t[1] = t[1] or (int(f[0]), int(f[4]), int(f[5]))
            t[2] = (int(f[0]), int(f[4]), int(f[5]))
    hs = {}
    for (vm, _), (comm, a, b) in sched.items():
        v = hs.setdefault(vm, {"vcpu_run_s": 0.0, "vcpu_wait_s": 0.0, "other_run_s": 0.0, "span_s": 0})
        v["span_s"] = max(v["span_s"], b[0] - a[0])
        # "CPU n/TCG", or "ALL CPUs/TCG" with ACCEL=tcg,thread=single
        if comm.startswith(("CPU_", "ALL_CPUs/")):
            v["vcpu_run_s"] += (b[1] - a[1]) / 1e9
            v["vcpu_wait_s"] += (b[2] - a[2]) / 1e9
        else:
            v["other_run_s"] += (b[1] - a[1]) / 1e9
    for v in hs.values():
        for k in ("vcpu_run_s", "vcpu_wait_s", "other_run_s"):
            v[k] = round(v[k], 2)
        busy = v["vcpu_run_s"] + v["vcpu_wait_s"]
        v["vcpu_wait_pct"] = round(100 * v["vcpu_wait_s"] / busy, 1) if busy else 0
    if hs:
        r["host_sched"] = hs
    fl = [kv(l) for l in read(d / "host-bg.log") if l.startswith("RESULT ")]
    taps = {f[0]: dict(zip(("tx_packets", "tx_dropped", "rx_packets", "rx_dropped"), map(int, f[1:5])))
            for f in (l.split() for l in read(d / "link-stats")) if len(f) == 5}
    if taps:
        r["taps"] = taps
    if fl:
        f = {k: num(v) for k, v in fl[-1].items()}
        if "tap-c0" in taps:
            # every frame the bridge handed to the client's tap (the
            # server's too), and those its QEMU did not take in time
            f["wire"] = taps["tap-c0"]["tx_packets"]
            f["host_dropped"] = taps["tap-c0"]["tx_dropped"]
        n = r.get("nic", {})
        for k, key in (("nic_rx", "rx_packets"), ("nic_dropped", "rx_dropped")):
            if key in n:
                f[k] = n[key]
        if "udp_in" in n:
            f["udp_in"] = n["udp_in"] + n.get("udp_inerr", 0)
        r["flood"] = f
    # Every run of the workload must have swapped: pages beyond MemTotal
    # must go out, and each verify pass must bring them back. A workload no
    # larger than RAM cannot show that, so such a run fails too.
    # workload_x (meta): the job's anonymous memory at its peak as a
    # multiple of MemTotal, where more than one memstress runs at once.
    if starts and meta.get("swap_check", "1") != "0" and not hang:
        mem = int(starts[0].get("memtotal_kib", 0)) // 4
        x = float(meta["workload_x"]) if "workload_x" in meta else \
            max(int(s.get("size_mib", 0)) * 256 for s in starts) / (mem or 1)
        floor = int((x - 1) * mem)
        r["swap_floor_pages"] = floor
        if floor <= 0:
            r["swap_check_failed"] = (f"the workload ({x:.2f} x RAM) is not larger than RAM: "
                                      f"this run cannot show that it swapped")
        elif r["pswpout"] < floor or r["pswpin"] < floor:
            r["swap_check_failed"] = (f"swapped out {r['pswpout']} and in {r['pswpin']} pages, "
                                      f"want at least {floor} each ({x:.2f} x RAM)")
    if setup_fail:
        r["setup_failed"] = setup_fail[0]
    if died:
        r["children_died"] = died
    if hang:
        r["result"] = "hang"
        r["hang_reason"] = meta.get("hang_reason", "")
        # rig_recover_watch: seconds from stopping the host's load to the
        # workload's next progress, -1 if none came in time
        if "recovered_after_s" in meta:
            r["recovered_after_s"] = int(meta["recovered_after_s"])
        # swapmon is often throttled long before the watchdog fires: a
        # hang's elapsed_s is the host's seconds from boot to the last
        # progress line instead, and its rates are over that time
        if "last_progress_s" in meta:
            r["elapsed_s"] = float(meta["last_progress_s"])
            for c, k in (("pswpout", "swapout_mib_s"), ("pswpin", "swapin_mib_s")):
                r[k] = round(r[c] * PAGE_MIB / (r["elapsed_s"] or 1), 2)
        if len(drops) >= 2:
            # the last sample is taken right after the stack dump
            r["host_link_drops_during_dump"] = {
                "client": int(drops[-1][1]) - int(drops[-2][1]),
                "server": int(drops[-1][2]) - int(drops[-2][2])}
        tasks = blocked_tasks(read(d / "client-console.log"))
        r["blocked_tasks"] = tasks
        r["stack_dump"] = bool(tasks) or any(
            "Show Blocked State" in l for l in read(d / "client-console.log"))
        if "server_heartbeats_during_dump" in meta:
            r["server_alive"] = int(meta["server_heartbeats_during_dump"]) > 0
        rx1, rx2 = meta.get("rx_ring_before", ""), meta.get("rx_ring_after", "")
        if rx1 and rx2:
            # inuse used_idx last_avail_idx shadow_avail_idx, as QEMU says
            r["rx_ring"] = {"before": rx1.strip(), "after": rx2.strip()}
            r["rx_ring_frozen"] = rx1 == rx2
        r["deadlock"] = signature(tasks)
        # The same deadlock when refill_work never gets to run: NAPI's
        # GFP_ATOMIC refill fails, the ring stays empty (nothing posted
        # during the dump), and the worker pool that would run the refill
        # is itself blocked in reclaim behind swap writeback.
        if not r["deadlock"] and r.get("rx_ring_frozen") and any(
                "try_fill_recv" in a["where"] for a in r.get("alloc_failures", [])):
            r["deadlock"] = {"function": "refill_work", "task": "(pending)",
                             "what": "virtio-net rx ring empty: NAPI's refill fails and "
                             "refill_work is stuck behind a worker blocked in reclaim"}
    elif rc == 0 and r["verify_errors"] == 0 and r["oom_kills"] == 0 \
            and not died and not reports and "swap_check_failed" not in r \
            and not any(k["fail"] for k in kunit.values()):
        r["result"] = "pass"
    else:
        r["result"] = "fail"
    return r


def aggregate(out, scenario, kernel, expect, recs):
    runs = [json.loads(Path(p).read_text()) for p in recs]
    order = {"pass": 0, "fail": 1, "hang": 2}
    worst = max((r["result"] for r in runs), key=order.get, default="fail")
    agg = {"scenario": scenario, "kernel": kernel, "result": worst,
           "expect": expect}
    el = sum(r["elapsed_s"] for r in runs)
    agg["elapsed_s"] = round(el, 1)
    for c in ("pswpout", "pswpin", "pgscan_direct_throttle", "allocstall",
              "oom_kills", "verify_errors", "pages_verified"):
        agg[c] = sum(r.get(c, 0) for r in runs)
    agg["swapout_mib_s"] = round(agg["pswpout"] * PAGE_MIB / (el or 1), 2)
    agg["swapin_mib_s"] = round(agg["pswpin"] * PAGE_MIB / (el or 1), 2)
    kunit = {}
    for r in runs:
        for suite, k in r.get("kunit", {}).items():
            kunit[suite] = k
    if kunit:
        agg["kunit"] = kunit
    agg["runs"] = runs
    Path(out).write_text(json.dumps(agg, indent=1) + "\n")


def summary(rec):
    r = json.loads(Path(rec).read_text())
    s = (f"{r['label']}: {r['result']} link={r.get('link')} elapsed={r['elapsed_s']}s "
         f"out={r['swapout_mib_s']}MiB/s in={r['swapin_mib_s']}MiB/s "
         f"pswpout={r['pswpout']} pswpin={r['pswpin']} "
         f"verified={r['pages_verified']} errors={r['verify_errors']} "
         f"throttle={r['pgscan_direct_throttle']} "
         f"allocstall={r['allocstall']} oom={r['oom_kills']}")
    if "pfmemalloc_drop" in r:
        s += f" pfmemalloc_drop={r['pfmemalloc_drop']}"
    if "pfmemalloc_reserve_drop" in r:
        s += f" reserve_drop={r['pfmemalloc_reserve_drop']}"
    for name in ("network", "rx", "rx-rings"):
        if name in r.get("reserves", {}):
            v = r["reserves"][name]
            s += f" {name}={v['peak']}/{v['subtree']}p"
    w = r.get("workload", {})
    if "mib_s" in w:
        s += f" link={w['mib_s']}MiB/s"
    if r.get("alloc_failures"):
        wh = sorted({a["where"] for a in r["alloc_failures"]})
        s += f" alloc_failures={len(r['alloc_failures'])} ({'; '.join(wh[:3])})"
    if "max_progress_gap_s" in r:
        s += f" max_gap={r['max_progress_gap_s']}s"
    if "host_link_drops" in r:
        s += f" host_drops={r['host_link_drops']['client']}"
    if "flood" in r:
        f = r["flood"]
        s += f" flood_sent={f.get('sent')} nic_rx={f.get('nic_rx', '?')}"
    if "server_tcp" in r:
        s += f" server_retrans={r['server_tcp']['retrans']}"
    if r.get("setup_failed"):
        s += f" ({r['setup_failed']})"
    if r.get("swap_check_failed"):
        s += f"\n    NOT SWAPPED: {r['swap_check_failed']}"
    for rep in r.get("kernel_reports", [])[:4]:
        s += f"\n    kernel report: {rep}"
    if r["result"] == "hang":
        s += f" hang: {r.get('hang_reason', '')}"
        if "server_alive" in r:
            s += f"; server alive: {r['server_alive']}"
        if "rx_ring_frozen" in r:
            s += f"; rx ring frozen: {r['rx_ring_frozen']}"
        if "host_link_drops_during_dump" in r:
            s += f"; host drops to client during dump: {r['host_link_drops_during_dump']['client']}"
        if "recovered_after_s" in r:
            t = r["recovered_after_s"]
            s += ("; once the host's load stopped: "
                  + (f"progress again after {t}s" if t >= 0 else "no progress"))
        for k in r.get("server_tcp", {}).get("last", {}).get("sockets", []):
            s += (f"\n    server socket to {k['peer']}: tx_queue={k['tx_queue']}"
                  f" timeouts_in_a_row={k['timeouts_in_a_row']} rto={k['rto_s']}s"
                  f" timer={k['timer']} in {k['timer_in_s']}s")
        if r.get("deadlock"):
            s += f"\n    DEADLOCK: {r['deadlock']['what']} ({r['deadlock']['task']})"
        for t in r.get("blocked_tasks", [])[:6]:
            s += f"\n    blocked {t['task']}: {' < '.join(t['stack'][:8])}"
    print(s)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "record":
        print(json.dumps(record(sys.argv[2]), indent=1))
    elif cmd == "aggregate":
        aggregate(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5],
                  sys.argv[6:])
    elif cmd == "summary":
        summary(sys.argv[2])
