#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what the build and the rig need, with apt-get, only when missing.
# Idempotent: a machine that has everything spends one dpkg-query here.
set -euo pipefail

PKGS=(
	linux-source-6.12	# the upstream source we build
	build-essential flex bison bc libelf-dev libssl-dev cpio xz-utils
	ccache sparse git perl python3 python3-docutils
	qemu-system-x86		# the VMs (TCG)
	busybox-static		# both initramfs userlands
	nfs-kernel-server rpcbind	# nfs-utils userspace for the server VM
	nfs-common		# mount.nfs for the client VM (nfs-memalloc-mount)
	nbd-server nbd-client
	gnuplot-nox
	iproute2		# tc (netem) for the server VM (lossy-link); ip netns,
				# bridge and tap devices for the rig's link
	procps			# pgrep: the rig ends every process it started
)

# EXTRA_PKGS: what a target beyond the rig needs (make deb)
# shellcheck disable=SC2206 # a list of package names
PKGS+=(${EXTRA_PKGS:-})
pkgs=()
for p in "${PKGS[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[[ $st == installed ]] || pkgs+=("$p")
done
[ ${#pkgs[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages: ${pkgs[*]} (run as root to install them)" >&2
	exit 1
fi
echo "deps: installing ${pkgs[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${pkgs[@]}"
