/* ht_isa.h: which instruction-set path the kernels run, and how it is chosen.
 * The scalar path is always built and always selectable. */
#ifndef HT_ISA_H
#define HT_ISA_H

#include <stdbool.h>

/* The ISA list: one row X(ID, name, arch, cpu) per path, in order of
 * preference (ht_isa_best picks the last one the CPU runs; scalar must stay
 * the first row, value 0). Generated from it: the ht_isa enum below, and in
 * core/src/dispatch.c the names, the table array and ht_isa_cpu_supports.
 *   ID    the enum constant HT_ISA_<ID>;
 *   name  ht_isa_name's string and the -DTOCK_ISA=<name> value, and the
 *         table ht__kernels_<name> that core/src/kernels_<name>.c defines. An
 *         identifier (it is pasted and stringified) that is not a macro;
 *   arch  the builds that compile that table (core/src/kernels_internal.h
 *         HT__IF_ARCH_<arch>): ANY; X86 (x86-64 and i386); ARM64 (aarch64);
 *         RISCV64_CLANG (riscv64 built by clang >= 17, the first compiler
 *         with the RVV 1.0 intrinsics: GCC 12 has none, and
 *         core/CMakeLists.txt leaves the row out, with a message, for any
 *         other compiler);
 *   cpu   true when the running CPU can run the path; evaluated in
 *         dispatch.c only, and only where arch matches (the tokens are
 *         dropped elsewhere, so they may name architecture-only macros:
 *         HT__HWCAP_HAS reads getauxval(AT_HWCAP) on aarch64 and riscv64).
 * Adding an ISA is a row here, a row in core/CMakeLists.txt (its source file
 * and compile flags; configuring fails when the two lists' names differ) and
 * the file core/src/kernels_<name>.c. */
#define HT_ISA_LIST(X)                                                                             \
    X(SCALAR, scalar, ANY, true)                                                                   \
    X(SSE2, sse2, X86, __builtin_cpu_supports("sse2"))                                             \
    X(AVX2, avx2, X86, __builtin_cpu_supports("avx2"))                                             \
    /* The AVX-512 file uses F and DQ instructions only. */                                        \
    X(AVX512, avx512, X86,                                                                         \
      __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq"))                     \
    X(NEON, neon, ARM64, HT__HWCAP_HAS(HWCAP_ASIMD))                                               \
    /* Vector-length agnostic: the same results for every SVE length. */                           \
    X(SVE, sve, ARM64, HT__HWCAP_HAS(HWCAP_SVE))                                                   \
    /* RVV 1.0, vector-length agnostic ("V" implies VLEN >= 128). */                               \
    X(RVV, rvv, RISCV64_CLANG, HT__HWCAP_HAS(HT__HWCAP_RISCV_V))

typedef enum {
#define HT__ISA_ENUM(id, name, arch, cpu) HT_ISA_##id,
    HT_ISA_LIST(HT__ISA_ENUM)
#undef HT__ISA_ENUM
        HT_ISA_COUNT
} ht_isa;

/* "scalar", "sse2", "avx2", "avx512", "neon", "sve", "rvv": the name column
 * of HT_ISA_LIST. */
const char *ht_isa_name(ht_isa isa);
/* Parse a name as above; returns 0 and sets *out, or HT_ERANGE. */
int ht_isa_parse(const char *name, ht_isa *out);
/* True when this build has the path's table: the rows of this architecture
 * (neon, sve and rvv exist only in aarch64 and riscv64 builds). */
bool ht_isa_compiled(ht_isa isa);
/* True when this CPU can run the path (always true for scalar). */
bool ht_isa_cpu_supports(ht_isa isa);
/* The best path the CPU supports. */
ht_isa ht_isa_best(void);
/* The ISA the build was pinned to with -DTOCK_ISA=..., or -1 for "auto". */
int ht_isa_forced(void);
/* The path the library uses now: the forced one, else the best one, unless
 * ht_isa_select changed it. */
ht_isa ht_isa_active(void);
/* Switch every kernel to another path (tests and the parity runner use this).
 * HT_EISA if the CPU lacks it; HT_ERANGE if the build is pinned to another ISA. */
int ht_isa_select(ht_isa isa);

#endif
