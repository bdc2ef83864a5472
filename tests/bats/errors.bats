#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - errors.bats: every error case: message on stderr, exit status, the other targets still shown
bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	load helpers/live
	BAD=$FIXTURES/bad
	KILL_PIDS=()
}

teardown() {
	local pid
	stop_mappers
	for pid in "${KILL_PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	[ -z "${NOBODY_DIR:-}" ] || rm -rf "$NOBODY_DIR"
}

# A PID no process can have: above the kernel's pid_max.
unused_pid() { echo $(($(cat /proc/sys/kernel/pid_max) + 1)); }

# The first process with PF_KTHREAD (0x00200000) in /proc/PID/stat, PID 2 first.
kernel_thread() {
	local f rest flags
	for f in /proc/2/stat /proc/[0-9]*/stat; do
		{ IFS= read -r rest <"$f"; } 2>/dev/null || continue
		rest=${rest##*) }
		read -r _ _ _ _ _ _ flags _ <<<"$rest"
		if ((flags & 0x00200000)); then
			f=${f#/proc/}
			echo "${f%/stat}"
			return 0
		fi
	done
	return 1
}

# ---------------------------------------------------------------- targets

@test "no such process: exit 1, one message, the other PIDs still printed" {
	start_mapper
	nopid=$(unused_pid)
	run -1 --separate-stderr vmaview -o range "$nopid" "$MAPPER_PID"
	assert_equal "$stderr" "vmaview: $nopid: no such process"
	assert_line --index 0 --regexp "^$MAPPER_PID:   "
	# the title, the header, every VMA of the other process and a totals row
	assert_equal "${#lines[@]}" $(($(wc -l <"/proc/$MAPPER_PID/maps") + 3))
	assert_equal "${lines[-1]}" "total"
	# the order does not matter
	run -1 --separate-stderr vmaview -o range "$MAPPER_PID" "$nopid"
	assert_equal "$stderr" "vmaview: $nopid: no such process"
	assert_equal "${#lines[@]}" $(($(wc -l <"/proc/$MAPPER_PID/maps") + 3))
}

@test "a reaped child's PID is no such process" {
	sleep 0 &
	pid=$!
	wait "$pid"
	run -1 --separate-stderr vmaview "$pid"
	assert_equal "$stderr" "vmaview: $pid: no such process"
	assert_output ""
}

# other_target: OTHER = a process vmaview can read: this shell, or in
# nobody mode (which cannot read root's shell) a mapper of nobody's own.
other_target() {
	OTHER=$$
	if nobody_mode; then
		start_mapper
		OTHER=$MAPPER_PID
	fi
}

@test "a kernel thread: exit 1, 'kernel thread', the others still printed" {
	kt=$(kernel_thread) || skip "no kernel thread visible in /proc"
	other_target
	run -1 --separate-stderr vmaview -o range "$kt" "$OTHER"
	assert_equal "$stderr" "vmaview: $kt: kernel thread (no address space)"
	assert_line --index 0 --regexp "^$OTHER:   "
	refute_line --regexp "^$kt:   "
}

@test "permission denied: nobody reading a root process" {
	if [ "$(id -u)" -ne 0 ]; then
		# not root: PID 1 belongs to someone else
		! head -c1 /proc/1/smaps >/dev/null 2>&1 ||
			skip "needs root, or a PID 1 this user cannot read"
		run -1 --separate-stderr vmaview -o range 1 self
		assert_equal "$stderr" "vmaview: 1: permission denied"
		assert_equal "${lines[-1]}" "total"
		return
	fi
	command -v setpriv >/dev/null || skip "no setpriv"
	id nobody >/dev/null 2>&1 || skip "no user nobody"
	# root's mapper, also in nobody mode
	MAPPER_WRAP=()
	MAPPER_OWNER=
	start_mapper
	# a copy nobody can reach (the build tree may sit under a private dir;
	# in nobody mode VMAVIEW is the setpriv wrapper, VMAVIEW_BIN the binary)
	NOBODY_DIR=$(mktemp -d /tmp/vmaview-nobody.XXXXXX)
	chmod 755 "$NOBODY_DIR"
	cp "${VMAVIEW_BIN:-$VMAVIEW}" "$NOBODY_DIR/vmaview"
	chmod 755 "$NOBODY_DIR/vmaview"
	as_nobody() {
		setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups \
			"$NOBODY_DIR/vmaview" "$@"
	}
	# nobody really cannot read it
	run ! setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups \
		head -c1 "/proc/$MAPPER_PID/smaps"
	run -1 --separate-stderr as_nobody -o range "$MAPPER_PID" self
	assert_equal "$stderr" "vmaview: $MAPPER_PID: permission denied"
	# its own process is still shown
	assert_equal "$(sed -n 's/^[0-9][0-9]*:   //p' <<<"$output")" "$NOBODY_DIR/vmaview -o range $MAPPER_PID self"
	assert_equal "${lines[-1]}" "total"
	# maps-only columns and JSON: the same answer
	run -1 --separate-stderr as_nobody -o range "$MAPPER_PID"
	assert_equal "$stderr" "vmaview: $MAPPER_PID: permission denied"
	assert_output ""
	run -1 --separate-stderr as_nobody -J "$MAPPER_PID"
	assert_equal "$stderr" "vmaview: $MAPPER_PID: permission denied"
	assert_output --partial '"complete":false,"error":"permission denied"}]}'
}

@test "a zombie: exit 1, 'zombie process'" {
	f=$BATS_TEST_TMPDIR/zpid
	# the child exits after its parent has become 'sleep', which never reaps
	bash -c 'sleep 0.2 & echo $! >"$1"; exec sleep 60' _ "$f" 3>&- &
	KILL_PIDS+=($!)
	for ((i = 0; i < 100; i++)); do
		[ -s "$f" ] && z=$(<"$f") &&
			[ "$(awk '{ sub(/.*\) /, ""); print $1 }' "/proc/$z/stat" 2>/dev/null)" = Z ] && break
		sleep 0.05
	done
	[ "$(awk '{ sub(/.*\) /, ""); print $1 }' "/proc/$z/stat")" = Z ] || fail "no zombie"
	run -1 --separate-stderr vmaview "$z"
	assert_equal "$stderr" "vmaview: $z: zombie process (no address space)"
	assert_output ""
	other_target
	run -1 --separate-stderr vmaview -o range "$z" "$OTHER"
	assert_equal "$stderr" "vmaview: $z: zombie process (no address space)"
	assert_line --index 0 --regexp "^$OTHER:   "
}

@test "processes that exit while being read: exit 0 and all rows, or exit 1 and a message; never a crash" {
	completes=0 cut=0
	for ((i = 0; i < 20; i++)); do
		race_kill_mapper -r -n -o range,rss
		err=$(<"$BATS_TEST_TMPDIR/err")
		case $rc in
		0)
			[ -z "$err" ] || fail "exit 0 with stderr: $err"
			# the whole table: every VMA and the totals row
			assert_equal "$(wc -l <"$BATS_TEST_TMPDIR/out")" $((n + 1))
			[[ $(tail -1 "$BATS_TEST_TMPDIR/out") == "total "* ]] || fail "no totals row"
			completes=$((completes + 1))
			;;
		1)
			[[ $err =~ ^vmaview:\ $MAPPER_PID:\ (exited\ while\ being\ read|zombie\ process\ \(no\ address\ space\)|no\ such\ process)$ ]] ||
				fail "exit 1 with: $err"
			# no partial table that looks complete
			[ ! -s "$BATS_TEST_TMPDIR/out" ] || fail "exit 1 but a table on stdout: $(head -3 "$BATS_TEST_TMPDIR/out")"
			cut=$((cut + 1))
			;;
		*)
			fail "exit $rc: $err"
			;;
		esac
	done
	echo "# complete: $completes, cut short: $cut" >&3
}

# ---------------------------------------------------------------- usage

@test "usage: an unknown option is exit 64" {
	run -64 --separate-stderr vmaview --bogus self
	assert_output ""
	# getopt names the program as it was invoked (argv[0])
	assert_regex "${stderr_lines[0]}" "^(.*/)?vmaview: unrecognized option '--bogus'\$"
	assert_regex "${stderr_lines[1]}" "^Try .vmaview --help'"
}

@test "usage: an option without its argument is exit 64" {
	run -64 --separate-stderr vmaview self -o
	assert_output ""
	assert_regex "${stderr_lines[0]}" "^(.*/)?vmaview: option requires an argument -- 'o'\$"
}

@test "usage: an unknown column in -o is exit 64" {
	run -64 --separate-stderr vmaview -o range,no-such self
	assert_output ""
	assert_equal "${stderr_lines[0]}" "vmaview: unknown column: 'no-such'"
	run -64 --separate-stderr vmaview -o +rss,bad.col self
	assert_equal "${stderr_lines[0]}" "vmaview: unknown column: 'bad.col'"
	run -64 --separate-stderr vmaview -o '' self
	assert_output ""
}

@test "usage: a key-shaped typo is exit 64 unless the kernel prints that smaps key" {
	# 'rs' could be a key of a future kernel; this kernel's smaps decides
	! grep -qi '^rs:' /proc/self/smaps
	run -64 --separate-stderr vmaview -o range,rs self
	assert_output ""
	assert_equal "${stderr_lines[0]}" "vmaview: unknown column: 'rs'"
	run -64 --separate-stderr vmaview --sort=-nosuchkey self
	assert_equal "${stderr_lines[0]}" "vmaview: unknown sort column: '-nosuchkey'"
	# a key this kernel prints is accepted under the kernel's spelling and
	# lower case (unknown keys: see fixture.bats, fixture 55's futurefield)
	key=$(awk -F: '/^[A-Z][A-Za-z_]*:/ {print $1; exit}' /proc/self/smaps)
	run -0 vmaview -r -n --no-totals -o "$key" self
	run -0 vmaview -r -n --no-totals -o "${key,,}" self
}

@test "usage: an unknown --sort column is exit 64" {
	run -64 --separate-stderr vmaview --sort no-such self
	assert_output ""
	assert_equal "${stderr_lines[0]}" "vmaview: unknown sort column: 'no-such'"
	run -64 --separate-stderr vmaview --sort=-no-such self
	assert_equal "${stderr_lines[0]}" "vmaview: unknown sort column: '-no-such'"
}

@test "usage: a bad -A range is exit 64" {
	for r in zz 10,5 , 0x,1 1,2,3 -5 ''; do
		run -64 --separate-stderr vmaview -A "$r" self
		assert_output ""
		assert_equal "${stderr_lines[0]}" "vmaview: invalid range '$r' (expected LO,HI in hex)"
	done
}

@test "usage: an argument that is not a PID is exit 64, and nothing is printed" {
	for a in abc 12x 0 007 1.5 ' 1' selff 2147483648 99999999999999999999; do
		run -64 --separate-stderr vmaview $$ "$a"
		assert_output ""
		assert_equal "${stderr_lines[0]}" "vmaview: '$a' is not a process ID or 'self'"
	done
}

@test "usage: no PID at all is exit 64" {
	run -64 --separate-stderr vmaview
	assert_output ""
	assert_equal "${stderr_lines[0]}" "vmaview: no process given"
	run -64 --separate-stderr vmaview show
	assert_equal "${stderr_lines[0]}" "vmaview: no process given"
	run -64 --separate-stderr vmaview -J
	assert_output ""
}

@test "usage: a --proc-root that cannot be opened is exit 64" {
	run -64 --separate-stderr vmaview --proc-root "$BATS_TEST_TMPDIR/none" self
	assert_output ""
	assert_equal "$stderr" "vmaview: $BATS_TEST_TMPDIR/none: No such file or directory"
}

# ---------------------------------------------------------------- stdout

@test "stdout on /dev/full: exit 1 with a write error" {
	[ -w /dev/full ] || skip "no /dev/full"
	run -1 --separate-stderr bash -c '"$VMAVIEW" self >/dev/full'
	assert_equal "$stderr" "vmaview: write error: No space left on device"
	run -1 --separate-stderr bash -c '"$VMAVIEW" -J self >/dev/full'
	assert_equal "$stderr" "vmaview: write error: No space left on device"
}

@test "| head -1 stays quiet, with SIGPIPE and with SIGPIPE ignored" {
	err=$BATS_TEST_TMPDIR/err
	run -0 bash -c '"$VMAVIEW" self 2>"$1" | head -1' _ "$err"
	assert_output --regexp '^[0-9]+:   '
	assert_equal "$(cat "$err")" ""
	start_mapper --vmas 3000
	# more than a pipe holds, so vmaview writes to a closed pipe
	[ "$("$VMAVIEW" "$MAPPER_PID" | wc -c)" -gt 262144 ]
	err=$BATS_TEST_TMPDIR/err
	run -0 bash -c '"$VMAVIEW" "$1" 2>"$2" | head -1; echo "rc=${PIPESTATUS[0]}"' _ "$MAPPER_PID" "$err"
	assert_line --index 0 --regexp "^$MAPPER_PID:   "
	assert_line --index 1 --regexp '^rc=(141|1)$'
	assert_equal "$(cat "$err")" ""
	run -0 bash -c 'trap "" PIPE; "$VMAVIEW" "$1" 2>"$2" | head -1; echo "rc=${PIPESTATUS[0]}"' _ "$MAPPER_PID" "$err"
	assert_line --index 1 "rc=1"
	assert_equal "$(cat "$err")" ""
	run -0 bash -c 'trap "" PIPE; "$VMAVIEW" -J "$1" 2>"$2" | head -c 100 >/dev/null; echo "rc=${PIPESTATUS[0]}"' _ "$MAPPER_PID" "$err"
	assert_output "rc=1"
	assert_equal "$(cat "$err")" ""
}

# ---------------------------------------------------------------- malformed input

# fixture  file:line  reason  what is wrong with that line
MALFORMED=(
	"101 smaps:4 bad permissions|rwzp"
	"102 smaps:4 duplicate key|Rss:                   8 kB"
	"103 smaps:4 expected 'N kB'|Pss:   lots kB"
	"104 smaps:1 expected a VMA header line first|Rss: 4 kB"
	"105 smaps:4 VMA overlaps or precedes the one before it|55d0c0000000-55d0c0001000"
	"106 smaps:4 start address not below end address|55d0c0c21000-55d0c0c20000"
	"107 smaps:4 not a 'Key: value' line|this is not a smaps line"
	"108 smaps:4 expected 'N kB'|99999999999999999999 kB"
	"109 smaps:4 bad offset|r--p 0000"
	"110 smaps:1 NUL byte in line|"
	"120 smaps:3 NUL byte in line|"
	"130 smaps:9 expected 'N kB'|4 kB extra"
)

@test "the fixtures are malformed where the tests say, and only there" {
	for m in "${MALFORMED[@]}"; do
		read -r id where _ <<<"${m%%|*}"
		file=$BAD/$id/${where%:*}
		n=${where#*:}
		bad=${m#*|}
		if [ -z "$bad" ]; then
			# a NUL byte on that line (bash cannot hold one)
			[ "$(sed -n "${n}p" "$file" | tr -d -c '\000' | wc -c)" -ge 1 ] ||
				fail "$id: no NUL on line $n"
		else
			line=$(sed -n "${n}p" "$file")
			[[ $line == *"$bad"* ]] || fail "$id: line $n is '$line'"
		fi
		# cut before that line, the same process reads cleanly
		((n > 1)) || continue
		mkdir -p "$BATS_TEST_TMPDIR/cut/$id"
		cp "$BAD/$id/comm" "$BATS_TEST_TMPDIR/cut/$id/"
		head -n $((n - 1)) "$file" >"$BATS_TEST_TMPDIR/cut/$id/${where%:*}"
		run -0 vmaview --proc-root "$BATS_TEST_TMPDIR/cut" -r -n -o range,rss "$id"
		[ "${#lines[@]}" -ge 2 ]
	done
}

@test "each malformed fixture: FILE:LINE: reason, exit 1, no table on stdout" {
	for m in "${MALFORMED[@]}"; do
		read -r id where reason <<<"${m%%|*}"
		run -1 --separate-stderr vmaview --proc-root "$BAD" "$id"
		assert_equal "$stderr" "vmaview: $BAD/$id/$where: $reason"
		assert_equal "$id: $output" "$id: "
		for fmt in -r -P; do
			run -1 --separate-stderr vmaview --proc-root "$BAD" "$fmt" "$id"
			assert_equal "$stderr" "vmaview: $BAD/$id/$where: $reason"
			assert_equal "$id $fmt: $output" "$id $fmt: "
		done
	done
}

@test "every fixture under bad/, listed or not: FILE:LINE: reason, exit 1, nothing on stdout" {
	n=0
	for dir in "$BAD"/*/; do
		id=$(basename "$dir")
		run -1 --separate-stderr vmaview --proc-root "$BAD" "$id"
		assert_regex "$stderr" "^vmaview: $BAD/$id/(maps|smaps):[1-9][0-9]*: [^ ].*\$"
		assert_equal "${#stderr_lines[@]}" 1
		assert_equal "$id: $output" "$id: "
		n=$((n + 1))
	done
	[ "$n" -ge "${#MALFORMED[@]}" ]
}

@test "maps-only columns read maps, so only malformed maps files fail" {
	for id in 101 105 106 109 110; do
		run -1 --separate-stderr vmaview --proc-root "$BAD" -o range,perms,name "$id"
		assert_output ""
		assert_regex "$stderr" "^vmaview: $BAD/$id/maps:[12]: "
	done
	run -1 --separate-stderr vmaview --proc-root "$BAD" -o range 130
	assert_equal "$stderr" "vmaview: $BAD/130/maps:3: start address not below end address"
	assert_output ""
	run -1 --separate-stderr vmaview --proc-root "$BAD" -o range 101
	assert_equal "$stderr" "vmaview: $BAD/101/maps:2: bad permissions"
	run -1 --separate-stderr vmaview --proc-root "$BAD" -o range 110
	assert_equal "$stderr" "vmaview: $BAD/110/maps:1: NUL byte in line"
	# their maps are fine: every VMA and nothing on stderr
	for id in 102 103 104 107 108; do
		run -0 --separate-stderr vmaview --proc-root "$BAD" -r -n -o range "$id"
		assert_equal "$stderr" ""
		assert_equal "${#lines[@]}" $(($(wc -l <"$BAD/$id/maps") + 1))
	done
}

@test "a malformed process next to a good one: the good one is still printed" {
	root=$BATS_TEST_TMPDIR/root
	mkdir "$root"
	cp -r "$FIXTURES/proc/4242" "$root/"
	good_rows=$(grep -c '^[0-9a-f]*-[0-9a-f]* ' "$FIXTURES/proc/4242/smaps")
	for m in "${MALFORMED[@]}"; do
		read -r id where reason <<<"${m%%|*}"
		cp -r "$BAD/$id" "$root/"
		for order in "$id 4242" "4242 $id"; do
			run -1 --separate-stderr vmaview --proc-root "$root" -r -o range,rss $order
			assert_equal "$stderr" "vmaview: $root/$id/$where: $reason"
			# the header, every VMA of 4242 and its totals row
			assert_equal "$id: ${#lines[@]}" "$id: $((good_rows + 2))"
			assert_regex "${lines[-1]}" '^total '
			assert_equal "${lines[0]}" "RANGE RSS"
		done
		run -1 --separate-stderr vmaview --proc-root "$root" -J "$id" 4242
		run -0 jq -r '[.processes[] | select(.pid == 4242) | .complete, (.vmas | length)] | @tsv' <<<"$output"
		assert_output "true	$good_rows"
	done
}
