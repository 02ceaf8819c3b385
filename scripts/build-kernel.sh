#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-kernel.sh VARIANT [debug]
#   VARIANT: vanilla (pristine tree), netswap (overlay + series) or
#            fixes-only (pristine + scripts/fixes-only.series: no core).
#   debug:   add configs/debug.config; the image goes to build/kernels/VARIANT-debug.
# One config for both VM roles: allnoconfig + base + client + server fragments,
# plus netswap.config (options only the netswap tree has) for netswap.
# Output: build/kernels/NAME/{bzImage,config,System.map}.
set -euo pipefail
. "$(dirname "$0")/common.sh"

variant=${1:?usage: build-kernel.sh vanilla|netswap|fixes-only [debug]}
flavour=${2:-}
case $variant in
vanilla) src=$VSRC ;;
netswap) src=$SRC ;;
fixes-only) src=$BUILD/fixes-only/src ;;
*) die "unknown variant $variant" ;;
esac
frags=("$TOP/configs/base.config" "$TOP/configs/client.config" "$TOP/configs/server.config")
[ "$variant" = netswap ] && [ -f "$TOP/configs/netswap.config" ] && frags+=("$TOP/configs/netswap.config")
name=$variant
if [ "$flavour" = debug ]; then
	frags+=("$TOP/configs/debug.config")
	name=$variant-debug
fi
obj=$BUILD/$variant/obj${flavour:+-$flavour}
out=$BUILD/kernels/$name
mkdir -p "$obj" "$out" "$CCACHE_DIR"

KMAKE=(make -s -C "$src" O="$obj" CC="ccache gcc" HOSTCC="ccache gcc" -j"$(nproc)")

# allnoconfig with the fragments as KCONFIG_ALLCONFIG: everything not asked
# for (or selected by what was) stays off. Install the result only if it
# changed, so an unchanged config does not trigger a rebuild.
cfg=$obj/.config.netswap
{ cat "${frags[@]}"; echo "CONFIG_LOCALVERSION=\"-$variant\""; } > "$obj/allno.config"
"${KMAKE[@]}" KCONFIG_CONFIG=.config.new KCONFIG_ALLCONFIG="$obj/allno.config" \
	allnoconfig >/dev/null
cmp -s "$obj/.config.new" "$obj/.config" || cp "$obj/.config.new" "$obj/.config"
cp "$obj/.config" "$cfg"

missing=0
while IFS= read -r line; do
	case $line in CONFIG_*=*) ;; *) continue ;; esac
	grep -qxF "$line" "$cfg" || {
		echo "build-kernel: $name: $line did not survive (check dependencies)" >&2
		missing=1
	}
done < <(cat "${frags[@]}")
[ $missing = 0 ] || die "config fragments not satisfied"

echo "build-kernel: building $name in $obj"
start=$(date +%s)
"${KMAKE[@]}" bzImage
cp "$obj/arch/x86/boot/bzImage" "$out/bzImage"
cp "$cfg" "$out/config"
cp "$obj/System.map" "$out/System.map"	# for tests/nfs-swap/kprofile
echo "build-kernel: $name done in $(( $(date +%s) - start ))s: $out/bzImage"
