# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - tests/arm64/aarch64-static.cmake: after project(): find_library() takes static archives only
#
# Included after every project() call by tests/arm64/aarch64.cmake
# (CMAKE_PROJECT_INCLUDE): the platform files that project() loads set
# CMAKE_FIND_LIBRARY_SUFFIXES back to ".so;.a", so a toolchain file's own
# setting does not last. pkg_check_modules(... IMPORTED_TARGET) resolves
# each -lNAME with find_library(): this makes it libNAME.a.
set(CMAKE_FIND_LIBRARY_SUFFIXES .a)
