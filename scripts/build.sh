#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - scripts/build.sh: configure and build into DIR (default build/) with extra cmake args
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
shift || true
cmake -S . -B "$dir" -DVMAVIEW_WERROR=ON "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)"
