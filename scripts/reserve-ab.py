#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""reserve-ab.py RUNS...: the reserve core's A/B table, from tests/nfs-swap/ab.

Each RUNS is a .runs file that `KERNELS="vanilla fixes-only netswap"
tests/nfs-swap/ab N SCENARIO` wrote (one JSON line a run: kernel, round,
rc, the scenario's JSON). Prints a markdown table, one row per variant
(the file's name) and kernel: runs, how they ended (pass, hang with the
deadlock the rig named, or whether it went on once the
host's load stopped; other failures), pages lost (verify errors), swap
out MiB/s and elapsed s over the runs that passed (median, min-max), and
the reserve figures of the kernels that have one: each row's peak
(median, max) and failed charges (total), emergency skbs dropped at
sockets and for want of reserve (median).
"""
import json
import statistics
from collections import Counter
import sys
from pathlib import Path


def med(v):
    if not v:
        return "-"
    m = statistics.median(v)
    return f"{m:g} ({min(v):g}-{max(v):g})" if len(v) > 1 else f"{m:g}"


def hang_kind(x):
    """What a hang was: the deadlock the rig named by its stack, else
    whether the client's receive ring was frozen (nothing posted to it
    during the stack dump) and whether the workload went on once the
    host's load was stopped (rig_recover_watch); "?" if neither is known."""
    fn = (x.get("deadlock") or {}).get("function")
    if fn:
        return fn
    what = []
    if x.get("rx_ring_frozen"):
        what.append("rx ring frozen")
    t = x.get("recovered_after_s")
    if t is not None:
        what.append(f"went on {t} s after the load stopped" if t >= 0
                    else "no progress once the load stopped")
    return ", ".join(what) or "?"


def rows(path):
    runs = [json.loads(line) for line in open(path) if line.strip()]
    kernels = list(dict.fromkeys(r["kernel"] for r in runs))
    out = []
    for k in kernels:
        recs = [run for r in runs if r["kernel"] == k
                for run in (r["json"] or {}).get("runs", [])]
        n = sum(1 for r in runs if r["kernel"] == k)
        ok = [x for x in recs if x["result"] == "pass"]
        hangs = [x for x in recs if x["result"] == "hang"]
        sigs = sorted(Counter(hang_kind(x) for x in hangs).items())
        fails = len(recs) - len(ok) - len(hangs) + sum(
            1 for r in runs if r["kernel"] == k and not (r["json"] or {}).get("runs"))
        lost = sum(x.get("verify_errors", 0) for x in recs)
        res = {}
        for x in recs:
            for name, v in x.get("reserves", {}).items():
                if name == "total":
                    continue
                key = "xprt" if name.startswith("xprt-") else name
                res.setdefault(key, {"peak": [], "failed": 0})
                res[key]["peak"].append(v["peak"])
                res[key]["failed"] += v["failed"]
        reserve = "; ".join(
            f"{n_} {statistics.median(v['peak']):g}/{max(v['peak'])}"
            + (f" failed {v['failed']}" if v["failed"] else "")
            for n_, v in sorted(res.items()) if n_ in ("network", "rx", "reasm", "xprt", "nbd0")
        ) or "-"
        out.append({
            "variant": Path(path).name.removesuffix(".runs").removesuffix(".runs.json"),
            "kernel": k, "runs": n, "pass": len(ok),
            "hang": f"{len(hangs)}" + (" (" + ", ".join(f"{c}x {w}" for w, c in sigs) + ")"
                                       if hangs else ""),
            "fail": fails, "lost": lost,
            "out": med([x["swapout_mib_s"] for x in ok if "swapout_mib_s" in x]),
            "elapsed": med([x["elapsed_s"] for x in ok if "elapsed_s" in x]),
            "reserve": reserve,
            "pfm": med([x["pfmemalloc_drop"] for x in recs if "pfmemalloc_drop" in x]),
            "rdrop": med([x["pfmemalloc_reserve_drop"] for x in recs
                          if "pfmemalloc_reserve_drop" in x]),
        })
    return out


def main(paths):
    print("| variant | kernel | runs | pass | hang | other failure | pages lost "
          "| swap out MiB/s | elapsed s | reserve peak median/max (failed) "
          "| dropped at sockets | dropped, reserve exhausted |")
    print("|---" * 12 + "|")
    for p in paths:
        for r in rows(p):
            print(f"| {r['variant']} | {r['kernel']} | {r['runs']} | {r['pass']} | {r['hang']} "
                  f"| {r['fail']} | {r['lost']} | {r['out']} | {r['elapsed']} | {r['reserve']} "
                  f"| {r['pfm']} | {r['rdrop']} |")


if __name__ == "__main__":
    main(sys.argv[1:])
