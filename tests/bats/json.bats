#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - json.bats: the JSON document: keys, types, sums, hostile names, errors, nothing else on stdout
bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	load helpers/live
	command -v jq >/dev/null || skip "jq is not installed"
	BAD=$FIXTURES/bad
}

teardown() {
	stop_mappers
}

# jqe EXPR: jq -e EXPR on $json; fails the test (showing EXPR) when false.
jqe() {
	jq -e "$@" <<<"$json" >/dev/null || fail "jq -e $* is not true"
}

have_python() { command -v python3 >/dev/null && python3 -c 'import json' 2>/dev/null; }

@test "the document: keys and types" {
	start_mapper
	json=$(vmaview -J "$MAPPER_PID")
	jqe 'keys == ["host", "processes", "vmaview"]'
	jqe '.vmaview.version | type == "string" and length > 0'
	jqe '.vmaview.schema == 1'
	jqe --argjson ps "$PAGE_SIZE" '.host.page_size | type == "number" and . == $ps'
	jqe --arg a "$(uname -m)" --arg k "$(uname -r)" '.host.arch == $a and .host.kernel == $k'
	jqe '.processes | type == "array" and length == 1'
	jqe --argjson p "$MAPPER_PID" '.processes[0].pid | type == "number" and . == $p'
	jqe '.processes[0].comm == "mapper"'
	jqe '.processes[0].cmdline | type == "array" and length > 0 and all(type == "string")'
	jqe '.processes[0].limits | type == "array"'
	jqe '.processes[0].complete == true and (.processes[0] | has("error") | not)'
	jqe '.processes[0].vmas | type == "array" and length > 0'
	# every VMA
	jqe '[.processes[0].vmas[] | .start, .end, .offset] | all(type == "string" and test("^0x[0-9a-f]+$"))'
	jqe '[.processes[0].vmas[] | .size, .rss, .pss, .inode] | all(type == "number" and . >= 0 and . == floor)'
	jqe '[.processes[0].vmas[] | .perms] | all(type == "string" and test("^[r-][w-][x-][ps]$"))'
	jqe '[.processes[0].vmas[] | .dev] | all(type == "string" and test("^[0-9a-f]{2,}:[0-9a-f]{2,}$"))'
	jqe '[.processes[0].vmas[] | .vmflags, .vmflags_unknown] | all(type == "array" and all(type == "string"))'
	jqe '[.processes[0].vmas[] | .vmflags | length > 0] | all'
	jqe '[.processes[0].vmas[] | .kind] | all(IN("anon", "heap", "stack", "file", "shmem", "reserved", "vdso", "vvar", "vsyscall", "special"))'
	jqe '[.processes[0].vmas[] | .deleted] | all(type == "boolean")'
	jqe '[.processes[0].vmas[] | .name] | all(type == "string")'
	jqe '[.processes[0].vmas[] | .smaps_extra] | all(type == "object")'
	# every smaps key the kernel prints per VMA is a number; the rest null
	jqe '[.processes[0].vmas[] | .kernelpagesize, .mmupagesize, .pss_dirty, .swap, .locked, .thpeligible] | all(type == "number")'
	jqe '[.processes[0].vmas[] | .pss_anon, .pss_file, .pss_shmem] | all(. == null)'
	# size is end - start (jq numbers are doubles, so compare the page counts)
	run -0 jq -r '.processes[0].vmas[] | "\(.start) \(.end) \(.size)"' <<<"$json"
	while read -r s e size; do
		[ $((e - s)) -eq "$size" ] || fail "$s-$e has size $size"
	done <<<"$output"
	# totals: an object of numbers (null only for a key no VMA has)
	jqe '.processes[0].totals | type == "object"'
	jqe '.processes[0].totals | (.vmas, .size, .rss, .pss, .swap, .locked) | type == "number"'
	jqe '.processes[0] | .totals | to_entries | map(select(.key != "smaps_extra")) | all(.value | type == "number" or . == null)'
	jqe '.processes[0] as $p | $p.totals | to_entries | map(select(.value == null) | .key) | all(. as $k | $p.vmas | all(.[$k] == null))'
	jqe '.processes[0].totals.smaps_extra | type == "object"'
}

@test "comm and cmdline are the process's own" {
	start_mapper
	json=$(vmaview -J "$MAPPER_PID")
	run -0 jq -r '.processes[0].cmdline[]' <<<"$json"
	assert_equal "$output" "$(tr '\0' '\n' <"/proc/$MAPPER_PID/cmdline")"
	assert_equal "${lines[-1]}" "$MAPPER_DIR"
	run -0 jq -r '.processes[0].comm' <<<"$json"
	assert_output "$(cat "/proc/$MAPPER_PID/comm")"
}

@test "totals are the sums of the rows, key by key" {
	start_mapper
	json=$(vmaview -J "$MAPPER_PID")
	jqe '.processes[0].totals.rss == ([.processes[0].vmas[].rss] | add)'
	jqe '.processes[0].totals.vmas == (.processes[0].vmas | length)'
	run -0 jq -r '.processes[0] as $p | $p.totals | to_entries[] |
		select(.key != "vmas" and .key != "smaps_extra") |
		select(.value != ([$p.vmas[][.key]] | add)) | .key' <<<"$json"
	assert_output ""
	# page-size and unitless keys are never summed
	jqe '.processes[0].totals | has("kernelpagesize") or has("mmupagesize") or has("thpeligible") or has("protectionkey") | not'
	# and -A totals cover the selected rows only
	need_map anon
	json=$(vmaview -J -A "${MAP_START[anon]}" "$MAPPER_PID")
	jqe --argjson sz "$(map_size anon)" '.processes[0].totals | .vmas == 1 and .size == $sz and .rss == $sz'
}

@test "addresses, perms and offsets equal /proc/PID/maps" {
	start_mapper
	run -0 vmaview -J "$MAPPER_PID"
	run -0 jq -r '.processes[0].vmas[] | "\(.start) \(.end) \(.perms) \(.offset) \(.dev) \(.inode)"' <<<"$output"
	want=$(awk '{
		split($1, a, "-"); off = $3
		for (i = 1; i <= 2; i++) sub(/^0+/, "", a[i])
		sub(/^0+/, "", off); if (off == "") off = "0"
		print "0x" a[1], "0x" a[2], $2, "0x" off, $4, $5
	}' "/proc/$MAPPER_PID/maps")
	assert_equal "$output" "$want"
	# and each mapping the mapper reported is there
	for name in "${!MAP_START[@]}"; do
		grep -q "^0x${MAP_START[$name]} 0x${MAP_END[$name]} " <<<"$output" || fail "no VMA for $name"
	done
}

@test "-o selects the members; range gives start and end, and no key twice" {
	start_mapper
	json=$(vmaview -J -o rss,name "$MAPPER_PID")
	jqe '[.processes[0].vmas[] | keys_unsorted == ["rss", "name"]] | all'
	jqe '.processes[0].totals | keys_unsorted == ["vmas", "rss"]'
	json=$(vmaview -J -o range,start,end,rss,RSS "$MAPPER_PID")
	jqe '[.processes[0].vmas[] | keys_unsorted == ["start", "end", "rss"]] | all'
	have_python || skip "no python3"
	# no object in the whole document has a key twice (jq keeps the last)
	run -0 bash -c '"$VMAVIEW" -J "$1" | python3 -c "
import json, sys
def once(pairs):
    keys = [k for k, _ in pairs]
    dup = {k for k in keys if keys.count(k) > 1}
    if dup:
        sys.exit(\"duplicate keys: %s\" % sorted(dup))
    return dict(pairs)
json.load(sys.stdin, object_pairs_hook=once)
print(\"ok\")"' _ "$MAPPER_PID"
	assert_output ok
}

@test "hostile names: valid JSON and UTF-8, nothing truncated, U+FFFD for bad bytes, name_hex exact" {
	start_mapper --hostile
	P=$MAPPER_PID
	D=$MAPPER_DIR
	out=$BATS_TEST_TMPDIR/hostile.json
	run -0 bash -c '"$VMAVIEW" -J "$1" >"$2"' _ "$P" "$out"
	run -0 jq -e . "$out"
	run -0 iconv -f UTF-8 -t UTF-8 "$out"
	# control characters are escaped: none raw in the document
	run -1 env LC_ALL=C grep -c '[[:cntrl:]]' "$out"
	assert_equal "$(wc -l <"$out")" 1
	long=$D
	for ((i = 0; i < 24; i++)); do long+=/$(printf 'd%.0s' {1..200}); done
	long+=/long-file
	[ "${#long}" -gt 4096 ]
	fffd=$'\xef\xbf\xbd'
	declare -A want=(
		[h_quote]="$D/q\"uote"
		[h_backslash]="$D/back\\slash"
		[h_tab]="$D/tab"$'\t'"here"
		[h_ctl]="$D/ctl"$'\x01'"byte"
		[h_badutf8]="$D/bad${fffd}${fffd}utf8"
		[h_heap]="$D/[heap]"
		[h_long]="$long"
		[h_utf8]="$D/caf"$'\xc3\xa9'"-"$'\xe2\x82\xac'
	)
	for name in "${!want[@]}"; do
		need_map "$name"
		got=$(jq -r --arg s "0x${MAP_START[$name]}" '.processes[0].vmas[] | select(.start == $s) | .name' "$out")
		assert_equal "$name: $got" "$name: ${want[$name]}"
		run -0 jq -r --arg s "0x${MAP_START[$name]}" '.processes[0].vmas[] | select(.start == $s) | "\(.kind) \(.deleted)"' "$out"
		assert_equal "$name: $output" "$name: file false"
	done
	# the exact bytes of the names that are not UTF-8, and only there
	# (h_badutf8, and h_badseq: overlong, surrogate, cut-off sequence)
	run -0 jq -r --arg s "0x${MAP_START[h_badutf8]}" '.processes[0].vmas[] | select(.start == $s) | .name_hex' "$out"
	assert_output "$(printf '%s' "$D/bad"$'\xff\xfe'"utf8" | od -An -tx1 -v | tr -d ' \n')"
	run -0 jq -r '[.processes[0].vmas[] | select(has("name_hex")) | .start] | join(" ")' "$out"
	assert_output "0x${MAP_START[h_badutf8]} 0x${MAP_START[h_badseq]}"
	# the escapes themselves
	run -0 grep -c -F 'q\"uote' "$out"
	run -0 grep -c -F 'back\\slash' "$out"
	run -0 grep -c -F 'tab\there' "$out"
	run -0 grep -c -F 'ctl\u0001byte' "$out"
	have_python || skip "no python3"
	run -0 python3 -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$out"
	# every name, byte for byte, against /proc/PID/maps (name_hex where given)
	run -0 python3 - "$out" "/proc/$P/maps" <<-'EOF'
		import json, re, sys
		doc = json.load(open(sys.argv[1], encoding="utf-8"))
		vmas = doc["processes"][0]["vmas"]
		lines = open(sys.argv[2], "rb").read().split(b"\n")[:-1]
		assert len(lines) == len(vmas), (len(lines), len(vmas))
		for line, v in zip(lines, vmas):
		    m = re.match(rb"^(\S+ ){5} *", line)
		    want = line[m.end():]
		    got = bytes.fromhex(v["name_hex"]) if "name_hex" in v else v["name"].encode()
		    assert got == want, (got, want)
		print(len(vmas))
	EOF
	assert_output "$(wc -l <"/proc/$P/maps")"
}

@test "--pretty parses and equals the compact document" {
	# a fixture: the two runs read the same bytes
	run -0 vmaview --proc-root "$FIXTURES/proc" -J 4242 55
	compact=$output
	assert_equal "${#lines[@]}" 1
	run -0 vmaview --proc-root "$FIXTURES/proc" --pretty 4242 55
	pretty=$output
	[ "${#lines[@]}" -gt 100 ]
	assert_equal "$(jq -S . <<<"$pretty")" "$(jq -S . <<<"$compact")"
	# a live process, without the fields that change when other
	# processes map the same pages (Pss, Pss_Dirty, shared/private clean)
	start_mapper --hostile
	cols=range,perms,offset,dev,inode,size,rss,private_dirty,anonymous,swap,locked,vmflags,kind,deleted,name
	run -0 vmaview -J -o "$cols" "$MAPPER_PID"
	compact=$output
	run -0 vmaview --pretty -o "$cols" "$MAPPER_PID"
	assert_equal "$(jq -S . <<<"$output")" "$(jq -S . <<<"$compact")"
	# --pretty indents, the compact form does not
	assert_line --index 1 --regexp '^  "vmaview": \{$'
}

@test "a process that fails mid-read: complete false, an error string, exit 1" {
	# bad/130: two good VMAs, a bad Swap line in the second's smaps block
	# (line 9) and a bad third line in maps
	run -1 --separate-stderr vmaview --proc-root "$BAD" -J 130
	assert_equal "$stderr" "vmaview: $BAD/130/smaps:9: expected 'N kB'"
	json=$output
	jqe '.processes | length == 1'
	jqe '.processes[0] | .pid == 130 and .complete == false'
	jqe --arg e "$BAD/130/smaps:9: expected 'N kB'" '.processes[0].error == $e'
	# the VMA read whole before the bad line, and totals over it
	jqe '.processes[0].vmas | length == 1 and .[0].start == "0x55d0c0a00000" and .[0].rss == 8192 and .[0].pss == 4096'
	jqe '.processes[0].totals | .vmas == 1 and .rss == 8192 and .size == 135168'
	# maps only: both good lines, then the error
	run -1 --separate-stderr vmaview --proc-root "$BAD" -J -o range 130
	assert_equal "$stderr" "vmaview: $BAD/130/maps:3: start address not below end address"
	json=$output
	jqe '.processes[0] | .complete == false and ([.vmas[].start] == ["0x55d0c0a00000", "0x55d0c0c21000"])'
	jqe --arg e "$BAD/130/maps:3: start address not below end address" '.processes[0].error == $e'
	# with --sort too
	run -1 --separate-stderr vmaview --proc-root "$BAD" -J --sort rss 130
	json=$output
	jqe '.processes[0] | .complete == false and ([.vmas[].start] == ["0x55d0c0a00000"])'
	# next to a good process, that one is complete
	root=$BATS_TEST_TMPDIR/root
	mkdir "$root"
	cp -r "$BAD/130" "$FIXTURES/proc/4242" "$root/"
	run -1 --separate-stderr vmaview --proc-root "$root" -J 130 4242
	json=$output
	jqe '[.processes[] | "\(.pid) \(.complete)"] == ["130 false", "4242 true"]'
	# every malformed fixture: an entry, never complete, with the message
	for dir in "$BAD"/*/; do
		id=$(basename "$dir")
		run -1 --separate-stderr vmaview --proc-root "$BAD" -J "$id"
		json=$output
		jqe --argjson id "$id" '.processes | length == 1 and .[0].pid == $id'
		jqe --arg e "${stderr#vmaview: }" '.processes[0] | .complete == false and .error == $e'
	done
}

@test "targets that cannot be read at all: an entry with complete false and the reason; the others complete" {
	start_mapper
	nopid=$(($(cat /proc/sys/kernel/pid_max) + 1))
	run -1 --separate-stderr vmaview -J "$nopid" "$MAPPER_PID"
	assert_equal "$stderr" "vmaview: $nopid: no such process"
	json=$output
	jqe --argjson n "$nopid" --argjson p "$MAPPER_PID" '[.processes[].pid] == [$n, $p]'
	jqe '.processes[0] | .complete == false and .error == "no such process" and .vmas == []'
	jqe '.processes[1] | .complete == true and (has("error") | not) and (.vmas | length > 0)'
	# a kernel thread: no address space
	if [ -r /proc/2/stat ] && (($(awk '{ sub(/.*\) /, ""); print $7 }' /proc/2/stat) & 0x00200000)); then
		run -1 --separate-stderr vmaview -J 2
		assert_equal "$stderr" "vmaview: 2: kernel thread (no address space)"
		json=$output
		jqe '.processes[0] | .pid == 2 and .complete == false and .error == "kernel thread (no address space)" and .vmas == []'
	fi
	# the fixture's kernel thread and empty process, with and without --sort
	for sort in "" "--sort=rss"; do
		run -1 --separate-stderr vmaview --proc-root "$FIXTURES/proc" -J $sort 2 77 4242
		json=$output
		jqe '[.processes[] | "\(.pid) \(.complete)"] == ["2 false", "77 false", "4242 true"]'
		jqe '.processes[0:2] | all(.error | type == "string" and length > 0)'
	done
}

@test "processes that exit while being read: valid JSON, complete or flagged, never a false complete" {
	for ((i = 0; i < 10; i++)); do
		race_kill_mapper -J
		json=$(<"$BATS_TEST_TMPDIR/out")
		jqe '.processes | length == 1'
		case $rc in
		0)
			jqe --argjson n "$n" '.processes[0] | .complete == true and (.vmas | length == $n)'
			;;
		1)
			assert_regex "$(<"$BATS_TEST_TMPDIR/err")" "^vmaview: $MAPPER_PID: "
			jqe --argjson p "$MAPPER_PID" '.processes | length == 1 and .[0].pid == $p and .[0].complete == false'
			# killed (and reaped by the shell) before vmaview opened
			# it: a slow start (an ASan build) sees no such process
			jqe '.processes[0].error | IN("exited while being read", "zombie process (no address space)", "no such process")'
			;;
		*)
			fail "exit $rc: $(<"$BATS_TEST_TMPDIR/err")"
			;;
		esac
	done
}

@test "nothing but one JSON document on stdout, errors or not" {
	start_mapper
	nopid=$(($(cat /proc/sys/kernel/pid_max) + 1))
	for args in "$MAPPER_PID" "$MAPPER_PID self" "$nopid $MAPPER_PID" "--pretty $MAPPER_PID" \
		"--proc-root $BAD 101 102 103" "--proc-root $FIXTURES/proc 4242 2 77 55"; do
		run --separate-stderr vmaview -J $args
		[ "$status" -le 1 ] || fail "$args: exit $status"
		json=$output
		# jq -s: one value in the whole stream
		run -0 jq -s 'length' <<<"$json"
		assert_equal "$args: $output" "$args: 1"
		[[ $json == "{"*"}" ]] || fail "$args: stdout is not one object"
	done
}
