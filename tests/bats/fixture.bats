#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - fixture.bats: every show option against the committed /proc fixture tree
bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	ROOT=$FIXTURES/proc
	SMAPS=$ROOT/4242/smaps
}

# Sum of an smaps key over the fixture, in bytes (independent of vmaview).
fixture_sum() {
	awk -v k="$1:" '$1 == k { s += $2 * 1024 } END { print s + 0 }' "$SMAPS"
}
vma_count() { grep -c '^[0-9a-f]*-[0-9a-f]* ' "$1"; }

@test "one row per VMA, in address order, then a totals row" {
	run -0 vmaview --proc-root "$ROOT" -r -n -o start 4242
	[ "${#lines[@]}" -eq $(($(vma_count "$SMAPS") + 1)) ]
	expected=$(grep -o '^[0-9a-f]*-' "$SMAPS" | tr -d -)
	assert_equal "$(printf '%s\n' "${lines[@]:0:${#lines[@]}-1}")" "$expected"
	assert_equal "${lines[-1]}" "total"
}

@test "default columns are the issue's list, in order" {
	run -0 vmaview --proc-root "$ROOT" 4242
	assert_line --index 0 "4242:   /usr/bin/app --serve two words"
	read -ra hdr <<<"${lines[1]}"
	assert_equal "${hdr[*]}" "RANGE PERMS OFFSET DEV INODE SIZE RSS PSS PSS_DIRTY SH_CLEAN SH_DIRTY PRIV_CLEAN PRIV_DIRTY SWAP SWAPPSS LOCKED ANONHUGE THP KIND NAME"
}

@test "-b sizes in bytes equal the fixture, totals equal the sum of the rows" {
	run -0 vmaview --proc-root "$ROOT" -b -r -n -o range,size,rss,pss,swap,locked,anonhugepages 4242
	assert_line --index 0 "55d0c0a00000-55d0c0a21000 135168 40960 20480 0 0 0"
	total=${lines[-1]}
	assert_equal "$total" "total $(fixture_sum Size) $(fixture_sum Rss) $(fixture_sum Pss) $(fixture_sum Swap) $(fixture_sum Locked) $(fixture_sum AnonHugePages)"
}

@test "human sizes by default" {
	run -0 vmaview --proc-root "$ROOT" -r -n -o size,rss 4242
	assert_line --index 0 "132K 40K"
	assert_line --index 4 "4M 2M"
}

@test "unitless and page-size fields are never summed" {
	run -0 vmaview --proc-root "$ROOT" -r -n -o range,thpeligible,kernelpagesize,mmupagesize 4242
	# raw mode keeps one (empty) field per column: "total" and three empties
	assert_equal "${lines[-1]}" "total   "
	run -0 vmaview --proc-root "$ROOT" -J -o thpeligible,kernelpagesize,rss 4242
	run -0 jq -e '.processes[0].totals | has("thpeligible") or has("kernelpagesize") | not' <<<"$output"
}

@test "kinds: heap stack anon reserved file shmem vdso vvar vsyscall" {
	run -0 vmaview --proc-root "$ROOT" -r -n --no-totals -o kind 4242
	assert_equal "$(echo "$output" | tr '\n' ' ')" "file file heap reserved anon shmem file stack vvar vdso vsyscall "
}

@test "-o with + adds to the defaults; -o replaces; --output-all has every column" {
	run -0 vmaview --proc-root "$ROOT" -o +vmflags 4242
	assert_line --index 1 --regexp 'NAME +VMFLAGS$'
	run -0 vmaview --proc-root "$ROOT" -o rss,name 4242
	assert_line --index 1 --regexp '^ +RSS NAME$'
	run -0 vmaview --proc-root "$ROOT" --output-all -n -r 4242
	ncols=$(column_names | wc -l)
	# the first row: every column present (names without spaces here)
	run -0 --separate-stderr vmaview --proc-root "$ROOT" --output-all -P 4242
	[ "$(head -1 <<<"$output" | grep -o '[A-Z_]*="' | wc -l)" -eq "$ncols" ]
	# the frame columns are there, but this tree has no pagemap: said once
	[ "$stderr" = "vmaview: cannot open pagemap: No such file or directory" ]
}

@test "VMAVIEW_COLUMNS sets the default columns" {
	VMAVIEW_COLUMNS=range,rss run -0 "$VMAVIEW" --proc-root "$ROOT" -r -n 4242
	assert_line --index 0 "55d0c0a00000-55d0c0a21000 40K"
}

@test "--pairs escapes names and keeps them whole" {
	run -0 vmaview --proc-root "$ROOT" -P -o range,name --no-totals 4242
	assert_line --index 6 'RANGE="7f1000010000-7f1000012000" NAME="/tmp/gone file (deleted)"'
}

@test "--raw: names with spaces are never truncated" {
	run -0 vmaview --proc-root "$ROOT" -r -n -o name --no-totals 4242
	# bats drops empty lines from ${lines[@]}: pick the 7th line of output
	assert_equal "$(sed -n 7p <<<"$output")" '/tmp/gone\x20file\x20(deleted)'
}

@test "--noheadings drops the header and the process title" {
	run -0 vmaview --proc-root "$ROOT" -n -o range 4242
	refute_line --partial "RANGE"
	refute_line --partial "4242:"
}

@test "--sort by a number column, ascending and descending; by a hidden column" {
	run -0 vmaview --proc-root "$ROOT" -r -n -b --no-totals -o rss --sort rss 4242
	expected=$(awk '$1=="Rss:" {print $2*1024}' "$SMAPS" | sort -n | tr '\n' ' ')
	assert_equal "$(echo "$output" | tr '\n' ' ')" "$expected"
	run -0 vmaview --proc-root "$ROOT" -r -n -b --no-totals -o rss --sort=-rss 4242
	expected=$(awk '$1=="Rss:" {print $2*1024}' "$SMAPS" | sort -rn | tr '\n' ' ')
	assert_equal "$(echo "$output" | tr '\n' ' ')" "$expected"
	# sorting by a column that is not shown: largest VMA first
	run -0 vmaview --proc-root "$ROOT" -r -n --no-totals -o start --sort=-size 4242
	assert_line --index 0 "7f0000200000"
	assert_line --index 1 "7f0000000000"
}

@test "--sort by a string column" {
	run -0 vmaview --proc-root "$ROOT" -r -n --no-totals -o kind --sort kind 4242
	assert_equal "$(echo "$output" | tr '\n' ' ')" "anon file file file heap reserved shmem stack vdso vsyscall vvar "
}

@test "-A in pmap's forms" {
	run -0 vmaview --proc-root "$ROOT" -r -n --no-totals -o start -A 7f0000000000,7f1000000000 4242
	assert_equal "$(echo "$output" | tr '\n' ' ')" "7f0000000000 7f0000200000 7f1000000000 "
	run -0 vmaview --proc-root "$ROOT" -r -n --no-totals -o start -A 7ffc00000000, 4242
	assert_equal "$(echo "$output" | tr '\n' ' ')" "7ffc00000000 7ffc00100000 7ffc00102000 ffffffffff600000 "
	run -0 vmaview --proc-root "$ROOT" -r -n --no-totals -o start --range ,55d0c0c21000 4242
	assert_equal "$(echo "$output" | tr '\n' ' ')" "55d0c0a00000 55d0c0c21000 "
	# one address: the VMA that holds it
	run -0 vmaview --proc-root "$ROOT" -r -n --no-totals -o start -A 55d0c1000123 4242
	assert_equal "$output" "55d0c1000000"
	# totals cover the selected rows only
	run -0 vmaview --proc-root "$ROOT" -r -n -b -o range,rss -A 55d0c1000123 4242
	assert_equal "${lines[-1]}" "total 135168"
}

@test "--vmflags filters by VmFlags codes, ~ negates, repeats are 'or'" {
	run -0 vmaview --proc-root "$ROOT" -r -n --no-totals -o start --vmflags lo 4242
	assert_equal "$output" "7f1000010000"
	run -0 vmaview --proc-root "$ROOT" -r -n --no-totals -o start --vmflags ex,~wr 4242
	assert_equal "$(echo "$output" | tr '\n' ' ')" "55d0c0a00000 7ffc00102000 ffffffffff600000 "
	run -0 vmaview --proc-root "$ROOT" -r -n --no-totals -o start --vmflags hg --vmflags gd 4242
	assert_equal "$(echo "$output" | tr '\n' ' ')" "7f0000200000 7ffc00000000 "
	run -64 vmaview --proc-root "$ROOT" --vmflags lo,zz 4242
	assert_output --partial "zz"
}

@test "vmflags column decodes the mnemonics" {
	run -0 vmaview --proc-root "$ROOT" -P --no-totals -o vmflags -A 7ffc00000000 4242
	# vmaview prints in table order; compare as sets against the fixture
	got=$(sed 's/.*="\(.*\)"/\1/' <<<"$output" | tr ' ' '\n' | sort | tr '\n' ' ')
	want=$(awk '/^7ffc00000000-/ {f=1} f && /^VmFlags:/ {for (i = 2; i <= NF; i++) print $i; exit}' "$SMAPS" | sort | tr '\n' ' ')
	assert_equal "$got" "$want"
}

@test "several PIDs and self; a title per process" {
	run -0 vmaview --proc-root "$ROOT" -o range self 4242
	[ "$(grep -c '^4242:   ' <<<"$output")" -eq 2 ]
	run -0 vmaview --proc-root "$ROOT" show 4242
	assert_line --index 0 --partial "4242:"
}

@test "--list-columns lists each column once; smaps keys unknown to vmaview are reachable" {
	run -0 vmaview --list-columns --proc-root "$ROOT"
	[ "$(awk '{print $1}' <<<"$output" | sort | uniq -d | wc -l)" -eq 0 ]
	assert_line --regexp '^rss +bytes'
	assert_line --regexp '^vmflags +flags'
	# the fixture's 55 shows keys vmaview does not know: as columns by name
	run -0 vmaview --proc-root "$ROOT" -r -n -b --no-totals -o range,futurefield,futurecount,futuretext 55
	assert_line --index 0 '7f0000001000-7f0000002000 12288 3 hello\x20world'
}

@test "--list-flags vmflags; unknown kind is a usage error" {
	run -0 vmaview --list-flags vmflags
	assert_line --regexp '^lo +locked +'
	[ "${#lines[@]}" -ge 38 ]
	run -64 vmaview --list-flags nosuch
	assert_output --partial "unknown flag kind"
}

@test "unknown VmFlags mnemonics are kept" {
	run -0 vmaview --proc-root "$ROOT" -P --no-totals -o vmflags -A 7f0000001000 55
	assert_output 'VMFLAGS="rd mr mw me zz"'
}

@test "control bytes and invalid UTF-8 in names are escaped in tables" {
	run -0 vmaview --proc-root "$ROOT" -o name --no-totals 55
	assert_line '/data/q"uote\x01ctl\xff\xfebad'
	assert_line '/data/with space \012newline'
}

@test "a NUL byte inside an smaps field line is an error with file and line" {
	run --separate-stderr -1 vmaview --proc-root "$FIXTURES/bad" 120
	assert_equal "$stderr" "vmaview: $FIXTURES/bad/120/smaps:3: NUL byte in line"
	assert_equal "$output" ""
}
