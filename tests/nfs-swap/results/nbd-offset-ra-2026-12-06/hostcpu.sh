#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The sampler that wrote hostcpu.txt (run beside the rig, killed after it):
# each second, the host busy % of its cores and each QEMU pid's CPU ticks.
# every second: host busy %, and CPU % of each qemu (client/server by -name or cmdline)
prev=($(head -1 /proc/stat))
declare -A pt
while sleep 1; do
  cur=($(head -1 /proc/stat))
  tot=0; for i in 1 2 3 4 5 6 7 8; do tot=$((tot + cur[i] - prev[i])); done
  idle=$(( (cur[4]-prev[4]) + (cur[5]-prev[5]) ))
  line="$(date +%s) host_busy=$(( tot ? 100*(tot-idle)/tot : 0 ))"
  for p in $(pgrep -f qemu-system); do
    n=$(tr '\0' ' ' < /proc/$p/cmdline | grep -o 'console=[^ ]*\|client\|server' | head -1)
    role=$(tr '\0' ' ' < /proc/$p/cmdline | grep -oE '(client|server)[^ ]*\.cpio' | head -1)
    t=$(awk '{print $14+$15}' /proc/$p/stat 2>/dev/null)
    [ -n "${pt[$p]}" ] && line="$line ${role:-$p}=$(( t - pt[$p] ))"
    pt[$p]=$t
  done
  echo "$line"
  prev=("${cur[@]}")
done
