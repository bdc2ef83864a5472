#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - bench/show.sh: `vmaview PID` vs `pmap -X` vs `cat smaps` on N VMAs, one run
# Usage: bench/show.sh [BUILD_DIR] [N]   (needs hyperfine, procps; run as root)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
n=${2:-30000}
vmaview=$build/vmaview
target=$build/bench/manyvmas
[[ -x $vmaview && -x $target ]] || { echo "bench: build first (scripts/build.sh $build)" >&2; exit 2; }

coproc MV { exec "$target" "$n"; }
trap 'kill "$MV_PID" 2>/dev/null || true' EXIT
read -r ready _ <&"${MV[0]}"
[[ $ready == READY ]] || { echo "bench: target did not start" >&2; exit 1; }
pid=$MV_PID
echo "target pid $pid: $(wc -l </proc/$pid/maps) VMAs"

out=$(mktemp -d)
hyperfine -N --warmup 3 --min-runs 20 --export-json "$out/show.json" \
	-n "cat smaps" "cat /proc/$pid/smaps" \
	-n "pmap -X" "pmap -X $pid" \
	-n "vmaview PID" "$vmaview $pid" \
	-n "vmaview --json PID" "$vmaview --json $pid" >/dev/null
jq -r '.results | (map(select(.command == "cat smaps"))[0].mean) as $cat |
	(map(select(.command == "pmap -X"))[0].mean) as $pmap |
	.[] | "\(.command)\t\(.mean * 1000 | . * 100 | round / 100) ms\t\(.mean / $cat * 100 | round / 100)x cat\t\(.mean / $pmap * 100 | round / 100)x pmap"' \
	"$out/show.json" | column -t -s $'\t'
echo "peak RSS of vmaview PID: $(/usr/bin/time -f %M "$vmaview" "$pid" 2>&1 >/dev/null) KiB"
rm -rf "$out"
