#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch --strict on every owned kernel file and every patch in the series,
# and an SPDX line on every project source file. Prints what it found; exits
# non-zero on any error or warning.
set -uo pipefail
. "$(dirname "$0")/common.sh"
cp=$SRC/scripts/checkpatch.pl
[ -x "$cp" ] || die "$cp missing (make prepare)"
CP=("$cp" --strict --no-tree --quiet --show-types --terse)
rc=0 n=0

cd "$TOP"
mapfile -t owned < <(for d in "${OVERLAY_DIRS[@]}"; do [ -d "$d" ] && find "$d" -type f \( -name '*.[ch]' -o -name Kconfig -o -name Makefile \); done)
for f in "${owned[@]}"; do
	n=$((n + 1))
	"${CP[@]}" -f "$f" || rc=1
done
while read -r p; do
	[ -n "$p" ] || continue
	n=$((n + 1))
	"${CP[@]}" "patches/$p" || rc=1
done < patches/series

# Every file of ours carries an SPDX line in its first lines.
while read -r f; do
	case $f in *.md|*.rst|patches/*|*/series|.gitignore) continue ;; esac
	head -3 "$f" | grep -q 'SPDX-License-Identifier' || {
		echo "$f: no SPDX-License-Identifier line"
		rc=1
	}
done < <(git ls-files; git ls-files --others --exclude-standard)
echo "lint: checkpatch --strict on $n owned files and patches: $([ $rc = 0 ] && echo clean || echo FAILED)"
exit $rc
