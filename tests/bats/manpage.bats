#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - manpage.bats: the built vmaview.1 renders without warnings and has every section
bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	[ -s "$VMAVIEW_MANPAGE" ] || fail "no built man page at $VMAVIEW_MANPAGE (build the 'man' target)"
}

# The page as plain text, 80 columns wide.
rendered() {
	mandoc -T ascii -O width=80 "$VMAVIEW_MANPAGE" | col -bx
}

@test "the built page is scdoc output of man/vmaview.1.scd, section 1" {
	run -0 grep -m1 '^\.TH ' "$VMAVIEW_MANPAGE"
	assert_output --regexp '^\.TH "vmaview" "1" '
	[ "$(scdoc <"$VMAVIEW_SRCDIR/man/vmaview.1.scd" | grep -v '^\.TH ')" = \
	  "$(grep -v '^\.TH ' "$VMAVIEW_MANPAGE")" ] ||
		fail "$VMAVIEW_MANPAGE is stale: rebuild it from man/vmaview.1.scd"
}

@test "groff -man -ww -z: no warnings" {
	command -v groff >/dev/null || skip "groff is not installed"
	run --separate-stderr -0 groff -man -ww -z "$VMAVIEW_MANPAGE"
	assert_equal "$stderr" ""
	assert_output ""
}

@test "man --warnings -E UTF-8 -l: renders, no warnings" {
	command -v man >/dev/null || skip "man is not installed"
	MANWIDTH=80 run --separate-stderr -0 man --warnings -E UTF-8 -l "$VMAVIEW_MANPAGE"
	assert_equal "$stderr" ""
	assert_output --partial "vmaview - show the memory map"
}

# mandoc -T lint of FILE, minus what scdoc always produces; prints what is
# left and fails if mandoc itself failed.
#   -W warning: report WARNING and worse, not STYLE. At STYLE level mandoc
#   only flags scdoc's choices: roff lines over 80 bytes (from the escapes
#   it adds) and a lower-case name in .TH.
#   The one warning filtered out is "skipping paragraph macro": scdoc puts a
#   .P after every .SH/.SS and between blocks, and mandoc reports the ones
#   it drops as empty. They change nothing in the output and cannot be
#   avoided from the .scd source.
lint_problems() {
	local out rc=0
	out=$(mandoc -T lint -W warning "$1" 2>&1) || rc=$?
	# 0 = clean, 2 = warnings; 3 and up are errors, bad input or a crash
	[ "$rc" -le 2 ] || { echo "mandoc exit status $rc"; printf '%s\n' "$out"; return 1; }
	printf '%s\n' "$out" | grep -v -e '^$' \
		-e 'WARNING: skipping paragraph macro: PP \(empty\|after SH\|after SS\)$' || true
}

@test "mandoc -T lint: no warnings or errors (scdoc's empty paragraphs aside)" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	run -0 lint_problems "$VMAVIEW_MANPAGE"
	assert_output ""
}

@test "the mandoc filter does not hide real problems" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	# a copy with an empty .SH and a .RE that closes nothing must be reported
	sed -e 's/^\.SH EXIT STATUS$/.SH/' -e '/^\.SH SEE ALSO$/a .RE' \
		"$VMAVIEW_MANPAGE" >"$BATS_TEST_TMPDIR/broken.1"
	run lint_problems "$BATS_TEST_TMPDIR/broken.1"
	assert_output --partial 'P breaks SH'
	assert_output --partial 'skipping end of block that is not open: RE'
}

@test "has the sections NAME SYNOPSIS DESCRIPTION OPTIONS COLUMNS, JSON OUTPUT, EXIT STATUS ..." {
	local text s missing=()
	text=$(rendered)
	for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS COLUMNS VMFLAGS \
		"REGION KINDS" "JSON OUTPUT" ENVIRONMENT "EXIT STATUS" EXAMPLES \
		"SEE ALSO"; do
		grep -qxF -- "$s" <<<"$text" || missing+=("$s")
	done
	[ "${#missing[@]}" -eq 0 ] || fail "sections missing: ${missing[*]}"
}

@test "no scdoc markup is left unrendered" {
	# scdoc takes *bold* and _underline_ only at the start of a word: a
	# placeholder glued to a letter ("-o_VALUE_", "\\x_HH_") stays literal.
	# Constants such as MADV_GUARD_INSTALL are fine (upper case before '_').
	run -1 grep -nE -e '(^|[^[:alnum:]])\*[-A-Za-z]+\*' \
		-e '(^|[^[:alnum:]])_[A-Za-z]+_([^[:alnum:]]|$)' \
		-e '[a-z0-9\\]_[A-Z][A-Z0-9]*_' <(rendered)
}

@test "SEE ALSO names pmap(1), proc(5) and smem(8)" {
	run -0 rendered
	assert_output --regexp $'SEE ALSO\n +pmap\\(1\\), proc\\(5\\), smem\\(8\\)'
}

@test "the default column list in the man page is the binary's" {
	# the man page's list: the literal block after "default list is"
	local man_cols bin_cols
	man_cols=$(awk '/default list is/ { on = 1 } on && /```/ { n++; next }
		on && n == 1 { gsub(/[ \t]/, ""); printf "%s", $0 } n == 2 { exit }' \
		"$VMAVIEW_SRCDIR/man/vmaview.1.scd")
	[ -n "$man_cols" ] || fail "no default column list found in man/vmaview.1.scd"
	# the binary's: JSON keys of "-o +" (the defaults, nothing added);
	# the range column gives the two keys start and end
	run -0 vmaview --proc-root "$FIXTURES/proc" -J -o + 4242
	bin_cols=$(jq -r '.processes[0].vmas[0] | keys_unsorted | join(",")' <<<"$output")
	assert_equal "${man_cols/range/start,end}" "$bin_cols"
}

@test "--help points to the man page" {
	run -0 vmaview --help
	assert_output --partial 'vmaview(1)'
}
