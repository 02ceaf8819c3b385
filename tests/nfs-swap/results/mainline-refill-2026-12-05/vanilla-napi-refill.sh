#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vanilla-napi-refill.sh: the kernel "vanilla-napi-refill" of this
# directory's runs: vanilla 6.12.118 with the receive-path behaviour of
# mainline's fcdef3bcbb2c ("virtio-net: don't schedule delayed refill
# worker"): when the GFP_ATOMIC refill in virtnet_receive() fails, NAPI
# returns its whole budget and is polled again, instead of scheduling
# refill_work (which refills with GFP_KERNEL, NAPI disabled). Only that
# hunk: the open/resume/set_queues paths of the series do not run during
# the rig's floods. A throwaway variant for one comparison, not part of the
# series. Run from the project root after make; the tree is restored at
# the end (the next make rebuilds vanilla's virtio_net.o).
set -euo pipefail
src=build/vanilla/src
obj=$PWD/build/vanilla/obj
f=drivers/net/virtio_net.c
trap 'git -C "$src" checkout -q "$f"' EXIT
python3 - "$src/$f" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
old = """		if (!try_fill_recv(vi, rq, GFP_ATOMIC)) {
			spin_lock(&vi->refill_lock);
			if (vi->refill_enabled)
				schedule_delayed_work(&vi->refill, 0);
			spin_unlock(&vi->refill_lock);
		}
"""
new = """		if (!try_fill_recv(vi, rq, GFP_ATOMIC))
			/* as mainline fcdef3bcbb2c: poll again, no worker */
			packets = budget;
"""
assert s.count(old) == 1, "virtnet_receive() is not 6.12.118's"
open(p, "w").write(s.replace(old, new))
PY
git -C "$src" diff --stat
make -s -C "$src" O="$obj" CC="ccache gcc" HOSTCC="ccache gcc" -j2 bzImage
mkdir -p build/kernels/vanilla-napi-refill build/results/vanilla-napi-refill
cp "$obj/arch/x86/boot/bzImage" "$obj/System.map" build/kernels/vanilla-napi-refill/
cp build/kernels/vanilla/config build/kernels/vanilla-napi-refill/
cp build/results/vanilla/link-raw.json build/results/vanilla-napi-refill/
