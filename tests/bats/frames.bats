#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - frames.bats: frame columns and `vmaview pages`, checked against pagemap, kpageflags, kpagecount and smaps read directly, and against a generated --proc-root tree
bats_require_minimum_version 1.5.0

# Every expected value here comes from the kernel (dd of /proc/PID/pagemap,
# /proc/kpageflags, /proc/kpagecount; smaps), from what tests/tools/mapper
# did, or from the words the fixture generator wrote: never from vmaview.

setup() {
	load helpers/common
	load helpers/live
	command -v jq >/dev/null || skip "jq is not installed"
}

teardown() {
	stop_mappers
	[ -z "${NOBODY_DIR:-}" ] || rm -rf "$NOBODY_DIR"
}

FRAME_COLS=start,present,swapped,guard,file_shared,exclusive,runs,largest_run,thp,hugetlb,ksm_pages,zero_pages,frame_pss
FRAME_KEYS=(present swapped guard file_shared exclusive runs largest_run thp hugetlb ksm_pages zero_pages frame_pss)
PFN_MASK=$(((1 << 55) - 1))
# the mapper's mappings whose frames are checked page by page
FRAME_MAPS=(anon untouched populate zeroread file shared memfd locked forkshared guard thp)

# Names of pagemap bits (Documentation/admin-guide/mm/pagemap.rst) and of
# kpageflags bits (include/uapi/linux/kernel-page-flags.h KPF_*, lower case).
# (bats sources this file inside a function: -g keeps the tables global)
declare -gA PM_BIT=([soft_dirty]=55 [exclusive]=56 [uffd_wp]=57 [guard]=58
	[file]=61 [swap]=62 [present]=63)
declare -ga KPF_NAME=(locked error referenced uptodate dirty lru active slab
	writeback reclaim buddy mmap anon swapcache swapbacked compound_head
	compound_tail huge unevictable hwpoison nopage ksm thp offline zero_page
	idle pgtable)
declare -gA KPF_BIT=()
for ((i = 0; i < ${#KPF_NAME[@]}; i++)); do KPF_BIT[${KPF_NAME[i]}]=$i; done
PM_FLAGS_MASK=$(((0x1ff << 55) & ~(3 << 59)))
KPF_ABI_MASK=$(((1 << ${#KPF_NAME[@]}) - 1))
# kpageflags bits that do not flicker on a quiescent mapper's pages (LRU,
# ACTIVE, REFERENCED and IDLE do): mmap anon swapbacked compound_head
# compound_tail huge unevictable ksm thp zero_page
KPF_STABLE=$(((1 << 11) | (1 << 12) | (1 << 14) | (1 << 15) | (1 << 16) | (1 << 17) |
	(1 << 18) | (1 << 21) | (1 << 22) | (1 << 24)))

hex() { printf '0x%x' "$(($1))"; }
# tohex VAR VALUE: VAR=canonical hex of VALUE, without a subshell
tohex() { printf -v "$1" '0x%x' "$(($2))"; }

# ------------------------------------------------------------ direct reads

# pm_read PID ADDR NPAGES: the pagemap words of NPAGES pages from ADDR, one
# canonical 0x... per line (nothing past the end of the address space).
pm_read() {
	local w
	dd if="/proc/$1/pagemap" bs=64K iflag=skip_bytes,count_bytes \
		skip=$(($2 / PAGE_SIZE * 8)) count=$(($3 * 8)) status=none |
		od -An -tx8 -v -w8 | while read -r w; do printf '0x%x\n' "$((0x$w))"; done
}

# kwords FILE PFN...: the u64 of /proc/FILE (kpageflags, kpagecount) at each
# PFN, one canonical 0x... per line, in the order given. PFNs less than 512
# apart are read in one span: one dd per span, not per page.
kwords() {
	local f=$1 i p first last
	shift
	local -a sorted words
	local -A need=() val=()
	for p in "$@"; do need[$((p))]=1; done
	mapfile -t sorted < <(printf '%s\n' "${!need[@]}" | sort -n)
	for ((i = 0; i < ${#sorted[@]}; i++)); do
		first=${sorted[i]} last=$first
		while ((i + 1 < ${#sorted[@]} && sorted[i + 1] - last < 512)); do
			i=$((i + 1))
			last=${sorted[i]}
		done
		mapfile -t words < <(dd if="/proc/$f" bs=64K iflag=skip_bytes,count_bytes \
			skip=$((first * 8)) count=$(((last - first + 1) * 8)) status=none |
			od -An -tx8 -v -w8)
		for ((p = 0; p < ${#words[@]}; p++)); do
			[ -n "${need[$((first + p))]+x}" ] && val[$((first + p))]=${words[p]// /}
		done
	done
	for p in "$@"; do
		printf '0x%x\n' "$((0x${val[$((p))]}))"
	done
}

# kernel_rows PID START END (hex, no 0x): the rows `vmaview pages` owes for
# [START, END), as "VADDR STATE PFN PHYS SWAP_TYPE SWAP_OFFSET RAW MAPCOUNT"
# ("-" for null), from pagemap and kpagecount read directly. Guard (bit 58)
# is tested before swap (bit 62). In nobody mode the rows vmaview owes
# without CAP_SYS_ADMIN: the word without its PFN (bits 54:0), no PFN,
# phys or mapcount.
kernel_rows() {
	local pid=$1 s=$((0x$2)) e=$((0x$3)) n i j=0 w pfn
	local -a words pfns=() counts=()
	n=$(((e - s) / PAGE_SIZE))
	mapfile -t words < <(pm_read "$pid" "$s" "$n")
	if nobody_mode; then
		for ((i = 0; i < ${#words[@]}; i++)); do
			w=$((words[i] & ~PFN_MASK))
			tohex va $((s + i * PAGE_SIZE))
			if (((w >> 63) & 1)); then
				echo "$va present - - - - $(hex "$w") -"
			elif (((w >> 58) & 1)); then
				echo "$va guard - - - - $(hex "$w") -"
			elif (((w >> 62) & 1)); then
				echo "$va swap - - - - $(hex "$w") -"
			fi
		done
		return
	fi
	for w in "${words[@]}"; do
		(((w >> 63) & 1)) && pfns+=($((w & PFN_MASK)))
	done
	((${#pfns[@]})) && mapfile -t counts < <(kwords kpagecount "${pfns[@]}")
	local va x phys
	for ((i = 0; i < ${#words[@]}; i++)); do
		w=${words[i]}
		tohex va $((s + i * PAGE_SIZE))
		if (((w >> 63) & 1)); then
			pfn=$((w & PFN_MASK))
			tohex x "$pfn"
			tohex phys $((pfn * PAGE_SIZE))
			echo "$va present $x $phys - - $w $((counts[j++]))"
		elif (((w >> 58) & 1)); then
			echo "$va guard - - - - $w -"
		elif (((w >> 62) & 1)); then
			echo "$va swap - - $((w & 0x1f)) $(((w & PFN_MASK) >> 5)) $w -"
		fi
	done
}

# maps_by_addr NAME...: the names the mapper made (no SKIP), lowest first.
maps_by_addr() {
	local name
	for name in "$@"; do
		[ -n "${MAP_START[$name]+x}" ] && echo "$((0x${MAP_START[$name]})) $name"
	done | sort -n | cut -d' ' -f2
}

# all_kernel_rows NAME...: kernel_rows of each mapping, in address order.
all_kernel_rows() {
	local name
	for name in $(maps_by_addr "$@"); do
		kernel_rows "$P" "${MAP_START[$name]}" "${MAP_END[$name]}"
	done
}

# ---------------------------------------------------------- vmaview output

# page_rows: `vmaview pages --json` (per page or --runs) on stdin -> rows
# shaped like kernel_rows (plus "END NPAGES" with --runs), numbers canonical.
page_rows() {
	local v s pfn phys st so raw mc rest
	jq -r '.processes[0] | (.pages // .runs)[] |
		[.vaddr, .state, .pfn, .phys, .swap_type, .swap_offset, .pagemap.raw,
		 .mapcount] + (if has("npages") then [.end, .npages] else [] end) |
		map(if . == null then "-" else tostring end) | join(" ")' |
		while read -r v s pfn phys st so raw mc e np; do
			tohex v "$v"
			[ "$pfn" = - ] || tohex pfn "$pfn"
			[ "$phys" = - ] || tohex phys "$phys"
			[ "$st" = - ] || st=$((st))
			[ "$so" = - ] || so=$((so))
			tohex raw "$raw"
			if [ -n "$e" ]; then
				tohex e "$e"
				echo "$v $s $pfn $phys $st $so $raw $mc $e $np"
			else
				echo "$v $s $pfn $phys $st $so $raw $mc"
			fi
		done
}

# in_maps NAME...: keeps the rows (on stdin) whose vaddr lies in one of the
# mappings NAME.
in_maps() {
	local name line v i
	local -a lo=() hi=()
	for name in "$@"; do
		[ -n "${MAP_START[$name]+x}" ] || continue
		lo+=($((0x${MAP_START[$name]})))
		hi+=($((0x${MAP_END[$name]})))
	done
	while read -r line; do
		v=$((${line%% *}))
		for ((i = 0; i < ${#lo[@]}; i++)); do
			if ((v >= lo[i] && v < hi[i])); then
				echo "$line"
				break
			fi
		done
	done
}

# frames_json PID [ARGS...]: vmaview -J with every frame column.
frames_json() {
	local pid=$1
	shift
	"$VMAVIEW" -J "$@" -o "$FRAME_COLS" "$pid"
}

# hid VALUE: VALUE as root; null in nobody mode, for a frame column that
# needs the PFNs (runs, largest_run, thp, hugetlb, ksm_pages, zero_pages,
# frame_pss: unknown without CAP_SYS_ADMIN, as the man page says)
hid() { if nobody_mode; then echo null; else echo "$1"; fi; }
FRAME_HIDDEN_KEYS=(runs largest_run thp hugetlb ksm_pages zero_pages frame_pss)

# assert_frame_limits JSON: the process's "limits": none as root; in nobody
# mode the three documented causes (pagemap, kpageflags, kpagecount).
assert_frame_limits() {
	run -0 jq -c '.processes[0].limits' <<<"$1"
	if nobody_mode; then
		assert_output "$(jq -c -n --arg r "${FRAMES_HIDDEN#vmaview: }" '[{source: "pagemap", reason: $r},
			{source: "kpageflags", reason: "cannot open kpageflags: Permission denied (root only)"},
			{source: "kpagecount", reason: "cannot open kpagecount: Permission denied (root only)"}]')"
	else
		assert_output '[]'
	fi
}

# frame_of JSON NAME KEY: the frame KEY of the mapper's VMA NAME.
frame_of() {
	jq -r --arg s "0x${MAP_START[$2]}" --arg k "$3" \
		'.processes[0].vmas[] | select(.start == $s) | .frames[$k]' <<<"$1"
}

# check_names: every row of `pages --json` on stdin names exactly the bits of
# its raw words (pagemap names from bits 55-63, kpageflags names from bits
# 0-26 and, with --kpf-raw, as many "internal" names as bits 32-42 are set),
# and leaves no known bit "unknown". Prints the rows that do not.
check_names() {
	jq -r '.processes[0] | (.pages // .runs)[] |
		"\(.vaddr) \(.pagemap.raw) \(.pagemap.names | join(",") | if . == "" then "-" else . end) \(.pagemap.unknown) " +
		(if .kpageflags == null then "- - - -" else
		 "\(.kpageflags.raw) \(.kpageflags.names | join(",") | if . == "" then "-" else . end) \(.kpageflags.unknown) \(.kpageflags.internal // [] | length)" end)' |
		while read -r v pm pmn pmu kpf kpfn kpfu nint; do
			local m=0 n b pop
			for n in ${pmn//,/ }; do
				[ "$n" = - ] && continue
				[ -n "${PM_BIT[$n]+x}" ] || { echo "$v: unknown pagemap name $n"; continue; }
				m=$((m | (1 << PM_BIT[$n])))
			done
			((m == (pm & PM_FLAGS_MASK))) || echo "$v: pagemap $pm named '$pmn'"
			((pmu == 0)) || echo "$v: pagemap unknown $pmu"
			[ "$kpf" = - ] && continue
			m=0
			for n in ${kpfn//,/ }; do
				[ "$n" = - ] && continue
				[ -n "${KPF_BIT[$n]+x}" ] || { echo "$v: unknown kpageflags name $n"; continue; }
				m=$((m | (1 << KPF_BIT[$n])))
			done
			((m == (kpf & KPF_ABI_MASK))) || echo "$v: kpageflags $kpf named '$kpfn'"
			((kpfu == 0)) || echo "$v: kpageflags unknown $kpfu"
			b=$(((kpf >> 32) & 0x7ff)) pop=0
			while ((b)); do
				pop=$((pop + (b & 1)))
				b=$((b >> 1))
			done
			((pop == nint)) || echo "$v: kpageflags $kpf has $pop internal bits, 'internal' lists $nint"
		done
}

# kernel_vma_frames: per VMA of /proc/$P/maps, "START PRESENT SWAPPED GUARD
# FILE_SHARED EXCLUSIVE RUNS LARGEST_RUN RSS_PAGES" counted from pagemap read
# directly (a run: present pages at consecutive addresses whose PFNs go up
# by one) and smaps Rss; RSS_PAGES is "-" for VM_PFNMAP VMAs (smaps sees
# no struct page there, pagemap does). VMAs over 1 GiB are left out: an
# ASan build's shadow reservations are terabytes, too much to read with dd.
kernel_vma_frames() {
	local range s e w i pfn present swapped guard file excl runs largest cur lastpfn lastpg
	local -a words
	local -A rss=() pf=()
	while read -r s w e; do
		rss[$s]=$w pf[$s]=$e
	done < <(awk -v ps="$PAGE_SIZE" '
		/^[0-9a-f]+-[0-9a-f]+ / { split($1, a, "-"); s = a[1]; next }
		$1 == "Rss:" { r[s] = $2 * 1024 / ps }
		$1 == "VmFlags:" { print s, r[s], (index($0, " pf") ? 1 : 0) }' "/proc/$P/smaps")
	while read -r range _; do
		s=$((0x${range%-*})) e=$((0x${range#*-}))
		((s < 0 || e - s <= (1 << 30))) || continue
		# past TASK_SIZE ([vsyscall], above 2^63 here) pagemap has no entries
		words=()
		((s > 0)) && mapfile -t words < <(pm_read "$P" "$s" $(((e - s) / PAGE_SIZE)))
		present=0 swapped=0 guard=0 file=0 excl=0 runs=0 largest=0 cur=0 lastpfn=-2 lastpg=-2 i=0
		for w in "${words[@]}"; do
			if (((w >> 63) & 1)); then
				present=$((present + 1))
				pfn=$((w & PFN_MASK))
				if ((i == lastpg + 1 && pfn == lastpfn + 1)); then
					cur=$((cur + 1))
				else
					runs=$((runs + 1)) cur=1
				fi
				((cur > largest)) && largest=$cur
				lastpfn=$pfn lastpg=$i
				(((w >> 61) & 1)) && file=$((file + 1))
			elif (((w >> 58) & 1)); then
				guard=$((guard + 1))
			elif (((w >> 62) & 1)); then
				swapped=$((swapped + 1))
				(((w >> 61) & 1)) && file=$((file + 1))
			fi
			(((w >> 56) & 1)) && excl=$((excl + 1))
			i=$((i + 1))
		done
		w=${rss[${range%-*}]}
		((pf[${range%-*}])) && w=-
		tohex s "$s"
		echo "$s $present $swapped $guard $file $excl $runs $largest $w"
	done <"/proc/$P/maps"
}

# kernel_kpf_stable NAME...: "VADDR KPF" for every present page of the
# mappings, KPF the stable bits of /proc/kpageflags read directly.
kernel_kpf_stable() {
	local -a rows pfns kpf
	local r i
	mapfile -t rows < <(all_kernel_rows "$@" | awk '$2 == "present" { print $1, $3 }')
	for r in "${rows[@]}"; do pfns+=($((${r#* }))); done
	((${#pfns[@]})) && mapfile -t kpf < <(kwords kpageflags "${pfns[@]}")
	for ((i = 0; i < ${#rows[@]}; i++)); do
		tohex r $((kpf[i] & KPF_STABLE))
		echo "${rows[i]%% *} $r"
	done
}

# kpf_stable: "VADDR KPF" lines on stdin -> the same with KPF's stable bits.
kpf_stable() {
	local v k
	while read -r v k; do
		tohex v "$v"
		tohex k $((k & KPF_STABLE))
		echo "$v $k"
	done
}

# expand_runs: page_rows of --runs on stdin -> one "VADDR STATE PFN PHYS
# SWAP_TYPE SWAP_OFFSET" line per page of each run (PFN advancing by one),
# and a BAD-END line for a run whose end is not vaddr + npages pages.
expand_runs() {
	local v s pfn phys st so raw mc e np i va x y
	while read -r v s pfn phys st so raw mc e np; do
		((e == v + np * PAGE_SIZE)) || echo "$v BAD-END $e for $np pages"
		for ((i = 0; i < np; i++)); do
			tohex va $((v + i * PAGE_SIZE))
			if [ "$pfn" = - ]; then
				echo "$va $s - - $st $so"
			else
				tohex x $((pfn + i))
				tohex y $(((pfn + i) * PAGE_SIZE))
				echo "$va $s $x $y $st $so"
			fi
		done
	done
}

# count_bit BIT: how many of the words on stdin have BIT set.
count_bit() {
	local w n=0
	while read -r w; do (((w >> $1) & 1)) && n=$((n + 1)); done
	echo "$n"
}

# Bats traces every command (a DEBUG trap that set -T passes to functions
# and subshells), which makes a shell loop over a thousand pages take
# seconds. These helpers run in a new bash instead, outside the trap:
# NAME calls fast _NAME, and in there NAME is _NAME again.
FAST_FUNCS=(pm_read kwords kernel_rows maps_by_addr all_kernel_rows page_rows
	in_maps check_names kernel_vma_frames kernel_kpf_stable kpf_stable
	expand_runs count_bit)
fast() {
	local defs='' f
	for f in "${FAST_FUNCS[@]}"; do
		defs+="$(declare -f "_$f")"$'\n'"$f() { _$f \"\$@\"; }"$'\n'
	done
	bash -c "$(declare -f hex tohex nobody_mode)
$defs
$(declare -p PAGE_SIZE PFN_MASK PM_BIT KPF_BIT KPF_NAME PM_FLAGS_MASK KPF_ABI_MASK \
		KPF_STABLE MAP_START MAP_END 2>/dev/null)
P=${P:-}
\"\$@\"" _ "$@"
}
for f in "${FAST_FUNCS[@]}"; do
	eval "_$(declare -f "$f")"
	eval "$f() { fast _$f \"\$@\"; }"
done
unset f

# have_map NAME: whether the mapper made NAME (for the parts of a test that
# need it; the test then ends with need_map NAME, which says why it skips).
have_map() {
	[ -z "${MAP_SKIP[$1]+x}" ] || return 1
	[ -n "${MAP_START[$1]+x}" ] || fail "mapper printed no line for $1"
}

# vma_range NAME: "START,LAST" (hex, LAST the VMA's last byte), a RANGE that
# selects all the pages of the mapping whether HI is taken inclusive or not
# (the one-address form is tested on its own).
vma_range() { printf '%s,%x' "${MAP_START[$1]}" $((0x${MAP_END[$1]} - 1)); }

# live_mapper: root with PFNs visible; starts a mapper (P).
live_mapper() {
	[ "$(id -u)" -eq 0 ] || skip "needs root (PFNs, /proc/kpageflags, /proc/kpagecount)"
	[ -e /proc/kpageflags ] && [ -e /proc/kpagecount ] ||
		skip "no /proc/kpageflags or /proc/kpagecount (CONFIG_PROC_PAGE_MONITOR)"
	start_mapper
	P=$MAPPER_PID
	need_map anon
	local w
	w=$(pm_read "$P" "$((0x${MAP_START[anon]}))" 1)
	(((w & PFN_MASK) != 0)) ||
		skip "pagemap hides PFNs from this root (no CAP_SYS_ADMIN in the initial user namespace)"
}

# retry_until_still CMD...: runs CMD (which fills WANT from the kernel, runs
# vmaview into GOT and fills WANT2 from the kernel again) until WANT and
# WANT2 agree (the kernel may migrate or compact a page in between), up to 5
# times.
retry_until_still() {
	local try
	for ((try = 0; try < 5; try++)); do
		"$@"
		[ "$WANT" = "$WANT2" ] && return 0
		sleep 0.2
	done
	fail "the kernel's view changed during each of 5 reads"
}

# ================================================================ live

@test "mapper: forkshared, guard and thp are what the mapper says (kernel's view)" {
	live_mapper
	# forkshared: 28 pages, each mapped by the mapper and its child
	need_map forkshared
	assert_equal "$(map_size forkshared)" $((28 * PAGE_SIZE))
	[ -n "$MAPPER_CHILD" ] || fail "no forkchild line"
	assert_equal "$(awk '$1 == "PPid:" { print $2 }' "/proc/$MAPPER_CHILD/status")" "$P"
	run -0 maps_line "$MAPPER_CHILD" "${MAP_START[forkshared]}"
	assert_equal "$(smaps_field "$P" "${MAP_START[forkshared]}" Shared_Dirty)" "$(map_size forkshared)"
	assert_equal "$(smaps_field "$P" "${MAP_START[forkshared]}" Pss)" $((28 * PAGE_SIZE / 2))
	# guard: 40 pages, 16 of them guard markers, the other 24 resident
	if have_map guard; then
		assert_equal "$(map_size guard)" $((40 * PAGE_SIZE))
		assert_equal "$GUARD_START $GUARD_END" \
			"$(printf '%x %x' $((0x${MAP_START[guard]} + 8 * PAGE_SIZE)) $((0x${MAP_START[guard]} + 24 * PAGE_SIZE)))"
		assert_equal "$(smaps_field "$P" "${MAP_START[guard]}" Rss)" $((24 * PAGE_SIZE))
	fi
	# thp: one PMD-mapped huge page
	if have_map thp; then
		assert_equal "$(map_size thp)" $((512 * PAGE_SIZE))
		assert_equal "$(smaps_field "$P" "${MAP_START[thp]}" AnonHugePages)" "$(map_size thp)"
		(((0x${MAP_START[thp]} % (512 * PAGE_SIZE)) == 0)) || fail "thp not PMD-aligned"
	fi
	need_map guard
	need_map thp
}

@test "the mapper's child dies with it, even on SIGKILL" {
	live_mapper
	child=$MAPPER_CHILD
	kill -KILL "$P"
	reap_mappers
	for ((i = 0; i < 100; i++)); do
		# gone, or a zombie waiting for its new parent to reap it
		st=$(awk '$1 == "State:" { print $2 }' "/proc/$child/status" 2>/dev/null) || true
		[ -z "$st" ] || [ "$st" = Z ] && break
		sleep 0.05
	done
	[ -z "$st" ] || [ "$st" = Z ] || fail "child $child still running ($st) after the mapper was killed"
}

@test "pages --json: vaddr, state, PFN, phys, raw pagemap word and mapcount equal pagemap and kpagecount read directly" {
	live_mapper
	read_all() {
		WANT=$(all_kernel_rows "${FRAME_MAPS[@]}")
		JSON=$(vmaview pages --json "$P")
		WANT2=$(all_kernel_rows "${FRAME_MAPS[@]}")
	}
	retry_until_still read_all
	got=$(page_rows <<<"$JSON" | in_maps "${FRAME_MAPS[@]}")
	assert_equal "$got" "$WANT"
	# no row for untouched
	run -0 in_maps untouched <<<"$got"
	assert_output ""
	# root sees everything: no limits (nobody: the documented three)
	assert_frame_limits "$JSON"
}

@test "pages --json: flag names are the bits of the raw words (pagemap, kpageflags, --kpf-raw internal)" {
	live_mapper
	json=$(vmaview pages --json "$P")
	run -0 check_names <<<"$json"
	assert_output ""
	# no kernel-internal bit without --kpf-raw
	run -0 jq -r '[.processes[0].pages[] | select(.kpageflags != null) |
		select((.kpageflags.internal // []) | length > 0)] | length' <<<"$json"
	assert_output 0
	json=$(vmaview pages --json --kpf-raw "$P")
	run -0 check_names <<<"$json"
	assert_output ""
}

@test "pages: stable kpageflags bits equal /proc/kpageflags (anon, thp, zero_page, unevictable, compound...)" {
	live_mapper
	if nobody_mode; then
		# kpageflags is root's: null on every page, the limits say why
		JSON=$(vmaview pages --json --kpf-raw "$P")
		run -0 jq -r '[.processes[0].pages[] | .kpageflags] | unique | map(tostring) | join(" ")' <<<"$JSON"
		assert_output null
		assert_frame_limits "$JSON"
		return
	fi
	read_kpf() {
		WANT=$(kernel_kpf_stable "${FRAME_MAPS[@]}")
		JSON=$(vmaview pages --json --kpf-raw "$P")
		WANT2=$(kernel_kpf_stable "${FRAME_MAPS[@]}")
	}
	retry_until_still read_kpf
	got=$(jq -r '.processes[0].pages[] | select(.state == "present") | "\(.vaddr) \(.kpageflags.raw)"' <<<"$JSON" |
		kpf_stable | in_maps "${FRAME_MAPS[@]}")
	assert_equal "$got" "$WANT"
}

@test "pages: what each mapping is shows in its flags (anon, file, locked, zero page, forkshared, guard)" {
	live_mapper
	json=$(vmaview pages --json --kpf-raw "$P")
	# the rows of mapping NAME: "VADDR STATE PAGEMAP-NAMES KPF-NAMES INTERNAL
	# MAPCOUNT", names sorted and comma-joined, "-" for none
	rows_of() {
		jq -r '.processes[0].pages[] | [.vaddr, .state, (.pagemap.names | sort | join(",")),
			(.kpageflags.names // [] | sort | join(",")), (.kpageflags.internal // [] | sort | join(",")),
			(.mapcount | tostring)] | map(if . == "" then "-" else . end) | join(" ")' <<<"$json" |
			in_maps "$1" | cut -d' ' -f2-
	}
	if nobody_mode; then
		# the pagemap flags as root sees them; no kpageflags, no mapcount
		# (every page of each mapping matches; shmem's exclusive bit
		# depends on who else maps it)
		local file='^present ([a-z_]+,)*file(,[a-z_]+)* - - null$'
		local -A want=([anon]='^present exclusive,present - - null$' [populate]='^present exclusive,present - - null$'
			[locked]='^present exclusive,present - - null$' [file]=$file [shared]=$file [memfd]=$file
			[zeroread]='^present present - - null$' [forkshared]='^present present - - null$')
		for name in "${!want[@]}"; do
			have_map "$name" || continue
			run -0 rows_of "$name"
			assert_equal "$name $(grep -cE "${want[$name]}" <<<"$output")" "$name $(($(map_size "$name") / PAGE_SIZE))"
			assert_equal "$name ${#lines[@]}" "$name $(($(map_size "$name") / PAGE_SIZE))"
		done
		need_map guard
		run -0 rows_of guard
		assert_equal "$(grep -c '^guard guard,swap - - null$' <<<"$output")" 16
		assert_equal "$(grep -c '^present exclusive,present - - null$' <<<"$output")" 24
		return
	fi
	for name in anon populate locked; do
		have_map "$name" || continue
		n=$(($(map_size "$name") / PAGE_SIZE))
		run -0 rows_of "$name"
		assert_equal "$name ${#lines[@]}" "$name $n"
		# private anonymous, written once: present, exclusive, not file, mapcount 1
		assert_equal "$name $(grep -c '^present exclusive,present [a-z_,]*anon[a-z_,]* [^ ]* 1$' <<<"$output")" "$name $n"
	done
	# mlock'd: unevictable (and mlocked among the internal bits)
	if have_map locked; then
		run -0 rows_of locked
		assert_equal "$(grep -c '^present [a-z_,]* [a-z_,]*unevictable[a-z_,]* [a-z0-9_,]*mlocked' <<<"$output")" 8
	fi
	# the file: pagemap "file" on every page, never anon
	need_map file
	run -0 rows_of file
	assert_equal "${#lines[@]}" 24
	assert_equal "$(grep -c '^present [a-z_,]*file[a-z_,]* ' <<<"$output")" 24
	refute_output --regexp '[ ,]anon[ ,]'
	# shmem (shared anonymous, memfd): "file" in pagemap, swapbacked, not anon
	for name in shared memfd; do
		need_map "$name"
		run -0 rows_of "$name"
		assert_equal "$name $(grep -c '^present [a-z_,]*file[a-z_,]* [a-z_,]*swapbacked' <<<"$output")" \
			"$name $(($(map_size "$name") / PAGE_SIZE))"
		refute_output --regexp '[ ,]anon[ ,]'
	done
	# every page read, none written: the shared zero page, never exclusive,
	# mapcount 0 (the kernel counts no mapping of it)
	need_map zeroread
	run -0 rows_of zeroread
	assert_equal "${#lines[@]}" 26
	assert_equal "$(grep -c '^present present [a-z_,]*zero_page[a-z_,]* [a-z0-9_,]*reserved[a-z0-9_,]* 0$' <<<"$output")" 26
	# shared with the child: mapcount 2, not exclusive
	need_map forkshared
	run -0 rows_of forkshared
	assert_equal "$(grep -c '^present present [a-z_,]*anon[a-z_,]* [^ ]* 2$' <<<"$output")" 28
	# and the kernel says mapcount 2 too
	pfns=()
	while read -r w; do pfns+=($((w & PFN_MASK))); done < <(pm_read "$P" $((0x${MAP_START[forkshared]})) 28)
	run -0 kwords kpagecount "${pfns[@]}"
	assert_equal "$(sort -u <<<"$output")" 0x2
	# guard pages: state guard (not swap), no frame
	need_map guard
	run -0 rows_of guard
	assert_equal "$(grep -c '^guard guard,swap - - null$' <<<"$output")" 16
	assert_equal "$(grep -c '^present exclusive,present ' <<<"$output")" 24
	refute_output --regexp '^swap '
	need_map locked
}

@test "pages: the THP's 512 pages carry thp; compound_head on the first, compound_tail on the others" {
	live_mapper
	need_map thp
	json=$(vmaview pages --json --kpf-raw "$P" "$(vma_range thp)")
	run -0 jq -r '.processes[0].pages | length' <<<"$json"
	assert_output 512
	if nobody_mode; then
		# no kpageflags, no PFN: nothing says thp; all 512 present
		run -0 jq -r '[.processes[0].pages[] | "\(.state) \(.pfn) \(.kpageflags)"] | unique | join(" ")' <<<"$json"
		assert_output "present null null"
		assert_frame_limits "$json"
		return
	fi
	run -0 jq -r '[.processes[0].pages[] | select(.kpageflags.names | index("thp"))] | length' <<<"$json"
	assert_output 512
	run -0 jq -r '.processes[0].pages | [(.[0].kpageflags.names | index("compound_head") != null),
		([.[1:][] | select(.kpageflags.names | index("compound_tail"))] | length)] | map(tostring) | join(" ")' <<<"$json"
	assert_output "true 511"
	# the PFNs: one naturally aligned 2 MiB frame, as pagemap says
	first=$(pm_read "$P" "$((0x${MAP_START[thp]}))" 1)
	first=$((first & PFN_MASK))
	((first % 512 == 0)) || fail "head PFN $(hex "$first") not 512-aligned"
	run -0 jq -r '.processes[0].pages | [.[0].pfn, .[511].pfn] | join(" ")' <<<"$json"
	assert_equal "$(hex "${output% *}") $(hex "${output#* }")" "$(hex "$first") $(hex $((first + 511)))"
	# and kpageflags says thp for each of them
	run -0 count_bit 22 < <(kwords kpageflags $(seq "$first" $((first + 511))))
	assert_output 512
}

@test "show: frame counts of every VMA equal pagemap read directly; present minus zero pages equals smaps Rss" {
	live_mapper
	# exclusive: only on the mapper's own VMAs. A library page that only
	# the mapper maps is exclusive, until vmaview (or dd, or a test running
	# in parallel) maps the same library page: what the reader sees depends
	# on who reads, so it is neither compared nor waited for elsewhere
	own=" "
	for name in "${!MAP_START[@]}"; do own+="0x${MAP_START[$name]} "; done
	no_excl() { awk -v own="$own" 'index(own, " " $1 " ") == 0 { $6 = "*" } { print }'; }
	read_frames() {
		WANT=$(kernel_vma_frames | no_excl)
		JSON=$(frames_json "$P")
		WANT2=$(kernel_vma_frames | no_excl)
	}
	retry_until_still read_frames
	if nobody_mode; then
		# the flag counts as root reads pagemap; what needs PFNs null
		got=$(jq -r '.processes[0].vmas[] | [.start] + (.frames | [.present, .swapped, .guard,
			.file_shared, .exclusive]) | join(" ")' <<<"$JSON" |
			while read -r s rest; do
				tohex s "$s"
				grep -q "^$s " <<<"$WANT" && echo "$s $rest"
			done)
		assert_equal "$(no_excl <<<"$got")" "$(cut -d' ' -f1-6 <<<"$WANT" | no_excl)"
		(($(grep -c . <<<"$WANT") > ${#MAP_START[@]})) || fail "only $(grep -c . <<<"$WANT") VMAs compared"
		# (vmaview knows before the first page that PFNs are hidden: no
		# capability; every VMA's PFN-derived fields are null, also those
		# without a present page, such as ASan's shadow reservations)
		run -0 jq -r --argjson h "$(printf '%s\n' "${FRAME_HIDDEN_KEYS[@]}" | jq -R . | jq -sc .)" \
			'[.processes[0] | (.vmas[], .totals) | .frames | to_entries[] |
			 if (.key as $k | $h | index($k)) then .value == null
			 else (.value | type) == "number" end] | all' <<<"$JSON"
		assert_output true
		run -0 jq -r '.processes[0] | [.vmas[].frames] as $r | .totals.frames as $t |
			[$t | to_entries[] | select(.value != null) | .value == ([$r[][.key]] | add)] | all' <<<"$JSON"
		assert_output true
		assert_frame_limits "$JSON"
		return
	fi
	local -A nopf=()
	while read -r s w; do [ "$w" = - ] || nopf[$s]=1; done < <(cut -d' ' -f1,9 <<<"$WANT")
	# present - zero_pages against Rss: smaps counts no zero-page PTE
	got=$(jq -r '.processes[0].vmas[] | [.start] + (.frames | [.present, .swapped, .guard,
		.file_shared, .exclusive, .runs, .largest_run, .present - .zero_pages]) | join(" ")' <<<"$JSON" |
		while read -r s rest; do
			tohex s "$s"
			grep -q "^$s " <<<"$WANT" || continue
			[ -n "${nopf[$s]+x}" ] && echo "$s $rest" || echo "$s ${rest% *} -"
		done)
	assert_equal "$(no_excl <<<"$got")" "$(no_excl <<<"$WANT")"
	# the mapper's VMAs at least were compared (got is filtered by WANT)
	(($(grep -c . <<<"$WANT") > ${#MAP_START[@]})) || fail "only $(grep -c . <<<"$WANT") VMAs compared"
	# every key is there, a number, in every row and in the totals
	run -0 jq -r --argjson k "$(printf '%s\n' "${FRAME_KEYS[@]}" | jq -R . | jq -sc .)" \
		'[.processes[0] | (.vmas[], .totals) | .frames | (keys_unsorted == $k) and ([.[] | type == "number"] | all)] | all' <<<"$JSON"
	assert_output true
	# the totals are the sums of the rows (largest_run: the largest;
	# frame_pss: rounded once from the exact sum, so within half a byte per
	# row of the sum of the rounded rows)
	run -0 jq -r '.processes[0] | [.vmas[].frames] as $r | .totals.frames as $t |
		[($t | del(.largest_run, .frame_pss) | to_entries[] | .value == ([$r[][.key]] | add)),
		 $t.largest_run == ([$r[].largest_run] | max),
		 (($t.frame_pss - ([$r[].frame_pss] | add)) | fabs) <= ($r | length) / 2] | all' <<<"$JSON"
	assert_output true
}

@test "show: the mapper's frame counts (anon exclusive, forkshared half PSS, guard, zero pages, thp)" {
	live_mapper
	json=$(frames_json "$P")
	f() { frame_of "$json" "$@"; }
	need_map anon
	# (hid: null in nobody mode, where the column needs the PFNs)
	assert_equal "anon $(f anon present) $(f anon exclusive) $(f anon zero_pages)" "anon 16 16 $(hid 0)"
	need_map untouched
	assert_equal "untouched $(f untouched present) $(f untouched runs) $(f untouched frame_pss)" "untouched 0 $(hid 0) $(hid 0)"
	need_map populate
	assert_equal "populate $(f populate present) $(f populate exclusive)" "populate 22 22"
	need_map zeroread
	# the zero page: present in pagemap, not in Rss, no PSS (mapcount 0)
	assert_equal "zeroread $(f zeroread present) $(f zeroread zero_pages) $(f zeroread exclusive) $(f zeroread frame_pss)" \
		"zeroread 26 $(hid 26) 0 $(hid 0)"
	need_map forkshared
	assert_equal "forkshared $(f forkshared present) $(f forkshared exclusive) $(f forkshared frame_pss)" \
		"forkshared 28 0 $(hid $((28 * PAGE_SIZE / 2)))"
	for name in shared memfd file; do
		need_map "$name"
		n=$(($(map_size "$name") / PAGE_SIZE))
		assert_equal "$name $(f "$name" present) $(f "$name" file_shared)" "$name $n $n"
	done
	if have_map guard; then
		assert_equal "guard $(f guard present) $(f guard guard) $(f guard swapped)" "guard 24 16 0"
	fi
	for name in anon populate file shared memfd locked forkshared guard; do
		have_map "$name" || continue
		assert_equal "$name $(f "$name" thp) $(f "$name" hugetlb) $(f "$name" ksm_pages)" "$name $(hid 0) $(hid 0) $(hid 0)"
	done
	if have_map locked; then
		assert_equal "locked $(f locked present) $(f locked exclusive)" "locked 8 8"
	fi
	need_map thp
	assert_equal "thp $(f thp present) $(f thp thp) $(f thp runs) $(f thp largest_run) $(f thp frame_pss)" \
		"thp 512 $(hid 512) $(hid 1) $(hid 512) $(hid "$(map_size thp)")"
	need_map guard
	need_map locked
}

@test "show: frame_pss equals smaps Pss (kB-truncated per VMA) on the mapper's VMAs" {
	live_mapper
	stable_run "$P" frames_json "$P"
	json=$STABLE_OUT
	for name in "${!MAP_START[@]}"; do
		pss=$(smaps_field "$P" "${MAP_START[$name]}" Pss)
		fpss=$(frame_of "$json" "$name" frame_pss)
		if nobody_mode; then
			assert_equal "$name frame_pss $fpss" "$name frame_pss null"
			continue
		fi
		# smaps truncates the exact sum to a kB; vmaview rounds it once
		((fpss >= pss && fpss <= pss + 1024)) ||
			fail "$name: frame_pss $fpss, smaps Pss $pss"
	done
}

@test "pages --runs: runs cover exactly the pages, PFNs advance by one, the THP is one run, the guard pages one run" {
	live_mapper
	read_runs() {
		WANT=$(all_kernel_rows "${FRAME_MAPS[@]}")
		JSON=$(vmaview pages --runs --json "$P")
		PAGES=$(vmaview pages --json "$P")
		WANT2=$(all_kernel_rows "${FRAME_MAPS[@]}")
	}
	retry_until_still read_runs
	runs=$(page_rows <<<"$JSON")
	# sum of npages == the rows of the per-page listing
	run -0 jq -r '[.processes[0].runs[].npages] | add' <<<"$JSON"
	assert_equal "$output" "$(jq -r '.processes[0].pages | length' <<<"$PAGES")"
	# each run expanded page by page: exactly the kernel's pages
	got=$(expand_runs <<<"$runs" | in_maps "${FRAME_MAPS[@]}")
	assert_equal "$got" "$(cut -d' ' -f1-6 <<<"$WANT")"
	# the guard pages: one run of 16, state guard
	if have_map guard; then
		run -0 awk -v s="$(hex "0x$GUARD_START")" '$1 == s' <<<"$runs"
		read -r v s _ _ _ _ _ _ e np <<<"$output"
		assert_equal "$s $e $np" "guard $(hex "0x$GUARD_END") 16"
	fi
	# the THP: one run of 512 pages
	need_map thp
	run -0 in_maps thp <<<"$runs"
	assert_equal "${#lines[@]}" 1
	read -r v s pfn _ _ _ _ _ e np <<<"$output"
	assert_equal "$v $s $e $np" "$(hex "0x${MAP_START[thp]}") present $(hex "0x${MAP_END[thp]}") 512"
	need_map guard
}

@test "pages RANGE: lo,hi  lo,  ,hi  and one address (its VMA)" {
	live_mapper
	need_map anon
	need_map untouched
	a=$((0x${MAP_START[anon]}))
	addrs() { page_rows <<<"$output" | cut -d' ' -f1; }
	kaddrs() { kernel_rows "$P" "$@" | cut -d' ' -f1; }
	# lo,hi: pages 1 to 3 (hi inside page 3)
	want=$(kaddrs "$(printf '%x' $((a + PAGE_SIZE)))" "$(printf '%x' $((a + 4 * PAGE_SIZE)))")
	run -0 --separate-stderr vmaview pages --json "$P" "$(printf '%x,%x' $((a + PAGE_SIZE)) $((a + 3 * PAGE_SIZE + 16)))"
	assert_frames_stderr
	assert_equal "$(addrs)" "$want"
	# the same with 0x
	run -0 --separate-stderr vmaview pages --json "$P" "$(printf '0x%x,0x%x' $((a + PAGE_SIZE)) $((a + 3 * PAGE_SIZE + 16)))"
	assert_frames_stderr
	assert_equal "$(addrs)" "$want"
	# ,hi: everything up to page 1 of anon: its last two rows are anon's pages 0 and 1
	run -0 --separate-stderr vmaview pages --json "$P" "$(printf ',%x' $((a + PAGE_SIZE + 16)))"
	assert_frames_stderr
	assert_equal "$(addrs | tail -2)" "$(hex "$a")
$(hex $((a + PAGE_SIZE)))"
	# lo,: from the last page of anon on
	run -0 --separate-stderr vmaview pages --json "$P" "$(printf '%x,' $((a + 15 * PAGE_SIZE)))"
	assert_frames_stderr
	assert_equal "$(addrs | head -1)" "$(hex $((a + 15 * PAGE_SIZE)))"
	# one address: its whole VMA
	run -0 --separate-stderr vmaview pages --json "$P" "$(printf '%x' $((a + 5 * PAGE_SIZE + 0x123)))"
	assert_frames_stderr
	assert_equal "$(addrs)" "$(kaddrs "${MAP_START[anon]}" "${MAP_END[anon]}")"
	# untouched: no row; with --holes, 64 rows in state none
	run -0 --separate-stderr vmaview pages --json "$P" "${MAP_START[untouched]}"
	assert_frames_stderr
	run -0 jq -r '.processes[0].pages | length' <<<"$output"
	assert_output 0
	run -0 --separate-stderr vmaview pages --holes --json "$P" "${MAP_START[untouched]}"
	assert_frames_stderr
	run -0 jq -r '[.processes[0].pages[] | .state] | group_by(.) | map("\(.[0]) \(length)") | join(" ")' <<<"$output"
	assert_output "none 64"
}

@test "pages --flags: page-types expressions select by kpageflags (thp, zero_page, unevictable; repeated: or)" {
	live_mapper
	count() { "$VMAVIEW" pages --json "$@" 2>/dev/null | jq -r '.processes[0].pages | length'; }
	# nobody mode: no kpageflags, so no page matches (documented), exit 0
	# and one line saying so; m N: N as root, 0 in nobody mode
	m() { if nobody_mode; then echo 0; else echo "$1"; fi; }
	if nobody_mode; then
		need_map zeroread
		run -0 --separate-stderr vmaview pages --json --flags zero_page "$P" "$(vma_range zeroread)"
		assert_equal "$stderr" "$FRAMES_HIDDEN
vmaview: --flags: no kpageflags to match, so no page matches"
	fi
	need_map zeroread
	run -0 count --flags zero_page "$P" "$(vma_range zeroread)"
	assert_output "$(m 26)"
	run -0 count --flags anon "$P" "$(vma_range zeroread)"
	assert_output "$(m 0)"
	run -0 count --flags anon --flags zero_page "$P" "$(vma_range zeroread)"
	assert_output "$(m 26)"
	run -0 count --flags ~zero_page "$P" "$(vma_range zeroread)"
	assert_output "$(m 0)"
	need_map anon
	run -0 count --flags anon,~zero_page,~thp "$P" "$(vma_range anon)"
	assert_output "$(m 16)"
	# page-types' long spelling is accepted
	run -0 count --flags anonymous "$P" "$(vma_range anon)"
	assert_output "$(m 16)"
	if have_map locked; then
		run -0 count --flags unevictable "$P" "$(vma_range locked)"
		assert_output "$(m 8)"
	fi
	if have_map thp; then
		run -0 count --flags thp "$P" "$(vma_range thp)"
		assert_output "$(m 512)"
		run -0 count --flags thp,~anon "$P" "$(vma_range thp)"
		assert_output "$(m 0)"
	fi
	need_map locked
	need_map thp
}

# own_area: "LO,HI" (hex) from the lowest mapping the mapper made to the
# last byte of its highest: a RANGE (and -A) that holds all of them and
# leaves out the rest of the process (libc, and an ASan build's terabytes
# of shadow, which the fallback would have to read page by page).
own_area() {
	local name min=-1 max=0
	for name in "${!MAP_START[@]}"; do
		((min < 0 || 0x${MAP_START[$name]} < min)) && min=$((0x${MAP_START[$name]}))
		((0x${MAP_END[$name]} > max)) && max=$((0x${MAP_END[$name]}))
	done
	printf '%x,%x' "$min" $((max - 1))
}

# own_ranges: the mapper's VMAs as a JSON array of [start, end] numbers.
own_ranges() {
	local name sep=
	printf '['
	for name in "${!MAP_START[@]}"; do
		printf '%s[%d,%d]' "$sep" $((0x${MAP_START[$name]})) $((0x${MAP_END[$name]}))
		sep=,
	done
	printf ']\n'
}

# Keeps what does not depend on other processes: everything on the mapper's
# own pages and VMAs; elsewhere (libc, ld.so: mapped and unmapped by every
# process that starts) no mapcount, kpageflags, exclusive or PSS, and no
# runs (they split where those differ).
JQ_STABLE='def num: ltrimstr("0x") | explode |
		reduce .[] as $c (0; . * 16 + (if $c >= 97 then $c - 87 else $c - 48 end));
	def own: (.vaddr // .start | num) as $v | any($r[]; $v >= .[0] and $v < .[1]);
	.processes[0] |= (
		if has("pages") then .pages |= map(if own then . else del(.mapcount, .kpageflags) end) else . end |
		if has("runs") then .runs |= map(select(own)) else . end |
		if has("vmas") then
			.vmas |= map(if own then . else del(.frames.exclusive, .frames.frame_pss) end) |
			del(.totals.frames.exclusive, .totals.frames.frame_pss)
		else . end)'

@test "--no-pagemap-scan: pages and show print exactly what PAGEMAP_SCAN gives" {
	live_mapper
	r=$(own_ranges)
	# A, the fallback B, then A again: kpageflags bits (lru, referenced,
	# idle) may change between runs, so B must equal A when A did not change
	same_with_fallback() {
		local try a b a2
		for ((try = 0; try < 5; try++)); do
			a=$("$VMAVIEW" "$@")
			b=$("$VMAVIEW" --no-pagemap-scan "$@")
			a2=$("$VMAVIEW" "$@")
			if [[ " $* " == *" --json "* || " $* " == *" -J "* ]]; then
				a=$(jq -c --argjson r "$r" "$JQ_STABLE" <<<"$a")
				b=$(jq -c --argjson r "$r" "$JQ_STABLE" <<<"$b")
				a2=$(jq -c --argjson r "$r" "$JQ_STABLE" <<<"$a2")
			fi
			if [ "$a" = "$a2" ]; then
				assert_equal "$b" "$a"
				return
			fi
			sleep 0.2
		done
		fail "vmaview $* never gave the same output twice"
	}
	area=$(own_area)
	same_with_fallback pages --json "$P" "$area"
	same_with_fallback pages --json --runs "$P" "$area"
	same_with_fallback pages --json --holes --kpf-raw "$P" "$area"
	same_with_fallback -J -o "$FRAME_COLS" -A "$area" "$P"
	# tables, without the columns other processes change
	same_with_fallback pages -r -n -o vaddr,state,pfn,phys,swap_type,swap_offset,pagemap "$P" "$area"
	same_with_fallback -b -r -o start,present,swapped,guard,file_shared,runs,largest_run,thp,hugetlb,ksm_pages,zero_pages -A "$area" "$P"
	# the whole process (libc, the stack, vdso...), unless it has huge
	# reservations (ASan) that the fallback would read page by page
	size=0
	while read -r range _; do
		((0x${range%-*} > 0)) && size=$((size + 0x${range#*-} - 0x${range%-*}))
	done <"/proc/$P/maps"
	((size < (1 << 32))) || skip "the mapper maps $((size >> 30)) GiB (ASan?): whole-process fallback not compared"
	same_with_fallback pages --json "$P"
	same_with_fallback pages --json --runs "$P"
	same_with_fallback -J -o "$FRAME_COLS" "$P"
}

@test "unprivileged: pagemap flags without frames, one stderr line naming CAP_SYS_ADMIN, JSON limits" {
	nobody_copies
	mapper_as_nobody
	start_mapper
	P=$MAPPER_PID
	assert_equal "$(stat -c %U "/proc/$P")" nobody
	as_nobody() {
		setpriv --reuid=nobody --regid="$ngid" --clear-groups "$NOBODY_DIR/vmaview" "$@"
	}
	# the kernel hides PFNs from nobody, flags stay
	need_map anon
	run -0 bash -c "setpriv --reuid=nobody --regid=$ngid --clear-groups dd if=/proc/$P/pagemap bs=8 iflag=skip_bytes skip=$((0x${MAP_START[anon]} / PAGE_SIZE * 8)) count=1 status=none | od -An -tx8"
	assert_equal "$(hex "0x${output// /}")" 0x8100000000000000

	# show: exit 0, flag counts right, frame-derived counts unknown (null)
	run -0 --separate-stderr as_nobody -J -o "$FRAME_COLS" "$P"
	json=$output
	assert_equal "$(grep -c . <<<"$stderr")" 1
	assert_equal "$(grep -c CAP_SYS_ADMIN <<<"$stderr")" 1
	f() { frame_of "$json" "$@"; }
	assert_equal "$(f anon present) $(f anon exclusive) $(f anon swapped)" "16 16 0"
	if have_map guard; then
		assert_equal "$(f guard present) $(f guard guard)" "24 16"
	fi
	need_map file
	assert_equal "$(f file file_shared)" 24
	for k in runs largest_run frame_pss; do
		assert_equal "anon $k $(f anon "$k")" "anon $k null"
	done
	run -0 jq -r '.processes[0].limits | length > 0 and
		([.[] | (.source | type == "string") and (.reason | type == "string")] | all)' <<<"$json"
	assert_output true
	# every VMA is still there
	run -0 jq -r '.processes[0].vmas | length' <<<"$json"
	assert_output "$(wc -l <"/proc/$P/maps")"

	# pages: states and flags as root sees them, without PFN, phys, mapcount, kpageflags
	run -0 --separate-stderr as_nobody pages --json "$P"
	json=$output
	assert_equal "$(grep -c . <<<"$stderr")" 1
	assert_equal "$(grep -c CAP_SYS_ADMIN <<<"$stderr")" 1
	run -0 jq -r '.processes[0].limits | length > 0' <<<"$json"
	assert_output true
	got=$(page_rows <<<"$json" | in_maps anon guard file)
	want=$(for name in $(maps_by_addr anon guard file); do
		kernel_rows "$P" "${MAP_START[$name]}" "${MAP_END[$name]}"
	done | while read -r v s pfn phys st so raw mc; do
		echo "$v $s - - - - $(hex $((raw & ~PFN_MASK))) -"
	done)
	assert_equal "$got" "$want"
	run -0 jq -r '[.processes[0].pages[] | .kpageflags] | unique | map(tostring) | join(" ")' <<<"$json"
	assert_output null
}

# ============================================== fixture: a generated /proc

# smaps_block START END PERMS OFFSET DEV INODE NAME RSS_PAGES ANON_PAGES FLAGS
smaps_block() {
	local kb=$((PAGE_SIZE / 1024)) size=$((($2 - $1) / 1024))
	printf '%x-%x %s %08x %s %s' "$1" "$2" "$3" "$4" "$5" "$6"
	[ -z "$7" ] && echo || printf '%*s%s\n' 10 '' "$7"
	printf '%-16s%8d kB\n' Size: "$size" KernelPageSize: "$kb" MMUPageSize: "$kb" \
		Rss: $(($8 * kb)) Pss: $(($8 * kb)) Pss_Dirty: 0 Shared_Clean: 0 \
		Shared_Dirty: 0 Private_Clean: $(($8 * kb)) Private_Dirty: 0 \
		Referenced: $(($8 * kb)) Anonymous: $(($9 * kb)) KSM: 0 LazyFree: 0 \
		AnonHugePages: 0 ShmemPmdMapped: 0 FilePmdMapped: 0 Shared_Hugetlb: 0 \
		Private_Hugetlb: 0 Swap: 0 SwapPss: 0 Locked: 0
	printf 'THPeligible:    0\nVmFlags: %s \n' "${10}"
}

# make_frame_fixture DIR: DIR/4242 (cmdline, comm, stat from the committed
# fixture; maps and smaps of three VMAs; a sparse binary pagemap, a regular
# file, on which PAGEMAP_SCAN fails with ENOTTY: the fallback) and
# DIR/kpageflags, DIR/kpagecount with known words at known PFNs.
#   A  8 pages rw-p anon at FA: p0-p2 present PFN 0x1000-0x1002 exclusive
#      (one run), p3 none, p4 swap type 1 offset 0x42, p5 guard, p6 present
#      PFN 0x2000 mapcount 2 (not exclusive, no lru), p7 the zero page
#      (PFN 0x3000, zero_page|reserved, mapcount 0)
#   B  4 pages r--p file at FB: PFN 0x5000-0x5003 present, file, exclusive
#   C  4 pages rw-p anon at FC: PFN 0x6000-0x6003 a 4-page THP (compound_head
#      on the first, compound_tail on the others), exclusive
make_frame_fixture() {
	local d=$1 ps=$PAGE_SIZE i
	local anon=$(((1 << 3) | (1 << 4) | (1 << 5) | (1 << 11) | (1 << 12) | (1 << 14)))
	mkdir -p "$d/4242"
	cp "$FIXTURES/proc/4242/cmdline" "$FIXTURES/proc/4242/comm" "$FIXTURES/proc/4242/stat" "$d/4242/"
	FA=$((0x10000000)) FB=$((0x20000000)) FC=$((0x40000000))
	# Rss: the present pages but the zero page, as the kernel counts
	{
		smaps_block $FA $((FA + 8 * ps)) rw-p 0 00:00 0 '' 4 4 'rd wr mr mw me ac'
		smaps_block $FB $((FB + 4 * ps)) r--p 0 08:01 4321 /usr/lib/frames.so 4 0 'rd mr mw me'
		smaps_block $FC $((FC + 4 * ps)) rw-p 0 00:00 0 '' 4 4 'rd wr mr mw me ac hg'
	} >"$d/4242/smaps"
	grep -E '^[0-9a-f]+-[0-9a-f]+ ' "$d/4242/smaps" >"$d/4242/maps"
	pm=$d/4242/pagemap
	: >"$pm"
	put64 "$pm" $((FA / ps + 0)) 0x8100000000001000
	put64 "$pm" $((FA / ps + 1)) 0x8100000000001001
	put64 "$pm" $((FA / ps + 2)) 0x8100000000001002
	put64 "$pm" $((FA / ps + 4)) $(((1 << 62) | (0x42 << 5) | 1))
	put64 "$pm" $((FA / ps + 5)) 0x440000000000009f
	put64 "$pm" $((FA / ps + 6)) 0x8000000000002000
	put64 "$pm" $((FA / ps + 7)) 0x8000000000003000
	for i in 0 1 2 3; do
		put64 "$pm" $((FB / ps + i)) $((0xa100000000005000 + i))
		put64 "$pm" $((FC / ps + i)) $((0x8100000000006000 + i))
	done
	truncate -s $(((FC / ps + 4) * 8)) "$pm"
	kf=$d/kpageflags kc=$d/kpagecount
	: >"$kf"
	: >"$kc"
	for i in 0 1 2; do
		put64 "$kf" $((0x1000 + i)) "$anon"
		put64 "$kc" $((0x1000 + i)) 1
	done
	put64 "$kf" $((0x2000)) $((anon & ~(1 << 5)))
	put64 "$kc" $((0x2000)) 2
	put64 "$kf" $((0x3000)) $(((1 << 24) | (1 << 32)))
	put64 "$kc" $((0x3000)) 0
	for i in 0 1 2 3; do
		put64 "$kf" $((0x5000 + i)) $(((1 << 3) | (1 << 5) | (1 << 6) | (1 << 11)))
		put64 "$kc" $((0x5000 + i)) 1
		put64 "$kf" $((0x6000 + i)) $((anon | (1 << 22) | (i == 0 ? 1 << 15 : 1 << 16)))
		put64 "$kc" $((0x6000 + i)) 1
	done
	truncate -s $(((0x6004 + 16) * 8)) "$kf" "$kc"
}

fixture() {
	FROOT=$BATS_TEST_TMPDIR/proc
	make_frame_fixture "$FROOT"
}

# The rows the fixture must give, "VADDR STATE PFN PHYS SWAP_TYPE SWAP_OFFSET RAW MAPCOUNT".
fixture_rows() {
	local ps=$PAGE_SIZE i
	echo "$(hex $FA) present 0x1000 $(hex $((0x1000 * ps))) - - 0x8100000000001000 1"
	echo "$(hex $((FA + ps))) present 0x1001 $(hex $((0x1001 * ps))) - - 0x8100000000001001 1"
	echo "$(hex $((FA + 2 * ps))) present 0x1002 $(hex $((0x1002 * ps))) - - 0x8100000000001002 1"
	echo "$(hex $((FA + 4 * ps))) swap - - 1 66 $(hex $(((1 << 62) | (0x42 << 5) | 1))) -"
	echo "$(hex $((FA + 5 * ps))) guard - - - - 0x440000000000009f -"
	echo "$(hex $((FA + 6 * ps))) present 0x2000 $(hex $((0x2000 * ps))) - - 0x8000000000002000 2"
	echo "$(hex $((FA + 7 * ps))) present 0x3000 $(hex $((0x3000 * ps))) - - 0x8000000000003000 0"
	for i in 0 1 2 3; do
		echo "$(hex $((FB + i * ps))) present $(hex $((0x5000 + i))) $(hex $(((0x5000 + i) * ps))) - - $(hex $((0xa100000000005000 + i))) 1"
	done
	for i in 0 1 2 3; do
		echo "$(hex $((FC + i * ps))) present $(hex $((0x6000 + i))) $(hex $(((0x6000 + i) * ps))) - - $(hex $((0x8100000000006000 + i))) 1"
	done
}

@test "fixture: the generated tree is what it claims (sparse pagemap, kpageflags, kpagecount)" {
	fixture
	# read back with dd, independent of vmaview
	w=$(dd if="$FROOT/4242/pagemap" bs=8 skip=$((FA / PAGE_SIZE + 4)) count=1 status=none | od -An -tx8 | tr -d ' ')
	assert_equal "$(hex "0x$w")" "$(hex $(((1 << 62) | (0x42 << 5) | 1)))"
	w=$(dd if="$FROOT/kpageflags" bs=8 skip=$((0x6000)) count=1 status=none | od -An -tx8 | tr -d ' ')
	assert_equal "$(hex "0x$w")" "$(hex $(((1 << 3) | (1 << 4) | (1 << 5) | (1 << 11) | (1 << 12) | (1 << 14) | (1 << 15) | (1 << 22))))"
	# sparse: far less on disk than its size
	(($(stat -c %b "$FROOT/4242/pagemap") * 512 < $(stat -c %s "$FROOT/4242/pagemap"))) ||
		fail "pagemap is not sparse"
}

@test "fixture: pages --json gives exactly the PFNs, states, raw words and mapcounts written (fallback path)" {
	fixture
	run -0 --separate-stderr vmaview pages --json --proc-root "$FROOT" 4242
	json=$output
	assert_equal "$(page_rows <<<"$json")" "$(fixture_rows)"
	# kpageflags as written, named by bit
	run -0 jq -r '.processes[0].pages[] | "\(.state) \(.kpageflags.raw // "-") \(.kpageflags.names // ["-"] | join(","))"' <<<"$json"
	assert_equal "${lines[0]}" "present 0x5838 uptodate,dirty,lru,mmap,anon,swapbacked"
	assert_equal "${lines[3]}" "swap - -"
	assert_equal "${lines[4]}" "guard - -"
	assert_equal "${lines[5]}" "present 0x5818 uptodate,dirty,mmap,anon,swapbacked"
	assert_equal "${lines[6]}" "present 0x1000000 zero_page"
	assert_equal "${lines[7]}" "present 0x868 uptodate,lru,active,mmap"
	assert_equal "${lines[11]}" "present 0x40d838 uptodate,dirty,lru,mmap,anon,swapbacked,compound_head,thp"
	assert_equal "${lines[12]}" "present 0x415838 uptodate,dirty,lru,mmap,anon,swapbacked,compound_tail,thp"
	run -0 check_names <<<"$json"
	assert_output ""
	# kpageflags and kpagecount are there and readable: no limit about them
	# (the missing ioctl is not a limit: the fallback reads the same)
	run -0 jq -c '[.processes[0].limits[] | select(.source + " " + .reason | test("kpage|CAP_SYS_ADMIN"))]' <<<"$json"
	assert_output '[]'
	# --no-pagemap-scan changes nothing (a regular file has no ioctl anyway)
	run -0 vmaview pages --json --no-pagemap-scan --proc-root "$FROOT" 4242
	assert_equal "$output" "$json"
}

@test "fixture: --kpf-raw adds the kernel-internal bits as 'internal'" {
	fixture
	run -0 vmaview pages --json --kpf-raw --proc-root "$FROOT" 4242
	run -0 jq -r '.processes[0].pages[6] | "\(.kpageflags.names | join(",")) \(.kpageflags.internal | join(","))"' <<<"$output"
	assert_output "zero_page reserved"
	run -0 vmaview pages --json --proc-root "$FROOT" 4242
	run -0 jq -r '.processes[0].pages[6].kpageflags | "\(.names | join(",")) \(.internal // [] | length)"' <<<"$output"
	assert_output "zero_page 0"
}

@test "fixture: --holes adds the none pages, --runs merges runs" {
	fixture
	run -0 vmaview pages --json --holes --proc-root "$FROOT" 4242
	run -0 jq -r '.processes[0].pages | "\(length) \(map(select(.state == "none")) | map(.vaddr) | join(","))"' <<<"$output"
	read -r n none <<<"$output"
	assert_equal "$n $(hex "$none")" "16 $(hex $((FA + 3 * PAGE_SIZE)))"
	run -0 vmaview pages --json --runs --proc-root "$FROOT" 4242
	run -0 page_rows <<<"$output"
	ps=$PAGE_SIZE
	assert_equal "$output" "$(hex $FA) present 0x1000 $(hex $((0x1000 * ps))) - - 0x8100000000001000 1 $(hex $((FA + 3 * ps))) 3
$(hex $((FA + 4 * ps))) swap - - 1 66 $(hex $(((1 << 62) | (0x42 << 5) | 1))) - $(hex $((FA + 5 * ps))) 1
$(hex $((FA + 5 * ps))) guard - - - - 0x440000000000009f - $(hex $((FA + 6 * ps))) 1
$(hex $((FA + 6 * ps))) present 0x2000 $(hex $((0x2000 * ps))) - - 0x8000000000002000 2 $(hex $((FA + 7 * ps))) 1
$(hex $((FA + 7 * ps))) present 0x3000 $(hex $((0x3000 * ps))) - - 0x8000000000003000 0 $(hex $((FA + 8 * ps))) 1
$(hex $FB) present 0x5000 $(hex $((0x5000 * ps))) - - 0xa100000000005000 1 $(hex $((FB + 4 * ps))) 4
$(hex $FC) present 0x6000 $(hex $((0x6000 * ps))) - - 0x8100000000006000 1 $(hex $((FC + 4 * ps))) 4"
}

@test "fixture: --flags selects by kpageflags (page-types -b grammar)" {
	fixture
	vaddrs() {
		"$VMAVIEW" pages --json --proc-root "$FROOT" "$@" 4242 |
			jq -r '.processes[0].pages[].vaddr' | while read -r v; do hex "$v"; echo; done | tr '\n' ' '
	}
	ps=$PAGE_SIZE
	run -0 vaddrs --flags anon,~lru
	assert_output "$(hex $((FA + 6 * ps))) "
	run -0 vaddrs --flags thp --flags zero_page
	assert_output "$(hex $((FA + 7 * ps))) $(hex $FC) $(hex $((FC + ps))) $(hex $((FC + 2 * ps))) $(hex $((FC + 3 * ps))) "
	run -0 vaddrs --flags mmap,~anon
	assert_output "$(hex $FB) $(hex $((FB + ps))) $(hex $((FB + 2 * ps))) $(hex $((FB + 3 * ps))) "
	run -0 vaddrs --flags compound_head
	assert_output "$(hex $FC) "
}

@test "fixture: RANGE forms select pages (lo,hi  lo,  ,hi  one address = its VMA)" {
	fixture
	vaddrs() {
		"$VMAVIEW" pages --json --proc-root "$FROOT" 4242 "$1" |
			jq -r '.processes[0].pages[].vaddr' | while read -r v; do hex "$v"; echo; done | tr '\n' ' '
	}
	ps=$PAGE_SIZE
	run -0 vaddrs "$(printf '%x,%x' $((FA + ps)) $((FA + 2 * ps + 16)))"
	assert_output "$(hex $((FA + ps))) $(hex $((FA + 2 * ps))) "
	run -0 vaddrs "$(printf '0x%x,0x%x' $((FA + ps)) $((FA + 2 * ps + 16)))"
	assert_output "$(hex $((FA + ps))) $(hex $((FA + 2 * ps))) "
	run -0 vaddrs "$(printf ',%x' $((FA + ps + 16)))"
	assert_output "$(hex $FA) $(hex $((FA + ps))) "
	run -0 vaddrs "$(printf '%x,' $((FB + 2 * ps)))"
	assert_output "$(hex $((FB + 2 * ps))) $(hex $((FB + 3 * ps))) $(hex $FC) $(hex $((FC + ps))) $(hex $((FC + 2 * ps))) $(hex $((FC + 3 * ps))) "
	run -0 vaddrs "$(printf '%x' $((FB + ps + 0x123)))"
	assert_output "$(hex $FB) $(hex $((FB + ps))) $(hex $((FB + 2 * ps))) $(hex $((FB + 3 * ps))) "
	# an address in a page that is none still selects its VMA
	run -0 vaddrs "$(printf '%x' $((FA + 3 * ps)))"
	assert_output "$(hex $FA) $(hex $((FA + ps))) $(hex $((FA + 2 * ps))) $(hex $((FA + 4 * ps))) $(hex $((FA + 5 * ps))) $(hex $((FA + 6 * ps))) $(hex $((FA + 7 * ps))) "
}

@test "fixture: show's frame columns count the written pages, totals sum them" {
	fixture
	run -0 vmaview -J --proc-root "$FROOT" -o "$FRAME_COLS" 4242
	json=$output
	ps=$PAGE_SIZE
	row() {
		jq -r --arg s "$(hex "$1")" '.processes[0] | (if $s == "total" then .totals else (.vmas[] | select(.start == $s)) end) |
			.frames | [.present, .swapped, .guard, .file_shared, .exclusive, .runs, .largest_run,
			.thp, .hugetlb, .ksm_pages, .zero_pages, .frame_pss] | join(" ")' <<<"$json"
	}
	#                               present swapped guard file excl runs largest thp huge ksm zero pss
	assert_equal "A $(row $FA)" "A 5 1 1 0 3 3 3 0 0 0 1 $((3 * ps + ps / 2))"
	assert_equal "B $(row $FB)" "B 4 0 0 4 4 1 4 0 0 0 0 $((4 * ps))"
	assert_equal "C $(row $FC)" "C 4 0 0 0 4 1 4 4 0 0 0 $((4 * ps))"
	run -0 jq -r '.processes[0].totals.frames | [.present, .swapped, .guard, .file_shared, .exclusive, .runs, .largest_run,
		.thp, .hugetlb, .ksm_pages, .zero_pages, .frame_pss] | join(" ")' <<<"$json"
	assert_equal "total $output" "total 13 1 1 4 11 5 4 4 0 0 1 $((11 * ps + ps / 2))"
	run -0 jq -c '[.processes[0].limits[] | select(.source + " " + .reason | test("kpage|CAP_SYS_ADMIN"))]' <<<"$json"
	assert_output '[]'
	# the table: the same numbers, -b
	run -0 vmaview -b -r -n --no-totals --proc-root "$FROOT" -o present,exclusive,runs,frame_pss 4242
	assert_output "5 3 3 $((3 * ps + ps / 2))
4 4 1 $((4 * ps))
4 4 1 $((4 * ps))"
}

@test "fixture: without kpageflags and kpagecount, frames keep pagemap's view and say what is missing" {
	fixture
	rm "$FROOT/kpageflags" "$FROOT/kpagecount"
	run -0 --separate-stderr vmaview -J --proc-root "$FROOT" -o "$FRAME_COLS" 4242
	json=$output
	[ -n "$stderr" ] || fail "nothing said on stderr"
	run -0 jq -r --arg s "$(hex $FA)" '.processes[0].vmas[] | select(.start == $s) | .frames |
		"\(.present) \(.swapped) \(.guard) \(.exclusive) \(.runs) \(.thp) \(.zero_pages) \(.frame_pss)"' <<<"$json"
	# PFNs are still known (runs), kpageflags (thp, zero) and kpagecount (pss) not
	assert_output "5 1 1 3 3 null null null"
	run -0 jq -r '.processes[0].limits | length > 0' <<<"$json"
	assert_output true
	run -0 --separate-stderr vmaview pages --json --proc-root "$FROOT" 4242
	run -0 jq -r '[.processes[0].pages[] | select(.state == "present") | "\(.pfn != null) \(.mapcount) \(.kpageflags)"] | unique | join(";")' <<<"$output"
	assert_output "true null null"
}
