# SPDX-License-Identifier: GPL-2.0
# Paths shared by the build scripts. Sourced, not run.
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
SRC=$BUILD/netswap/src		# the git-tracked working tree (branch netswap)
VSRC=$BUILD/vanilla/src		# worktree at tag "pristine"
TARBALL=${TARBALL:-/usr/src/linux-source-6.12.tar.xz}
# Directories of files the project owns outright, copied over the pristine tree.
OVERLAY_DIRS=(mm net fs drivers include Documentation)
export CCACHE_DIR=${CCACHE_DIR:-/var/cache/netswap/ccache}
export CCACHE_BASEDIR=$BUILD
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
export KBUILD_BUILD_TIMESTAMP='Sun Nov 22 00:00:00 UTC 2026'
export KBUILD_BUILD_USER=netswap KBUILD_BUILD_HOST=rig
GIT_ID=(-c user.name=netswap -c user.email=netswap@localhost -c commit.gpgsign=false)

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# Hash of everything that goes into the netswap tree: the owned files and
# the series. Used to tell whether build/netswap/src is in step with the repo.
inputs_hash() {
	(cd "$TOP" && {
		for d in "${OVERLAY_DIRS[@]}"; do
			[ -d "$d" ] && find "$d" -type f
		done
		find patches -type f
	} | LC_ALL=C sort | xargs -r sha256sum) | sha256sum | cut -c1-16
}

# config_check WHO CONFIG FRAGMENT...: every option the fragments set or
# unset ("# CONFIG_X is not set"), the last fragment to name it winning as
# in KCONFIG_ALLCONFIG, must be so in CONFIG; says which did not survive.
config_check() {
	local who=$1 cfg=$2 line missing=0
	shift 2
	while IFS= read -r line; do
		if [[ $line =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set$ ]]; then
			! grep -q "^${BASH_REMATCH[1]}=" "$cfg" && continue
		else
			grep -qxF "$line" "$cfg" && continue
		fi
		echo "$who: $line did not survive (check dependencies)" >&2
		missing=1
	done < <(cat "$@" | awk '
		/^CONFIG_[A-Za-z0-9_]+=/ { k = $0; sub(/=.*/, "", k) }
		/^# CONFIG_[A-Za-z0-9_]+ is not set$/ { k = $2 }
		k != "" { if (!(k in v)) o[n++] = k; v[k] = $0; k = "" }
		END { for (i = 0; i < n; i++) print v[o[i]] }')
	return $missing
}
