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
 *            reduction whose order depends on the thread count. The copies
 *            and the wrappers are generated from HT_ISA_LIST (ht_isa.h), so
 *            a new ISA row is covered without an edit here.
 *   fma      needs no source: tock-parity compiles kernels_avx2.c with
 *            -mfma -ffp-contract=fast (parity/mutation/fma-cc.sh).
 *   neon_fma (aarch64) NEON dot accumulates with vfmaq_f32, one rounding
 *            per product and sum instead of two: the fused multiply-add that
 *            vmulq + vaddq must never become.
 *   sve_vlsum (aarch64) SVE sum keeps VL/32 lanes instead of 16 and reduces
 *            them with FADDV's halving tree (the Arm ARM's Reduce()), i.e.
 *            what svaddv would do: a reduction whose order follows the vector
 *            length. At VL 512 it happens to equal the contract; at 128,
 *            256, 1024, ... it does not, so the runner must vary VL (qemu
 *            -cpu max,sveN=on) to catch it. VL comes from
 *            prctl(PR_SVE_GET_VL): this file is not compiled with +sve.
 *   x87      (i386) needs no source here: core/CMakeLists.txt compiles
 *            kernels_scalar.c with -mfpmath=387 (excess precision: a * b + c
 *            is rounded once, in 80 bits, then to float), and
 *            HT_MUTATION_X87 lets that file past ht_math.h's
 *            FLT_EVAL_METHOD #error. Caught by core.kernels_parity within the
 *            build (every SIMD table differs from that scalar) and by any
 *            cross-architecture hash comparison.
 *
 * Hooks the library calls (the only lines outside this file):
 *   dispatch.c  #define HT_MUTATIONS_IMPLEMENTATION, then #include "mutations.h";
 *               ht_kernels_active and ht_kernels_for return
 *               HT_MUTATE_TABLE(<the table they return now>).
 *   trainer.c   #include "mutations.h"; HT_MUTATION_NOTE_THREADS(n) in
 *               ht_trainer_set_threads once n is accepted. */
#ifndef HT_MUTATIONS_H
#define HT_MUTATIONS_H

#if defined(HT_MUTATION_ULP) || defined(HT_MUTATION_HSUM) || defined(HT_MUTATION_THREADS) ||       \
    defined(HT_MUTATION_NEON_FMA) || defined(HT_MUTATION_SVE_VLSUM)
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

/* x86 only, like its hook below: elsewhere the functions would be unused
 * (-Werror=unused-function). */
#if defined(HT_MUTATION_HSUM) && defined(HT__HAVE_X86)
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

#if defined(HT_MUTATION_NEON_FMA) && defined(HT__HAVE_ARM64)
#include <arm_neon.h>
#include <string.h>
/* NEON dot's 16 lanes and tree, but acc = fma(a, b, acc). */
static float ht__mut_dot_neon_fma(const float *a, const float *b, size_t n) {
    float32x4_t v[4] = {vdupq_n_f32(0.0f), vdupq_n_f32(0.0f), vdupq_n_f32(0.0f), vdupq_n_f32(0.0f)};
    float ta[HT_LANES] = {0}, tb[HT_LANES] = {0};
    size_t i = 0;
    for (;; i += HT_LANES) {
        const float *pa = a + i, *pb = b + i;
        int last = i + HT_LANES > n;
        if (last) {
            if (n > i) {
                memcpy(ta, a + i, (n - i) * sizeof *ta);
                memcpy(tb, b + i, (n - i) * sizeof *tb);
            }
            pa = ta;
            pb = tb;
        }
        for (int r = 0; r < 4; r++)
            v[r] = vfmaq_f32(v[r], vld1q_f32(pa + 4 * r), vld1q_f32(pb + 4 * r));
        if (last) break;
    }
    float32x4_t s4 = vaddq_f32(vaddq_f32(v[0], v[2]), vaddq_f32(v[1], v[3]));
    float32x2_t s2 = vadd_f32(vget_low_f32(s4), vget_high_f32(s4));
    return vget_lane_f32(s2, 0) + vget_lane_f32(s2, 1);
}
#endif

#if defined(HT_MUTATION_SVE_VLSUM) && defined(HT__HAVE_ARM64)
#include <sys/prctl.h>
#ifndef PR_SVE_GET_VL
#define PR_SVE_GET_VL 51
#endif
/* sum with VL/32 lanes (lane k adds x[i], i % lanes == k) and FADDV's
 * halving tree over them. */
static float ht__mut_sum_sve_vl(const float *x, size_t n) {
    int r = prctl(PR_SVE_GET_VL, 0, 0, 0, 0);
    size_t lanes = r > 0 ? (size_t)(r & 0xffff) / sizeof(float) : HT_LANES;
    float acc[64] = {0};
    if (lanes == 0 || lanes > 64) lanes = HT_LANES;
    for (size_t i = 0; i < n; i++) acc[i % lanes] = acc[i % lanes] + x[i];
    for (size_t w = lanes / 2; w >= 1; w /= 2)
        for (size_t k = 0; k < w; k++) acc[k] = acc[k] + acc[k + w];
    return acc[0];
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
/* One wrapper per HT_ISA_LIST row this build compiles (ht_isa.h):
 * ht__mut_dot_split_scalar, _sse2, ... The arch test picks a macro name,
 * applied after it: the definition has commas, so it cannot be an argument. */
#define HT__MUT_DOT_SPLIT_DEF(name)                                                                \
    static float ht__mut_dot_split_##name(const float *a, const float *b, size_t n) {              \
        return ht__mut_dot_split(ht__kernels_##name.dot, a, b, n);                                 \
    }
#define HT__MUT_NOTHING(name)
#define HT__MUT_DOT_SPLIT(id, name, arch, cpu)                                                     \
    HT__IF_ARCH_##arch(HT__MUT_DOT_SPLIT_DEF, HT__MUT_NOTHING)(name)
HT_ISA_LIST(HT__MUT_DOT_SPLIT)
#undef HT__MUT_DOT_SPLIT
#endif

static void ht__mut_init(void) {
    /* every table this build compiles, one per HT_ISA_LIST row (ht_isa.h) */
#define HT__MUT_COPY(id, name, arch, cpu)                                                          \
    HT__IF_ARCH_##arch(ht__mut_tables[HT_ISA_##id] = ht__kernels_##name;, )
    HT_ISA_LIST(HT__MUT_COPY)
#undef HT__MUT_COPY
#if defined(HT_MUTATION_ULP) && defined(HT__HAVE_X86)
    ht__mut_tables[HT_ISA_AVX2].matvec_panels = ht__mut_matvec_ulp;
#endif
#if defined(HT_MUTATION_HSUM) && defined(HT__HAVE_X86)
    ht__mut_tables[HT_ISA_SSE2].sum = ht__mut_sum_hsum;
    ht__mut_tables[HT_ISA_SSE2].dot = ht__mut_dot_hsum;
#endif
#ifdef HT_MUTATION_THREADS
#define HT__MUT_SET_DOT(id, name, arch, cpu)                                                       \
    HT__IF_ARCH_##arch(ht__mut_tables[HT_ISA_##id].dot = ht__mut_dot_split_##name;, )
    HT_ISA_LIST(HT__MUT_SET_DOT)
#undef HT__MUT_SET_DOT
#endif
#if defined(HT_MUTATION_NEON_FMA) && defined(HT__HAVE_ARM64)
    ht__mut_tables[HT_ISA_NEON].dot = ht__mut_dot_neon_fma;
#endif
#if defined(HT_MUTATION_SVE_VLSUM) && defined(HT__HAVE_ARM64)
    ht__mut_tables[HT_ISA_SVE].sum = ht__mut_sum_sve_vl;
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
