#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - scripts/quickstart.sh: install deps, build, show a live process's memory map
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh build
# A live process: a sleeper this script starts, shown and then stopped.
sleep 30 &
target=$!
trap 'kill $target 2>/dev/null || true' EXIT
./build/vmaview "$target"
