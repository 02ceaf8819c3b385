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
# (run deletes its network namespaces there) and exits 130 or 143.

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

rig_on_signal() {	# rig_on_signal STATUS
	trap '' INT TERM
	echo "# $(basename "$0"): interrupted: ending every VM and host process it started" >&2
	rig_kill_tree $(pgrep -P $$ 2>/dev/null)
	[ -n "${RIG_ON_ABORT:-}" ] && eval "$RIG_ON_ABORT"
	exit "$1"
}

rig_traps() {
	trap 'rig_on_signal 130' INT
	trap 'rig_on_signal 143' TERM
}
