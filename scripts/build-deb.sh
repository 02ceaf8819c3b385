#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-deb.sh: make deb. linux-image and linux-headers packages of the
# netswap kernel, built with the kernel's own bindeb-pkg from Debian's own
# 6.12 amd64 config (linux-config-6.12's config.amd64_none_amd64.xz) plus
# configs/deb.config. Output: build/deb/*.deb and build/deb/build.log;
# the build's wall time is printed at the end.
# Environment: DEB_DEBUG_INFO=1 keeps Debian's debug info (and builds
# the -dbg package); DEB_BASE_CONFIG=FILE starts from FILE instead of
# Debian's config (a quick test of the packaging, e.g. the rig's
# build/kernels/netswap-modular/config); DEB_REVISION (default 1) is the
# package revision: version 6.12.118-netswapN.
set -euo pipefail
. "$(dirname "$0")/common.sh"

# openssl makes the module signing key (Debian's config signs modules and
# names no key: the build makes one); zstd compresses the image
# (CONFIG_KERNEL_ZSTD); xz the modules (CONFIG_MODULE_COMPRESS_XZ)
DEB_PKGS=(linux-config-6.12 debhelper kmod rsync dpkg-dev openssl zstd xz-utils)
[ "${DEB_DEBUG_INFO:-0}" = 1 ] && DEB_PKGS+=(dwarves)
EXTRA_PKGS="${DEB_PKGS[*]}" "$TOP/scripts/deps.sh"
for t in openssl zstd xz depmod dh_builddeb dpkg-buildpackage rsync; do
	command -v "$t" > /dev/null || die "$t missing after installing ${DEB_PKGS[*]}"
done

base=${DEB_BASE_CONFIG:-}
if [ -z "$base" ]; then
	xzcfg=/usr/src/linux-config-6.12/config.amd64_none_amd64.xz
	[ -f "$xzcfg" ] || die "$xzcfg missing (package linux-config-6.12)"
fi
obj=$BUILD/deb/obj
out=$BUILD/deb
mkdir -p "$obj" "$CCACHE_DIR"
rm -f "$out"/*.deb "$out"/*.buildinfo "$out"/*.changes

frag=$obj/netswap.config
grep -E '^(CONFIG_|# CONFIG_[A-Za-z0-9_]+ is not set$)' "$TOP/configs/deb.config" > "$frag"
if [ "${DEB_DEBUG_INFO:-0}" = 1 ]; then
	grep -v -E 'DEBUG_INFO' "$frag" > "$frag.new"
	mv "$frag.new" "$frag"
fi
if [ -n "$base" ]; then
	cp "$base" "$obj/.config"
else
	xz -dc "$xzcfg" > "$obj/.config"
fi
# Debian's config names no key files of Debian's (its modules are signed
# later by its own infrastructure): the build makes a signing key of its
# own for CONFIG_MODULE_SIG, as any out-of-Debian build does.
cat "$frag" >> "$obj/.config"
KMAKE=(make -C "$SRC" O="$obj" CC="ccache gcc" HOSTCC="ccache gcc" LOCALVERSION=)
"${KMAKE[@]}" -s olddefconfig
"${KMAKE[@]}" -s syncconfig	# kernelrelease below reads auto.conf
# What deb.config asks for must be what the config has.
config_check build-deb "$obj/.config" "$frag" || die "configs/deb.config not satisfied"

rel=$("${KMAKE[@]}" -s kernelrelease)
ver=$(sed -n 's/^VERSION = //p; s/^PATCHLEVEL = //p; s/^SUBLEVEL = //p' "$SRC/Makefile" |
	paste -sd.)
pkgver=$ver-netswap${DEB_REVISION:-1}
echo "build-deb: $rel, package version $pkgver, $(nproc) jobs; log in $out/build.log"
start=$(date +%s)
"${KMAKE[@]}" -j"$(nproc)" KDEB_PKGVERSION="$pkgver" bindeb-pkg > "$out/build.log" 2>&1 ||
	{ tail -40 "$out/build.log"; die "bindeb-pkg failed (log: $out/build.log)"; }
secs=$(( $(date +%s) - start ))
# bindeb-pkg leaves the packages in the object directory's parent: $out
ls "$out"/linux-image-"$rel"_*.deb > /dev/null 2>&1 || die "no linux-image-$rel package in $out"
for d in "$out"/*.deb; do
	printf 'build-deb: %s (%s, %s)\n' "$(basename "$d")" \
		"$(dpkg-deb -f "$d" Version)" "$(du -h "$d" | cut -f1)"
done
echo "build-deb: built in $((secs / 60)) min $((secs % 60)) s on $(nproc) cores"
