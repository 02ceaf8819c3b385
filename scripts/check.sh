#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh SCENARIO...: the check tier. Host-side checks (lint, the workload's
# own self-test) then the rig's scenarios; one TAP stream, one closing line.
set -uo pipefail
. "$(dirname "$0")/common.sh"
T=$BUILD/tools
passed=0 failed=0 skipped=0

host_check() {	# host_check NAME CMD...
	local name=$1
	shift
	if "$@" > "$BUILD/check-$name.log" 2>&1; then
		echo "ok - $name"
		passed=$((passed + 1))
	else
		echo "not ok - $name (see build/check-$name.log)"
		sed 's/^/#   /' "$BUILD/check-$name.log" | tail -20
		failed=$((failed + 1))
	fi
}

# memstress_run NAME RC ERRORS MISMATCH_ERE [ARG...]: a 16 MiB, 2-pass
# memstress run must exit RC, report ERRORS verify errors, as many MISMATCH
# lines (all matching MISMATCH_ERE), and every page verified in each of its
# 2 verify passes (rw -p 2: pass 1 and the final read-back pass 2).
memstress_run() {
	local name=$1 want_rc=$2 want_err=$3 re=$4 out rc pv ve nm nre
	local want_pv=$((16 * 2 * 1048576 / $(getconf PAGESIZE)))

	shift 4
	out=$("$T/memstress" -s 16 -p 2 -S 7 "$@")
	rc=$?
	pv=$(sed -n 's/^RESULT .* pages_verified=\([0-9]*\).*/\1/p' <<< "$out")
	ve=$(sed -n 's/^RESULT .* verify_errors=\([0-9]*\).*/\1/p' <<< "$out")
	nm=$(grep -c '^MISMATCH ' <<< "$out")
	nre=$(grep -cE "^MISMATCH .*$re" <<< "$out")
	echo "memstress $name ($*): rc=$rc pages_verified=$pv verify_errors=$ve" \
	     "MISMATCH lines=$nm (matching '$re': $nre);" \
	     "want rc=$want_rc pages_verified=$want_pv verify_errors=$want_err"
	grep -E '^(CORRUPT|MISMATCH|CHILD|RESULT) ' <<< "$out"
	[ "$rc" = "$want_rc" ] && [ "$pv" = "$want_pv" ] &&
		[ "$ve" = "$want_err" ] && [ "$nm" = "$want_err" ] &&
		[ "$nre" = "$want_err" ]
}

# The workload must catch a corrupted page, or no scenario proves anything.
# In rw mode the -C page is caught in pass 1, which rewrites it: one error
# whatever -p is. With -T the page reads bad once and intact on the re-read
# (it changed under the check): one error too, a transient MISMATCH.
memstress_catches() {
	local rc=0

	memstress_run corrupt 1 1 'off=[0-9]+ want=' -C 100 || rc=1
	memstress_run transient 1 1 'off=-1 transient$' -C 100 -T || rc=1
	memstress_run clean 0 0 '' -o random || rc=1
	return $rc
}

rm -f "$BUILD"/check-rig-*.log "$BUILD"/check-kunit-*.txt
echo "TAP version 13"
host_check lint "$TOP/scripts/lint.sh"
host_check memstress-selftest memstress_catches

# rig_pass KERNEL SCENARIO...: the rig's scenarios on one client kernel, its
# totals and the KUnit suites that kernel ran at boot added to ours. The
# default kernel's TAP lines carry the scenario's name; another kernel's,
# KERNEL/scenario.
rig_pass() {
	local kname=$1 out=$BUILD/check-rig-$1.log last sc pfx=
	shift
	[ "$kname" = "${KERNEL:-netswap}" ] || pfx=$kname/
	KERNEL=$kname "$TOP/tests/nfs-swap/run" "$@" | grep --line-buffered -v "^TAP version" |
		sed -u -E "s|^((not )?ok [0-9]+ )|\1$pfx|" | tee "$out"
	last=$(tail -1 "$out")
	if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped$ ]]; then
		passed=$((passed + BASH_REMATCH[1]))
		failed=$((failed + BASH_REMATCH[2]))
		skipped=$((skipped + BASH_REMATCH[3]))
	else
		echo "not ok - ${pfx}rig did not report its totals"
		failed=$((failed + 1))
	fi
	# KUnit suites the client kernel ran at boot count case by case, once
	# per suite: every scenario boots the same kernel, so a suite is
	# reported from the scenario where it did worst (most failures), not
	# once per boot.
	case $kname in */*) kname=${KERNEL_NAME:-$(basename "$(dirname "$kname")")} ;; esac
	local jsons=()
	for sc in "$@"; do
		j=$BUILD/results/$kname/$sc.json
		[ -f "$j" ] && jsons+=("$j")
	done
	[ ${#jsons[@]} -gt 0 ] || return 0
	python3 - "$pfx" "${jsons[@]}" > "$BUILD/check-kunit-$kname.txt" <<-'PY'
	import json, os, sys
	worst = {}
	for path in sys.argv[2:]:
	    for suite, c in json.load(open(path)).get("kunit", {}).items():
	        if suite not in worst or c["fail"] > worst[suite][0]["fail"]:
	            worst[suite] = (c, os.path.basename(path)[:-5])
	for suite, (c, sc) in sorted(worst.items()):
	    print(f"{'ok' if not c['fail'] else 'not ok'} - kunit {sys.argv[1]}{suite} ({sc}): "
	          f"{c['pass']} passed, {c['fail']} failed, {c['skip']} skipped")
	print("COUNTS", sum(c["pass"] for c, _ in worst.values()),
	      sum(c["fail"] for c, _ in worst.values()),
	      sum(c["skip"] for c, _ in worst.values()))
	PY
	grep -v '^COUNTS' "$BUILD/check-kunit-$kname.txt"
	local kp kf ks
	read -r _ kp kf ks < <(grep '^COUNTS' "$BUILD/check-kunit-$kname.txt")
	passed=$((passed + ${kp:-0}))
	failed=$((failed + ${kf:-0}))
	skipped=$((skipped + ${ks:-0}))
}

rig_pass "${KERNEL:-netswap}" "$@"
# MODULAR_KERNEL (make check: netswap-modular, when built): the swap stack
# as modules, loaded from the client's initramfs; MODULAR_SCENARIOS on it.
if [ -n "${MODULAR_KERNEL:-}" ]; then
	# shellcheck disable=SC2086 # a list of scenario names
	rig_pass "$MODULAR_KERNEL" ${MODULAR_SCENARIOS:-nfs41-swap nbd-swap nfs-reserve-roundtrip module-unload}
fi
# Whoever reads only the tail of this output (CI keeps the end) must still
# see why a scenario failed: its verdict lines, again, just above the totals.
cat "$BUILD"/check-rig-*.log 2>/dev/null | grep -E '^not ok [0-9]+ [^ ]+ \(' | while read -r _ _ _ sc _; do
	kname=${KERNEL:-netswap}
	case $kname in */*) kname=${KERNEL_NAME:-$(basename "$(dirname "$kname")")} ;; esac
	case $sc in */*) kname=${sc%%/*}; sc=${sc#*/} ;; esac
	log=$BUILD/runs/$kname/$sc/log
	echo "# why $kname/$sc failed (from ${log#"$TOP"/}):"
	{ grep -E '^# [^ ]+: (fail|hang|error)\b|FAIL|not the expected|no run hung|blocked in|deadlock' "$log" ||
	  tail -6 "$log"; } 2>/dev/null | cut -c1-400 | head -12 | sed 's/^#*/#  /'
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
