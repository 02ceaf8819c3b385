# SPDX-License-Identifier: GPL-2.0
# Signal handling shared by the rig's entry points (run, ab, bench,
# campaign, repeat, kprofile). Sourced.
#
# Bash runs a trap only once the foreground command it waits for has
# ended, so a SIGTERM to a script that runs a scenario in the foreground
# would wait out the whole scenario while its VMs go on. Each entry point
# therefore runs its long child in the background (rig_fg) and waits for it
# in a way a signal interrupts; on SIGINT or SIGTERM, rig_on_signal ends the
# whole tree of processes below the script (child scripts, the scenario's
# subshells, QEMU, host-side floods), calls the script's own RIG_ON_ABORT
# (run deletes its network namespaces there) and exits 130 or 143; at any
# exit, RIG_ON_EXIT (run ends its VMs there).

# rig_tree PID...: PID and every process below it, parents first.
rig_tree() {
	local p
	for p in "$@"; do
		echo "$p"
		rig_tree $(pgrep -P "$p" 2>/dev/null)
	done
}

# rig_alive PID: a process that is there and not a zombie.
rig_alive() {
	local st
	st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$st" ] && [ "${st%% *}" != Z ]
}

# rig_kill_tree PID...: TERM every process of the trees (collected before
# the first kill, so none escapes by being re-parented), then KILL what is
# still there after up to 10 s (a QEMU that does not exit).
rig_kill_tree() {
	local pids p _
	pids=$(rig_tree "$@")
	[ -n "$pids" ] || return 0
	kill -TERM $pids 2>/dev/null
	for _ in $(seq 20); do
		for p in $pids; do
			rig_alive "$p" && break
			p=
		done
		[ -z "$p" ] && return 0
		sleep 0.5
	done
	kill -KILL $pids 2>/dev/null
}

# rig_wait PID: wait for a child in a way that SIGINT and SIGTERM can
# interrupt (wait returns early, status > 128, when a trapped signal comes);
# returns the child's exit status.
rig_wait() {
	local rc
	while :; do
		wait "$1"
		rc=$?
		rig_alive "$1" || return $rc
	done
}

# rig_fg CMD...: run CMD as a foreground command would, interruptibly.
rig_fg() {
	"$@" &
	rig_wait $!
}

# rig_started PID: a VM or host-side load started somewhere below this
# script, to end on a signal even if the subshell that started it is gone
# already (a signal sent to every process of the tree at once, pkill -f,
# ends the subshells before this script's trap runs, and their children
# are no longer below it). The list is RIG_PIDFILE, one per entry point.
rig_started() {
	[ -n "${RIG_PIDFILE:-}" ] && echo "$1 $(cat "/proc/$1/stat" 2>/dev/null | cut -d' ' -f22)" >> "$RIG_PIDFILE"
}

# The processes of RIG_PIDFILE that are still the ones started (same pid
# and start time), and their trees.
rig_kill_started() {
	local pid start now
	[ -f "${RIG_PIDFILE:-}" ] || return 0
	while read -r pid start; do
		now=$(cut -d' ' -f22 "/proc/$pid/stat" 2>/dev/null)
		[ -n "$now" ] && [ "$now" = "$start" ] && rig_kill_tree "$pid"
	done < "$RIG_PIDFILE"
}

# rig_end_started_since N: end what lines N+1.. of RIG_PIDFILE started
# and is still running (a scenario whose subshell died of a shell error
# before it ended its VMs); prints how many trees it ended.
rig_end_started_since() {
	local pid start now n=0
	[ -f "${RIG_PIDFILE:-}" ] || { echo 0; return 0; }
	while read -r pid start; do
		now=$(cut -d' ' -f22 "/proc/$pid/stat" 2>/dev/null)
		if [ -n "$now" ] && [ "$now" = "$start" ] && rig_alive "$pid"; then
			rig_kill_tree "$pid"
			n=$((n + 1))
		fi
	done < <(tail -n +$(($1 + 1)) "$RIG_PIDFILE")
	echo "$n"
}

# rig_started_count: where the list stands, for rig_end_started_since.
rig_started_count() {
	if [ -f "${RIG_PIDFILE:-}" ]; then wc -l < "$RIG_PIDFILE"; else echo 0; fi
}

rig_on_signal() {	# rig_on_signal STATUS
	trap '' INT TERM
	echo "# $(basename "$0"): interrupted: ending every VM and host process it started" >&2
	rig_kill_tree $(pgrep -P $$ 2>/dev/null)
	rig_kill_started
	[ -n "${RIG_ON_ABORT:-}" ] && eval "$RIG_ON_ABORT"
	exit "$1"
}

rig_traps() {
	# the first entry point of a tree keeps the list; the ones below add
	if [ -z "${RIG_PIDFILE:-}" ]; then
		RIG_PIDFILE=$(mktemp /tmp/netswap-rig.XXXXXX)
		export RIG_PIDFILE
		RIG_PIDFILE_OWNER=$$
	fi
	trap 'rig_on_signal 130' INT
	trap 'rig_on_signal 143' TERM
	trap rig_on_exit EXIT
}

# At exit: the script's own RIG_ON_EXIT, then the list if it is ours.
rig_on_exit() {
	[ -n "${RIG_ON_EXIT:-}" ] && eval "$RIG_ON_EXIT"
	[ "${RIG_PIDFILE_OWNER:-}" = $$ ] && rm -f "$RIG_PIDFILE"
}
