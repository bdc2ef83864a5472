# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - tests/bats/helpers/common.bash: shared setup for every bats suite
# Environment from CTest: VMAVIEW (binary), MAPPER (live helper),
# VMAVIEW_SRCDIR (source tree), VMAVIEW_MANPAGE (built vmaview.1).

bats_load_library bats-support
bats_load_library bats-assert

export LC_ALL=C TZ=UTC
: "${VMAVIEW_SRCDIR:=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}"
: "${VMAVIEW:=$VMAVIEW_SRCDIR/build/vmaview}"
: "${MAPPER:=$VMAVIEW_SRCDIR/build/tests/mapper}"
: "${VMAVIEW_MANPAGE:=$VMAVIEW_SRCDIR/build/vmaview.1}"
FIXTURES=$VMAVIEW_SRCDIR/tests/fixtures
unset VMAVIEW_COLUMNS

vmaview() { "$VMAVIEW" "$@"; }

# nobody_mode: true when the suite runs as nobody (tests/bats/as-nobody.sh
# sets VMAVIEW_TEST_AS=nobody; VMAVIEW is then a wrapper that runs
# VMAVIEW_BIN as nobody without capabilities). RUN_AS is the command
# prefix that starts a target (mapper, family, churn) as the same user.
nobody_mode() { [ "${VMAVIEW_TEST_AS:-}" = nobody ]; }
RUN_AS=()
# the user the targets run as (the mapper, the family)
TARGET_USER=$(id -un)
if nobody_mode; then
	[ -n "${VMAVIEW_NOBODY_GID:-}" ] && [ -x "${VMAVIEW_BIN:-}" ] || {
		echo "VMAVIEW_TEST_AS=nobody: run the suite through tests/bats/as-nobody.sh" >&2
		exit 1
	}
	TARGET_USER=nobody
	RUN_AS=(setpriv --reuid=nobody --regid="$VMAVIEW_NOBODY_GID" --clear-groups --inh-caps=-all --)
	# vmaview writes where the tests say (snapshots, SVGs), and the
	# mappers' directories live here too: let nobody in
	chmod 711 "$BATS_RUN_TMPDIR"
	chmod 1777 "$BATS_TEST_TMPDIR"
fi
# The line the man page documents for hidden PFNs (once per cause)
FRAMES_HIDDEN="vmaview: frames hidden: PFNs read as 0 without CAP_SYS_ADMIN (physical runs, kpageflags and kpagecount unknown)"
# assert_frames_stderr [CMD]: after `run --separate-stderr` of a command
# that reads frames: as root no message; in nobody mode exactly
# FRAMES_HIDDEN (snapshot says "vmaview: snapshot: frames hidden: ...").
assert_frames_stderr() {
	if nobody_mode; then
		assert_equal "$stderr" "${FRAMES_HIDDEN/vmaview: /vmaview: ${1:+$1: }}"
	else
		assert_equal "$stderr" ""
	fi
}

# Long options as --help lists them.
long_options() {
	"$VMAVIEW" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u
}
# Column names (registry only, not smaps keys this kernel adds).
column_names() {
	"$VMAVIEW" --list-columns | awk '$2 != "extra" {print $1}'
}

# put64 FILE INDEX VALUE: VALUE as a little-endian u64 at byte INDEX*8 of
# FILE (created sparse, never truncated).
put64() {
	local v=$(($3)) esc='' i
	for ((i = 0; i < 8; i++)); do
		printf -v esc '%s\\x%02x' "$esc" $(((v >> (8 * i)) & 0xff))
	done
	# shellcheck disable=SC2059 # esc is made of \xHH escapes only
	printf "$esc" | dd of="$1" bs=8 seek="$2" conv=notrunc status=none
}
