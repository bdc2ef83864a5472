#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - scripts/install-deps.sh: install what building and testing need (Debian 12, root)
set -euo pipefail

# What each package is for: build (gcc cmake pkg-config
# scdoc; zlib1g-dev reads /proc/config.gz for the page-table layout;
# libelf-dev labels VMAs with ELF segments and sections), unit tests (libcmocka-dev), CLI tests (bats bats-support
# bats-assert bats-file jq), completion tests (bash-completion zsh fish
# shellcheck), man lint (groff-base mandoc), pmap and setpriv for the live
# tests (procps util-linux), strace (the --stacks tests check which ptrace
# calls are made), libunwind-dev unwinds threads for --stacks, readelf and nm for the ELF tests (binutils),
# benchmarks (hyperfine time; smem for bench/many.sh), map --svg tests
# (libxml2-utils: xmllint; librsvg2-bin: rsvg-convert; netpbm: pngtopnm, ppmhist),
# fuzzing with libFuzzer (clang libclang-rt-14-dev: scripts/fuzz.sh), the
# .deb's chroot test (debootstrap: scripts/deb-chroot-test.sh).
PKGS=(build-essential cmake pkg-config zlib1g-dev libelf-dev libunwind-dev libcmocka-dev scdoc
      bats bats-support bats-assert bats-file jq bash-completion zsh fish
      shellcheck groff-base mandoc procps util-linux strace hyperfine time
      binutils libxml2-utils librsvg2-bin netpbm smem
      clang libclang-rt-14-dev debootstrap)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
if ((${#missing[@]})); then
	if [[ $(id -u) -ne 0 ]]; then
		echo "install-deps: need root to install: ${missing[*]}" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
