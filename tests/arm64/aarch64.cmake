# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - tests/arm64/aarch64.cmake: CMake toolchain file for static aarch64 builds
#
# Cross-compiles with Debian's gcc-aarch64-linux-gnu (libc from
# libc6-dev-arm64-cross in /usr/aarch64-linux-gnu) and links everything
# statically. Libraries that are not part of libc (zlib, libelf,
# libunwind, liblzma) come from Debian's arm64 packages unpacked with
# dpkg -x into VMAVIEW_ARM64_SYSROOT (no multiarch), found by find_package
# and by pkg-config (pkg_check_modules) there:
#
#   cmake -S . -B DIR -DCMAKE_TOOLCHAIN_FILE=tests/arm64/aarch64.cmake \
#         -DVMAVIEW_ARM64_SYSROOT=/var/cache/vmaview-arm64/sysroot-...
#
# tests/arm64/run.sh builds the sysroot and drives this.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

# try_compile projects re-read this file: hand them the sysroot too
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES VMAVIEW_ARM64_SYSROOT)
if(NOT VMAVIEW_ARM64_SYSROOT AND DEFINED ENV{VMAVIEW_ARM64_SYSROOT})
  set(VMAVIEW_ARM64_SYSROOT "$ENV{VMAVIEW_ARM64_SYSROOT}")
endif()

# Libraries and headers only from the cross libc and the sysroot; programs
# (pkg-config, scdoc, ...) from the host.
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu ${VMAVIEW_ARM64_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Static: find_library picks lib*.a (here and, as project() resets it,
# after each project() call), and the link is -static.
set(CMAKE_FIND_LIBRARY_SUFFIXES .a)
set(CMAKE_PROJECT_INCLUDE ${CMAKE_CURRENT_LIST_DIR}/aarch64-static.cmake)
# --eh-frame-hdr: gcc leaves PT_GNU_EH_FRAME out of static links, and
# libunwind's remote unwinder (--stacks in the guest) finds the unwind
# tables of the target's code through it
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -Wl,--eh-frame-hdr")
if(VMAVIEW_ARM64_SYSROOT)
  set(CMAKE_C_FLAGS_INIT
      "-isystem ${VMAVIEW_ARM64_SYSROOT}/usr/include -isystem ${VMAVIEW_ARM64_SYSROOT}/usr/include/aarch64-linux-gnu")
  set(CMAKE_EXE_LINKER_FLAGS_INIT
      "-static -Wl,--eh-frame-hdr -L${VMAVIEW_ARM64_SYSROOT}/usr/lib/aarch64-linux-gnu -L${VMAVIEW_ARM64_SYSROOT}/lib/aarch64-linux-gnu")
  # pkg_check_modules() reads the sysroot's .pc files only (libelf,
  # libunwind, liblzma, zlib), with their paths under the sysroot, and
  # asks for the static link's libraries too (Libs.private: libelf needs
  # zlib, libunwind liblzma).
  set(ENV{PKG_CONFIG_LIBDIR}
      "${VMAVIEW_ARM64_SYSROOT}/usr/lib/aarch64-linux-gnu/pkgconfig:${VMAVIEW_ARM64_SYSROOT}/usr/share/pkgconfig")
  set(ENV{PKG_CONFIG_SYSROOT_DIR} "${VMAVIEW_ARM64_SYSROOT}")
  set(PKG_CONFIG_ARGN --static)
endif()
