#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - tests/arm64/run.sh: the arm64 tier: real Debian arm64 kernels under qemu, vmaview's checks in the guest
#
# Usage: tests/arm64/run.sh [--work DIR] [--boots "NAME..."] [--jobs N]
#                           [--skip REASON] [--refresh-fixture]
#
# 1. installs the host tools if missing (qemu-system-arm,
#    gcc-aarch64-linux-gnu, libc6-dev-arm64-cross, cpio,
#    device-tree-compiler, pkg-config; --no-install-recommends);
# 2. keeps a private arm64-only apt state in $CACHE/apt (the system's apt
#    state is not touched; its index is refreshed once a day, or when a
#    package has vanished from the archive);
# 3. resolves each kernel through its meta-package, downloads it once and
#    keeps only its vmlinuz and config in $CACHE/kernels;
# 4. unpacks Debian's arm64 library packages (SYSROOT_PKGS) into a sysroot
#    (apt-get download + dpkg -x, no multiarch), keyed by their versions,
#    and proves once per sysroot that a static aarch64 program using
#    libelf and libunwind-ptrace links there, with pkg-config's flags and
#    through CMake with tests/arm64/aarch64.cmake (pkg_check_modules);
# 5. cross-builds vmaview and tests/tools/mapper statically for aarch64 with
#    the project's CMake and tests/arm64/aarch64.cmake, and
#    tests/arm64/guest_*.c as /init; binaries and the initramfs are
#    cached in $CACHE/bin keyed by a hash of the sources;
# 6. boots each kernel under qemu-system-aarch64 (TCG) with that initramfs
#    and judges by the guest's marker line (never by qemu's exit status):
#    "VMAVIEW-ARM64: PASS n/m ..." (see guest_init.c for the checks).
#
# Boots (--boots, default: all): 6.1-4k, 6.12-4k, 6.12-16k, rock5b-plus (the
# 6.12 4K kernel with a device tree whose root says Radxa ROCK 5B+).
#
# --refresh-fixture: the rock5b-plus boot (added to --boots if missing) also
# prints its snapshot of the mapper (tests/tools/snapdump.c text) and the
# outputs vmaview gave on it, and they replace tests/fixtures/arm64-rock5b/
# (which tests/bats/arm64_fixture.bats reads back on any machine).
#
# Exit status: 0 every boot passed; 1 a boot failed or something could not
# be built; 77 skipped (--skip, or the host cannot install qemu or the cross
# compiler, or cannot reach the Debian archive and has nothing cached).
#
# Environment: VMAVIEW_ARM64_CACHE (default /var/cache/vmaview-arm64),
# VMAVIEW_ARM64_TIMEOUT (seconds per boot, default 240),
# VMAVIEW_ARM64_REFRESH (seconds between index refreshes, default 86400).
set -euo pipefail

SRC=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${VMAVIEW_ARM64_CACHE:-/var/cache/vmaview-arm64}
BOOT_TIMEOUT=${VMAVIEW_ARM64_TIMEOUT:-240}
REFRESH=${VMAVIEW_ARM64_REFRESH:-86400}
WORK=
BOOTS="6.1-4k 6.12-4k 6.12-16k rock5b-plus"
JOBS=$(($(nproc) >= 2 ? 2 : 1)) # boots at a time: one core each (TCG, -smp 1)
SKIP=
FIXTURE=
FIXTURE_DIR=$SRC/tests/fixtures/arm64-rock5b

HOST_PKGS=(qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross cpio
	device-tree-compiler pkg-config)
# arm64 libraries vmaview links (or may: libelf, libunwind), unpacked into
# the sysroot; the -dev packages carry the static archives (.a) and .pc
# files, the others the headers' runtime halves. Bookworm's libelf1 needs
# only zlib, libunwind8 liblzma (no zstd). cmocka: tests/CMakeLists.txt
# requires it to configure (the cross build makes no unit test).
SYSROOT_PKGS=(zlib1g-dev zlib1g libelf-dev libelf1 libunwind-dev libunwind8
	liblzma-dev liblzma5 libcmocka-dev libcmocka0)

# boot NAME -> meta-package and device tree
declare -A META=([6.1-4k]=linux-image-cloud-arm64
	[6.12-4k]=linux-image-6.12-cloud-arm64
	[6.12-16k]=linux-image-6.12-arm64-16k
	[rock5b-plus]=linux-image-6.12-cloud-arm64)
declare -A BOARD=([rock5b-plus]=rock5b-plus)

# qemu's machine; -cpu cortex-a76 has neither FEAT_LPA2 nor FEAT_LVA, so a
# kernel built for 52-bit VAs runs with 48 (4K) or 47 (16K) bits here
QEMU_MACHINE=(-M virt -cpu cortex-a76 -smp 1 -m 1024)

while (($#)); do
	case $1 in
	--work) WORK=$2; shift 2 ;;
	--boots) BOOTS=$2; shift 2 ;;
	--jobs) JOBS=$2; shift 2 ;;
	--skip) SKIP=$2; shift 2 ;;
	--refresh-fixture) FIXTURE=1; shift ;;
	*) echo "usage: $0 [--work DIR] [--boots \"NAME...\"] [--jobs N] [--skip REASON] [--refresh-fixture]" >&2
	   exit 64 ;;
	esac
done

skip() { echo "arm64: SKIP: $*"; exit 77; }
die() { echo "arm64: FAIL: $*" >&2; exit 1; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
T_START=$(now)
phase() { # NAME START: one timing line
	printf 'arm64: %-34s %6s s\n' "$1" "$(secs "$2" "$(now)")"
}

[[ -z $SKIP ]] || skip "$SKIP"
if [[ -n $FIXTURE && " $BOOTS " != *" rock5b-plus "* ]]; then BOOTS+=" rock5b-plus"; fi
for b in $BOOTS; do
	[[ -n ${META[$b]:-} ]] || die "no such boot: $b (have: ${!META[*]})"
done

# ------------------------------------------------------------- host tools
t=$(now)
missing=()
for p in "${HOST_PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
if ((${#missing[@]})); then
	[[ $(id -u) -eq 0 ]] || skip "not root, cannot install ${missing[*]}"
	echo "arm64: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null 2>&1 || true
	if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" \
		>/tmp/vmaview-arm64-install.log 2>&1; then
		tail -5 /tmp/vmaview-arm64-install.log
		skip "cannot install ${missing[*]} (apt-get install failed)"
	fi
fi
for c in qemu-system-aarch64 aarch64-linux-gnu-gcc cpio dtc cmake pkg-config; do
	command -v "$c" >/dev/null || skip "$c is not available"
done
phase "host tools" "$t"

[[ $(id -u) -eq 0 ]] || [[ -w $(dirname "$CACHE") || -w $CACHE ]] ||
	skip "cannot write the cache $CACHE (not root)"
mkdir -p "$CACHE"/{apt/lists/partial,apt/cache/archives/partial,apt/sources.list.d,kernels,bin,debs}
# one run at a time per cache (normal and sanitizer builds, parallel ctest)
exec 9>"$CACHE/.lock"
flock -w 1800 9 || die "cannot lock $CACHE/.lock"

if [[ -z $WORK ]]; then
	WORK=$CACHE/work-$(printf '%s' "$SRC" | sha256sum | cut -c1-12)
fi
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)

# ------------------------------------------------- private arm64 apt state
# the system's Debian sources (its mirror, suites and keyring), nothing else
if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
	grep -v "^Architectures:" /etc/apt/sources.list.d/debian.sources \
		>"$CACHE/apt/sources.list.d/debian.sources"
elif [[ -f /etc/apt/sources.list ]] && grep -q '^deb ' /etc/apt/sources.list; then
	grep '^deb ' /etc/apt/sources.list | sed 's/\[[^]]*\]//' |
		sed 's/^deb /deb [arch=arm64] /' >"$CACHE/apt/sources.list.d/debian.list"
else
	printf '%s\n' "deb http://deb.debian.org/debian bookworm main" \
		"deb http://deb.debian.org/debian bookworm-updates main" \
		"deb http://deb.debian.org/debian-security bookworm-security main" \
		>"$CACHE/apt/sources.list.d/debian.list"
fi
APT=(-oAPT::Architecture=arm64 -oAPT::Architectures=arm64
	"-oDir::State::Lists=$CACHE/apt/lists" "-oDir::Cache=$CACHE/apt/cache"
	-oDir::Cache::pkgcache=pkgcache.bin -oDir::Cache::srcpkgcache=
	-oDir::Etc::SourceList=/dev/null
	"-oDir::Etc::SourceParts=$CACHE/apt/sources.list.d"
	-oDir::State::status=/dev/null -oAPT::Sandbox::User=root
	-oDebug::NoLocking=1 -qq)

# apt-get update exits 0 when a fetch fails: judge by the lists it leaves
apt_update() {
	local ok=0
	apt-get "${APT[@]}" update >"$WORK/apt-update.log" 2>&1 || ok=1
	grep '^[WE]:' "$WORK/apt-update.log" | sed 's/^/arm64: apt: /' || true
	compgen -G "$CACHE/apt/lists/*_Packages*" >/dev/null || ok=1
	((ok == 0)) && touch "$CACHE/apt/updated"
}
t=$(now)
stamp=$(stat -c %Y "$CACHE/apt/updated" 2>/dev/null || echo 0)
if (($(date +%s) - stamp > REFRESH)); then
	if ! apt_update; then
		if ((stamp)); then
			echo "arm64: cannot refresh the arm64 index (using the one from $(date -d @"$stamp")):"
			sed 's/^/  /' "$WORK/apt-update.log" | tail -5
		else
			skip "cannot reach the Debian archive: $(grep -m1 '^[WE]:' "$WORK/apt-update.log" || tail -1 "$WORK/apt-update.log")"
		fi
	fi
	UPDATED=1
fi
phase "arm64 package index" "$t"

# memo KEY CMD...: CMD's output, remembered until the index changes
memo() {
	local key=$1 file out
	shift
	file=$CACHE/apt/memo.$(stat -c %Y "$CACHE/apt/updated" 2>/dev/null || echo 0)
	out=$(awk -F '\t' -v k="$key" '$1 == k { print $2; f = 1; exit } END { exit !f }' \
		"$file" 2>/dev/null) || {
		out=$("$@")
		[[ -z $out ]] || {
			find "$CACHE/apt" -maxdepth 1 -name 'memo.*' ! -path "$file" -delete
			printf '%s\t%s\n' "$key" "$out" >>"$file"
		}
	}
	printf '%s\n' "$out"
}

# pkg_version PKG: the candidate version in the private index
# shellcheck disable=SC2317 # apt_version and apt_depends are called by memo
apt_version() {
	apt-cache "${APT[@]}" show --no-all-versions "$1" 2>/dev/null |
		awk '/^Version:/ { print $2; exit }'
}
pkg_version() { memo "version $1" apt_version "$1"; }
# pkg_depends META: the linux-image package META depends on
# shellcheck disable=SC2317
apt_depends() {
	apt-cache "${APT[@]}" depends "$1" 2>/dev/null |
		awk '/Depends: linux-image-/ { print $2; exit }'
}
pkg_depends() { memo "depends $1" apt_depends "$1"; }

# download PKG... into the current directory
download() {
	apt-get "${APT[@]}" download "$@" >"$WORK/download.log" 2>&1
}
# refresh_once: after a failed download (the archive dropped the version the
# index names), refresh the index once per run; false when already done
refresh_once() {
	[[ -z ${UPDATED:-} ]] || return 1
	UPDATED=1
	echo "arm64: refreshing the arm64 index after a failed download"
	apt_update
}

# -------------------------------------------------------------- kernels
# kernel META: sets KDIR[META] to the directory holding vmlinuz and config;
# returns 1 when META does not resolve, 2 when the download fails
declare -A KDIR=()
kernel() {
	local meta=$1 pkg ver dir tmp old
	pkg=$(pkg_depends "$meta")
	[[ -n $pkg ]] || { echo "arm64: cannot resolve $meta in the arm64 index" >&2; return 1; }
	ver=$(pkg_version "$pkg")
	dir=$CACHE/kernels/${pkg}_$ver
	if [[ ! -f $dir/complete ]]; then
		tmp=$(mktemp -d "$CACHE/debs/dl.XXXXXX")
		if ! (cd "$tmp" && download "$pkg"); then
			rm -rf "$tmp"
			if refresh_once; then
				kernel "$meta"
				return
			fi
			echo "arm64: cannot download $pkg $ver: $(tail -1 "$WORK/download.log")" >&2
			return 2
		fi
		mkdir -p "$tmp/x"
		if ! dpkg-deb --fsys-tarfile "$tmp"/*.deb |
			tar -x -C "$tmp/x" --wildcards './boot/vmlinuz-*' './boot/config-*'; then
			rm -rf "$tmp"
			die "cannot unpack $pkg"
		fi
		rm -rf "$dir"
		mkdir -p "$dir"
		mv "$tmp"/x/boot/vmlinuz-* "$dir/vmlinuz"
		mv "$tmp"/x/boot/config-* "$dir/config"
		echo "$meta" >"$dir/meta"
		touch "$dir/complete"
		rm -rf "$tmp"
		# older kernels of the same meta-package are not needed again
		for old in "$CACHE"/kernels/*/meta; do
			if [[ $(dirname "$old") != "$dir" && $(cat "$old") == "$meta" ]]; then
				rm -rf "$(dirname "$old")"
			fi
		done
	fi
	KDIR[$meta]=$dir
}

t=$(now)
for b in $BOOTS; do
	meta=${META[$b]}
	[[ -n ${KDIR[$meta]:-} ]] && continue
	rc=0
	kernel "$meta" || rc=$?
	if ((rc == 2)); then
		skip "cannot download the arm64 kernel $meta from the Debian archive"
	elif ((rc)); then
		die "cannot resolve the kernel $meta"
	fi
	echo "arm64: kernel $meta -> $(basename "${KDIR[$meta]}")"
done
phase "kernels" "$t"

# --------------------------------------------------------------- sysroot
# sysroot: sets SYSROOT (and sr_key, the packages and versions in it)
sysroot() {
	local p v tmp old d
	sr_key=
	for p in "${SYSROOT_PKGS[@]}"; do
		v=$(pkg_version "$p")
		[[ -n $v ]] || die "no arm64 package $p in the index"
		sr_key+="$p=$v "
	done
	sr_key=${sr_key% }
	SYSROOT=$CACHE/sysroot-$(printf '%s' "$sr_key" | sha256sum | cut -c1-12)
	[[ -f $SYSROOT/.complete ]] && return 0
	tmp=$(mktemp -d "$CACHE/debs/sr.XXXXXX")
	if ! (cd "$tmp" && download "${SYSROOT_PKGS[@]}"); then
		rm -rf "$tmp"
		if refresh_once; then
			sysroot
			return
		fi
		skip "cannot download ${SYSROOT_PKGS[*]} (arm64): $(tail -1 "$WORK/download.log")"
	fi
	mkdir -p "$tmp/root"
	for d in "$tmp"/*.deb; do dpkg -x "$d" "$tmp/root" || die "cannot unpack $d"; done
	echo "$sr_key" >"$tmp/root/.packages"
	touch "$tmp/root/.complete"
	rm -rf "$SYSROOT"
	mv "$tmp/root" "$SYSROOT"
	rm -rf "$tmp"
	for old in "$CACHE"/sysroot-*; do
		if [[ $old != "$SYSROOT" ]]; then rm -rf "$old"; fi
	done
}
# link_check: a static aarch64 program using libelf and libunwind-ptrace
# links against the sysroot through pkg-config, as the cross build's CMake
# finds them (tests/arm64/aarch64.cmake); once per sysroot
link_check() {
	local d=$WORK/linkcheck flags
	[[ -f $SYSROOT/.linkcheck ]] && return 0
	rm -rf "$d"
	mkdir -p "$d"
	cat >"$d/t.c" <<-'EOF'
		#include <gelf.h>
		#include <libunwind-ptrace.h>
		#include <lzma.h>
		#include <zlib.h>
		int main(void)
		{
			unw_addr_space_t as = unw_create_addr_space(&_UPT_accessors, 0);
			void *upt = _UPT_create(1);
			return elf_version(EV_CURRENT) == EV_NONE || !as || !upt ||
			       !zlibVersion() || !lzma_version_string();
		}
	EOF
	if ! flags=$(PKG_CONFIG_LIBDIR=$SYSROOT/usr/lib/aarch64-linux-gnu/pkgconfig:$SYSROOT/usr/share/pkgconfig \
		PKG_CONFIG_SYSROOT_DIR=$SYSROOT pkg-config --static --cflags --libs \
		libelf libunwind-ptrace libunwind-generic liblzma zlib 2>"$d/pc.log"); then
		cat "$d/pc.log" >&2
		die "pkg-config cannot find libelf/libunwind in the sysroot $SYSROOT"
	fi
	# shellcheck disable=SC2086 # pkg-config's flags, one word each
	if ! aarch64-linux-gnu-gcc -static -o "$d/t" "$d/t.c" $flags >"$d/ld.log" 2>&1; then
		cat "$d/ld.log" >&2
		die "static aarch64 link with libelf and libunwind-ptrace failed (flags: $flags)"
	fi
	# the same through CMake and this toolchain file, as a project that
	# uses pkg_check_modules(... IMPORTED_TARGET) gets it
	cat >"$d/CMakeLists.txt" <<-'EOF'
		cmake_minimum_required(VERSION 3.22)
		project(linkcheck C)
		find_package(PkgConfig REQUIRED)
		pkg_check_modules(ELF REQUIRED IMPORTED_TARGET libelf)
		pkg_check_modules(UNW REQUIRED IMPORTED_TARGET libunwind-ptrace libunwind-generic)
		find_package(ZLIB REQUIRED)
		add_executable(t-cmake t.c)
		target_link_libraries(t-cmake PkgConfig::ELF PkgConfig::UNW ZLIB::ZLIB)
	EOF
	if ! { cmake -S "$d" -B "$d/b" -DCMAKE_TOOLCHAIN_FILE="$SRC/tests/arm64/aarch64.cmake" \
		-DVMAVIEW_ARM64_SYSROOT="$SYSROOT" && cmake --build "$d/b"; } >"$d/cmake.log" 2>&1; then
		tail -30 "$d/cmake.log" >&2
		die "static aarch64 link with libelf and libunwind-ptrace through aarch64.cmake failed (log: $d/cmake.log)"
	fi
	if command -v file >/dev/null; then
		for f in "$d/t" "$d/b/t-cmake"; do
			file -b "$f" | grep -q 'ARM aarch64.*statically linked' ||
				die "the link check made no static aarch64 program: $(file -b "$f")"
		done
	fi
	echo "$flags" >"$SYSROOT/.linkcheck"
}

t=$(now)
sysroot
link_check
phase "sysroot ($sr_key)" "$t"
echo "arm64: static libelf + libunwind-ptrace link: $(cat "$SYSROOT/.linkcheck")"

# ----------------------------------------------------------- cross build
t=$(now)
src_key=$(
	cd "$SRC"
	{
		find CMakeLists.txt src include tests/CMakeLists.txt tests/tools \
			bench/CMakeLists.txt tests/arm64 -type f 2>/dev/null | LC_ALL=C sort |
			xargs sha256sum
		echo "$sr_key"
		aarch64-linux-gnu-gcc --version | head -1
	} | sha256sum | cut -c1-16
)
BIN=$CACHE/bin/$src_key
if [[ ! -f $BIN/initrd.gz ]]; then
	XB=$WORK/xbuild
	# a new sysroot or toolchain file: the cache holds the old library
	# paths and the linker flags of the first configure (*_INIT)
	xb_key="$SYSROOT $(cat "$SRC"/tests/arm64/aarch64*.cmake | sha256sum | cut -c1-16)"
	if [[ -f $XB/CMakeCache.txt && $(cat "$XB/.sysroot" 2>/dev/null) != "$xb_key" ]]; then
		rm -rf "$XB"
	fi
	mkdir -p "$XB"
	echo "$xb_key" >"$XB/.sysroot"
	CFLAGS_GUEST=(-std=gnu11 -O2 -g -Wall -Wextra -Wshadow -Wformat=2 -Wvla -Werror -static)
	if ! cmake -S "$SRC" -B "$XB" \
		-DCMAKE_TOOLCHAIN_FILE="$SRC/tests/arm64/aarch64.cmake" \
		-DVMAVIEW_ARM64_SYSROOT="$SYSROOT" -DVMAVIEW_WERROR=ON \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo >"$WORK/xbuild-configure.log" 2>&1; then
		cat "$WORK/xbuild-configure.log" >&2
		die "cross configure failed"
	fi
	if ! cmake --build "$XB" -j"$(nproc)" --target vmaview mapper snapdump \
		>"$WORK/xbuild.log" 2>&1; then
		grep -E 'error|warning' "$WORK/xbuild.log" | head -40 >&2 || tail -40 "$WORK/xbuild.log" >&2
		die "cross build failed (log: $WORK/xbuild.log)"
	fi
	rm -rf "$BIN.tmp"
	mkdir -p "$BIN.tmp/root"
	aarch64-linux-gnu-gcc "${CFLAGS_GUEST[@]}" -o "$BIN.tmp/root/init" \
		"$SRC"/tests/arm64/guest_*.c || die "cannot build /init (tests/arm64/guest_*.c)"
	cp "$XB/vmaview" "$BIN.tmp/root/vmaview"
	cp "$XB/tests/mapper" "$BIN.tmp/root/mapper"
	cp "$XB/tests/snapdump" "$BIN.tmp/root/snapdump"
	aarch64-linux-gnu-strip "$BIN.tmp/root/init" "$BIN.tmp/root/vmaview" "$BIN.tmp/root/snapdump"
	# the mapper keeps its .symtab: the elf check has translate name main
	aarch64-linux-gnu-strip --strip-debug "$BIN.tmp/root/mapper"
	if command -v file >/dev/null; then
		for f in "$BIN.tmp/root"/*; do
			file -b "$f" | grep -q 'ARM aarch64.*statically linked' ||
				die "$f is not a static aarch64 program: $(file -b "$f")"
		done
	fi
	(cd "$BIN.tmp/root" && find . | LC_ALL=C sort |
		cpio -o -H newc --owner=0:0 --quiet | gzip -6) >"$BIN.tmp/initrd.gz"
	rm -rf "$BIN"
	mv "$BIN.tmp" "$BIN"
	# keep the five newest builds
	# shellcheck disable=SC2012 # the names are hex digests
	ls -1dt "$CACHE"/bin/*/ | tail -n +6 | xargs -r rm -rf
	phase "cross build + initramfs (new)" "$t"
else
	touch "$BIN"
	phase "cross build + initramfs (cached)" "$t"
fi

# ------------------------------------------------------ Rock 5B+ device tree
rock_dtb() {
	local dtb=$WORK/rock5b-plus.dtb
	qemu-system-aarch64 "${QEMU_MACHINE[@]}" -nic none -display none \
		-machine dumpdtb="$WORK/virt.dtb" >"$WORK/dtb.log" 2>&1 ||
		die "cannot dump virt's device tree: $(cat "$WORK/dtb.log")"
	dtc -q -I dtb -O dts "$WORK/virt.dtb" -o "$WORK/virt.dts"
	# the root node's own properties are indented by one tab
	awk '
		/^\/ \{/ { root = 1 }
		root && /^\tcompatible = / { print "\tcompatible = \"radxa,rock-5b-plus\", \"rockchip,rk3588\";"; c++; next }
		root && /^\tmodel = / { print "\tmodel = \"Radxa ROCK 5B+\";"; m++; next }
		{ print }
		END { if (c != 1 || m != 1) exit 1 }
	' "$WORK/virt.dts" >"$WORK/rock5b-plus.dts" ||
		die "virt's device tree has no root compatible/model to replace"
	dtc -q -I dts -O dtb "$WORK/rock5b-plus.dts" -o "$dtb"
	echo "$dtb"
}

# ------------------------------------------------------------------ boots
# expect CONFIG: "page va levels kver" of the kernel as it runs on QEMU_MACHINE
expect() {
	awk '
		/^# Linux\/arm64 [0-9]+\.[0-9]+/ { split($3, v, "."); kver = v[1] "." v[2] }
		/^CONFIG_ARM64_4K_PAGES=y/ { shift = 12 }
		/^CONFIG_ARM64_16K_PAGES=y/ { shift = 14 }
		/^CONFIG_ARM64_64K_PAGES=y/ { shift = 16 }
		/^CONFIG_ARM64_VA_BITS=/ { split($0, a, "="); va = a[2] }
		END {
			# no LPA2/LVA on cortex-a76: VA_BITS_MIN (memory.h)
			if (va > 48) va = shift == 14 ? 47 : 48
			per = shift - 3
			levels = int((va - shift + per - 1) / per)
			printf "%d %d %d %s\n", 2 ^ shift, va, levels, kver
		}' "$1"
}

boot() { # NAME: boots, leaves $WORK/NAME.{log,time,result}
	local b=$1 kdir=${KDIR[${META[$1]}]} page va levels kver dtb=() t0 t1 fix=
	read -r page va levels kver < <(expect "$kdir/config")
	if [[ -n ${BOARD[$b]:-} ]]; then dtb=(-dtb "$ROCK_DTB"); fi
	if [[ -n $FIXTURE && $b == rock5b-plus ]]; then fix=" vv.fixture=1"; fi
	t0=$(now)
	timeout "$BOOT_TIMEOUT" qemu-system-aarch64 "${QEMU_MACHINE[@]}" "${dtb[@]}" \
		-nographic -no-reboot -nic none \
		-kernel "$kdir/vmlinuz" -initrd "$BIN/initrd.gz" \
		-append "console=ttyAMA0 panic=-1 rdinit=/init quiet vv.page=$page vv.va=$va vv.levels=$levels vv.kver=$kver vv.board=${BOARD[$b]:-virt}$fix" \
		</dev/null >"$WORK/$b.log" 2>&1 || true
	t1=$(now)
	tr -d '\r' <"$WORK/$b.log" >"$WORK/$b.log.tmp" && mv "$WORK/$b.log.tmp" "$WORK/$b.log"
	secs "$t0" "$t1" >"$WORK/$b.time"
	grep -a -m1 '^VMAVIEW-ARM64: ' "$WORK/$b.log" >"$WORK/$b.result" ||
		echo "VMAVIEW-ARM64: no marker (timeout ${BOOT_TIMEOUT} s or crash)" >"$WORK/$b.result"
}

ROCK_DTB=
for b in $BOOTS; do
	if [[ -n ${BOARD[$b]:-} ]]; then ROCK_DTB=$(rock_dtb) || exit 1; fi
done
rm -f "$WORK"/*.result "$WORK"/*.time "$WORK/timings.tmp"
t=$(now)
running=0
for b in $BOOTS; do
	boot "$b" &
	running=$((running + 1))
	if ((running >= JOBS)); then
		wait -n || true
		running=$((running - 1))
	fi
done
wait
phase "boots ($JOBS at a time)" "$t"

status=0
echo
for b in $BOOTS; do
	r=$(cat "$WORK/$b.result")
	up=$(sed -n 's/^VV INFO uptime: \/init at \([0-9.]*\) s, mappers ready at [0-9.]* s, checks done at \([0-9.]*\) s$/\1 \2/p' "$WORK/$b.log")
	[[ -n $up ]] && up=$(awk -v a="${up% *}" -v b="${up#* }" 'BEGIN { printf "(/init at %.1f s, checks %.1f s)", a, b - a }')
	printf 'arm64: %-12s %-27s %5s s %-32s %s\n' "$b" \
		"$(basename "${KDIR[${META[$b]}]}" | sed 's/^linux-image-//; s/_.*//')" \
		"$(cat "$WORK/$b.time")" "$up" "${r#VMAVIEW-ARM64: }" | tee -a "$WORK/timings.tmp"
	[[ $r == "VMAVIEW-ARM64: PASS "* ]] || status=1
done
# this run's per-boot wall times, for the record (qemu start to power-off)
mv "$WORK/timings.tmp" "$WORK/timings"
for b in $BOOTS; do
	echo "---- $b ($WORK/$b.log)"
	if grep -aq '^VMAVIEW-ARM64: ' "$WORK/$b.log"; then
		grep -a '^VV ' "$WORK/$b.log" || true
	else
		tail -40 "$WORK/$b.log"
	fi
done

# ------------------------------------------------------------ the fixture
# fixture LOG: the VVFIX-BEGIN/END blocks of LOG replace $FIXTURE_DIR's files
fixture() {
	local tmp=$FIXTURE_DIR.tmp
	rm -rf "$tmp"
	mkdir -p "$tmp"
	awk -v dir="$tmp" '
		/^VVFIX-BEGIN / { f = dir "/" $2; printf "" > f; n++; next }
		/^VVFIX-END / { close(f); f = ""; next }
		f != "" { print > f }
		END { exit n < 3 }
	' "$1" || { rm -rf "$tmp"; return 1; }
	[[ -f $FIXTURE_DIR/README ]] && cp "$FIXTURE_DIR/README" "$tmp/"
	rm -rf "$FIXTURE_DIR"
	mv "$tmp" "$FIXTURE_DIR"
	echo "arm64: fixture: $(find "$FIXTURE_DIR" -type f | wc -l) files in $FIXTURE_DIR ($(du -sh "$FIXTURE_DIR" | cut -f1))"
}
if [[ -n $FIXTURE ]]; then
	if [[ $(cat "$WORK/rock5b-plus.result") != "VMAVIEW-ARM64: PASS "* ]]; then
		echo "arm64: fixture: not refreshed (the rock5b-plus boot did not pass)"
		status=1
	elif ! fixture "$WORK/rock5b-plus.log"; then
		echo "arm64: fixture: no VVFIX blocks in $WORK/rock5b-plus.log"
		status=1
	fi
fi
phase "total" "$T_START"
exit "$status"
