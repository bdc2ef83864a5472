#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - completion.bats: the bash, zsh and fish completions really complete
bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	COMPDIR=$VMAVIEW_SRCDIR/completions
	# the built binary first on PATH, as "vmaview", for the dynamic queries
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	ln -sf "$(readlink -f "$VMAVIEW")" "$BATS_TEST_TMPDIR/bin/vmaview"
	PATH=$BATS_TEST_TMPDIR/bin:$PATH
	# a PATH without any vmaview, for the static fallbacks
	mkdir -p "$BATS_TEST_TMPDIR/nobin"
	NOVV_PATH=$BATS_TEST_TMPDIR/nobin:/usr/local/bin:/usr/bin:/bin
	FIX=$FIXTURES/proc
}

# Sorted, one per line.
lines_of() { printf '%s\n' "$@" | sort; }
# Columns (registry and this kernel's extras) starting with $1.
columns_like() { "$VMAVIEW" --list-columns | awk -v p="$1" 'index($1, p) == 1 {print $1}'; }
# Long options that take an argument, as --help lists them ("--sort=[-]COL"),
# but --list-flags (which takes no PID) and --proc-root (given separately).
arg_options() {
	"$VMAVIEW" --help | sed -nE 's/^ +(-[[:alnum:]?], )?(--[a-z][a-z0-9-]*)=.*/\2/p' |
		grep -vxE -- '--(list-flags|proc-root)' | sort -u
}
# What the first positional word offers with --proc-root $FIX.
FIRST_WORDS=(2 4242 55 77 decode pages self show map snapshot summary translate who)

# --- bash --------------------------------------------------------------------------

# bash_complete WORD...: run the bash completion on the command line made of
# WORDs (the last one is the word being completed; "" for a new word) and
# print COMPREPLY, one per line, then "#compopt ..." if compopt was called.
# Words are split at '=' as readline does with COMP_WORDBREAKS.
bash_complete() {
	bash --norc --noprofile -c '
		source /usr/share/bash-completion/bash_completion || exit 1
		source "$1" || exit 1
		shift
		# compopt only works inside readline completion: record instead
		opts=()
		compopt() { local IFS=" "; opts+=("$*"); }
		COMP_WORDS=()
		for w; do
			if [[ $w == --*=* ]]; then
				COMP_WORDS+=("${w%%=*}" "=" "${w#*=}")
			else
				COMP_WORDS+=("$w")
			fi
		done
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="${COMP_WORDS[*]}"
		COMP_LINE=${COMP_LINE// = /=}
		COMP_POINT=${#COMP_LINE}
		COMPREPLY=()
		_vmaview vmaview "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"
		((${#opts[@]})) && printf "#compopt %s\n" "${opts[*]}"
		exit 0
	' bash "$COMPDIR/vmaview.bash" "$@"
}

@test "bash: -o rss,ps offers rss,pss, rss,pss_dirty ... and no space" {
	run -0 bash_complete vmaview -o rss,ps
	assert_equal "$(grep -v '^#' <<<"$output" | sort)" \
		"$(columns_like ps | sed 's/^/rss,/' | sort)"
	assert_line 'rss,pss'
	assert_line 'rss,pss_dirty'
	assert_line '#compopt -o nospace'
}

@test "bash: -o keeps a leading +, skips columns already listed, --output= works" {
	run -0 bash_complete vmaview -o +rss,p
	assert_line '+rss,perms'
	assert_line '+rss,pss'
	refute_line --regexp '^rss'
	run -0 bash_complete vmaview -o rss,pss,p
	assert_line 'rss,pss,perms'
	refute_line 'rss,pss,pss'
	run -0 bash_complete vmaview --output=rss,p
	assert_line 'rss,perms'
	run -0 bash_complete vmaview -o ''
	assert_equal "$(grep -vc '^#' <<<"$output")" "$("$VMAVIEW" --list-columns | wc -l)"
}

@test "bash: --sort offers columns, with a leading - for descending" {
	run -0 bash_complete vmaview --sort -ps
	assert_equal "$output" "$(columns_like ps | sed 's/^/-/')"
	run -0 bash_complete vmaview --sort r
	assert_equal "$(sort <<<"$output")" "$(columns_like r | sort)"
}

@test "bash: --list-flags offers vmflags, pagemap and kpageflags" {
	run -0 bash_complete vmaview --list-flags ''
	assert_equal "$(sort <<<"$output")" "$(lines_of vmflags pagemap kpageflags)"
	run -0 bash_complete vmaview --list-flags k
	assert_output 'kpageflags'
}

@test "bash: --flags offers kpageflags names, comma-, '~'- and '='-aware" {
	run -0 bash_complete vmaview --flags anon,~lr
	assert_output $'anon,~lru\n#compopt -o nospace'
	run -0 bash_complete vmaview --flags compound_
	assert_equal "$(grep -v '^#' <<<"$output" | sort)" \
		$'compound_head\ncompound_tail'
	run -0 bash_complete vmaview --flags =anon,mlo
	assert_line '=anon,mlocked'
	run -0 bash_complete vmaview --flags lru,active=ac
	assert_line 'lru,active=active'
	run -0 bash_complete vmaview --flags ''
	assert_equal "$(grep -vc '^#' <<<"$output")" "$("$VMAVIEW" --list-flags kpageflags | wc -l)"
	# names, not the one-letter codes
	refute_line 'a'
	assert_line 'anon'
}

@test "bash: --flag-format offers names, raw, both" {
	run -0 bash_complete vmaview --flag-format ''
	assert_equal "$(sort <<<"$output")" "$(lines_of names raw both)"
	run -0 bash_complete vmaview --flag-format=b
	assert_output 'both'
}

@test "bash: pages: -o offers page columns; after the PID nothing (RANGE)" {
	run -0 bash_complete vmaview pages -o vaddr,s
	assert_equal "$(grep -v '^#' <<<"$output" | sort)" \
		"$("$VMAVIEW" pages --list-columns | awk 'index($1, "s") == 1 {print "vaddr," $1}' | sort)"
	assert_line 'vaddr,state'
	run -0 bash_complete vmaview -o ''
	refute_line 'vaddr'
	run -0 bash_complete vmaview --proc-root "$FIX" pages ''
	assert_equal "$(sort <<<"$output")" "$(lines_of 2 4242 55 77 self)"
	run -0 bash_complete vmaview --proc-root "$FIX" --flags anon pages 4242 ''
	assert_output ''
}

@test "bash: --vmflags offers codes, comma-aware, with ~" {
	run -0 bash_complete vmaview --vmflags lo,~e
	assert_line 'lo,~ex'
	refute_line --regexp '^lo,e'
	run -0 bash_complete vmaview --vmflags '~r'
	assert_equal "$(grep -v '^#' <<<"$output" | sort)" $'~rd\n~rr'
	run -0 bash_complete vmaview --vmflags ''
	assert_equal "$(grep -vc '^#' <<<"$output")" "$("$VMAVIEW" --list-flags vmflags | wc -l)"
}

@test "bash: options: --so gives --sort; - gives every option of --help" {
	run -0 bash_complete vmaview --so
	assert_output '--sort'
	run -0 bash_complete vmaview -
	assert_equal "$(sort <<<"$output")" \
		"$( (long_options; "$VMAVIEW" --help | sed -nE 's/^ +(-[[:alnum:]?]), .*/\1/p') | sort -u)"
}

@test "bash: --proc-root completes directories" {
	run -0 bash_complete vmaview --proc-root "$FIXTURES/pr"
	assert_output "$FIXTURES/proc"$'\n#compopt -o filenames'
	# files are not offered
	run -0 bash_complete vmaview --proc-root "$FIX/4242/sm"
	assert_output ''
}

@test "bash: positional: commands, self and PIDs (from --proc-root when given)" {
	run -0 bash_complete vmaview ''
	assert_line show
	assert_line self
	assert_line "$$"
	run -0 bash_complete vmaview --proc-root "$FIX" ''
	assert_equal "$(sort <<<"$output")" "$(lines_of 2 4242 55 77 self show summary who pages translate decode snapshot map)"
	run -0 bash_complete vmaview "--proc-root=$FIX" show ''
	assert_equal "$(sort <<<"$output")" "$(lines_of 2 4242 55 77 self)"
	run -0 bash_complete vmaview -o rss --proc-root "$FIX" 4
	assert_output 4242
}

@test "bash: --arch, --va-bits, --page-size, --kind, --level offer their values; --kernel nothing" {
	run -0 bash_complete vmaview --arch ''
	assert_equal "$(sort <<<"$output")" "$(lines_of native arm64 x86_64)"
	run -0 bash_complete vmaview --arch=x
	assert_output 'x86_64'
	run -0 bash_complete vmaview --va-bits ''
	assert_equal "$(sort <<<"$output")" "$(lines_of 36 39 42 47 48 52 57)"
	run -0 bash_complete vmaview --va-bits 4
	assert_equal "$(sort <<<"$output")" "$(lines_of 42 47 48)"
	run -0 bash_complete vmaview --page-size ''
	assert_equal "$(sort <<<"$output")" "$(lines_of 4k 16k 64k)"
	run -0 bash_complete vmaview --page-size=1
	assert_output '16k'
	run -0 bash_complete vmaview decode --kind ''
	assert_equal "$(sort <<<"$output")" "$(lines_of pte pagemap kpageflags vmflags)"
	run -0 bash_complete vmaview --kind p
	assert_equal "$(sort <<<"$output")" "$(lines_of pagemap pte)"
	run -0 bash_complete vmaview --level ''
	assert_equal "$(sort <<<"$output")" "$(lines_of 0 1 2 3 4 5)"
	# a kernel version is free text: neither PIDs nor commands
	run -0 bash_complete vmaview --proc-root "$FIX" --kernel ''
	assert_output ''
	run -0 bash_complete vmaview --proc-root "$FIX" --kernel=6
	assert_output ''
}

@test "bash: translate PID, then addresses; decode, then values: nothing" {
	run -0 bash_complete vmaview --proc-root "$FIX" t
	assert_output translate
	run -0 bash_complete vmaview --proc-root "$FIX" d
	assert_output decode
	run -0 bash_complete vmaview --proc-root "$FIX" translate ''
	assert_equal "$(sort <<<"$output")" "$(lines_of 2 4242 55 77 self)"
	run -0 bash_complete vmaview --proc-root "$FIX" --arch arm64 translate 4242 ''
	assert_output ''
	run -0 bash_complete vmaview --proc-root "$FIX" translate 4242 7f0000 ''
	assert_output ''
	run -0 bash_complete vmaview --proc-root "$FIX" decode ''
	assert_output ''
	run -0 bash_complete vmaview --kind pagemap --level 3 --proc-root "$FIX" decode 0x8 ''
	assert_output ''
	# a command only as the first word
	run -0 bash_complete vmaview --proc-root "$FIX" 4242 t
	assert_output ''
	run -0 bash_complete vmaview --proc-root "$FIX" pages 4242 d
	assert_output ''
}

@test "bash: --board offers auto, none and rock5b-plus; pages -o offers phys_region" {
	run -0 bash_complete vmaview --board ''
	assert_equal "$(sort <<<"$output")" "$(lines_of auto none rock5b-plus)"
	run -0 bash_complete vmaview --board=r
	assert_output rock5b-plus
	run -0 bash_complete vmaview --ro
	assert_output --rock5b
	run -0 bash_complete vmaview pages -o vaddr,phys_
	assert_line vaddr,phys_region
}

@test "bash: an option's argument is never taken for the command" {
	local opt
	for opt in $(arg_options); do
		run -0 bash_complete vmaview --proc-root "$FIX" "$opt" decode ''
		[ "$(sort <<<"$output")" = "$(lines_of "${FIRST_WORDS[@]}")" ] ||
			fail "vmaview $opt decode <TAB>: decode taken for the command: $output"
	done
}

@test "bash: pages -o offers pte and pte_words; show -o pte_template" {
	run -0 bash_complete vmaview pages -o vaddr,pte
	assert_equal "$(grep -v '^#' <<<"$output" | sort)" "$(lines_of vaddr,pte vaddr,pte_words)"
	run -0 bash_complete vmaview --arch arm64 --va-bits 48 pages -o pte_
	assert_output $'pte_words\n#compopt -o nospace'
	run -0 bash_complete vmaview -o pte
	assert_equal "$(grep -v '^#' <<<"$output")" "$(columns_like pte)"
	assert_line pte_template
}

@test "bash: without vmaview on PATH the static lists give the same names" {
	PATH=$NOVV_PATH
	! type -P vmaview || skip "a vmaview is installed in $NOVV_PATH"
	run -0 bash_complete vmaview -o ''
	assert_equal "$(grep -v '^#' <<<"$output")" "$(column_names)"
	run -0 bash_complete vmaview --vmflags ''
	assert_equal "$(grep -v '^#' <<<"$output")" "$("$VMAVIEW" --list-flags vmflags | awk '{print $1}')"
	run -0 bash_complete vmaview --flags ''
	assert_equal "$(grep -v '^#' <<<"$output")" "$("$VMAVIEW" --list-flags kpageflags | awk '{print $2}')"
	run -0 bash_complete vmaview pages -o ''
	assert_equal "$(grep -v '^#' <<<"$output")" "$("$VMAVIEW" pages --list-columns | awk '{print $1}')"
	run -0 bash_complete vmaview -
	assert_equal "$(sort <<<"$output")" \
		"$( (long_options; "$VMAVIEW" --help | sed -nE 's/^ +(-[[:alnum:]?]), .*/\1/p') | sort -u)"
	run -0 bash_complete vmaview -o rss,ps
	assert_line 'rss,pss_dirty'
}

@test "bash: shellcheck -s bash is clean" {
	command -v shellcheck >/dev/null || skip "shellcheck is not installed"
	run -0 shellcheck -s bash "$COMPDIR/vmaview.bash"
}

# --- zsh ---------------------------------------------------------------------------

# zsh_complete LINE: type LINE and TAB in an interactive zsh (zpty) with the
# completion on fpath; print every match offered (as inserted, prefix
# included), sorted. A compadd wrapper records the matches, so this is what
# the completion system really offers, not a listing scraped off a screen.
# TAB is bound to a widget that prints a marker when completion is over, so
# nothing is typed ahead of it (zle cuts completion short on typeahead).
zsh_complete() {
	local out=$BATS_TEST_TMPDIR/zsh.out harness=$BATS_TEST_TMPDIR/zcomp.zsh
	: >"$out"
	cat >"$harness" <<-'EOF'
		zmodload zsh/zpty || exit 77
		compdir=$1 out=$2 line=$3
		zpty z zsh -f -i
		zpty -w z "PS1= RPS1=; fpath=(${(q)compdir} \$fpath); autoload -Uz compinit; compinit -u -D"
		zpty -w z "compadd() { local -a m; builtin compadd -O m \"\$@\"; (( \$#m )) && print -rl -- \"\${(@)m/#/\$IPREFIX}\" >>${(q)out}; builtin compadd \"\$@\"; }"
		zpty -w z "tab() { zle complete-word; zle -I; print -r -- TABDONE-\$((6*7)); }; zle -N tab; bindkey '^I' tab"
		zpty -w z "echo READY-\$((6*7))"
		zpty -r z l '*READY-42*' || exit 1
		zpty -w -n z "$line"$'\t'
		zpty -r z l '*TABDONE-42*' || exit 1
		zpty -d z
	EOF
	timeout 30 zsh -f "$harness" "$COMPDIR" "$out" "$1" || return
	sort -u "$out"
}

@test "zsh: the file parses (zsh -n) and starts with #compdef vmaview" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	run -0 zsh -n "$COMPDIR/_vmaview"
	run -0 head -n1 "$COMPDIR/_vmaview"
	assert_output '#compdef vmaview'
}

@test "zsh: -o rss,ps offers rss,pss ...; + and listed columns handled" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	run -0 zsh_complete 'vmaview -o rss,ps'
	assert_equal "$output" "$(columns_like ps | sed 's/^/rss,/' | sort)"
	run -0 zsh_complete 'vmaview -o +rss,p'
	assert_line '+rss,perms'
	assert_line '+rss,pss'
	run -0 zsh_complete 'vmaview --output=rss,pss,p'
	assert_line -- '--output=rss,pss,perms'
	refute_line -- '--output=rss,pss,pss'
}

@test "zsh: --sort -ps, --so, --list-flags, --vmflags" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	run -0 zsh_complete 'vmaview --sort -ps'
	assert_equal "$output" "$(columns_like ps | sed 's/^/-/' | sort)"
	run -0 zsh_complete 'vmaview --so'
	assert_output '--sort'
	run -0 zsh_complete 'vmaview --list-flags '
	assert_output "$(lines_of kpageflags pagemap vmflags)"
	run -0 zsh_complete 'vmaview --vmflags lo,~e'
	assert_output 'lo,~ex'
}

@test "zsh: --flags, --flag-format, pages -o and pages PID RANGE" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	run -0 zsh_complete 'vmaview --flags anon,~lr'
	assert_output 'anon,~lru'
	run -0 zsh_complete 'vmaview --flags=lru,active=ac'
	assert_line -- '--flags=lru,active=active'
	refute_line -- '--flags=lru,active=anon'
	run -0 zsh_complete 'vmaview --flags compound_'
	assert_output "$(lines_of compound_head compound_tail)"
	run -0 zsh_complete 'vmaview --flag-format '
	assert_output "$(lines_of both names raw)"
	run -0 zsh_complete 'vmaview pages -o vaddr,st'
	assert_output 'vaddr,state'
	run -0 zsh_complete "vmaview --proc-root $FIX pages "
	assert_equal "$output" "$(lines_of 2 4242 55 77 self)"
	run -0 zsh_complete "vmaview --proc-root $FIX pages 4242 "
	assert_output ''
}

@test "zsh: every option, and positional commands/self/PIDs" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	run -0 zsh_complete 'vmaview -'
	assert_equal "$output" \
		"$( (long_options; "$VMAVIEW" --help | sed -nE 's/^ +(-[[:alnum:]?]), .*/\1/p') | sort -u)"
	run -0 zsh_complete "vmaview --proc-root $FIX "
	assert_equal "$output" "$(lines_of 2 4242 55 77 decode pages self show map snapshot summary translate who)"
	run -0 zsh_complete "vmaview --proc-root $FIX show 4"
	assert_output 4242
}

@test "zsh: --arch, --va-bits, --page-size, --kind, --level values; --kernel nothing" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	run -0 zsh_complete 'vmaview --arch '
	assert_output "$(lines_of arm64 native x86_64)"
	run -0 zsh_complete 'vmaview --va-bits 5'
	assert_output "$(lines_of 52 57)"
	run -0 zsh_complete 'vmaview --va-bits=5'
	assert_line -- '--va-bits=52'
	assert_line -- '--va-bits=57'
	refute_line -- '--va-bits=48'
	run -0 zsh_complete 'vmaview --page-size '
	assert_output "$(lines_of 16k 4k 64k)"
	run -0 zsh_complete 'vmaview --kind '
	assert_output "$(lines_of kpageflags pagemap pte vmflags)"
	run -0 zsh_complete 'vmaview --level '
	assert_output "$(lines_of 0 1 2 3 4 5)"
	run -0 zsh_complete "vmaview --proc-root $FIX --kernel "
	assert_output ''
}

@test "zsh: translate PID then nothing, decode nothing; pte columns" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	run -0 zsh_complete "vmaview --proc-root $FIX t"
	assert_output translate
	run -0 zsh_complete "vmaview --proc-root $FIX translate "
	assert_equal "$output" "$(lines_of 2 4242 55 77 self)"
	run -0 zsh_complete "vmaview --proc-root $FIX --arch arm64 translate 4242 "
	assert_output ''
	run -0 zsh_complete "vmaview --proc-root $FIX decode "
	assert_output ''
	run -0 zsh_complete "vmaview --kind pagemap --proc-root $FIX decode 0x8 "
	assert_output ''
	run -0 zsh_complete 'vmaview --arch arm64 pages -o pte'
	assert_output "$(lines_of pte pte_words)"
	run -0 zsh_complete 'vmaview -o pte_'
	assert_output "$(columns_like pte_ | sort)"
}

@test "zsh: --board values, --rock5b, pages -o phys_region" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	run -0 zsh_complete 'vmaview --board '
	assert_output "$(lines_of auto none rock5b-plus)"
	run -0 zsh_complete 'vmaview --ro'
	assert_output --rock5b
	run -0 zsh_complete 'vmaview pages -o vaddr,phys_'
	assert_output vaddr,phys_region
}

@test "zsh: an option's argument is never taken for the command" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	local opt
	for opt in $(arg_options); do
		run -0 zsh_complete "vmaview --proc-root $FIX $opt decode "
		[ "$output" = "$(lines_of "${FIRST_WORDS[@]}")" ] ||
			fail "vmaview $opt decode <TAB>: decode taken for the command: $output"
	done
}

@test "zsh: without vmaview on PATH the static lists are used" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	PATH=$NOVV_PATH
	! type -P vmaview || skip "a vmaview is installed in $NOVV_PATH"
	run -0 zsh_complete 'vmaview -o rss,ps'
	assert_equal "$output" "$(column_names | grep '^ps' | sed 's/^/rss,/' | sort)"
	run -0 zsh_complete 'vmaview --vmflags u'
	assert_equal "$output" "$(lines_of ui um uw)"
	run -0 zsh_complete 'vmaview --flags un'
	assert_equal "$output" "$(lines_of uncached unevictable)"
	run -0 zsh_complete 'vmaview pages -o s'
	assert_equal "$output" "$(lines_of state swap_offset swap_type)"
}

# --- fish --------------------------------------------------------------------------

# fish_complete LINE: what fish offers for LINE with the completion loaded,
# candidates only (descriptions cut off), sorted.
fish_complete() {
	fish --no-config -c 'source $argv[1]; or exit 1; complete -C $argv[2]' \
		"$COMPDIR/vmaview.fish" "$1" | cut -f1 | sort -u
	return "${PIPESTATUS[0]}"
}

@test "fish: the file parses (fish -n)" {
	command -v fish >/dev/null || skip "fish is not installed"
	run -0 fish --no-execute "$COMPDIR/vmaview.fish"
	assert_output ''
}

@test "fish: --so offers --sort; options of --help are all there" {
	command -v fish >/dev/null || skip "fish is not installed"
	run -0 fish_complete 'vmaview --so'
	assert_output '--sort'
	run -0 fish_complete 'vmaview -'
	local o
	for o in $(long_options) $("$VMAVIEW" --help | sed -nE 's/^ +(-[[:alnum:]?]), .*/\1/p'); do
		assert_line -- "$o"
	done
}

@test "fish: -o rss,p offers rss,pss, rss,perms ...; + and --output= work" {
	command -v fish >/dev/null || skip "fish is not installed"
	run -0 fish_complete 'vmaview -o rss,p'
	assert_equal "$output" "$(columns_like p | grep -vx rss | sed 's/^/rss,/' | sort)"
	assert_line 'rss,pss'
	assert_line 'rss,perms'
	run -0 fish_complete 'vmaview -o +rss,pss,p'
	assert_line '+rss,pss,perms'
	refute_line '+rss,pss,pss'
	run -0 fish_complete 'vmaview --output=rss,ps'
	assert_line '--output=rss,pss_dirty'
}

@test "fish: --sort (also -COL), --list-flags, --vmflags" {
	command -v fish >/dev/null || skip "fish is not installed"
	run -0 fish_complete 'vmaview --sort=-ps'
	assert_equal "$output" "$(columns_like ps | sed 's/^/--sort=-/' | sort)"
	run -0 fish_complete 'vmaview --sort -ps'
	assert_equal "$output" "$(columns_like ps | sed 's/^/-/' | sort)"
	run -0 fish_complete 'vmaview --list-flags '
	assert_output "$(lines_of kpageflags pagemap vmflags)"
	run -0 fish_complete 'vmaview --vmflags lo,~e'
	assert_output 'lo,~ex'
	# option arguments are never file names
	cd "$BATS_TEST_TMPDIR" && touch rss_file lo_file
	run -0 fish_complete 'vmaview --sort rs'
	assert_output 'rss'
	run -0 fish_complete 'vmaview -o rs'
	assert_output 'rss'
	run -0 fish_complete 'vmaview --vmflags lo'
	assert_output 'lo'
}

@test "fish: --flags, --flag-format, pages -o and pages PID RANGE" {
	command -v fish >/dev/null || skip "fish is not installed"
	run -0 fish_complete 'vmaview --flags anon,~lr'
	assert_output 'anon,~lru'
	run -0 fish_complete 'vmaview --flags=lru,active=ac'
	assert_output -- '--flags=lru,active=active'
	run -0 fish_complete 'vmaview --flags compound_'
	assert_output "$(lines_of compound_head compound_tail)"
	run -0 fish_complete 'vmaview --flag-format '
	assert_output "$(lines_of both names raw)"
	run -0 fish_complete 'vmaview pages -o vaddr,st'
	assert_output 'vaddr,state'
	run -0 fish_complete "vmaview --proc-root $FIX pages "
	assert_equal "$output" "$(lines_of 2 4242 55 77 self)"
	run -0 fish_complete "vmaview --proc-root $FIX pages 4242 "
	assert_output ''
}

@test "fish: --proc-root completes directories; positional commands/self/PIDs" {
	command -v fish >/dev/null || skip "fish is not installed"
	run -0 fish_complete "vmaview --proc-root $FIXTURES/pr"
	assert_output "$FIXTURES/proc/"
	run -0 fish_complete "vmaview --proc-root $FIX "
	assert_equal "$output" "$(lines_of 2 4242 55 77 decode pages self show map snapshot summary translate who)"
	run -0 fish_complete "vmaview --proc-root $FIX show "
	assert_equal "$output" "$(lines_of 2 4242 55 77 self)"
}

@test "fish: --arch, --va-bits, --page-size, --kind, --level values; --kernel nothing" {
	command -v fish >/dev/null || skip "fish is not installed"
	run -0 fish_complete 'vmaview --arch '
	assert_output "$(lines_of arm64 native x86_64)"
	run -0 fish_complete 'vmaview --va-bits=5'
	assert_equal "$output" "$(lines_of --va-bits=52 --va-bits=57)"
	run -0 fish_complete 'vmaview --page-size '
	assert_output "$(lines_of 16k 4k 64k)"
	run -0 fish_complete 'vmaview --kind '
	assert_output "$(lines_of kpageflags pagemap pte vmflags)"
	run -0 fish_complete 'vmaview --level '
	assert_output "$(lines_of 0 1 2 3 4 5)"
	# never file names
	cd "$BATS_TEST_TMPDIR" && touch 6.1_file
	run -0 fish_complete "vmaview --proc-root $FIX --kernel "
	assert_output ''
}

@test "fish: translate PID then nothing, decode nothing; pte columns" {
	command -v fish >/dev/null || skip "fish is not installed"
	run -0 fish_complete "vmaview --proc-root $FIX t"
	assert_output translate
	run -0 fish_complete "vmaview --proc-root $FIX translate "
	assert_equal "$output" "$(lines_of 2 4242 55 77 self)"
	run -0 fish_complete "vmaview --proc-root $FIX --arch arm64 translate 4242 "
	assert_output ''
	run -0 fish_complete "vmaview --proc-root $FIX decode "
	assert_output ''
	run -0 fish_complete "vmaview --kind pagemap --proc-root $FIX decode 0x8 "
	assert_output ''
	run -0 fish_complete 'vmaview --arch arm64 pages -o pte'
	assert_output "$(lines_of pte pte_words)"
	run -0 fish_complete 'vmaview -o pte_'
	assert_output "$(columns_like pte_ | sort)"
}

@test "fish: --board values, --rock5b, pages -o phys_region" {
	command -v fish >/dev/null || skip "fish is not installed"
	run -0 fish_complete 'vmaview --board '
	assert_output "$(lines_of auto none rock5b-plus)"
	run -0 fish_complete 'vmaview --ro'
	assert_output --rock5b
	run -0 fish_complete 'vmaview pages -o vaddr,phys_'
	assert_output vaddr,phys_region
}

@test "fish: an option's argument is never taken for the command" {
	command -v fish >/dev/null || skip "fish is not installed"
	local opt
	for opt in $(arg_options); do
		run -0 fish_complete "vmaview --proc-root $FIX $opt decode "
		[ "$output" = "$(lines_of "${FIRST_WORDS[@]}")" ] ||
			fail "vmaview $opt decode <TAB>: decode taken for the command: $output"
	done
}

@test "fish: without vmaview on PATH the static lists are used" {
	command -v fish >/dev/null || skip "fish is not installed"
	PATH=$NOVV_PATH
	! type -P vmaview || skip "a vmaview is installed in $NOVV_PATH"
	run -0 fish_complete 'vmaview -o rss,ps'
	assert_equal "$output" "$(column_names | grep '^ps' | sed 's/^/rss,/' | sort)"
	run -0 fish_complete 'vmaview --vmflags u'
	assert_equal "$output" "$(lines_of ui um uw)"
	run -0 fish_complete 'vmaview --flags un'
	assert_equal "$output" "$(lines_of uncached unevictable)"
	run -0 fish_complete 'vmaview pages -o s'
	assert_equal "$output" "$(lines_of state swap_offset swap_type)"
}

# --- snapshot PID -o DIR: -o is a directory there, not columns ---------------------

@test "bash: snapshot: PIDs, then nothing; -o completes directories" {
	run -0 bash_complete vmaview --proc-root "$FIX" sn
	assert_output snapshot
	run -0 bash_complete vmaview --proc-root "$FIX" snapshot ''
	assert_equal "$(sort <<<"$output")" "$(lines_of 2 4242 55 77 self)"
	run -0 bash_complete vmaview --proc-root "$FIX" snapshot 4242 ''
	assert_output ''
	run -0 bash_complete vmaview --proc-root "$FIX" snapshot 4242 -o "$FIXTURES/pr"
	assert_output "$FIXTURES/proc"$'\n#compopt -o filenames'
	# show's -o is still columns
	run -0 bash_complete vmaview -o rs
	assert_line rss
}

@test "zsh: snapshot: PIDs, then nothing; -o completes directories" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	run -0 zsh_complete "vmaview --proc-root $FIX snapshot "
	assert_equal "$output" "$(lines_of 2 4242 55 77 self)"
	run -0 zsh_complete "vmaview --proc-root $FIX snapshot 4242 "
	assert_output ''
	run -0 zsh_complete "vmaview --proc-root $FIX snapshot 4242 -o $FIXTURES/pr"
	assert_line proc
	refute_line rss
}

@test "fish: snapshot: PIDs, then nothing; -o completes directories" {
	command -v fish >/dev/null || skip "fish is not installed"
	run -0 fish_complete "vmaview --proc-root $FIX snapshot "
	assert_equal "$output" "$(lines_of 2 4242 55 77 self)"
	run -0 fish_complete "vmaview --proc-root $FIX snapshot 4242 "
	assert_output ''
	run -0 fish_complete "vmaview --proc-root $FIX snapshot 4242 -o $FIXTURES/pr"
	assert_output "$FIXTURES/proc/"
}

# --- map PID: one process; --color=WHEN, --width N, --svg FILE ---------------------

@test "bash: map: PIDs, then nothing; --color= offers its values, --width nothing" {
	run -0 bash_complete vmaview --proc-root "$FIX" ma
	assert_output map
	run -0 bash_complete vmaview --proc-root "$FIX" map ''
	assert_equal "$(sort <<<"$output")" "$(lines_of 2 4242 55 77 self)"
	run -0 bash_complete vmaview --proc-root "$FIX" map 4242 ''
	assert_output ''
	run -0 bash_complete vmaview map --color=a
	assert_equal "$(sort <<<"$output")" "$(lines_of always auto)"
	run -0 bash_complete vmaview map --width ''
	assert_output ''
	# --width's argument is not taken for the command: map stays map
	run -0 bash_complete vmaview --proc-root "$FIX" --width 90 map 4242 ''
	assert_output ''
}

@test "zsh: map: PIDs, then nothing" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	run -0 zsh_complete "vmaview --proc-root $FIX map "
	assert_equal "$output" "$(lines_of 2 4242 55 77 self)"
	run -0 zsh_complete "vmaview --proc-root $FIX --width 90 map 4242 "
	assert_output ''
}

@test "fish: map: PIDs, then nothing" {
	command -v fish >/dev/null || skip "fish is not installed"
	run -0 fish_complete "vmaview --proc-root $FIX map "
	assert_equal "$output" "$(lines_of 2 4242 55 77 self)"
	run -0 fish_complete "vmaview --proc-root $FIX --width 90 map 4242 "
	assert_output ''
}
