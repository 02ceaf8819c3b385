#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Make build/netswap/src (pristine 6.12 + owned files + patches/series, one git
# commit each), build/vanilla/src (a worktree at the pristine commit) and
# build/fixes-only/src (a worktree: pristine + scripts/fixes-only.series).
#
# Kernel work is done in build/netswap/src with git; scripts/export-patches.sh
# turns the commits back into owned files and patches/. This script never
# throws away commits that were not exported: if the tree has moved on from
# what it was built from, and the repo's inputs changed too, it stops.
set -euo pipefail
. "$(dirname "$0")/common.sh"

G() { git "${GIT_ID[@]}" -C "$SRC" "$@"; }

make_pristine() {
	[ -f "$TARBALL" ] || die "$TARBALL missing (apt-get install linux-source-6.12)"
	echo "prepare: unpacking $(basename "$TARBALL") into $SRC"
	rm -rf "$BUILD/netswap/src" "$BUILD/vanilla/src" "$BUILD/fixes-only/src"
	mkdir -p "$SRC"
	tar xf "$TARBALL" --strip-components=1 -C "$SRC"
	git -C "$SRC" init -q -b netswap
	# Debian's tarball ignores every top-level entry (its packaging repo
	# keeps the tree elsewhere); drop that block so new files show up.
	sed -i '/^# Debian packaging/,$d' "$SRC/.gitignore"
	G add -A
	G commit -q -m "pristine: $(make -s -C "$SRC" kernelversion) from $(basename "$TARBALL")"
	G tag pristine
	mkdir -p "$BUILD/vanilla"
	G worktree add -q --detach "$VSRC" pristine
}

apply_inputs() {
	G reset -q --hard pristine
	G clean -q -fdx
	local d
	for d in "${OVERLAY_DIRS[@]}"; do
		[ -d "$TOP/$d" ] && cp -a "$TOP/$d" "$SRC/"
	done
	G add -A
	if ! G diff --cached --quiet; then
		G commit -q -m "netswap: owned files" \
			-m "Files the netswap project owns outright (overlay)."
	fi
	G tag -f overlay >/dev/null
	local p
	while read -r p; do
		p=${p%%#*}; p=${p//[[:space:]]/}
		[ -n "$p" ] || continue
		G am -q --keep-cr "$TOP/patches/$p" || {
			G am --abort || true
			die "patch $p does not apply"
		}
	done < "$TOP/patches/series"
	echo "$(inputs_hash) $(G rev-parse HEAD)" > "$SRC/.git/netswap-stamp"
	echo "prepare: $SRC at $(G log --oneline -1)"
}

# The fixes-only tree: pristine and the patches fixes-only.series names,
# redone whenever the list or one of its patches changes.
FSRC=$BUILD/fixes-only/src
fixes_only() {
	local list=$TOP/scripts/fixes-only.series want have p
	mapfile -t fixes < <(sed 's/#.*//; s/[[:space:]]//g; /^$/d' "$list")
	want=$( (cd "$TOP/patches" && cat "$list" "${fixes[@]}") | sha256sum | cut -c1-16) ||
		die "fixes-only.series names a patch that patches/ does not have"
	have=$(cat "$FSRC/.git-fixes-stamp" 2>/dev/null) || have=none
	[ -e "$FSRC/.git" ] && [ "$want" = "$have" ] && return 0
	echo "prepare: $FSRC: pristine + ${#fixes[@]} patches of fixes-only.series"
	if [ ! -e "$FSRC/.git" ]; then
		mkdir -p "$BUILD/fixes-only"
		G worktree add -q --detach "$FSRC" pristine
	fi
	git "${GIT_ID[@]}" -C "$FSRC" reset -q --hard pristine
	for p in "${fixes[@]}"; do
		git "${GIT_ID[@]}" -C "$FSRC" am -q --keep-cr "$TOP/patches/$p" || {
			git -C "$FSRC" am --abort || true
			die "fixes-only: patch $p does not apply"
		}
	done
	echo "$want" > "$FSRC/.git-fixes-stamp"
}

if [ ! -e "$SRC/.git" ] || ! G rev-parse -q --verify pristine >/dev/null; then
	make_pristine
	apply_inputs
	fixes_only
	exit 0
fi
fixes_only

want=$(inputs_hash)
read -r have head < "$SRC/.git/netswap-stamp" || have=none
[ "$want" = "$have" ] && exit 0

if [ "$(G rev-parse HEAD)" = "$head" ] && [ -z "$(G status --porcelain)" ]; then
	echo "prepare: owned files or patches changed; rebuilding the series"
	apply_inputs
	exit 0
fi
die "build/netswap/src has work that is not in the repo, and the repo changed too.
  Export it first (make export), or drop it (make reset-tree)."
