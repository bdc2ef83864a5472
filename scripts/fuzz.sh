#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - scripts/fuzz.sh: build the libFuzzer targets with clang, fuzz each for a set time, summarize
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]    (default: 60 s each, every target)
#
# Builds in build-fuzz/ (CC=clang, -DVMAVIEW_FUZZ=ON: libFuzzer + ASan +
# UBSan). Each target starts from tests/fuzz/corpus/TARGET and keeps what it
# finds in build-fuzz/corpus/TARGET (not in the repository); crashing inputs
# land in build-fuzz/crashes/TARGET/. Copy each into tests/fuzz/crashes/TARGET/
# once fixed: ctest then runs it in every build (fuzz_regress_TARGET).
# Exit status: 0, or 1 when a target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."

secs=60
if [[ ${1-} =~ ^[0-9]+$ ]]; then
	secs=$1
	shift
fi
all=(maps smaps snapshot flagexpr decode)
targets=("$@")
((${#targets[@]})) || targets=("${all[@]}")
for t in "${targets[@]}"; do
	[[ " ${all[*]} " == *" $t "* ]] || {
		echo "fuzz.sh: unknown target '$t' (known: ${all[*]})" >&2
		exit 64
	}
done

B=build-fuzz
CC=clang cmake -S . -B "$B" -DVMAVIEW_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$B" -j2 --target "${targets[@]/#/fuzz_}" >/dev/null

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
rows=()
crashed=0
for t in "${targets[@]}"; do
	work=$B/corpus/$t art=$B/crashes/$t log=$B/fuzz-$t.log
	mkdir -p "$work" "$art"
	before=$(find "$art" -type f | wc -l)
	echo "fuzz.sh: $t for ${secs}s (log: $log)" >&2
	rc=0
	nice -n 15 "$B/tests/fuzz/fuzz_$t" -max_total_time="$secs" \
		-print_final_stats=1 \
		-artifact_prefix="$art/" "$work" "tests/fuzz/corpus/$t" >"$log" 2>&1 || rc=$?
	# libFuzzer's last status line: "#N DONE cov: C ft: F corp: ..."
	last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	cov=$(grep -oE 'cov: [0-9]+' <<<"$last" | awk '{print $2}' || true)
	ft=$(grep -oE 'ft: [0-9]+' <<<"$last" | awk '{print $2}' || true)
	corp=$(grep -oE 'corp: [0-9]+' <<<"$last" | awk '{print $2}' || true)
	new=$(($(find "$art" -type f | wc -l) - before))
	if ((rc)); then
		crashed=1
		status="CRASH (rc $rc)"
	else
		status=ok
	fi
	rows+=("$(printf '%-9s %12s %6s %7s %6s %8s  %s' "$t" "${execs:-?}" \
		"${cov:-?}" "${ft:-?}" "${corp:-?}" "$new" "$status")")
done
printf '%-9s %12s %6s %7s %6s %8s  %s\n' TARGET EXECS COV FT CORPUS CRASHES STATUS
printf '%s\n' "${rows[@]}"
if ((crashed)); then
	echo "fuzz.sh: crashing inputs are in $B/crashes/; see $B/fuzz-TARGET.log" >&2
fi
exit "$crashed"
