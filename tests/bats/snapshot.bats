#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - snapshot.bats: vmaview snapshot PID -o DIR, read back with --proc-root DIR: the same output as the live run, a damaged snapshot refused with a clear message
bats_require_minimum_version 1.5.0

# What a snapshot holds is checked against the kernel (pagemap, kpageflags and
# kpagecount read directly) and against vmaview's live output taken around
# it: when two live runs before and after the snapshot agree, the run on the
# snapshot must give exactly their output. Only fields that depend on other
# processes (PSS, the shared/private split, mapcount, the exclusive bit, the
# LRU bits of kpageflags) are set aside, and only for VMAs and pages that are
# not the mapper's own mappings.

setup() {
	load helpers/common
	load helpers/live
	command -v jq >/dev/null || skip "jq is not installed"
	S=$BATS_TEST_TMPDIR/snap
}

teardown() {
	stop_mappers
	[ -z "${NOBODY_DIR:-}" ] || rm -rf "$NOBODY_DIR"
}

PFN_MASK=$(((1 << 55) - 1))
# the mapper's mappings whose pages are compared word by word
FRAME_MAPS=(anon untouched populate zeroread file shared memfd locked forkshared guard thp)
# kpageflags bits that do not flicker on a quiescent mapper's pages (as in
# frames.bats: LRU, ACTIVE, REFERENCED and IDLE do): mmap anon swapbacked
# compound_head compound_tail huge unevictable ksm thp zero_page
KPF_STABLE=$(((1 << 11) | (1 << 12) | (1 << 14) | (1 << 15) | (1 << 16) | (1 << 17) |
	(1 << 18) | (1 << 21) | (1 << 22) | (1 << 24)))
FRAME_COLS=start,present,swapped,guard,file_shared,exclusive,runs,largest_run,thp,hugetlb,ksm_pages,zero_pages,frame_pss

# ------------------------------------------------------------ direct reads

# Binary words are read with perl (perl-base is Essential in Debian): one
# process for any number of words, sysseek/sysread so that nothing past
# them is read.

# pm_words FILE START END...: "VADDR WORD" (0x...) for every page of each
# [START, END) (hex without 0x) of the pagemap FILE; WORD "-" past its end.
pm_words() {
	perl -e 'my ($file, $ps, @r) = @ARGV;
		open(my $f, "<", $file) or die "$file: $!\n";
		while (@r) {
			my ($s, $e) = (hex(shift @r), hex(shift @r));
			for (my $a = $s; $a < $e; $a += $ps) {
				my $b = "";
				sysseek($f, int($a / $ps) * 8, 0) and sysread($f, $b, 8);
				printf("0x%x %s\n", $a, length($b) == 8 ?
					sprintf("0x%x", unpack("Q<", $b)) : "-");
			}
		}' "$1" "$PAGE_SIZE" "${@:2}"
}

# words FILE INDEX...: the u64 at byte INDEX*8 of FILE (INDEX 0x...), one
# 0x... per line, "-" past the end.
words() {
	perl -e 'my $file = shift; open(my $f, "<", $file) or die "$file: $!\n";
		for my $i (@ARGV) {
			my $b = "";
			sysseek($f, hex($i) * 8, 0) and sysread($f, $b, 8);
			print(length($b) == 8 ? sprintf("0x%x\n", unpack("Q<", $b)) : "-\n");
		}' "$@"
}

# have_map NAME: whether the mapper made NAME.
have_map() { [ -z "${MAP_SKIP[$1]+x}" ] && [ -n "${MAP_START[$1]+x}" ]; }

# mapper_ranges: START and END, one per line, of each of FRAME_MAPS the
# mapper made.
mapper_ranges() {
	local name
	for name in "${FRAME_MAPS[@]}"; do
		[ -n "${MAP_START[$name]+x}" ] && printf '%s\n' "${MAP_START[$name]}" "${MAP_END[$name]}"
	done
}

# live_mapper: root with PFNs visible; starts a mapper (P) and sets LO and HI
# (hex, no 0x): the first and last byte of the mapper's own region, where
# its mappings lie in slots with nothing else, and MINE, a JSON array of
# their start addresses ("0x...").
live_mapper() {
	[ "$(id -u)" -eq 0 ] || skip "needs root (PFNs, /proc/kpageflags, /proc/kpagecount)"
	[ -e /proc/kpageflags ] && [ -e /proc/kpagecount ] ||
		skip "no /proc/kpageflags or /proc/kpagecount (CONFIG_PROC_PAGE_MONITOR)"
	any_mapper
	local w
	w=$(pm_words "/proc/$P/pagemap" "${MAP_START[anon]}" "$(printf '%x' $((0x${MAP_START[anon]} + PAGE_SIZE)))")
	((${w#* } & PFN_MASK)) ||
		skip "pagemap hides PFNs from this root (no CAP_SYS_ADMIN in the initial user namespace)"
}

# any_mapper: a mapper (P, LO, HI, MINE), whoever runs the tests.
any_mapper() {
	local name lo='' hi='' s e
	start_mapper
	P=$MAPPER_PID
	need_map anon
	MINE='['
	for name in "${!MAP_START[@]}"; do
		s=$((0x${MAP_START[$name]})) e=$((0x${MAP_END[$name]}))
		[ -z "$lo" ] || ((s < lo)) || s=$lo
		lo=$s
		[ -z "$hi" ] || ((e > hi)) || e=$hi
		hi=$e
		MINE+="\"0x${MAP_START[$name]}\","
	done
	MINE="${MINE%,}]"
	LO=$(printf '%x' "$lo")
	HI=$(printf '%x' $((hi - 1)))
}

# snap [ARGS...]: a snapshot of P into S (replacing the test's last one);
# fails the test unless it succeeds quietly.
snap() {
	rm -rf "$S"
	run -0 --separate-stderr vmaview snapshot "$@" "$P" -o "$S"
	assert_output ""
	# nobody mode: the one documented line (PFNs hidden, no kpageflags)
	assert_frames_stderr snapshot
}

# as_seen: pm_words lines (VADDR WORD) as vmaview reads pagemap: in nobody
# mode the kernel gives no PFN (nor swap offset): the word's bits 54:0 are 0
as_seen() {
	local v w
	if ! nobody_mode; then
		cat
		return
	fi
	while read -r v w; do
		[ "$w" = - ] && echo "$v -" || printf '%s 0x%x\n' "$v" $((w & ~PFN_MASK))
	done
}

# no_crash: the last `run` ended by itself, without a sanitizer report.
no_crash() {
	((status < 128)) || fail "killed by signal $((status - 128))"
	[[ $stderr != *Sanitizer* && $stderr != *"runtime error"* ]] ||
		fail "sanitizer report: $stderr"
	[[ $output != *Sanitizer* && $output != *"runtime error"* ]] ||
		fail "sanitizer report: $output"
}

# ------------------------------------------------------ live == snapshot

# same_as_live NORM ARGS...: `vmaview ARGS` live, a snapshot, `vmaview
# ARGS` live again, until the two live runs agree after NORM (a command
# that filters stdout; cat for none), up to 5 times; then `vmaview
# --proc-root S ARGS`, after NORM, must equal them. ARGS name $P.
same_as_live() {
	local norm=$1 try out l1 l2 got
	shift
	for ((try = 0; try < 5; try++)); do
		out=$("$VMAVIEW" "$@") || fail "live vmaview $* failed"
		l1=$($norm <<<"$out")
		snap
		out=$("$VMAVIEW" "$@") || fail "live vmaview $* failed"
		l2=$($norm <<<"$out")
		[ "$l1" = "$l2" ] && break
		sleep 0.2
	done
	[ "$l1" = "$l2" ] || fail "the live output changed during each of 5 tries"
	out=$("$VMAVIEW" --proc-root "$S" "$@") || fail "vmaview --proc-root $S $* failed"
	got=$($norm <<<"$out")
	assert_equal "$got" "$l1"
}

# The JSON document of show with the snapshot's own members taken out, and
# for the VMAs that are not the mapper's (and the totals) the fields that
# depend on other processes: PSS, the shared/private split (a page another
# process maps is shared), Referenced (the folio's flag is shared state),
# the exclusive bit and the frames' PSS.
norm_show_json() {
	jq -S --argjson mine "$MINE" '
		def flicker: del(.pss, .pss_dirty, .pss_anon, .pss_file, .pss_shmem,
			.shared_clean, .shared_dirty, .private_clean, .private_dirty,
			.referenced, .swappss, .frames.exclusive, .frames.frame_pss);
		del(.host.proc_root, .host.snapshot) |
		# a snapshot holds no mapped files: no ELF labels (documented)
		.processes[0].vmas |= map(del(.elf, .section, .build_id)) |
		.processes[0].vmas |= map(. as $v |
			if any($mine[]; . == $v.start) then . else flicker end) |
		.processes[0].totals |= flicker' | limits_by_source
}

# limits_by_source: in nobody mode the JSON document's limits by source
# only: live, kpageflags is "Permission denied (root only)"; the snapshot
# has no such file. As root, unchanged (there are none).
limits_by_source() {
	if nobody_mode; then
		jq -S 'if .processes[0].limits then .processes[0].limits |= map(.source) else . end'
	else
		cat
	fi
}

# The pages JSON document without the snapshot's members; pages outside
# LO..HI keep vaddr, state, frame and swap fields, the pagemap names but
# "exclusive" and the stable kpageflags names (no mapcount, no raw words,
# no reconstructed pte, which follows them).
norm_pages_json() {
	jq -S --arg lo "$LO" --arg hi "$HI" '
		def pad: ltrimstr("0x") | ("0000000000000000"[length:] + .);
		($lo | pad) as $l | ($hi | pad) as $h |
		del(.host.proc_root, .host.snapshot) |
		.processes[0].pages |= map((.vaddr | pad) as $v |
			if $v >= $l and $v <= $h then . else
				del(.mapcount, .pagemap.raw, .kpageflags.raw, .pte, .pte_words) |
				.pagemap.names -= ["exclusive"] |
				if .kpageflags then .kpageflags.names -= ["referenced", "lru", "active", "idle"] else . end
			end)' | limits_by_source
}

# A JSON document without the snapshot's own members.
norm_host() { jq -S 'del(.host.proc_root, .host.snapshot)' | limits_by_source; }

# A show table with the columns that depend on other processes (PSS to
# PRIV_DIRTY) blanked in the rows outside LO..HI and in the totals row;
# fields joined by one space (a blanked value may change a column's width).
norm_show_table() {
	local line range s
	while IFS= read -r line; do
		read -ra f <<<"$line"
		range=${f[0]}
		if [[ $range == total ]]; then
			f[3]=- f[4]=- f[5]=- f[6]=- f[7]=- f[8]=-
		elif [[ $range =~ ^([0-9a-f]+)-[0-9a-f]+$ ]]; then
			s=$((0x${BASH_REMATCH[1]}))
			if ((s < 0 || s < 0x$LO || s > 0x$HI)); then
				f[7]=- f[8]=- f[9]=- f[10]=- f[11]=- f[12]=-
			fi
		fi
		echo "${f[*]}"
	done
}

# =============================================================== the tree

@test "snapshot: a /proc tree with metadata, the process's files, a sparse pagemap, self; nothing else left" {
	live_mapper
	snap
	for f in maps smaps stat status comm cmdline pagemap; do
		[ -f "$S/$P/$f" ] || fail "no $P/$f"
	done
	for f in kpageflags kpagecount cpuinfo vmaview-snapshot; do
		# nobody mode: no kpageflags nor kpagecount (root only)
		if nobody_mode && [[ $f == kpage* ]]; then
			[ ! -e "$S/$f" ] || fail "$f in an unprivileged snapshot"
			continue
		fi
		[ -f "$S/$f" ] || fail "no $f"
	done
	if [ -e /proc/config.gz ]; then cmp /proc/config.gz "$S/config.gz"; else [ ! -e "$S/config.gz" ]; fi
	if [ -e /proc/device-tree/compatible ]; then
		cmp /proc/device-tree/compatible "$S/device-tree/compatible"
	else
		[ ! -e "$S/device-tree" ]
	fi
	assert_equal "$(readlink "$S/self")" "$P"
	assert_equal "$(stat -c %a "$S")" 700
	# built next to DIR, then renamed: nothing else there
	run -0 ls -A "$BATS_TEST_TMPDIR"
	refute_output --partial snap.tmp
	# the files as the kernel gave them; maps is smaps' VMA lines
	cmp "/proc/$P/cmdline" "$S/$P/cmdline"
	cmp "/proc/$P/comm" "$S/$P/comm"
	assert_equal "$(cut -d' ' -f1-3 "$S/$P/stat")" "$(cut -d' ' -f1-3 "/proc/$P/stat")"
	assert_equal "$(grep -E '^[0-9a-f]+-[0-9a-f]+ ' "$S/$P/smaps")" "$(cat "$S/$P/maps")"
	assert_equal "$(cat "$S/$P/maps")" "$(cat "/proc/$P/maps")"
	# the metadata
	run -0 cat "$S/vmaview-snapshot"
	assert_line -n 0 "vmaview $("$VMAVIEW" --version | awk '{print $2}')"
	assert_line -n 1 "schema 1"
	assert_line -n 2 "pid $P"
	assert_line -n 3 "kernel $(uname -r)"
	assert_line -n 4 "machine $(uname -m)"
	assert_line -n 5 "page_size $PAGE_SIZE"
	assert_line -n 6 --regexp '^taken [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'
	# PFNs seen (root) or hidden (nobody mode): the reader must know
	if nobody_mode; then
		assert_line -n 7 "pfns_hidden 1"
	else
		refute_line --regexp '^pfns_hidden'
	fi
	# one "file PATH SIZE" per regular file but itself, with its size
	want=$(cd "$S" && find . -type f ! -name vmaview-snapshot -printf '%P %s\n' | sort)
	assert_equal "$(sed -n 's/^file //p' "$S/vmaview-snapshot" | sort)" "$want"
	# pagemap: sparse, ending with the last VMA that has entries (not
	# [vsyscall], past TASK_SIZE: negative here)
	local end=0 e
	while read -r range _; do
		e=$((0x${range#*-}))
		((e > end)) && end=$e
	done <"/proc/$P/maps"
	assert_equal "$(stat -c %s "$S/$P/pagemap")" $((end / PAGE_SIZE * 8))
	(($(stat -c %b "$S/$P/pagemap") * 512 < 64 << 20)) || fail "pagemap is not sparse"
	nobody_mode && return # no kpageflags (checked above)
	(($(stat -c %b "$S/kpageflags") * 512 < $(stat -c %s "$S/kpageflags"))) ||
		fail "kpageflags is not sparse"
}

@test "snapshot: pagemap holds the live words of every page at their own offsets; kpageflags and kpagecount those of their frames" {
	live_mapper
	mapfile -t ranges < <(mapper_ranges)
	read_pm() { pm_words "/proc/$P/pagemap" "${ranges[@]}" | as_seen; }
	for ((try = 0; try < 5; try++)); do
		want=$(read_pm)
		snap
		want2=$(read_pm)
		[ "$want" = "$want2" ] && break
		sleep 0.2
	done
	assert_equal "$want2" "$want"
	assert_equal "$(pm_words "$S/$P/pagemap" "${ranges[@]}")" "$want"
	# between the mappings: holes, read as 0
	run -0 pm_words "$S/$P/pagemap" "${MAP_END[anon]}" "$(printf '%x' $((0x${MAP_END[anon]} + 4 * PAGE_SIZE)))"
	assert_equal "$(cut -d' ' -f2 <<<"$output" | sort -u)" 0x0
	if nobody_mode; then
		# the flags without frames; no frame files to compare
		[ ! -e "$S/kpageflags" ] && [ ! -e "$S/kpagecount" ] || fail "kpageflags or kpagecount in an unprivileged snapshot"
	# the metadata says so, once
	assert_equal "$(grep -c '^pfns_hidden' "$S/vmaview-snapshot")" 1
	grep -qx 'pfns_hidden 1' "$S/vmaview-snapshot"
		return
	fi
	# the frames of the present pages: kpagecount exactly, kpageflags' stable bits
	pfns=()
	while read -r v w; do
		((w >> 63 & 1)) && pfns+=("$(printf '0x%x' $((w & PFN_MASK)))")
	done <<<"$want"
	((${#pfns[@]} > 500)) || fail "only ${#pfns[@]} present pages"
	assert_equal "$(words "$S/kpagecount" "${pfns[@]}")" "$(words /proc/kpagecount "${pfns[@]}")"
	stable() { while read -r k; do printf '0x%x\n' $((k & KPF_STABLE)); done; }
	assert_equal "$(words "$S/kpageflags" "${pfns[@]}" | stable)" "$(words /proc/kpageflags "${pfns[@]}" | stable)"
	# what the mapper made, in the snapshot's words: the zero page under
	# zeroread (kpageflags zero_page, kpagecount 0), forkshared mapped twice
	# (kpagecount 2), one THP (kpageflags thp on 512 frames)
	of() { # of NAME FILE MASK: the distinct words (& MASK) of NAME's frames in FILE
		local -a p=()
		while read -r v w; do
			((v >= 0x${MAP_START[$1]} && v < 0x${MAP_END[$1]} && (w >> 63 & 1))) &&
				p+=("$(printf '0x%x' $((w & PFN_MASK)))")
		done <<<"$want"
		words "$S/$2" "${p[@]}" | while read -r k; do printf '0x%x\n' $((k & $3)); done | sort | uniq -c |
			awk '{print $1, $2}'
	}
	assert_equal "$(of zeroread kpageflags $((1 << 24))) $(of zeroread kpagecount -1)" "26 0x1000000 26 0x0"
	assert_equal "$(of forkshared kpagecount -1)" "28 0x2"
	if have_map thp; then
		assert_equal "$(of thp kpageflags $((1 << 22)))" "512 0x400000"
	fi
	need_map thp
}

@test "snapshot --no-pagemap-scan writes the same words (batched preads instead of PAGEMAP_SCAN)" {
	live_mapper
	mapfile -t ranges < <(mapper_ranges)
	for ((try = 0; try < 5; try++)); do
		snap
		mv "$S" "$S.scan"
		snap --no-pagemap-scan
		a=$(pm_words "$S.scan/$P/pagemap" "${ranges[@]}")
		b=$(pm_words "$S/$P/pagemap" "${ranges[@]}")
		[ "$a" = "$b" ] && break
		rm -rf "$S.scan"
	done
	assert_equal "$b" "$a"
	assert_equal "$(stat -c %s "$S/$P/pagemap")" "$(stat -c %s "$S.scan/$P/pagemap")"
}

# ======================================================= live == snapshot

@test "round trip: vmaview PID: the mapper's VMAs exactly, every VMA but what other processes change" {
	live_mapper
	same_as_live cat -A "$LO,$HI" "$P"
	same_as_live norm_show_table "$P"
	# the same table read twice from the snapshot: no flicker at all
	run -0 vmaview --proc-root "$S" "$P"
	assert_equal "$("$VMAVIEW" --proc-root "$S" "$P")" "$output"
}

@test "round trip: show with the frame columns (-o +present,...) and --json --output-all" {
	live_mapper
	same_as_live cat -A "$LO,$HI" -o +present,swapped,guard,runs,largest_run,thp,zero_pages,frame_pss "$P"
	same_as_live cat -b -r -A "$LO,$HI" -o "$FRAME_COLS" "$P"
	same_as_live norm_show_json -J --output-all "$P"
	# the snapshot holds no mapped files: no VMA gets an ELF label
	run -0 jq '[.processes[0].vmas[] | select(.elf != null or .section != null or
		.build_id != null)] | length' < <("$VMAVIEW" --proc-root "$S" -J --output-all "$P")
	assert_output 0
	# the mapper's VMAs are all there, with frames
	run -0 jq -r --argjson mine "$MINE" '[.processes[0].vmas[] | select(.start as $s | any($mine[]; . == $s)) |
		.frames.present] | length' < <("$VMAVIEW" --proc-root "$S" -J --output-all "$P")
	assert_output "$(jq length <<<"$MINE")"
}

@test "round trip: pages (table, --runs, --json) and translate" {
	live_mapper
	same_as_live cat pages "$P" "$LO,$HI"
	same_as_live cat pages --runs --kpf-raw "$P" "$LO,$HI"
	same_as_live norm_pages_json pages --json "$P"
	# translate: a page of each populated mapping, text and JSON
	addrs=()
	for name in anon populate zeroread file shared memfd locked forkshared thp; do
		have_map "$name" && addrs+=("$(printf '%x' $((0x${MAP_START[$name]} + PAGE_SIZE)))")
	done
	have_map guard && addrs+=("$GUARD_START")
	same_as_live cat translate "$P" "${addrs[@]}"
	same_as_live norm_host -J translate "$P" "${addrs[@]}"
}

@test "round trip: unpopulated pages: pages --holes the same; translate's entry 0 (soft-dirty not kept, documented)" {
	live_mapper
	need_map untouched
	r=$(vma_range_of untouched)
	same_as_live cat pages --holes "$P" "$r"
	same_as_live cat pages --holes --runs "$P" "$LO,$HI"
	run -0 vmaview --proc-root "$S" pages --holes "$P" "$r"
	assert_equal "$(grep -c ' none ' <<<"$output")" 64
	# the entry of an untouched page: live 0, or only soft-dirty (bit 55)
	# on a CONFIG_MEM_SOFT_DIRTY kernel; the snapshot has 0
	a=$(printf '%x' $((0x${MAP_START[untouched]} + 3 * PAGE_SIZE)))
	entry() { "$VMAVIEW" "$@" -J translate "$P" "$a" | jq -r '.processes[0].translations[0].pagemap.raw'; }
	live=$(entry)
	assert_equal "$(entry --proc-root "$S")" 0x0
	[[ $live == 0x0 || $live == 0x80000000000000 ]] || fail "live entry $live"
	assert_equal "$("$VMAVIEW" --proc-root "$S" translate "$P" "$a" | grep -v pagemap)" \
		"$("$VMAVIEW" translate "$P" "$a" | grep -v pagemap)"
}

# vma_range_of NAME: "START,LAST" of the mapper's mapping NAME.
vma_range_of() { printf '%s,%x' "${MAP_START[$1]}" $((0x${MAP_END[$1]} - 1)); }

@test "round trip: JSON host is the snapshot's machine; self resolves to the PID" {
	any_mapper
	rm -rf "$S"
	run -0 vmaview snapshot "$P" -o "$S"
	run -0 vmaview --proc-root "$S" -J -o start self
	run -0 jq -c '[.processes[0].pid, .host.kernel, .host.arch, .host.page_size, .host.snapshot.pid,
		.host.snapshot.vmaview, .host.proc_root]' <<<"$output"
	assert_output "[$P,\"$(uname -r)\",\"$(uname -m)\",$PAGE_SIZE,$P,\"$("$VMAVIEW" --version | awk '{print $2}')\",\"$S\"]"
	taken=$(sed -n 's/^taken //p' "$S/vmaview-snapshot")
	run -0 --separate-stderr bash -c "\"$VMAVIEW\" --proc-root \"$S\" -J pages self | jq -r .host.snapshot.taken"
	assert_output "$taken"
	assert_frames_stderr
	# taken elsewhere: the metadata's, not this machine's
	sed -i -e 's/^kernel .*/kernel 6.1.0-rockchip-test/' -e 's/^machine .*/machine aarch64/' "$S/vmaview-snapshot"
	run -0 vmaview --proc-root "$S" -J -o start "$P"
	run -0 jq -c '[.host.kernel, .host.arch]' <<<"$output"
	assert_output '["6.1.0-rockchip-test","aarch64"]'
	# a plain --proc-root tree is not a snapshot: this machine
	run -0 vmaview --proc-root "$FIXTURES/proc" -J 4242
	run -0 jq -c '[.host.kernel, (.host | has("snapshot"))]' <<<"$output"
	assert_output "[\"$(uname -r)\",false]"
}

@test "round trip from a --proc-root tree: the committed fixture, and a snapshot of a snapshot" {
	run -0 --separate-stderr vmaview --proc-root "$FIXTURES/proc" snapshot 4242 -o "$S"
	# what the fixture lacks is said
	assert_equal "$stderr" "vmaview: $FIXTURES/proc/4242/status: missing: not in the snapshot
vmaview: $FIXTURES/proc/4242/pagemap: missing: not in the snapshot"
	for args in "" "-J" "--output-all -b -r" "-o range,perms,name"; do
		# shellcheck disable=SC2086 # args are words
		want=$("$VMAVIEW" --proc-root "$FIXTURES/proc" $args 4242 | sed 's/"proc_root":"[^"]*"//')
		# shellcheck disable=SC2086
		got=$("$VMAVIEW" --proc-root "$S" $args 4242 | sed -e 's/"proc_root":"[^"]*"//' -e 's/,"snapshot":{[^}]*}//')
		assert_equal "$got" "$want"
	done
	# the device tree, the kernel's configuration and cpuinfo when the tree
	# has them: copied byte for byte, listed in the metadata
	T=$BATS_TEST_TMPDIR/tree
	cp -a "$FIXTURES/proc" "$T"
	mkdir "$T/device-tree"
	printf 'radxa,rock-5b-plus\0rockchip,rk3588\0' >"$T/device-tree/compatible"
	printf 'Radxa ROCK 5B+\0' >"$T/device-tree/model"
	printf 'CONFIG_ARM64_VA_BITS=48\n' | gzip >"$T/config.gz"
	printf 'processor\t: 0\n' >"$T/cpuinfo"
	run -0 vmaview --proc-root "$T" snapshot 4242 -o "$S.dt"
	for f in device-tree/compatible device-tree/model config.gz cpuinfo; do
		cmp "$T/$f" "$S.dt/$f"
		grep -qx "file $f $(stat -c %s "$T/$f")" "$S.dt/vmaview-snapshot" || fail "$f not listed"
	done
	# a snapshot of a snapshot: the same files, the first one's machine
	sed -i 's/^kernel .*/kernel 6.12.0-test/' "$S/vmaview-snapshot"
	run -0 vmaview --proc-root "$S" snapshot self -o "$S.2"
	assert_equal "$(sed -n 's/^kernel //p' "$S.2/vmaview-snapshot")" 6.12.0-test
	assert_equal "$(grep ^file "$S.2/vmaview-snapshot")" "$(grep ^file "$S/vmaview-snapshot")"
	assert_equal "$("$VMAVIEW" --proc-root "$S.2" -b -r 4242)" "$("$VMAVIEW" --proc-root "$S" -b -r 4242)"
}

@test "unprivileged: flags without frames, no kpageflags; read back as the live run did" {
	nobody_copies
	mkdir "$NOBODY_DIR/out"
	chown nobody "$NOBODY_DIR/out"
	mapper_as_nobody
	any_mapper
	as_nobody() { setpriv --reuid=nobody --regid="$ngid" --clear-groups "$NOBODY_DIR/vmaview" "$@"; }
	S=$NOBODY_DIR/out/snap
	run -0 --separate-stderr as_nobody snapshot "$P" -o "$S"
	assert_output ""
	assert_equal "$(grep -c . <<<"$stderr")" 1
	assert_equal "$(grep -c 'frames hidden.*CAP_SYS_ADMIN' <<<"$stderr")" 1
	[ ! -e "$S/kpageflags" ] && [ ! -e "$S/kpagecount" ] || fail "kpageflags or kpagecount in an unprivileged snapshot"
	# pagemap: the flags, PFN 0
	run -0 pm_words "$S/$P/pagemap" "${MAP_START[anon]}" "${MAP_END[anon]}"
	assert_equal "$(cut -d' ' -f2 <<<"$output" | sort -u)" 0x8100000000000000
	# read back as nobody: what nobody saw live, limits by source
	# (in nobody mode norm_show_json has made them sources already)
	norm() { norm_show_json | jq -S '.processes[0].limits |= map(if type == "object" then .source else . end)'; }
	live=$(as_nobody -J -o "$FRAME_COLS" "$P" 2>/dev/null | norm)
	got=$(as_nobody --proc-root "$S" -J -o "$FRAME_COLS" "$P" 2>/dev/null | norm)
	assert_equal "$got" "$live"
}

# ========================================================= refusing to write

@test "snapshot: DIR that exists (a directory, a file, a dangling link, a snapshot) is never replaced" {
	any_mapper
	mkdir "$BATS_TEST_TMPDIR/empty"
	echo keep >"$BATS_TEST_TMPDIR/file"
	ln -s "$BATS_TEST_TMPDIR/nowhere" "$BATS_TEST_TMPDIR/link"
	run -0 vmaview snapshot "$P" -o "$S"
	cp -a "$S/vmaview-snapshot" "$BATS_TEST_TMPDIR/meta.copy"
	for d in empty empty/ file link snap; do
		run -1 --separate-stderr vmaview snapshot "$P" -o "$BATS_TEST_TMPDIR/$d"
		assert_output ""
		assert_equal "$stderr" "vmaview: $BATS_TEST_TMPDIR/${d%/}: already exists (a snapshot is never overwritten)"
	done
	assert_equal "$(ls -A "$BATS_TEST_TMPDIR/empty")" ""
	assert_equal "$(cat "$BATS_TEST_TMPDIR/file")" keep
	assert_equal "$(readlink "$BATS_TEST_TMPDIR/link")" "$BATS_TEST_TMPDIR/nowhere"
	[ ! -e "$BATS_TEST_TMPDIR/nowhere" ]
	cmp "$S/vmaview-snapshot" "$BATS_TEST_TMPDIR/meta.copy"
	run -0 ls -A "$BATS_TEST_TMPDIR"
	refute_output --partial .tmp.
}

@test "snapshot: usage errors exit 64, targets that cannot be captured 1; nothing left behind" {
	any_mapper
	run -64 --separate-stderr vmaview snapshot "$P"
	assert_equal "${stderr%%$'\n'*}" "vmaview: snapshot: no directory given (-o DIR)"
	run -64 --separate-stderr vmaview snapshot -o "$S"
	assert_equal "${stderr%%$'\n'*}" "vmaview: snapshot: no process given"
	run -64 --separate-stderr vmaview snapshot "$P" "$P" -o "$S"
	assert_equal "${stderr%%$'\n'*}" "vmaview: snapshot: one process at a time"
	run -64 --separate-stderr vmaview snapshot 12x -o "$S"
	assert_equal "${stderr%%$'\n'*}" "vmaview: '12x' is not a process ID or 'self'"
	pid=$(($(cat /proc/sys/kernel/pid_max) + 1))
	run -1 --separate-stderr vmaview snapshot "$pid" -o "$S"
	assert_equal "$stderr" "vmaview: $pid: no such process"
	run -1 --separate-stderr vmaview --proc-root "$FIXTURES/proc" snapshot 2 -o "$S"
	assert_equal "$stderr" "vmaview: 2: kernel thread (no address space)"
	run -1 --separate-stderr vmaview snapshot "$P" -o "$BATS_TEST_TMPDIR/no/such/dir"
	assert_equal "$stderr" "vmaview: $BATS_TEST_TMPDIR/no/such/dir: cannot create $BATS_TEST_TMPDIR/no/such/dir.tmp.XXXXXX: No such file or directory"
	# a write that fails midway (a 1 KiB file size limit): the
	# temporary directory is removed, DIR never appears
	run -1 --separate-stderr bash -c "trap '' XFSZ; ulimit -f 1; exec \"\$0\" snapshot \"\$1\" -o \"\$2\"" "$VMAVIEW" "$P" "$S"
	[[ $stderr =~ ^vmaview:\ $S:\ writing\ $P/[a-z]+:\ File\ too\ large$ ]] || fail "$stderr"
	run -0 ls -A "$BATS_TEST_TMPDIR"
	refute_output --partial snap
}

# ====================================================== damaged snapshots

# damaged NAME CMD...: D, a copy of S named NAME, with CMD run inside it.
damaged() {
	D=$BATS_TEST_TMPDIR/$1
	shift
	rm -rf "$D"
	cp -a "$S" "$D"
	(cd "$D" && "$@") || fail "could not damage $D"
}

# meta_line PATH: the line of D's metadata that lists PATH.
meta_line() { grep -n "^file $1 " "$D/vmaview-snapshot" | cut -d: -f1; }

# refused REGEX: show, JSON, the frame columns, pages and translate on D
# all stop with exit status 1, nothing on stdout and one stderr line that
# matches REGEX ("vmaview: " is added), before reading anything.
refused() {
	local a
	for a in "$P" "-J $P" "-o +present,runs,frame_pss $P" "pages $P" "pages --json $P" \
		"translate $P ${MAP_START[anon]}"; do
		# shellcheck disable=SC2086 # a holds words
		run --separate-stderr "$VMAVIEW" --proc-root "$D" $a
		no_crash
		[ "$status" -eq 1 ] || fail "vmaview $a: exit $status, not 1: $stderr"
		assert_output ""
		[[ $stderr =~ ^vmaview:\ $1$ ]] || fail "vmaview $a: '$stderr' does not match 'vmaview: $1'"
	done
}

# fit PATH: the metadata of D lists PATH with its size now (a change made
# to look consistent: then the parsers must find it).
fit() {
	sed -i "s|^file $1 .*|file $1 $(stat -c %s "$D/$1")|" "$D/vmaview-snapshot"
}

@test "damaged snapshot: truncated, cut short, missing or resized files: file, size and metadata line" {
	any_mapper
	rm -rf "$S"
	run -0 vmaview snapshot "$P" -o "$S"
	sz() { stat -c %s "$S/$1"; }
	M=$BATS_TEST_TMPDIR
	# smaps cut in the middle of a line
	damaged cut truncate -s $(($(sz "$P/smaps") / 2 + 3)) "$P/smaps"
	refused "$M/cut/$P/smaps: $(($(sz "$P/smaps") / 2 + 3)) bytes, but $M/cut/vmaview-snapshot:$(meta_line "$P/smaps") says $(sz "$P/smaps"): the snapshot was truncated or modified"
	damaged nopm rm "$P/pagemap"
	refused "$M/nopm/$P/pagemap: missing \($M/nopm/vmaview-snapshot:$(meta_line "$P/pagemap") lists it, $(sz "$P/pagemap") bytes\)"
	damaged pm4 truncate -s +4 "$P/pagemap"
	refused "$M/pm4/$P/pagemap: $(($(sz "$P/pagemap") + 4)) bytes, but .*/vmaview-snapshot:[0-9]+ says $(sz "$P/pagemap"): the snapshot was truncated or modified"
	damaged pmshort truncate -s 4096 "$P/pagemap"
	refused "$M/pmshort/$P/pagemap: 4096 bytes, but .* says $(sz "$P/pagemap"): the snapshot was truncated or modified"
	damaged mapsplus sh -c "echo 'garbage line' >>$P/maps"
	refused "$M/mapsplus/$P/maps: [0-9]+ bytes, but .*: the snapshot was truncated or modified"
	damaged notfile sh -c "rm $P/comm && mkdir $P/comm"
	refused "$M/notfile/$P/comm: not a regular file \(.*vmaview-snapshot:[0-9]+ lists a file of [0-9]+ bytes\)"
	if [ -e "$S/kpageflags" ]; then
		damaged kpf truncate -s 4096 kpageflags
		refused "$M/kpf/kpageflags: 4096 bytes, but .*: the snapshot was truncated or modified"
	fi
}

@test "damaged snapshot: malformed metadata (garbage, huge or bad numbers, paths out of the tree, another schema)" {
	any_mapper
	rm -rf "$S"
	run -0 vmaview snapshot "$P" -o "$S"
	M=$BATS_TEST_TMPDIR
	pml=$(grep -n "^file $P/pagemap " "$S/vmaview-snapshot" | cut -d: -f1)
	damaged g1 sed -i '3i garbage' vmaview-snapshot
	refused "$M/g1/vmaview-snapshot:3: expected 'KEY VALUE'"
	damaged g2 sed -i "s|^file $P/pagemap .*|file $P/pagemap 99999999999999999999999|" vmaview-snapshot
	refused "$M/g2/vmaview-snapshot:$pml: file: size is not a number of bytes"
	damaged g3 sed -i "s|^file $P/pagemap .*|file $P/pagemap 9223372036854775807|" vmaview-snapshot
	refused "$M/g3/$P/pagemap: [0-9]+ bytes, but $M/g3/vmaview-snapshot:$pml says 9223372036854775807: the snapshot was truncated or modified"
	damaged g4 sed -i 's/^page_size .*/page_size 1099511627776/' vmaview-snapshot
	refused "$M/g4/vmaview-snapshot:6: page_size: not 4096, 8192, 16384, 32768 or 65536"
	damaged g5 sed -i 's/^schema .*/schema 2/' vmaview-snapshot
	refused "$M/g5/vmaview-snapshot:2: schema: newer than this vmaview reads \(1\)"
	damaged g6 sed -i "s|^file $P/pagemap .*|file ../../etc/passwd 1|" vmaview-snapshot
	refused "$M/g6/vmaview-snapshot:$pml: file: not a plain path inside the snapshot"
	damaged g7 sed -i 's/^pid .*/pid -1/' vmaview-snapshot
	refused "$M/g7/vmaview-snapshot:3: pid: not a process ID"
	damaged g8 sed -i '/^pid /d' vmaview-snapshot
	refused "$M/g8/vmaview-snapshot: no 'pid' line"
	damaged g9 sed -i '1s/.*/vmaview-ish 0.1.0/' vmaview-snapshot
	refused "$M/g9/vmaview-snapshot:1: not a vmaview snapshot \(expected 'vmaview VERSION'\)"
	damaged g10 sh -c ': >vmaview-snapshot'
	refused "$M/g10/vmaview-snapshot: empty"
	damaged g11 sh -c 'head -c 4096 /dev/urandom >vmaview-snapshot; printf "\0" >>vmaview-snapshot'
	refused "$M/g11/vmaview-snapshot: NUL byte in the metadata"
	damaged g12 sh -c 'head -c 200000 /dev/zero | tr "\0" x >>vmaview-snapshot'
	refused "$M/g12/vmaview-snapshot: too large for a snapshot's metadata"
	damaged g13 sed -i 's/^pid .*/&\npid 1/' vmaview-snapshot
	refused "$M/g13/vmaview-snapshot:4: key given twice"
	# a key of a later vmaview is not an error
	damaged ok sed -i '$a future_key some value' vmaview-snapshot
	run -0 vmaview --proc-root "$D" -o start "$P"
}

@test "damaged snapshot made to look consistent: the parsers say file and line; garbage words never crash" {
	any_mapper
	rm -rf "$S"
	run -0 vmaview snapshot "$P" -o "$S"
	# smaps cut in the middle of an "Rss:" line, the metadata fixed up:
	# smaps' own line is named
	off=$(grep -b '^Rss:' "$S/$P/smaps" | sed -n '5s/:.*//p')
	line=$(grep -n '^Rss:' "$S/$P/smaps" | sed -n '5s/:.*//p')
	damaged cut truncate -s $((off + 8)) "$P/smaps"
	fit "$P/smaps"
	run --separate-stderr vmaview --proc-root "$D" "$P"
	no_crash
	assert_equal "$status" 1
	assert_equal "$stderr" "vmaview: $D/$P/smaps:$line: expected 'N kB'"
	run --separate-stderr vmaview --proc-root "$D" -J "$P"
	no_crash
	assert_equal "$status" 1
	run -0 jq -r '.processes[0] | "\(.complete) \(.error)"' <<<"$output"
	[[ $output =~ ^false\ $D/$P/smaps:[0-9]+: ]] || fail "$output"
	# garbage in maps, same size: maps' line 1 (maps alone: -o range,name)
	damaged maps sh -c "printf 'zz' | dd of=$P/maps bs=1 seek=3 conv=notrunc status=none"
	run --separate-stderr vmaview --proc-root "$D" -o range,perms,name "$P"
	no_crash
	assert_equal "$status" 1
	assert_equal "$stderr" "vmaview: $D/$P/maps:1: expected a VMA header line first"
	# huge numbers in smaps
	line=$(grep -n -m1 '^Size:' "$S/$P/smaps" | cut -d: -f1)
	damaged huge sed -i "${line}s/.*/Size:           18446744073709551615 kB/" "$P/smaps"
	fit "$P/smaps"
	run --separate-stderr vmaview --proc-root "$D" "$P"
	no_crash
	assert_equal "$status" 1
	assert_equal "$stderr" "vmaview: $D/$P/smaps:$line: value too large"
	damaged huge2 sed -i "${line}s/.*/Size:           999999999999999999999999 kB/" "$P/smaps"
	fit "$P/smaps"
	run --separate-stderr vmaview --proc-root "$D" "$P"
	no_crash
	assert_equal "$status" 1
	assert_equal "$stderr" "vmaview: $D/$P/smaps:$line: expected 'N kB'"
	# random words over the mapper's pages, the largest PFN, a huge
	# mapcount: any word decodes, nothing reads out of bounds
	damaged words sh -c "head -c $((512 * 8)) /dev/urandom | dd of=$P/pagemap bs=8 seek=$((0x${MAP_START[anon]} / PAGE_SIZE)) conv=notrunc status=none"
	printf '\xff\xff\xff\xff\xff\xff\x7f\x80' | dd of="$D/$P/pagemap" bs=8 seek=$((0x${MAP_START[locked]} / PAGE_SIZE)) conv=notrunc status=none
	if [ -e "$D/kpagecount" ]; then
		head -c 4096 /dev/urandom | dd of="$D/kpagecount" bs=8 conv=notrunc status=none
	fi
	for args in "-o +present,runs,largest_run,thp,frame_pss $P" "-J -o $FRAME_COLS $P" \
		"pages --kpf-raw $P" "pages --json --runs $P" "pages --holes $P $LO,$HI"; do
		# shellcheck disable=SC2086 # args are words
		run --separate-stderr "$VMAVIEW" --proc-root "$D" $args
		no_crash
		[ "$status" -eq 0 ] || fail "vmaview $args: exit $status: $stderr"
	done
	run --separate-stderr vmaview --proc-root "$D" pages --json "$P" "${MAP_START[locked]}"
	no_crash
	run -0 jq -r '.processes[0].pages[0] | "\(.state) \(.pfn)"' <<<"$output"
	assert_output "present 0x7fffffffffffff"
	run --separate-stderr vmaview --proc-root "$D" translate "$P" "${MAP_START[anon]}" "${MAP_START[locked]}"
	no_crash
	assert_equal "$status" 0
}
