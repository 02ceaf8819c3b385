# SPDX-License-Identifier: GPL-2.0
#
# netswap: build the vanilla and netswap kernels from Debian's 6.12 source,
# the rig's tools and initramfs, and run the rig.
#   make            install what is missing, build everything
#   make run        build, then swap over NFSv4.1 once and print the figures
#                   (PROFILE=diskless: root and swap file on NFS, memalloc)
#   make check      build, lint, and run every scenario of the check tier
#                   (floods at 25 % of the link, NFSv4.0 and 4.2 in
#                   nfs4-swap; FULL=1: 25 50 100, 4.0-4.2, and the long
#                   scenarios: FULL_SCENARIOS)
#   make export     turn commits in build/netswap/src into owned files + patches/
#   make debug      also build the lockdep/KASAN/DEBUG_VM client kernel
#   make modular    also build netswap-modular: NFS, SUNRPC, NBD, virtio-net
#                   and IPv6 as modules, loaded from the client's initramfs
#                   (make check runs MODULAR_SCENARIOS on it; MODULAR=
#                   leaves it out)
#   make deb        linux-image and linux-headers .deb packages of netswap
#                   from Debian's 6.12 amd64 config (scripts/build-deb.sh;
#                   long: not part of make check)
#   make fixes-only also build vanilla + the fixes that stand without the
#                   reserve core (scripts/fixes-only.series)
#   make bench      vanilla vs netswap, alternated, BENCH_N runs each of
#                   BENCH_SCENARIOS: table and plots in build/bench/
# Variables: KERNEL=netswap|vanilla|fixes-only|netswap-modular|PATH (client kernel),
#            SCENARIO=... (for run), SCENARIOS=... (for check).

SHELL := /bin/bash
TOP := $(CURDIR)
BUILD := $(TOP)/build
KERNEL ?= netswap
PROFILE ?=
SCENARIO ?= $(if $(filter diskless,$(PROFILE)),diskless-swap,nfs41-swap)
CHECK_SCENARIOS := disk-swap ram-swap link-raw nfs3-swap nfs4-swap nbd-swap \
		   watchdog-selftest nfs-swap-flood reserve-core reserve-exhaust \
		   nbd-swap-flood nbd-reserve-roundtrip nbd-first-swap-locked \
		   nfs-swap-refused rx-rings-resize \
		   nfs-memalloc-mount nfs-reserve-roundtrip \
		   nfs-server-restart nfs-swapin-throughput swapoff-under-load \
		   diskless-swap
# FULL=1: the long ones too, and the fault and traffic variants that the
# check tier's 45 minutes (builds included) leave out
FULL_SCENARIOS := $(CHECK_SCENARIOS) nfs-swap-flood-tcp nbd-reconnect \
		  nfs-nconnect-swap nfs3-udp-swap link-flap two-clients \
		  gorman-pressure lossy-link nfs-swap-neigh
SCENARIOS ?= $(if $(FULL),$(FULL_SCENARIOS),$(CHECK_SCENARIOS))
# ... and, on netswap-modular (MODULAR= to leave it out), these
MODULAR ?= 1
MODULAR_SCENARIOS ?= nfs41-swap nbd-swap nfs-reserve-roundtrip module-unload
export BUILD KERNEL

.PHONY: all deps prepare kernels vanilla netswap fixes-only debug modular deb tools initramfs \
	run check bench lint export reset-tree clean

# KERNEL=fixes-only (vanilla + the fixes that stand without the reserve
# core) is built when asked for, not by default
all: kernels initramfs $(filter fixes-only,$(KERNEL)) \
     $(if $(filter netswap-modular,$(KERNEL)),modular)

deps:
	@scripts/deps.sh

prepare: deps
	@scripts/prepare-tree.sh

kernels: vanilla netswap

vanilla: prepare
	@scripts/build-kernel.sh vanilla

netswap: prepare
	@scripts/build-kernel.sh netswap

fixes-only: prepare
	@scripts/build-kernel.sh fixes-only

debug: prepare
	@scripts/build-kernel.sh netswap debug

modular: prepare
	@scripts/build-kernel.sh netswap modular

deb: prepare
	@scripts/build-deb.sh

tools: deps
	@$(MAKE) -s -C tests/nfs-swap/tools O=$(BUILD)/tools

initramfs: tools
	@mkdir -p $(BUILD)/initramfs
	@tests/nfs-swap/mkinitramfs.sh client $(BUILD)/tools $(BUILD)/initramfs/client.cpio.gz
	@tests/nfs-swap/mkinitramfs.sh server $(BUILD)/tools $(BUILD)/initramfs/server.cpio.gz

run: all
	@tests/nfs-swap/run $(SCENARIO); rc=$$?; \
	 scripts/report.py $(BUILD)/results/$(notdir $(KERNEL))/$(SCENARIO).json; \
	 exit $$rc

check: all $(if $(MODULAR),modular)
	@MODULAR_KERNEL=$(if $(MODULAR),netswap-modular) \
	 MODULAR_SCENARIOS="$(MODULAR_SCENARIOS)" \
	 FLOOD_FRACTIONS="$${FLOOD_FRACTIONS:-$(if $(FULL),25 50 100,25)}" \
	 SWAPIN_RUNS="$${SWAPIN_RUNS:-$(if $(FULL),linear:2 random:1,linear:2)}" \
	 NFS4_MINORS="$${NFS4_MINORS:-$(if $(FULL),0 1 2,0 2)}" \
	 scripts/check.sh $(SCENARIOS)

bench: all
	@tests/nfs-swap/bench

lint: prepare
	@scripts/lint.sh

export:
	@scripts/export-patches.sh

reset-tree:
	rm -rf $(BUILD)/netswap/src $(BUILD)/vanilla/src $(BUILD)/fixes-only/src
	@scripts/prepare-tree.sh

clean:
	rm -rf $(BUILD)
