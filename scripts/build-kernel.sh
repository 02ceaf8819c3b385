#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-kernel.sh VARIANT [debug]
#   VARIANT: vanilla (pristine tree), netswap (overlay + series) or
#            fixes-only (pristine + scripts/fixes-only.series: no core).
#   debug:   add configs/debug.config; the image goes to build/kernels/VARIANT-debug.
#   modular: add configs/modular.config (the network swap stack as modules);
#            the image goes to build/kernels/VARIANT-modular, its modules to
#            modules.cpio.gz beside it (appended to the client's initramfs).
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
case $flavour in
'') ;;
debug|modular) frags+=("$TOP/configs/$flavour.config"); name=$variant-$flavour ;;
*) die "unknown flavour $flavour" ;;
esac
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

config_check "build-kernel: $name" "$cfg" "${frags[@]}" ||
	die "config fragments not satisfied"

echo "build-kernel: building $name in $obj"
start=$(date +%s)
"${KMAKE[@]}" bzImage
cp "$obj/arch/x86/boot/bzImage" "$out/bzImage"
cp "$cfg" "$out/config"
cp "$obj/System.map" "$out/System.map"	# for tests/nfs-swap/kprofile
if grep -q '^CONFIG_MODULES=y' "$cfg"; then
	# The modules as the client's initramfs carries them: stripped, with
	# busybox's depmod (the guest's modprobe is busybox's) run over them.
	"${KMAKE[@]}" modules
	rm -rf "$obj/modinst"
	"${KMAKE[@]}" INSTALL_MOD_PATH="$obj/modinst" INSTALL_MOD_STRIP=1 \
		DEPMOD=/bin/true modules_install
	kver=$(cat "$obj/include/config/kernel.release")
	rm -f "$obj/modinst/lib/modules/$kver/build"
	busybox depmod -b "$obj/modinst" "$kver"
	(cd "$obj/modinst" && find lib | cpio -o -H newc -R 0:0 --quiet | gzip -1) \
		> "$out/modules.cpio.gz"
else
	rm -f "$out/modules.cpio.gz"
fi
echo "build-kernel: $name done in $(( $(date +%s) - start ))s: $out/bzImage"
