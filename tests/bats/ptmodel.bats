#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - ptmodel.bats: decode, translate and the pte columns against kernel-defined entries
bats_require_minimum_version 1.5.0

# Expected entries are built here from the kernels' own definitions, never
# copied from vmaview's output:
#  x86_64 (arch/x86/include/asm/pgtable_types.h, Linux 6.12; reference
#   x86_64.md 2.1-2.4): P 0x1, RW 0x2, US 0x4, A 0x20, D 0x40, SPECIAL 0x200,
#   NX 1<<63. A written private anonymous page is P|RW|US|A|D|NX
#   (_PAGE_SOFT_DIRTY is not built into this kernel); a page-cache page
#   read through a private mapping is PAGE_READONLY = P|US|A|NX; the zero
#   page is PAGE_READONLY|SPECIAL.
#  arm64 (arch/arm64/include/asm/pgtable-prot.h and pgtable-hwdef.h, Linux
#   6.12; reference arm64.md 2.2-2.4): PTE_VALID|PTE_TYPE_PAGE 0x3, PTE_USER
#   1<<6, PTE_RDONLY 1<<7, SH inner 3<<8, AF 1<<10, nG 1<<11, DBM/PTE_WRITE
#   1<<51, PXN 1<<53, UXN 1<<54, PTE_DIRTY 1<<55, PTE_SPECIAL 1<<56.
#   PAGE_READONLY = VALID|TYPE|USER|RDONLY|SH|AF|nG|PXN|UXN; a written
#   private anon page (pte_mkwrite + pte_mkdirty) drops RDONLY and adds DBM
#   and DIRTY; the zero page is PAGE_READONLY|SPECIAL.

setup() {
	load helpers/common
	load helpers/live
	command -v jq >/dev/null || skip "jq is not installed"
}

teardown() {
	stop_mappers
}

X86_P=0x1 X86_RW=0x2 X86_US=0x4 X86_A=0x20 X86_D=0x40 X86_SPECIAL=0x200
X86_NX=$((1 << 63))
A64_PAGE=0x3 A64_USER=$((1 << 6)) A64_RDONLY=$((1 << 7)) A64_SH=$((3 << 8))
A64_AF=$((1 << 10)) A64_NG=$((1 << 11)) A64_DBM=$((1 << 51))
A64_PXN=$((1 << 53)) A64_UXN=$((1 << 54)) A64_DIRTY=$((1 << 55))
A64_SPECIAL=$((1 << 56))
PFN_MASK=$(((1 << 55) - 1))

hex() { printf '0x%x' "$(($1))"; }

# pm_word PID ADDR: the pagemap entry of the page at ADDR, read directly.
pm_word() {
	local w
	w=$(dd if="/proc/$1/pagemap" bs=8 skip=$(($2 / PAGE_SIZE)) count=1 \
		status=none | od -An -tx8)
	hex "0x${w// /}"
}

ARM64=(--arch arm64 --kernel 6.12 --va-bits 48 --page-size 4k)

# ---------------------------------------------------------------- decode

@test "decode: an x86_64 entry, field by field (pgtable_types.h bits)" {
	local v=$((X86_P | X86_RW | X86_US | X86_A | X86_D | X86_NX | (0x123456 << 12)))
	run -0 vmaview --arch x86_64 --json decode "$(hex $v)"
	local d=$(jq -c '.decode[0].pte' <<<"$output")
	[ "$(jq -r .kind <<<"$d")" = page ]
	[ "$(jq -r .unknown <<<"$d")" = 0x0 ]
	[ "$(jq -r '.fields[] | select(.name == "PFN") | .value' <<<"$d")" = 0x123456 ]
	for f in P RW US A D NX; do
		[ "$(jq -r --arg f $f '.fields[] | select(.name == $f) | .value' <<<"$d")" = 0x1 ]
	done
	for f in PWT PCD G; do
		[ "$(jq -r --arg f $f '.fields[] | select(.name == $f) | .value' <<<"$d")" = 0x0 ]
	done
	# ptdump's words for a user RW NX page
	[[ "$(jq -r .words <<<"$d")" == *USR* ]]
	[[ "$(jq -r .words <<<"$d")" == *RW* ]]
	[[ "$(jq -r .words <<<"$d")" == *NX* ]]
}

@test "decode: arm64 entries of two eras (PROT_NONE bit 58 before 6.10, bit 11 after)" {
	# PAGE_NONE: PROT_NONE marker | RDONLY | SH | AF | nG | PXN | UXN, valid 0
	local base=$((A64_RDONLY | A64_SH | A64_AF | A64_NG | A64_PXN | A64_UXN))
	local old=$((base | (1 << 58))) new=$base
	run -0 vmaview --arch arm64 --kernel 6.1 --json decode "$(hex $old)"
	[ "$(jq -r '.decode[0].pte.kind' <<<"$output")" = prot_none ]
	run -0 vmaview --arch arm64 --kernel 6.12 --json decode "$(hex $new)"
	[ "$(jq -r '.decode[0].pte.kind' <<<"$output")" = prot_none ]
	# a written anon page: valid page, AP EL0 RW, DBM, DIRTY, MEM/NORMAL
	local rw=$((A64_PAGE | A64_USER | A64_SH | A64_AF | A64_NG | A64_DBM | A64_PXN | A64_UXN | A64_DIRTY))
	run -0 vmaview "${ARM64[@]}" --json decode "$(hex $rw)"
	local d=$(jq -c '.decode[0].pte' <<<"$output")
	[ "$(jq -r .kind <<<"$d")" = page ]
	[ "$(jq -r '.fields[] | select(.name == "AttrIndx") | .value' <<<"$d")" = 0x0 ]
	[ "$(jq -r '.fields[] | select(.name == "DBM") | .value' <<<"$d")" = 0x1 ]
	[[ "$(jq -r .words <<<"$d")" == *MEM/NORMAL* ]]
}

@test "decode: arm64 swap entries per era (__swp_entry of 6.1 and 6.12)" {
	# 6.1: type in bits 7:3, offset from bit 8; 6.12: type 10:6, offset from 12
	run -0 vmaview --arch arm64 --kernel 6.1 --json decode "$(hex $(((5 << 3) | (0x1234 << 8))))"
	[ "$(jq -r '.decode[0].pte | "\(.kind) \(.swap_type) \(.swap_offset)"' <<<"$output")" = "swap 5 0x1234" ]
	run -0 vmaview --arch arm64 --kernel 6.12 --json decode "$(hex $(((5 << 6) | (0x1234 << 12))))"
	[ "$(jq -r '.decode[0].pte | "\(.kind) \(.swap_type) \(.swap_offset)"' <<<"$output")" = "swap 5 0x1234" ]
}

@test "decode --kind: pagemap, kpageflags and VmFlags words" {
	# a guard marker as root reads it on 6.18 (reference procfs.md 1.1)
	run -0 vmaview --kind pagemap --json decode 0x440000000000009f
	[ "$(jq -r '.decode[0].state' <<<"$output")" = guard ]
	# uptodate(3) lru(5) active(6) mmap(11) anon(12)
	run -0 vmaview --kind kpageflags --json decode $(hex $(((1 << 3) | (1 << 5) | (1 << 6) | (1 << 11) | (1 << 12))))
	[ "$(jq -r '.decode[0].flags.names | join(",")' <<<"$output")" = uptodate,lru,active,mmap,anon ]
	run -0 vmaview --kind vmflags decode "rd wr mr"
	assert_line --regexp '^  rd +read '
	run -64 vmaview --kind vmflags decode "rd zz"
	run -64 vmaview decode nothex
	run -64 vmaview --arch sparc decode 0
}

# --------------------------------------------------------- pte columns, live

# expect_pte NAME ARCH-WORD AGED [ARGS]: every present page of mapping
# NAME, as pages -o vaddr,pte --json prints it, equals ARCH-WORD | pfn << 12
# with the PFN read from pagemap directly, except for the bits in AGED:
# the accessed bit, which hardware sets and aging (page_idle, DAMON,
# reclaim) clears, so that no reader can know it. Those bits must not be
# claimed as fact: they are outside the entry's "known" mask.
expect_pte() {
	local name=$1 flags=$2 aged=$3 lo=$((0x${MAP_START[$1]})) hi=$((0x${MAP_END[$1]}))
	shift 3
	local out va pte known n=0 pfn oa_bits=$((((1 << 36) - 1) << 12))
	out=$(vmaview "$@" pages -o vaddr,pte --json "$MAPPER_PID" "$(hex $lo),$(hex $((hi - 1)))")
	local -A root_known=()
	if nobody_mode; then
		# what root's vmaview (the same binary, run by this shell) knows
		while read -r va known; do root_known[$va]=$known; done < <("$VMAVIEW_BIN" "$@" pages -o vaddr,pte --json \
			"$MAPPER_PID" "$(hex $lo),$(hex $((hi - 1)))" | jq -r '.processes[0].pages[] | "\(.vaddr) \(.pte.known)"')
	fi
	while read -r va pte known; do
		local pm=$(pm_word "$MAPPER_PID" "$va")
		pfn=$((pm & PFN_MASK))
		if nobody_mode; then
			# PFNs hidden: the entry is built without its address
			# (bits 47:12 not claimed as known); it knows what root's
			# run knows but the address (51:12 on x86_64) and what
			# makes the zero page (known by its PFN: special, and
			# arm64's software dirty), and what it claims known is right
			((!(known & oa_bits))) || fail "$name $va: known $known claims the hidden PFN"
			local by_pfn=$(((((1 << 40) - 1) << 12) | X86_SPECIAL | A64_SPECIAL | A64_DIRTY))
			if [ "$name" = zeroread ]; then
				# not known to be the zero page: less is known
				(((known & ~root_known[$va]) == 0)) ||
					fail "$name $va: known $known, more than root's ${root_known[$va]}"
			else
				[ "$(hex $((known & ~by_pfn)))" = "$(hex $((root_known[$va] & ~by_pfn)))" ] ||
					fail "$name $va: known $known, as root ${root_known[$va]}"
			fi
			[ "$(hex $((pte & known & ~aged)))" = "$(hex $((flags & known & ~aged)))" ] ||
				fail "$name $va: pte $pte, expected $(hex "$flags") on the known bits $known outside $(hex "$aged")"
			n=$((n + 1))
			continue
		fi
		local want=$(hex $(((flags | (pfn << 12)) & ~aged)))
		[ "$(hex $((pte & ~aged)))" = "$want" ] ||
			fail "$name $va: pte $pte, expected $want outside $(hex $aged) (pagemap $pm)"
		((!(known & aged))) || fail "$name $va: known $known claims the accessed bit"
		n=$((n + 1))
	done < <(jq -r '.processes[0].pages[] | "\(.vaddr) \(.pte.value) \(.pte.known)"' <<<"$out")
	[ "$n" -gt 0 ] || fail "$name: no pages"
}

@test "pte column (x86_64): written anon, locked, read file page and zero page as the kernel builds them" {
	start_mapper
	expect_pte anon $((X86_P | X86_RW | X86_US | X86_A | X86_D | X86_NX)) $X86_A --arch x86_64
	expect_pte locked $((X86_P | X86_RW | X86_US | X86_A | X86_D | X86_NX)) $X86_A --arch x86_64
	expect_pte file $((X86_P | X86_US | X86_A | X86_NX)) $X86_A --arch x86_64
	expect_pte zeroread $((X86_P | X86_US | X86_A | X86_NX | X86_SPECIAL)) $X86_A --arch x86_64
}

@test "pte column (--arch arm64): the same pages as arm64 6.12 would map them" {
	start_mapper
	local ro=$((A64_PAGE | A64_USER | A64_RDONLY | A64_SH | A64_AF | A64_NG | A64_PXN | A64_UXN))
	local rw=$(((ro & ~A64_RDONLY) | A64_DBM | A64_DIRTY))
	expect_pte anon $rw $A64_AF "${ARM64[@]}"
	expect_pte file $ro $A64_AF "${ARM64[@]}"
	expect_pte zeroread $((ro | A64_SPECIAL)) $A64_AF "${ARM64[@]}"
}

@test "pte_template: protection_map of each mapping's permissions (x86_64)" {
	start_mapper
	run -0 vmaview --arch x86_64 -o start,perms,pte_template --json "$MAPPER_PID"
	# PAGE_COPY (rw-p, r--p), PAGE_SHARED (rw-s), PAGE_NONE (---p)
	local copy=$(hex $((X86_P | X86_US | X86_A | X86_NX)))
	local shared=$(hex $((X86_P | X86_RW | X86_US | X86_A | X86_NX)))
	local none=$(hex $((X86_A | 0x100)))
	for name in anon file zeroread; do
		[ "$(jq -r --arg s 0x${MAP_START[$name]} '.processes[0].vmas[] | select(.start == $s) | .pte_template' <<<"$output")" = "$copy" ]
	done
	[ "$(jq -r --arg s 0x${MAP_START[shared]} '.processes[0].vmas[] | select(.start == $s) | .pte_template' <<<"$output")" = "$shared" ]
	[ "$(jq -r --arg s 0x${MAP_START[prot_none]} '.processes[0].vmas[] | select(.start == $s) | .pte_template' <<<"$output")" = "$none" ]
}

# ---------------------------------------------------------------- translate

@test "translate: a mapped page: its VMA, a 4-level walk, PFN and physical address from pagemap" {
	start_mapper
	local a=$((0x${MAP_START[anon]} + 3 * PAGE_SIZE + 0x123))
	run -0 vmaview --arch x86_64 --json translate "$MAPPER_PID" "$(hex $a)"
	local t=$(jq -c '.processes[0].translations[0]' <<<"$output")
	local pm=$(pm_word "$MAPPER_PID" $a)
	[ "$(jq -r .vma.start <<<"$t")" = "0x${MAP_START[anon]}" ]
	[ "$(jq -r .in_gap <<<"$t")" = false ]
	[ "$(jq -r '.walk | map(.level) | join(" ")' <<<"$t")" = "PGD PUD PMD PTE" ]
	# indexes: VA bits 47:39, 38:30, 29:21, 20:12
	[ "$(jq -r '.walk | map(.index) | join(" ")' <<<"$t")" = "$(((a >> 39) & 511)) $(((a >> 30) & 511)) $(((a >> 21) & 511)) $(((a >> 12) & 511))" ]
	[ "$(jq -r '.walk[3].entry_offset' <<<"$t")" = "$(hex $((((a >> 12) & 511) * 8)))" ]
	if nobody_mode; then
		# PFNs hidden: no pfn, no phys, the PFN field of unknown source;
		# the rest of the entry as root sees it
		[ "$(jq -r '[.pfn, .phys] | map(tostring) | join(" ")' <<<"$t")" = "null null" ]
		[ "$(jq -r '.pte.fields[] | select(.name == "PFN") | "\(.value) \(.source) \(.meaning)"' <<<"$t")" = "0x0 unknown PFN hidden (needs CAP_SYS_ADMIN)" ]
		[ "$(hex $(($(jq -r .pte.value <<<"$t") & ~X86_A)))" = "$(hex $((X86_P | X86_RW | X86_US | X86_D | X86_NX)))" ]
		[ "$(jq -r '.pte.fields[] | select(.name == "A") | .source' <<<"$t")" = inferred ]
		[ "$(jq -r '[.pte.fields[] | select(.source == "raw")] | length' <<<"$t")" = 0 ]
		return
	fi
	[ "$(jq -r .pfn <<<"$t")" = "$(hex $((pm & PFN_MASK)))" ]
	[ "$(jq -r .phys <<<"$t")" = "$(hex $(((pm & PFN_MASK) * PAGE_SIZE + 0x123)))" ]
	# the accessed bit aside (aging clears it; see expect_pte)
	[ "$(hex $(($(jq -r .pte.value <<<"$t") & ~X86_A)))" = "$(hex $((X86_P | X86_RW | X86_US | X86_D | X86_NX | ((pm & PFN_MASK) << 12))))" ]
	[ "$(jq -r '.pte.fields[] | select(.name == "A") | .source' <<<"$t")" = inferred ]
	# every field says where it came from; the PFN from pagemap
	[ "$(jq -r '.pte.fields[] | select(.name == "PFN") | .source' <<<"$t")" = pagemap ]
	[ "$(jq -r '[.pte.fields[] | select(.source == "raw")] | length' <<<"$t")" = 0 ]
}

@test "translate: a THP page, a guard page, a PROT_NONE page, a gap and a tagged pointer (arm64)" {
	start_mapper
	local out t
	if [ -z "${MAP_SKIP[thp]+x}" ]; then
		run -0 vmaview --json translate "$MAPPER_PID" "$(hex $((0x${MAP_START[thp]} + 5 * PAGE_SIZE)))"
		t=$(jq -c '.processes[0].translations[0]' <<<"$output")
		if nobody_mode; then
			# kpageflags is root's: unknown (null) without it
			[ "$(jq -r '[.kpageflags, .mapcount, .pfn] | map(tostring) | join(" ")' <<<"$t")" = "null null null" ]
		else
			[[ " $(jq -r '.kpageflags.names | join(" ")' <<<"$t") " == *" thp "* ]]
		fi
		[ "$(jq -r .state <<<"$t")" = present ]
	fi
	if [ -n "$GUARD_START" ]; then
		run -0 vmaview --json translate "$MAPPER_PID" "$GUARD_START"
		t=$(jq -c '.processes[0].translations[0]' <<<"$output")
		[ "$(jq -r .state <<<"$t")" = guard ]
		[ "$(jq -r .pte.kind <<<"$t")" = marker ]
	fi
	# PROT_NONE: the VMA is found, nothing is mapped in it
	run -0 vmaview --json translate "$MAPPER_PID" "0x${MAP_START[prot_none]}"
	t=$(jq -c '.processes[0].translations[0]' <<<"$output")
	[ "$(jq -r .vma.perms <<<"$t")" = ---p ]
	[ "$(jq -r .state <<<"$t")" = none ]
	# a gap: the page below a mapping (every mapping has a gap around it)
	run -0 vmaview --json translate "$MAPPER_PID" "$(hex $((0x${MAP_START[anon]} - PAGE_SIZE)))"
	t=$(jq -c '.processes[0].translations[0]' <<<"$output")
	[ "$(jq -r .in_gap <<<"$t")" = true ]
	[ "$(jq -r .next_vma.start <<<"$t")" = "0x${MAP_START[anon]}" ]
	# a tagged pointer: arm64 TBI ignores bits 63:56
	local a=$((0x${MAP_START[anon]} + PAGE_SIZE))
	run -0 vmaview "${ARM64[@]}" --json translate "$MAPPER_PID" "$(hex $(((0x2a << 56) | a)))"
	t=$(jq -c '.processes[0].translations[0]' <<<"$output")
	[ "$(jq -r .tagged <<<"$t")" = true ]
	[ "$(jq -r .stripped <<<"$t")" = "$(hex $a)" ]
	[ "$(jq -r .vma.start <<<"$t")" = "0x${MAP_START[anon]}" ]
	[ "$(jq -r '.walk | map(.level) | join(" ")' <<<"$t")" = "L0 L1 L2 L3" ]
	# usage errors
	run -64 vmaview translate "$MAPPER_PID"
	run -64 vmaview translate "$MAPPER_PID" zz
}
