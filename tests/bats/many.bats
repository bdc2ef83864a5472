#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - many.bats: many processes: selection, summary, grouping, sharing and who, against tests/tools/family and /proc read directly
bats_require_minimum_version 1.5.0

# Expected values come from what tests/tools/family did (which pages each
# process wrote, who maps what) and from /proc read directly, never from
# vmaview itself.

setup() {
	load helpers/common
	load helpers/family
	command -v jq >/dev/null || skip "jq is not installed"
}

teardown() {
	stop_family
}

# The PIDs of a JSON show document, sorted.
json_pids() {
	jq -r '.processes[].pid' | sort -n
}

@test "--pgrep selects exactly the family (comm or command line), never vmaview itself" {
	start_family -n 3
	run -0 --separate-stderr vmaview -J -o start --pgrep "family.*$FAM_TAG"
	assert_equal "$(json_pids <<<"$output")" "$(family_pids)"
	# vmaview's own command line holds the pattern too: it is not chosen
	refute_line --partial "\"pid\":$$,"
	# anchored on the comm alone: still only the family (its comm is "family")
	run -0 --separate-stderr vmaview -J -o start --pgrep '^family$' "$FAM_PARENT" "${FAM_CHILD[1]}"
	assert_equal "$(json_pids <<<"$output")" "$(printf '%s\n' "$FAM_PARENT" "${FAM_CHILD[1]}" | sort -n)"
}

@test "--children selects exactly the descendants; selectors combine with AND" {
	start_family -n 3
	run -0 --separate-stderr vmaview -J -o start --children "$FAM_PARENT"
	assert_equal "$(json_pids <<<"$output")" "$(printf '%s\n' "${FAM_CHILD[@]}" | sort -n)"
	# the test's shell is an ancestor: the whole family is among its descendants
	run -0 --separate-stderr vmaview -J -o start --children "$$" --pgrep "$FAM_TAG"
	assert_equal "$(json_pids <<<"$output")" "$(family_pids)"
	# AND: children of the parent whose user is root's uid (the family runs as us)
	run -0 --separate-stderr vmaview -J -o start --children "$FAM_PARENT" --user "$(id -u)"
	assert_equal "$(json_pids <<<"$output")" "$(printf '%s\n' "${FAM_CHILD[@]}" | sort -n)"
	run -0 --separate-stderr vmaview -J -o start --children "$FAM_PARENT" --user "$(id -un)"
	assert_equal "$(json_pids <<<"$output")" "$(printf '%s\n' "${FAM_CHILD[@]}" | sort -n)"
}

@test "--user: the real uid from status, by name or number" {
	start_family -n 1
	local uid pid want
	uid=$(id -u)
	want=$(for d in /proc/[0-9]*; do
		pid=${d#/proc/}
		[ "$pid" = "$$" ] && continue
		awk -v u="$uid" '/^Uid:/ && $2 == u {f=1} END {exit !f}' "$d/status" 2>/dev/null &&
			echo "$pid"
	done | sort -n)
	run -0 --separate-stderr vmaview -J -o start --user "$uid" --pgrep "$FAM_TAG"
	assert_equal "$(json_pids <<<"$output")" "$(family_pids)"
	for pid in $(family_pids); do grep -qx "$pid" <<<"$want"; done
	run -64 --separate-stderr vmaview --user no-such-user-xyz
	assert_equal "$stderr" "$(printf '%s\n' "vmaview: --user: no such user: 'no-such-user-xyz'" "Try 'vmaview --help' for more information.")"
}

@test "selection: a zombie and denied processes are one line per cause, JSON skipped, exit 0" {
	start_family -n 2
	# killed, not reaped (the parent reaps only when it ends): a zombie
	kill -KILL "${FAM_CHILD[0]}"
	for ((i = 0; i < 100; i++)); do
		[ "$(awk '{print $3}' "/proc/${FAM_CHILD[0]}/stat")" = Z ] && break
		sleep 0.05
	done
	# a zombie has no command line: chosen by its comm among our descendants
	run -0 --separate-stderr vmaview -J -o start --children "$$" --pgrep '^family$'
	assert_equal "$stderr" "vmaview: 1 process skipped: zombie process (no address space)"
	assert_equal "$(jq -c '.skipped' <<<"$output")" '[{"reason":"zombie process (no address space)","count":1}]'
	# the zombie's entry says why; the others are complete
	assert_equal "$(jq -r '.processes[] | select(.complete | not) | .pid' <<<"$output")" "${FAM_CHILD[0]}"
	# as nobody, root's processes deny access: one line for all of them
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	[ "$(id -u)" = 0 ] || skip "needs root to become nobody"
	run -0 --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$VMAVIEW" -J -o start --children "$$" --pgrep '^family$'
	# denied: no entry at all; the zombie, opened but empty, has its own
	assert_equal "$(jq -r '.processes[] | "\(.pid) \(.complete)"' <<<"$output")" "${FAM_CHILD[0]} false"
	assert_equal "$(jq -c '.skipped' <<<"$output")" '[{"reason":"permission denied","count":2},{"reason":"zombie process (no address space)","count":1}]'
	assert_equal "$stderr" "$(printf '%s\n' 'vmaview: 2 processes skipped: permission denied' \
		'vmaview: 1 process skipped: zombie process (no address space)')"
}

@test "selection: a bad regex is a usage error; nothing chosen exits 1" {
	run -64 --separate-stderr vmaview --pgrep '('
	[[ $stderr == "vmaview: --pgrep: '(': "* ]]
	run -1 --separate-stderr vmaview --pgrep 'zzz-no-match-zzz-$$'
	assert_equal "$stderr" "vmaview: no process selected"
	run -64 --separate-stderr vmaview --children 0
	run -64 --separate-stderr vmaview --children abc
}
