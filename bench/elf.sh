#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - bench/elf.sh: what the ELF columns add to `vmaview PID` with N mapped objects, one run
# Usage: bench/elf.sh [BUILD_DIR] [N]   (needs hyperfine; run as root for map_files)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
n=${2:-300}
vmaview=$build/vmaview
target=$build/bench/manyelf
lib=$build/bench/libelflib.so
[[ -x $vmaview && -x $target && -f $lib ]] || { echo "bench: build first (scripts/build.sh $build)" >&2; exit 2; }

dir=$(mktemp -d)
out=$(mktemp -d)
coproc ME { exec "$target" "$n" "$lib" "$dir"; }
trap 'kill "$ME_PID" 2>/dev/null || true; rm -rf "$dir" "$out"' EXIT
read -r ready _ <&"${ME[0]}"
[[ $ready == READY ]] || { echo "bench: target did not start" >&2; exit 1; }
pid=$ME_PID
echo "target pid $pid: $(wc -l <"/proc/$pid/maps") VMAs," \
	"$(awk '$6 ~ /\// {print $6}' "/proc/$pid/maps" | sort -u | wc -l) mapped files"
labelled=$("$vmaview" -r -n -o elf "$pid" | grep -c LOAD || true)
echo "VMAs with an ELF label: $labelled"

hyperfine -N --warmup 3 --min-runs 30 --export-json "$out/elf.json" \
	-n "vmaview PID" "$vmaview $pid" \
	-n "vmaview -o +elf,section,build_id PID" "$vmaview -o +elf,section,build_id $pid" >/dev/null
# wall time (median; min: the run least disturbed by other processes), and
# CPU time (user + system), which a loaded machine disturbs less
jq -r '.results | (.[0].median) as $base | (.[0].min) as $bmin | (.[0].user + .[0].system) as $cpu | .[] |
	"\(.command)\t\(.median * 1000 | . * 100 | round / 100) ms median\t\(.median / $base * 100 | round / 100)x" +
	"\tmin \(.min * 1000 | . * 100 | round / 100) ms\t\(.min / $bmin * 100 | round / 100)x" +
	"\tCPU \((.user + .system) * 1000 | . * 100 | round / 100) ms\t\((.user + .system) / $cpu * 100 | round / 100)x"' \
	"$out/elf.json" | column -t -s $'\t'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
