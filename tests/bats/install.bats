#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - install.bats: `cmake --install` puts binary, man page and completions in place
bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	: "${VMAVIEW_BUILDDIR:=$VMAVIEW_SRCDIR/build}"
	STAGE=$BATS_TEST_TMPDIR/stage
}

@test "cmake --install into a staging root (DESTDIR) lays out Debian's paths" {
	DESTDIR=$STAGE run -0 cmake --install "$VMAVIEW_BUILDDIR" --prefix /usr
	[ -x "$STAGE/usr/bin/vmaview" ]
	[ -f "$STAGE/usr/share/man/man1/vmaview.1" ]
	[ -f "$STAGE/usr/share/bash-completion/completions/vmaview" ]
	[ -f "$STAGE/usr/share/zsh/vendor-completions/_vmaview" ]
	[ -f "$STAGE/usr/share/fish/vendor_completions.d/vmaview.fish" ]
	# the installed files are the ones in the tree, and the binary runs
	cmp "$STAGE/usr/share/bash-completion/completions/vmaview" "$VMAVIEW_SRCDIR/completions/vmaview.bash"
	cmp "$STAGE/usr/share/man/man1/vmaview.1" "$VMAVIEW_MANPAGE"
	run -0 "$STAGE/usr/bin/vmaview" --version
	assert_output --partial "vmaview "
	run -0 "$STAGE/usr/bin/vmaview" -r -n -o name self
	assert_line --partial "$STAGE/usr/bin/vmaview"
}

@test "the installed man page is a real man page for vmaview" {
	DESTDIR=$STAGE run -0 cmake --install "$VMAVIEW_BUILDDIR" --prefix /usr
	run -0 grep -c '^\.SH' "$STAGE/usr/share/man/man1/vmaview.1"
	[ "$output" -ge 6 ]
	run -0 grep -m1 '^\.TH' "$STAGE/usr/share/man/man1/vmaview.1"
	assert_output --regexp '^\.TH "?vmaview"? "?1"?'
}
