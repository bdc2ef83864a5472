#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - races.bats: 1,000 runs against processes that exit, exec and unmap while being read
bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	: "${CHURN:=$VMAVIEW_SRCDIR/build/tests/churn}"
	[ -x "$CHURN" ] || skip "no churn at $CHURN"
	CHURN_PID=
}

teardown() {
	if [ -n "$CHURN_PID" ]; then
		kill "$CHURN_PID" 2>/dev/null || true
		wait "$CHURN_PID" 2>/dev/null || true
	fi
}

# The ways vmaview is run: the default table, JSON, the frame columns
# (pagemap, kpageflags: root), and pages. PID is appended.
MODES=("" "--json" "-o +present,thp" "--json -o +present,thp,frame_pss"
	"pages" "pages --json")

# race_worker DIR COUNT FIRST: runs FIRST .. FIRST+COUNT-1 of vmaview, each
# against a child of churn picked at random at that moment (it may be gone
# by the time vmaview opens it, or exit, exec or unmap while vmaview reads
# it). Appends "RUN RC MODE PID DIR" to DIR/runs; keeps stderr in DIR/RUN.err
# and JSON in DIR/RUN.json for the checks after all runs.
race_worker() {
	local dir=$1 count=$2 first=$3 i m rc out pid=$CHURN_PID
	local -a kids args
	for ((i = first; i < first + count; i++)); do
		# (no newline in that file: read fails at its end, having read it)
		read -ra kids <"/proc/$CHURN_PID/task/$CHURN_PID/children" || true
		((${#kids[@]})) && pid=${kids[RANDOM % ${#kids[@]}]}
		m=$((i % ${#MODES[@]}))
		read -ra args <<<"${MODES[m]}"
		out=/dev/null
		[[ ${MODES[m]} != *--json* ]] || out=$dir/$i.json
		rc=0
		"$VMAVIEW" "${args[@]}" "$pid" >"$out" 2>"$dir/$i.err" || rc=$?
		echo "$i $rc $m $pid $dir" >>"$dir/runs"
		# the big documents (pages) are checked now and dropped
		if [[ $out != /dev/null ]] && (($(stat -c %s "$out") > 100000)); then
			jq -e '.processes | length == 1' "$out" >/dev/null 2>&1 ||
				echo "$i: bad JSON" >>"$dir/fail"
			: >"$out"
		fi
	done
}

# check_runs TMP: what was wrong with the runs in TMP/runs, one line each
# (run number, how vmaview was called, what) and the stderr of the first.
check_runs() {
	local tmp=$1 i rc m pid dir f
	local -a bad=()
	local -A quiet=()
	# the documents that name no process error (one jq for all)
	while IFS= read -r f; do
		quiet[$f]=1
	done < <(jq -r 'select([.processes[] | select(.error | type == "string")]
		| length == 0) | input_filename' "$tmp"/w*/*.json 2>/dev/null)
	while read -r i rc m pid dir; do
		f=$dir/$i.err
		if ((rc != 0 && rc != 1)); then
			echo "run $i (vmaview ${MODES[m]} $pid): exit status $rc"
			bad+=("$f")
		elif ((rc == 1)) && [ ! -s "$f" ]; then
			echo "run $i (vmaview ${MODES[m]} $pid): exit 1 without a message"
		fi
		# exit 1 names the process that could not be read
		if ((rc == 1)) && [ -n "${quiet[$dir/$i.json]-}" ]; then
			echo "run $i (vmaview ${MODES[m]} $pid): exit 1, no process error in the JSON"
		fi
	done <"$tmp/runs"
	# nothing on stderr but "vmaview: " messages: no sanitizer report, no
	# abort text, no stray output
	awk '!/^vmaview: ./ { print FILENAME ": stderr line: " $0 }' "$tmp"/w*/*.err | head -20
	grep -lE 'Sanitizer|runtime error' "$tmp"/w*/*.err | sed 's/$/: sanitizer report/'
	# every document parses (one jq for all; per file only if that fails)
	if ! jq -e . "$tmp"/w*/*.json >/dev/null 2>&1; then
		for f in "$tmp"/w*/*.json; do
			jq -e . "$f" >/dev/null 2>&1 || [ ! -s "$f" ] ||
				echo "$f: JSON does not parse: $(head -c 200 "$f")"
		done
	fi
	for f in "${bad[@]}"; do
		echo "--- $f"
		head -40 "$f"
	done
}

@test "races: 1,000 runs against processes that exit, exec, unmap: exit 0 or 1 with a message, no crash, no sanitizer report, JSON parses" {
	local out=$BATS_TEST_TMPDIR/churn.out w workers=4 runs=1000 n ok one
	local -a wpids=()
	[ -r "/proc/$$/task/$$/children" ] ||
		skip "no /proc/PID/task/TID/children (CONFIG_PROC_CHILDREN)"
	# nobody mode: churn (and so its children) runs as nobody too
	"${RUN_AS[@]}" "$CHURN" --timeout 600 8 >"$out" 3>&- &
	CHURN_PID=$!
	for ((n = 0; n < 100; n++)); do
		grep -qx READY "$out" 2>/dev/null && break
		sleep 0.05
	done
	grep -qx READY "$out" || fail "churn not READY"
	for ((w = 0; w < workers; w++)); do
		mkdir "$BATS_TEST_TMPDIR/w$w"
		race_worker "$BATS_TEST_TMPDIR/w$w" $((runs / workers)) \
			$((w * runs / workers)) 3>&- &
		wpids+=($!)
	done
	wait "${wpids[@]}" # not churn
	cat "$BATS_TEST_TMPDIR"/w*/runs >"$BATS_TEST_TMPDIR/runs"
	cat "$BATS_TEST_TMPDIR"/w*/fail >"$BATS_TEST_TMPDIR/fail" 2>/dev/null || true
	check_runs "$BATS_TEST_TMPDIR" >>"$BATS_TEST_TMPDIR/fail"
	n=$(wc -l <"$BATS_TEST_TMPDIR/runs")
	ok=$(awk '$2 == 0' "$BATS_TEST_TMPDIR/runs" | wc -l)
	one=$(awk '$2 == 1' "$BATS_TEST_TMPDIR/runs" | wc -l)
	echo "# $n runs: $ok exit 0, $one exit 1" >&3
	if [ -s "$BATS_TEST_TMPDIR/fail" ]; then
		head -40 "$BATS_TEST_TMPDIR/fail"
		fail "runs failed"
	fi
	assert_equal "$n" "$runs"
	# the children were read and were missed: both outcomes happen
	((ok > 0)) || fail "no run could read a live child"
	((one > 0)) || fail "no run met a child that was gone"
}
