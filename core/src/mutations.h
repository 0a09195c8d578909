/* mutations.h: test-only faults that the parity runner must catch
 * (tests/parity, `tock-parity --mutation NAME`). -DTOCK_MUTATION=<name>
 * defines HT_MUTATION_<NAME> for the ht library (core/CMakeLists.txt); each
 * one breaks bit parity in one known place, and tock-parity must report it
 * with the right case, build, thread count, step, index and class. With no
 * mutation defined every hook expands to nothing (HT_MUTATE_TABLE(t) is just
 * t), so real builds pay nothing. Never define one in a build whose results
 * matter, and never let a mutation change anything but the kernel table or
 * the one recorded thread count.
 *
 * The mutations:
 *   ulp      AVX2 matvec_panels adds 1 ULP to output 5 of its first panel.
 *   hsum     SSE2 sum and dot reduce their 16 lanes with an adjacent-pairs
 *            tree (a[2k] + a[2k+1]) instead of the contract's halving tree.
 *   threads  every ISA's dot cuts its terms into as many 16-aligned blocks
 *            as the trainer has threads and adds the block sums in order: a
 *            reduction whose order depends on the thread count.
 *   fma      needs no source: tock-parity compiles kernels_avx2.c with
 *            -mfma -ffp-contract=fast (parity/mutation/fma-cc.sh).
 *
 * Hooks the library calls (the only lines outside this file):
 *   dispatch.c  #define HT_MUTATIONS_IMPLEMENTATION, then #include "mutations.h";
 *               ht_kernels_active and ht_kernels_for return
 *               HT_MUTATE_TABLE(<the table they return now>).
 *   trainer.c   #include "mutations.h"; HT_MUTATION_NOTE_THREADS(n) in
 *               ht_trainer_set_threads once n is accepted. */
#ifndef HT_MUTATIONS_H
#define HT_MUTATIONS_H

#if defined(HT_MUTATION_ULP) || defined(HT_MUTATION_HSUM) || defined(HT_MUTATION_THREADS)
#define HT__MUTATING 1
#endif

#ifndef HT__MUTATING

#define HT_MUTATE_TABLE(t) (t)
#define HT_MUTATION_NOTE_THREADS(n) ((void)(n))

#else /* HT__MUTATING */

#include "ht_kernels.h"

const ht_kernels *ht__mutate_table(const ht_kernels *t);
void ht__mutation_note_threads(unsigned n);
#define HT_MUTATE_TABLE(t) ht__mutate_table(t)
#define HT_MUTATION_NOTE_THREADS(n) ht__mutation_note_threads(n)

#ifdef HT_MUTATIONS_IMPLEMENTATION
#include <pthread.h>
#include <stdatomic.h>

#include "ht_math.h"
#include "kernels_internal.h"

/* The thread count of the last ht_trainer_set_threads call. Global on
 * purpose: the fault is a reduction that depends on it. */
static _Atomic unsigned ht__mut_threads = 1;

void ht__mutation_note_threads(unsigned n) { atomic_store(&ht__mut_threads, n); }

/* Copies of the real tables with the faulty entries swapped in, built once
 * (pthread_once: kernels may be looked up from several threads). */
static ht_kernels ht__mut_tables[HT_ISA_COUNT];
static pthread_once_t ht__mut_once = PTHREAD_ONCE_INIT;

#if defined(HT_MUTATION_ULP) && defined(HT__HAVE_X86)
static void ht__mut_matvec_ulp(float *y, const float *w, size_t pstride, const float *x,
                               size_t n_in, size_t n_panels) {
  ht__kernels_avx2.matvec_panels(y, w, pstride, x, n_in, n_panels);
  if (n_panels == 0) return;
  uint32_t u = ht_f32_bits(y[5]);
  if ((u & 0x7fffffffu) < 0x7f7fffffu) y[5] = ht_bits_f32(u + 1); /* |y| up 1 ULP */
}
#endif

#ifdef HT_MUTATION_HSUM
static float ht__mut_pairs(float a[HT_LANES]) {
  for (size_t w = HT_LANES / 2; w >= 1; w /= 2)
    for (size_t k = 0; k < w; k++) a[k] = a[2 * k] + a[2 * k + 1];
  return a[0];
}
static float ht__mut_sum_hsum(const float *x, size_t n) {
  float acc[HT_LANES] = {0};
  for (size_t i = 0; i < n; i++) acc[i % HT_LANES] = acc[i % HT_LANES] + x[i];
  return ht__mut_pairs(acc);
}
static float ht__mut_dot_hsum(const float *a, const float *b, size_t n) {
  float acc[HT_LANES] = {0};
  for (size_t i = 0; i < n; i++) acc[i % HT_LANES] = acc[i % HT_LANES] + a[i] * b[i];
  return ht__mut_pairs(acc);
}
#endif

#ifdef HT_MUTATION_THREADS
static float ht__mut_dot_split(ht_dot_fn dot, const float *a, const float *b, size_t n) {
  unsigned t = atomic_load(&ht__mut_threads);
  if (t <= 1) return dot(a, b, n);
  size_t block = (n + t - 1) / t;
  block = (block + HT_LANES - 1) / HT_LANES * HT_LANES;
  float s = 0.0f;
  for (size_t i = 0; i < n; i += block) s = s + dot(a + i, b + i, n - i < block ? n - i : block);
  return s;
}
#define HT__MUT_DOT_SPLIT(isa)                                                   \
  static float ht__mut_dot_split_##isa(const float *a, const float *b, size_t n) { \
    return ht__mut_dot_split(ht__kernels_##isa.dot, a, b, n);                    \
  }
HT__MUT_DOT_SPLIT(scalar)
#ifdef HT__HAVE_X86
HT__MUT_DOT_SPLIT(sse2)
HT__MUT_DOT_SPLIT(avx2)
HT__MUT_DOT_SPLIT(avx512)
#endif
#endif

static void ht__mut_init(void) {
  ht__mut_tables[HT_ISA_SCALAR] = ht__kernels_scalar;
#ifdef HT__HAVE_X86
  ht__mut_tables[HT_ISA_SSE2] = ht__kernels_sse2;
  ht__mut_tables[HT_ISA_AVX2] = ht__kernels_avx2;
  ht__mut_tables[HT_ISA_AVX512] = ht__kernels_avx512;
#endif
#if defined(HT_MUTATION_ULP) && defined(HT__HAVE_X86)
  ht__mut_tables[HT_ISA_AVX2].matvec_panels = ht__mut_matvec_ulp;
#endif
#if defined(HT_MUTATION_HSUM) && defined(HT__HAVE_X86)
  ht__mut_tables[HT_ISA_SSE2].sum = ht__mut_sum_hsum;
  ht__mut_tables[HT_ISA_SSE2].dot = ht__mut_dot_hsum;
#endif
#ifdef HT_MUTATION_THREADS
  ht__mut_tables[HT_ISA_SCALAR].dot = ht__mut_dot_split_scalar;
#ifdef HT__HAVE_X86
  ht__mut_tables[HT_ISA_SSE2].dot = ht__mut_dot_split_sse2;
  ht__mut_tables[HT_ISA_AVX2].dot = ht__mut_dot_split_avx2;
  ht__mut_tables[HT_ISA_AVX512].dot = ht__mut_dot_split_avx512;
#endif
#endif
}

const ht_kernels *ht__mutate_table(const ht_kernels *t) {
  if (!t) return t;
  pthread_once(&ht__mut_once, ht__mut_init);
  return &ht__mut_tables[t->isa];
}
#endif /* HT_MUTATIONS_IMPLEMENTATION */

#endif /* HT__MUTATING */

#endif
