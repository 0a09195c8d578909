# tests/core/kernels.cmake: the kernel tests, included from
# tests/core/CMakeLists.txt.
#   core.kernels_parity: every SIMD table this CPU runs returns the scalar
#     table's bits (prints "checked: <isa>" or "SKIPPED: <isa> (...)").
#   core.math_ulp: ht_math.h's exp/tanh/sigmoid/log within 2 ULP of binary64
#     libm on the kernels' ranges (strided sweep; TOCK_ULP_STRIDE=1 sweeps
#     every float, which takes minutes), plus exact special values.
# Both are fast enough for the sanitizer phase (parity ~0.2 s; ULP ~3 s at -O2).

add_executable(test_kernels_parity ${CMAKE_CURRENT_SOURCE_DIR}/test_kernels_parity.c)
target_include_directories(test_kernels_parity PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(test_kernels_parity PRIVATE ht m)
add_test(NAME core.kernels_parity COMMAND test_kernels_parity)
set_tests_properties(core.kernels_parity PROPERTIES LABELS "core;kernels" TIMEOUT 120)

add_executable(test_math_ulp ${CMAKE_CURRENT_SOURCE_DIR}/test_math_ulp.c)
target_include_directories(test_math_ulp PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(test_math_ulp PRIVATE ht m)
add_test(NAME core.math_ulp COMMAND test_math_ulp)
set_tests_properties(core.math_ulp PROPERTIES LABELS "core;kernels" TIMEOUT 300)

# core.kernel_hashes: one hash per kernel over fixed inputs, equal for every
# table this build and CPU run (NaNs hashed as one canonical NaN). tests/cross
# compares this program's output under qemu (aarch64, riscv64) and -m32
# (i386) with the native x86-64 output: the cross-architecture evidence.
add_executable(test_kernel_hashes ${CMAKE_CURRENT_SOURCE_DIR}/kernel_hashes.c)
target_link_libraries(test_kernel_hashes PRIVATE ht m)
target_compile_definitions(test_kernel_hashes PRIVATE _POSIX_C_SOURCE=200809L)
add_test(NAME core.kernel_hashes COMMAND test_kernel_hashes)
set_tests_properties(core.kernel_hashes PROPERTIES LABELS "core;kernels" TIMEOUT 120)
