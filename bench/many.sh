#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - bench/many.sh: every process on the machine: vmaview --all summary vs smem -t, and vmaview who, in one hyperfine run
#
# Times, side by side in one hyperfine invocation, over every process:
#   vmaview --all summary --totals   one smaps_rollup (+ status) read per process
#   vmaview --all summary            full smaps per process, split by region kind
#   smem -t                          smem's per-process PSS/USS/RSS with totals (full smaps)
#   vmaview who PFN                  every pagemap scanned for one frame (the first
#                                    present page of this shell: bash text, shared)
# All output goes to /dev/null. Needs root (PFNs for who), hyperfine, smem, jq
# (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

vmaview=build/vmaview
runs=10
out=
while (($#)); do
	case $1 in
	--vmaview) vmaview=$2; shift ;;
	--runs) runs=$2; shift ;;
	--out) out=$2; shift ;;
	-h | --help)
		echo "Usage: bench/many.sh [--vmaview PATH] [--runs N] [--out DIR]"
		exit 0
		;;
	*) echo "bench/many.sh: unknown argument '$1'" >&2; exit 64 ;;
	esac
	shift
done
for t in hyperfine smem jq; do
	command -v "$t" >/dev/null || { echo "bench/many.sh: $t is not installed (scripts/install-deps.sh)" >&2; exit 1; }
done
[ -x "$vmaview" ] || { echo "bench/many.sh: no $vmaview: build first" >&2; exit 1; }
vmaview=$(realpath "$vmaview")
out=${out:-$(mktemp -d /tmp/vmaview-many.XXXXXX)}
mkdir -p "$out"

pfn=$("$vmaview" pages $$ -n -o pfn 2>/dev/null | awk '$1 != "-" && !f {print $1; f = 1}')
[ -n "$pfn" ] || { echo "bench/many.sh: no PFN of this shell (not root?)" >&2; exit 1; }
nproc_now=$("$vmaview" --all summary --totals -J 2>/dev/null | jq '.totals.processes')
echo "processes with an address space: $nproc_now; who looks for PFN $pfn ($("$vmaview" who -n "$pfn" 2>/dev/null | wc -l) mappings)"

hyperfine -N --warmup 2 --runs "$runs" \
	--export-json "$out/many.json" --export-markdown "$out/many.md" \
	-n "vmaview --all summary --totals" "$vmaview --all summary --totals" \
	-n "vmaview --all summary" "$vmaview --all summary" \
	-n "smem -t" "smem -t" \
	-n "vmaview who PFN (all processes)" "$vmaview who $pfn" \
	>"$out/hyperfine.log" 2>&1 || { cat "$out/hyperfine.log" >&2; exit 1; }
cat "$out/many.md"
jq -r '.results[] | "\(.command): median \(.median * 1000 | floor) ms, user \(.user * 1000 | floor) ms, system \(.system * 1000 | floor) ms"' "$out/many.json"
echo "results in $out"
