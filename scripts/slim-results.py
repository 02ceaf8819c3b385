#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""slim-results.py FILE...: make rig records fit for committing, in place.

Drops what only the plots of one run need (each record's "series": the
guest's per-second samples of swap counters and reserve usage), which is
most of a record's bytes; every figure that docs/results.md cites stays.
Reads a JSON document or JSON lines (a .runs file), writes the same form.
"""
import json
import sys

BULKY = ("series",)


def slim(o):
    if isinstance(o, dict):
        return {k: slim(v) for k, v in o.items() if k not in BULKY}
    if isinstance(o, list):
        return [slim(x) for x in o]
    return o


def main(paths):
    for p in paths:
        text = open(p).read()
        try:
            out = json.dumps(slim(json.loads(text)), separators=(",", ":")) + "\n"
        except json.JSONDecodeError:
            out = "".join(json.dumps(slim(json.loads(line))) + "\n"
                          for line in text.splitlines() if line.strip())
        if out != text:
            open(p, "w").write(out)


if __name__ == "__main__":
    main(sys.argv[1:])
