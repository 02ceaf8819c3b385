#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The A/B benchmark's report: a table and plots from tests/nfs-swap/ab runs.

  bench-report.py OUTDIR A B SCENARIO...

Reads OUTDIR/SCENARIO.runs (one JSON line per run: kernel, run, rc, and the
scenario's result JSON with every run record), writes OUTDIR/bench.md,
OUTDIR/bench.json and, per scenario and run label, gnuplot PNG and SVG
plots: swap MiB/s over time for both kernels, and each reserve's usage over
time on B (the kernel that has /proc/reserve_info).
"""
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

PAGE_MIB = 4096 / 1048576
# (key in a run record, column title)
METRICS = [("swapout_mib_s", "swap out MiB/s"), ("swapin_mib_s", "swap in MiB/s"),
           ("elapsed_s", "elapsed s"), ("pgscan_direct_throttle", "throttle events"),
           ("allocstall", "allocstalls"), ("pfmemalloc_drop", "pfmemalloc drops"),
           ("pfmemalloc_reserve_drop", "reserve drops"),
           ("swapin_passes_mib_s", "swap-in MiB/s, verify passes"),
           ("swapin_passes_majflt", "major faults, verify passes")]


def load(outdir, sc):
    runs = []
    for line in (outdir / f"{sc}.runs").read_text().splitlines():
        runs.append(json.loads(line))
    return runs


def figures(runs, A, B):
    """{label: {kernel: {"records": [...], "outcomes": [...]}}}"""
    out = {}
    for r in runs:
        k = r["kernel"]
        j = r["json"]
        if not j:		# the scenario did not even leave a result
            out.setdefault("(scenario)", {}).setdefault(k, {"records": [], "outcomes": []})
            out["(scenario)"][k]["outcomes"].append("fail")
            continue
        for rec in j["runs"]:
            d = out.setdefault(rec["label"], {}).setdefault(
                k, {"records": [], "outcomes": []})
            d["outcomes"].append(rec["result"])
            d["records"].append(rec)
    return out


def peak(rec):
    """The largest reserve peak of a run, and the row it was in."""
    best = (None, None)
    for name, v in rec.get("reserves", {}).items():
        if name != "total" and (best[0] is None or v["peak"] > best[0]):
            best = (v["peak"], name)
    return best


def cell(v):
    if not v:
        return "-"
    return f"{statistics.median(v):g} ({min(v):g}-{max(v):g})"


def ratio(a, b):
    if not a or not b or not statistics.median(a):
        return "-"
    return f"{statistics.median(b) / statistics.median(a):.2f}"


def nearest_median(recs, key="swapout_mib_s"):
    ok = [r for r in recs if r["result"] == "pass" and "series" in r and key in r]
    if not ok:
        return None
    m = statistics.median(r[key] for r in ok)
    return min(ok, key=lambda r: abs(r[key] - m))


def rates(series):
    """MiB/s between consecutive samples: (t, out, in) rows."""
    t, po, pi = series["t"], series["pswpout"], series["pswpin"]
    rows = []
    for i in range(1, len(t)):
        dt = t[i] - t[i - 1]
        if dt > 0:
            rows.append((t[i], (po[i] - po[i - 1]) * PAGE_MIB / dt,
                         (pi[i] - pi[i - 1]) * PAGE_MIB / dt))
    return rows


def plot(outdir, name, title, ylabel, datasets):
    """datasets: [(legend, [(x, y), ...])]; writes NAME.png and NAME.svg."""
    if not shutil.which("gnuplot") or not any(d for _, d in datasets):
        return []
    dat = outdir / f"{name}.dat"
    with dat.open("w") as f:
        for legend, rows in datasets:
            f.write(f"# {legend}\n")
            for x, y in rows:
                f.write(f"{x:.1f} {y:.3f}\n")
            f.write("\n\n")
    made = []
    for term, ext in (("pngcairo size 900,480", "png"), ("svg size 900,480", "svg")):
        target = outdir / f"{name}.{ext}"
        plots = ", ".join(f"'{dat}' index {i} with lines lw 2 title '{legend}'"
                          for i, (legend, _) in enumerate(datasets))
        script = (f"set terminal {term}\nset output '{target}'\n"
                  f"set title '{title}'\nset xlabel 'seconds'\n"
                  f"set ylabel '{ylabel}'\nset grid\nset key top right\n"
                  f"plot {plots}\n")
        subprocess.run(["gnuplot"], input=script, text=True, check=True)
        made.append(target.name)
    return made


def backends(outdir, B, report):
    """The swap-backends section: its table, and swap-out over time of each
    backend's run nearest its median, in one plot."""
    path = outdir / "swap-backends.json"
    if not path.exists():
        return [f"## Swap backends on {B} (swap-backends)", "",
                "Not run (BENCH_BACKENDS=0), or it left no result: see "
                f"build/runs/{B}/swap-backends/log.", ""]
    j = json.loads(path.read_text())
    md = [f"## Swap backends on {B}, alternated round by round (swap-backends)", "",
          "ram: swap on pmem in the client's own memory (the ceiling); link: one "
          "TCP stream client -> server. Ratios: of the medians; the last "
          "column, each round's ratio to that round's disk, median (min-max) "
          "over the rounds. Client busy %: near 100, the client's CPU bound "
          "the run.", ""]
    table = outdir / "swap-backends.md"
    md += table.read_text().splitlines() if table.exists() else ["(no table: the scenario failed early)"]
    groups = {}
    for rec in j.get("runs", []):
        groups.setdefault(rec["label"].rsplit("-", 1)[0], []).append(rec)
    sets = []
    for b, recs in groups.items():
        rec = None if b.startswith("link") else nearest_median(recs)
        if rec:
            sets.append((f"{b} out", [(t, o) for t, o, _ in rates(rec["series"])]))
    made = plot(outdir, "swap-backends-swap", f"swap-out throughput per backend ({B})",
                "MiB/s", sets)
    if made:
        md += ["", "Plots: " + ", ".join(f"`{m}`" for m in made)]
    report["swap_backends"] = {
        b: {k: [r[k] for r in recs if r["result"] == "pass" and k in r]
            for k in ("swapout_mib_s", "swapin_mib_s", "elapsed_s")}
        for b, recs in groups.items()}
    report["swap_backends"].update({
        b: {"mib_s": [r["workload"]["mib_s"] for r in recs
                      if r["result"] == "pass" and "mib_s" in r.get("workload", {})]}
        for b, recs in groups.items() if b.startswith("link")})
    return md + [""]


def main():
    outdir, A, B, scenarios = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
    md = ["# A/B benchmark", "",
          f"A = {A}, B = {B}; each scenario run alternately on A and B "
          "(tests/nfs-swap/ab). Figures: median (min-max) over the runs that "
          "passed; B/A is the ratio of the medians. Hangs and failures are "
          "counted out of all runs. Reserve peak: the largest peak of any "
          "row of /proc/reserve_info (B only).", ""]
    report = {"A": A, "B": B, "scenarios": {}}
    for sc in scenarios:
        runs = load(outdir, sc)
        fig = figures(runs, A, B)
        report["scenarios"][sc] = {}
        for label, per in fig.items():
            a, b = per.get(A, {"records": [], "outcomes": []}), per.get(B, {"records": [], "outcomes": []})
            md += [f"## {sc}: {label}", "",
                   f"| | {A} | {B} | {B}/{A} |", "|---|---|---|---|"]
            entry = {}
            for k in (A, B):
                o = per.get(k, {"outcomes": []})["outcomes"]
                entry[k] = {"runs": len(o), "pass": o.count("pass"),
                            "hang": o.count("hang"), "fail": o.count("fail")}
            md.append(f"| runs: pass / hang / fail | "
                      f"{entry[A]['pass']} / {entry[A]['hang']} / {entry[A]['fail']} | "
                      f"{entry[B]['pass']} / {entry[B]['hang']} / {entry[B]['fail']} | |")
            for key, title in METRICS:
                va = [r[key] for r in a["records"] if r["result"] == "pass" and key in r]
                vb = [r[key] for r in b["records"] if r["result"] == "pass" and key in r]
                entry[A][key], entry[B][key] = va, vb
                if va or vb:
                    md.append(f"| {title} | {cell(va)} | {cell(vb)} | {ratio(va, vb)} |")
            pk = [peak(r) for r in b["records"] if r["result"] == "pass"]
            pk = [p for p in pk if p[0] is not None]
            if pk:
                entry[B]["reserve_peaks"] = pk
                top = max(pk)
                md.append(f"| reserve peak, pages | - | {cell([p[0] for p in pk])}, "
                          f"largest in `{top[1]}` | |")
            # plots from the run nearest each kernel's median
            base = f"{sc}-{label}".replace("/", "_")
            sets = []
            for k, d in ((A, a), (B, b)):
                rec = nearest_median(d["records"])
                if rec:
                    rw = rates(rec["series"])
                    sets += [(f"{k} out", [(t, o) for t, o, _ in rw]),
                             (f"{k} in", [(t, i) for t, _, i in rw])]
            made = plot(outdir, f"{base}-swap", f"{sc} {label}: swap throughput",
                        "MiB/s", sets)
            rec = nearest_median(b["records"])
            if rec and "reserve_usage" in rec["series"]:
                s = rec["series"]
                sets = [(n, list(zip(s["reserve_t"], v)))
                        for n, v in s["reserve_usage"].items() if n != "total"]
                made += plot(outdir, f"{base}-reserve",
                             f"{sc} {label}: reserve usage on {B}", "pages", sets)
            if made:
                md += ["", "Plots: " + ", ".join(f"`{m}`" for m in made)]
            md.append("")
            report["scenarios"][sc][label] = entry
    md += backends(outdir, B, report)
    (outdir / "bench.md").write_text("\n".join(md) + "\n")
    (outdir / "bench.json").write_text(json.dumps(report, indent=1) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    main()
