#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - live.bats: vmaview against a live mapper, checked against what it mapped and /proc itself
bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	load helpers/live
	command -v jq >/dev/null || skip "jq is not installed"
	start_mapper
	P=$MAPPER_PID
	D=$MAPPER_DIR
}

teardown() {
	stop_mappers
}

# What the mapper made (tests/tools/mapper.c): pages, perms, kind, resident?
# "full": every page resident, "none": no page resident.
EXPECT=(
	"anon 16 rw-p anon full"
	"untouched 64 rw-p anon none"
	"populate 22 rw-p anon full"
	"zeroread 26 rw-p anon none"
	"file 24 r--p file full"
	"shared 12 rw-s shmem full"
	"memfd 20 rw-s shmem full"
	"locked 8 rw-p anon full"
	"prot_none 32 ---p reserved none"
	"deleted 6 r--p file full"
	"spaced 10 r--p file full"
	"named 14 rw-p anon full"
	"named_shmem 18 rw-s shmem full"
)

# The smaps keys compared one to one with /proc/PID/smaps, in the order of
# COLS. Pss and the Shared_/Private_Clean split of a page the mapper shares
# with other processes (libc, ld.so) change whenever another process maps or
# unmaps that page, and every reader (vmaview, awk) is such a process: those
# are compared exactly only on the mapper's own VMAs (FULL_KEYS), where every
# page has one mapping. Everything else is page-granular and stable.
KEYS=(Size Rss Pss_Dirty Shared_Dirty Private_Dirty Referenced Anonymous KSM
	LazyFree AnonHugePages Swap SwapPss Locked THPeligible)
COLS=start,end,perms,offset,dev,inode,size,rss,pss_dirty,shared_dirty,private_dirty,referenced,anonymous,ksm,lazyfree,anonhugepages,swap,swappss,locked,thpeligible
FULL_KEYS=(Size Rss Pss Pss_Dirty Shared_Clean Shared_Dirty Private_Clean Private_Dirty Locked)
FULL_COLS=start,end,size,rss,pss,pss_dirty,shared_clean,shared_dirty,private_clean,private_dirty,locked

# smaps_rows PID KEY...: one line per VMA of /proc/PID/smaps, shaped like
# vmaview -r -n -b -o start,end,perms,offset,dev,inode,<keys>.
smaps_rows() {
	local pid=$1
	shift
	awk -v keys="$*" '
		function nz(h) { sub(/^0+/, "", h); return h == "" ? "0" : h }
		function out(   i, s) {
			s = start " " end " " perms " " off " " dev " " ino
			for (i = 1; i <= nk; i++)
				s = s " " v[k[i]]
			print s
		}
		BEGIN { nk = split(keys, k, " ") }
		/^[0-9a-f]+-[0-9a-f]+ / {
			if (seen) out()
			seen = 1
			split($1, a, "-")
			start = nz(a[1]); end = nz(a[2]); perms = $2; off = nz($3)
			dev = $4; ino = $5
			split("", v)
			next
		}
		{
			key = $1; sub(/:$/, "", key)
			v[key] = $3 == "kB" ? sprintf("%.0f", $2 * 1024) : $2
		}
		END { if (seen) out() }
	' "/proc/$pid/smaps"
}

@test "mapper: every mapping has the size it was asked for" {
	for e in "${EXPECT[@]}"; do
		read -r name pages _ <<<"$e"
		[ -n "${MAP_SKIP[$name]+x}" ] && continue
		assert_equal "$name $(map_size "$name")" "$name $((pages * PAGE_SIZE))"
		# and /proc/PID/maps has exactly that VMA
		run -0 maps_line "$P" "${MAP_START[$name]}"
		assert_output --regexp "^${MAP_START[$name]}-${MAP_END[$name]} "
	done
}

@test "each mapping is one row with its start, end, perms, size, kind and residency" {
	json=$(vmaview -J "$P")
	want= got=
	for e in "${EXPECT[@]}"; do
		read -r name pages perms kind res <<<"$e"
		[ -n "${MAP_SKIP[$name]+x}" ] && continue
		size=$((pages * PAGE_SIZE))
		rss=$size
		[ "$res" = none ] && rss=0
		want+="$name 0x${MAP_START[$name]} 0x${MAP_END[$name]} $perms $size $kind $rss"$'\n'
		got+="$name $(jq -r --arg s "0x${MAP_START[$name]}" \
			'[.processes[0].vmas[] | select(.start == $s)] |
			 if length == 1 then .[0] | "\(.start) \(.end) \(.perms) \(.size) \(.kind) \(.rss)"
			 else "\(length) rows" end' <<<"$json")"$'\n'
	done
	assert_equal "$got" "$want"
}

@test "perms agree with /proc/PID/maps for every mapping" {
	for e in "${EXPECT[@]}"; do
		read -r name _ perms _ <<<"$e"
		[ -n "${MAP_SKIP[$name]+x}" ] && continue
		read -r _ kperms _ < <(maps_line "$P" "${MAP_START[$name]}")
		assert_equal "$name $kperms" "$name $perms"
	done
}

@test "every row equals /proc/PID/smaps, field by field" {
	run -0 vmaview -r -n -b --no-totals -o "$COLS" "$P"
	assert_equal "$output" "$(smaps_rows "$P" "${KEYS[@]}")"
}

@test "the mapper's own VMAs equal /proc/PID/smaps in every field, Pss too" {
	for name in "${!MAP_START[@]}"; do
		run -0 vmaview -r -n -b --no-totals -o "$FULL_COLS" -A "${MAP_START[$name]}" "$P"
		want=$(smaps_rows "$P" "${FULL_KEYS[@]}" | grep "^${MAP_START[$name]} " |
			awk '{ $3 = $4 = $5 = $6 = ""; print }' | tr -s ' ')
		assert_equal "$name $output" "$name $want"
	done
	# one mapping per page: Pss is Rss there
	need_map anon
	run -0 vmaview -r -n -b --no-totals -o rss,pss -A "${MAP_START[anon]}" "$P"
	assert_output "$(map_size anon) $(map_size anon)"
}

@test "row count equals the line count of /proc/PID/maps" {
	run -0 vmaview -r -n --no-totals -o start "$P"
	assert_equal "${#lines[@]}" "$(wc -l <"/proc/$P/maps")"
	# and the starts are the ones of maps, in order
	assert_equal "$output" "$(sed -E 's/-.*//; s/^0+([0-9a-f])/\1/' "/proc/$P/maps")"
}

@test "names equal /proc/PID/maps byte for byte (JSON)" {
	run -0 bash -c '"$VMAVIEW" -J "$1" | jq -r ".processes[0].vmas[].name"' _ "$P"
	want=$(sed -E 's/^([^ ]+ ){5} *//' "/proc/$P/maps")
	assert_equal "$output" "$want"
}

@test "touched anon: Rss == size; untouched: Rss == 0; MAP_POPULATE: Rss == size" {
	for name in anon untouched populate; do need_map "$name"; done
	run -0 vmaview -r -n -b --no-totals -o rss -A "${MAP_START[anon]}" "$P"
	assert_output "$(map_size anon)"
	run -0 vmaview -r -n -b --no-totals -o rss -A "${MAP_START[untouched]}" "$P"
	assert_output 0
	run -0 vmaview -r -n -b --no-totals -o rss -A "${MAP_START[populate]}" "$P"
	assert_output "$(map_size populate)"
	# and the kernel agrees
	assert_equal "$(smaps_field "$P" "${MAP_START[anon]}" Rss)" "$(map_size anon)"
	assert_equal "$(smaps_field "$P" "${MAP_START[untouched]}" Rss)" 0
}

@test "the mlock'd region: Locked == Rss == size, VmFlags has lo" {
	need_map locked
	run -0 bash -c '"$VMAVIEW" -J "$1" | jq -e --arg s "0x$2" -r ".processes[0].vmas[] | select(.start == \$s) | \"\(.locked) \(.rss) \(.vmflags | index(\"lo\") != null)\""' _ "$P" "${MAP_START[locked]}"
	size=$(map_size locked)
	assert_output "$size $size true"
	assert_equal "$(smaps_field "$P" "${MAP_START[locked]}" Locked)" "$size"
}

@test "shared anonymous and memfd are shmem, fully resident, with the kernel's names" {
	need_map shared
	need_map memfd
	run -0 vma_json "$P" "${MAP_START[shared]}"
	run -0 jq -r '"\(.kind) \(.perms) \(.rss) \(.name)"' <<<"$output"
	assert_output "shmem rw-s $(map_size shared) /dev/zero (deleted)"
	run -0 vma_json "$P" "${MAP_START[memfd]}"
	run -0 jq -r '"\(.kind) \(.perms) \(.rss) \(.deleted) \(.name)"' <<<"$output"
	assert_output "shmem rw-s $(map_size memfd) true /memfd:vmaview-memfd (deleted)"
}

@test "file mapping: kind file, not deleted, its path, every page read is resident" {
	need_map file
	run -0 vma_json "$P" "${MAP_START[file]}"
	run -0 jq -r '"\(.kind) \(.deleted) \(.rss) \(.offset) \(.inode) \(.name)"' <<<"$output"
	assert_output "file false $(map_size file) 0x0 $(stat -c %i "$D/mapped-file") $D/mapped-file"
}

@test "the deleted file: deleted is true and the name ends in ' (deleted)'" {
	need_map deleted
	run -0 vma_json "$P" "${MAP_START[deleted]}"
	run -0 jq -r '"\(.deleted) \(.kind) \(.name)"' <<<"$output"
	assert_output "true file $D/deleted-file (deleted)"
	[ ! -e "$D/deleted-file" ]
}

@test "a path with a space and a newline appears as the kernel prints it (\\012)" {
	need_map spaced
	run -0 vma_json "$P" "${MAP_START[spaced]}"
	run -0 jq -r '.name' <<<"$output"
	assert_output "$D/with space\\012newline"
	# the kernel's own line ends the same way
	run -0 maps_line "$P" "${MAP_START[spaced]}"
	assert_output --partial "$D/with space\\012newline"
	# the table keeps it on one line
	run -0 vmaview -r -n --no-totals -o name -A "${MAP_START[spaced]}" "$P"
	assert_equal "${#lines[@]}" 1
	assert_output --partial "newline"
}

@test "PROT_NONE anonymous is kind reserved with nothing resident" {
	need_map prot_none
	run -0 vmaview -r -n -b --no-totals -o perms,kind,size,rss -A "${MAP_START[prot_none]}" "$P"
	assert_output "---p reserved $(map_size prot_none) 0"
}

@test "named anonymous regions show as [anon:NAME] (needs CONFIG_ANON_VMA_NAME)" {
	need_map named
	run -0 vma_json "$P" "${MAP_START[named]}"
	run -0 jq -r '"\(.kind) \(.name)"' <<<"$output"
	assert_output "anon [anon:vmaview-named]"
	need_map named_shmem
	run -0 vma_json "$P" "${MAP_START[named_shmem]}"
	run -0 jq -r '"\(.kind) \(.name)"' <<<"$output"
	assert_output "shmem [anon_shmem:vmaview-shm]"
}

@test "JSON totals equal /proc/PID/smaps_rollup" {
	stable_run "$P" vmaview -J "$P"
	json=$STABLE_OUT
	tot() { jq -r ".processes[0].totals.$1" <<<"$json"; }
	# page-granular counters, and Pss_Dirty (a dirty page here is the
	# mapper's alone while the rollup holds still): exactly the rollup
	for k in Rss Pss_Dirty Shared_Dirty Private_Dirty Referenced Anonymous KSM \
		LazyFree AnonHugePages ShmemPmdMapped FilePmdMapped Shared_Hugetlb \
		Private_Hugetlb Swap SwapPss Locked; do
		assert_equal "$k $(tot "${k,,}")" "$k ${ROLL[$k]}"
	done
	# a clean page is shared or private depending on who else maps it at
	# the time of the read; the sum is stable
	assert_equal "clean $(($(tot shared_clean) + $(tot private_clean)))" \
		"clean ${ROLL[Clean]}"
	# Pss: libc pages lose Pss to every reader that maps them (vmaview
	# itself), and smaps truncates each VMA to a kB where the rollup
	# truncates the sum. So: no more than the rollup, no less than its
	# anonymous and shmem parts (one mapping per page: no loss there).
	pss=$(tot pss)
	if ((pss > ROLL[Pss] || pss < ROLL[Pss_Anon] + ROLL[Pss_Shmem])); then
		fail "Pss total $pss outside [${ROLL[Pss_Anon]}+${ROLL[Pss_Shmem]}, ${ROLL[Pss]}]"
	fi
	# and the totals are the sums of the rows of the same read
	run -0 jq -r '.processes[0] | [.totals.rss == ([.vmas[].rss] | add),
		.totals.pss == ([.vmas[].pss] | add),
		.totals.swap == ([.vmas[].swap] | add)] | all' <<<"$json"
	assert_output true
	# vmas and size: from /proc/PID/maps
	nvmas=$(wc -l <"/proc/$P/maps")
	size=0
	while read -r range _; do
		size=$((size + 0x${range#*-} - 0x${range%-*}))
	done <"/proc/$P/maps"
	run -0 jq -r '.processes[0].totals | "\(.vmas) \(.size)"' <<<"$json"
	assert_output "$nvmas $size"
}

@test "-b: the totals row equals the rollup and the sizes in maps" {
	stable_run "$P" vmaview -b -r -n -o range,size,rss,swap,anonymous "$P"
	run -0 echo "$STABLE_OUT"
	size=0
	while read -r range _; do
		size=$((size + 0x${range#*-} - 0x${range%-*}))
	done <"/proc/$P/maps"
	assert_equal "${lines[-1]}" "total $size ${ROLL[Rss]} ${ROLL[Swap]} ${ROLL[Anonymous]}"
	# -b rows are bytes: the anon row is 16 pages
	need_map anon
	assert_line "${MAP_START[anon]}-${MAP_END[anon]} $(map_size anon) $(map_size anon) 0 $(map_size anon)"
}

@test "self works" {
	run -0 vmaview -J self
	run -0 jq -r '.processes[0] | "\(.comm) \(.cmdline[0]) \(.complete)"' <<<"$output"
	# (in nobody mode VMAVIEW is a wrapper that execs VMAVIEW_BIN)
	assert_output "vmaview ${VMAVIEW_BIN:-$VMAVIEW} true"
	run -0 vmaview -J self
	# the binary itself is mapped
	exe=$(realpath "${VMAVIEW_BIN:-$VMAVIEW}")
	run -0 jq -e --arg n "$exe" '[.processes[0].vmas[] | select(.name == $n and .kind == "file")] | length > 0' <<<"$output"
}

@test "several PIDs: a mapper and self print two process sections" {
	run -0 vmaview -o range "$P" self
	cmd=$(tr '\0' ' ' <"/proc/$P/cmdline")
	assert_line --index 0 "$P:   ${cmd% }"
	assert_equal "$(grep -c '^[0-9]*:   ' <<<"$output")" 2
	# self's title: its own command line
	assert_equal "$(sed -n 's/^[0-9][0-9]*:   //p' <<<"$output" | tail -1)" "${VMAVIEW_BIN:-$VMAVIEW} -o range $P self"
}

@test "vmaview runs as the test's user: nobody without capabilities in nobody mode, else this shell's uid" {
	# vmaview --interval keeps running: its status read from outside
	"$VMAVIEW" summary --interval 1 "$P" >/dev/null 2>&1 3>&- &
	v=$!
	for ((i = 0; i < 100; i++)); do
		[ "$(readlink "/proc/$v/exe" 2>/dev/null)" = "$(realpath "${VMAVIEW_BIN:-$VMAVIEW}")" ] && break
		sleep 0.02
	done
	st=$(cat "/proc/$v/status")
	kill "$v"
	wait "$v" || true
	uids=$(awk '$1 == "Uid:" { print $2, $3, $4, $5 }' <<<"$st")
	gids=$(awk '$1 == "Gid:" { print $2, $3, $4, $5 }' <<<"$st")
	caps=$(awk '$1 ~ /^Cap(Inh|Prm|Eff|Amb):$/ { printf "%s%s ", $1, $2 }' <<<"$st")
	if nobody_mode; then
		n=$(id -u nobody) g=$(id -g nobody)
		assert_equal "$uids" "$n $n $n $n"
		assert_equal "$gids" "$g $g $g $g"
		assert_equal "$(awk '$1 == "Groups:" { print $2 }' <<<"$st")" ""
		assert_equal "$caps" "CapInh:0000000000000000 CapPrm:0000000000000000 CapEff:0000000000000000 CapAmb:0000000000000000 "
		# and its target is nobody's too
		assert_equal "$(stat -c %U "/proc/$P")" nobody
	else
		assert_equal "$uids" "$(id -u) $(id -u) $(id -u) $(id -u)"
	fi
}

@test "several PIDs: two mappers, each complete and in command-line order" {
	P1=$P
	start_mapper
	P2=$MAPPER_PID
	run -0 vmaview -J "$P2" "$P1"
	run -0 jq -r '.processes[] | "\(.pid) \(.vmas | length) \(.complete)"' <<<"$output"
	assert_output "$P2 $(wc -l <"/proc/$P2/maps") true
$P1 $(wc -l <"/proc/$P1/maps") true"
}

@test "-A with one mapper address selects that VMA; LO,HI selects the overlapping ones" {
	need_map anon
	need_map untouched
	addr=$(printf '%x' $((0x${MAP_START[anon]} + PAGE_SIZE + 0x123)))
	run -0 vmaview -r -n --no-totals -o range -A "$addr" "$P"
	assert_output "${MAP_START[anon]}-${MAP_END[anon]}"
	run -0 vmaview -r -n --no-totals -o range -A "0x$addr" "$P"
	assert_output "${MAP_START[anon]}-${MAP_END[anon]}"
	# the last byte belongs to the VMA, the end address does not
	last=$(printf '%x' $((0x${MAP_END[anon]} - 1)))
	run -0 vmaview -r -n --no-totals -o range -A "$last" "$P"
	assert_output "${MAP_START[anon]}-${MAP_END[anon]}"
	run -0 vmaview -r -n --no-totals -o range -A "${MAP_END[anon]}" "$P"
	assert_output ""
	# the mapper leaves nothing between its first two slots
	run -0 vmaview -r -n --no-totals -o range -A "${MAP_START[anon]},${MAP_START[untouched]}" "$P"
	assert_output "${MAP_START[anon]}-${MAP_END[anon]}
${MAP_START[untouched]}-${MAP_END[untouched]}"
}

@test "--sort=-size and --sort rss order the rows like /proc says" {
	run -0 vmaview -r -n -b --no-totals -o size --sort=-size "$P"
	want=$(while read -r range _; do echo $((0x${range#*-} - 0x${range%-*})); done <"/proc/$P/maps" | sort -rn)
	assert_equal "$output" "$want"
	run -0 vmaview -r -n -b --no-totals -o rss --sort rss "$P"
	assert_equal "$output" "$(awk '$1 == "Rss:" { printf "%.0f\n", $2 * 1024 }' "/proc/$P/smaps" | sort -n)"
}

@test "-o +vmflags adds the column; the locked row has the kernel's VmFlags" {
	need_map locked
	run -0 vmaview -o +vmflags "$P"
	assert_line --index 1 --regexp 'NAME +VMFLAGS$'
	run -0 vmaview -P --no-totals -o vmflags -A "${MAP_START[locked]}" "$P"
	got=$(sed 's/^VMFLAGS="\(.*\)"$/\1/' <<<"$output" | tr ' ' '\n' | sort)
	want=$(awk -v s="${MAP_START[locked]}-" '
		index($0, s) == 1 { f = 1 }
		f && $1 == "VmFlags:" { for (i = 2; i <= NF; i++) print $i; exit }
	' "/proc/$P/smaps" | sort)
	assert_equal "$got" "$want"
	assert_line --partial "lo"
}

@test "-r: one space between fields, no alignment" {
	need_map anon
	run -0 vmaview -r -n -b -o range,perms,size,rss,kind -A "${MAP_START[anon]}" "$P"
	assert_equal "${lines[0]}" "${MAP_START[anon]}-${MAP_END[anon]} rw-p $(map_size anon) $(map_size anon) anon"
	assert_equal "${lines[1]}" "total  $(map_size anon) $(map_size anon) "
}

@test "-P: KEY=\"value\" pairs" {
	need_map file
	run -0 vmaview -P --no-totals -o range,perms,kind,name -A "${MAP_START[file]}" "$P"
	assert_output "RANGE=\"${MAP_START[file]}-${MAP_END[file]}\" PERMS=\"r--p\" KIND=\"file\" NAME=\"$D/mapped-file\""
}

@test "-n drops the title and the header; without it both are there" {
	run -0 vmaview -o range "$P"
	cmd=$(tr '\0' ' ' <"/proc/$P/cmdline")
	assert_line --index 0 "$P:   ${cmd% }"
	assert_line --index 1 --regexp '^RANGE *$'
	first=$(sed -E 's/ .*//; s/^0+([0-9a-f])/\1/' "/proc/$P/maps" | head -1)
	assert_line --index 2 "$first"
	run -0 vmaview -n -o range "$P"
	assert_line --index 0 "$first"
	refute_line --partial "RANGE"
	refute_line --partial "$P:"
	assert_equal "${#lines[@]}" $(($(wc -l <"/proc/$P/maps") + 1))
}

@test "--output-all: every column, pid and comm filled in" {
	need_map anon
	run -0 vmaview --output-all -P --no-totals -A "${MAP_START[anon]}" "$P"
	ncols=$(column_names | wc -l)
	assert_equal "$(grep -o '[A-Z_]*="' <<<"$output" | wc -l)" "$ncols"
	assert_output --partial "PID=\"$P\""
	assert_output --partial 'COMMAND="mapper"'
	assert_output --partial 'KIND="anon"'
	run -0 --separate-stderr vmaview --output-all -b -r -n --no-totals -A "${MAP_START[anon]}" "$P"
	assert_frames_stderr
	read -ra f <<<"$output"
	assert_equal "${f[0]}" "${MAP_START[anon]}-${MAP_END[anon]}"
}

@test "hostile names: tables keep each VMA on one line and escape control bytes" {
	stop_mappers
	start_mapper --hostile
	P=$MAPPER_PID
	for name in h_quote h_backslash h_tab h_ctl h_badutf8 h_heap h_long h_utf8; do
		need_map "$name"
		run -0 vmaview -r -n --no-totals -o range -A "${MAP_START[$name]}" "$P"
		assert_output "${MAP_START[$name]}-${MAP_END[$name]}"
		run -0 vmaview -n --no-totals -o range,kind,name -A "${MAP_START[$name]}" "$P"
		assert_equal "${#lines[@]}" 1
		assert_output --partial " file "
	done
	run -0 vmaview -n --no-totals -o name -A "${MAP_START[h_ctl]}" "$P"
	assert_output "$MAPPER_DIR/ctl\\x01byte"
	run -0 vmaview -n --no-totals -o name -A "${MAP_START[h_badutf8]}" "$P"
	assert_output "$MAPPER_DIR/bad\\xff\\xfeutf8"
	# a file named [heap] is a file, not the heap
	run -0 vmaview -r -n --no-totals -o kind -A "${MAP_START[h_heap]}" "$P"
	assert_output file
	# the whole table has as many rows as maps has lines
	run -0 vmaview -n --no-totals -o range,name "$P"
	assert_equal "${#lines[@]}" "$(wc -l <"/proc/$P/maps")"
}
