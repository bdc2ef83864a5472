#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - many.bats: many processes: selection, summary, grouping, sharing and who, against tests/tools/family and /proc read directly
bats_require_minimum_version 1.5.0

# Expected values come from what tests/tools/family did (which pages each
# process wrote, who maps what) and from /proc read directly, never from
# vmaview itself.

setup() {
	load helpers/common
	load helpers/family
	command -v jq >/dev/null || skip "jq is not installed"
}

PAGE_SIZE_BYTES=$(getconf PAGESIZE)

teardown() {
	stop_family
}

# The PIDs of a JSON show document, sorted.
json_pids() {
	jq -r '.processes[].pid' | sort -n
}

@test "--pgrep selects exactly the family (comm or command line), never vmaview itself" {
	start_family -n 3
	run -0 --separate-stderr vmaview -J -o start --pgrep "family.*$FAM_TAG"
	assert_equal "$(json_pids <<<"$output")" "$(family_pids)"
	# vmaview's own command line holds the pattern too: it is not chosen
	refute_line --partial "\"pid\":$$,"
	# anchored on the comm alone: still only the family (its comm is "family")
	run -0 --separate-stderr vmaview -J -o start --pgrep '^family$' "$FAM_PARENT" "${FAM_CHILD[1]}"
	assert_equal "$(json_pids <<<"$output")" "$(printf '%s\n' "$FAM_PARENT" "${FAM_CHILD[1]}" | sort -n)"
}

@test "--children selects exactly the descendants; selectors combine with AND" {
	start_family -n 3
	run -0 --separate-stderr vmaview -J -o start --children "$FAM_PARENT"
	assert_equal "$(json_pids <<<"$output")" "$(printf '%s\n' "${FAM_CHILD[@]}" | sort -n)"
	# the test's shell is an ancestor: the whole family is among its descendants
	run -0 --separate-stderr vmaview -J -o start --children "$$" --pgrep "$FAM_TAG"
	assert_equal "$(json_pids <<<"$output")" "$(family_pids)"
	# AND: children of the parent whose user is the family's (us, or nobody in nobody mode)
	run -0 --separate-stderr vmaview -J -o start --children "$FAM_PARENT" --user "$(id -u "$TARGET_USER")"
	assert_equal "$(json_pids <<<"$output")" "$(printf '%s\n' "${FAM_CHILD[@]}" | sort -n)"
	run -0 --separate-stderr vmaview -J -o start --children "$FAM_PARENT" --user "$TARGET_USER"
	assert_equal "$(json_pids <<<"$output")" "$(printf '%s\n' "${FAM_CHILD[@]}" | sort -n)"
}

@test "--user: the real uid from status, by name or number" {
	start_family -n 1
	local uid pid want
	uid=$(id -u "$TARGET_USER")
	want=$(for d in /proc/[0-9]*; do
		pid=${d#/proc/}
		[ "$pid" = "$$" ] && continue
		awk -v u="$uid" '/^Uid:/ && $2 == u {f=1} END {exit !f}' "$d/status" 2>/dev/null &&
			echo "$pid"
	done | sort -n)
	run -0 --separate-stderr vmaview -J -o start --user "$uid" --pgrep "$FAM_TAG"
	assert_equal "$(json_pids <<<"$output")" "$(family_pids)"
	for pid in $(family_pids); do grep -qx "$pid" <<<"$want"; done
	run -64 --separate-stderr vmaview --user no-such-user-xyz
	assert_equal "$stderr" "$(printf '%s\n' "vmaview: --user: no such user: 'no-such-user-xyz'" "Try 'vmaview --help' for more information.")"
}

@test "selection: a zombie and denied processes are one line per cause, JSON skipped, exit 0" {
	# nobody mode: a family of root's, which vmaview (nobody) cannot read
	! nobody_mode || RUN_AS=()
	start_family -n 2
	# killed, not reaped (the parent reaps only when it ends): a zombie
	kill -KILL "${FAM_CHILD[0]}"
	for ((i = 0; i < 100; i++)); do
		[ "$(awk '{print $3}' "/proc/${FAM_CHILD[0]}/stat")" = Z ] && break
		sleep 0.05
	done
	if nobody_mode; then
		# vmaview already runs as nobody: the second case below
		run -0 --separate-stderr vmaview -J -o start --children "$$" --pgrep '^family$'
	else
		# a zombie has no command line: chosen by its comm among our descendants
		run -0 --separate-stderr vmaview -J -o start --children "$$" --pgrep '^family$'
		assert_equal "$stderr" "vmaview: 1 process skipped: zombie process (no address space)"
		assert_equal "$(jq -c '.skipped' <<<"$output")" '[{"reason":"zombie process (no address space)","count":1}]'
		# the zombie's entry says why; the others are complete
		assert_equal "$(jq -r '.processes[] | select(.complete | not) | .pid' <<<"$output")" "${FAM_CHILD[0]}"
		# as nobody, root's processes deny access: one line for all of them
		command -v setpriv >/dev/null || skip "setpriv is not installed"
		[ "$(id -u)" = 0 ] || skip "needs root to become nobody"
		run -0 --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$VMAVIEW" -J -o start --children "$$" --pgrep '^family$'
	fi
	# denied: no entry at all; the zombie, opened but empty, has its own
	assert_equal "$(jq -r '.processes[] | "\(.pid) \(.complete)"' <<<"$output")" "${FAM_CHILD[0]} false"
	assert_equal "$(jq -c '.skipped' <<<"$output")" '[{"reason":"permission denied","count":2},{"reason":"zombie process (no address space)","count":1}]'
	assert_equal "$stderr" "$(printf '%s\n' 'vmaview: 2 processes skipped: permission denied' \
		'vmaview: 1 process skipped: zombie process (no address space)')"
}

@test "who: as nobody, root's processes deny access: nothing searched is a failure, not an empty answer" {
	# nobody mode: a family of root's, which vmaview (nobody) cannot read
	! nobody_mode || RUN_AS=()
	start_family -n 1
	if nobody_mode; then
		run -1 --separate-stderr "$VMAVIEW" who --children "$$" --pgrep '^family$' 1
	else
		command -v setpriv >/dev/null || skip "setpriv is not installed"
		[ "$(id -u)" = 0 ] || skip "needs root to become nobody"
		run -1 --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$VMAVIEW" who --children "$$" --pgrep '^family$' 1
	fi
	assert_equal "$(sed -n 1p <<<"$stderr")" "vmaview: who: no process could be read, so none was searched"
	assert_line --index 0 "PFN PHYS PID COMMAND VADDR PERMS NAME"
	[ "${#lines[@]}" -eq 1 ]
	nobody_mode && return
	# as root the same selection is searched: exit 0, no such message
	run -0 --separate-stderr "$VMAVIEW" who --children "$$" --pgrep '^family$' 1
	[[ $stderr != *"none was searched"* ]]
}

@test "selection: a bad regex is a usage error; nothing chosen exits 1" {
	run -64 --separate-stderr vmaview --pgrep '('
	[[ $stderr == "vmaview: --pgrep: '(': "* ]]
	run -1 --separate-stderr vmaview --pgrep 'zzz-no-match-zzz-$$'
	assert_equal "$stderr" "vmaview: no process selected"
	run -64 --separate-stderr vmaview --children 0
	run -64 --separate-stderr vmaview --children abc
}

# The summary measures of one process from a smaps-format file read directly
# (smaps_rollup or smaps): "resident pss uss dirty swapped" in bytes.
measures_of() {
	awk '$1 == "Rss:" {r += $2} $1 == "Pss:" {p += $2}
		$1 ~ /^Private_(Clean|Dirty):$/ {u += $2}
		$1 ~ /^(Shared|Private)_Dirty:$/ {d += $2} $1 == "Swap:" {s += $2}
		END {printf "%.0f %.0f %.0f %.0f %.0f\n", r * 1024, p * 1024, u * 1024, d * 1024, s * 1024}' "$1"
}
# The same from vmaview's JSON totals object on stdin.
measures_json() {
	jq -r '"\(.resident) \(.pss) \(.uss) \(.dirty) \(.swapped)"'
}

@test "summary: the shmem kind of a family child is exactly its MAP_SHARED and memfd pages" {
	start_family -n 3
	local ps=$PAGE_SIZE_BYTES pid=${FAM_CHILD[0]}
	run -0 --separate-stderr vmaview summary -J "$pid"
	# shm + memfd: 4 pages each, read by the child, mapped by all 4 processes
	assert_equal "$(jq -c '.processes[0].kinds[] | select(.kind == "shmem")' <<<"$output")" \
		"{\"kind\":\"shmem\",\"vmas\":2,\"virtual\":$((8 * ps)),\"resident\":$((8 * ps)),\"dirty\":$((8 * ps)),\"swapped\":0,\"pss\":$((8 * ps / 4)),\"uss\":0}"
	# a table says the same
	run -0 --separate-stderr vmaview summary -b -r "$pid"
	assert_line "$pid family shmem 2 $((8 * ps)) $((8 * ps)) $((8 * ps)) 0 $((8 * ps / 4)) 0"
}

@test "summary: kind totals are the sums of smaps; --totals is smaps_rollup and VmSize" {
	start_family -n 2
	local pid try ok
	for pid in $(family_pids); do
		run -0 --separate-stderr vmaview summary -J "$pid"
		# every VMA falls in exactly one kind
		assert_equal "$(jq '[.processes[0].kinds[].vmas] | add' <<<"$output")" \
			"$(grep -c '^[0-9a-f]*-[0-9a-f]* ' "/proc/$pid/maps")"
		assert_equal "$(jq '.processes[0].totals.virtual' <<<"$output")" \
			"$(awk '$1 == "Size:" {s += $2} END {printf "%.0f\n", s * 1024}' "/proc/$pid/smaps")"
		# PSS of shared library pages moves when other processes come and
		# go: compare when smaps read before and after vmaview agree
		ok=
		for ((try = 0; try < 20; try++)); do
			cat "/proc/$pid/smaps" >"$BATS_TEST_TMPDIR/a"
			run -0 --separate-stderr vmaview summary -J "$pid"
			cat "/proc/$pid/smaps" >"$BATS_TEST_TMPDIR/b"
			cmp -s "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b" || continue
			# smaps sums kB per VMA, as vmaview does; PSS can also change
			# and change back between the reads: try again then
			[ "$(jq -c '.processes[0].totals' <<<"$output" | measures_json)" = \
				"$(measures_of "$BATS_TEST_TMPDIR/a")" ] || continue
			ok=1
			break
		done
		[ -n "$ok" ] || fail "smaps of $pid never held still, or vmaview differs: $(jq -c '.processes[0].totals' <<<"$output") vs $(measures_of "$BATS_TEST_TMPDIR/a")"
		ok=
		for ((try = 0; try < 20; try++)); do
			cat "/proc/$pid/smaps_rollup" >"$BATS_TEST_TMPDIR/a"
			run -0 --separate-stderr vmaview summary --totals -J "$pid"
			cat "/proc/$pid/smaps_rollup" >"$BATS_TEST_TMPDIR/b"
			cmp -s "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b" || continue
			[ "$(jq -c '.processes[0].totals' <<<"$output" | measures_json)" = \
				"$(measures_of "$BATS_TEST_TMPDIR/a")" ] || continue
			assert_equal "$(jq '.processes[0].totals.virtual' <<<"$output")" \
				"$(awk '$1 == "VmSize:" {printf "%.0f\n", $2 * 1024}' "/proc/$pid/status")"
			ok=1
			break
		done
		[ -n "$ok" ] || fail "smaps_rollup of $pid never held still, or vmaview differs: $(jq -c '.processes[0].totals' <<<"$output") vs $(measures_of "$BATS_TEST_TMPDIR/a")"
	done
}

# --all: each process's rollup is read before and after the run and
# compared where it did not change in between (a process that changed may
# have been read by vmaview at any point of its change, so no single
# expected value exists for it). A process can also change and change back
# (a shell's fork and exit): so the run is made up to three times and a
# process fails only if it held still and differed in every run.
# Resident, dirty and swapped are compared for every such process. PSS and
# USS only for the family: the reader is itself a sharer of the library
# pages it has mapped (libc for awk and vmaview alike, but not the same
# pages of it; libasan in the sanitizer build), so another process's PSS
# (and, for a page only it and the reader map, its USS) is not the same
# for vmaview and for any other reader. The family is static and shares no
# page with a reader, so every reader sees its values.
@test "--all summary --totals: per-process totals equal smaps_rollup of every process that held still (PSS, USS: the family)" {
	start_family -n 2
	local d pid run_no t=$BATS_TEST_TMPDIR fam
	fam=$(family_pids | paste -sd' ')
	snap_rollups() {
		for d in /proc/[0-9]*; do
			pid=${d#/proc/}
			[ -r "$d/smaps_rollup" ] || continue
			# nobody mode: the processes vmaview (nobody) may read
			! nobody_mode || [ "$(stat -c %U "$d")" = nobody ] || continue
			printf '%s %s\n' "$pid" "$(measures_of "$d/smaps_rollup" 2>/dev/null)"
		done | sort
	}
	for run_no in 1 2 3; do
		snap_rollups >"$t/before"
		run -0 --separate-stderr vmaview --all summary --totals -J
		snap_rollups >"$t/after"
		jq -r '.processes[] | select(.complete) | "\(.pid) \(.totals.resident) \(.totals.pss) \(.totals.uss) \(.totals.dirty) \(.totals.swapped)"' \
			<<<"$output" | sort >"$t/vv"
		# processes whose rollup held still
		join "$t/before" "$t/after" | awk 'NF == 11 && $2 == $7 && $3 == $8 && $4 == $9 && $5 == $10 && $6 == $11 {print $1, $2, $3, $4, $5, $6}' >"$t/still"
		# still, shown, and different
		join "$t/still" "$t/vv" | awk -v fam=" $fam " '$2 != $7 || $5 != $10 || $6 != $11 ||
			(index(fam, " " $1 " ") && ($3 != $8 || $4 != $9)) {print $1}' >"$t/bad.$run_no"
		if ((run_no == 1)); then
			# most still processes were shown, and the family
			[ "$(join "$t/still" "$t/vv" | wc -l)" -ge $(($(wc -l <"$t/still") * 9 / 10)) ]
			for pid in $(family_pids); do
				grep -q "^$pid " "$t/vv" || fail "family process $pid not shown"
			done
			cp "$t/bad.1" "$t/bad"
		else
			sort "$t/bad" "$t/bad.$run_no" | uniq -d >"$t/both"
			mv "$t/both" "$t/bad"
		fi
		[ -s "$t/bad" ] || break
	done
	run cat "$t/bad"
	assert_output ""
}

# The VMA of the family's mapping $1 in vmaview's JSON show document on stdin.
fam_vma() {
	jq -c --arg s "0x${FAM_START[$1]}" '.processes[0].vmas[] | select(.start == $s)'
}

@test "frame_pss: exact per VMA, equal to the kernel's Pss within its truncation; USS is the private pages" {
	start_family -n 3
	local ps=$PAGE_SIZE_BYTES pid m kb fp want_uss
	for pid in $(family_pids); do
		run -0 --separate-stderr vmaview -J -o start,frame_pss,private_clean,private_dirty,exclusive "$pid"
		for m in cow shm memfd own; do
			# the kernel sums PSS per page in fixed point and truncates to kB
			kb=$(awk -v s="${FAM_START[$m]}" '$1 ~ "^"s"-" {f = 1; next}
				f && /^[0-9a-f]+-/ {f = 0} f && $1 == "Pss:" {print $2; exit}' "/proc/$pid/smaps")
			fp=$(fam_vma "$m" <<<"$output" | jq '.frames.frame_pss')
			if nobody_mode; then
				# documented: frame_pss needs the PFNs, unknown without them
				assert_equal "$pid $m $fp" "$pid $m null"
				continue
			fi
			((kb * 1024 <= fp && fp <= (kb + 1) * 1024)) ||
				fail "$pid $m: frame_pss $fp, kernel Pss $kb kB"
		done
		assert_frames_stderr
		if ! nobody_mode; then
			# exact values from what the family did (4 processes, n = 3):
			# shm and memfd pages are mapped by all 4
			assert_equal "$(fam_vma shm <<<"$output" | jq '.frames.frame_pss')" $((4 * ps / 4))
			assert_equal "$(fam_vma memfd <<<"$output" | jq '.frames.frame_pss')" $((4 * ps / 4))
			assert_equal "$(fam_vma own <<<"$output" | jq '.frames.frame_pss')" $((4 * ps))
		fi
		# USS (private_clean + private_dirty) is the private pages: own's 4,
		# and in a child the copy of its cow page
		want_uss=$((4 * ps))
		assert_equal "$(fam_vma own <<<"$output" | jq '.private_clean + .private_dirty')" "$want_uss"
		if [ "$pid" = "$FAM_PARENT" ]; then
			want_uss=0
			# cow pages 0-2 mapped by 3 (a child has its own copy), 3-7 by 4
			nobody_mode ||
				assert_equal "$(fam_vma cow <<<"$output" | jq '.frames.frame_pss')" $((3 * ps / 3 + 5 * ps / 4))
		else
			want_uss=$ps
			# its own page, 2 pages mapped by 3, 5 by 4: 35/12 pages, rounded once
			nobody_mode ||
				assert_equal "$(fam_vma cow <<<"$output" | jq '.frames.frame_pss')" $(((35 * ps + 6) / 12))
		fi
		assert_equal "$(fam_vma cow <<<"$output" | jq '.private_clean + .private_dirty')" "$want_uss"
		assert_equal "$(fam_vma cow <<<"$output" | jq '.frames.exclusive')" $((want_uss / ps))
	done
}

@test "--group name over the family: librank's view, one row per object, exact PSS sums to its pages" {
	start_family -n 3
	local ps=$PAGE_SIZE_BYTES
	# frame_pss: unknown (null) without the PFNs, in nobody mode
	local fpss4=$((4 * ps)) fpss8=$((8 * ps))
	nobody_mode && fpss4=null fpss8=null
	run -0 --separate-stderr vmaview --group name -J -o rss,pss,frame_pss --pgrep "$FAM_TAG"
	assert_equal "$(jq -r .group <<<"$output")" name
	# the memfd: 2 VMAs per process (pages + the PROT_NONE page), 4
	# processes; its 4 pages are mapped by all 4, so their PSS sums to 4 pages
	assert_equal "$(jq -c '.groups[] | select(.key == "/memfd:fam-memfd (deleted)") | [.vmas, .processes, .rss, .frame_pss, .uss]' <<<"$output")" \
		"[8,4,$((16 * ps)),$fpss4,0]"
	# one row per object
	assert_equal "$(jq '[.groups[].key] | length' <<<"$output")" "$(jq '[.groups[].key] | unique | length' <<<"$output")"
	# --group kind: shmem is the MAP_SHARED and memfd pages of all 4
	run -0 --separate-stderr vmaview --group kind -J -o size,rss,frame_pss --pgrep "$FAM_TAG"
	assert_equal "$(jq -c '.groups[] | select(.key == "shmem") | [.vmas, .processes, .size, .rss, .frame_pss, .uss]' <<<"$output")" \
		"[8,4,$((32 * ps)),$((32 * ps)),$fpss8,0]"
	# --group process: one row per process, VMAs as in maps
	run -0 --separate-stderr vmaview --group process -J -o size --pgrep "$FAM_TAG"
	assert_equal "$(jq -c "[.groups[] | select(.key == \"$FAM_PARENT family\") | .vmas, .processes]" <<<"$output")" \
		"[$(grep -c . "/proc/$FAM_PARENT/maps"),1]"
	# --group user: the family is ours (nobody's in nobody mode)
	run -0 --separate-stderr vmaview --group user -J -o size --pgrep "$FAM_TAG"
	assert_equal "$(jq -c '[.groups[] | .key, .processes]' <<<"$output")" "[\"$TARGET_USER\",4]"
	run -64 --separate-stderr vmaview --group name -o name "$FAM_PARENT"
	assert_equal "${stderr%%$'\n'*}" "vmaview: --group: column 'name' is not a summed size"
	run -64 --separate-stderr vmaview --group nope "$FAM_PARENT"
}

# The PFN (hex, no 0x) of page $2 of the family's mapping $3 in process $1,
# read from /proc/PID/pagemap directly.
pfn_of() {
	local va=$((0x${FAM_START[$3]} + $2 * PAGE_SIZE_BYTES)) e
	e=$(dd if="/proc/$1/pagemap" bs=8 skip=$((va / PAGE_SIZE_BYTES)) count=1 status=none | od -An -t u8 | tr -d ' ')
	printf '%x\n' $((e & ((1 << 55) - 1)))
}

@test "--shared-with: per VMA, exactly the present pages whose frames the other process maps" {
	[ "$(id -u)" = 0 ] || skip "PFNs need CAP_SYS_ADMIN"
	start_family -n 3
	if nobody_mode; then
		# documented: a PID2 whose PFNs are hidden exits 1 before anything is printed
		run -1 --separate-stderr vmaview -J -o start,present --shared-with "${FAM_CHILD[0]}" "$FAM_PARENT"
		assert_equal "$stderr" "vmaview: --shared-with ${FAM_CHILD[0]}: its frames are hidden (PFNs need CAP_SYS_ADMIN)"
		assert_output ""
		run -1 --separate-stderr vmaview --shared-with 999999999 "$FAM_PARENT"
		assert_equal "$stderr" "vmaview: --shared-with 999999999: no such process"
		return
	fi
	run -0 --separate-stderr vmaview -J -o start,present --shared-with "${FAM_CHILD[0]}" "$FAM_PARENT"
	# cow: all but page 0 (child 0 has its own copy); the shared pages: all
	assert_equal "$(fam_vma cow <<<"$output" | jq -c '[.frames.present, .frames.shared_with]')" "[8,7]"
	assert_equal "$(fam_vma shm <<<"$output" | jq -c '[.frames.present, .frames.shared_with]')" "[4,4]"
	assert_equal "$(fam_vma memfd <<<"$output" | jq -c '[.frames.present, .frames.shared_with]')" "[4,4]"
	assert_equal "$(fam_vma own <<<"$output" | jq -c '[.frames.present, .frames.shared_with]')" "[4,0]"
	# child 1 against child 0: each has its own cow page, 6 are the parent's
	run -0 --separate-stderr vmaview -J -o start --shared-with "${FAM_CHILD[0]}" "${FAM_CHILD[1]}"
	assert_equal "$(fam_vma cow <<<"$output" | jq '.frames.shared_with')" 6
	# the column is added to a table, once
	run -0 --separate-stderr vmaview -o start,shared_with --shared-with "${FAM_CHILD[0]}" "$FAM_PARENT"
	assert_line --regexp "^${FAM_START[cow]} +7$"
	run -1 --separate-stderr vmaview --shared-with 999999999 "$FAM_PARENT"
	assert_equal "$stderr" "vmaview: --shared-with 999999999: no such process"
}

@test "who: every process and address that maps a frame (PFN or 0x physical address)" {
	[ "$(id -u)" = 0 ] || skip "PFNs need CAP_SYS_ADMIN"
	start_family -n 3
	local cow0 memfd2 own1 ps=$PAGE_SIZE_BYTES
	cow0=$(pfn_of "$FAM_PARENT" 0 cow)
	memfd2=$(pfn_of "$FAM_PARENT" 2 memfd)
	own1=$(pfn_of "${FAM_CHILD[2]}" 1 own)
	if nobody_mode; then
		# documented: PFNs that read as 0 make who exit 1, saying why;
		# the frames asked for are listed, no mapping is claimed
		run -1 --separate-stderr vmaview who -J --pgrep "$FAM_TAG" "$cow0" "$own1"
		assert_equal "$stderr" "vmaview: who: frames are hidden: PFNs read as 0 without CAP_SYS_ADMIN"
		assert_equal "$(jq -c '([.frames[] | [.pfn, (.mappings | length)]] | sort), .skipped' <<<"$output")" \
			"$(jq -cn --arg a "0x$cow0" --arg b "0x$own1" '[[$a, 0], [$b, 0]] | sort, []')"
		return
	fi
	run -0 --separate-stderr vmaview who -J "$cow0" "0x$(printf '%x' $((0x$memfd2 * ps + 123)))" "$own1"
	# cow page 0: the parent and children 1, 2 (child 0 wrote its own copy)
	assert_equal "$(jq -r --arg f "0x$cow0" '.frames[] | select(.pfn == $f) | .mappings[] | "\(.pid) \(.vaddr)"' <<<"$output" | sort)" \
		"$(printf '%s 0x%s\n' "$FAM_PARENT" "${FAM_START[cow]}" "${FAM_CHILD[1]}" "${FAM_START[cow]}" "${FAM_CHILD[2]}" "${FAM_START[cow]}" | sort)"
	# memfd page 2, asked by physical address: all four
	assert_equal "$(jq -r --arg f "0x$memfd2" '.frames[] | select(.pfn == $f) | .mappings[] | "\(.pid) \(.vaddr) \(.perms)"' <<<"$output" | sort)" \
		"$(for p in $(family_pids); do printf '%s 0x%x rw-s\n' "$p" $((0x${FAM_START[memfd]} + 2 * ps)); done | sort)"
	# child 2's own page 1: child 2 alone
	assert_equal "$(jq -r --arg f "0x$own1" '.frames[] | select(.pfn == $f) | .mappings[] | "\(.pid) \(.vaddr)"' <<<"$output")" \
		"${FAM_CHILD[2]} 0x$(printf '%x' $((0x${FAM_START[own]} + ps)))"
	# a table, restricted to the family
	run -0 --separate-stderr vmaview who -r -n --pgrep "$FAM_TAG" "$own1"
	assert_output "$own1 $(printf '%x' $((0x$own1 * ps))) ${FAM_CHILD[2]} family $(printf '%x' $((0x${FAM_START[own]} + ps))) rw-p "
	# PFN 0 is never a mapped frame: asked for, it has no mappings
	run -0 --separate-stderr vmaview who -J --pgrep "$FAM_TAG" 0
	assert_equal "$(jq -c '.frames' <<<"$output")" '[{"pfn":"0x0","phys":"0x0","mappings":[]}]'
	run -64 --separate-stderr vmaview who
	run -64 --separate-stderr vmaview who xyz
	assert_equal "${stderr%%$'\n'*}" "vmaview: who: 'xyz' is not a PFN (hex) or a physical address (0x...)"
}

@test "--interval --count: one JSON document per sample; added, removed and grown rows with their delta" {
	start_family -n 2
	local ps=$PAGE_SIZE_BYTES out=$BATS_TEST_TMPDIR/samples i
	"$VMAVIEW" summary --totals -J --interval 1.5 --count 2 --pgrep "$FAM_TAG" >"$out" 2>"$out.err" &
	local vv=$!
	for ((i = 0; i < 100; i++)); do
		[ -s "$out" ] && break
		sleep 0.05
	done
	[ -s "$out" ] || fail "no first sample"
	# between the samples: the parent writes 16 more pages, child 1 ends
	# (a zombie until the parent reaps it, without a command line: no
	# longer chosen by --pgrep, so its row is removed)
	kill -USR1 "$FAM_PARENT"
	kill -KILL "${FAM_CHILD[1]}"
	wait "$vv"
	# JSON lines: one document per sample, numbered
	assert_equal "$(wc -l <"$out")" 2
	assert_equal "$(jq -s -c '[.[].sample]' "$out")" "[1,2]"
	# the first sample compares with nothing
	assert_equal "$(jq -s -r '[.[0].processes[].totals.change] | unique | join(",")' "$out")" same
	# the second: the parent grew by exactly its new pages, child 0 is the same
	assert_equal "$(jq -s -c --argjson p "$FAM_PARENT" '.[1].processes[] | select(.pid == $p) | [.totals.change, .totals.delta]' "$out")" \
		"[\"changed\",$((16 * ps))]"
	assert_equal "$(jq -s -c --argjson p "${FAM_CHILD[0]}" '.[1].processes[] | select(.pid == $p) | [.totals.change, .totals.delta]' "$out")" \
		'["same",0]'
	assert_equal "$(jq -s -c --argjson p "${FAM_CHILD[1]}" '[.[1].removed[] | select(.pid == $p) | .kind]' "$out")" '["total"]'
	# the zombie has no command line any more: not chosen, not skipped
	assert_equal "$(jq -s -c '.[1].skipped' "$out")" '[]'
}

@test "--interval: a table with a change marker and a DELTA column; one row per VMA too" {
	start_family -n 1
	run -0 --separate-stderr vmaview --group kind -r -b --interval 0.1 --count 2 "$FAM_PARENT"
	assert_line --index 0 --regexp '^CHG KIND VMAS PROCS .* USS DELTA$'
	# a quiescent process: nothing changed, every delta is 0
	[ "$(grep -c ' 0$' <<<"$output")" -eq $((${#lines[@]} - 2)) ]
	# one row per VMA (tests/bats/interval.bats has what changed)
	run -0 --separate-stderr vmaview -r -b -o start --interval 0.1 --count 2 "$FAM_PARENT"
	assert_equal "$(grep -cx 'CHG START DELTA' <<<"$output")" 2
	assert_equal "$(grep -c '^\\x20 [0-9a-f]* 0$' <<<"$output")" $((2 * $(wc -l <"/proc/$FAM_PARENT/maps")))
	run -64 --separate-stderr vmaview summary --interval 0 "$FAM_PARENT"
	run -64 --separate-stderr vmaview summary --interval 1 --count 0 "$FAM_PARENT"
}
