#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Export build/netswap/src back into the repo:
#  - files added since the pristine commit are owned files: copied to the
#    overlay dirs (owned files no longer in the tree are removed);
#  - changes to upstream files become patches/NNNN-*.patch, one per commit that
#    touches them, restricted to upstream files, plus patches/series.
# Never edit patches/ by hand: edit the tree, commit, run this.
set -euo pipefail
. "$(dirname "$0")/common.sh"

G() { git -C "$SRC" "$@"; }
[ -e "$SRC/.git" ] || die "no tree at $SRC (run make prepare)"
[ -z "$(G status --porcelain --untracked-files=no)" ] ||
	die "uncommitted changes in $SRC: commit them first"

mapfile -t owned < <(G diff --name-only --diff-filter=A pristine HEAD)
mapfile -t upstream < <(G diff --name-only --diff-filter=MDR pristine HEAD)

for f in "${owned[@]}"; do
	top=${f%%/*}
	ok=0
	for d in "${OVERLAY_DIRS[@]}"; do [ "$top" = "$d" ] && ok=1; done
	[ $ok = 1 ] || die "new file $f is outside the overlay dirs (${OVERLAY_DIRS[*]})"
done

# Owned files: replace the overlay with exactly what the tree has.
for d in "${OVERLAY_DIRS[@]}"; do rm -rf "${TOP:?}/$d"; done
for f in "${owned[@]}"; do
	mkdir -p "$TOP/$(dirname "$f")"
	cp -p "$SRC/$f" "$TOP/$f"
done

rm -f "$TOP"/patches/*.patch
: > "$TOP/patches/series"
if [ ${#upstream[@]} -gt 0 ]; then
	G format-patch -q --zero-commit --no-signature --no-numbered \
		-o "$TOP/patches" pristine..HEAD -- "${upstream[@]}"
fi
(cd "$TOP/patches" && ls -1 -- *.patch 2>/dev/null || true) > "$TOP/patches/series"
echo "$(inputs_hash) $(G rev-parse HEAD)" > "$SRC/.git/netswap-stamp"
echo "export: ${#owned[@]} owned files, $(wc -l < "$TOP/patches/series") patches"
