#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - map.bats: vmaview map: golden strips of a generated fixture, colours on a pty, widths, the SVG (xmllint, rsvg-convert), the live mapper
bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	load helpers/live
}

teardown() {
	stop_mappers
	[ -z "${NOBODY_DIR:-}" ] || rm -rf "$NOBODY_DIR"
}

# ------------------------------------------------------------ the fixture
#
# A process 4242 ("app") of four VMAs, each described one character per
# page (the test's own alphabet, not vmaview's):
#   -  none (pagemap word 0)
#   a  anonymous, present: pagemap present|exclusive + PFN; kpageflags
#      uptodate|lru|mmap|anon|swapbacked, no "dirty" bit (as the kernel
#      shows written anonymous pages): dirty by the swap-backed rule
#   c  anonymous in the swap cache: as a, plus swapcache: clean
#   f  file page, clean: present|file + PFN; uptodate|lru|mmap
#   d  file page, dirty: as f, plus kpageflags dirty
#   z  the zero page: present + PFN 0x9000; kpageflags zero_page
#   h  THP: present|exclusive + PFN; anon|swapbacked|thp|compound_*
#   s  swapped: pagemap swap, type 1, offset = the page index
#   g  guard marker: pagemap swap|guard (bit 58)
# Present pages get PFNs 0x1000, 0x1001, ... in address order (so one run
# per stretch of present pages), the zero page 0x9000.

V1=$((0x10000000)) V1P='aa-s-gzc'                     # rw-p anon, no name
V2=$((0x10008000)) V2P='ffd-'                         # r--p /usr/lib/libfix.so
V3=$((0x20000000))                                    # rw-p [heap], 78 pages
# pairs: aa a- -- as ss sh zf gs zz gg hh ff, 26 x --, -a
V3P="aaa---asssshzfgszzgghhff$(printf -- '-%.0s' {1..52})-a"
V4=$((0x7ff00000)) V4P="$(printf -- '-%.0s' {1..31})aa"  # rw-p [stack]
# with make_fixture's mode "group" only: a second VMA of libfix.so (its
# text, touching V2) and a second anonymous VMA
V5=$((0x1000c000)) V5P='f--d'                         # r-xp /usr/lib/libfix.so
V6=$((0x30000000)) V6P="a-ac$(printf -- '-%.0s' {1..52})"  # rw-p anon, no name, 56 pages

# smaps_vma START NPAGES PERMS NAME RSS_PAGES ANON_PAGES DIRTY_PAGES
smaps_vma() {
	local kb=4 inode=0 dev=00:00
	[ -n "$4" ] && [ "${4:0:1}" = / ] && inode=77 dev=08:01
	printf '%x-%x %s 00000000 %s %s' "$1" $(($1 + $2 * 4096)) "$3" "$dev" "$inode"
	[ -z "$4" ] && echo || printf '%*s%s\n' 10 '' "$4"
	printf '%-16s%8d kB\n' Size: $(($2 * kb)) KernelPageSize: $kb MMUPageSize: $kb \
		Rss: $(($5 * kb)) Pss: $(($5 * kb)) Pss_Dirty: $(($7 * kb)) Shared_Clean: 0 \
		Shared_Dirty: 0 Private_Clean: $((($5 - $7) * kb)) Private_Dirty: $(($7 * kb)) \
		Referenced: $(($5 * kb)) Anonymous: $(($6 * kb)) KSM: 0 LazyFree: 0 \
		AnonHugePages: 0 ShmemPmdMapped: 0 FilePmdMapped: 0 Shared_Hugetlb: 0 \
		Private_Hugetlb: 0 Swap: 0 SwapPss: 0 Locked: 0
	printf 'THPeligible:    0\nVmFlags: rd wr mr mw me \n'
}

# words_for START PATTERN: "pagemap INDEX VALUE" and "kpf PFN VALUE" lines
# for the pages of PATTERN at START; PFN is the next free frame (global).
words_for() {
	local start=$1 pat=$2 i ch pm kpf idx
	local uptodate=$((1 << 3)) dirty=$((1 << 4)) lru=$((1 << 5)) mmap=$((1 << 11))
	local anon=$((1 << 12)) swapcache=$((1 << 13)) swapbacked=$((1 << 14))
	local head=$((1 << 15)) thp=$((1 << 22)) zero=$((1 << 24))
	local present=$((1 << 63)) swap=$((1 << 62)) file=$((1 << 61)) excl=$((1 << 56)) guard=$((1 << 58))
	for ((i = 0; i < ${#pat}; i++)); do
		ch=${pat:i:1} idx=$((start / 4096 + i)) kpf=
		case $ch in
		-) continue ;;
		a) pm=$((present | excl | PFN)) kpf=$((uptodate | lru | mmap | anon | swapbacked)) ;;
		c) pm=$((present | excl | PFN)) kpf=$((uptodate | lru | mmap | anon | swapbacked | swapcache)) ;;
		f) pm=$((present | file | PFN)) kpf=$((uptodate | lru | mmap)) ;;
		d) pm=$((present | file | PFN)) kpf=$((uptodate | dirty | lru | mmap)) ;;
		h) pm=$((present | excl | PFN)) kpf=$((uptodate | lru | mmap | anon | swapbacked | head | thp)) ;;
		z) pm=$((present | 0x9000)) && echo "kpf $((0x9000)) $zero" ;;
		s) pm=$((swap | (i << 5) | 1)) ;;
		g) pm=$((swap | guard)) ;;
		esac
		echo "pagemap $idx $pm"
		if [ -n "$kpf" ]; then
			echo "kpf $PFN $kpf"
			PFN=$((PFN + 1))
		fi
	done
}

# make_fixture DIR [nokpf|nopfn|group]: the tree; nokpf: no kpageflags (the
# smaps estimate); nopfn: PFNs 0, as pagemap reads without CAP_SYS_ADMIN;
# group: V5 and V6 too (six VMAs).
make_fixture() {
	local d=$1 mode=${2:-}
	[ "$PAGE_SIZE" = 4096 ] || skip "the fixture's addresses assume 4 KiB pages (this machine: $PAGE_SIZE)"
	mkdir -p "$d/4242"
	cp "$FIXTURES/proc/4242/cmdline" "$FIXTURES/proc/4242/comm" "$FIXTURES/proc/4242/stat" "$d/4242/"
	# Rss, Anonymous, dirty pages as smaps would say: V2 has 3 present file
	# pages, 1 dirty (estimate 1/3: below half a page per one-page cell, so
	# clean); V3 14 present, 8 anonymous (a, h), 8 dirty: file share 0
	{
		smaps_vma $V1 8 rw-p '' 4 4 4
		smaps_vma $V2 4 r--p "${V2NAME:-/usr/lib/libfix.so}" 3 0 1
		[ "$mode" != group ] || smaps_vma $V5 4 r-xp /usr/lib/libfix.so 2 0 1
		smaps_vma $V3 78 rw-p '[heap]' 14 8 8
		[ "$mode" != group ] || smaps_vma $V6 56 rw-p '' 3 3 2
		smaps_vma $V4 33 rw-p '[stack]' 2 2 2
	} >"$d/4242/smaps"
	grep -aE '^[0-9a-f]+-[0-9a-f]+ ' "$d/4242/smaps" >"$d/4242/maps"
	PFN=$((0x1000))
	{
		words_for $V1 "$V1P"
		words_for $V2 "$V2P"
		[ "$mode" != group ] || words_for $V5 "$V5P"
		words_for $V3 "$V3P"
		[ "$mode" != group ] || words_for $V6 "$V6P"
		words_for $V4 "$V4P"
	} | perl -e 'my ($dir, $mode) = @ARGV;
		open(my $pm, ">", "$dir/4242/pagemap") or die;
		my $kf;
		if ($mode ne "nokpf") { open($kf, ">", "$dir/kpageflags") or die; }
		while (<STDIN>) {
			my ($what, $i, $v) = split;
			$v = $v + 0;
			if ($what eq "pagemap") {
				# nopfn: keep the flags, clear the PFN of present pages
				$v &= ~((1 << 55) - 1) if $mode eq "nopfn" && ($v >> 63);
				sysseek($pm, $i * 8, 0); syswrite($pm, pack("Q<", $v));
			} elsif ($kf) {
				sysseek($kf, $i * 8, 0); syswrite($kf, pack("Q<", $v));
			}
		}' "$d" "$mode"
	# the pagemap reaches past the last VMA; unwritten words are holes (0)
	truncate -s $(((V4 / 4096 + 40) * 8)) "$d/4242/pagemap"
	[ "$mode" = nokpf ] || truncate -s $(((0x9000 + 16) * 8)) "$d/kpageflags"
}

@test "fixture: the words written are the words described" {
	make_fixture "$BATS_TEST_TMPDIR/p"
	# read back with od, not vmaview: V1 page 0 (a), page 3 (s), V3 page 4 (a)
	w() { od -An -tx8 -j $(($1 * 8)) -N 8 "$BATS_TEST_TMPDIR/p/4242/pagemap" | tr -d ' '; }
	assert_equal "$(w $((V1 / 4096)))" 8100000000001000
	assert_equal "$(w $((V1 / 4096 + 2)))" 0000000000000000
	assert_equal "$(w $((V1 / 4096 + 3)))" 4000000000000061
	assert_equal "$(w $((V1 / 4096 + 5)))" 4400000000000000
	assert_equal "$(w $((V1 / 4096 + 6)))" 8000000000009000
	# V2's f, f, d take the frames after V1's a, a, c (0x1000-0x1002)
	assert_equal "$(w $((V2 / 4096 + 2)))" a000000000001005
	assert_equal "$(od -An -tx8 -j $((0x1005 * 8)) -N 8 "$BATS_TEST_TMPDIR/p/kpageflags" | tr -d ' ')" 0000000000000838
}

# ------------------------------------------------------------ golden output

# Width 80: addresses are 8 hex digits (every end is below 2^32), the
# longest name shown is "libfix.so" (9), so a label is 17 + 1 + 4 + 1 + 5 +
# 1 + 9 + 1 = 39 columns and a strip 80 - 39 - 2 = 39 cells.
#   V1 (8 pages) and V2 (4): one page per cell.
#     V1 aa-s-gzc -> "##" (anonymous: dirty), " ", "s", " ", "g", "0" (zero
#     page), "." (in the swap cache: a copy exists: clean)
#     V2 ffd-     -> "..", "#" (kpageflags dirty), " "
#     V1 and V2 touch: no gap line between them.
#   gap V2 end 0x1000c000 .. V3 0x20000000: 0xfff4000 bytes = 255.95 MiB,
#     "256 MiB"; 65524 pages: 1 + floor(log2) = 16 dots, from column 39.
#   V3 (78 pages, 39 cells): page i in cell floor(39 i / 78) = floor(i / 2),
#     two pages a cell:
#     aa a- -- as ss sh zf gs zz gg hh ff (26 x --) -a
#     #  #     #  s  H  .  s  0  g  H  .  (26 spaces) #
#     one touched page is enough (a-, -a); ties go to the first of dirty,
#     huge, clean, swapped, zero, guard (as: dirty; sh: huge; zf: clean;
#     gs: swapped)
#   gap V3 end 0x2004e000 .. V4 0x7ff00000: 0x5feb2000 bytes = 1.499 GiB,
#     "1.5 GiB"; 392882 pages: 1 + 18 = 19 dots.
#   V4 (33 pages): 31 untouched, 2 dirty.
golden80() {
	cat <<'EOF'
4242 app: 4 VMAs
legend:  ' ' untouched  '.' clean  '#' dirty  's' swapped  'g' guard  'H' huge
'0' zero page
10000000-10008000 rw-p   32K           |## s g0.|
10008000-1000c000 r--p   16K libfix.so |..# |
                                       ................ 256 MiB gap
20000000-2004e000 rw-p  312K [heap]    |## #sH.s0gH.                          #|
                                       ................... 1.5 GiB gap
7ff00000-7ff21000 rw-p  132K [stack]   |                               ##|
dirty: kpageflags (dirty, or swap-backed not in swap cache)
EOF
}

@test "map: golden output of the fixture at width 80 (plain characters, not a tty)" {
	make_fixture "$BATS_TEST_TMPDIR/p"
	run -0 --separate-stderr vmaview map --proc-root "$BATS_TEST_TMPDIR/p" --width 80 4242
	assert_output "$(golden80)"
	assert_equal "$stderr" ""
}

@test "map: without kpageflags, anonymous pages are dirty and file pages follow the smaps estimate" {
	make_fixture "$BATS_TEST_TMPDIR/p" nokpf
	run -0 --separate-stderr vmaview map --proc-root "$BATS_TEST_TMPDIR/p" --width 80 4242
	# From pagemap alone: c (swap cache), z (zero page) and h (THP) are
	# anonymous present pages: dirty. V2's file pages: estimate 1/3 dirty,
	# rounded per one-page cell to 0: clean. V3's file share of dirty is
	# 0: its f pages are clean. V3 cells: aa a- -- as ss sh zf gs zz gg hh ff
	# -> # # ' ' # s #(dirty beats swapped) #(dirty beats clean) s # g # .
	assert_line --index 3 "10000000-10008000 rw-p   32K           |## s g##|"
	assert_line --index 4 "10008000-1000c000 r--p   16K libfix.so |... |"
	assert_line --index 6 "20000000-2004e000 rw-p  312K [heap]    |## #s##s#g#.                          #|"
	assert_line --index 8 "7ff00000-7ff21000 rw-p  132K [stack]   |                               ##|"
	assert_line --index 9 "dirty: anonymous (pagemap), file and shmem (smaps estimate)"
	[[ $stderr == *kpageflags* ]]
}

# strip_of PATTERN NCELLS: the cells the documented rule gives (page i in
# cell floor(i * NCELLS / n); a cell is untouched only when all its pages
# are; else the most frequent touched state, ties to the first of
# # H . s 0 g), computed here from the description, with kpageflags.
strip_of() {
	awk -v pat="$1" -v nc="$2" 'BEGIN {
		n = length(pat)
		m["a"] = "#"; m["d"] = "#"; m["c"] = "."; m["f"] = "."; m["z"] = "0"
		m["h"] = "H"; m["s"] = "s"; m["g"] = "g"
		order = "#H.s0g"
		for (i = 0; i < n; i++) {
			ch = substr(pat, i + 1, 1)
			c = int(i * nc / n)
			if (ch != "-") cnt[c, m[ch]]++
		}
		out = ""
		for (c = 0; c < nc; c++) {
			best = 0; st = " "
			for (k = 1; k <= 6; k++) {
				s = substr(order, k, 1)
				if (cnt[c, s] > best) { best = cnt[c, s]; st = s }
			}
			out = out st
		}
		print out
	}'
}

# check_width ARGS...: every line fits $W, and each VMA's strip is what
# strip_of gives for its width in cells (min(pages, W - 41)).
check_strips() {
	local w=$1 strip=$(($1 - 41)) p n line
	local -a pats=("$V1P" "$V2P" "$V3P" "$V4P")
	local -a names=("" libfix.so "[heap]" "[stack]")
	for line in "${lines[@]}"; do
		((${#line} <= w)) || fail "line longer than $w: '$line'"
	done
	local i=0
	for p in "${pats[@]}"; do
		n=${#p}
		((n < strip)) || n=$strip
		assert_line --partial "|$(strip_of "$p" $n)|"
		i=$((i + 1))
	done
}

@test "map: COLUMNS=60 and 120, --width: strips as the rule computes them, no line longer" {
	make_fixture "$BATS_TEST_TMPDIR/p"
	COLUMNS=60 run -0 vmaview map --proc-root "$BATS_TEST_TMPDIR/p" 4242
	check_strips 60
	COLUMNS=120 run -0 vmaview map --proc-root "$BATS_TEST_TMPDIR/p" 4242
	check_strips 120
	# at 120 every VMA has a cell per page: the strip is the description
	assert_line --partial "|$(tr 'adcfhzsg-' '##..H0sg ' <<<"$V3P")|"
	# --width wins over COLUMNS
	COLUMNS=120 run -0 vmaview map --proc-root "$BATS_TEST_TMPDIR/p" --width 97 4242
	check_strips 97
	# the narrowest: the name goes, then the end address
	run -0 vmaview map --proc-root "$BATS_TEST_TMPDIR/p" --width 40 4242
	for line in "${lines[@]}"; do ((${#line} <= 40)) || fail "longer than 40: '$line'"; done
	assert_line --regexp '^20000000 rw-p  312K +\|'
	run -64 vmaview map --proc-root "$BATS_TEST_TMPDIR/p" --width 39 4242
	run -64 vmaview map --proc-root "$BATS_TEST_TMPDIR/p" --color=sometimes 4242
	run -64 vmaview map --proc-root "$BATS_TEST_TMPDIR/p"
	run -64 vmaview map --proc-root "$BATS_TEST_TMPDIR/p" 4242 4242
}

# ------------------------------------------------------------ --group

# The fixture with V5 and V6 (make_fixture DIR group), width 64. A group's
# label is "N VMAs" (the count right-aligned, "VMA" for one), the size of
# its VMAs, the name: 1 + 5 + 1 + 5 + 1 + 9 ("libfix.so", "file_data") + 1
# = 23 columns, so a strip of 64 - 23 - 2 = 39 cells, as at width 80 in
# golden80. No gap lines: a group's VMAs lie anywhere. Lines in the order
# of their first VMA; a line's strip runs over its VMAs' pages one VMA
# after the other (in address order), page i of the n in cell
# floor(39 i / n).
#   --group name:
#   [anon]: V1 (8 pages) then V6 (56): 64 pages, 256K, in 39 cells:
#     pages 0-11 aa-s-gzc a-ac go to cells 0 0 1 1 2 3 3 4 4 5 6 6
#     cell 0 a a: #; 1 - s: s; 2 -: ' '; 3 g z: a tie, zero page before
#     guard: 0; 4 c (V1's last page, clean) and a (V6's first, dirty): a
#     tie, dirty first: # (V6's page counted in the same cell); 5 -; 6 a
#     c: #; cells 7-38 untouched (pages 12-63: none)
#   libfix.so: V2 ffd- then V5 f--d: 8 pages, 32K, a cell each: ..# .  #
#   [heap], [stack]: one VMA each, the strips of golden80
golden_name() {
	cat <<'EOF'
4242 app: 6 VMAs in 4 groups by name
legend:  ' ' untouched  '.' clean  '#' dirty  's' swapped
'g' guard  'H' huge  '0' zero page
2 VMAs  256K [anon]    |#s 0# #                                |
2 VMAs   32K libfix.so |..# .  #|
1 VMA   312K [heap]    |## #sH.s0gH.                          #|
1 VMA   132K [stack]   |                               ##|
dirty: kpageflags (dirty, or swap-backed not in swap cache)
EOF
}

#   --group kind (summary's region kinds): anon = V1 and V6 (rw-p, no
#   name), the [anon] line above; file_data = V2 (r--p), file_text = V5
#   (r-xp): the same file split by its permissions; heap, stack.
golden_kind() {
	cat <<'EOF'
4242 app: 6 VMAs in 5 groups by kind
legend:  ' ' untouched  '.' clean  '#' dirty  's' swapped
'g' guard  'H' huge  '0' zero page
2 VMAs  256K anon      |#s 0# #                                |
1 VMA    16K file_data |..# |
1 VMA    16K file_text |.  #|
1 VMA   312K heap      |## #sH.s0gH.                          #|
1 VMA   132K stack     |                               ##|
dirty: kpageflags (dirty, or swap-backed not in swap cache)
EOF
}

@test "map --group name, --group kind: golden output of the fixture (one line per object / kind, no gaps)" {
	make_fixture "$BATS_TEST_TMPDIR/p" group
	run -0 --separate-stderr vmaview map --proc-root "$BATS_TEST_TMPDIR/p" --width 64 --group name 4242
	assert_output "$(golden_name)"
	assert_equal "$stderr" ""
	run -0 --separate-stderr vmaview map --proc-root "$BATS_TEST_TMPDIR/p" --width 64 --group kind 4242
	assert_output "$(golden_kind)"
	assert_equal "$stderr" ""
	# --group vma is the default: a line per VMA, and gaps
	run -0 vmaview map --proc-root "$BATS_TEST_TMPDIR/p" --width 64 --group vma 4242
	assert_line --index 0 "4242 app: 6 VMAs"
	assert_line --partial "256 MiB gap"
}

@test "map --group name without kpageflags: each VMA of a line keeps its own smaps estimate" {
	make_fixture "$BATS_TEST_TMPDIR/p" group
	# the group tree without kpageflags: the estimate from smaps
	rm "$BATS_TEST_TMPDIR/p/kpageflags"
	run -0 --separate-stderr vmaview map --proc-root "$BATS_TEST_TMPDIR/p" --width 64 --group name 4242
	# libfix.so: V2's dirty share 1/3 (Rss 3, dirty 1): a one-page cell
	# rounds it to 0 pages: clean; V5's 1/2 (Rss 2, dirty 1) rounds to 1:
	# dirty. V2 ffd- then V5 f--d: ... then #  #
	assert_line --index 4 "2 VMAs   32K libfix.so |... #  #|"
	# [anon]: present anonymous pages are dirty (pagemap alone): cells 3
	# (g and z: a tie, dirty first) and 4 (c and a) are #
	assert_line --index 3 "2 VMAs  256K [anon]    |#s ## #                                |"
}

@test "map --svg --group kind: well-formed, a labelled box per kind, no gaps" {
	command -v xmllint >/dev/null || skip "xmllint (libxml2-utils) is not installed"
	make_fixture "$BATS_TEST_TMPDIR/p" group
	local f=$BATS_TEST_TMPDIR/k.svg
	run -0 --separate-stderr vmaview map --group kind --svg "$f" --proc-root "$BATS_TEST_TMPDIR/p" 4242
	assert_output ""
	run -0 xmllint --noout "$f"
	grep -q '>vmaview map: 4242 app: 6 VMAs in 5 groups by kind<' "$f"
	grep -q '>2 VMAs 256K anon</text>' "$f"
	grep -q '>1 VMA 16K file_text</text>' "$f"
	# the anon line spans V1's start to V6's end (0x30000000 + 56 pages)
	grep -q '<title>2 VMAs in 10000000-30038000: anon</title>' "$f"
	[ "$(grep -c '^<g><title>' "$f")" = 5 ]
	run -1 grep -q ' gap ' "$f"
	# the runs are joined to their lines
	grep -q '<path d="M ' "$f"
}

@test "map --group process or user: a usage error (one process)" {
	make_fixture "$BATS_TEST_TMPDIR/p"
	local g
	for g in process user; do
		run -64 --separate-stderr vmaview map --group $g --proc-root "$BATS_TEST_TMPDIR/p" 4242
		[[ $stderr == "vmaview: map: --group $g: map draws one process: group by vma, name or kind"* ]] || fail "$stderr"
		assert_output ""
	done
	run -64 vmaview map --group nope --proc-root "$BATS_TEST_TMPDIR/p" 4242
}

@test "map --group name, kind: the live mapper: its binary's VMAs are one line, every VMA counted once" {
	start_mapper
	local exe n=0 pages=0 total=0 r perms off dev ino name s e
	exe=$(readlink "/proc/$MAPPER_PID/exe")
	# from the kernel's maps: the VMAs mapping the binary and their pages
	while read -r r perms off dev ino name; do
		total=$((total + 1))
		[ "$name" = "$exe" ] || continue
		s=$((16#${r%-*})) e=$((16#${r#*-}))
		n=$((n + 1)) pages=$((pages + (e - s) / PAGE_SIZE))
	done <"/proc/$MAPPER_PID/maps"
	((n >= 2)) || fail "the binary has $n VMAs in maps"
	run -0 vmaview map --group name --width 400 "$MAPPER_PID"
	# one line for the binary, n VMAs, a cell per page
	assert_line --regexp "^ *$n VMAs +[0-9.]+[KMG] mapper +\|.{$pages}\|\$"
	[ "$(grep -Ec ' mapper +\|' <<<"$output")" = 1 ]
	# every VMA is in one line: the counts add up to maps' lines
	assert_equal "$(awk '/^ *[0-9]+ VMAs? / { t += $1 } END { print t }' <<<"$output")" "$total"
	run -0 vmaview map --group kind --width 400 "$MAPPER_PID"
	assert_equal "$(awk '/^ *[0-9]+ VMAs? / { t += $1 } END { print t }' <<<"$output")" "$total"
	# one line per kind: no kind twice, and the main stack is one VMA
	assert_equal "$(awk '/^ *[0-9]+ VMAs? / { print $4 }' <<<"$output" | sort | uniq -d)" ""
	assert_line --regexp '^ *1 VMA +[0-9.]+[KMG] stack +\|'
}

# ------------------------------------------------------------ colours

# on_pty CMD...: CMD's output with stdout on a pty (script(1), util-linux).
on_pty() {
	local cmd
	printf -v cmd '%q ' "$@"
	script -qec "$cmd" /dev/null
}

@test "map: colours on a tty (SGR codes), none with NO_COLOR=1, --color=never or a pipe" {
	command -v script >/dev/null || skip "script (util-linux) is not installed"
	make_fixture "$BATS_TEST_TMPDIR/p"
	local esc=$'\e' p=$BATS_TEST_TMPDIR/p
	run -0 env -u NO_COLOR COLUMNS=80 bash -c "$(declare -f on_pty); on_pty '$VMAVIEW' map --proc-root '$p' 4242"
	# dirty cells: red background (41), swapped magenta (45), guard blue (44)
	[[ $output == *"$esc[97;41m##"* ]] || fail "no dirty SGR: $output"
	[[ $output == *"$esc[97;45ms"* ]]
	[[ $output == *"$esc[97;44mg"* ]]
	[[ $output == *"$esc[0m"* ]]
	run -0 env NO_COLOR=1 COLUMNS=80 bash -c "$(declare -f on_pty); on_pty '$VMAVIEW' map --proc-root '$p' 4242"
	[[ $output != *"$esc["* ]] || fail "SGR despite NO_COLOR: $output"
	[[ $output == *"|## s g0.|"* ]]
	run -0 env -u NO_COLOR COLUMNS=80 bash -c "$(declare -f on_pty); on_pty '$VMAVIEW' map --color=never --proc-root '$p' 4242"
	[[ $output != *"$esc["* ]]
	# not a tty: plain; --color (=always) and --color=always colour anyway
	run -0 vmaview map --proc-root "$p" 4242
	[[ $output != *"$esc["* ]]
	NO_COLOR=1 run -0 vmaview map --color --proc-root "$p" 4242
	[[ $output == *"$esc[97;41m"* ]]
	run -0 vmaview map --color=always --proc-root "$p" 4242
	# the colours change nothing else: without the SGR codes, the plain map
	assert_equal "$(sed "s/$esc\[[0-9;]*m//g; /^legend:/d; /zero page\$/d" <<<"$output")" \
		"$(golden80 | sed '/^legend:/d; /zero page$/d')"
}

# ------------------------------------------------------------ SVG

# png_colours PNG: the number of distinct colours (netpbm: pngtopnm, ppmhist).
png_colours() {
	pngtopnm "$1" | ppmhist -noheader | wc -l
}

@test "map --svg: well-formed (xmllint), renders (rsvg-convert) to a picture that is not blank" {
	command -v xmllint >/dev/null || skip "xmllint (libxml2-utils) is not installed"
	command -v rsvg-convert >/dev/null || skip "rsvg-convert (librsvg2-bin) is not installed"
	command -v pngtopnm >/dev/null || skip "pngtopnm (netpbm) is not installed"
	make_fixture "$BATS_TEST_TMPDIR/p"
	local svg=$BATS_TEST_TMPDIR/m.svg png=$BATS_TEST_TMPDIR/m.png
	run -0 --separate-stderr vmaview map --svg "$svg" --proc-root "$BATS_TEST_TMPDIR/p" 4242
	assert_output ""
	run -0 xmllint --noout "$svg"
	# no external assets: no href, no url(), no <image>
	run -1 grep -Eq 'href|url\(|<image' "$svg"
	run -0 rsvg-convert -f png -o "$png" "$svg"
	# white background, text, the state colours of the strips, segments
	(($(png_colours "$png") >= 8)) || fail "only $(png_colours "$png") colours"
	# the dirty state's fill (229,57,53) is painted
	pngtopnm "$png" | ppmhist -noheader | awk '$1 == 229 && $2 == 57 && $3 == 53 { found = 1 } END { exit !found }'
	# the fixture has no iomem: one range, 0 to the highest frame; its
	# runs (V1's a a, V2's f f d, ...) are joined to it
	grep -q 'physical: 0 to the highest frame' "$svg"
	grep -q '<path d="M ' "$svg"
	grep -q '&#183;&#183;&#183; 256 MiB gap' "$svg"
}

@test "map --svg: hostile names are escaped; the SVG stays well-formed" {
	command -v xmllint >/dev/null || skip "xmllint (libxml2-utils) is not installed"
	V2NAME=$'/tmp/a<b>&c"d\'e\xff\x01.so' make_fixture "$BATS_TEST_TMPDIR/p"
	run -0 vmaview map --svg "$BATS_TEST_TMPDIR/h.svg" --proc-root "$BATS_TEST_TMPDIR/p" 4242
	run -0 xmllint --noout "$BATS_TEST_TMPDIR/h.svg"
	grep -q 'a&lt;b&gt;&amp;c&quot;d&apos;e??.so' "$BATS_TEST_TMPDIR/h.svg"
	# and the terminal map shows the bytes outside ASCII as '?'
	run -0 vmaview map --proc-root "$BATS_TEST_TMPDIR/p" --width 100 4242
	assert_line --partial "a<b>&c\"d'e??.so |..# |"
}

@test "map --svg: without PFNs the physical side says why it is empty; the strips still show pagemap" {
	command -v xmllint >/dev/null || skip "xmllint (libxml2-utils) is not installed"
	make_fixture "$BATS_TEST_TMPDIR/p" nopfn
	run -0 vmaview map --svg "$BATS_TEST_TMPDIR/n.svg" --proc-root "$BATS_TEST_TMPDIR/p" 4242
	run -0 xmllint --noout "$BATS_TEST_TMPDIR/n.svg"
	grep -q 'no physical placement: pagemap gives PFNs as 0 without CAP_SYS_ADMIN' "$BATS_TEST_TMPDIR/n.svg"
	run -1 grep -q '<path d="M ' "$BATS_TEST_TMPDIR/n.svg"
	# terminal: present pages without kpageflags: dirty (anonymous) or the
	# estimate (file); swapped and guard from pagemap
	run -0 --separate-stderr vmaview map --proc-root "$BATS_TEST_TMPDIR/p" --width 80 4242
	assert_line --index 3 "10000000-10008000 rw-p   32K           |## s g##|"
	# with kpageflags but no PFNs to look up, file pages cannot be told
	assert_line --index 9 "dirty: anonymous (pagemap); file and shmem unknown: clean"
	[[ $stderr == *"PFNs read as 0"* ]]
}

@test "map --svg --rock5b: the RK3588 DRAM banks, holes and MMIO window are drawn and labelled" {
	command -v xmllint >/dev/null || skip "xmllint (libxml2-utils) is not installed"
	make_fixture "$BATS_TEST_TMPDIR/p"
	run -0 vmaview map --rock5b --svg "$BATS_TEST_TMPDIR/r.svg" --proc-root "$BATS_TEST_TMPDIR/p" 4242
	run -0 xmllint --noout "$BATS_TEST_TMPDIR/r.svg"
	local f=$BATS_TEST_TMPDIR/r.svg
	# labels from src/flags/rk3588_regions.def, with their start addresses
	grep -q '>dram0 200000 ' "$f"
	grep -q '>dram-hole1 3fc000000 ' "$f"
	grep -q '>mmio f0000000 256M<' "$f"
	grep -q 'physical: RK3588 map' "$f"
	# the fixture's frames (PFN 0x1000.. = 16 MiB..) lie in dram-fw..dram0:
	# a run is joined to the picture
	grep -q '<path d="M ' "$f"
}

# ------------------------------------------------------------ live

@test "map: the live mapper: strips of its mappings as pagemap and kpageflags say" {
	[ "$(id -u)" = 0 ] || skip "needs root (kpageflags, PFNs)"
	start_mapper
	run -0 vmaview map --width 300 "$MAPPER_PID"
	local name n line map=$output
	# every page of each: anon written (dirty), untouched (none), zeroread
	# (the zero page), shared (shmem, written: dirty)
	for name in anon:'#' untouched:' ' zeroread:'0' shared:'#' locked:'#'; do
		local m=${name%%:*} ch=${name#*:}
		[ -z "${MAP_SKIP[$m]+x}" ] || continue
		local s=$((16#${MAP_START[$m]})) e=$((16#${MAP_END[$m]}))
		n=$(((e - s) / PAGE_SIZE))
		line=$(grep -E "^0*${MAP_START[$m]}-" <<<"$map")
		[[ $line == *"|$(printf "%${n}s" '' | tr ' ' "$ch")|" ]] || fail "$m: '$line'"
	done
	# the pagemap words of zeroread, read directly, point at the zero page:
	# all the same PFN
	run -0 perl -e 'open(my $f, "<", "/proc/'"$MAPPER_PID"'/pagemap") or die;
		my %p; for (my $a = hex("'"${MAP_START[zeroread]}"'"); $a < hex("'"${MAP_END[zeroread]}"'"); $a += '"$PAGE_SIZE"') {
			sysseek($f, $a / '"$PAGE_SIZE"' * 8, 0); sysread($f, my $b, 8);
			$p{unpack("Q<", $b) & ((1 << 55) - 1)} = 1 } print scalar(keys %p), "\n"'
	assert_output 1
	if [ -n "$GUARD_START" ]; then
		# guard: 40 pages, 8..23 guard markers, the others written
		line=$(grep -E "^0*${MAP_START[guard]}-" <<<"$map")
		[[ $line == *"|########gggggggggggggggg################|"* ]] || fail "guard: '$line'"
	fi
	if [ -z "${MAP_SKIP[thp]+x}" ]; then
		line=$(grep -E "^0*${MAP_START[thp]}-" <<<"$map")
		[[ $line =~ \|H+\|$ ]] || fail "thp: '$line'"
	fi
}

@test "map: unprivileged (nobody, its own mapper): strips from pagemap, the SVG says why no frames" {
	nobody_copies
	mapper_as_nobody
	start_mapper
	as_nobody() { setpriv --reuid=nobody --regid="$ngid" --clear-groups "$NOBODY_DIR/vmaview" "$@"; }
	run -0 --separate-stderr as_nobody map --width 300 "$MAPPER_PID"
	local map=$output m line n
	# no kpageflags, no PFNs: anonymous written pages are dirty by the
	# pagemap rule (present, not file); untouched pages blank; zeroread's
	# pages are the zero page by PAGEMAP_SCAN's PAGE_IS_PFNZERO (the
	# kernel compares PFNs itself, privileges or not)
	for m in anon untouched zeroread; do
		n=$(((16#${MAP_END[$m]} - 16#${MAP_START[$m]}) / PAGE_SIZE))
		local ch='#'
		[ $m = untouched ] && ch=' '
		[ $m = zeroread ] && ch=0
		line=$(grep -E "^0*${MAP_START[$m]}-" <<<"$map")
		[[ $line == *"|$(printf "%${n}s" '' | tr ' ' "$ch")|" ]] || fail "$m: '$line'"
	done
	[[ $map == *"dirty: anonymous (pagemap), file and shmem (smaps estimate)"* ]]
	[[ $stderr == *"PFNs read as 0"* || $stderr == *kpageflags* ]]
	run -0 --separate-stderr as_nobody map --svg - "$MAPPER_PID"
	[[ $output == *"no physical placement: pagemap gives PFNs as 0 without CAP_SYS_ADMIN"* ]]
	if command -v xmllint >/dev/null; then
		xmllint --noout - <<<"$output"
	fi
}

# ------------------------------------------------------------ errors

@test "map: a target that cannot be drawn: exit 1 and why; usage errors: 64" {
	run -1 --separate-stderr vmaview map 2147483646
	assert_equal "$stderr" "vmaview: 2147483646: no such process"
	# the committed fixture has no pagemap: nothing to draw the pages from
	run -1 --separate-stderr vmaview map --proc-root "$FIXTURES/proc" 4242
	[[ $stderr == "vmaview: 4242: cannot open pagemap: No such file or directory" ]]
	make_fixture "$BATS_TEST_TMPDIR/p"
	run -1 --separate-stderr vmaview map --svg "$BATS_TEST_TMPDIR/no/such/dir/m.svg" --proc-root "$BATS_TEST_TMPDIR/p" 4242
	[[ $stderr == *"m.svg: No such file or directory"* ]]
	if [ -d /proc/2 ] && [ "$(cat /proc/2/comm)" = kthreadd ]; then
		run -1 --separate-stderr vmaview map 2
		assert_equal "$stderr" "vmaview: 2: kernel thread (no address space)"
	fi
	run -64 vmaview map self self
	run -64 vmaview map nope
}
