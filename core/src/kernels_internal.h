/* kernels_internal.h: what the per-ISA kernel files share and nothing more:
 * the tables they export to dispatch.c and helpers whose operation order is
 * part of the kernel contracts. Not installed; not for users. */
#ifndef HT_KERNELS_INTERNAL_H
#define HT_KERNELS_INTERNAL_H

#include "ht_kernels.h"

extern const ht_kernels ht__kernels_scalar;
#if defined(__x86_64__) || defined(__i386__)
extern const ht_kernels ht__kernels_sse2;
extern const ht_kernels ht__kernels_avx2;
extern const ht_kernels ht__kernels_avx512;
#define HT__HAVE_X86 1
#endif

/* The fixed 16 -> 1 tree of ht_kernels.h; modifies a. */
float ht__lanes_reduce(float a[HT_LANES]);

/* Softmax from an ISA's exp and 16-lane sum: the max scan and the division
 * are exact IEEE operations, identical in every ISA, so only exp and sum
 * need per-ISA code. */
void ht__softmax_with(float *p, const float *x, size_t n, ht_unary_fn exp_fn,
                      ht_sum_fn sum_fn);

#endif
