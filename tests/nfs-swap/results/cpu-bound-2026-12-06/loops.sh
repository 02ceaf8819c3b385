#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The loops that wrote this directory's records (netswap 0001-0032, tap
# link, 2026-12-06), each run's build/results/netswap/swap-backends.json
# copied here after it under the name the record has, then slimmed with
# scripts/slim-results.py. The records came from the rig as it was before
# its first commit with these fields (provenance d36823d+dirty).
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../../../.." || exit 1
keep() { cp build/results/netswap/swap-backends.json "$here/$1.json"; }
case $1 in
pin)	# pin-r-I-pinP: RIG_PIN off and on, alternated, 3 rounds
	for i in 1 2 3; do for pin in 0 1; do
		RIG_PIN=$pin BACKENDS="disk nbd" BACKENDS_N=1 tests/nfs-swap/run swap-backends
		keep pin-r-$i-pin$pin
	done; done ;;
vmscan)	# vmscan-r-I: disk and NBD, 3 rounds, with the reclaim counters
	for i in 1 2 3; do
		BACKENDS="disk nbd" BACKENDS_N=1 tests/nfs-swap/run swap-backends
		keep vmscan-r-$i
	done ;;
napitx)	# napitx-r-I-V: NBD with virtio-net's NAPI tx on (def) and off
	for i in 1 2 3; do for v in def napitx0; do
		ap=; [ $v = napitx0 ] && ap="virtio_net.napi_tx=0"
		RIG_APPEND="$ap" BACKENDS="nbd" BACKENDS_N=1 tests/nfs-swap/run swap-backends
		keep napitx-r-$i-$v
	done; done ;;
burner)	# burner-r-I-V: the disk with the client's vCPU pinned to CPU 0,
	# alone, and with a niced busy loop on CPU 1
	for i in 1 2 3; do for v in alone burn; do
		bp=
		if [ $v = burn ]; then taskset -c 1 nice -n 19 bash -c 'while :; do :; done' & bp=$!; fi
		RIG_PIN=1 BACKENDS="disk" BACKENDS_N=1 tests/nfs-swap/run swap-backends
		[ -n "$bp" ] && kill $bp
		keep burner-r-$i-$v
	done; done ;;
nictx)	# nic-tx: one NBD and one NFS (1 MiB) run, with the packets sent
	BACKENDS="nbd nfs41-1m" BACKENDS_N=1 tests/nfs-swap/run swap-backends
	keep nic-tx ;;
four)	# swap-backends-4: four backends, 5 rounds, alternated
	BACKENDS="ram disk nbd nfs41-1m" BACKENDS_N=5 tests/nfs-swap/run swap-backends
	keep swap-backends-4
	cp build/results/netswap/swap-backends.md "$here/swap-backends-4.md" ;;
*)	echo "usage: $0 pin|vmscan|napitx|burner|nictx|four" >&2; exit 2 ;;
esac
