# Cross build for riscv64 Linux with clang (>= 17: the RVV 1.0 intrinsics of
# core/src/kernels_rvv.c) targeting riscv64-linux-gnu, linking against
# Debian's GNU cross C library, run under qemu-user. Needs the Debian
# packages clang-19, gcc-riscv64-linux-gnu (crt files, libgcc and the
# linker clang drives), libc6-dev-riscv64-cross and qemu-user.
#
#   cmake -S . -B build/riscv64 -G Ninja \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/riscv64-linux-gnu-clang.cmake \
#     -DTOCK_BUILD_PARITY=OFF
#
# The library itself is built for rv64gc; only kernels_rvv.c gets
# -march=rv64gcv (core/CMakeLists.txt), so the binaries run on CPUs without V.
# qemu's default riscv64 CPU has no V extension: set TOCK_QEMU_CPU (e.g.
# rv64,v=true,vlen=256,vext_spec=v1.0) or QEMU_CPU at run time to test RVV.
# TOCK_CLANG names the compiler (default: the newest clang-NN >= 17 found).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR riscv64)
set(TOCK_CROSS_TRIPLE riscv64-linux-gnu)
if(NOT TOCK_CLANG)
  find_program(TOCK_CLANG NAMES clang-21 clang-20 clang-19 clang-18 clang-17 clang)
endif()
set(CMAKE_C_COMPILER ${TOCK_CLANG})
set(CMAKE_C_COMPILER_TARGET ${TOCK_CROSS_TRIPLE})
set(CMAKE_C_FLAGS_INIT "-march=rv64gc")
include(${CMAKE_CURRENT_LIST_DIR}/tock-cross-common.cmake)
tock_cross_emulator(qemu-riscv64)
