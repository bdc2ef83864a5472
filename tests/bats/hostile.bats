#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - hostile.bats: hostile file names (mapper --hostile): JSON and raw tables give every name back byte for byte, one row per VMA
bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	load helpers/live
	start_mapper --hostile
	P=$MAPPER_PID
	D=$MAPPER_DIR
	# the names the mapper created (tests/tools/mapper.c), as bytes
	local long=$D e f i
	for ((i = 0; i < 24; i++)); do long+=/$(printf 'd%.0s' {1..200}); done
	long+=/long-file
	# h_4096: 'e' directories, then 'f's up to 4,096 bytes in all
	e=$(printf 'e%.0s' {1..200})
	p4096=$D
	while ((4096 - ${#p4096} - 1 > 255)); do p4096+=/$e; done
	f=$(printf 'f%.0s' $(seq $((4096 - ${#p4096} - 1))))
	p4096+=/$f
	declare -gA WANT=(
		# the kernel prints a newline in a name as "\012" (seq_file
		# escapes it so that maps stays one line per VMA): that text is
		# all anyone can read back
		[spaced]="$D/with space\\012newline"
		[h_quote]="$D/q\"uote"
		[h_backslash]="$D/back\\slash"
		[h_tab]="$D/tab"$'\t'"here"
		[h_ctl]="$D/ctl"$'\x01'"byte"
		[h_badutf8]="$D/bad"$'\xff\xfe'"utf8"
		[h_heap]="$D/[heap]"
		[h_long]="$long"
		[h_utf8]="$D/caf"$'\xc3\xa9'"-"$'\xe2\x82\xac'
		[h_4096]="$p4096"
		[h_esc]="$D/esc"$'\x1b'"[31mred"$'\r'"cr"$'\x7f'"del"
		[h_badseq]="$D/over"$'\xc0\xaf'"sur"$'\xed\xa0\x80'"end"$'\xe2\x82'
	)
}

teardown() {
	stop_mappers
}

hex() { od -An -tx1 -v | tr -d ' \n'; }

@test "hostile names: the mapper made them as listed (PATH_MAX, 4,096 bytes, longer)" {
	assert_equal "${#WANT[h_4096]}" 4096
	[ "${#WANT[h_long]}" -gt 4096 ]
	for name in "${!WANT[@]}"; do
		need_map "$name"
	done
	# /proc/PID/maps itself has them (the newline as \012)
	local -A maps=()
	local re='^([0-9a-f]+)-([^ ]+ +){5}(.*)$'
	while IFS= read -r line; do
		[[ $line =~ $re ]] && maps[${BASH_REMATCH[1]}]=${BASH_REMATCH[3]}
	done <"/proc/$P/maps"
	for name in h_4096 h_esc h_badseq spaced; do
		assert_equal "$name: $(printf '%s' "${maps[${MAP_START[$name]}]}" | hex)" \
			"$name: $(printf '%s' "${WANT[$name]}" | hex)"
	done
}

@test "hostile names: JSON parses and gives each name back byte for byte (name_hex for the bytes that are not UTF-8)" {
	local out=$BATS_TEST_TMPDIR/doc.json got
	run -0 bash -c '"$VMAVIEW" -J "$1" >"$2"' _ "$P" "$out"
	run -0 jq -e '.processes | length == 1' "$out"
	# one line, no raw control byte anywhere in the document
	assert_equal "$(wc -l <"$out")" 1
	run -1 grep -cP '[\x00-\x09\x0b-\x1f\x7f]' "$out"
	for name in "${!WANT[@]}"; do
		need_map "$name"
		run -0 jq -r --arg s "0x${MAP_START[$name]}" \
			'.processes[0].vmas[] | select(.start == $s) | if has("name_hex") then .name_hex else (.name | @base64) end' "$out"
		if printf '%s' "${WANT[$name]}" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1; then
			# valid UTF-8: the name itself, no name_hex
			got=$(printf '%s' "$output" | base64 -d | hex)
		else
			got=$output
			# and the name beside it: U+FFFD for each bad byte, valid UTF-8
			run -0 jq -j --arg s "0x${MAP_START[$name]}" '.processes[0].vmas[] | select(.start == $s) | .name' "$out"
			printf '%s' "$output" | iconv -f UTF-8 -t UTF-8 >/dev/null
			[[ $output == *$'\xef\xbf\xbd'* ]]
		fi
		assert_equal "$name: $got" "$name: $(printf '%s' "${WANT[$name]}" | hex)"
		run -0 jq -r --arg s "0x${MAP_START[$name]}" '.processes[0].vmas[] | select(.start == $s) | .kind' "$out"
		assert_equal "$name: $output" "$name: file"
	done
}

@test "hostile names: raw tables (-r) give each name back byte for byte; every format keeps one row per VMA" {
	local fmt line start esc n
	n=$(wc -l <"/proc/$P/maps")
	for fmt in "" -r -P --output-all; do
		run -0 --separate-stderr vmaview $fmt -n --no-totals "$P"
		assert_equal "rows ($fmt): ${#lines[@]}" "rows ($fmt): $n"
		# no raw control byte: no row split, no terminal escape
		run -1 grep -cP '[\x00-\x08\x0b-\x1f\x7f]' <<<"$(vmaview $fmt -n --no-totals "$P")"
	done
	# -r escapes every space and backslash too: the name decodes exactly
	declare -A got=()
	while read -r start esc; do
		got[$start]=$(printf '%b' "$esc" | hex)
	done < <(vmaview -r -n --no-totals -o start,name "$P")
	for name in "${!WANT[@]}"; do
		need_map "$name"
		assert_equal "$name: ${got[${MAP_START[$name]}]-}" "$name: $(printf '%s' "${WANT[$name]}" | hex)"
	done
}
