#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - arm64_fixture.bats: a snapshot taken in the arm64 guest (Rock 5B+ device tree) read here gives what the guest printed
bats_require_minimum_version 1.5.0

# tests/fixtures/arm64-rock5b/ comes from the rock5b-plus boot of the arm64
# tier (tests/arm64/run.sh --refresh-fixture): a Debian 6.12 arm64 kernel
# under qemu with a device tree that says Radxa ROCK 5B+. In the guest,
# vmaview took a snapshot of the mapper, checked that each command of
# "commands" gives the same output on the snapshot as on the live process,
# and printed that output (NAME.out) and the snapshot as snapdump text
# (snapshot.dump; tests/tools/snapdump.c). Here the snapshot is unpacked
# and read with the same commands, on whatever machine runs the tests: the
# output must be the guest's, byte for byte. The guest ran them in /tmp
# with --proc-root snap; so does this test, in its own directory, so the
# "proc_root" of the JSON header is the same text.

setup() {
	load helpers/common
	: "${SNAPDUMP:=$VMAVIEW_SRCDIR/build/tests/snapdump}"
	[ -x "$SNAPDUMP" ] || skip "no snapdump ($SNAPDUMP): build the tests"
	FIX=$FIXTURES/arm64-rock5b
	cd "$BATS_TEST_TMPDIR" || return 1
	"$SNAPDUMP" unpack "$FIX/snapshot.dump" snap
}

# The one thing allowed to differ: the version of the vmaview reading the
# snapshot, which JSON output puts first ({"vmaview":{"version":...). The
# snapshot's own vmaview version (host.snapshot.vmaview) is compared.
reader_version() {
	sed '1s/^{"vmaview":{"version":"[^"]*"/{"vmaview":{"version":"V"/'
}

# run_fixture NAME: the guest's command NAME on the unpacked snapshot;
# sets OUT (stdout, as a file)
run_fixture() {
	local args
	args=$(awk -v n="$1" '$1 == n { $1 = ""; print substr($0, 2); f = 1 } END { exit !f }' \
		"$FIX/commands")
	OUT=$BATS_TEST_TMPDIR/$1.out
	# shellcheck disable=SC2086 # the guest's arguments: no spaces in any
	vmaview --proc-root snap $args >"$OUT"
}

@test "the fixture is a snapshot of an aarch64 4K kernel on a Rock 5B+ device tree" {
	run -0 cat snap/vmaview-snapshot
	assert_line "machine aarch64"
	assert_line "page_size 4096"
	assert_line --regexp '^kernel 6\.12\.'
	run -0 tr '\0' '\n' <snap/device-tree/compatible
	assert_line "radxa,rock-5b-plus"
	assert_line "rockchip,rk3588"
	# sparse at the real offsets: the pagemap ends past 2^48 / 4096 * 8
	# bytes' worth of the arm64 user space (a 48-bit stack)
	pid=$(readlink snap/self)
	size=$(stat -c %s "snap/$pid/pagemap")
	((size > (1 << 38) && size <= (1 << 48) / (4096 / 8)))
}

@test "every command of the guest gives the guest's output, byte for byte" {
	local n=0 name
	while read -r name _; do
		run_fixture "$name"
		if ! cmp <(reader_version <"$FIX/$name.out") <(reader_version <"$OUT"); then
			diff <(reader_version <"$FIX/$name.out" | fold -w 160) \
				<(reader_version <"$OUT" | fold -w 160) | head -8
			echo "$name: differs from the guest's output"
			return 1
		fi
		n=$((n + 1))
	done <"$FIX/commands"
	((n >= 7))
}

@test "the snapshot is read as the guest's machine, not this one" {
	command -v jq >/dev/null || skip "jq is not installed"
	# the arm64 model, 4K pages, the 6.12 layout and 48-bit/4-level walks
	# from the snapshot, wherever it is read; PFNs times 4096 as addresses
	run_fixture translate.json
	run -0 jq -r '.host.arch, .host.page_size, .processes[0].model' "$OUT"
	assert_output "$(printf '%s\n' aarch64 4096 "arm64 4K 48-bit 4-level, kernel 6.12 layout")"
	local n=0 addr pfn phys levels
	while read -r addr pfn phys levels; do
		((phys >> 12 == pfn && (phys & 0xfff) == (addr & 0xfff)))
		((levels == 4))
		n=$((n + 1))
	done < <(jq -r '.processes[0].translations[] | select(.pfn != null) |
		"\(.address) \(.pfn) \(.phys) \(.walk | length)"' "$OUT")
	((n == 4))
	# the board from the snapshot's device tree
	run -0 jq -r '.host.board.id' "$OUT"
	assert_output rock5b-plus
	# explicit flags still override what the snapshot says
	run -0 vmaview --proc-root snap --json --kernel 6.1 --page-size 16k \
		translate "$(readlink snap/self)" 0
	run -0 jq -r '.processes[0].model' <<<"$output"
	assert_output --regexp '^arm64 16K .*kernel 6\.1 layout$'
}

@test "a damaged dump or snapshot is refused with the file and line" {
	head -c 5000 "$FIX/snapshot.dump" >cut.dump
	run -1 "$SNAPDUMP" unpack cut.dump cut
	assert_output --regexp "cut.dump:[0-9]+: "
	pid=$(readlink snap/self)
	truncate -s 100 "snap/$pid/smaps"
	run -1 vmaview --proc-root snap "$pid"
	assert_output --regexp "snap/$pid/smaps: 100 bytes, but snap/vmaview-snapshot:[0-9]+ says"
}

@test "a snapshot's page size places its pagemap entries and makes physical addresses" {
	command -v jq >/dev/null || skip "jq is not installed"
	# the guest's snapshot, said to be taken with 16K pages: the entry of
	# an address is then at (address / 16384) * 8, and its PFN counts
	# 16K frames, whatever this machine's page size
	pid=$(readlink snap/self)
	va=$(awk '$1 == "translate" { print $4 }' "$FIX/commands")
	sed -i 's/^page_size 4096$/page_size 16384/' snap/vmaview-snapshot
	put64 "snap/$pid/pagemap" $((va / 16384)) $(((1 << 63) | 0x1234))
	run -0 vmaview --proc-root snap --json translate "$pid" "$va"
	run -0 jq -r '.host.page_size, .processes[0].model,
		(.processes[0].translations[0] | .pfn, .phys)' <<<"$output"
	assert_line --index 0 16384
	assert_line --index 1 --regexp '^arm64 16K '
	assert_line --index 2 0x1234
	assert_line --index 3 "$(printf '0x%x' $(((0x1234 << 14) | (va & 0x3fff))))"
	# pages --holes: one row per 16K page of a 32K range; the next
	# entry, (address / 16384 + 1) * 8, was a hole in the 4K file
	run -0 vmaview --proc-root snap -r -n -o vaddr,state,pfn pages --holes "$pid" \
		"$(printf '%x,%x' $((va & ~0x3fff)) $(((va & ~0x3fff) + 0x7fff)))"
	assert_line --index 0 "$(printf '%x present 1234' $((va & ~0x3fff)))"
	assert_line --index 1 --regexp "^$(printf '%x' $(((va & ~0x3fff) + 0x4000))) none"
	assert_equal "${#lines[@]}" 2
}

@test "snapdump: the unpacked tree packs to the same text; paths stay inside" {
	run -0 "$SNAPDUMP" pack snap
	cmp <(printf '%s\n' "$output") "$FIX/snapshot.dump"
	# sparse: the ~512 GiB pagemap takes a few blocks
	pid=$(readlink snap/self)
	(($(stat -c %b "snap/$pid/pagemap") * 512 < (1 << 20)))
	printf 'vmaview-snapdump 1\nd ../x\nend\n' >evil.dump
	run -1 "$SNAPDUMP" unpack evil.dump evil
	assert_output "snapdump: evil.dump:2: not a plain relative path"
	[ ! -e x ]
	printf 'vmaview-snapdump 1\nf a 8\n+ 0 0011zz\nend\n' >bad.dump
	run -1 "$SNAPDUMP" unpack bad.dump bad
	assert_output "snapdump: bad.dump:3: not lowercase hex bytes"
}
