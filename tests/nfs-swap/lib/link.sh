# SPDX-License-Identifier: GPL-2.0
# The rig's link between the VMs. Sourced by rig.sh.
#
# LINK=tap (default): an Ethernet LAN of the rig's own. Each run creates a
# network namespace (netswap-<pid of run>-<n>), a bridge in it per LAN
# (br0: 198.18.0.0/24; br1: 198.18.1.0/24 for a second client) and one tap
# device per VM NIC with a virtio-net header (vnet_hdr), so the guests get
# the offloads of a real NIC: checksum offload, TSO and GRO. QEMU runs in
# the namespace; the bridge itself is a host on the LAN (198.18.0.3,
# 198.18.1.3), where the flood comes from. The namespace has no route and
# no interface but these: no frame leaves it. It is deleted when the run
# ends, and by the entry points on SIGINT or SIGTERM (rig_link_abort);
# namespaces left by a run that was killed with SIGKILL are deleted by the
# next run (rig_link_reap).
#
# LINK=dgram: the link of the rig's first year. Each QEMU sends its frames
# as UDP datagrams to the other's port on 127.0.0.1 (RIG_PORT_BASE..+3): no
# vnet header, so no offloads, and frames are dropped whenever a QEMU does
# not read its socket in time. Kept to compare with the figures measured on
# it (docs/results.md says which link each comes from).

LINK=${LINK:-tap}
RIG_PORT_BASE=${RIG_PORT_BASE:-47100}
RIG_NS=
RIG_NS_PREFIX=netswap-

rig_link_check() {
	case $LINK in
	tap)
		[ "$(id -u)" = 0 ] || { echo "rig: LINK=tap needs root (ip netns, tap devices); LINK=dgram does not" >&2; return 1; }
		[ -c /dev/net/tun ] || { echo "rig: LINK=tap needs /dev/net/tun" >&2; return 1; }
		command -v ip >/dev/null || { echo "rig: LINK=tap needs ip (iproute2)" >&2; return 1; }
		;;
	dgram) ;;
	*) echo "rig: LINK=$LINK: want tap or dgram" >&2; return 1 ;;
	esac
}

# Namespaces of runs that are gone (killed with SIGKILL, or a crash).
rig_link_reap() {
	local ns pid
	for ns in $(ip netns list 2>/dev/null | awk '{ print $1 }'); do
		case $ns in "$RIG_NS_PREFIX"*) ;; *) continue ;; esac
		pid=${ns#"$RIG_NS_PREFIX"}
		pid=${pid%%-*}
		[ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null && ip netns del "$ns" 2>/dev/null
	done
}

# Every namespace of this run (by its pid), on abort.
rig_link_abort() {
	local ns
	for ns in $(ip netns list 2>/dev/null | awk '{ print $1 }'); do
		case $ns in "$RIG_NS_PREFIX$$-"*) ip netns del "$ns" 2>/dev/null ;; esac
	done
}

# rig_link_up NLANS: the namespace, its bridges and taps (tap-sN, tap-cN on
# brN for the server's and the client's NIC on LAN N).
rig_link_up() {
	RIG_NS=
	[ "$LINK" = tap ] || return 0
	local ns=$RIG_NS_PREFIX$$-$RANDOM$RANDOM i t mtu=()
	[ -n "${LINK_MTU:-}" ] && mtu=(mtu "$LINK_MTU")
	ip netns add "$ns" || { echo "rig: ip netns add $ns failed" >&2; return 1; }
	RIG_NS=$ns
	# nothing but IPv4 from the host's side of the LAN; bridged frames do
	# not go through the host's iptables (br_netfilter, where loaded)
	ip netns exec "$ns" sh -c 'for k in net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 \
		net.bridge.bridge-nf-call-iptables=0 net.bridge.bridge-nf-call-ip6tables=0 \
		net.bridge.bridge-nf-call-arptables=0; do sysctl -qw "$k" 2>/dev/null; done; true'
	for i in $(seq 0 $(($1 - 1))); do
		ip -n "$ns" link add "br$i" "${mtu[@]}" type bridge stp_state 0 forward_delay 0 || return 1
		for t in "tap-s$i" "tap-c$i"; do
			ip -n "$ns" tuntap add dev "$t" mode tap vnet_hdr || return 1
			ip -n "$ns" link set "$t" "${mtu[@]}" master "br$i" up || return 1
		done
		ip -n "$ns" addr add "198.18.$i.3/24" dev "br$i" || return 1
		ip -n "$ns" link set "br$i" up || return 1
	done
}

# The counters of every tap as the run leaves them, then the namespace goes.
rig_link_down() {
	[ -n "$RIG_NS" ] || return 0
	ip netns exec "$RIG_NS" sh -c 'cd /sys/class/net && for t in tap-*; do
		echo "$t" $(cat $t/statistics/tx_packets $t/statistics/tx_dropped $t/statistics/rx_packets $t/statistics/rx_dropped); done' \
		> "$RUNDIR/link-stats" 2>/dev/null
	ip netns del "$RIG_NS" 2>/dev/null
	RIG_NS=
}

# rig_in_ns CMD...: run CMD where the VMs' link is (the namespace, or here).
rig_in_ns() {
	if [ -n "$RIG_NS" ]; then
		ip netns exec "$RIG_NS" "$@"
	else
		"$@"
	fi
}

# rig_in_ns_exec CMD...: the same in place of the calling (sub)shell, so
# that "rig_in_ns_exec CMD &" leaves $! the command itself: a signal sent
# to every process with the rig's command line (pkill -f) does not end
# it under the rig's feet, and RIG_PIDFILE's entry finds it and its tree
rig_in_ns_exec() {
	if [ -n "$RIG_NS" ]; then
		exec ip netns exec "$RIG_NS" "$@"
	else
		exec "$@"
	fi
}

# rig_net ROLE LAN MAC [NIC]: QEMU options for a virtio-net NIC of the
# server (ROLE s) or a client (c) on LAN 0 or 1; NIC numbers the VM's NICs.
rig_net() {
	local role=$1 lan=$2 mac=$3 i=${4:-0} lp rp
	if [ "$LINK" = tap ]; then
		echo -netdev "tap,id=n$i,ifname=tap-$role$lan,script=no,downscript=no,vnet_hdr=on"
	else
		lp=$((RIG_PORT_BASE + 2 * lan)) rp=$((RIG_PORT_BASE + 2 * lan + 1))
		[ "$role" = s ] && { local x=$lp; lp=$rp; rp=$x; }
		echo -netdev "dgram,id=n$i,local.type=inet,local.host=127.0.0.1,local.port=$lp,remote.type=inet,remote.host=127.0.0.1,remote.port=$rp"
	fi
	echo -device "virtio-net-pci,netdev=n$i,mac=$mac,id=nic$i"
}

# Frames the host dropped on their way into each VM of LAN 0 (client,
# server): at the tap, because the VM's QEMU did not read its queue in time
# (tx_dropped); on the dgram link, at the QEMU's UDP socket, as
# /proc/net/udp counts them.
rig_link_drops() {
	if [ "$LINK" = tap ]; then
		[ -n "$RIG_NS" ] || { echo " "; return; }
		ip netns exec "$RIG_NS" cat /sys/class/net/tap-c0/statistics/tx_dropped \
			/sys/class/net/tap-s0/statistics/tx_dropped 2>/dev/null | tr '\n' ' '
		echo
	else
		local c s
		c=$(awk -v a="$(printf '0100007F:%04X' "$RIG_PORT_BASE")" '$2 == a { print $NF }' /proc/net/udp)
		s=$(awk -v a="$(printf '0100007F:%04X' $((RIG_PORT_BASE + 1)))" '$2 == a { print $NF }' /proc/net/udp)
		echo "$c $s"
	fi
}

# One line of RUNDIR/host-link-drops.log: seconds since START, then the
# drops on the way into the client and into the server.
rig_log_link_drops() {	# rig_log_link_drops START
	echo "$(($(date +%s) - $1)) $(rig_link_drops)" >> "$RUNDIR/host-link-drops.log"
}

# rig_flood_cmd PPS [PORT [-F]]: a command line for the host-side flood
# of unrelated UDP to the client's PORT (default 9000), FLOOD_PAYLOAD bytes
# a datagram (-F: first fragments of datagrams that never complete; the
# tap link only). On the tap link it is a host on the client's LAN (the
# bridge's address) sending through its own stack; on the dgram link,
# frames written into the client QEMU's socket. FLOOD_DST overrides the
# destination (a check that the flood's arrival is checked).
rig_flood_cmd() {
	local pps=$1 port=${2:-9000} frag=${3:-} dst=${FLOOD_DST:-$CLIENT_IP}
	if [ "$LINK" = tap ]; then
		echo "$BUILD/tools/flood -i 198.18.0.3 $frag -D $dst -u $port -r $pps -l $FLOOD_PAYLOAD -t 3600"
	else
		[ -z "$frag" ] || { echo "false # no fragment flood on the dgram link"; return; }
		echo "$BUILD/tools/flood -d 127.0.0.1:$RIG_PORT_BASE -m $CLIENT_MAC \
-M 52:54:00:12:00:03 -s 198.18.0.3 -D $dst -u $port -r $pps -l $FLOOD_PAYLOAD -t 3600"
	fi
}
