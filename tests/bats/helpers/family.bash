# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - tests/bats/helpers/family.bash: start and stop tests/tools/family (a parent and forked children)
# start_family [-n N] sets FAM_PARENT, FAM_CHILD[i], FAM_START[name],
# FAM_END[name] (hex without 0x) and FAM_TAG (unique in its command line).

declare -ga FAM_PIDS=() FAM_CHILD=()
declare -gA FAM_START=() FAM_END=()

start_family() {
	local out i name a b
	: "${FAMILY:=$VMAVIEW_SRCDIR/build/tests/family}"
	[ -x "$FAMILY" ] || skip "no family at $FAMILY"
	FAM_TAG=famtag$$x$RANDOM
	out=$BATS_TEST_TMPDIR/family.$FAM_TAG
	"${RUN_AS[@]}" "$FAMILY" "$@" "$FAM_TAG" >"$out" 2>"$out.err" 3>&- &
	FAM_PIDS+=("$!")
	for ((i = 0; i < 200; i++)); do
		grep -qx READY "$out" 2>/dev/null && break
		kill -0 "$!" 2>/dev/null || { cat "$out.err" >&2; return 1; }
		sleep 0.05
	done
	grep -qx READY "$out" || { echo "family not READY" >&2; return 1; }
	FAM_CHILD=() FAM_START=() FAM_END=()
	while read -r name a b; do
		case $name in
		parent) FAM_PARENT=$a ;;
		child) FAM_CHILD[a]=$b ;;
		READY) ;;
		*) FAM_START[$name]=$a FAM_END[$name]=$b ;;
		esac
	done <"$out"
}

stop_family() {
	local pid rc=0 st
	for pid in "${FAM_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
		st=0
		wait "$pid" || st=$?
		[ "$st" -eq 0 ] || { echo "family $pid exited $st" >&2; rc=1; }
	done
	FAM_PIDS=()
	return $rc
}

# The family's PIDs, sorted, one per line.
family_pids() {
	printf '%s\n' "$FAM_PARENT" "${FAM_CHILD[@]}" | sort -n
}
