# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - completions/vmaview.bash: bash completion (bash-completion API v2)
# shellcheck shell=bash
#
# Names are asked from vmaview itself (the binary being completed, else the
# one on PATH), so they follow the installed version. The static lists
# between the BEGIN/END markers are the fallback when it cannot be run;
# tests/bats/consistency.bats checks that they are complete.

# The vmaview to ask: the command word if it is a path to an executable.
# The word is as typed: undo "~/" and backslash escapes (never eval it).
_vmaview_bin()
{
	local cmd=${1//\\/}
	[[ $cmd == \~/* ]] && cmd=$HOME/${cmd#\~/}
	if [[ $cmd == */* && -x $cmd ]]; then
		printf '%s\n' "$cmd"
	else
		printf '%s\n' vmaview
	fi
}

_vmaview_options()
{
	local out
	# argp's --help: "  -b, --bytes   ..." and "      --no-totals   ..."
	out=$({ "$1" --help | sed -nE \
		-e 's/^ +(-[[:alnum:]?]), (--[a-z][a-z0-9-]*).*/\1\n\2/p' \
		-e 's/^ +(--[a-z][a-z0-9-]*).*/\1/p'; } 2>/dev/null) &&
		[[ -n $out ]] && printf '%s\n' "$out" && return
	# BEGIN static options
	printf '%s\n' \
		-o --output --output-all -J --json --pretty -r --raw -P --pairs \
		-n --noheadings -b --bytes --sort --no-totals -A --range --vmflags \
		--list-columns --list-flags --proc-root --runs --holes --flags \
		--kpf-raw --flag-format --no-pagemap-scan --arch --kernel --va-bits \
		--page-size --kind --level --board --rock5b --svg --color --width \
		--stacks --all --pgrep --children --user --totals --group --shared-with \
		--interval --count '-?' --help --usage -V --version
	# END static options
}

# The first word of each line of "vmaview ARGS..." (the second with
# _vmaview_ask2); fails when it cannot be asked. $1 is the vmaview to ask.
_vmaview_ask()
{
	local out
	out=$({ "$@" | awk '{print $1}'; } 2>/dev/null) &&
		[[ -n $out ]] && printf '%s\n' "$out"
}

_vmaview_ask2()
{
	local out
	out=$({ "$@" | awk '{print $2}'; } 2>/dev/null) &&
		[[ -n $out ]] && printf '%s\n' "$out"
}

# Columns of show; with $2 = pages, the page columns.
_vmaview_columns()
{
	if [[ ${2-} == pages ]]; then
		_vmaview_ask "$1" pages --list-columns && return
		# BEGIN static page-columns
		printf '%s\n' \
			vaddr end npages state pfn phys phys_region swap_type \
			swap_offset pagemap mapcount kpageflags pte pte_words
		# END static page-columns
		return
	fi
	_vmaview_ask "$1" --list-columns && return
	# BEGIN static columns
	printf '%s\n' \
		range start end perms offset dev inode size kernelpagesize \
		mmupagesize rss pss pss_dirty pss_anon pss_file pss_shmem \
		shared_clean shared_dirty private_clean private_dirty referenced \
		anonymous ksm lazyfree anonhugepages shmempmdmapped filepmdmapped \
		shared_hugetlb private_hugetlb swap swappss locked thpeligible \
		protectionkey vmflags kind deleted name present swapped guard \
		file_shared exclusive runs largest_run thp hugetlb ksm_pages \
		zero_pages frame_pss shared_with pte_template elf section build_id \
		stack_tids frame_tids pid comm
	# END static columns
}

_vmaview_vmflags()
{
	_vmaview_ask "$1" --list-flags vmflags && return
	# BEGIN static vmflags
	printf '%s\n' \
		rd wr ex sh mr mw me ms gd pf gu dw lo io sr rr dc de lf ac nr ht \
		sf nl ar wf dd sd mm hg nh mg bt mt um uw ui ss sl dp
	# END static vmflags
}

# Names of the pagemap flags or of the kpageflags ($2).
_vmaview_flag_names()
{
	_vmaview_ask2 "$1" --list-flags "$2" && return
	case $2 in
	pagemap)
		# BEGIN static pagemap
		printf '%s\n' \
			soft_dirty exclusive uffd_wp guard file swap present
		# END static pagemap
		;;
	kpageflags)
		# BEGIN static kpageflags
		printf '%s\n' \
			locked error referenced uptodate dirty lru active slab \
			writeback reclaim buddy mmap anon swapcache swapbacked \
			compound_head compound_tail huge unevictable hwpoison \
			nopage ksm thp offline zero_page idle pgtable reserved \
			mlocked owner_2 private private_2 owner_private arch \
			uncached softdirty arch_2 arch_3
		# END static kpageflags
		;;
	esac
}

# PIDs: from the --proc-root directory given on the line, else /proc.
_vmaview_pids()
{
	local root=/proc i d
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--proc-root=*) root=${words[i]#--proc-root=} ;;
		--proc-root) ((i + 1 < cword)) && root=${words[i + 1]} ;;
		esac
	done
	root=${root/#\~/$HOME}
	for d in "$root"/[0-9]*; do
		d=${d##*/}
		[[ $d =~ ^[0-9]+$ ]] && printf '%s\n' "$d"
	done
}

_vmaview()
{
	local cur prev words cword split
	_init_completion -s || return

	local bin
	bin=$(_vmaview_bin "${words[0]}")

	# the command (show, pages, translate, decode, snapshot, map) and the
	# non-option words after it
	local i n=0 skip=false cmd=show
	for ((i = 1; i < cword; i++)); do
		if $skip; then
			skip=false
			continue
		fi
		case ${words[i]} in
		-o | --output | --sort | -A | --range | --vmflags | --list-flags | \
			--proc-root | --flags | --flag-format | --arch | --kernel | \
			--va-bits | --page-size | --kind | --level | --board | --svg | \
			--width | --pgrep | --children | --user | --group | --shared-with | \
			--interval | --count)
			skip=true ;;
		-*) ;;
		*)
			if ((n == 0)); then
				case ${words[i]} in
				show | summary | who | pages | translate | decode | snapshot | map) cmd=${words[i]} ;;
				esac
			fi
			n=$((n + 1))
			;;
		esac
	done

	case $prev in
	-o | --output | --sort)
		# snapshot PID -o DIR: a directory to create, not columns
		if [[ $cmd == snapshot && $prev != --sort ]]; then
			_filedir -d
			return
		fi
		# comma-separated column names; -o takes a leading '+', --sort a '-'
		local prefix=${cur%"${cur##*,}"} realcur=${cur##*,} lead=
		if [[ $prev == --sort ]]; then
			prefix='' realcur=$cur
			[[ $cur == -* ]] && lead=- realcur=${cur#-}
		elif [[ -z $prefix && $cur == +* ]]; then
			lead=+ realcur=${cur#+}
		fi
		local -a cols
		mapfile -t cols < <(_vmaview_columns "$bin" "$cmd")
		if [[ $prev != --sort && -n $prefix ]]; then
			# do not offer the columns already in the list
			local -a keep=() given
			local c
			IFS=, read -ra given <<<"${prefix#+}"
			for c in "${cols[@]}"; do
				[[ " ${given[*]} " == *" $c "* ]] || keep+=("$c")
			done
			cols=("${keep[@]}")
		fi
		mapfile -t COMPREPLY < <(compgen -P "$lead$prefix" -W "${cols[*]}" -- "$realcur")
		[[ $prev != --sort ]] && compopt -o nospace
		return
		;;
	--vmflags)
		# codes joined by ',', each may be negated with '~'
		local prefix=${cur%"${cur##*,}"} realcur=${cur##*,}
		if [[ $realcur == \~* ]]; then
			prefix+='~' realcur=${realcur#\~}
		fi
		local -a codes
		mapfile -t codes < <(_vmaview_vmflags "$bin")
		mapfile -t COMPREPLY < <(compgen -P "$prefix" -W "${codes[*]}" -- "$realcur")
		compopt -o nospace
		return
		;;
	--flags)
		# kpageflags names joined by ',', each may be negated with '~';
		# one '=' (page-types' -b grammar)
		local prefix=${cur%"${cur##*[,=]}"} realcur=${cur##*[,=]}
		if [[ $realcur == \~* ]]; then
			prefix+='~' realcur=${realcur#\~}
		fi
		local -a names
		mapfile -t names < <(_vmaview_flag_names "$bin" kpageflags)
		mapfile -t COMPREPLY < <(compgen -P "$prefix" -W "${names[*]}" -- "$realcur")
		compopt -o nospace
		return
		;;
	--flag-format)
		mapfile -t COMPREPLY < <(compgen -W 'names raw both' -- "$cur")
		return
		;;
	--list-flags)
		# BEGIN static kinds
		mapfile -t COMPREPLY < <(compgen -W 'vmflags pagemap kpageflags' -- "$cur")
		# END static kinds
		return
		;;
	--proc-root)
		_filedir -d
		return
		;;
	--arch)
		# BEGIN static archs
		mapfile -t COMPREPLY < <(compgen -W 'native arm64 x86_64' -- "$cur")
		# END static archs
		return
		;;
	--va-bits)
		# BEGIN static va-bits
		mapfile -t COMPREPLY < <(compgen -W '36 39 42 47 48 52 57' -- "$cur")
		# END static va-bits
		return
		;;
	--page-size)
		# BEGIN static page-sizes
		mapfile -t COMPREPLY < <(compgen -W '4k 16k 64k' -- "$cur")
		# END static page-sizes
		return
		;;
	--kind)
		# BEGIN static decode-kinds
		mapfile -t COMPREPLY < <(compgen -W 'pte pagemap kpageflags vmflags' -- "$cur")
		# END static decode-kinds
		return
		;;
	--board)
		# BEGIN static boards
		mapfile -t COMPREPLY < <(compgen -W 'auto none rock5b-plus' -- "$cur")
		# END static boards
		return
		;;
	--color)
		# --color=WHEN only: the argument is optional, so never a word of its own
		$split && mapfile -t COMPREPLY < <(compgen -W 'auto always never' -- "$cur")
		$split && return
		;;
	--svg)
		_filedir svg
		return
		;;
	--level)
		# BEGIN static levels
		mapfile -t COMPREPLY < <(compgen -W '0 1 2 3 4 5' -- "$cur")
		# END static levels
		return
		;;
	--children | --shared-with)
		local -a pids
		mapfile -t pids < <(_vmaview_pids)
		mapfile -t COMPREPLY < <(compgen -W "${pids[*]}" -- "$cur")
		return
		;;
	--user)
		mapfile -t COMPREPLY < <(compgen -u -- "$cur")
		return
		;;
	--group)
		# BEGIN static groups
		mapfile -t COMPREPLY < <(compgen -W 'vma name kind process user' -- "$cur")
		# END static groups
		return
		;;
	-A | --range | --kernel | --width | --pgrep | --interval | --count)
		# hexadecimal addresses, a kernel version, a width, a regex: nothing to offer
		return
		;;
	esac
	$split && return

	if [[ $cur == -* ]]; then
		local -a opts
		mapfile -t opts < <(_vmaview_options "$bin")
		mapfile -t COMPREPLY < <(compgen -W "${opts[*]}" -- "$cur")
		return
	fi

	# positional: [show] PID..., pages PID [RANGE], translate PID ADDR...,
	# decode VALUE... or snapshot PID; a command only before the first
	# PID; after pages PID a RANGE, after translate PID addresses, after
	# decode values (all hex), who's frames, after snapshot PID and map PID: nothing
	[[ $cmd == pages || $cmd == translate || $cmd == snapshot || $cmd == map ]] && ((n >= 2)) && return
	[[ $cmd == decode || $cmd == who ]] && ((n >= 1)) && return
	local -a pids
	mapfile -t pids < <(_vmaview_pids)
	local extra=self
	# BEGIN static commands
	((n == 0)) && extra+=' show summary who pages translate decode snapshot map'
	# END static commands
	mapfile -t COMPREPLY < <(compgen -W "$extra ${pids[*]}" -- "$cur")
} &&
	complete -F _vmaview vmaview
