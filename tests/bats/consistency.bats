#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - consistency.bats: every option, command, option value, column, VmFlags code and pagemap/kpageflags name is in the man page and all three completions
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
# Names (the second field of --list-flags) of the pagemap flags and the
# kpageflags, the words --flags takes.
pagemap_names() {
	"$VMAVIEW" --list-flags pagemap | awk '{print $2}'
}
kpageflags_names() {
	"$VMAVIEW" --list-flags kpageflags | awk '{print $2}'
}
# Columns of the pages command.
page_column_names() {
	"$VMAVIEW" pages --list-columns | awk '{print $1}'
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
	grep -oE -- "(-s|--short-option) '?[[:alnum:]?]'?|(-l|--long-option) '?[a-z][a-z0-9-]*'?" |
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
bash_pagemap() { static_block "$BASH_COMP" pagemap; }
zsh_pagemap() { static_block "$ZSH_COMP" pagemap; }
fish_pagemap() { static_block "$FISH_COMP" pagemap; }
bash_kpageflags() { static_block "$BASH_COMP" kpageflags; }
zsh_kpageflags() { static_block "$ZSH_COMP" kpageflags; }
fish_kpageflags() { static_block "$FISH_COMP" kpageflags; }
bash_page_columns() { static_block "$BASH_COMP" page-columns; }
zsh_page_columns() { static_block "$ZSH_COMP" page-columns; }
fish_page_columns() { static_block "$FISH_COMP" page-columns; }

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

# --- page columns ------------------------------------------------------------------

@test "every page column is a COLUMNS entry in the man page" {
	check_man "page columns" COLUMNS page_column_names '*%s* ('
}

@test "every page column is in the bash completion's static page column list" {
	check_words "page columns" completions/vmaview.bash page_column_names bash_page_columns
}

@test "every page column is in the zsh completion's static page column list" {
	check_words "page columns" completions/_vmaview page_column_names zsh_page_columns
}

@test "every page column is in the fish completion's static page column list" {
	check_words "page columns" completions/vmaview.fish page_column_names fish_page_columns
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

# --- pagemap flags and kpageflags ---------------------------------------------------

@test "every pagemap flag name is a PAGEMAP FLAGS entry in the man page" {
	check_man "pagemap flag names" "PAGEMAP FLAGS" pagemap_names '*%s* ('
}

@test "every pagemap flag name is in the bash completion's static list" {
	check_words "pagemap flag names" completions/vmaview.bash pagemap_names bash_pagemap
}

@test "every pagemap flag name is in the zsh completion's static list" {
	check_words "pagemap flag names" completions/_vmaview pagemap_names zsh_pagemap
}

@test "every pagemap flag name is in the fish completion's static list" {
	check_words "pagemap flag names" completions/vmaview.fish pagemap_names fish_pagemap
}

@test "every kpageflags name is a KPAGEFLAGS entry in the man page" {
	check_man "kpageflags names" KPAGEFLAGS kpageflags_names '*%s* ('
}

@test "every kpageflags name is in the bash completion's static list" {
	check_words "kpageflags names" completions/vmaview.bash kpageflags_names bash_kpageflags
}

@test "every kpageflags name is in the zsh completion's static list" {
	check_words "kpageflags names" completions/_vmaview kpageflags_names zsh_kpageflags
}

@test "every kpageflags name is in the fish completion's static list" {
	check_words "kpageflags names" completions/vmaview.fish kpageflags_names fish_kpageflags
}

@test "the man page gives each flag's code and bit as --list-flags does" {
	local kind sect code name bit mark rest missing=() text
	for kind in pagemap kpageflags; do
		sect=PAGEMAP
		[ "$kind" = kpageflags ] && sect=KPAGEFLAGS
		[ "$kind" = pagemap ] && sect="PAGEMAP FLAGS"
		text=$(man_section "$sect" | grep '^\*')
		while read -r code name bit mark rest; do
			local want="*$name* ($code; bit $bit"
			[ "$mark" = '*' ] && want+="; internal"
			grep -qxF -- "$want)" <<<"$text" || missing+=("$kind:$name")
		done < <("$VMAVIEW" --list-flags "$kind")
	done
	[ "${#missing[@]}" -eq 0 ] ||
		fail "man page entries whose code, bit or internal mark differ: ${missing[*]}"
}

# The kinds --list-flags knows, from its error message for an unknown one:
# "vmaview: unknown flag kind 'x' (known: vmflags, pagemap, kpageflags)".
flag_kinds() {
	"$VMAVIEW" --list-flags no-such-kind 2>&1 >/dev/null |
		sed -nE 's/.*\(known: ([^)]*)\).*/\1/p' | tr -s ', ' '\n\n'
}
bash_kinds() { static_block "$BASH_COMP" kinds; }
zsh_kinds() { static_block "$ZSH_COMP" kinds; }
fish_kinds() { static_block "$FISH_COMP" kinds; }
man_list_flags() { man_section OPTIONS | sed -n '/^\*--list-flags\*/,/^\*/p'; }

@test "every flag kind is listable, in the man page and in all three completions" {
	local k
	for k in $(flag_kinds); do
		run -0 vmaview --list-flags "$k"
		[ -n "$output" ] || fail "--list-flags $k lists nothing"
	done
	run -64 vmaview --list-flags no-such-kind
	check_words "flag kinds" "the --list-flags entry of man/vmaview.1.scd" flag_kinds man_list_flags
	check_words "flag kinds" completions/vmaview.bash flag_kinds bash_kinds
	check_words "flag kinds" completions/_vmaview flag_kinds zsh_kinds
	check_words "flag kinds" completions/vmaview.fish flag_kinds fish_kinds
}

# --- commands ----------------------------------------------------------------------

# The commands, from the usage lines of --help ("Usage: vmaview [OPTION...]
# [show] PID..." and "  or:  vmaview [OPTION...] pages PID [RANGE]").
command_names() {
	"$VMAVIEW" --help |
		sed -nE 's/^(Usage:| +or:) +[^ ]+ \[OPTION\.\.\.\] \[?([a-z]+)\]? .*/\2/p'
}
bash_commands() { static_block "$BASH_COMP" commands; }
zsh_commands() { static_block "$ZSH_COMP" commands; }
fish_commands() { static_block "$FISH_COMP" commands; }

@test "every command is a COMMANDS entry in the man page and in all three completions" {
	run -0 command_names
	assert_line show
	assert_line pages
	check_man "commands" COMMANDS command_names '*%s*'
	check_words "commands" completions/vmaview.bash command_names bash_commands
	check_words "commands" completions/_vmaview command_names zsh_commands
	check_words "commands" completions/vmaview.fish command_names fish_commands
}

# --- values of the page-table model options ----------------------------------------

# The values an option takes, from its error message for a bad one:
# "vmaview: --arch: 'x' is not native, arm64 or x86_64".
option_values() {
	"$VMAVIEW" "$1" no-such-value 2>&1 >/dev/null |
		sed -nE "s/^vmaview: $1: '[^']*' is not (.*)\$/\\1/p" |
		sed -E 's/ or /, /' | tr -s ', ' '\n\n'
}
arch_names() { option_values --arch; }
page_sizes() { option_values --page-size; }
decode_kinds() { option_values --kind; }
# The levels, from "vmaview: --level: '99' is not a level (0-5)".
levels() {
	local lo hi
	read -r lo hi < <("$VMAVIEW" --level 99 2>&1 >/dev/null |
		sed -nE 's/^vmaview: --level: .*\(([0-9]+)-([0-9]+)\)$/\1 \2/p')
	[ -n "$hi" ] && seq "$lo" "$hi"
}
# The --va-bits values its --help entry names ("virtual address bits
# (arm64 36/39/42/47/48/52, x86_64 48/57)", over one or more lines).
va_bits() {
	"$VMAVIEW" --help |
		awk '/^ +--va-bits=/ { on = 1; print; next }
			on && /^          +[^ -]/ { print; next }
			{ on = 0 }' |
		tr '\n' ' ' | grep -oE ' [0-9]+(/[0-9]+)+' | tr '/ ' '\n\n' | sed '/^$/d' | sort -un
}
# The man page's entry of option $1 (from its term line to the next term).
man_option() { man_section OPTIONS | sed -n "/^\\*$1\\*/,/^\\*/p"; }

# check_values WHAT OPTION BLOCK NAMES_CMD: every value is in the man page
# entry of OPTION (unless it is "") and in the static BLOCK of all three
# completions.
check_values() {
	local what=$1 opt=$2 block=$3 names_cmd=$4 f
	if [ -n "$opt" ]; then
		# shellcheck disable=SC2329,SC2317 # called by check_words
		man_opt() { man_option "$opt"; }
		check_words "$what" "the $opt entry of man/vmaview.1.scd" "$names_cmd" man_opt
	fi
	for f in "$BASH_COMP" "$ZSH_COMP" "$FISH_COMP"; do
		# shellcheck disable=SC2329,SC2317 # called by check_words
		comp_block() { static_block "$f" "$block"; }
		check_words "$what" "completions/${f##*/} (static $block)" "$names_cmd" comp_block
	done
}

@test "every --arch, --page-size and --kind value is in the man page and in all three completions" {
	run -0 arch_names
	assert_line arm64
	check_values "architectures" --arch archs arch_names
	check_values "page sizes" --page-size page-sizes page_sizes
	check_values "decode kinds" --kind decode-kinds decode_kinds
	run -64 vmaview --arch no-such-arch
	run -64 vmaview --page-size 8k
	run -64 vmaview --kind no-such-kind decode 0
}

# The --board values, from "vmaview: --board: 'x' is not auto, none or rock5b-plus".
board_names() { option_values --board; }

@test "every --board value is in the man page and in all three completions" {
	run -0 board_names
	assert_line auto
	assert_line none
	assert_line rock5b-plus
	check_values "boards" --board boards board_names
	run -64 vmaview --board no-such-board
	# --rock5b is the man page's term too (checked with every option above)
	run -0 man_option --rock5b
	assert_output --partial 'board=rock5b-plus'
}

@test "every --va-bits and --level value is in all three completions (--va-bits: and the man page)" {
	run -0 va_bits
	assert_line 48
	check_values "virtual address sizes" --va-bits va-bits va_bits
	run -0 levels
	assert_line 0
	# the man page gives the levels as "0 being the top", not one by one
	check_values "page-table levels" "" levels levels
	run -64 vmaview --level 99
	run -64 vmaview --va-bits 99
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
