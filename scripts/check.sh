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

# The workload must catch a corrupted page, or no scenario proves anything.
memstress_catches() {
	"$T/memstress" -s 16 -p 2 -S 7 -C 100 && return 1
	"$T/memstress" -s 16 -p 2 -S 7 -o random
}

echo "TAP version 13"
host_check lint "$TOP/scripts/lint.sh"
host_check memstress-selftest memstress_catches

out=$BUILD/check-rig.log
"$TOP/tests/nfs-swap/run" "$@" | grep -v "^TAP version" | tee "$out"
last=$(tail -1 "$out")
if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped$ ]]; then
	passed=$((passed + BASH_REMATCH[1]))
	failed=$((failed + BASH_REMATCH[2]))
	skipped=$((skipped + BASH_REMATCH[3]))
else
	echo "not ok - rig did not report its totals"
	failed=$((failed + 1))
fi
# KUnit suites the client kernel ran at boot count case by case, once per
# suite: every scenario boots the same kernel, so a suite is reported from
# the scenario where it did worst (most failures), not once per boot.
kname=${KERNEL:-netswap}
case $kname in */*) kname=${KERNEL_NAME:-$(basename "$(dirname "$kname")")} ;; esac
jsons=()
for sc in "$@"; do
	j=$BUILD/results/$kname/$sc.json
	[ -f "$j" ] && jsons+=("$j")
done
if [ ${#jsons[@]} -gt 0 ]; then
	python3 - "${jsons[@]}" > "$BUILD/check-kunit.txt" <<-'PY'
	import json, os, sys
	worst = {}
	for path in sys.argv[1:]:
	    for suite, c in json.load(open(path)).get("kunit", {}).items():
	        if suite not in worst or c["fail"] > worst[suite][0]["fail"]:
	            worst[suite] = (c, os.path.basename(path)[:-5])
	for suite, (c, sc) in sorted(worst.items()):
	    print(f"{'ok' if not c['fail'] else 'not ok'} - kunit {suite} ({sc}): "
	          f"{c['pass']} passed, {c['fail']} failed, {c['skip']} skipped")
	print("COUNTS", sum(c["pass"] for c, _ in worst.values()),
	      sum(c["fail"] for c, _ in worst.values()),
	      sum(c["skip"] for c, _ in worst.values()))
	PY
	grep -v '^COUNTS' "$BUILD/check-kunit.txt"
	read -r _ kp kf ks < <(grep '^COUNTS' "$BUILD/check-kunit.txt")
	passed=$((passed + ${kp:-0}))
	failed=$((failed + ${kf:-0}))
	skipped=$((skipped + ${ks:-0}))
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
