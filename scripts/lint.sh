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
mapfile -t owned < <(for d in "${OVERLAY_DIRS[@]}"; do [ -d "$d" ] && find "$d" -type f \( -name '*.[ch]' -o -name 'Kconfig*' -o -name Makefile \); done)
for f in "${owned[@]}"; do
	n=$((n + 1))
	"${CP[@]}" -f "$f" || rc=1
done
while read -r p; do
	[ -n "$p" ] || continue
	n=$((n + 1))
	# A hook names things as the upstream file it hooks into does (NFS's
	# Opt_* enum, say): CamelCase is checked in owned files only.
	(cd "$SRC" && "$cp" --strict --quiet --show-types --terse --ignore CAMELCASE \
		"$TOP/patches/$p") || rc=1
done < patches/series
# checkpatch caches CamelCase names in the tree it runs in: leave it clean,
# or the next prepare takes the cache for unexported work
rm -f "$SRC"/.checkpatch-camelcase.git.*

# W=1 and sparse on every C file the series or the overlay touches: no
# warning that the vanilla build of the same file does not have too.
# (Upstream files have warnings of their own; only new ones count.)
# Separate object dirs: a W=1 make in the real ones rebuilds the kernels.
w1() {	# w1 SRCDIR OBJDIR FILE.o: the W=1/sparse warnings, positions dropped
	local lobj=$2-lint
	mkdir -p "$lobj"
	cmp -s "$2/.config" "$lobj/.config" || cp "$2/.config" "$lobj/.config"
	make -s -C "$1" O="$lobj" CC="ccache gcc" W=1 C=2 "$3" 2>&1 |
		grep -E "warning|error" | sed -E "s|$1/||" | sed -E 's/:[0-9]+:[0-9]+:/:/; s/:[0-9]+:/:/' | LC_ALL=C sort
}
if [ -f "$BUILD/netswap/obj/.config" ] && [ -f "$BUILD/vanilla/obj/.config" ]; then
	mapfile -t cfiles < <(git -C "$SRC" diff --name-only pristine HEAD -- '*.c')
	for f in "${cfiles[@]}"; do
		o=${f%.c}.o
		grep -q "$(basename "$o")" "$BUILD/netswap/obj/$(dirname "$o")/built-in.a" 2>/dev/null ||
			[ -f "$BUILD/netswap/obj/$o" ] || { echo "lint: $o is not built in this config, skipped"; continue; }
		new=$(comm -13 <(git -C "$SRC" cat-file -e "pristine:$f" 2>/dev/null &&
				 w1 "$VSRC" "$BUILD/vanilla/obj" "$o") \
			       <(w1 "$SRC" "$BUILD/netswap/obj" "$o"))
		if [ -n "$new" ]; then
			echo "lint: new W=1/sparse warnings in $f:"
			echo "$new"
			rc=1
		else
			echo "lint: W=1 + sparse: $f: no new warnings"
		fi
	done
else
	echo "lint: kernels not configured yet; W=1/sparse comparison skipped"
fi

# Every owned RST document parses cleanly (docutils; the kernel's Sphinx
# directives are accepted as opaque blocks).
mapfile -t rst < <(for d in "${OVERLAY_DIRS[@]}"; do [ -d "$d" ] && find "$d" -name '*.rst'; done)
if [ ${#rst[@]} -gt 0 ]; then
	/usr/bin/python3 "$TOP/scripts/rstcheck.py" "${rst[@]}" || rc=1
fi

# Every file of ours carries an SPDX line in its first lines.
while read -r f; do
	# (results/*.json: measured data, GPL-2.0 as its README says; JSON
	# has no comments to carry the line)
	case $f in *.md|*.rst|patches/*|*/series|.gitignore|tests/nfs-swap/results/*.json) continue ;; esac
	head -3 "$f" | grep -q 'SPDX-License-Identifier' || {
		echo "$f: no SPDX-License-Identifier line"
		rc=1
	}
done < <(git ls-files; git ls-files --others --exclude-standard)
echo "lint: checkpatch --strict on $n owned files and patches, W=1 + sparse on touched C files, ${#rst[@]} RST documents: $([ $rc = 0 ] && echo clean || echo FAILED)"
exit $rc
