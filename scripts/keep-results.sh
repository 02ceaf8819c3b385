#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# keep-results.sh DEST KERNEL...: copy what tests/nfs-swap/repeat and
# campaign kept under build/results/<kernel>/repeat/ into DEST/<kernel>/
# for committing: each run's JSON, each variant's summary, and the kernel's
# dump of every run that did not pass (the full console logs stay in build/).
set -euo pipefail
dest=${1:?usage: keep-results.sh DEST KERNEL...}
shift
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
for k in "$@"; do
	src=$BUILD/results/$k/repeat
	[ -d "$src" ] || { echo "keep-results: nothing under $src" >&2; exit 1; }
	mkdir -p "$dest/$k"
	cp "$src"/*.json "$dest/$k/"
	for f in "$src"/*.dump.txt; do
		[ -e "$f" ] || continue
		{ echo "# SPDX-License-Identifier: GPL-2.0"
		  echo "# $(basename "$f" .dump.txt) on $k: the kernel's account of the hang (tests/nfs-swap/lib/dumps.py)"
		  cat "$f"; } > "$dest/$k/$(basename "$f")"
	done
	echo "keep-results: $k: $(ls "$dest/$k" | wc -l) files in $dest/$k"
done
