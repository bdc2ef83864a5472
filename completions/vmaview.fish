# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - completions/vmaview.fish: fish completion
#
# Column names and flag names are asked from vmaview itself (the binary
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

# vmaview's own list of columns (--list-columns, pages --list-columns) as
# "name<TAB>description (type)"; fails when it cannot be asked.
function __vmaview_ask
	set -l bin (__vmaview_bin)
	command -q $bin; or return 1
	set -l out ($bin $argv 2>/dev/null |
		string replace -r '^(\S+)\s+(\S+)\s*(.*)$' '$1\t$3 ($2)')
	set -q out[1]; or return 1
	printf '%s\n' $out
end

# vmaview's list of the flags of a kind (--list-flags KIND: code, name,
# bit, internal, meaning) as "code<TAB>meaning (name)", or with --names as
# "name<TAB>meaning (code, bit N)"; fails when it cannot be asked.
function __vmaview_ask_flags
	set -l bin (__vmaview_bin)
	command -q $bin; or return 1
	set -l re '^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(.*)$'
	set -l out
	if test "$argv[1]" = --names
		set out ($bin --list-flags $argv[2] 2>/dev/null |
			string replace -r $re '$2\t$5 ($1, bit $3)')
	else
		set out ($bin --list-flags $argv[1] 2>/dev/null |
			string replace -r $re '$1\t$5 ($2)')
	end
	set -q out[1]; or return 1
	printf '%s\n' $out
end

# The non-option words so far, skipping the arguments of options.
function __vmaview_words
	set -l tokens (commandline -opc)
	set -e tokens[1]
	set -l skip 0
	for t in $tokens
		if test $skip = 1
			set skip 0
			continue
		end
		switch $t
			case -o --output --sort -A --range --vmflags --list-flags --proc-root --flags --flag-format --arch --kernel --va-bits --page-size --kind --level --board --svg --width --pgrep --children --user --group --shared-with --interval --count
				set skip 1
			case '-*'
			case '*'
				echo $t
		end
	end
end

# The command: pages, translate, decode, snapshot or map if it is the
# first non-option word, else show.
function __vmaview_cmd
	set -l words (__vmaview_words)
	if set -q words[1]; and contains -- $words[1] pages translate decode snapshot map who
		echo $words[1]
	else
		echo show
	end
end

# "name<TAB>description" for every column (of pages after pages).
function __vmaview_columns
	if test (__vmaview_cmd) = pages
		__vmaview_ask pages --list-columns; and return
		# BEGIN static page-columns
		printf '%s\n' \
			vaddr end npages state pfn phys phys_region swap_type \
			swap_offset pagemap mapcount kpageflags pte pte_words
		# END static page-columns
		return
	end
	__vmaview_ask --list-columns; and return
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
end

# "code<TAB>description" for every VmFlags code.
function __vmaview_vmflags
	__vmaview_ask_flags vmflags; and return
	# BEGIN static vmflags
	printf '%s\n' \
		rd wr ex sh mr mw me ms gd pf gu dw lo io sr rr dc de lf ac nr ht \
		sf nl ar wf dd sd mm hg nh mg bt mt um uw ui ss sl dp
	# END static vmflags
end

# "name<TAB>description" for every flag of kind $argv[1] (pagemap,
# kpageflags).
function __vmaview_flag_names
	__vmaview_ask_flags --names $argv[1]; and return
	switch $argv[1]
		case pagemap
			# BEGIN static pagemap
			printf '%s\n' \
				soft_dirty exclusive uffd_wp guard file swap present
			# END static pagemap
		case kpageflags
			# BEGIN static kpageflags
			printf '%s\n' \
				locked error referenced uptodate dirty lru active slab \
				writeback reclaim buddy mmap anon swapcache swapbacked \
				compound_head compound_tail huge unevictable hwpoison \
				nopage ksm thp offline zero_page idle pgtable reserved \
				mlocked owner_2 private private_2 owner_private arch \
				uncached softdirty arch_2 arch_3
			# END static kpageflags
	end
end

# --list-flags KIND: the kinds of flag tables.
function __vmaview_kinds
	# BEGIN static kinds
	printf '%s\n' \
		'vmflags	smaps VmFlags codes' \
		'pagemap	pagemap entry flags' \
		'kpageflags	physical frame flags (/proc/kpageflags)'
	# END static kinds
end

# --arch ARCH: the architectures of the page-table model.
function __vmaview_archs
	# BEGIN static archs
	printf '%s\n' \
		'native	this machine (the default)' \
		'arm64	AArch64 (also aarch64)' \
		'x86_64	x86-64 (also amd64)'
	# END static archs
end

# --va-bits N: the virtual address sizes of the model.
function __vmaview_va_bits
	# BEGIN static va-bits
	printf '%s\n' \
		'36	arm64' '39	arm64' '42	arm64' '47	arm64' \
		'48	arm64 or x86_64 (the usual)' \
		'52	arm64 (LPA, LPA2)' \
		'57	x86_64 (5-level paging, LA57)'
	# END static va-bits
end

# --page-size SIZE: the translation granules.
function __vmaview_page_sizes
	# BEGIN static page-sizes
	printf '%s\n' \
		'4k	4 KiB granule' \
		'16k	16 KiB granule (arm64)' \
		'64k	64 KiB granule (arm64)'
	# END static page-sizes
end

# --kind KIND: what decode is given.
function __vmaview_decode_kinds
	# BEGIN static decode-kinds
	printf '%s\n' \
		'pte	page-table entry of the model (the default)' \
		'pagemap	/proc/PID/pagemap entry' \
		'kpageflags	/proc/kpageflags word' \
		'vmflags	smaps VmFlags codes'
	# END static decode-kinds
end

# --level N: the levels of a page-table walk, 0 being the top.
function __vmaview_levels
	# BEGIN static levels
	printf '%s\n' '0	the top level' 1 2 3 4 5
	# END static levels
end

# --board BOARD: auto, none or a board's name.
function __vmaview_boards
	# BEGIN static boards
	printf '%s\n' \
		'auto	detect the board from the device tree (the default)' \
		'none	no board profile' \
		'rock5b-plus	Radxa ROCK 5B+ (RK3588)'
	# END static boards
end

# The value being typed for an option: "--output=rss,p" -> "rss,p".
function __vmaview_value
	string replace -r -- '^--[a-z0-9-]+=' '' (commandline -ct)
end

# -o LIST: columns joined by ','; a leading '+' adds to the defaults.
function __vmaview_complete_output
	set -l cur (__vmaview_value)
	# snapshot PID -o DIR: a directory to create, not columns
	if test (__vmaview_cmd) = snapshot
		__fish_complete_directories $cur
		return
	end
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

# --flags EXPR: kpageflags names joined by ','; '~' negates one; one '='
# (page-types' -b grammar).
function __vmaview_complete_kpageflags
	set -l prefix (string match -r -- '^(?:[^,=]*[,=])*~?' (__vmaview_value))
	printf "$prefix%s\n" (__vmaview_flag_names kpageflags)
end

# How many non-option arguments so far.
function __vmaview_targets_given
	count (__vmaview_words)
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
	set -l given (__vmaview_targets_given)
	set -l cmd (__vmaview_cmd)
	# pages PID [RANGE], translate PID ADDR...: after the PID, a
	# hexadecimal range or addresses; decode VALUE...: values; snapshot
	# PID and map PID: nothing after the PID
	contains -- $cmd pages translate snapshot map; and test $given -ge 2; and return
	test $cmd = decode; and return
	test $cmd = who; and return
	if test $given = 0
		# BEGIN static commands
		printf '%s\n' \
			'show	one row per VMA (the default)' \
			'summary	totals by region kind per process (vmmap -summary)' \
			'who	every process and address that maps a frame' \
			'pages	one row per page (or run) of one process' \
			'translate	follow addresses of one process through the page tables' \
			'decode	decode raw page-table entries, pagemap entries or flag words' \
			'snapshot	copy one process into a directory for --proc-root' \
			"map	a picture of one process's memory (terminal or --svg)"
		# END static commands
	end
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
complete -c vmaview -l list-flags -x -a '(__vmaview_kinds)' -d 'list the flags of KIND and exit'
# Sources
complete -c vmaview -l proc-root -x -a '(__fish_complete_directories)' -d 'read DIR instead of /proc'
# Pages
complete -c vmaview -l runs -d 'one row per run of pages with equal attributes'
complete -c vmaview -l holes -d 'also list pages that are not populated (state none)'
complete -c vmaview -l flags -x -a '(__vmaview_complete_kpageflags)' -d 'only pages whose kpageflags match (page-types -b grammar)'
complete -c vmaview -l kpf-raw -d 'also show kernel-internal kpageflags bits 32-42'
complete -c vmaview -l flag-format -x -a 'names\t"flag names (the default)" raw\t"hexadecimal word" both\t"hexadecimal word, then the names"' -d 'how tables show flag sets'
# Map
complete -c vmaview -l svg -r -F -d 'map: write a standalone SVG to FILE'
# --color takes its value only as --color=WHEN (the argument is optional)
complete -c vmaview -l color -d 'map: colour the cells (--color=auto, always or never)'
complete -c vmaview -l width -x -d 'map: line width in columns (40-4096)'
# Frames
complete -c vmaview -l no-pagemap-scan -d 'do not use the PAGEMAP_SCAN ioctl: read pagemap per VMA'
# Page-table model
complete -c vmaview -l arch -x -a '(__vmaview_archs)' -d 'architecture of the page-table model'
complete -c vmaview -l kernel -x -d 'kernel version whose layouts apply (e.g. 6.1)'
complete -c vmaview -l va-bits -x -a '(__vmaview_va_bits)' -d 'virtual address bits of the model'
complete -c vmaview -l page-size -x -a '(__vmaview_page_sizes)' -d 'translation granule of the model'
complete -c vmaview -l kind -x -a '(__vmaview_decode_kinds)' -d 'decode: what VALUE is'
complete -c vmaview -l level -x -a '(__vmaview_levels)' -d 'decode: the level a pte sits at (0 = top)'
# Board
complete -c vmaview -l board -x -a '(__vmaview_boards)' -d 'board profile (Rock 5B+ / RK3588)'
complete -c vmaview -l rock5b -d 'the Radxa ROCK 5B+ (--board=rock5b-plus)'
# Threads
complete -c vmaview -l stacks -d 'show: stop each thread a moment (ptrace), unwind it, mark its stack and frames'
# Processes
complete -c vmaview -l all -d 'every process (not kernel threads, not vmaview itself)'
complete -c vmaview -l pgrep -x -d 'processes whose name or command line matches REGEX'
complete -c vmaview -l children -x -a '(__vmaview_targets | string match -rv "^self")' -d 'the descendants of PID'
complete -c vmaview -l user -x -a '(__fish_complete_users)' -d 'processes whose real user is USER'
complete -c vmaview -l group -x -a 'vma\t"one row per VMA (the default)" name\t"per mapped object (librank, showmap)" kind\t"per region kind" process\t"per process" user\t"per real user"' -d 'one row per group of VMAs'
complete -c vmaview -l shared-with -x -a '(__vmaview_targets | string match -rv "^self")' -d 'add shared_with: pages whose frames PID maps too'
# Repeat
complete -c vmaview -l interval -x -d 'print the view every SEC seconds, marking what changed'
complete -c vmaview -l count -x -d 'with --interval: N samples, then stop'
# Summary
complete -c vmaview -l totals -d 'summary: one row per process from smaps_rollup'
# argp
complete -c vmaview -s '?' -l help -d 'give this help list'
complete -c vmaview -l usage -d 'give a short usage message'
complete -c vmaview -s V -l version -d 'print program version'
# END static options

# "--sort -rss": fish takes a word starting with '-' for an option, so offer
# the descending forms explicitly after a separate --sort.
complete -c vmaview -n '__fish_prev_arg_in --sort' -x -a '(__vmaview_complete_sort)'

# [show] PID..., pages PID [RANGE], translate PID ADDR..., decode VALUE...
complete -c vmaview -n 'not string match -q -- "-*" (commandline -ct)' -a '(__vmaview_targets)'
