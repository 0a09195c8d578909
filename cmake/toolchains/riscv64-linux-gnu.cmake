# Cross build for riscv64 Linux with Debian's GNU cross toolchain (GCC 12),
# run under qemu-user. GCC 12 has no RVV intrinsics, so this build has the
# scalar table only: core/CMakeLists.txt leaves the rvv row out and says so
# ("core: ISA row rvv left out: ..."). Use riscv64-linux-gnu-clang.cmake for
# RVV. Needs gcc-riscv64-linux-gnu, libc6-dev-riscv64-cross and qemu-user.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR riscv64)
set(TOCK_CROSS_TRIPLE riscv64-linux-gnu)
# TOCK_CROSS_CC: another GCC for the same target (tock-parity passes the one
# it resolved; default ${TOCK_CROSS_TRIPLE}-gcc).
if(TOCK_CROSS_CC)
  set(CMAKE_C_COMPILER ${TOCK_CROSS_CC})
else()
  set(CMAKE_C_COMPILER ${TOCK_CROSS_TRIPLE}-gcc)
endif()
include(${CMAKE_CURRENT_LIST_DIR}/tock-cross-common.cmake)
tock_cross_emulator(qemu-riscv64)
