#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - interval.bats: --interval over one row per VMA: rows added, removed and grown, against tests/tools/family and /proc/PID/maps
bats_require_minimum_version 1.5.0

# Between the samples the family's parent maps 16 written pages and a
# PROT_NONE page (SIGUSR1), then grows its heap by 16 written pages and
# unmaps those two (SIGUSR2). What changed is read from /proc/PID/maps
# as the kernel shows it, and from what the family wrote, never from
# vmaview.

setup() {
	load helpers/common
	load helpers/family
	command -v jq >/dev/null || skip "jq is not installed"
}

teardown() {
	stop_family
}

PS=$(getconf PAGESIZE)

# wait_for CMD...: until CMD succeeds (10 s at most).
wait_for() {
	local i
	for ((i = 0; i < 200; i++)); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}

# The ranges of pid's maps, "start end" in hex without 0x, one per line.
ranges() {
	awk '{split($1, r, "-"); print r[1], r[2]}' "/proc/$1/maps" | sort
}

heap() {
	awk '$6 == "[heap]" {split($1, r, "-"); print r[1], r[2]}' "/proc/$1/maps"
}

maps_lines_are() { [ "$(wc -l <"/proc/$1/maps")" -eq "$2" ]; }
heap_end_is_not() { [ "$(heap "$1" | cut -d' ' -f2)" != "$2" ]; }
lines_at_least() { [ "$(wc -l <"$1")" -ge "$2" ]; }
# grep -c PATTERN FILE is at least N
count_at_least() { [ "$(grep -c -- "$1" "$2")" -ge "$3" ]; }

# step1 PID: SIGUSR1, waits for its two new VMAs; sets NEW_BIG, NEW_GUARD
# ("start end"). step2 PID: SIGUSR2, waits for the heap to grow; sets
# HEAP0 and HEAP1 (before and after).
step1() {
	local before n
	before=$(ranges "$1")
	n=$(wc -l <<<"$before")
	kill -USR1 "$1"
	wait_for maps_lines_are "$1" $((n + 2)) || fail "SIGUSR1: no new mapping"
	local r s e
	NEW_BIG='' NEW_GUARD=''
	while read -r s e; do
		r=$((16#$e - 16#$s))
		if [ "$r" -eq $((16 * PS)) ]; then NEW_BIG="$s $e"; fi
		if [ "$r" -eq "$PS" ]; then NEW_GUARD="$s $e"; fi
	done < <(comm -13 <(echo "$before") <(ranges "$1"))
	if [ -z "$NEW_BIG" ] || [ -z "$NEW_GUARD" ]; then
		fail "SIGUSR1: not 16 pages and a guard page"
	fi
}

step2() {
	HEAP0=$(heap "$1")
	[ -n "$HEAP0" ] || fail "the family has no [heap]"
	kill -USR2 "$1"
	wait_for heap_end_is_not "$1" "${HEAP0#* }" || fail "SIGUSR2: the heap did not grow"
	HEAP1=$(heap "$1")
	# the same start, 16 pages more
	[ "${HEAP1% *}" = "${HEAP0% *}" ] || fail "the heap moved"
	[ $((16#${HEAP1#* } - 16#${HEAP0#* })) -eq $((16 * PS)) ] || fail "the heap did not grow by 16 pages"
}

# 0x-prefixed, as JSON writes addresses
hx() { printf '0x%x' $((16#$1)); }

@test "--interval -J, one row per VMA: --count samples, JSON lines; added, grown (same start) and removed VMAs with their RSS delta" {
	start_family -n 1
	local out=$BATS_TEST_TMPDIR/samples p=$FAM_PARENT c=${FAM_CHILD[0]}
	"$VMAVIEW" -J --interval 1.5 --count 3 "$p" "$c" >"$out" 2>"$out.err" &
	local vv=$!
	wait_for lines_at_least "$out" 1 || fail "no first sample"
	step1 "$p"
	wait_for lines_at_least "$out" 2 || fail "no second sample"
	step2 "$p"
	wait "$vv" || fail "vmaview failed: $(cat "$out.err")"
	# exactly --count samples, one JSON document per line, numbered
	assert_equal "$(wc -l <"$out")" 3
	assert_equal "$(jq -s -c '[.[].sample]' "$out")" "[1,2,3]"
	assert_equal "$(jq -s -c '[.[] | [.processes[].pid]]' "$out")" "[[$p,$c],[$p,$c],[$p,$c]]"
	# every VMA object has its change marker and an integer delta; every
	# sample has removed[]
	assert_equal "$(jq -s -r '[.[].processes[].vmas[].change] | unique | join(",")' "$out")" "added,changed,same"
	assert_equal "$(jq -s -r '[.[].processes[].vmas[].delta | type] | unique | join(",")' "$out")" number
	assert_equal "$(jq -s -c '[.[].removed | type]' "$out")" '["array","array","array"]'
	# the first sample compares with nothing
	assert_equal "$(jq -s -c '[.[0].processes[].vmas[] | select(.change != "same" or .delta != 0)] | length' "$out")" 0
	assert_equal "$(jq -s -c '.[0].removed' "$out")" '[]'
	# the second: exactly the two new VMAs of the parent, added with their
	# RSS (16 written pages, the PROT_NONE page none); the child the same
	local big guard h
	read -ra big <<<"$NEW_BIG"
	read -ra guard <<<"$NEW_GUARD"
	assert_equal "$(jq -s -c '[.[1].processes[] | .pid as $p | .vmas[] | select(.change != "same") | [$p, .start, .end, .change, .delta]]' "$out")" \
		"[[$p,\"$(hx "${big[0]}")\",\"$(hx "${big[1]}")\",\"added\",$((16 * PS))],[$p,\"$(hx "${guard[0]}")\",\"$(hx "${guard[1]}")\",\"added\",0]]"
	assert_equal "$(jq -s -c '[.[1].processes[].vmas[] | select(.change == "same" and .delta != 0)] | length' "$out")" 0
	assert_equal "$(jq -s -c '.[1].removed' "$out")" '[]'
	# the third: the heap keeps its start and grew by 16 written pages:
	# changed, by exactly 16 pages; the two VMAs of the second are removed
	# with their last RSS
	read -ra h <<<"$HEAP1"
	assert_equal "$(jq -s -c '[.[2].processes[] | .pid as $p | .vmas[] | select(.change != "same") | [$p, .start, .end, .name, .change, .delta]]' "$out")" \
		"[[$p,\"$(hx "${h[0]}")\",\"$(hx "${h[1]}")\",\"[heap]\",\"changed\",$((16 * PS))]]"
	assert_equal "$(jq -s -c '[.[2].removed[] | [.pid, .start, .end, .rss]]' "$out")" \
		"[[$p,\"$(hx "${big[0]}")\",\"$(hx "${big[1]}")\",$((16 * PS))],[$p,\"$(hx "${guard[0]}")\",\"$(hx "${guard[1]}")\",0]]"
	# the heap's RSS in the JSON grew by the delta, its size by 16 pages
	assert_equal "$(jq -s -c --arg s "$(hx "${h[0]}")" '[.[1:][] | .processes[0].vmas[] | select(.start == $s)] | [(.[1].rss - .[0].rss), (.[1].size - .[0].size)]' "$out")" \
		"[$((16 * PS)),$((16 * PS))]"
}

@test "--interval, one row per VMA, with -o and --pairs: CHG first, DELTA last (without an RSS column too), removed rows before the total" {
	start_family -n 1
	local out=$BATS_TEST_TMPDIR/samples p=$FAM_PARENT
	"$VMAVIEW" -P -b -o start,end,name --interval 1.5 --count 3 "$p" >"$out" 2>"$out.err" &
	local vv=$!
	wait_for count_at_least 'START="total"' "$out" 1 || fail "no first sample"
	step1 "$p"
	wait_for count_at_least 'START="total"' "$out" 2 || fail "no second sample"
	step2 "$p"
	wait "$vv" || fail "vmaview failed: $(cat "$out.err")"
	# three samples, separated by an empty line
	assert_equal "$(awk -v RS= 'END {print NR}' "$out")" 3
	assert_equal "$(grep -c '^CHG=" " START="total"' "$out")" 3
	# every row: CHG first, DELTA last
	assert_equal "$(grep -cv '^$' "$out")" "$(grep -c '^CHG="[ +~-]" START="[^"]*" END="[^"]*" NAME="[^"]*" DELTA="-\{0,1\}[0-9]*"$' "$out")"
	local big guard h s2 s3
	read -ra big <<<"$NEW_BIG"
	read -ra guard <<<"$NEW_GUARD"
	read -ra h <<<"$HEAP1"
	s2=$(awk -v RS= 'NR == 2' "$out")
	s3=$(awk -v RS= 'NR == 3' "$out")
	# the first: all the same, a delta of 0
	assert_equal "$(awk -v RS= 'NR == 1' "$out" | grep -vc '^CHG=" " .* DELTA="0"$')" 0
	# the second: the two new VMAs added (RSS 16 pages and none); the total
	# is their sum
	assert_equal "$(grep -v '^CHG=" "' <<<"$s2")" \
		"$(printf 'CHG="+" START="%x" END="%x" NAME="" DELTA="%d"\n' $((16#${big[0]})) $((16#${big[1]})) $((16 * PS)) \
			$((16#${guard[0]})) $((16#${guard[1]})) 0)"
	assert_equal "$(tail -n 1 <<<"$s2")" "CHG=\" \" START=\"total\" END=\"\" NAME=\"\" DELTA=\"$((16 * PS))\""
	# the third: the heap grown in place, the two VMAs removed after the
	# others, before the total (their sum with the heap's: 0)
	assert_equal "$(grep -v '^CHG=" "' <<<"$s3")" \
		"$(printf 'CHG="~" START="%x" END="%x" NAME="[heap]" DELTA="%d"\n' $((16#${h[0]})) $((16#${h[1]})) $((16 * PS))
		printf 'CHG="-" START="%x" END="%x" NAME="" DELTA="%d"\n' $((16#${big[0]})) $((16#${big[1]})) $((-16 * PS)) \
			$((16#${guard[0]})) $((16#${guard[1]})) 0)"
	assert_equal "$(tail -n 3 <<<"$s3" | cut -c1-7)" "$(printf '%s\n' 'CHG="-"' 'CHG="-"' 'CHG=" "')"
	assert_equal "$(tail -n 1 <<<"$s3")" 'CHG=" " START="total" END="" NAME="" DELTA="0"'
}

@test "--interval, one row per VMA: the table has CHG and DELTA; a process gone is its own table of removed rows" {
	start_family -n 2
	local out=$BATS_TEST_TMPDIR/samples c1=${FAM_CHILD[1]} n
	"$VMAVIEW" -o pid,range,rss --interval 1.5 --count 2 --pgrep "$FAM_TAG" >"$out" 2>"$out.err" &
	local vv=$!
	# the third table printed: child 1 was read
	wait_for count_at_least '^CHG' "$out" 3 || fail "no first sample"
	n=$(wc -l <"/proc/$c1/maps")
	# child 1 ends: a zombie, no longer chosen by --pgrep
	kill -KILL "$c1"
	wait "$vv" || fail "vmaview failed: $(cat "$out.err")"
	# the headers: CHG first, DELTA last; six tables (3 processes, then 2
	# and the one gone)
	assert_equal "$(grep -c '^CHG  *PID RANGE  *RSS DELTA$' "$out")" 6
	assert_equal "$(grep -cx "$c1:   (gone)" "$out")" 1
	# its table: every VMA it had, removed with minus its last RSS
	assert_equal "$(sed -n "/^$c1:   (gone)\$/,/^\$/p" "$out" | grep -c "^- *$c1 ")" "$n"
	# the gone process comes last in its sample, once
	assert_equal "$(tail -n +2 "$out" | grep -E '^[0-9]+:   ' | tail -n 1)" "$c1:   (gone)"
	# nothing else changed
	assert_equal "$(grep -Ec '^[+~]' "$out")" 0
}
