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
