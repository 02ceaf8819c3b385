#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh client|server TOOLSDIR OUT.cpio.gz
# The rig's two userlands: busybox-static, the project's static tools, and
# (dynamic, with their libraries) nbd-client on the client, nfs-utils, rpcbind
# and nbd-server on the server. Everything comes from the host's packages.
set -euo pipefail
role=$1 tools=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,run,var,job,lib,lib64}
ln -s ../run "$stage/var/run"	# the kernel's rpcbind client uses /var/run/rpcbind.sock
cp /bin/busybox "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
for t in "$tools"/*; do
	[ -x "$t" ] && [ -f "$t" ] && cp "$t" "$stage/bin/"
done
rm -f "$stage/bin/flood"	# host-side tool

copy_dyn() {	# a dynamic binary and every library ldd names
	local bin=$1 lib
	cp "$bin" "$stage/usr/sbin/"
	for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done
}

case $role in
client)
	copy_dyn /usr/sbin/nbd-client
	# nfs-memalloc-mount: mount.nfs passes memalloc (nfs-common)
	copy_dyn "$(PATH=/usr/sbin:/sbin:$PATH command -v mount.nfs)"
	cp /etc/netconfig /etc/services /etc/protocols "$stage/etc/"	# libtirpc's
	cp "$here/guest/client-init" "$stage/init"
	;;
server)
	for b in /usr/sbin/rpcbind /usr/sbin/rpc.nfsd /usr/sbin/rpc.mountd \
		 /usr/sbin/exportfs /usr/bin/nbd-server; do
		copy_dyn "$b"
	done
	copy_dyn /usr/sbin/tc	# lossy-link: netem on the server's egress
	cp /etc/netconfig /etc/services /etc/protocols "$stage/etc/"
	printf 'root:x:0:0:root:/root:/bin/sh\n_rpc:x:100:65534::/run/rpcbind:/bin/false\nnobody:x:65534:65534::/:/bin/false\n' \
		> "$stage/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' > "$stage/etc/group"
	printf 'passwd: files\ngroup: files\nhosts: files\n' > "$stage/etc/nsswitch.conf"
	printf '127.0.0.1 localhost\n198.18.0.1 server\n198.18.0.2 client\n' > "$stage/etc/hosts"
	: > "$stage/etc/exports"
	: > "$stage/etc/nfs.conf"
	mkdir -p "$stage/etc/nbd-server"
	printf '[generic]\n\tuser = root\n\tgroup = root\n[swap]\n\texportname = /srv/export/nbd.img\n' \
		> "$stage/etc/nbd-server/config"
	cp "$here/guest/server-init" "$stage/init"
	;;
*) echo "mkinitramfs: role client|server" >&2; exit 2 ;;
esac
chmod 755 "$stage/init"
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -1) > "$out.tmp"
mv "$out.tmp" "$out"
