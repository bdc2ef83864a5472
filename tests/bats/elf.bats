#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - elf.bats: the ELF columns and translate's symbols, checked against readelf and nm
bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	load helpers/live
	command -v jq >/dev/null || skip "jq is not installed"
	command -v readelf >/dev/null || skip "readelf (binutils) is not installed"
	PAGE=$(getconf PAGESIZE)
}

teardown() {
	stop_mappers
	[ -z "${NOBODY_DIR:-}" ] || rm -rf "$NOBODY_DIR"
}

VV_WRAP=()

# elf_expect PID FILE [PATH_IN_MAPS]: what the elf, section and build_id
# columns must say, from readelf alone, for every VMA of FILE in PID and the
# anonymous VMA right after one (.bss): "start<TAB>elf<TAB>sections<TAB>id"
# ("-" for nothing). Address-based: the load bias is where the VMA at file
# offset 0 starts; each VMA's ELF address range [start - bias, end - bias)
# lies in the PT_LOAD whose pages hold it, and the sections are the
# allocated ones (not .tbss) that intersect that range within the segment.
elf_expect() {
	local pid=$1 file=$2 name=${3:-$2} id bias=''
	local -a lva lfs lms lfl sname saddr ssize
	local n=0 ns=0
	id=$(readelf -nW "$file" | grep -o 'Build ID: [0-9a-f]*' | head -1 | cut -d' ' -f3)
	while read -r va fs ms fl; do
		lva[n]=$va lfs[n]=$fs lms[n]=$ms lfl[n]=$fl
		n=$((n + 1))
	done < <(readelf -lW "$file" | awk '$1 == "LOAD" {
		f = ""; for (i = 7; i < NF; i++) f = f $i
		r = index(f, "R") ? "r" : "-"; w = index(f, "W") ? "w" : "-"
		x = index(f, "E") ? "x" : "-"
		print $3, $5, $6, r w x }')
	while read -r nm ad sz; do
		sname[ns]=$nm saddr[ns]=$ad ssize[ns]=$sz
		ns=$((ns + 1))
	done < <(readelf -SW "$file" | awk '/^ *\[ *[0-9]+\]/ {
		sub(/^ *\[ *[0-9]+\] */, "")
		if (NF != 10) next   # no flags: not allocated
		if ($7 !~ /A/ || ($2 == "NOBITS" && $7 ~ /T/) || $5 ~ /^0+$/) next
		print $1, "0x" $3, "0x" $5 }')
	# label LO HI: the segment and sections of ELF addresses [LO, HI)
	label() {
		local lo=$1 hi=$2 s a b secs='' k
		for ((s = 0; s < n; s++)); do
			a=$((lva[s] & ~(PAGE - 1)))
			b=$(((lva[s] + lms[s] + PAGE - 1) & ~(PAGE - 1)))
			((lo >= a && lo < b)) && break
		done
		((s < n)) || { echo "-	-	-"; return; }
		((hi > b)) && hi=$b
		for ((k = 0; k < ns; k++)); do
			((saddr[k] < hi && saddr[k] + ssize[k] > lo)) || continue
			secs+=${secs:+,}${sname[k]}
		done
		printf 'LOAD[%d] %s\t%s\t%s\n' "$s" "${lfl[s]}" "${secs:--}" "${id:--}"
	}
	local prev_end=0 start end off ino path range
	while read -r range _ off _ ino path; do
		start=$((0x${range%-*})) end=$((0x${range#*-}))
		if [ "$path" = "$name" ]; then
			[ -n "$bias" ] || { [ $((0x$off)) -eq 0 ] && bias=$((start - (lva[0] & ~(PAGE - 1)))); }
			printf '%x\t%s\n' "$start" "$(label $((start - bias)) $((end - bias)))"
			prev_end=$end
			continue
		fi
		if ((prev_end == start)) && [ "$ino" = 0 ] && [ -z "$path" ]; then
			# anonymous after the object: .bss when a segment with
			# memsz > filesz reaches there
			local lo=$((start - bias)) s ok=0
			for ((s = 0; s < n; s++)); do
				((lms[s] > lfs[s] && lo >= lva[s] && lo < ((lva[s] + lms[s] + PAGE - 1) & ~(PAGE - 1)))) && ok=1
			done
			((ok)) && printf '%x\t%s\n' "$start" "$(label "$lo" $((end - bias)))"
		fi
		prev_end=0
	done <"/proc/$pid/maps"
}

# got PID START...: vmaview's elf, section, build_id for the VMAs at START.
got() {
	local pid=$1
	shift
	"${VV_WRAP[@]}" "$VMAVIEW" -J -o start,elf,section,build_id "$pid" | jq -r '.processes[0].vmas[] |
		[(.start | ltrimstr("0x")), .elf // "-", .section // "-", .build_id // "-"] | @tsv' |
		awk 'NR == FNR { want[$1] = 1; next } want[$1]' <(printf '%s\n' "$@") -
}

# check_object PID FILE [NAME]: vmaview says what readelf says for FILE.
check_object() {
	local exp starts
	exp=$(elf_expect "$@")
	[ -n "$exp" ] || fail "no VMA of $2 in $1"
	# there is code and data in it: the comparison is not vacuous
	grep -q '\.text' <<<"$exp" || fail "no .text in the expected labels of $2: $exp"
	mapfile -t starts < <(cut -f1 <<<"$exp")
	run -0 got "$1" "${starts[@]}"
	assert_output "$exp"
}

@test "elf: the mapper (a PIE) and its libc are labelled as readelf -S -n -l says" {
	start_mapper
	exe=$(readlink "/proc/$MAPPER_PID/exe")
	[ "$(readelf -hW "$exe" | awk '/Type:/ {print $2}')" = DYN ] || skip "the mapper is not a PIE"
	check_object "$MAPPER_PID" "$exe"
	libc=$(awk '$6 ~ /\/libc\.so\.6$/ {print $6; exit}' "/proc/$MAPPER_PID/maps")
	[ -n "$libc" ] || skip "the mapper maps no libc.so.6 (static build?)"
	check_object "$MAPPER_PID" "$libc"
	# libc's data segment: a relro part, a rw- part and anonymous .bss
	exp=$(elf_expect "$MAPPER_PID" "$libc")
	grep -q '	\.bss	' <<<"$exp" || fail "libc has no anonymous .bss VMA: $exp"
	grep -q '\.data\.rel\.ro' <<<"$exp"
}

@test "elf: the labels are not in the default columns nor in JSON without -o; --output-all has them" {
	start_mapper
	run -0 "$VMAVIEW" "$MAPPER_PID"
	refute_output --partial "LOAD["
	run -0 "$VMAVIEW" -J "$MAPPER_PID"
	run -0 jq '[.processes[0].vmas[] | has("elf") or has("section") or has("build_id")] | any' <<<"$output"
	assert_output false
	run -0 --separate-stderr "$VMAVIEW" -J --output-all "$MAPPER_PID"
	assert_frames_stderr
	run -0 jq -r --arg s "0x${MAP_START[file]}" '.processes[0].vmas[] | select(.start == $s) |
		[.elf, .section, .build_id] | map(tostring) | join(" ")' <<<"$output"
	assert_output "null null null"
}

@test "elf: a mapped file that is not ELF, deleted or not, gets no label" {
	start_mapper
	for m in file deleted spaced; do
		need_map "$m"
		run -0 got "$MAPPER_PID" "${MAP_START[$m]}"
		assert_output "${MAP_START[$m]}	-	-	-"
	done
}

@test "elf: a deleted ELF executable is labelled through map_files" {
	[ "$(id -u)" -eq 0 ] || skip "map_files needs root (CAP_SYS_ADMIN)"
	d=$(mktemp -d "$BATS_TEST_TMPDIR/del.XXXXXX")
	cp "$MAPPER" "$d/mapper-copy"
	orig=$MAPPER
	MAPPER=$d/mapper-copy
	start_mapper
	MAPPER=$orig
	rm "$d/mapper-copy"
	grep -q "$d/mapper-copy (deleted)" "/proc/$MAPPER_PID/maps"
	[ ! -e "$d/mapper-copy" ]
	if nobody_mode; then
		# documented: without root a deleted file is not labelled
		exp=$(elf_expect "$MAPPER_PID" "$MAPPER" "$d/mapper-copy (deleted)")
		mapfile -t starts < <(cut -f1 <<<"$exp")
		[ "${#starts[@]}" -ge 4 ]
		run -0 got "$MAPPER_PID" "${starts[@]}"
		assert_output "$(printf '%s\t-\t-\t-\n' "${starts[@]}")"
		return
	fi
	# readelf reads the same bytes from the original
	check_object "$MAPPER_PID" "$MAPPER" "$d/mapper-copy (deleted)"
}

@test "elf: without map_files (not root) objects are read by their path; a deleted one gets no label" {
	nobody_copies
	mapper_as_nobody
	start_mapper
	assert_equal "$(stat -c %U "/proc/$MAPPER_PID")" nobody
	VV_WRAP=(setpriv --reuid=nobody --regid="$ngid" --clear-groups)
	VMAVIEW=$NOBODY_DIR/vmaview
	# nobody really cannot open map_files
	m=$(awk '$6 ~ /^\// {print $1; exit}' "/proc/$MAPPER_PID/maps")
	run ! "${VV_WRAP[@]}" head -c1 "/proc/$MAPPER_PID/map_files/$m"
	check_object "$MAPPER_PID" "$NOBODY_DIR/mapper"
	# the same binary, deleted: no path, no map_files, no label
	cp "$NOBODY_DIR/mapper" "$NOBODY_DIR/gone"
	chmod 755 "$NOBODY_DIR/gone"
	MAPPER=$NOBODY_DIR/gone
	start_mapper
	rm "$NOBODY_DIR/gone"
	exp=$(elf_expect "$MAPPER_PID" "$NOBODY_DIR/mapper" "$NOBODY_DIR/gone (deleted)")
	mapfile -t starts < <(cut -f1 <<<"$exp")
	[ "${#starts[@]}" -ge 4 ]
	run -0 got "$MAPPER_PID" "${starts[@]}"
	assert_output "$(printf '%s\t-\t-\t-\n' "${starts[@]}")"
}

@test "elf: without the file (snapshot, --proc-root) nothing is labelled, nothing fails" {
	run -0 "$VMAVIEW" --proc-root "$FIXTURES/proc" -J -o start,elf,section,build_id 4242
	run -0 jq '[.processes[0].vmas[] | .elf, .section, .build_id | select(. != null)] | length' <<<"$output"
	assert_output 0
}

@test "translate: names the mapper's main (nm) and its section (readelf)" {
	command -v nm >/dev/null || skip "nm (binutils) is not installed"
	start_mapper
	exe=$(readlink "/proc/$MAPPER_PID/exe")
	mainv=$(nm "$exe" | awk '$3 == "main" && $2 ~ /[Tt]/ {print $1; exit}')
	[ -n "$mainv" ] || skip "no main in the mapper's symbol table (stripped?)"
	base=$(awk -v f="$exe" '$6 == f && $3 ~ /^0+$/ {split($1, a, "-"); print a[1]; exit}' "/proc/$MAPPER_PID/maps")
	first=$(readelf -lW "$exe" | awk '$1 == "LOAD" {print $3; exit}')
	addr=$(printf '%x' $((0x$base - (first & ~(PAGE - 1)) + 0x$mainv + 3)))
	# the allocated section that holds main, from readelf
	sec=
	while read -r nm ad sz; do
		((0x$mainv >= 0x$ad && 0x$mainv < 0x$ad + 0x$sz)) && sec=$nm
	done < <(readelf -SW "$exe" | awk '/^ *\[ *[0-9]+\]/ {
		sub(/^ *\[ *[0-9]+\] */, ""); if (NF == 10 && $7 ~ /A/) print $1, $3, $5 }')
	[ -n "$sec" ] || fail "readelf: no section holds main at $mainv"
	run -0 "$VMAVIEW" translate "$MAPPER_PID" "$addr"
	assert_line "  symbol main+0x3 (symtab)"
	assert_line --partial "section $sec, build-id $(readelf -nW "$exe" | grep -o 'Build ID: [0-9a-f]*' | cut -d' ' -f3)"
	run -0 "$VMAVIEW" -J translate "$MAPPER_PID" "$addr"
	run -0 jq -r '.processes[0].translations[0].elf | [.symbol, .symbol_offset, .symbol_table, .section] | join(" ")' <<<"$output"
	assert_output "main 0x3 symtab $sec"
	# an address outside any ELF object: no elf line, JSON null
	need_map anon
	run -0 "$VMAVIEW" translate "$MAPPER_PID" "${MAP_START[anon]}"
	refute_output --partial "symbol"
	run -0 "$VMAVIEW" -J translate "$MAPPER_PID" "${MAP_START[anon]}"
	run -0 jq -c '.processes[0].translations[0].elf' <<<"$output"
	assert_output null
}
