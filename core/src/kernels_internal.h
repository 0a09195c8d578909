/* kernels_internal.h: what the per-ISA kernel files share and nothing more:
 * the tables they export to dispatch.c and helpers whose operation order is
 * part of the kernel contracts. Not installed; not for users. */
#ifndef HT_KERNELS_INTERNAL_H
#define HT_KERNELS_INTERNAL_H

#include "ht_kernels.h"

/* HT__IF_ARCH_<arch>(yes, no): yes when this build compiles the tables of
 * HT_ISA_LIST's arch column <arch>, else no. core/CMakeLists.txt compiles
 * the X86 rows' files on x86-64 only. */
#define HT__IF_ARCH_ANY(yes, no) yes
#if defined(__x86_64__) || defined(__i386__)
#define HT__HAVE_X86 1
#define HT__IF_ARCH_X86(yes, no) yes
#else
#define HT__IF_ARCH_X86(yes, no) no
#endif

/* One table per ISA row whose architecture this build compiles:
 * ht__kernels_scalar, ht__kernels_sse2, ... */
#define HT__ISA_EXTERN(id, name, arch, cpu) \
  HT__IF_ARCH_##arch(extern const ht_kernels ht__kernels_##name;, )
HT_ISA_LIST(HT__ISA_EXTERN)
#undef HT__ISA_EXTERN

/* The fixed 16 -> 1 tree of ht_kernels.h; modifies a. */
float ht__lanes_reduce(float a[HT_LANES]);

/* Softmax from an ISA's exp and 16-lane sum: the max scan and the division
 * are exact IEEE operations, identical in every ISA, so only exp and sum
 * need per-ISA code. */
void ht__softmax_with(float *p, const float *x, size_t n, ht_unary_fn exp_fn,
                      ht_sum_fn sum_fn);

#endif
