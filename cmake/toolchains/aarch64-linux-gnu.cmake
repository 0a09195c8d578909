# Cross build for aarch64 Linux with Debian's GNU cross toolchain, run under
# qemu-user. Needs the Debian packages gcc-aarch64-linux-gnu,
# libc6-dev-arm64-cross and qemu-user (tools/deps.sh test installs them).
#
#   cmake -S . -B build/aarch64 -G Ninja \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake \
#     -DTOCK_BUILD_PARITY=OFF
#   ninja -C build/aarch64 && ctest --test-dir build/aarch64 -R core
#
# ctest runs the test programs through CMAKE_CROSSCOMPILING_EMULATOR. The
# emulated CPU is TOCK_QEMU_CPU when set (e.g. max,sve256=on for 256-bit SVE,
# neoverse-n1 for NEON without SVE); otherwise qemu's default ("max": NEON
# and SVE at qemu's default vector length) or the QEMU_CPU environment
# variable at run time, which is how tests/cross varies the vector length
# without reconfiguring.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(TOCK_CROSS_TRIPLE aarch64-linux-gnu)
# TOCK_CROSS_CC: another GCC for the same target (tock-parity passes the one
# it resolved; default ${TOCK_CROSS_TRIPLE}-gcc).
if(TOCK_CROSS_CC)
  set(CMAKE_C_COMPILER ${TOCK_CROSS_CC})
else()
  set(CMAKE_C_COMPILER ${TOCK_CROSS_TRIPLE}-gcc)
endif()
include(${CMAKE_CURRENT_LIST_DIR}/tock-cross-common.cmake)
tock_cross_emulator(qemu-aarch64)
