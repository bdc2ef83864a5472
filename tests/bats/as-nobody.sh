#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - tests/bats/as-nobody.sh: run a live bats suite with vmaview and its targets as user nobody
# Usage (as root): as-nobody.sh SUITE.bats [bats options]. Takes VMAVIEW,
# MAPPER, FAMILY and CHURN from the environment (as CTest sets them), copies
# them where nobody can run them (the build tree may sit under a private
# directory), points VMAVIEW at a wrapper that execs the copy through
# setpriv as nobody, and runs bats with VMAVIEW_TEST_AS=nobody, which the
# helpers read: the mapper, the family and churn then start as nobody too
# (helpers/common.bash, RUN_AS). Exits 77 (skipped) without root, setpriv or
# a user nobody.
set -euo pipefail

suite=${1:?usage: as-nobody.sh SUITE.bats [bats options]}
shift
skip() { echo "1..0 # skip $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root (to run the targets and vmaview as nobody)"
command -v setpriv >/dev/null || skip "no setpriv"
id nobody >/dev/null 2>&1 || skip "no user nobody"
ngid=$(id -g nobody)

dir=$(mktemp -d /tmp/vmaview-nobody.XXXXXX)
trap 'rm -rf "$dir"' EXIT
chmod 755 "$dir"
mkdir -m 755 "$dir/bin"
# the mappers' directories and whatever vmaview writes (snapshots, SVGs)
mkdir -m 1777 "$dir/tmp"
: "${VMAVIEW:?}"
for v in VMAVIEW MAPPER FAMILY CHURN; do
	[ -n "${!v:-}" ] || continue
	[ -e "${!v}" ] || continue
	cp "${!v}" "$dir/bin/"
	f=$dir/bin/$(basename "${!v}")
	chmod 755 "$f"
	export "$v=$f"
done
export VMAVIEW_BIN=$VMAVIEW VMAVIEW_TEST_AS=nobody VMAVIEW_NOBODY_DIR=$dir
export VMAVIEW_NOBODY_GID=$ngid
# every "$VMAVIEW" in the suites runs vmaview as nobody, without capabilities
printf '#!/bin/sh\nexec setpriv --reuid=nobody --regid=%s --clear-groups --inh-caps=-all -- %q "$@"\n' \
	"$ngid" "$VMAVIEW_BIN" >"$dir/vmaview"
chmod 755 "$dir/vmaview"
export VMAVIEW=$dir/vmaview
rc=0
bats "$@" "$suite" || rc=$?
exit "$rc"
