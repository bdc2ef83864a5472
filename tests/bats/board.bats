#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - board.bats: the Rock 5B+ profile from the CLI: DT detection under --proc-root, --board/--rock5b, region labels, the DBM note
bats_require_minimum_version 1.5.0

# The expected labels are the RK3588 map of reference/arm64.md 5.3 (the
# kernel's rk3588-base.dtsi / rk3588-extra.dtsi, barebox's dmc.c), written
# here by hand, never taken from vmaview's output.

setup() {
	load helpers/common
	command -v jq >/dev/null || skip "jq is not installed"
	PS=$(getconf PAGESIZE)
	[ "$PS" = 4096 ] || skip "the generated pagemap assumes 4 KiB pages"
	FIX=$FIXTURES/proc
}

# copy_fixture DIR: the committed fixture's process 4242, as is.
copy_fixture() {
	mkdir -p "$1/4242"
	cp "$FIX"/4242/* "$1/4242/"
}

# dt DIR COMPATIBLE MODEL: DIR/device-tree as /proc/device-tree shows it
# (printf escapes: "\0" separates and ends the strings).
dt() {
	mkdir -p "$1/device-tree"
	# shellcheck disable=SC2059 # the escapes are the point
	[ -z "$2" ] || printf "$2" >"$1/device-tree/compatible"
	# shellcheck disable=SC2059
	[ -z "$3" ] || printf "$3" >"$1/device-tree/model"
}

ROCK_COMPAT='radxa,rock-5b-plus\0rockchip,rk3588\0'
ROCK_MODEL='Radxa ROCK 5B+\0'

# frames_tree DIR: process 4242 with one private anonymous rw-p VMA of 8
# pages at FA, each present and exclusive (written) on a frame of its own
# RK3588 region (PAGES below), and no kpageflags: the frames a snapshot of
# the board could hold.
FA=$((0x10000000))
# PFN and the region its physical address (PFN * 4096) lies in
PAGES=(
	"0x1000 dram0"           # 0x1000000: DRAM below the MMIO window
	"0x3fc000 dram-hole1"    # 0x3fc000000: barebox DRAM_GAP1
	"0x3fff00 dram-hole2"    # 0x3fff00000: DRAM_GAP2
	"0xf5000 mmio"           # 0xf5000000: in the MMIO window, no device
	"0xfe600 gic-dist"       # 0xfe600000: GICD
	"0x900000 pcie3x4-mem64" # 0x900000000: pcie3x4's 64-bit window
	"0x800000 -"             # 0x800000000: beyond 32 GiB of DRAM, no PCIe
	"0xf4200 pcie2x1l2-mem32" # 0xf4200000: pcie2x1l2's 32-bit window
)
frames_tree() {
	local d=$1 kb=4 i pfn
	mkdir -p "$d/4242"
	cp "$FIX/4242/cmdline" "$FIX/4242/comm" "$FIX/4242/stat" "$d/4242/"
	{
		printf '%x-%x rw-p 00000000 00:00 0\n' $FA $((FA + 8 * PS))
		printf '%-16s%8d kB\n' Size: $((8 * kb)) KernelPageSize: $kb \
			MMUPageSize: $kb Rss: $((8 * kb)) Pss: $((8 * kb)) \
			Pss_Dirty: $((8 * kb)) Shared_Clean: 0 Shared_Dirty: 0 \
			Private_Clean: 0 Private_Dirty: $((8 * kb)) \
			Referenced: $((8 * kb)) Anonymous: $((8 * kb)) KSM: 0 \
			LazyFree: 0 AnonHugePages: 0 ShmemPmdMapped: 0 \
			FilePmdMapped: 0 Shared_Hugetlb: 0 Private_Hugetlb: 0 \
			Swap: 0 SwapPss: 0 Locked: 0
		printf 'THPeligible:    0\nVmFlags: rd wr mr mw me ac \n'
	} >"$d/4242/smaps"
	head -n1 "$d/4242/smaps" >"$d/4242/maps"
	: >"$d/4242/pagemap"
	for i in "${!PAGES[@]}"; do
		pfn=${PAGES[$i]%% *}
		# present | exclusive | PFN
		put64 "$d/4242/pagemap" $((FA / PS + i)) $(((1 << 63) | (1 << 56) | pfn))
	done
}

# --- detection -----------------------------------------------------------------

@test "auto: the Rock 5B+ device tree under --proc-root: a Board line above the title, host.board in JSON" {
	R=$BATS_TEST_TMPDIR/rock
	copy_fixture "$R"
	dt "$R" "$ROCK_COMPAT" "$ROCK_MODEL"
	run -0 vmaview --proc-root "$FIX" 4242
	local plain=$output
	run -0 vmaview --proc-root "$R" 4242
	assert_line -n 0 'Board: Radxa ROCK 5B+ (rk3588, device tree)'
	assert_line -n 1 --regexp '^4242: '
	# the rest is the table without a board
	assert_equal "$(tail -n +2 <<<"$output")" "$plain"
	run -0 vmaview --json --proc-root "$R" 4242
	run -0 jq -c '.host.board | [.id, .model, .soc, .compatible, .source, .dt_model]' <<<"$output"
	assert_output '["rock5b-plus","Radxa ROCK 5B+","rk3588",["radxa,rock-5b-plus","rockchip,rk3588"],"device-tree","Radxa ROCK 5B+"]'
	# A55 cores 0-3 without hardware DBM (erratum 1024718), A76 4-7 with it
	run -0 vmaview --json --proc-root "$R" 4242
	run -0 jq -c '[.host.board.clusters[] | [.name, .first_cpu, .last_cpu, .hw_dbm]]' <<<"$output"
	assert_output '[["A55",0,3,false],["A76",4,7,true]]'
	# no headings, no board line; raw and pairs have no titles either
	run -0 vmaview -n --proc-root "$R" 4242
	refute_line --partial Board
	run -0 vmaview -r --proc-root "$R" 4242
	refute_line --partial Board
}

@test "no board: qemu's virt DT, no DT, another RK3588 board, --board=none: output as without a board" {
	local R d
	run -0 vmaview --proc-root "$FIX" 4242
	local plain=$output
	run -0 vmaview --json --proc-root "$FIX" 4242
	local plain_json
	plain_json=$(jq -c 'del(.host.proc_root)' <<<"$output")
	for d in virt none rock5b rockdt; do
		R=$BATS_TEST_TMPDIR/$d
		copy_fixture "$R"
		case $d in
		virt) dt "$R" 'linux,dummy-virt\0' '' ;;
		rock5b) dt "$R" 'radxa,rock-5b\0rockchip,rk3588\0' 'Radxa ROCK 5B\0' ;;
		rockdt) dt "$R" "$ROCK_COMPAT" "$ROCK_MODEL" ;;
		esac
		local opt=()
		[ "$d" = rockdt ] && opt=(--board=none)
		run -0 vmaview "${opt[@]}" --proc-root "$R" 4242
		assert_equal "$output" "$plain"
		run -0 vmaview "${opt[@]}" --json --proc-root "$R" 4242
		assert_equal "$(jq -c 'del(.host.proc_root)' <<<"$output")" "$plain_json"
		run -0 jq -e '.host | has("board") | not' <<<"$output"
	done
}

@test "--rock5b and --board=rock5b-plus force the board without a DT (snapshot analysis on x86_64)" {
	run -0 vmaview --rock5b --proc-root "$FIX" 4242
	assert_line -n 0 'Board: Radxa ROCK 5B+ (rk3588, --board)'
	run -0 vmaview --board=rock5b-plus --json --proc-root "$FIX" 4242
	run -0 jq -c '.host.board | [.id, .compatible, .source, has("dt_model")]' <<<"$output"
	assert_output '["rock5b-plus",["radxa,rock-5b-plus","rockchip,rk3588"],"option",false]'
	# the last of --board/--rock5b wins
	run -0 vmaview --rock5b --board=none --proc-root "$FIX" 4242
	refute_line --partial Board
	run -0 vmaview --board=none --rock5b --proc-root "$FIX" 4242
	assert_line -n 0 --partial Board
	run -64 vmaview --board=rock5b --proc-root "$FIX" 4242
	assert_output --partial "--board: 'rock5b' is not auto, none or rock5b-plus"
}

@test "decode: a board implies the arm64 model unless --arch is given" {
	# a written private page of arm64 6.12: VALID|PAGE|USER|SH|AF|nG|DBM|PXN|UXN|DIRTY
	local v=$(((3 | (1 << 6) | (3 << 8) | (1 << 10) | (1 << 11) | (1 << 51) | (1 << 53) | (1 << 54) | (1 << 55)) + 0x1000000))
	run -0 vmaview --rock5b --kernel 6.12 decode "$(printf '%x' $v)"
	assert_line -n 0 --partial '(pte, arm64 4K 48-bit 4-level, kernel 6.12 layout)'
	run -0 vmaview --rock5b --arch x86_64 decode 0x8000000000000067
	assert_line -n 0 --partial 'x86_64 4K 48-bit 4-level'
	run -0 vmaview --rock5b --json decode 0x3
	run -0 jq -r '.host.board.id' <<<"$output"
	assert_output rock5b-plus
}

# --- physical regions ----------------------------------------------------------------

@test "pages: the phys_region column names each frame's RK3588 region" {
	R=$BATS_TEST_TMPDIR/frames
	frames_tree "$R"
	local want=() i
	for i in "${!PAGES[@]}"; do
		want+=("$(printf '%x %s' $((FA + i * PS)) "${PAGES[$i]#* }")")
	done
	run -0 vmaview --rock5b -r -n pages -o vaddr,phys_region --proc-root "$R" 4242
	assert_equal "$output" "$(printf '%s\n' "${want[@]}")"
	# JSON: a string, null outside every region
	run -0 vmaview --rock5b --json pages -o vaddr,phys,phys_region --proc-root "$R" 4242
	run -0 jq -r '.processes[0].pages[] | "\(.vaddr) \(.phys) \(.phys_region // "-")"' <<<"$output"
	for i in "${!PAGES[@]}"; do
		assert_line -n "$i" "$(printf '0x%x 0x%x %s' $((FA + i * PS)) \
			$((${PAGES[$i]%% *} * PS)) "${PAGES[$i]#* }")"
	done
	# the same from the board's DT; without a board the column is empty
	dt "$R" "$ROCK_COMPAT" "$ROCK_MODEL"
	run -0 vmaview -r -n pages -o vaddr,phys_region --proc-root "$R" 4242
	assert_equal "$output" "$(printf '%s\n' "${want[@]}")"
	run -0 vmaview --board=none -r -n pages -o phys_region --proc-root "$R" 4242
	assert_equal "$(sort -u <<<"$output")" "-"
	run -0 vmaview --board=none --json pages -o phys_region --proc-root "$R" 4242
	run -0 jq -c '[.processes[0].pages[].phys_region] | unique' <<<"$output"
	assert_output '[null]'
}

@test "translate: the region after the physical address, the 39-bit vendor layout, the A55/A76 dirty-bit note" {
	R=$BATS_TEST_TMPDIR/frames
	frames_tree "$R"
	run -0 vmaview --rock5b translate --proc-root "$R" 4242 "$(printf '%x' $FA)"
	# every user address below 2^39: the vendor kernels' 3-level layout
	assert_line -n 0 --partial 'arm64 4K 39-bit 3-level'
	assert_line -n 1 --partial 'Board: Radxa ROCK 5B+ (rk3588, --board): 39-bit 3-level tables as in Rockchip vendor kernels'
	assert_line '  physical address 0x1000000'
	assert_line '  region dram0 (dram)'
	# a written page: which cluster wrote it decides bit 55
	assert_line --regexp '^    A55 \(CPU0-3\), no hardware DBM \(erratum 1024718.*PTE_DIRTY \(bit 55\)'
	assert_line --regexp '^    A76 \(CPU4-7\), hardware DBM: .*bit 55 stays 0'
	run -0 vmaview --rock5b --json translate --proc-root "$R" 4242 \
		"$(printf '%x' $FA)" "$(printf '%x' $((FA + 6 * PS)))"
	run -0 jq -c '.processes[0] | [(.board_layout | startswith("Rockchip vendor")),
		(.translations[] | [.phys, .phys_region, .phys_region_kind,
		 ([.dirty_bits[]? | [.cluster, .hw_dbm]])])]' <<<"$output"
	assert_output '[true,["0x1000000","dram0","dram",[["A55",false],["A76",true]]],["0x800000000",null,null,[["A55",false],["A76",true]]]]'
	# outside the map
	run -0 vmaview --rock5b translate --proc-root "$R" 4242 "$(printf '%x' $((FA + 6 * PS)))"
	assert_line "  region none (outside the SoC's map)"
	# without a board: none of it
	run -0 vmaview --arch arm64 translate --proc-root "$R" 4242 "$(printf '%x' $FA)"
	refute_line --partial region
	refute_line --partial Board
	refute_line --partial A55
}

@test "translate: a 48-bit layout when the addresses need it (the committed fixture)" {
	run -0 vmaview --rock5b translate --proc-root "$FIX" 4242 55d0c0a00000
	assert_line -n 0 --partial 'arm64 4K 48-bit 4-level'
	assert_line -n 1 --partial '48-bit 4-level tables as in Radxa and Armbian images, mainline'
	# --va-bits still decides
	run -0 vmaview --rock5b --va-bits 39 translate --proc-root "$FIX" 4242 55d0c0a00000
	assert_line -n 0 --partial 'arm64 4K 39-bit 3-level'
	assert_line -n 1 --partial '39-bit 3-level tables as in Rockchip vendor kernels'
	assert_line -n 3 '  not a user address of this model'
}
