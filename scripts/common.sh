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
