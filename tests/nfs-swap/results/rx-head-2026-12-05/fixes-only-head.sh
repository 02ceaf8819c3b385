#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fixes-only-head.sh: the kernel "fixes-only-head" of this directory's foh
# runs: fixes-only plus 0025, with net_reserve_rx_head() as it is in
# net/core/net_reserve.c but no reserve core behind it, so the heads it
# takes from the pool are charged nowhere (0025 as a standalone fix). A
# throwaway variant for one A/B, not part of the series. Run from the
# project root after make fixes-only; the tree is restored at the end.
set -euo pipefail
src=build/fixes-only/src
obj=$PWD/build/fixes-only/obj
git -C "$src" apply "$PWD"/patches/0025-*.patch
trap 'git -C "$src" checkout -q net/core/skbuff.c' EXIT
{ echo; echo 'static __maybe_unused'; sed -n '/^void \*net_reserve_rx_head(/,/^}/p' net/core/net_reserve.c; } > /tmp/rx_head.c
awk 'FNR == NR { h = h $0 "\n"; next }
     /^static struct sk_buff \*napi_skb_cache_get\(void\)$/ { printf "%s\n", h }
     { print }' /tmp/rx_head.c "$src/net/core/skbuff.c" > /tmp/skbuff.c
cp /tmp/skbuff.c "$src/net/core/skbuff.c"
make -s -C "$src" O="$obj" CC="ccache gcc" -j2 "${@:-bzImage}"
[ $# -gt 0 ] && exit 0
mkdir -p build/kernels/fixes-only-head build/results/fixes-only-head
cp "$obj/arch/x86/boot/bzImage" "$obj/System.map" build/kernels/fixes-only-head/
cp build/kernels/fixes-only/config build/kernels/fixes-only-head/
cp build/results/fixes-only/link-raw.json build/results/fixes-only-head/
