# Cross build for aarch64 Linux with clang (--target=aarch64-linux-gnu),
# linking against Debian's GNU cross C library, run under qemu-user: the
# clang half of tock-parity's aarch64 matrix. Needs the Debian packages
# clang-19, gcc-aarch64-linux-gnu (crt files, libgcc and the linker clang
# drives), libc6-dev-arm64-cross and qemu-user. TOCK_CLANG names the
# compiler (default: the newest clang-NN >= 17 found).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(TOCK_CROSS_TRIPLE aarch64-linux-gnu)
if(NOT TOCK_CLANG)
  find_program(TOCK_CLANG NAMES clang-21 clang-20 clang-19 clang-18 clang-17 clang)
endif()
set(CMAKE_C_COMPILER ${TOCK_CLANG})
set(CMAKE_C_COMPILER_TARGET ${TOCK_CROSS_TRIPLE})
include(${CMAKE_CURRENT_LIST_DIR}/tock-cross-common.cmake)
tock_cross_emulator(qemu-aarch64)
