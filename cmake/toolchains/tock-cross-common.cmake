# Shared part of the toolchain files in this folder (not a toolchain file).
# Expects TOCK_CROSS_TRIPLE (e.g. aarch64-linux-gnu).
#
# Libraries and headers come from the target's Debian multiarch and cross
# directories only, and pkg-config sees only the target's .pc files: a
# cross build must never pick up the host's libjansson or libxxhash.
# Optional dependencies then simply are not found (tools/report leaves
# tock-report out without jansson); TOCK_BUILD_PARITY=OFF skips the parity
# runner, whose libxxhash is required.
# (i386 has no /usr/i386-linux-gnu: gcc -m32 finds /usr/lib32 by itself.)
if(EXISTS /usr/${TOCK_CROSS_TRIPLE})
  set(CMAKE_FIND_ROOT_PATH /usr/${TOCK_CROSS_TRIPLE})
  set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
  set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
  set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
  set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
endif()
set(ENV{PKG_CONFIG_LIBDIR}
    "/usr/lib/${TOCK_CROSS_TRIPLE}/pkgconfig:/usr/${TOCK_CROSS_TRIPLE}/lib/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# tock_cross_emulator(<qemu-user binary>): run target programs through qemu
# with the target's C library (-L), on the CPU TOCK_QEMU_CPU when set.
function(tock_cross_emulator qemu)
  set(TOCK_QEMU_CPU "" CACHE STRING "qemu -cpu value for running target programs (empty: qemu's default, or QEMU_CPU at run time)")
  find_program(TOCK_QEMU_${qemu} ${qemu})
  if(NOT TOCK_QEMU_${qemu})
    message(WARNING "${qemu} not found (Debian package qemu-user): the target's test "
                    "programs cannot run on this host")
    return()
  endif()
  set(_emu ${TOCK_QEMU_${qemu}} -L /usr/${TOCK_CROSS_TRIPLE})
  if(TOCK_QEMU_CPU)
    list(APPEND _emu -cpu ${TOCK_QEMU_CPU})
  endif()
  set(CMAKE_CROSSCOMPILING_EMULATOR ${_emu} CACHE FILEPATH "Emulator for target programs" FORCE)
endfunction()
