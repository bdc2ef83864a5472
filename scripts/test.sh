#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - scripts/test.sh: install deps, build, run the whole suite (ASan+UBSan build last)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh build
(cd build && ctest --output-on-failure -j2)
bash scripts/build.sh build-asan -DVMAVIEW_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
cd build-asan
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --output-on-failure -j2
