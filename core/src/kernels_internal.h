/* kernels_internal.h: what the per-ISA kernel files share and nothing more:
 * the tables they export to dispatch.c and helpers whose operation order is
 * part of the kernel contracts. Not installed; not for users. */
#ifndef HT_KERNELS_INTERNAL_H
#define HT_KERNELS_INTERNAL_H

#include "ht_kernels.h"

/* HT__IF_ARCH_<arch>(yes, no): yes when this build compiles the tables of
 * HT_ISA_LIST's arch column <arch>, else no. core/CMakeLists.txt compiles
 * the same rows' files (its ht_isa_row arch column, checked against
 * HT_ISA_LIST at configure time): X86 on x86-64 and i386, ARM64 on aarch64,
 * RISCV64_CLANG on riscv64 when the compiler is clang >= 17. */
#define HT__IF_ARCH_ANY(yes, no) yes
#if defined(__x86_64__) || defined(__i386__)
#define HT__HAVE_X86 1
#define HT__IF_ARCH_X86(yes, no) yes
#else
#define HT__IF_ARCH_X86(yes, no) no
#endif
#if defined(__aarch64__)
#define HT__HAVE_ARM64 1
#define HT__IF_ARCH_ARM64(yes, no) yes
#else
#define HT__IF_ARCH_ARM64(yes, no) no
#endif
#if defined(__riscv) && __riscv_xlen == 64 && defined(__clang__) && __clang_major__ >= 17
#define HT__HAVE_RISCV64_CLANG 1
#define HT__IF_ARCH_RISCV64_CLANG(yes, no) yes
#else
#define HT__IF_ARCH_RISCV64_CLANG(yes, no) no
#endif

/* CPU checks of the ARM64 and RISCV64 rows (evaluated in dispatch.c only):
 * the kernel's AT_HWCAP bits. glibc's <sys/auxv.h> brings the aarch64 names;
 * the fallbacks are the Linux UAPI values. RISC-V sets bit ('X' - 'A') for
 * each single-letter extension X. */
#if defined(__aarch64__) || defined(__riscv)
#include <sys/auxv.h>
#define HT__HWCAP_HAS(bit) ((getauxval(AT_HWCAP) & (unsigned long)(bit)) != 0)
#ifndef HWCAP_ASIMD
#define HWCAP_ASIMD (1UL << 1)
#endif
#ifndef HWCAP_SVE
#define HWCAP_SVE (1UL << 22)
#endif
#define HT__HWCAP_RISCV_V (1UL << ('V' - 'A'))
#endif

/* One table per ISA row whose architecture this build compiles:
 * ht__kernels_scalar, ht__kernels_sse2, ... */
#define HT__ISA_EXTERN(id, name, arch, cpu)                                                        \
    HT__IF_ARCH_##arch(extern const ht_kernels ht__kernels_##name;, )
HT_ISA_LIST(HT__ISA_EXTERN)
#undef HT__ISA_EXTERN

/* The fixed 16 -> 1 tree of ht_kernels.h; modifies a. The vector-length
 * agnostic tables (SVE, RVV) store their 16 lanes and call it, so the tree is
 * literally the scalar one for every vector length. */
float ht__lanes_reduce(float a[HT_LANES]);

/* Softmax from an ISA's exp and 16-lane sum: the max scan and the division
 * are exact IEEE operations, identical in every ISA, so only exp and sum
 * need per-ISA code. */
void ht__softmax_with(float *p, const float *x, size_t n, ht_unary_fn exp_fn, ht_sum_fn sum_fn);

#endif
