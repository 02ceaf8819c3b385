#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The loops that wrote this directory's records (netswap 0001-0032, tap
# link, 2026-12-06), each run's build/results/netswap/swap-backends.json
# copied after it and slimmed with scripts/slim-results.py.
cd "$(dirname "$0")/../../../.." || exit 1
case $1 in
pin)	# pin-r-I-pinP: RIG_PIN off and on, alternated, 3 rounds
	for i in 1 2 3; do for pin in 0 1; do
		RIG_PIN=$pin BACKENDS="disk nbd" BACKENDS_N=1 tests/nfs-swap/run swap-backends
		cp build/results/netswap/swap-backends.json /tmp/r-$i-pin$pin.json
	done; done ;;
vmscan)	# vmscan-r-I: disk and NBD, 3 rounds, with the reclaim counters
	for i in 1 2 3; do
		BACKENDS="disk nbd" BACKENDS_N=1 tests/nfs-swap/run swap-backends
		cp build/results/netswap/swap-backends.json /tmp/r-$i.json
	done ;;
napitx)	# napitx-r-I-V: NBD with virtio-net's NAPI tx on (def) and off
	for i in 1 2 3; do for v in def napitx0; do
		ap=; [ $v = napitx0 ] && ap="virtio_net.napi_tx=0"
		RIG_APPEND="$ap" BACKENDS="nbd" BACKENDS_N=1 tests/nfs-swap/run swap-backends
		cp build/results/netswap/swap-backends.json /tmp/r-$i-$v.json
	done; done ;;
burner)	# burner-r-I-V: the disk with the client's vCPU pinned to CPU 0,
	# alone, and with a niced busy loop on CPU 1
	for i in 1 2 3; do for v in alone burn; do
		bp=
		if [ $v = burn ]; then taskset -c 1 nice -n 19 bash -c 'while :; do :; done' & bp=$!; fi
		RIG_PIN=1 BACKENDS="disk" BACKENDS_N=1 tests/nfs-swap/run swap-backends
		[ -n "$bp" ] && kill $bp
		cp build/results/netswap/swap-backends.json /tmp/r-$i-$v.json
	done; done ;;
four)	# swap-backends-4: four backends, 5 rounds, alternated
	BACKENDS="ram disk nbd nfs41-1m" BACKENDS_N=5 tests/nfs-swap/run swap-backends ;;
*)	echo "usage: $0 pin|vmscan|napitx|burner|four" >&2; exit 2 ;;
esac
