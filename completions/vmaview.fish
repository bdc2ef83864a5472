# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - completions/vmaview.fish: fish completion
#
# Column names and VmFlags codes are asked from vmaview itself (the binary
# being completed, else the one on PATH), so they follow the installed
# version; the static lists between the BEGIN/END markers are the fallback
# when it cannot be run. The options are declared statically below.
# tests/bats/consistency.bats checks that every list is complete.

# The vmaview to ask: the command word if it is a path to an executable.
function __vmaview_bin
	set -l cmd (commandline -opc)[1]
	if string match -q -- '*/*' $cmd; and test -x "$cmd"
		echo $cmd
	else
		echo vmaview
	end
end

# vmaview's own list (--list-columns, --list-flags KIND) as
# "name<TAB>description (type)"; fails when it cannot be asked.
function __vmaview_ask
	set -l bin (__vmaview_bin)
	command -q $bin; or return 1
	set -l out ($bin $argv 2>/dev/null |
		string replace -r '^(\S+)\s+(\S+)\s*(.*)$' '$1\t$3 ($2)')
	set -q out[1]; or return 1
	printf '%s\n' $out
end

# "name<TAB>description" for every column.
function __vmaview_columns
	__vmaview_ask --list-columns; and return
	# BEGIN static columns
	printf '%s\n' \
		range start end perms offset dev inode size kernelpagesize \
		mmupagesize rss pss pss_dirty pss_anon pss_file pss_shmem \
		shared_clean shared_dirty private_clean private_dirty referenced \
		anonymous ksm lazyfree anonhugepages shmempmdmapped filepmdmapped \
		shared_hugetlb private_hugetlb swap swappss locked thpeligible \
		protectionkey vmflags kind deleted name pid comm
	# END static columns
end

# "code<TAB>description" for every VmFlags code.
function __vmaview_vmflags
	__vmaview_ask --list-flags vmflags; and return
	# BEGIN static vmflags
	printf '%s\n' \
		rd wr ex sh mr mw me ms gd pf gu dw lo io sr rr dc de lf ac nr ht \
		sf nl ar wf dd sd mm hg nh mg bt mt um uw ui ss sl dp
	# END static vmflags
end

# The value being typed for an option: "--output=rss,p" -> "rss,p".
function __vmaview_value
	string replace -r -- '^--[a-z-]+=' '' (commandline -ct)
end

# -o LIST: columns joined by ','; a leading '+' adds to the defaults.
function __vmaview_complete_output
	set -l cur (__vmaview_value)
	set -l prefix (string match -r -- '^\+?(?:[^,]*,)*' $cur)
	set -l given (string split -n , -- (string trim -l -c + -- "$prefix"))
	for line in (__vmaview_columns)
		set -l name (string split -m 1 \t -- $line)[1]
		contains -- $name $given; or printf '%s%s\n' "$prefix" $line
	end
end

# --sort [-]COL: one column; a leading '-' sorts descending.
function __vmaview_complete_sort
	set -l prefix (string match -r -- '^-?' (__vmaview_value))
	printf "$prefix%s\n" (__vmaview_columns)
end

# --vmflags EXPR: codes joined by ','; '~' negates one code.
function __vmaview_complete_vmflags
	set -l prefix (string match -r -- '^(?:[^,]*,)*~?' (__vmaview_value))
	printf "$prefix%s\n" (__vmaview_vmflags)
end

# Non-option arguments so far, skipping the arguments of options.
function __vmaview_targets_given
	set -l tokens (commandline -opc)
	set -e tokens[1]
	set -l skip 0
	set -l n 0
	for t in $tokens
		if test $skip = 1
			set skip 0
			continue
		end
		switch $t
			case -o --output --sort -A --range --vmflags --list-flags --proc-root
				set skip 1
			case '-*'
			case '*'
				set n (math $n + 1)
		end
	end
	echo $n
end

# PIDs: from the --proc-root directory given on the line, else /proc.
function __vmaview_targets
	set -l root /proc
	set -l tokens (commandline -opc)
	for i in (seq (count $tokens))
		switch $tokens[$i]
			case '--proc-root=*'
				set root (string replace -- '--proc-root=' '' $tokens[$i])
			case --proc-root
				set -q tokens[(math $i + 1)]; and set root $tokens[(math $i + 1)]
		end
	end
	test (__vmaview_targets_given) = 0; and printf 'show\tone row per VMA (the default)\n'
	printf 'self\tthe vmaview process itself\n'
	for d in $root/*
		set -l pid (string replace -r '.*/' '' -- $d)
		string match -qr '^[0-9]+$' -- $pid; or continue
		set -l comm
		test -r $d/comm; and read comm <$d/comm 2>/dev/null
		printf '%s\t%s\n' $pid "$comm"
	end
end

complete -c vmaview -f

# BEGIN static options
# Output format
complete -c vmaview -s o -l output -x -a '(__vmaview_complete_output)' -d 'columns to print (a leading + adds to the default)'
complete -c vmaview -l output-all -d 'print every column'
complete -c vmaview -s J -l json -d 'JSON output (schema 1)'
complete -c vmaview -l pretty -d 'indented JSON (implies --json)'
complete -c vmaview -s r -l raw -d 'raw table: space-separated, no alignment'
complete -c vmaview -s P -l pairs -d 'KEY="value" pairs'
complete -c vmaview -s n -l noheadings -d 'no header line (and no process titles)'
complete -c vmaview -s b -l bytes -d 'sizes in bytes instead of K/M/G'
complete -c vmaview -l sort -x -a '(__vmaview_complete_sort)' -d 'sort rows by a column (a leading - sorts descending)'
complete -c vmaview -l no-totals -d 'no totals row in tables'
# Selection
complete -c vmaview -s A -l range -x -d 'only VMAs overlapping LO,HI (hex)'
complete -c vmaview -l vmflags -x -a '(__vmaview_complete_vmflags)' -d 'only VMAs whose VmFlags match (codes joined by ",", ~ negates)'
# Information
complete -c vmaview -l list-columns -d 'list the columns and exit'
complete -c vmaview -l list-flags -x -a vmflags -d 'list the flags of KIND and exit'
# Sources
complete -c vmaview -l proc-root -x -a '(__fish_complete_directories)' -d 'read DIR instead of /proc'
# argp
complete -c vmaview -s '?' -l help -d 'give this help list'
complete -c vmaview -l usage -d 'give a short usage message'
complete -c vmaview -s V -l version -d 'print program version'
# END static options

# "--sort -rss": fish takes a word starting with '-' for an option, so offer
# the descending forms explicitly after a separate --sort.
complete -c vmaview -n '__fish_prev_arg_in --sort' -x -a '(__vmaview_complete_sort)'

# [show] PID...
complete -c vmaview -n 'not string match -q -- "-*" (commandline -ct)' -a '(__vmaview_targets)'
