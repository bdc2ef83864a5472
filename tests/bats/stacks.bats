#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - stacks.bats: thread stacks named without ptrace, --stacks (ptrace + libunwind) frames, detach on every path
bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	load helpers/live
	KILL_PIDS=()
}

teardown() {
	local pid
	for pid in "${KILL_PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	stop_mappers
	[ -z "${NOBODY_DIR:-}" ] || rm -rf "$NOBODY_DIR"
}

# start the mapper and know its two workers
mapper_with_workers() {
	start_mapper "$@"
	P=$MAPPER_PID
	W1=${THREAD_TID[mapper-w1]:-}
	W2=${THREAD_TID[mapper-w2]:-}
	[ -n "$W1" ] && [ -n "$W2" ] || fail "the mapper printed no thread lines"
}

# skip when this build has no libunwind (it says so on stderr)
need_libunwind() {
	local err
	err=$("$VMAVIEW" --stacks -o start "$1" 2>&1 >/dev/null) || true
	[[ $err != *"built without libunwind"* ]] || skip "built without libunwind"
}

# maps_vma PID ADDR: "START END" (hex, as maps prints them) of the VMA
# of /proc/PID/maps that holds ADDR (hex without 0x)
maps_vma() {
	local range _ a=$((0x$2))
	while read -r range _; do
		if ((a >= 0x${range%-*} && a < 0x${range#*-})); then
			echo "${range%-*} ${range#*-}"
			return 0
		fi
	done <"/proc/$1/maps"
	return 1
}

# tids PID: the TIDs in /proc/PID/task, ascending, comma-separated
tids() { ls "/proc/$1/task" | sort -n | paste -sd, -; }

# not_stopped PID: every thread of PID is neither stopped nor traced
# (a short settle loop: the kernel detaches as the tracer exits)
not_stopped() {
	local t st tr i bad k v _
	for ((i = 0; i < 50; i++)); do
		bad=
		for t in /proc/"$1"/task/*; do
			st='' tr=0
			# bash builtins only: this runs after each of 100 runs
			while read -r k v _; do
				case $k in
				State:) st=$v ;;
				TracerPid:) tr=$v ;;
				esac
			done <"$t/status" 2>/dev/null || continue
			[[ $st == [tT] || $tr != 0 ]] && bad+=" ${t##*/}:$st:$tr"
		done
		[ -z "$bad" ] && return 0
		sleep 0.02
	done
	echo "threads still stopped or traced after 1 s:$bad" >&2
	return 1
}

@test "without ptrace: each worker's stack VMA is [stack:TID], kind stack, holding the worker's own frame address" {
	mapper_with_workers
	local name tid addr vma
	for name in mapper-w1 mapper-w2; do
		tid=${THREAD_TID[$name]} addr=${THREAD_ADDR[$name]}
		# the kernel shows the worker's SP: it sleeps in nanosleep
		run -0 cat "/proc/$P/task/$tid/syscall"
		refute_output running
		vma=$(maps_vma "$P" "$addr") || fail "no VMA in maps holds $addr"
		# ... an unnamed anonymous VMA for the kernel
		run -0 maps_line "$P" "${vma%% *}"
		assert_regex "$output" '^[0-9a-f]+-[0-9a-f]+ rw-p 00000000 00:00 0 *$'
		run -0 vmaview -r -n --no-totals -o start,end,kind,stack_tids,name -A "$addr" "$P"
		assert_output "${vma%% *} ${vma#* } stack $tid [stack:$tid]"
	done
	# the main thread's [stack] names the main thread
	run -0 vmaview -r -n --no-totals -o stack_tids,name "$P"
	assert_line "$P [stack]"
	# JSON keeps the kernel's name, and says which thread
	run -0 bash -c '"$VMAVIEW" -J "$1" | jq -c --arg s "0x$2" ".processes[0].vmas[] | select(.start == \$s) | [.name, .kind, .stack_tids, .frame_tids]"' _ "$P" "$(maps_vma "$P" "${THREAD_ADDR[mapper-w1]}" | cut -d' ' -f1)"
	assert_output "[\"\",\"stack\",[$W1],null]"
}

@test "without --stacks no ptrace call is made (strace); with it SEIZE, INTERRUPT and DETACH for every thread, never ATTACH" {
	command -v strace >/dev/null || skip "no strace"
	mapper_with_workers
	need_libunwind "$P"
	local log=$BATS_TEST_TMPDIR/strace.log t
	# LeakSanitizer cannot run under ptrace (the sanitizer build)
	export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
	run -0 strace -f -qq -e trace=ptrace -o "$log" "$VMAVIEW" -o +stack_tids,frame_tids "$P"
	assert_output --partial "[stack:$W1]"
	run -0 cat "$log"
	assert_output ''
	run -0 strace -f -qq -e trace=ptrace -o "$log" "$VMAVIEW" -J "$P"
	run -0 cat "$log"
	assert_output ''
	run -0 strace -f -qq -e trace=ptrace -o "$log" "$VMAVIEW" --stacks "$P"
	run -0 cat "$log"
	refute_output --partial PTRACE_ATTACH
	for t in $(ls "/proc/$P/task"); do
		assert_output --regexp "PTRACE_SEIZE, $t,"
		assert_output --regexp "PTRACE_INTERRUPT, $t[,)]"
		assert_output --regexp "PTRACE_DETACH, $t,"
	done
	not_stopped "$P"
}

@test "--stacks: frames name main and mapper_worker_wait; stack_tids and frame_tids mark the stacks and the mapper's text" {
	mapper_with_workers
	need_libunwind "$P"
	local exe text
	run -0 --separate-stderr vmaview --stacks "$P"
	assert_equal "$stderr" ""
	# one block per thread, with the mapper's own functions
	assert_line --regexp "^thread $P \\(mapper\\), stack [0-9a-f]+-[0-9a-f]+ \\[stack\\]:\$"
	assert_line --regexp "^thread $W1 \\(mapper-w1\\), stack [0-9a-f]+-[0-9a-f]+ \\[stack:$W1\\]:\$"
	assert_line --regexp "^thread $W2 \\(mapper-w2\\), stack [0-9a-f]+-[0-9a-f]+ \\[stack:$W2\\]:\$"
	assert_line --regexp "^  #[0-9]+ +[0-9a-f]+  main\\+0x[0-9a-f]+  $MAPPER\$"
	assert_equal "$(grep -c "  mapper_worker_wait+0x[0-9a-f]*  $MAPPER\$" <<<"$output")" 2
	assert_equal "$(grep -c "  mapper_worker+0x[0-9a-f]*  $MAPPER\$" <<<"$output")" 2
	# the mapper's executable text runs frames of all three threads
	exe=$(realpath "$MAPPER")
	text=$(awk -v e="$exe" '$2 ~ /x/ && $6 == e {print $1; exit}' "/proc/$P/maps")
	[ -n "$text" ] || fail "no executable mapping of $exe in maps"
	run -0 vmaview --stacks -r -n --no-totals -o stack_tids,frame_tids -A "${text%-*}" "$P"
	assert_output " $(tids "$P")"
	# each worker's stack VMA: its TID, and no frame runs there
	run -0 vmaview --stacks -r -n --no-totals -o stack_tids,frame_tids,name -A "${THREAD_ADDR[mapper-w2]}" "$P"
	assert_output "$W2  [stack:$W2]"
	not_stopped "$P"
}

@test "--stacks --json: every TID of /proc/PID/task, SPs in the stack VMAs, frames whose vma is a VMA of maps" {
	mapper_with_workers
	need_libunwind "$P"
	local out=$BATS_TEST_TMPDIR/s.json name tid addr vma starts
	vmaview --stacks --json "$P" >"$out"
	jq -e . "$out" >/dev/null
	run -0 jq -r '[.processes[0].threads[].tid] | map(tostring) | join(",")' "$out"
	assert_output "$(tids "$P")"
	run -0 jq -c '.processes[0] | [.complete, .limits]' "$out"
	assert_output '[true,[]]'
	# frame 0 of each thread has a symbol; the call chains
	run -0 jq -r --argjson t "$P" '.processes[0].threads[] | select(.tid == $t) | [.frames[].symbol | values | sub("\\+0x[0-9a-f]+$"; "")] | join(" ")' "$out"
	assert_output --regexp '(^| )main( |$)'
	for name in mapper-w1 mapper-w2; do
		tid=${THREAD_TID[$name]} addr=${THREAD_ADDR[$name]}
		run -0 jq -r --argjson t "$tid" '.processes[0].threads[] | select(.tid == $t) | "\(.comm) \([.frames[].symbol | values | sub("\\+0x[0-9a-f]+$"; "")] | join(" "))"' "$out"
		assert_regex "$output" "^$name .*mapper_worker_wait mapper_worker( |\$)"
		# the SP and the worker's frame address share the stack VMA
		vma=$(maps_vma "$P" "$addr")
		run -0 jq -r --argjson t "$tid" '.processes[0].threads[] | select(.tid == $t) | "\(.stack_vma) \(.sp)"' "$out"
		assert_equal "${output%% *}" "0x${vma%% *}"
		sp=${output#* }
		((sp >= 0x${vma%% *} && sp < 0x${vma#* })) || fail "sp $sp outside ${vma}"
	done
	# every frame's vma is the start of the maps VMA holding its address
	starts=$(cut -d- -f1 "/proc/$P/maps" | sed -E 's/^0+([0-9a-f])/\1/; s/^/0x/' | sort)
	run -0 jq -r '[.processes[0].threads[].frames[].vma | values] | unique | .[]' "$out"
	[ -n "$output" ] || fail "no frame has a vma"
	for vma in $output; do
		grep -qx "$vma" <<<"$starts" || fail "frame vma $vma is not a VMA start in maps"
	done
	run -0 jq -r '[.processes[0].threads[].frames[] | select(.vma != null) | "\(.address) \(.vma)"] | .[]' "$out"
	while read -r addr vma; do
		run -0 maps_vma "$P" "${addr#0x}"
		[ "0x${output%% *}" = "$vma" ] || [ "0x${output% *}" = "$vma" ] || {
			# a return address may be the first byte after its call's VMA
			run -0 maps_vma "$P" "$(printf %x $((addr - 1)))"
			assert_equal "0x${output%% *}" "$vma"
		}
	done < <(jq -r '.processes[0].threads[].frames[] | select(.vma != null) | "\(.address) \(.vma)"' "$out")
	not_stopped "$P"
}

@test "the target is never left stopped: 100 runs of --stacks killed by SIGINT, SIGTERM or SIGHUP at random moments" {
	mapper_with_workers
	need_libunwind "$P"
	local i vp sig st killed=0 t0 t1 sigs=(INT TERM INT TERM HUP)
	t0=$(date +%s%N)
	for ((i = 0; i < 100; i++)); do
		sig=${sigs[RANDOM % ${#sigs[@]}]}
		# default dispositions: a background job of a script ignores SIGINT
		env --default-signal "$VMAVIEW" --stacks -o start "$P" >/dev/null 2>&1 &
		vp=$!
		sleep "$(printf '0.%03d' $((RANDOM % 51)))"
		kill -s "$sig" "$vp" 2>/dev/null || true
		st=0
		wait "$vp" || st=$?
		((st > 128)) && killed=$((killed + 1))
		not_stopped "$P" || fail "run $i (SIG$sig, exit $st) left the mapper stopped or traced"
	done
	t1=$(date +%s%N)
	kill -0 "$P"
	# the workers still sleep where they did
	run -0 cat "/proc/$P/task/$W1/syscall"
	refute_output running
	echo "# 100 runs in $(((t1 - t0) / 1000000)) ms, $killed killed by the signal" >&3
}

@test "a process already traced: one message naming the tracer, the table still printed, JSON limits, exit 1" {
	command -v strace >/dev/null || skip "no strace"
	mapper_with_workers
	need_libunwind "$P"
	local sp i
	strace -qq -p "$P" -o /dev/null &
	sp=$!
	KILL_PIDS+=("$sp")
	for ((i = 0; i < 100; i++)); do
		[ "$(awk '$1 == "TracerPid:" {print $2}' "/proc/$P/status")" = "$sp" ] && break
		sleep 0.02
	done
	assert_equal "$(awk '$1 == "TracerPid:" {print $2}' "/proc/$P/status")" "$sp"
	run -1 --separate-stderr vmaview --stacks "$P"
	assert_equal "$stderr" "vmaview: $P: --stacks: cannot ptrace: already traced by process $sp"
	assert_line --regexp "^$P: "
	assert_line --regexp " \\[stack:$W1\\] "
	run -1 --separate-stderr vmaview --stacks -J "$P"
	run -0 jq -c '.processes[0] | [.complete, .limits, .threads]' <<<"$output"
	assert_output "[true,[{\"source\":\"ptrace\",\"reason\":\"--stacks: cannot ptrace: already traced by process $sp\"}],[]]"
	kill "$sp"
	wait "$sp" 2>/dev/null || true
	not_stopped "$P"
}

@test "unprivileged: nobody gets one message for a root-owned target; its own target is still unwound" {
	nobody_copies
	# root's mapper, also in nobody mode
	MAPPER_WRAP=()
	MAPPER_OWNER=
	mapper_with_workers
	need_libunwind "$P"
	local root_pid=$P
	mapper_as_nobody
	mapper_with_workers
	assert_equal "$(stat -c %U "/proc/$P")" nobody
	run -1 --separate-stderr setpriv --reuid=nobody --regid="$ngid" --clear-groups \
		"$NOBODY_DIR/vmaview" --stacks "$root_pid" "$P"
	assert_equal "$stderr" "vmaview: $root_pid: permission denied"
	assert_line --regexp "^$P: "
	assert_line --regexp "^thread $W1 \\(mapper-w1\\), stack "
	assert_line --regexp "  mapper_worker_wait\\+0x[0-9a-f]+  $NOBODY_DIR/mapper\$"
	not_stopped "$root_pid"
	not_stopped "$P"
}

@test "--stacks: usage errors with --proc-root and with other commands" {
	run -64 --separate-stderr vmaview --stacks --proc-root "$FIXTURES/proc" 4242
	assert_equal "${stderr%%$'\n'*}" "vmaview: --stacks needs live processes, not --proc-root"
	run -64 --separate-stderr vmaview --stacks pages self
	assert_equal "${stderr%%$'\n'*}" "vmaview: --stacks applies to show only"
}

@test "--stacks on vmaview itself: one message, the table still printed, exit 1" {
	run -1 --separate-stderr vmaview --stacks -o start,stack_tids,frame_tids self
	assert_regex "$stderr" '^vmaview: [0-9]+: --stacks: cannot ptrace: vmaview cannot trace itself$'
	assert_line --regexp '^[0-9]+:   .*vmaview'
	assert_line --regexp '^START +STACK_TIDS +FRAME_TIDS$'
}
