# SPDX-License-Identifier: GPL-2.0
# The rig's host side: boot the server and client VMs, watch them, collect.
# Sourced by tests/nfs-swap/run. Every VM is killed before a function returns.
#
# Tunables (environment): LINK (tap, the default, or dgram: lib/link.sh),
# ACCEL, RIG_QEMU_OPTS (more QEMU options for every
# VM, e.g. "-icount shift=0,sleep=off" with ACCEL=tcg,thread=single for
# instruction-counted guest time), CLIENT_MEM (MiB), SERVER_MEM, SWAP_MIB,
# WATCHDOG_S (seconds without progress before a run is a hang: 90 for a
# scenario, 600 for run exec), RUN_TIMEOUT_S,
# RIG_PORT_BASE (UDP ports on 127.0.0.1 for LINK=dgram), RIG_APPEND (more
# kernel command line for the client, never the server), LINK_MTU (the
# MTU of the swap link on both ends; default 1500), GUEST_SYSCTLS
# (KEY=VALUE ... set in both guests before the link comes up), GUEST_SYSFS
# (PATH=VALUE ..., PATH under /sys, written in the client after them),
# GUEST_SYSFS_LATE (the same, written after the client's swap setup,
# before the job, and read back into the client's log: a device's own
# settings, e.g. block/nbd0/queue/read_ahead_kb=512),
# NBD_SERVER_OPTS (KEY=VALUE ... added to the server's NBD export, e.g.
# splice=true: nbd-server(5)).

. "$RIGDIR/lib/link.sh"
ACCEL=${ACCEL:-tcg,thread=multi}
CLIENT_MEM=${CLIENT_MEM:-256}
SWAP_MIB=${SWAP_MIB:-768}
SERVER_MEM=${SERVER_MEM:-$((SWAP_MIB * 2 + 384))}
RUN_TIMEOUT_S=${RUN_TIMEOUT_S:-1200}
SERVER_IP=198.18.0.1
CLIENT_IP=198.18.0.2
SERVER_MAC=52:54:00:12:00:01
CLIENT_MAC=52:54:00:12:00:02
# RIG_CLIENTS=2: a second client on a link of its own to the server's eth1
SERVER2_IP=198.18.1.1
CLIENT2_IP=198.18.1.2
SERVER2_MAC=52:54:00:12:01:01
CLIENT2_MAC=52:54:00:12:01:02
SERVER_KERNEL=${SERVER_KERNEL:-$BUILD/kernels/vanilla/bzImage}
CMDLINE_BASE="console=ttyS0 tsc=reliable panic=-1 loglevel=7"

RIG_VMS=()

rig_log() { echo "# $*" >&2; }

# rig_vm_start NAME KERNEL INITRD MEM_MIB [QEMU ARGS...]
rig_vm_start() {
	local name=$1 kernel=$2 initrd=$3 mem=$4
	shift 4
	local d=$RUNDIR
	rm -f "$d/$name-mon.sock"
	local irq=(-initrd "$initrd")
	[ "$initrd" = - ] && irq=()	# diskless: the root comes over NFS
	local ns=()	# ip netns exec execs QEMU: $! is QEMU's pid
	[ -n "$RIG_NS" ] && ns=(ip netns exec "$RIG_NS")
	"${ns[@]}" qemu-system-x86_64 -accel "$ACCEL" -m "$mem" -smp 1 -nodefaults \
		-name "$name,debug-threads=on" \
		-display none -no-reboot \
		-kernel "$kernel" "${irq[@]}" \
		-append "$CMDLINE_BASE ${RIG_APPEND:-}" \
		-serial "file:$d/$name-console.log" \
		-serial "file:$d/$name-out.log" \
		-monitor "unix:$d/$name-mon.sock,server=on,wait=off" \
		-pidfile "$d/$name.pid" ${RIG_QEMU_OPTS:-} "$@" \
		> "$d/$name-qemu.log" 2>&1 &
	echo $! > "$d/$name.qpid"
	rig_started $!
	RIG_VMS+=("$d/$name")
}

rig_vm_alive() { kill -0 "$(cat "$RUNDIR/$1.qpid" 2>/dev/null)" 2>/dev/null; }

# The host's scheduler statistics of every thread of every VM's QEMU
# (/proc/PID/task/TID/schedstat: ns on a CPU, ns runnable but waiting for
# one), a line per thread each watchdog round in RUNDIR/host-sched.log:
# seconds since START, VM (its path under RUNDIR, / as -: client, server,
# c2-client), TID, the thread's name (spaces as _), run ns, wait ns. A vCPU
# thread that waits is a guest whose time runs on while it does not:
# contention for the host's cores, not the guest's own work.
rig_log_sched() {	# rig_log_sched START
	local n l pid t c st now
	now=$(($(date +%s) - $1))
	for n in "${RIG_VMS[@]}"; do
		pid=$(cat "$n.qpid" 2>/dev/null) || continue
		l=${n#"$RUNDIR"/}
		for t in /proc/"$pid"/task/*; do
			{ read -r c < "$t/comm" && read -r st < "$t/schedstat"; } 2>/dev/null || continue
			echo "$now ${l//\//-} ${t##*/} ${c// /_} ${st% *}"
		done
	done >> "$RUNDIR/host-sched.log"
}

# RIG_PIN=1 (a host of 2 CPUs or more): the client's vCPU thread the only
# QEMU thread on the host's CPU 0 (the host's own tasks may still run
# there), every other thread of every VM's QEMU on the others, so that the
# client's guest time is less the host's contention. Done once per VM, as
# soon as its vCPU thread exists; threads its QEMU creates later inherit
# the CPUs of the thread that creates them (not the vCPU's).
rig_pin_vms() {
	[ "${RIG_PIN:-0}" = 1 ] || return 0
	local ncpu n pid t c rest
	ncpu=$(nproc)
	[ "$ncpu" -ge 2 ] || return 0
	rest=1-$((ncpu - 1))
	for n in "${RIG_VMS[@]}"; do
		[ -e "$n.pinned" ] && continue
		pid=$(cat "$n.qpid" 2>/dev/null) || continue
		# "CPU n/TCG", or "ALL CPUs/TCG" with ACCEL=tcg,thread=single
		grep -qsE '^(CPU |ALL CPUs/)' /proc/"$pid"/task/*/comm || continue
		for t in /proc/"$pid"/task/*; do
			{ read -r c < "$t/comm"; } 2>/dev/null || continue
			if [ "$n" = "$RUNDIR/client" ] && [[ $c == "CPU "* || $c == "ALL CPUs/"* ]]; then
				taskset -p -c 0 "${t##*/}"
			else
				taskset -p -c "$rest" "${t##*/}"
			fi
		done > "$n.pinned" 2>&1
	done
}

rig_clients_alive() {	# rig_clients_alive DIR...: is the client of any of these run dirs alive?
	local d
	for d in "$@"; do
		(RUNDIR=$d; rig_vm_alive client) && return 0
	done
	return 1
}

rig_monitor() {	# rig_monitor NAME HMP-COMMAND...
	python3 "$RIGDIR/lib/qmon.py" "$RUNDIR/$1-mon.sock" "${@:2}" >/dev/null 2>&1
}

rig_monitor_out() {	# the same, printing the answer
	python3 "$RIGDIR/lib/qmon.py" "$RUNDIR/$1-mon.sock" "${@:2}" 2>/dev/null
}

# The client's receive ring as the device sees it (queue 0 is rx).
rig_rxq() {
	rig_monitor_out client "info virtio-queue-status /machine/peripheral/nic0/virtio-backend 0" |
		sed -n 's/^ *\(used_idx\|last_avail_idx\|shadow_avail_idx\|inuse\): *//p' | tr '\n' ' '
}

rig_vm_kill_all() {
	local n pid
	for n in "${RIG_VMS[@]}"; do
		pid=$(cat "$n.qpid" 2>/dev/null) || continue
		kill "$pid" 2>/dev/null
	done
	for n in "${RIG_VMS[@]}"; do
		pid=$(cat "$n.qpid" 2>/dev/null) || continue
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.5
		done
		kill -9 "$pid" 2>/dev/null
	done
	RIG_VMS=()
}

# rig_initrd ROLE OUT ENVFILE CMDFILE [EXTRA...]: base initramfs + this
# run's /job (env, cmd, and any EXTRA files or directories); for a client
# whose kernel has modules (netswap-modular), its modules.cpio.gz too
# (client-init loads them).
rig_initrd() {
	local role=$1 out=$2 job mods=
	[ "$role" = client ] && mods=$(dirname "$KERNEL_IMAGE")/modules.cpio.gz
	[ -n "$mods" ] && [ -f "$mods" ] || mods=
	job=$(mktemp -d)
	mkdir -p "$job/job"
	cp "$3" "$job/job/env"
	cp "$4" "$job/job/cmd"
	[ $# -gt 4 ] && cp -r "${@:5}" "$job/job/"
	(cd "$job" && find job | cpio -o -H newc -R 0:0 --quiet | gzip -1) > "$out.job"
	cat "$BUILD/initramfs/$role.cpio.gz" ${mods:+"$mods"} "$out.job" > "$out"
	rm -rf "$job" "$out.job"
}

rig_dump_stacks() {	# sysrq w (blocked), m (memory), t (all tasks)
	local vm=$1
	rig_monitor "$vm" "sendkey alt-sysrq-w"
	sleep 3
	rig_monitor "$vm" "sendkey alt-sysrq-m"
	sleep 2
	rig_monitor "$vm" "sendkey alt-sysrq-t"
	sleep "${SYSRQ_WAIT_S:-10}"
}

# rig_swap LABEL SWAP [NFS_OPTS] -- CMD...
#   SWAP: nfs, nbd, disk, ram (a dm-linear map of pmem in RAM the kernel
#   does not otherwise use: the ceiling), diskless (root and swap file on NFS, mounted
#   by the kernel with NFS_OPTS) or none (none still boots the server if
#   NEED_SERVER=1). Boots, runs CMD in the client with its output on ttyS1,
#   watches progress, and leaves a record in $RUNDIR/LABEL.json.
#   Hooks (environment): ON_FIRST_PROGRESS (host command, run once when the
#   workload first reports progress), SERVER_CMD (run in the server VM),
#   HOST_BG (host command started after swapon, killed at the end).
# rig_recover_watch SECONDS DIR...: after a hang, whether each unfinished
# client's workload reports progress again within SECONDS; appends
# recovered_after_s (-1: not in time) to DIR/hang-meta.
rig_recover_watch() {
	local secs=$1 t0 d n nwatch=0 ndone=0
	shift
	local -A n0=() after=()
	t0=$(date +%s)
	for d in "$@"; do
		[ -f "$d/hang-meta" ] || continue
		n0[$d]=$(grep -c '^progress ' "$d/client-out.log" 2>/dev/null)
		nwatch=$((nwatch + 1))
	done
	while [ "$ndone" -lt "$nwatch" ] && [ $(($(date +%s) - t0)) -lt "$secs" ]; do
		sleep 1
		for d in "${!n0[@]}"; do
			[ -n "${after[$d]:-}" ] && continue
			n=$(grep -c '^progress ' "$d/client-out.log" 2>/dev/null)
			[ "${n:-0}" -gt "${n0[$d]:-0}" ] || continue
			after[$d]=$(($(date +%s) - t0))
			ndone=$((ndone + 1))
		done
	done
	for d in "${!n0[@]}"; do
		echo "recovered_after_s=${after[$d]:--1}" >> "$d/hang-meta"
		rig_log "$(basename "$d"): after the load stopped: $(
			[ -n "${after[$d]:-}" ] && echo "progress again in ${after[$d]}s" ||
				echo "no progress in ${secs}s")"
	done
}

rig_swap() {
	local label=$1 swap=$2 nfsopts=""
	shift 2
	if [ "$1" != "--" ]; then nfsopts=$1; shift; fi
	shift
	local base=$RUNDIR
	RUNDIR=$base/$label
	rm -rf "$RUNDIR"
	mkdir -p "$RUNDIR"
	local need_server=${NEED_SERVER:-0} client_initrd=$RUNDIR/client-initrd.gz
	local server_extra=() append=${RIG_APPEND:-} nclients=${RIG_CLIENTS:-1}
	case $swap in nfs|nfsmount|nbd|diskless) need_server=1 ;; esac
	# Each client's files are in a directory of its own under the same
	# names: the first in RUNDIR, the second (RIG_CLIENTS=2) in RUNDIR/c2.
	local dirs=("$RUNDIR") d i
	[ "$nclients" = 2 ] && { dirs+=("$RUNDIR/c2"); mkdir -p "$RUNDIR/c2"; }

	cat > "$RUNDIR/client.env" <<-EOV
	SWAP=$swap
	NFS_OPTS='$nfsopts'
	CLIENT_IP=$CLIENT_IP
	SERVER_IP=$SERVER_IP
	SWAPFILE=swapfile
	LINK_MTU=${LINK_MTU:-}
	GUEST_SYSCTLS='${GUEST_SYSCTLS:-}'
	GUEST_SYSFS='${GUEST_SYSFS:-}'
	GUEST_SYSFS_LATE='${GUEST_SYSFS_LATE:-}'
	EOV
	printf '%s\n' "$*" > "$RUNDIR/client.cmd"
	if [ "$nclients" = 2 ]; then
		# the same job, on the second link, to a swap file of its own
		sed -e "s/$SERVER_IP/$SERVER2_IP/g; s/$CLIENT_IP/$CLIENT2_IP/g" \
		    -e 's/^SWAPFILE=.*/SWAPFILE=swapfile2/' \
			"$RUNDIR/client.env" > "$RUNDIR/c2/client.env"
		cp "$RUNDIR/client.cmd" "$RUNDIR/c2/client.cmd"
		rig_initrd client "$RUNDIR/c2/client-initrd.gz" "$RUNDIR/c2/client.env" \
			"$RUNDIR/c2/client.cmd"
	fi
	if [ "$swap" = diskless ]; then
		# The client's root is its userland on the server's export,
		# mounted by the kernel (root=/dev/nfs) with NFS_OPTS; the server
		# unpacks it there (client-root.cpio.gz, client/{env,cmd}).
		mkdir -p "$RUNDIR/client"
		cp "$RUNDIR/client.env" "$RUNDIR/client/env"
		cp "$RUNDIR/client.cmd" "$RUNDIR/client/cmd"
		cp "$BUILD/initramfs/client.cpio.gz" "$RUNDIR/client-root.cpio.gz"
		server_extra=("$RUNDIR/client-root.cpio.gz" "$RUNDIR/client")
		client_initrd=-
		append="$append root=/dev/nfs rw init=/init nfsroot=$SERVER_IP:/srv/export,$nfsopts \
ip=$CLIENT_IP:$SERVER_IP::255.255.255.0:client:eth0:off"
	else
		rig_initrd client "$client_initrd" "$RUNDIR/client.env" "$RUNDIR/client.cmd"
	fi
	local cargs=() sargs=()
	if [ "$need_server" = 1 ]; then
		rig_link_up "$nclients" || { rig_link_down; RUNDIR=$base; return 1; }
		cat > "$RUNDIR/server.env" <<-EOV
		SERVER_IP=$SERVER_IP
		SWAP_MIB=$SWAP_MIB
		SERVER_CMD='${SERVER_CMD:-}'
		LINK_MTU=${LINK_MTU:-}
		GUEST_SYSCTLS='${GUEST_SYSCTLS:-}'
		NBD_SERVER_OPTS='${NBD_SERVER_OPTS:-}'
		NFSD_MAX_BLOCK=${NFSD_MAX_BLOCK:-}
		EOV
		[ "$nclients" = 2 ] && echo "SERVER2_IP=$SERVER2_IP" >> "$RUNDIR/server.env"
		: > "$RUNDIR/server.cmd"
		rig_initrd server "$RUNDIR/server-initrd.gz" "$RUNDIR/server.env" "$RUNDIR/server.cmd" \
			"${server_extra[@]}"
		sargs=($(rig_net s 0 "$SERVER_MAC"))
		[ "$nclients" = 2 ] && sargs+=($(rig_net s 1 "$SERVER2_MAC" 1))
		RIG_APPEND= rig_vm_start server "$SERVER_KERNEL" "$RUNDIR/server-initrd.gz" \
			"$SERVER_MEM" "${sargs[@]}"
		cargs+=($(rig_net c 0 "$CLIENT_MAC"))
	fi
	if [ "$swap" = disk ]; then
		truncate -s 0 "$RUNDIR/disk.img"
		truncate -s "${SWAP_MIB}M" "$RUNDIR/disk.img"
		cargs+=(-drive "file=$RUNDIR/disk.img,format=raw,if=none,id=d0,cache=none,aio=threads"
			-device virtio-blk-pci,drive=d0)
	fi
	local cmem=$CLIENT_MEM
	if [ "$swap" = ram ]; then
		# The ceiling of the guest's swap path: swap on RAM that the
		# client's kernel is given as persistent memory (memmap=SIZE!START,
		# /dev/pmem0) above the CLIENT_MEM it runs in, so that its usable
		# memory is what every other backend has. mem= keeps the one MiB
		# more (the top of RAM, where the BIOS keeps its tables) out of
		# the kernel's RAM. The swap device is a dm-linear map of pmem0
		# (dm-mod.create=), not pmem0 itself: pmem is a synchronous
		# device, and swap-in from one skips the swap cache and readahead,
		# a path no other backend takes.
		[ $((CLIENT_MEM + SWAP_MIB)) -le 2048 ] ||
			{ rig_log "SWAP=ram: CLIENT_MEM + SWAP_MIB above 2 GiB would reach the PCI hole"; RUNDIR=$base; return 1; }
		cmem=$((CLIENT_MEM + SWAP_MIB + 1))
		append="$append memmap=${SWAP_MIB}M!${CLIENT_MEM}M mem=$((CLIENT_MEM + SWAP_MIB))M"
		append="$append dm-mod.waitfor=/dev/pmem0"
		append="$append dm-mod.create=\"ram,,,rw,0 $((SWAP_MIB * 2048)) linear /dev/pmem0 0\""
	fi
	RIG_APPEND=$append rig_vm_start client "$KERNEL_IMAGE" "$client_initrd" \
		"$cmem" "${cargs[@]}"
	if [ "$nclients" = 2 ]; then
		RUNDIR=$RUNDIR/c2 rig_vm_start client "$KERNEL_IMAGE" \
			"$RUNDIR/c2/client-initrd.gz" "$CLIENT_MEM" \
			$(rig_net c 1 "$CLIENT2_MAC")
	fi

	# The watchdog is per client: one that has not exited and shows no new
	# progress line for WATCHDOG_S is a hang, whatever the others do.
	local start now bgpid="" first=0 hang=0 reason="" done_all wd=${WATCHDOG_S:-90}
	local seen=() last=() fin=() gap=() n
	start=$(date +%s)
	for i in "${!dirs[@]}"; do seen[i]=0 last[i]=$start fin[i]=0 gap[i]=0; done
	while :; do
		rig_clients_alive "${dirs[@]}" || break
		rig_pin_vms
		sleep 2
		now=$(date +%s)
		rig_log_sched "$start"
		[ "$need_server" = 1 ] && rig_log_link_drops "$start"
		done_all=1
		for i in "${!dirs[@]}"; do
			d=${dirs[i]}
			n=$(grep -c -E '^(progress|setup|tick) ' "$d/client-out.log" 2>/dev/null)
			if [ "${n:-0}" != "${seen[i]}" ]; then
				seen[i]=$n
				last[i]=$now
			fi
			grep -q '^@@EXIT' "$d/client-out.log" 2>/dev/null && fin[i]=1
			[ "${fin[i]}" = 1 ] && continue
			# the longest wait for progress once the job has started, so
			# that a stall shorter than the watchdog shows in the record
			[ "${seen[i]}" -gt 0 ] && [ $((now - last[i])) -gt "${gap[i]}" ] &&
				gap[i]=$((now - last[i]))
			done_all=0
			if [ $((now - last[i])) -ge "$wd" ]; then
				hang=1
				reason="no progress for ${wd}s"
				echo "last_progress_s=$((last[i] - start))" > "$d/hang-at"
			fi
		done
		# HOST_BG runs on the host's side of the link (in the namespace)
		# from swapon until the client's job has ended, or says
		# "hostbg stop"
		if [ -n "${HOST_BG:-}" ] && [ -z "$bgpid" ] &&
		   grep -q '^setup swap' "$RUNDIR/client-out.log" 2>/dev/null; then
			rig_in_ns_exec bash -c "$HOST_BG" > "$RUNDIR/host-bg.log" 2>&1 &
			bgpid=$!
			rig_started $bgpid
		fi
		if [ -n "$bgpid" ] && [ "$bgpid" != - ] &&
		   grep -q -E '^(netstat |hostbg stop)' "$RUNDIR/client-out.log" 2>/dev/null; then
			rig_kill_tree "$bgpid"
			wait "$bgpid" 2>/dev/null
			bgpid=-
		fi
		if [ $first = 0 ] && [ -n "${ON_FIRST_PROGRESS:-}" ] &&
		   grep -q '^progress ' "$RUNDIR/client-out.log" 2>/dev/null; then
			first=1
			rig_log "$label: first progress, running: $ON_FIRST_PROGRESS"
			eval "$ON_FIRST_PROGRESS"
		fi
		if [ $done_all = 1 ]; then
			for _ in $(seq 20); do
				rig_clients_alive "${dirs[@]}" || break
				sleep 1
			done
			break
		fi
		if [ $hang = 0 ] && [ $((now - start)) -ge "$RUN_TIMEOUT_S" ]; then
			hang=1
			reason="run timeout ${RUN_TIMEOUT_S}s"
		fi
		if [ $hang = 1 ]; then
			rig_log "$label: HANG ($reason): dumping guest stacks"
			local hb1 hb2 rx1="" rx2=""
			hb1=$(grep -c '^heartbeat' "$RUNDIR/server-out.log" 2>/dev/null)
			[ "$need_server" = 1 ] && rx1=$(rig_rxq)
			rig_vm_alive server && rig_monitor server "sendkey alt-sysrq-w"
			for i in "${!dirs[@]}"; do
				[ "${fin[i]}" = 1 ] || (RUNDIR=${dirs[i]}; rig_dump_stacks client)
			done
			[ "$need_server" = 1 ] && { rx2=$(rig_rxq); rig_log_link_drops "$start"; }
			hb2=$(grep -c '^heartbeat' "$RUNDIR/server-out.log" 2>/dev/null)
			for i in "${!dirs[@]}"; do
				[ "${fin[i]}" = 1 ] && continue
				{
					echo "hang_called_s=$((now - start))"
					cat "${dirs[i]}/hang-at" 2>/dev/null
					echo "server_heartbeats_during_dump=$((hb2 - hb1))"
					echo "rx_ring_before=$rx1"
					echo "rx_ring_after=$rx2"
				} > "${dirs[i]}/hang-meta"
			done
			# A hang under a host-side load: stop the load and watch
			# for RECOVER_S (default 150 s, past TCP's longest
			# retransmission timeout) whether the workload goes on. It
			# stays a hang; the record tells congestion the client
			# gets out of once the load stops from a deadlock it
			# does not. Not where the client's receive ring took
			# nothing during the dump: nothing posts to it again.
			if [ -n "$bgpid" ] && [ "$bgpid" != - ] && [ "${RECOVER_S:-150}" -gt 0 ] &&
			   ! { [ -n "$rx1" ] && [ "$rx1" = "$rx2" ]; }; then
				rig_kill_tree "$bgpid"
				wait "$bgpid" 2>/dev/null
				bgpid=-
				rig_log "$label: host load stopped; watching ${RECOVER_S:-150}s for progress"
				rig_recover_watch "${RECOVER_S:-150}" "${dirs[@]}"
			fi
			break
		fi
	done
	[ -n "$bgpid" ] && [ "$bgpid" != - ] && { rig_kill_tree "$bgpid"; wait "$bgpid" 2>/dev/null; }
	rig_vm_kill_all
	rig_link_down
	rm -f "$RUNDIR/disk.img"	# SWAP_MIB of a swap device nobody reads again
	local rc=0 l
	for i in "${!dirs[@]}"; do
		d=${dirs[i]} l=$label
		[ "$i" = 0 ] || { l=$label-c$((i + 1)); ln -sf ../server-out.log "$d/server-out.log"; }
		{
			echo "label=$l"
			echo "swap=$swap"
			echo "link=$([ "$need_server" = 1 ] && echo "$LINK" || echo none)"
			[ -n "${RIG_PROV:-}" ] && printf '%s\n' "$RIG_PROV"
			[ -n "${RIG_WORKLOAD_X:-}" ] && echo "workload_x=$RIG_WORKLOAD_X"
			[ -n "${RIG_SWAP_CHECK:-}" ] && echo "swap_check=$RIG_SWAP_CHECK"
			echo "hang=$([ -f "$d/hang-meta" ] && echo 1 || echo 0)"
			[ -f "$d/hang-meta" ] && echo "hang_reason=$reason"
			echo "wall_s=$(( $(date +%s) - start ))"
			echo "max_progress_gap_s=${gap[i]}"
			cat "$d/hang-meta" 2>/dev/null
		} > "$d/meta"
		python3 "$RIGDIR/lib/result.py" record "$d" > "$d/record.json"
		python3 "$RIGDIR/lib/result.py" summary "$d/record.json" | sed 's/^/# /' >&2
		RECORDS+=("$d/record.json")
		[ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["result"])' "$d/record.json")" = pass ] ||
			{ rc=1; continue; }
		# RIG_NO_RESERVE_CHECK=1: the scenario checks the reserve itself
		[ "${RIG_NO_RESERVE_CHECK:-0}" = 1 ] && continue
		case $swap in
		nfs|nbd) rig_check_net_reserve "$d/record.json" "$swap" || rc=1 ;;
		diskless) rig_check_net_reserve "$d/record.json" nfs || rc=1 ;;
		esac
	done
	RUNDIR=$base
	return $rc
}

# The default workload: 1.5 x RAM in 2 processes, written, then verified and
# rewritten, then verified again (every page read back twice).
WORKLOAD=${WORKLOAD:-memstress -x ${WORKLOAD_X:-1.5} -n ${WORKLOAD_N:-2} -p ${WORKLOAD_P:-2} -S 42}

NFS3_OPTS="vers=3,proto=tcp,hard,nolock,port=2049,addr=$SERVER_IP,mountaddr=$SERVER_IP,mountport=20048,mountproto=tcp,mountvers=3"
nfs4_opts() { echo "vers=4.$1,proto=tcp,hard,addr=$SERVER_IP,clientaddr=$CLIENT_IP"; }

# rig_field JSON KEY: one top-level field of a record.
rig_field() {
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], ""))' "$1" "$2"
}

# Does the client kernel have the reserve core? Every kernel the rig boots
# has its config beside it (run refuses one that has not), so a missing
# config never reads as "no reserve core".
rig_has_reserve() {
	grep -q '^CONFIG_MEM_RESERVE=y' "$(dirname "$KERNEL_IMAGE")/config"
}

# Does the client kernel load the swap stack as modules (netswap-modular)?
rig_has_modules() {
	grep -q '^CONFIG_MODULES=y' "$(dirname "$KERNEL_IMAGE")/config" &&
		[ -f "$(dirname "$KERNEL_IMAGE")/modules.cpio.gz" ]
}

# The network reserve after a swap-over-network run (kernels with
# CONFIG_MEM_RESERVE). Fails unless: the rows the swap device needs are
# there, each with a demand; the tree adds up (the root's demand is the sum
# of every row's own); and the receive path's reserve drops
# (PFMemallocReserveDrop) came with failed charges in the tree. Whether a
# reserve bounded its users under load is for the scenarios that drive it
# there (a peak never exceeds its limit: page_counter refuses the charge,
# so "peak <= demand" is not a check). Prints the figures.
rig_check_net_reserve() {	# rig_check_net_reserve RECORD.json SWAP [XPRTS]
	rig_has_reserve || return 0
	python3 - "$1" "$2" "${3:-${NFS_XPRTS:-1}}" <<-'PY'
	import json, sys
	r = json.load(open(sys.argv[1]))
	res = r.get("reserves", {})
	# An NBD device declares "nbd0"; each transport of a swapping NFS
	# mount declares "xprt-<id>" (nconnect=N: N of them).
	need = ["network", "rx", "rx-rings"] + (["nbd0"] if sys.argv[2] == "nbd" else [])
	xprts = [n for n in res if n.startswith("xprt-")]
	bad = 0
	for name in need:
	    if not res.get(name):
	        print(f"# {r['label']}: no '{name}' row in /proc/reserve_info")
	        bad = 1
	if sys.argv[2] == "nfs":
	    need += xprts
	    if len(xprts) != int(sys.argv[3]):
	        print(f"# {r['label']}: {len(xprts)} transport reserves (xprt-*), want {sys.argv[3]}")
	        bad = 1
	for name, v in res.items():
	    if name == "total":
	        continue
	    print(f"# {r['label']}: reserve {name}: demand {v['subtree']} pages, "
	          f"peak {v['peak']}, usage {v['usage']}, failed {v['failed']}")
	    if name in need and v["subtree"] == 0:
	        print(f"# {r['label']}: reserve {name}: no demand while swap is on")
	        bad = 1
	own = sum(v["own"] for v in res.values())
	if "total" not in res or res["total"]["subtree"] != own:
	    print(f"# {r['label']}: the root's demand {res.get('total', {}).get('subtree')} "
	          f"is not the sum of the rows' own demands {own}")
	    bad = 1
	drops = r.get("pfmemalloc_reserve_drop", 0)
	failed = sum(v["failed"] for v in res.values())
	if drops and not failed:
	    print(f"# {r['label']}: {drops} reserve drops but no failed charge in the tree")
	    bad = 1
	print(f"# {r['label']}: pfmemalloc skbs dropped: at sockets "
	      f"{r.get('pfmemalloc_drop', '?')}, reserve exhausted {drops}")
	sys.exit(bad)
	PY
}

# The rate of a flood at F percent of the link: of the rate at which this
# kernel's client took in FLOOD_PAYLOAD-byte datagrams in link-raw, on the
# same link. A rate the client cannot take would only burn the host's CPU
# (and starve the server VM of it): 100 % is what the client's receive path
# can do. Prints packets/s, or fails.
FLOOD_PAYLOAD=${FLOOD_PAYLOAD:-1400}
rig_flood_pps() {	# rig_flood_pps F
	python3 - "$BUILD/results/$KNAME/link-raw.json" "$LINK" "$1" <<-'PY'
	import json, sys
	path, link, f = sys.argv[1], sys.argv[2], float(sys.argv[3])
	try:
	    runs = {r["label"]: r for r in json.load(open(path))["runs"]}
	    r = runs["link-udp"]
	    pps = r["workload"]["udp_rx_pps"]
	except Exception:
	    print("# no link-raw result for this kernel: run link-raw on it first", file=sys.stderr)
	    sys.exit(1)
	if r.get("link") != link:
	    print(f"# link-raw was measured on LINK={r.get('link')}, not {link}: run it again",
	          file=sys.stderr)
	    sys.exit(1)
	print(int(pps * f / 100))
	PY
}

# A flood must have reached the client: of the datagrams the flood host
# sent, at least FLOOD_MIN_ARRIVED (a fraction) must show in the client
# NIC's receive counter. Prints sent, put on the client's wire, dropped on
# the host before the client's NIC (tap), received by the NIC, dropped by
# the guest's driver, and seen by its UDP layer.
FLOOD_MIN_ARRIVED=${FLOOD_MIN_ARRIVED:-0.5}
rig_check_flood() {	# rig_check_flood RECORD.json
	python3 - "$1" "$FLOOD_MIN_ARRIVED" <<-'PY'
	import json, sys
	r, least = json.load(open(sys.argv[1])), float(sys.argv[2])
	f = r.get("flood")
	if not f or "sent" not in f:
	    print(f"# {r['label']}: the flood reported nothing (host-bg.log)")
	    sys.exit(1)
	print(f"# {r['label']}: flood: sent {f['sent']} at {f.get('pps')} pps; "
	      f"to the client's NIC {f.get('wire', '?')}, dropped before it {f.get('host_dropped', '?')}; "
	      f"NIC received {f.get('nic_rx', '?')} (driver drops {f.get('nic_dropped', '?')}), "
	      f"UDP layer {f.get('udp_in', '?')}")
	if r["result"] == "hang":
	    sys.exit(0)	# the hang is the verdict; the flood's figures are for the record
	if f.get("nic_rx", 0) < least * f["sent"]:
	    print(f"# {r['label']}: the flood did not arrive: the client's NIC received "
	          f"{f.get('nic_rx', 0)} frames of {f['sent']} sent (want {least:.0%})")
	    sys.exit(1)
	PY
}

# rig_flood_swap SWAP NFS_OPTS: the default workload while unrelated UDP
# from a host on the client's LAN floods a slow reader in the client at
# FLOOD_FRACTIONS percent of the link. One run per rate.
rig_flood_swap() {
	local swap=$1 opts=$2 f pps rc=0
	for f in ${FLOOD_FRACTIONS:-25 50 100}; do
		pps=$(rig_flood_pps "$f") || return 1
		echo "# flood at $f% of the client's receive rate: $pps frames/s of $((FLOOD_PAYLOAD + 42)) bytes" >&2
		HOST_BG="exec $(rig_flood_cmd "$pps")" \
			rig_swap "flood-$f" "$swap" "$opts" -- \
			"udpsink -p 9000 -r 10 -b 4194304 & $WORKLOAD" || rc=1
		rig_check_flood "${RECORDS[-1]}" || rc=1
	done
	return $rc
}
