#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# keep-results.sh DEST KERNEL...: copy what tests/nfs-swap/repeat and
# campaign kept under build/results/<kernel>/repeat/ into DEST/<kernel>/
# for committing: each run's JSON, each variant's summary, and the kernel's
# dump of every run that did not pass (the full console logs stay in build/).
# keep-results.sh --bench DEST: the same for make bench's build/bench/: the
# table, its figures and each scenario's runs (the plots stay in build/).
# Records lose their per-second series on the way (scripts/slim-results.py):
# the plots' data is not for git.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
if [ "${1:-}" = --bench ]; then
	dest=${2:?usage: keep-results.sh --bench DEST}
	mkdir -p "$dest"
	cp "$BUILD/bench/bench.md" "$BUILD/bench/bench.json" "$dest/"
	for f in "$BUILD"/bench/*.runs; do
		cp "$f" "$dest/$(basename "$f").json"
	done
	python3 "$TOP/scripts/slim-results.py" "$dest"/*.json
	echo "keep-results: bench: $(ls "$dest" | wc -l) files in $dest"
	exit 0
fi
dest=${1:?usage: keep-results.sh DEST KERNEL... | --bench DEST}
shift
for k in "$@"; do
	src=$BUILD/results/$k/repeat
	[ -d "$src" ] || { echo "keep-results: nothing under $src" >&2; exit 1; }
	mkdir -p "$dest/$k"
	cp "$src"/*.json "$dest/$k/"
	python3 "$TOP/scripts/slim-results.py" "$dest/$k"/*.json
	for f in "$src"/*.dump.txt; do
		[ -e "$f" ] || continue
		{ echo "# SPDX-License-Identifier: GPL-2.0"
		  echo "# $(basename "$f" .dump.txt) on $k: the kernel's account of the hang (tests/nfs-swap/lib/dumps.py)"
		  cat "$f"; } > "$dest/$k/$(basename "$f")"
	done
	echo "keep-results: $k: $(ls "$dest/$k" | wc -l) files in $dest/$k"
done
