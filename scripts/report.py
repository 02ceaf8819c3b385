#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""report.py RESULT.json...: a readable summary of rig results."""
import json
import sys
from pathlib import Path


def main():
    for p in sys.argv[1:]:
        try:
            j = json.loads(Path(p).read_text())
        except (OSError, ValueError) as e:
            print(f"{p}: no result ({e})")
            continue
        print(f"\n{j['scenario']} on {j['kernel']}: {j['result'].upper()}")
        for r in j["runs"]:
            w = r.get("workload", {})
            print(f"  {r['label']:<14} {r['result']:<5} {r['elapsed_s']:>7.1f} s"
                  f"  swap out {r['swapout_mib_s']:>6.2f} MiB/s"
                  f"  in {r['swapin_mib_s']:>6.2f} MiB/s"
                  f"  pages verified {r['pages_verified']}"
                  f"  errors {r['verify_errors']}")
            if "write_mib_s" in w:
                print(f"  {'':<14} workload: {w.get('size_mib')} MiB x "
                      f"{w.get('passes')} passes, write {w['write_mib_s']} "
                      f"MiB/s, read {w.get('read_mib_s')} MiB/s")
            if "mib_s" in w:
                print(f"  {'':<14} link: {w['mib_s']} MiB/s")
            print(f"  {'':<14} pswpout {r['pswpout']} pswpin {r['pswpin']}"
                  f" throttle {r['pgscan_direct_throttle']}"
                  f" allocstall {r['allocstall']} oom_kills {r['oom_kills']}")
            for t in r.get("blocked_tasks", [])[:8]:
                print(f"  {'':<14} blocked {t['task']}: "
                      + " < ".join(t["stack"][:10]))
        print(f"  result: {p}")
        print(f"  logs:   {Path(p).parent.parent.parent / 'runs' / j['kernel'] / j['scenario']}/")


if __name__ == "__main__":
    main()
