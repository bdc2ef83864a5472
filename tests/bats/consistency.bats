#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - consistency.bats: every option, column and VmFlags code is in the man page and all three completions
bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	MAN=$VMAVIEW_SRCDIR/man/vmaview.1.scd
	BASH_COMP=$VMAVIEW_SRCDIR/completions/vmaview.bash
	ZSH_COMP=$VMAVIEW_SRCDIR/completions/_vmaview
	FISH_COMP=$VMAVIEW_SRCDIR/completions/vmaview.fish
}

# --- what the binary knows ---------------------------------------------------

# Long options of --help, without argp's own --help/--usage/--version.
own_long_options() {
	long_options | grep -vxE -- '--(help|usage|version)'
}
# Short options as --help lists them ("  -b, --bytes").
short_options() {
	"$VMAVIEW" --help | sed -nE 's/^ +(-[[:alnum:]?]), --.*/\1/p' | sort -u
}
vmflags_codes() {
	"$VMAVIEW" --list-flags vmflags | awk '{print $1}'
}

# --- what a file says ----------------------------------------------------------

# Section NAME of the scdoc source: from "# NAME" to the next "# " heading.
man_section() {
	awk -v h="# $1" '$0 == h { on = 1; next } /^# / { on = 0 } on' "$MAN"
}
# Lines between the "BEGIN static WHAT" and "END static WHAT" markers.
static_block() {
	sed -n "/BEGIN static $2\$/,/END static $2\$/p" "$1"
}
# One word per line: runs of letters, digits, '_', '-' and '?' (after
# dropping backslashes, so zsh's '-\?' is the word '-?').
words() {
	tr -d '\\' | tr -cs '[:alnum:]_?-' '\n'
}
# fish declares options as "-s X" / "-l name"; turn them into -X / --name.
fish_options() {
	grep -oE -- "(-s|--short-option) '?[[:alnum:]?]'?|(-l|--long-option) '?[a-z][a-z-]*'?" |
		tr -d "'" | awk '$1 ~ /^-s|short/ { print "-" $2; next } { print "--" $2 }'
}

# --- checking --------------------------------------------------------------------

# check_words WHAT WHERE NAMES_CMD TEXT_CMD: every name printed by NAMES_CMD
# must be a word of what TEXT_CMD prints; fails naming each missing one.
check_words() {
	local what=$1 where=$2 names_cmd=$3 text_cmd=$4 n missing=() all
	mapfile -t all < <($names_cmd)
	[ "${#all[@]}" -gt 0 ] || fail "no $what from $VMAVIEW (check \$VMAVIEW)"
	local text
	text=$($text_cmd | words)
	[ -n "$text" ] || fail "$where: nothing found where the $what should be"
	for n in "${all[@]}"; do
		grep -qxF -- "$n" <<<"$text" || missing+=("$n")
	done
	[ "${#missing[@]}" -eq 0 ] ||
		fail "$what missing from $where: ${missing[*]}"
}

# check_man WHAT SECTION NAMES_CMD FORMAT: every name must appear, as printf
# FORMAT makes it, on a term line of SECTION of the man page source: a line
# that starts with a bold word ("*-o*, *--output*=_LIST_", "*rss* (bytes;
# RSS)"). A mention in the indented text under some other term is not enough.
check_man() {
	local what=$1 section=$2 names_cmd=$3 fmt=$4 n missing=() all text
	mapfile -t all < <($names_cmd)
	[ "${#all[@]}" -gt 0 ] || fail "no $what from $VMAVIEW (check \$VMAVIEW)"
	text=$(man_section "$section")
	[ -n "$text" ] || fail "man/vmaview.1.scd has no section '# $section'"
	text=$(grep '^\*' <<<"$text")
	for n in "${all[@]}"; do
		# shellcheck disable=SC2059 # the format is the point
		grep -qF -- "$(printf "$fmt" "$n")" <<<"$text" || missing+=("$n")
	done
	[ "${#missing[@]}" -eq 0 ] ||
		fail "$what missing from the $section section of man/vmaview.1.scd: ${missing[*]}"
}

bash_options() { static_block "$BASH_COMP" options; }
zsh_options() { static_block "$ZSH_COMP" options; }
fish_option_words() { static_block "$FISH_COMP" options | fish_options; }
bash_columns() { static_block "$BASH_COMP" columns; }
zsh_columns() { static_block "$ZSH_COMP" columns; }
fish_columns() { static_block "$FISH_COMP" columns; }
bash_vmflags() { static_block "$BASH_COMP" vmflags; }
zsh_vmflags() { static_block "$ZSH_COMP" vmflags; }
fish_vmflags() { static_block "$FISH_COMP" vmflags; }

# --- options -----------------------------------------------------------------------

@test "every long option (argp's included) is an OPTIONS term in the man page" {
	check_man "long options" OPTIONS long_options '*%s*'
}

@test "every short option is an OPTIONS term in the man page" {
	check_man "short options" OPTIONS short_options '*%s*'
}

@test "every long and short option is in the bash completion's option list" {
	check_words "long options" completions/vmaview.bash own_long_options bash_options
	check_words "short options" completions/vmaview.bash short_options bash_options
}

@test "every long and short option is an _arguments spec in the zsh completion" {
	check_words "long options" completions/_vmaview own_long_options zsh_options
	check_words "short options" completions/_vmaview short_options zsh_options
}

@test "every long and short option is declared (-l/-s) in the fish completion" {
	check_words "long options" completions/vmaview.fish own_long_options fish_option_words
	check_words "short options" completions/vmaview.fish short_options fish_option_words
}

# --- columns -----------------------------------------------------------------------

@test "every column is a COLUMNS entry in the man page" {
	check_man "columns" COLUMNS column_names '*%s* ('
}

@test "every column is in the bash completion's static column list" {
	check_words "columns" completions/vmaview.bash column_names bash_columns
}

@test "every column is in the zsh completion's static column list" {
	check_words "columns" completions/_vmaview column_names zsh_columns
}

@test "every column is in the fish completion's static column list" {
	check_words "columns" completions/vmaview.fish column_names fish_columns
}

# --- VmFlags -----------------------------------------------------------------------

@test "every VmFlags code is a VMFLAGS entry in the man page" {
	check_man "VmFlags codes" VMFLAGS vmflags_codes '*%s* ('
}

@test "every VmFlags code is in the bash completion's static list" {
	check_words "VmFlags codes" completions/vmaview.bash vmflags_codes bash_vmflags
}

@test "every VmFlags code is in the zsh completion's static list" {
	check_words "VmFlags codes" completions/_vmaview vmflags_codes zsh_vmflags
}

@test "every VmFlags code is in the fish completion's static list" {
	check_words "VmFlags codes" completions/vmaview.fish vmflags_codes fish_vmflags
}

# --- exit status -------------------------------------------------------------------

@test "every exit code (0, 1, 64) is an EXIT STATUS entry in the man page" {
	exit_codes() { printf '%s\n' 0 1 64; }
	check_man "exit codes" "EXIT STATUS" exit_codes '*%s*'
	# and the binary agrees with the man page on the numbers
	run -64 vmaview --no-such-option
	run -64 vmaview
	run -0 vmaview --list-flags vmflags
	run -1 vmaview --proc-root "$FIXTURES/proc" 999999
}
