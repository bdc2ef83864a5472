# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - tests/bats/helpers/live.bash: start and stop tests/tools/mapper, read /proc directly
# Load after helpers/common. start_mapper sets, for the mapper it started:
#   MAPPER_PID, MAPPER_DIR (its file directory, a real path),
#   MAP_START[name], MAP_END[name] (hex without 0x, as /proc/PID/maps prints;
#     VMAs only),
#   MAP_SKIP[name] (why name could not be made as asked),
#   GUARD_START, GUARD_END (the guard pages inside "guard"; empty without),
#   MAPPER_CHILD (the PID of the child that shares "forkshared"),
#   THREAD_TID[comm], THREAD_ADDR[comm] (its worker threads "mapper-w1" and
#     "mapper-w2": TID and an address in the thread's stack, hex without 0x)
# and remembers the PID for stop_mappers (call it from teardown).
# Before start_mapper, MAPPER_WRAP (an array: a command prefix such as
# setpriv ...) and MAPPER_TMPDIR (where MAPPER_DIR is made, default
# BATS_TEST_TMPDIR) let a test run the mapper as another user; MAPPER_DIR is
# then chowned to MAPPER_OWNER when that is set. In nobody mode (see
# nobody_mode in helpers/common) the mapper runs as nobody by default.

declare -ga MAPPER_PIDS=() MAPPER_WRAP=("${RUN_AS[@]}")
nobody_mode && MAPPER_OWNER=nobody
declare -gA MAP_START=() MAP_END=() MAP_SKIP=() THREAD_TID=() THREAD_ADDR=()
PAGE_SIZE=$(getconf PAGESIZE)

# start_mapper [--hostile] [--vmas N]: start one mapper, wait for READY (10 s).
start_mapper() {
	local out err line name rest i
	[ -x "$MAPPER" ] || skip "no mapper at $MAPPER"
	# a freshly linked binary sits dirty in the page cache until writeback,
	# which would turn the mapper's own text pages clean mid-test
	sync -- "$MAPPER"
	MAPPER_DIR=$(mktemp -d "${MAPPER_TMPDIR:-$BATS_TEST_TMPDIR}/mapper.XXXXXX")
	MAPPER_DIR=$(realpath "$MAPPER_DIR")
	[ -z "${MAPPER_OWNER:-}" ] || chown "$MAPPER_OWNER" "$MAPPER_DIR"
	out=$MAPPER_DIR.out
	err=$MAPPER_DIR.err
	# 3>&-: bats waits for fd 3 to close before it ends the test
	"${MAPPER_WRAP[@]}" "$MAPPER" "$@" "$MAPPER_DIR" >"$out" 2>"$err" 3>&- &
	MAPPER_PID=$!
	MAPPER_PIDS+=("$MAPPER_PID")
	for ((i = 0; i < 200; i++)); do
		grep -qx READY "$out" 2>/dev/null && break
		if ! kill -0 "$MAPPER_PID" 2>/dev/null; then
			echo "mapper exited early: $(cat "$err")" >&2
			return 1
		fi
		sleep 0.05
	done
	if ! grep -qx READY "$out"; then
		echo "mapper not READY after 10 s: $(cat "$err")" >&2
		return 1
	fi
	MAP_START=() MAP_END=() MAP_SKIP=() THREAD_TID=() THREAD_ADDR=()
	GUARD_START= GUARD_END= MAPPER_CHILD=
	while read -r name rest; do
		case $name in
		READY) ;;
		SKIP) MAP_SKIP[${rest%% *}]=${rest#* } ;;
		guardpages)
			GUARD_START=${rest%% *}
			GUARD_END=${rest#* }
			;;
		forkchild) MAPPER_CHILD=$rest ;;
		thread)
			read -r i name line <<<"$rest"
			THREAD_TID[$name]=$i
			THREAD_ADDR[$name]=$line
			;;
		*)
			MAP_START[$name]=${rest%% *}
			MAP_END[$name]=${rest#* }
			;;
		esac
	done <"$out"
}

# stop_mappers: SIGTERM every mapper this test started, reap it, check it exited 0.
stop_mappers() {
	local pid rc=0 st
	for pid in "${MAPPER_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
		st=0
		wait "$pid" || st=$?
		# 0: the mapper's clean exit on SIGTERM
		[ "$st" -eq 0 ] || { echo "mapper $pid exited $st" >&2; rc=1; }
	done
	MAPPER_PIDS=()
	return $rc
}

# reap_mappers: wait for mappers killed some other way, whatever their status.
reap_mappers() {
	local pid
	for pid in "${MAPPER_PIDS[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	MAPPER_PIDS=()
}

# need_map NAME: skip the test when the mapper could not make NAME.
need_map() {
	[ -z "${MAP_SKIP[$1]+x}" ] || skip "mapper: $1: ${MAP_SKIP[$1]}"
	[ -n "${MAP_START[$1]+x}" ] || fail "mapper printed no line for $1"
}

# map_size NAME: bytes, from the mapper's own numbers.
map_size() { echo $((0x${MAP_END[$1]} - 0x${MAP_START[$1]})); }

# smaps_field PID START KEY: the value of KEY (in bytes for kB keys) in the
# smaps block of the VMA that starts at START, read straight from /proc.
smaps_field() {
	awk -v s="$2-" -v k="$3:" '
		/^[0-9a-f]+-[0-9a-f]+ / { f = index($0, s) == 1; next }
		f && $1 == k { print ($3 == "kB" ? $2 * 1024 : $2); exit }
	' "/proc/$1/smaps"
}

# maps_line PID START: the /proc/PID/maps line of the VMA at START.
maps_line() { grep "^$2-" "/proc/$1/maps"; }

# rollup PID: sets ROLL[key] (bytes) from /proc/PID/smaps_rollup, read by
# bash itself: no new process maps libc while the rollup is computed.
declare -gA ROLL=()
rollup() {
	local k v u
	ROLL=()
	while read -r k v u; do
		[ "$u" = kB ] && ROLL[${k%:}]=$((v * 1024))
	done <"/proc/$1/smaps_rollup"
	# how much is clean does not depend on who else maps it
	ROLL[Clean]=$((ROLL[Shared_Clean] + ROLL[Private_Clean]))
}

# stable_run PID CMD...: runs CMD between two reads of PID's rollup and
# retries (up to 10 times) until the two reads agree (but for the keys that
# depend on who else maps libc), so a comparison with
# ROLL is not spoilt by the kernel changing the process in between (dirty
# file pages written back, a page shared for a moment). Sets ROLL and
# STABLE_OUT (CMD's stdout); fails when the rollup never holds still.
stable_run() {
	local pid=$1 try k same
	local -A before
	shift
	for ((try = 0; try < 10; try++)); do
		rollup "$pid"
		before=()
		for k in "${!ROLL[@]}"; do before[$k]=${ROLL[$k]}; done
		STABLE_OUT=$("$@") || return 1
		rollup "$pid"
		same=1
		for k in "${!ROLL[@]}"; do
			# these move whenever any process maps libc: the tests
			# bound them instead of comparing them
			case $k in Pss | Pss_File | Shared_Clean | Private_Clean) continue ;; esac
			[ "${before[$k]-}" = "${ROLL[$k]}" ] || same=0
		done
		((same)) && return 0
		sleep 0.2
	done
	echo "smaps_rollup of $pid changed during each of 10 reads" >&2
	return 1
}

# vma_json PID START: vmaview's JSON object for the VMA at START.
vma_json() {
	"$VMAVIEW" -J "$1" | jq -e --arg s "0x$2" '.processes[0].vmas[] | select(.start == $s)'
}

# Starts a mapper with 4,000 extra VMAs, runs vmaview ARGS... PID on it in
# the background, SIGKILLs the mapper after a random 0-99 ms and waits.
# Sets n (the VMAs before the kill) and rc (vmaview's exit status); the
# output is in $BATS_TEST_TMPDIR/out and err.
race_kill_mapper() {
	start_mapper --vmas 4000
	n=$(wc -l <"/proc/$MAPPER_PID/maps")
	"$VMAVIEW" "$@" "$MAPPER_PID" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" 3>&- &
	local v=$!
	sleep "0.0$((RANDOM % 10))$((RANDOM % 10))"
	# SIGKILL: no exit handlers (an ASan mapper maps more when it exits)
	kill -KILL "$MAPPER_PID"
	rc=0
	wait "$v" || rc=$?
	reap_mappers
}

# nobody_copies: skip unless root with setpriv and a user nobody; else
# copies of vmaview and the mapper that nobody can run (the build tree may
# sit under a private dir) in NOBODY_DIR, and ngid = nobody's group.
nobody_copies() {
	[ "$(id -u)" -eq 0 ] || skip "needs root (to run the mapper and vmaview as nobody)"
	command -v setpriv >/dev/null || skip "no setpriv"
	id nobody >/dev/null 2>&1 || skip "no user nobody"
	ngid=$(id -g nobody)
	NOBODY_DIR=$(mktemp -d /tmp/vmaview-nobody.XXXXXX)
	chmod 755 "$NOBODY_DIR"
	# in nobody mode VMAVIEW is the setpriv wrapper: copy the binary
	cp "${VMAVIEW_BIN:-$VMAVIEW}" "$MAPPER" "$NOBODY_DIR/"
	chmod 755 "$NOBODY_DIR/vmaview" "$NOBODY_DIR/mapper"
}

# the next start_mapper/mapper_with_workers/any_mapper starts nobody's copy
# of the mapper, as nobody (after nobody_copies)
mapper_as_nobody() {
	MAPPER=$NOBODY_DIR/mapper
	MAPPER_TMPDIR=$NOBODY_DIR
	MAPPER_OWNER=nobody
	MAPPER_WRAP=(setpriv --reuid=nobody --regid="$ngid" --clear-groups)
}
