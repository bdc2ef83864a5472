#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - scripts/deb-chroot-test.sh: build the .deb, install it in a clean Debian 12 chroot, check it works there
#
#   scripts/deb-chroot-test.sh [BUILDDIR]     (default: build; as root)
#
# Builds BUILDDIR, packs vmaview_VERSION_ARCH.deb with CPack (into
# BUILDDIR/deb/), checks its contents and Depends (dpkg -c, dpkg -I), then
# installs it with `apt-get install ./vmaview_*.deb` (dependencies resolved
# by apt) into a fresh Debian 12 (bookworm) chroot and checks there, with
# /proc mounted: `vmaview self`, `man vmaview`, and bash completion of
# `vmaview -o` offering column names.
#
# The chroot comes from debootstrap --variant=minbase (plus man-db and
# bash-completion), from the Debian mirror this machine's apt uses; it is
# cached as a tarball in /var/cache/vmaview-chroot, so only the first run
# downloads (a few minutes), later ones take seconds. Exit status: 0 all
# checks passed, 1 a check failed, 77 skipped (the Debian archive cannot be
# reached, or not root).
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$PWD
B=$(realpath -m "${1:-build}")
CACHE=/var/cache/vmaview-chroot
SUITE=bookworm
EXTRA=man-db,bash-completion
TARBALL=$CACHE/$SUITE-minbase-${EXTRA//,/-}.tar.gz

say() { echo "deb-chroot-test: $*" >&2; }
die() {
	say "FAIL: $*"
	exit 1
}
skip() {
	say "SKIP: $*"
	exit 77
}

[[ $(id -u) -eq 0 ]] || skip "needs root (debootstrap, chroot, mount)"

# The Debian archive as this machine's apt has it (sources.list or deb822
# .sources): the first URI whose path ends in /debian.
mirror() {
	local m
	m=$(grep -rhoE '^(URIs:|deb)[[:space:]]+(\[[^]]*\][[:space:]]+)?https?://[^[:space:]]+/debian/?([[:space:]]|$)' \
		/etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null |
		grep -oE 'https?://[^[:space:]]+' | head -1 || true)
	echo "${m:-http://deb.debian.org/debian}"
}
MIRROR=$(mirror)

# --- the package -----------------------------------------------------------
say "building $B and the .deb"
if [[ ! -f $B/CMakeCache.txt ]]; then
	cmake -S "$SRC" -B "$B" -DVMAVIEW_WERROR=ON >/dev/null
fi
cmake --build "$B" -j"$(nproc)" >/dev/null
rm -rf "$B/deb"
cpack -G DEB --config "$B/CPackConfig.cmake" -B "$B/deb" >"$B/cpack.log" 2>&1 ||
	{ cat "$B/cpack.log" >&2; die "cpack failed"; }
DEB=$(echo "$B"/deb/vmaview_*.deb)
[[ -f $DEB ]] || die "cpack wrote no vmaview_*.deb in $B/deb"

# dpkg -c: the binary, the man page and the three completions, at Debian's paths
contents=$(dpkg -c "$DEB" | awk '{print $NF}')
for f in ./usr/bin/vmaview ./usr/share/man/man1/vmaview.1 \
	./usr/share/bash-completion/completions/vmaview \
	./usr/share/zsh/vendor-completions/_vmaview \
	./usr/share/fish/vendor_completions.d/vmaview.fish; do
	grep -qxF "$f" <<<"$contents" || die "dpkg -c $DEB: no $f"
done
# dpkg -I: what dpkg-shlibdeps found (libc6, zlib1g at least)
depends=$(dpkg-deb -f "$DEB" Depends)
for p in libc6 zlib1g; do
	grep -qE "(^|, )$p( |,|$)" <<<"$depends" || die "Depends ($depends) lacks $p"
done
[[ $(dpkg-deb -f "$DEB" Package) == vmaview ]] || die "package name is not vmaview"
[[ $(dpkg-deb -f "$DEB" Section) == utils ]] || die "section is not utils"
say "$(basename "$DEB"): contents and Depends ($depends) fine"

# --- the chroot ------------------------------------------------------------
mkdir -p "$CACHE"
exec 9>"$CACHE/lock"
flock 9 # one builder of the cache at a time (build and build-asan)
if [[ ! -s $TARBALL ]]; then
	command -v debootstrap >/dev/null || {
		say "installing debootstrap"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends debootstrap >/dev/null ||
			skip "debootstrap is not installed and could not be"
	}
	/usr/lib/apt/apt-helper download-file "$MIRROR/dists/$SUITE/Release" \
		"$CACHE/Release.probe" >/dev/null 2>&1 ||
		skip "the Debian archive ($MIRROR) cannot be reached"
	rm -f "$CACHE/Release.probe"
	say "debootstrap $SUITE (minbase + $EXTRA) from $MIRROR: first run only"
	tmp=$(mktemp -d /var/tmp/vmaview-debootstrap.XXXXXX)
	if ! debootstrap --variant=minbase --include="$EXTRA" "$SUITE" \
		"$tmp" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1; then
		rm -rf "$tmp"
		grep -qiE 'resolv|connect|download|Release' "$CACHE/debootstrap.log" &&
			skip "debootstrap could not fetch from $MIRROR (see $CACHE/debootstrap.log)"
		die "debootstrap failed (see $CACHE/debootstrap.log)"
	fi
	# package lists inside, so that apt can resolve new dependencies
	cp /etc/resolv.conf "$tmp/etc/resolv.conf"
	chroot "$tmp" apt-get update -qq >/dev/null 2>&1 ||
		say "apt-get update in the chroot failed; lists are fetched per run"
	chroot "$tmp" apt-get clean
	tar -C "$tmp" -czf "$TARBALL.tmp" .
	mv "$TARBALL.tmp" "$TARBALL"
	rm -rf "$tmp"
fi
flock -u 9

ROOT=$(mktemp -d /var/tmp/vmaview-chroot.XXXXXX)
cleanup() {
	mountpoint -q "$ROOT/proc" && umount "$ROOT/proc"
	rm -rf --one-file-system "$ROOT"
}
trap cleanup EXIT
tar -C "$ROOT" -xzf "$TARBALL"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
mount -t proc proc "$ROOT/proc"
cp "$DEB" "$ROOT/tmp/"
in_root() { chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

say "apt-get install ./$(basename "$DEB") in the chroot"
install() {
	in_root sh -c "cd /tmp && apt-get install -y -q --no-install-recommends ./$(basename "$DEB")" \
		>"$ROOT/tmp/install.log" 2>&1
}
if ! install; then
	# the cached lists may be stale: fetch them and try again
	in_root apt-get update -qq >/dev/null 2>&1 || true
	install || { cat "$ROOT/tmp/install.log" >&2; die "apt-get install failed"; }
fi
in_root dpkg -s vmaview | grep -qx 'Status: install ok installed' ||
	die "dpkg -s: vmaview not installed"

# vmaview self: runs, and shows its own binary at the installed path
out=$(in_root vmaview self) || die "vmaview self: exit $?"
grep -qE '(^|[[:space:]])/usr/bin/vmaview$' <<<"$out" ||
	die "vmaview self: no row for /usr/bin/vmaview: $(head -5 <<<"$out")"
version=$(dpkg-deb -f "$DEB" Version)
in_root vmaview --version | grep -qF "$version" ||
	die "vmaview --version does not say $version"

# man vmaview: man-db finds and renders the installed page
page=$(in_root sh -c 'MANWIDTH=80 man -P cat vmaview 2>&1') || die "man vmaview: $page"
{ grep -qE '^NAME' <<<"$page" && grep -qE '^ +vmaview - ' <<<"$page"; } ||
	die "man vmaview did not render a NAME section: $(head -5 <<<"$page")"

# bash completion: bash_completion then the installed file, then
# complete "vmaview -o " as readline would
cat >"$ROOT/tmp/complete.sh" <<'EOF'
. /usr/share/bash-completion/bash_completion
. /usr/share/bash-completion/completions/vmaview
COMP_LINE='vmaview -o '
COMP_POINT=${#COMP_LINE}
COMP_WORDS=(vmaview -o '')
COMP_CWORD=2
# (compopt complains outside a real completion: not what is tested)
_vmaview vmaview '' -o 2>/dev/null
printf '%s\n' "${COMPREPLY[@]}"
EOF
comp=$(in_root bash /tmp/complete.sh) || die "bash completion: exit $?"
# what it offers: the column names the installed vmaview lists
cols=$(in_root vmaview --list-columns | awk '{print $1}')
for c in rss pss start end perms name; do
	grep -qx "$c" <<<"$cols" || die "vmaview --list-columns has no '$c'"
	grep -qx "$c" <<<"$comp" || die "completion of 'vmaview -o ' lacks '$c': $(head -c 300 <<<"$comp")"
done
while IFS= read -r c; do
	grep -qxF "$c" <<<"$cols" || die "completion offers '$c', which is no column"
done <<<"$comp"
say "chroot ($SUITE): installed, vmaview self, man vmaview, bash completion of -o ($(wc -l <<<"$comp") names) fine"
