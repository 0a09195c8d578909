/* ht_kernels.h: the hot loops, one signature per kernel, one table per ISA.
 *
 * Every variant of a kernel must return the same bits as the scalar one for
 * every input. The contracts below fix each result's operation order so that
 * this holds by construction (docs/method.md section 14):
 *   - no FMA anywhere: products and sums are separate IEEE operations
 *     (-ffp-contract=off is set for the whole build; never use fma intrinsics);
 *   - a reduction uses 16 logical lanes: lane k adds the terms whose index
 *     i satisfies i % 16 == k, in increasing i, starting from +0.0f; missing
 *     tail terms count as +0.0f products; then one fixed tree:
 *     a[k] += a[k+8] (k<8), a[k] += a[k+4] (k<4), a[k] += a[k+2] (k<2),
 *     result = a[0] + a[1]. Scalar keeps 16 accumulators; SSE2 and NEON,
 *     AVX2 and AVX-512 hold the same lanes in 4, 2 and 1 registers; the
 *     vector-length agnostic SVE and RVV tables keep lane k in element k
 *     whatever the vector length (SVE: chunks of VL elements, RVV: one
 *     LMUL=4 group with vl = 16) and finish with the scalar tree itself, so
 *     no reduction order ever depends on the vector length;
 *   - element-wise kernels apply exactly the operations written here;
 *   - exp/tanh/sigmoid/log are the polynomials of ht_math.h, evaluated with
 *     the same operations in every lane.
 *
 * Panel layout (matrices the GRU streams): a matrix with n_out outputs and
 * n_in inputs is stored as ceil(n_out/64) panels; panel p holds, for each input
 * j, the 64 weights of outputs p*64 .. p*64+63 contiguously:
 *   W[out = p*64 + l][in = j]  at  w[p*pstride + j*64 + l],  pstride >= n_in*64.
 * Padded outputs hold 0. A mat-vec then streams memory strictly in order and
 * each output is a sequential sum over j, so no horizontal reduction is needed. */
#ifndef HT_KERNELS_H
#define HT_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#include "ht_isa.h"

#define HT_PANEL 64 /* outputs per panel: 4 zmm, 8 ymm or 16 xmm / NEON q */
#define HT_LANES 16 /* logical lanes of every reduction */

/* y[p*64+l] = y[p*64+l] + w[p*pstride + j*64 + l] * x[j] for j = 0 .. n_in-1
 * in that order, for every l < 64 and p < n_panels. */
typedef void (*ht_matvec_panels_fn)(float *y, const float *w, size_t pstride, const float *x,
                                    size_t n_in, size_t n_panels);

/* The 16-lane reduction of w[p*pstride + l] * v[p*64 + l] over p < n_panels,
 * l < 64 (term index i = p*64 + l): one row of a panel matrix dotted with v,
 * that is one entry of the transposed mat-vec. */
typedef float (*ht_dot_panels_fn)(const float *w, size_t pstride, const float *v, size_t n_panels);

/* The 16-lane reduction of a[i] * b[i], i < n. */
typedef float (*ht_dot_fn)(const float *a, const float *b, size_t n);

/* The 16-lane reduction of x[i], i < n. */
typedef float (*ht_sum_fn)(const float *x, size_t n);

/* w[p*pstride + j*64 + l] = w[...] - a[j] * b[p*64 + l], j < n_rows (SGD with
 * an outer-product gradient; the caller folds the learning rate into a). */
typedef void (*ht_sgd_outer_panels_fn)(float *w, size_t pstride, const float *a, const float *b,
                                       size_t n_rows, size_t n_panels);

/* w[k*ldw + i] = w[k*ldw + i] - a[k] * b[i] for k < n_rows, i < n (row-major
 * outer-product SGD: the loss and weight-delta heads). */
typedef void (*ht_sgd_outer_rows_fn)(float *w, size_t ldw, const float *a, const float *b,
                                     size_t n_rows, size_t n);

/* y[i] = y[i] + a * x[i]. */
typedef void (*ht_axpy_fn)(float *y, float a, const float *x, size_t n);

/* y[i] = y[i] * a (in place; delta scaling). */
typedef void (*ht_scale_fn)(float *y, float a, size_t n);

/* y[i] = f(x[i]) for f in exp, tanh, sigmoid (ht_math.h); y may equal x. */
typedef void (*ht_unary_fn)(float *y, const float *x, size_t n);

/* h[i] = (1 - z[i]) * h[i] + z[i] * ht[i]: the GRU blend, in place on h. */
typedef void (*ht_gru_blend_fn)(float *h, const float *z, const float *ht, size_t n);

/* p = softmax(x) with the maximum subtracted first: m = max (sequential, a
 * NaN never wins: m = x[i] > m ? x[i] : m), e[i] = exp(x[i] - m),
 * s = 16-lane sum of e, p[i] = e[i] / s. p may equal x. */
typedef void (*ht_softmax_fn)(float *p, const float *x, size_t n);

/* Masked (SCM) arithmetic, docs/kernels.md section 11. A mask byte is 0 (value) or
 * 1 (bottom); outputs are exactly 0 or 1. Payload is 0.0f wherever bottom.
 *   scm_add, scm_sub, scm_mul: bottom = mx | my; payload x op y, 0 where bottom.
 *   scm_div: bottom = mx | my | (y == 0); denominator 1 and payload 0 where
 *     bottom.
 *   scm_inv: 1/x, bottom = mx | (x == 0).
 *   scm_neg, scm_exp: carry the mask; payload 0 where bottom. exp is ht_math's.
 *   scm_sqrt: bottom = mx | (x < 0); IEEE sqrt (exact in every ISA). */
typedef void (*ht_scm_binary_fn)(float *out, uint8_t *mout, const float *x, const uint8_t *mx,
                                 const float *y, const uint8_t *my, size_t n);
typedef void (*ht_scm_unary_fn)(float *out, uint8_t *mout, const float *x, const uint8_t *mx,
                                size_t n);
/* Strict decode of P/Q: bottom where P or Q is NaN or |Q| < tau; value P/Q,
 * NaN (0x7fc00000) where bottom. */
typedef void (*ht_scm_decode_fn)(float *out, uint8_t *mout, const float *p, const float *q,
                                 float tau, size_t n);

/* The kernel list: one row X(name, type) per table entry, in table order.
 * Everything that enumerates the kernels is generated from it: the fields of
 * ht_kernels below; every ISA's table (kernels_scalar.c, kernels_x86_body.h
 * (x86 and NEON), kernels_sve.c and kernels_rvv.c set entry <name> to their
 * function <name>_scalar, <name>_v, <name>_sve or <name>_rvv, so an ISA
 * that lacks a kernel, or gives it another signature, does not compile);
 * the NULL check of tests/core/test_kernels_parity.c; the per-kernel hashes
 * of tests/core/kernel_hashes.c (the cross-architecture comparison); and
 * the kernel ids, names and call adapters of the parity case runner
 * (parity/cases/cases.h). `type` is the entry's typedef above, a single
 * identifier: the case runner pastes it into the name of its per-type call
 * adapter, and kernel_hashes.c into its hash_<type> driver, so a kernel of a
 * new type needs one in each. */
#define HT_KERNEL_LIST(X)                                                                          \
    X(matvec_panels, ht_matvec_panels_fn)                                                          \
    X(dot_panels, ht_dot_panels_fn)                                                                \
    X(dot, ht_dot_fn)                                                                              \
    X(sum, ht_sum_fn)                                                                              \
    X(sgd_outer_panels, ht_sgd_outer_panels_fn)                                                    \
    X(sgd_outer_rows, ht_sgd_outer_rows_fn)                                                        \
    X(axpy, ht_axpy_fn)                                                                            \
    X(scale, ht_scale_fn)                                                                          \
    X(exp, ht_unary_fn)                                                                            \
    X(tanh, ht_unary_fn)                                                                           \
    X(sigmoid, ht_unary_fn)                                                                        \
    X(gru_blend, ht_gru_blend_fn)                                                                  \
    X(softmax, ht_softmax_fn)                                                                      \
    X(scm_add, ht_scm_binary_fn)                                                                   \
    X(scm_sub, ht_scm_binary_fn)                                                                   \
    X(scm_mul, ht_scm_binary_fn)                                                                   \
    X(scm_div, ht_scm_binary_fn)                                                                   \
    X(scm_inv, ht_scm_unary_fn)                                                                    \
    X(scm_neg, ht_scm_unary_fn)                                                                    \
    X(scm_exp, ht_scm_unary_fn)                                                                    \
    X(scm_sqrt, ht_scm_unary_fn)                                                                   \
    X(scm_decode, ht_scm_decode_fn)

/* One table per ISA; `isa` says which (the mutation hooks index by it). */
typedef struct {
    ht_isa isa;
#define HT__KERNEL_FIELD(name, type) type name;
    HT_KERNEL_LIST(HT__KERNEL_FIELD)
#undef HT__KERNEL_FIELD
} ht_kernels;

/* The table of the active ISA (ht_isa_active()). Never NULL. */
const ht_kernels *ht_kernels_active(void);
/* The table of one ISA, or NULL when that ISA is not compiled in or the CPU
 * lacks it. The scalar table is always available. */
const ht_kernels *ht_kernels_for(ht_isa isa);

#endif
