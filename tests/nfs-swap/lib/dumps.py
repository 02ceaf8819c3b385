#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""dumps.py RUNDIR...: the kernel's account of a hang, from each client
console log under RUNDIR: every page allocation failure report (its first
stack), sysrq-w's blocked tasks and sysrq-m's memory state, without sysrq-t's listing of every task (kept in the full log).
Printed as plain text, one section per console, for committing next to
the campaign's results."""
import re
import sys
from pathlib import Path

TS = re.compile(r"^\[\s*[\d.]+\]\s*")


def sections(lines):
    out, mode, left = [], None, 0
    for line in lines:
        body = TS.sub("", line)
        if "page allocation failure" in body:
            mode, left = "alloc", 45
            out.append("")
        elif "sysrq: Show Blocked State" in body:
            mode, left = "w", 4000
            out.append("")
        elif "sysrq: Show Memory" in body:
            mode, left = "m", 400
            out.append("")
        elif "sysrq: Show State" in body or "sysrq: " in body and mode in ("w", "m"):
            mode = None
        if mode and left > 0:
            out.append(line.rstrip())
            left -= 1
            if mode == "alloc" and body.startswith("Mem-Info"):
                mode = None
    return out


def main():
    for d in sys.argv[1:]:
        for con in sorted(Path(d).rglob("*console.log")):
            if "server" in con.name:
                continue
            print(f"===== {con.relative_to(Path(d).parent)}")
            lines = con.read_text(errors="replace").splitlines()
            print("\n".join(sections(lines)))


if __name__ == "__main__":
    main()
