#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""results-table.py KERNEL...: markdown tables of build/results/<kernel>/.

One row per run of each scenario (figures as measured), then the ratios the
project tracks: NFS/disk, NFS/link, NBD/disk (whole-workload swap MiB/s, out+in);
given two kernels (A B), also B/A run by run.
"""
import json
import os
import sys
from pathlib import Path

BUILD = Path(os.environ.get("BUILD", Path(__file__).resolve().parent.parent / "build"))


def load(kernel):
    out = {}
    for p in sorted((BUILD / "results" / kernel).glob("*.json")):
        out[p.stem] = json.loads(p.read_text())
    return out


def rate(r):
    return r["swapout_mib_s"] + r["swapin_mib_s"]


def table(kernel, res):
    print(f"\n### {kernel}\n")
    print("| scenario | run | result | elapsed s | swap out MiB/s | swap in MiB/s "
          "| pswpout | pswpin | pages verified | errors | throttle | allocstall | oom |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, j in res.items():
        for r in j["runs"]:
            w = r.get("workload", {})
            extra = f" (link {w['mib_s']} MiB/s)" if "mib_s" in w else ""
            print(f"| {name} | {r['label']}{extra} | {r['result']} | {r['elapsed_s']} "
                  f"| {r['swapout_mib_s']} | {r['swapin_mib_s']} | {r['pswpout']} "
                  f"| {r['pswpin']} | {r['pages_verified']} | {r['verify_errors']} "
                  f"| {r['pgscan_direct_throttle']} | {r['allocstall']} | {r['oom_kills']} |")
    disk = res.get("disk-swap")
    link = res.get("link-raw")
    d = rate(disk) if disk and disk["result"] == "pass" else None
    lk = None
    if link and link["runs"] and "mib_s" in link["runs"][0].get("workload", {}):
        lk = float(link["runs"][0]["workload"]["mib_s"])
    rows = []
    for name in ("nfs3-swap", "nfs4-swap", "nfs41-swap", "nbd-swap"):
        j = res.get(name)
        if not j:
            continue
        for r in j["runs"]:
            if r["result"] != "pass":
                continue
            v = rate(r)
            rows.append((r["label"], v,
                         f"{v / d:.2f}" if d else "-",
                         f"{v / lk:.2f}" if lk else "-"))
    if rows:
        print(f"\nRatios (whole-workload swap MiB/s, out + in; disk {round(d, 2) if d else '-'} MiB/s; link {lk or '-'} MiB/s, one TCP stream one way):\n")
        print("| backend | MiB/s | / disk | / link |")
        print("|---|---|---|---|")
        for lab, v, rd, rl in rows:
            print(f"| {lab} | {v:.2f} | {rd} | {rl} |")


def campaign(kernels):
    """The repeat runs' summaries (tests/nfs-swap/repeat)."""
    print("| kernel | scenario | runs | pass | fail | hang | hangs with refill_work signature "
          "| hangs: server alive / rx ring frozen "
          "| median swap out MiB/s | median swap in MiB/s | median elapsed s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for k in kernels:
        for p in sorted((BUILD / "results" / k / "repeat").glob("*.summary.json")):
            j = json.loads(p.read_text())
            print(f"| {k} | {j['scenario']} | {j['runs']} | {j['pass']} | {j['fail']} "
                  f"| {j['hang']} | {j['hangs_with_signature']} "
                  f"| {j.get('hangs_server_alive', '-')} / {j.get('hangs_rx_ring_frozen', '-')} "
                  f"| {j['swapout_mib_s_median']} "
                  f"| {j['swapin_mib_s_median']} | {j['elapsed_s_median']} |")


def ab(a, b):
    """Run by run, B against A: result and whole-workload swap MiB/s ratio."""
    ra, rb = load(a), load(b)
    print(f"\n### {b} / {a}, run by run\n")
    print(f"| scenario | run | {a} | {b} | {a} MiB/s (out + in) | {b} MiB/s (out + in) "
          f"| {b} / {a} |")
    print("|---|---|---|---|---|---|---|")
    for name in sorted(set(ra) | set(rb)):
        runs_a = {r["label"]: r for r in ra.get(name, {}).get("runs", [])}
        runs_b = {r["label"]: r for r in rb.get(name, {}).get("runs", [])}
        for lab in sorted(set(runs_a) | set(runs_b)):
            x, y = runs_a.get(lab), runs_b.get(lab)
            vx = rate(x) if x else None
            vy = rate(y) if y else None
            ok = x and y and x["result"] == y["result"] == "pass" and vx
            print(f"| {name} | {lab} | {x['result'] if x else '-'} | {y['result'] if y else '-'} "
                  f"| {f'{vx:.2f}' if vx is not None else '-'} "
                  f"| {f'{vy:.2f}' if vy is not None else '-'} "
                  f"| {f'{vy / vx:.2f}' if ok else '-'} |")


def main():
    if sys.argv[1:2] == ["--campaign"]:
        campaign(sys.argv[2:])
        return
    kernels = sys.argv[1:] or ["vanilla", "netswap"]
    for k in kernels:
        res = load(k)
        if res:
            table(k, res)
    if len(kernels) == 2 and all(load(k) for k in kernels):
        ab(*kernels)


if __name__ == "__main__":
    main()
