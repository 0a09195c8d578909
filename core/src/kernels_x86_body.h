/* kernels_x86_body.h: the lane-generic body of the fixed-width kernel
 * tables: SSE2, AVX2 and AVX-512, and (despite the name) aarch64's NEON.
 * The x86 files are compiled for i386 too (-m32 -msse2 -mfpmath=sse,
 * tests/cross): they must not use the 64-bit-only intrinsics
 * (_mm_cvtsi128_si64, _mm_cvtsi64_si128, _mm_extract_epi64, _mm_crc32_u64,
 * ...; memory-operand movq such as _mm_loadl_epi64 is fine).
 * Each kernels_<isa>.c defines a small vocabulary of vector
 * primitives over HTV_W float lanes (listed below) and its own
 * matvec_panels_v, then includes this file once. Writing the exp/tanh/SCM
 * bodies once keeps the operation order of ht_math.h and ht_kernels.h in one
 * place for all four ISAs; kernels_scalar.c stays the reference they are
 * tested against (tests/core/test_kernels_parity.c). The vector-length
 * agnostic tables (kernels_sve.c, kernels_rvv.c) cannot use it: their
 * vector types are sizeless (no struct htv_acc, no float t[HTV_W]).
 *
 * Never: use FMA, reassociate, use rcp/rsqrt, or let a horizontal sum follow
 * any order but the fixed 16-lane tree. Every operation below mirrors one line
 * of kernels_scalar.c or ht_math.h, operands in the source's order. One thing
 * no source order pins: when both operands of one instruction are NaN, x86
 * returns the first, and which register is first is the compiler's choice
 * (memory-operand folding, commutation), in the scalar file as much as here;
 * GCC and clang already differ for kernels_scalar.c. The parity test therefore
 * accepts any NaN where two NaN/inf inputs met, and nothing else.
 *
 * Primitives the ISA file provides (all lane-wise, W = HTV_W):
 *   htv_f / htv_i / htv_m: float vector, int32 vector, lane mask;
 *   htv_load/htv_store (unaligned), htv_set1, htv_zero,
 *   htv_add/sub/mul/div/sqrt, htv_and/or/xor (bits), htv_andnot(a,b) = ~a & b,
 *   htv_lt/gt/eq (ordered, quiet), htv_unord -> htv_m, htv_mor,
 *   htv_sel(m, a, b) = m ? a : b, htv_zero_where(m, v) = m ? +0 : v,
 *   htv_cvtt (truncating float -> int32), htv_srai1, htv_isub,
 *   htv_pow2(n) = float with bits (n + 127) << 23,
 *   htv_mask_nz(p) / htv_mask_nz2(p, q): W mask bytes, true where p[i] (| q[i])
 *   is nonzero; htv_mask_store(p, m): W bytes, 1 where m else 0,
 *   htv_acc: the 16 logical lanes of a reduction as a struct of named
 *   registers (GCC keeps a struct in registers, but left an array of them on
 *   the stack: 2.5x slower dot on SSE2), with htv_acc_zero(),
 *   htv_acc_madd(acc, a, b): lane k += a[k] * b[k], k < 16,
 *   htv_acc_add(acc, x): lane k += x[k], and htv_acc_to4(acc): the first two
 *   levels of the tree, a[k] for k < 4 in one __m128. A non-x86 file defines
 *   HTV_OWN_REDUCE and htv_reduce(acc), the whole fixed tree, instead. */
#ifndef HTV_W
#error "include kernels_x86_body.h only from a kernels_<isa>.c that defines HTV_W"
#endif

#include <string.h>

#include "ht_kernels.h"
#include "ht_math.h"
#include "kernels_internal.h"

/* ---- the 16-lane reduction tree ---- */

#ifndef HTV_OWN_REDUCE
/* a[k] += a[k+2] (k < 2), then a[0] + a[1]. */
HTV_INLINE float htv_tree4(__m128 s4) {
    __m128 s2 = _mm_add_ps(s4, _mm_movehl_ps(s4, s4));
    __m128 s1 = _mm_add_ss(s2, _mm_shuffle_ps(s2, s2, 1));
    return _mm_cvtss_f32(s1);
}

HTV_INLINE float htv_reduce(htv_acc acc) { return htv_tree4(htv_acc_to4(acc)); }
#endif

/* ---- ht_math.h, lane by lane ---- */

/* ht__expf_core: same operations, same order. Lanes outside the core's domain
 * compute garbage that the callers replace by selection. */
HTV_INLINE htv_f htv_exp_core(htv_f x) {
    htv_f t = htv_add(htv_mul(x, htv_set1(HT_EXP_LOG2E)), htv_set1(HT_EXP_ROUND));
    htv_f n = htv_sub(t, htv_set1(HT_EXP_ROUND));
    htv_f r = htv_sub(x, htv_mul(n, htv_set1(HT_EXP_LN2_HI)));
    r = htv_sub(r, htv_mul(n, htv_set1(HT_EXP_LN2_LO)));
    htv_f p = htv_set1(HT_EXP_P0);
    p = htv_add(htv_mul(p, r), htv_set1(HT_EXP_P1));
    p = htv_add(htv_mul(p, r), htv_set1(HT_EXP_P2));
    p = htv_add(htv_mul(p, r), htv_set1(HT_EXP_P3));
    p = htv_add(htv_mul(p, r), htv_set1(HT_EXP_P4));
    p = htv_add(htv_mul(p, r), htv_set1(HT_EXP_P5));
    htv_f y = htv_add(htv_add(htv_mul(p, htv_mul(r, r)), r), htv_set1(1.0f));
    /* n is integral and in [-150, 128] on the core's domain: truncation is exact. */
    htv_i ni = htv_cvtt(n);
    htv_i n1 = htv_srai1(ni);
    htv_i n2 = htv_isub(ni, n1);
    return htv_mul(htv_mul(y, htv_pow2(n1)), htv_pow2(n2));
}

/* ht_expf: NaN passes through unchanged (payload and all), > HI is +inf,
 * < LO is +0. The three conditions are disjoint, so the select order is free. */
HTV_INLINE htv_f htv_exp(htv_f x) {
    htv_f e = htv_exp_core(x);
    e = htv_sel(htv_gt(x, htv_set1(HT_EXP_HI)), htv_set1(ht_bits_f32(0x7f800000u)), e);
    e = htv_sel(htv_lt(x, htv_set1(HT_EXP_LO)), htv_zero(), e);
    return htv_sel(htv_unord(x, x), x, e);
}

/* ht_tanhf: all three branches on |x|, then the scalar's if/else-if chain as
 * selects, the sign ORed back, and NaN returned as the input itself. */
HTV_INLINE htv_f htv_tanh(htv_f x) {
    const htv_f signbit = htv_set1(-0.0f);
    htv_f sign = htv_and(x, signbit);
    htv_f a = htv_andnot(signbit, x);
    htv_f z = htv_mul(a, a);
    htv_f p = htv_set1(HT_TANH_P0);
    p = htv_add(htv_mul(p, z), htv_set1(HT_TANH_P1));
    p = htv_add(htv_mul(p, z), htv_set1(HT_TANH_P2));
    p = htv_add(htv_mul(p, z), htv_set1(HT_TANH_P3));
    p = htv_add(htv_mul(p, z), htv_set1(HT_TANH_P4));
    htv_f r_small = htv_add(htv_mul(htv_mul(p, z), a), a);
    htv_f e = htv_exp_core(htv_add(a, a));
    htv_f r_mid = htv_sub(htv_set1(1.0f), htv_div(htv_set1(2.0f), htv_add(e, htv_set1(1.0f))));
    htv_f r = htv_sel(htv_gt(a, htv_set1(HT_TANH_BIG)), htv_set1(1.0f), r_mid);
    r = htv_sel(htv_lt(a, htv_set1(HT_TANH_SMALL)), r_small, r);
    return htv_sel(htv_unord(a, a), x, htv_or(r, sign));
}

/* ht_sigmoidf: a NaN passes through unchanged, else 1 / (1 + exp(-x)) with
 * -x a sign flip. */
HTV_INLINE htv_f htv_sigmoid(htv_f x) {
    htv_f e = htv_exp(htv_xor(x, htv_set1(-0.0f)));
    htv_f s = htv_div(htv_set1(1.0f), htv_add(htv_set1(1.0f), e));
    return htv_sel(htv_unord(x, x), x, s);
}

/* ---- reductions ---- */

static float dot_panels_v(const float *w, size_t pstride, const float *v, size_t n_panels) {
    htv_acc acc = htv_acc_zero();
    for (size_t p = 0; p < n_panels; p++) {
        const float *wp = w + p * pstride;
        const float *vp = v + p * HT_PANEL;
        acc = htv_acc_madd(acc, wp, vp);
        acc = htv_acc_madd(acc, wp + 16, vp + 16);
        acc = htv_acc_madd(acc, wp + 32, vp + 32);
        acc = htv_acc_madd(acc, wp + 48, vp + 48);
    }
    return htv_reduce(acc);
}

/* The scalar always runs one final 16-term block in which missing terms are
 * +0.0f (even when n % 16 == 0): zero-padded copies give 0 * 0 = +0 there. */
static float dot_v(const float *a, const float *b, size_t n) {
    htv_acc acc = htv_acc_zero();
    size_t i = 0;
    for (; i + HT_LANES <= n; i += HT_LANES) acc = htv_acc_madd(acc, a + i, b + i);
    float ta[HT_LANES] = {0}, tb[HT_LANES] = {0};
    if (n > i) {
        memcpy(ta, a + i, (n - i) * sizeof *ta);
        memcpy(tb, b + i, (n - i) * sizeof *tb);
    }
    acc = htv_acc_madd(acc, ta, tb);
    return htv_reduce(acc);
}

static float sum_v(const float *x, size_t n) {
    htv_acc acc = htv_acc_zero();
    size_t i = 0;
    for (; i + HT_LANES <= n; i += HT_LANES) acc = htv_acc_add(acc, x + i);
    float t[HT_LANES] = {0};
    if (n > i) memcpy(t, x + i, (n - i) * sizeof *t);
    acc = htv_acc_add(acc, t);
    return htv_reduce(acc);
}

/* ---- outer-product SGD and element-wise ---- */

static void sgd_outer_panels_v(float *w, size_t pstride, const float *a, const float *b,
                               size_t n_rows, size_t n_panels) {
    for (size_t p = 0; p < n_panels; p++) {
        const float *bp = b + p * HT_PANEL;
        for (size_t j = 0; j < n_rows; j++) {
            float *row = w + p * pstride + j * HT_PANEL;
            const htv_f aj = htv_set1(a[j]);
#pragma GCC unroll 16
            for (size_t v = 0; v < HT_PANEL; v += HTV_W)
                htv_store(row + v, htv_sub(htv_load(row + v), htv_mul(aj, htv_load(bp + v))));
        }
    }
}

static void sgd_outer_rows_v(float *w, size_t ldw, const float *a, const float *b, size_t n_rows,
                             size_t n) {
    for (size_t k = 0; k < n_rows; k++) {
        float *row = w + k * ldw;
        const float ak = a[k];
        const htv_f akv = htv_set1(ak);
        size_t i = 0;
        for (; i + HTV_W <= n; i += HTV_W)
            htv_store(row + i, htv_sub(htv_load(row + i), htv_mul(akv, htv_load(b + i))));
        for (; i < n; i++) row[i] = row[i] - ak * b[i];
    }
}

static void axpy_v(float *y, float a, const float *x, size_t n) {
    const htv_f av = htv_set1(a);
    size_t i = 0;
    for (; i + 2 * HTV_W <= n; i += 2 * HTV_W) {
        htv_f y0 = htv_add(htv_load(y + i), htv_mul(av, htv_load(x + i)));
        htv_f y1 = htv_add(htv_load(y + i + HTV_W), htv_mul(av, htv_load(x + i + HTV_W)));
        htv_store(y + i, y0);
        htv_store(y + i + HTV_W, y1);
    }
    for (; i + HTV_W <= n; i += HTV_W)
        htv_store(y + i, htv_add(htv_load(y + i), htv_mul(av, htv_load(x + i))));
    for (; i < n; i++) y[i] = y[i] + a * x[i];
}

static void scale_v(float *y, float a, size_t n) {
    const htv_f av = htv_set1(a);
    size_t i = 0;
    for (; i + 2 * HTV_W <= n; i += 2 * HTV_W) {
        htv_f y0 = htv_mul(htv_load(y + i), av);
        htv_f y1 = htv_mul(htv_load(y + i + HTV_W), av);
        htv_store(y + i, y0);
        htv_store(y + i + HTV_W, y1);
    }
    for (; i + HTV_W <= n; i += HTV_W) htv_store(y + i, htv_mul(htv_load(y + i), av));
    for (; i < n; i++) y[i] = y[i] * a;
}

static void gru_blend_v(float *h, const float *z, const float *ht, size_t n) {
    const htv_f one = htv_set1(1.0f);
    size_t i = 0;
    for (; i + HTV_W <= n; i += HTV_W) {
        htv_f zv = htv_load(z + i);
        htv_f hv = htv_load(h + i);
        htv_store(h + i, htv_add(htv_mul(htv_sub(one, zv), hv), htv_mul(zv, htv_load(ht + i))));
    }
    for (; i < n; i++) h[i] = (1.0f - z[i]) * h[i] + z[i] * ht[i];
}

/* ---- exp, tanh, sigmoid: the tail runs through the same vector code on a
 * zero-padded copy, so every element takes the one code path. ---- */

enum { HTV_EXP, HTV_TANH, HTV_SIGMOID };

HTV_INLINE htv_f htv_unary(int f, htv_f x) {
    switch (f) {
    case HTV_EXP: return htv_exp(x);
    case HTV_TANH: return htv_tanh(x);
    default: return htv_sigmoid(x);
    }
}

HTV_INLINE void htv_unary_run(int f, float *y, const float *x, size_t n) {
    size_t i = 0;
    for (; i + 2 * HTV_W <= n; i += 2 * HTV_W) {
        htv_f y0 = htv_unary(f, htv_load(x + i));
        htv_f y1 = htv_unary(f, htv_load(x + i + HTV_W));
        htv_store(y + i, y0);
        htv_store(y + i + HTV_W, y1);
    }
    for (; i + HTV_W <= n; i += HTV_W) htv_store(y + i, htv_unary(f, htv_load(x + i)));
    if (i < n) {
        float t[HTV_W] = {0};
        memcpy(t, x + i, (n - i) * sizeof *t);
        htv_store(t, htv_unary(f, htv_load(t)));
        memcpy(y + i, t, (n - i) * sizeof *t);
    }
}

static void exp_v(float *y, const float *x, size_t n) { htv_unary_run(HTV_EXP, y, x, n); }
static void tanh_v(float *y, const float *x, size_t n) { htv_unary_run(HTV_TANH, y, x, n); }
static void sigmoid_v(float *y, const float *x, size_t n) { htv_unary_run(HTV_SIGMOID, y, x, n); }

static void softmax_v(float *p, const float *x, size_t n) {
    ht__softmax_with(p, x, n, exp_v, sum_v);
}

/* ---- SCM (docs/kernels.md section 11) ---- */

enum { HTV_SCM_ADD, HTV_SCM_SUB, HTV_SCM_MUL, HTV_SCM_DIV };

HTV_INLINE void htv_scm_bin_block(int op, float *out, uint8_t *mout, const float *x,
                                  const uint8_t *mx, const float *y, const uint8_t *my) {
    htv_m b = htv_mask_nz2(mx, my);
    htv_f xv = htv_load(x), yv = htv_load(y), v;
    switch (op) {
    case HTV_SCM_ADD: v = htv_add(xv, yv); break;
    case HTV_SCM_SUB: v = htv_sub(xv, yv); break;
    case HTV_SCM_MUL: v = htv_mul(xv, yv); break;
    default:
        b = htv_mor(b, htv_eq(yv, htv_zero()));
        v = htv_div(xv, htv_sel(b, htv_set1(1.0f), yv));
        break;
    }
    htv_store(out, htv_zero_where(b, v));
    htv_mask_store(mout, b);
}

HTV_INLINE void htv_scm_bin_run(int op, float *out, uint8_t *mout, const float *x,
                                const uint8_t *mx, const float *y, const uint8_t *my, size_t n) {
    size_t i = 0;
    for (; i + HTV_W <= n; i += HTV_W)
        htv_scm_bin_block(op, out + i, mout + i, x + i, mx + i, y + i, my + i);
    if (i < n) {
        const size_t k = n - i;
        float tx[HTV_W] = {0}, ty[HTV_W] = {0}, to[HTV_W];
        uint8_t tmx[HTV_W] = {0}, tmy[HTV_W] = {0}, tmo[HTV_W];
        memcpy(tx, x + i, k * sizeof *tx);
        memcpy(ty, y + i, k * sizeof *ty);
        memcpy(tmx, mx + i, k);
        memcpy(tmy, my + i, k);
        htv_scm_bin_block(op, to, tmo, tx, tmx, ty, tmy);
        memcpy(out + i, to, k * sizeof *to);
        memcpy(mout + i, tmo, k);
    }
}

static void scm_add_v(float *out, uint8_t *mout, const float *x, const uint8_t *mx, const float *y,
                      const uint8_t *my, size_t n) {
    htv_scm_bin_run(HTV_SCM_ADD, out, mout, x, mx, y, my, n);
}
static void scm_sub_v(float *out, uint8_t *mout, const float *x, const uint8_t *mx, const float *y,
                      const uint8_t *my, size_t n) {
    htv_scm_bin_run(HTV_SCM_SUB, out, mout, x, mx, y, my, n);
}
static void scm_mul_v(float *out, uint8_t *mout, const float *x, const uint8_t *mx, const float *y,
                      const uint8_t *my, size_t n) {
    htv_scm_bin_run(HTV_SCM_MUL, out, mout, x, mx, y, my, n);
}
static void scm_div_v(float *out, uint8_t *mout, const float *x, const uint8_t *mx, const float *y,
                      const uint8_t *my, size_t n) {
    htv_scm_bin_run(HTV_SCM_DIV, out, mout, x, mx, y, my, n);
}

enum { HTV_SCM_INV, HTV_SCM_NEG, HTV_SCM_EXP, HTV_SCM_SQRT };

HTV_INLINE void htv_scm_un_block(int op, float *out, uint8_t *mout, const float *x,
                                 const uint8_t *mx) {
    htv_m b = htv_mask_nz(mx);
    htv_f xv = htv_load(x), v;
    switch (op) {
    case HTV_SCM_INV:
        b = htv_mor(b, htv_eq(xv, htv_zero()));
        v = htv_div(htv_set1(1.0f), htv_sel(b, htv_set1(1.0f), xv));
        break;
    case HTV_SCM_NEG: v = htv_xor(xv, htv_set1(-0.0f)); break;
    case HTV_SCM_EXP: v = htv_exp(xv); break;
    default:
        b = htv_mor(b, htv_lt(xv, htv_zero()));
        v = htv_sqrt(htv_zero_where(b, xv));
        break;
    }
    htv_store(out, htv_zero_where(b, v));
    htv_mask_store(mout, b);
}

HTV_INLINE void htv_scm_un_run(int op, float *out, uint8_t *mout, const float *x, const uint8_t *mx,
                               size_t n) {
    size_t i = 0;
    for (; i + HTV_W <= n; i += HTV_W) htv_scm_un_block(op, out + i, mout + i, x + i, mx + i);
    if (i < n) {
        const size_t k = n - i;
        float tx[HTV_W] = {0}, to[HTV_W];
        uint8_t tmx[HTV_W] = {0}, tmo[HTV_W];
        memcpy(tx, x + i, k * sizeof *tx);
        memcpy(tmx, mx + i, k);
        htv_scm_un_block(op, to, tmo, tx, tmx);
        memcpy(out + i, to, k * sizeof *to);
        memcpy(mout + i, tmo, k);
    }
}

static void scm_inv_v(float *out, uint8_t *mout, const float *x, const uint8_t *mx, size_t n) {
    htv_scm_un_run(HTV_SCM_INV, out, mout, x, mx, n);
}
static void scm_neg_v(float *out, uint8_t *mout, const float *x, const uint8_t *mx, size_t n) {
    htv_scm_un_run(HTV_SCM_NEG, out, mout, x, mx, n);
}
static void scm_exp_v(float *out, uint8_t *mout, const float *x, const uint8_t *mx, size_t n) {
    htv_scm_un_run(HTV_SCM_EXP, out, mout, x, mx, n);
}
static void scm_sqrt_v(float *out, uint8_t *mout, const float *x, const uint8_t *mx, size_t n) {
    htv_scm_un_run(HTV_SCM_SQRT, out, mout, x, mx, n);
}

/* Strict decode: bottom where p or q is NaN or |q| < tau; NaN (0x7fc00000) there. */
HTV_INLINE void htv_scm_decode_block(float *out, uint8_t *mout, const float *p, const float *q,
                                     htv_f tau) {
    htv_f pv = htv_load(p), qv = htv_load(q);
    htv_f aq = htv_andnot(htv_set1(-0.0f), qv);
    htv_m b = htv_mor(htv_mor(htv_unord(pv, pv), htv_unord(qv, qv)), htv_lt(aq, tau));
    htv_f v = htv_div(pv, htv_sel(b, htv_set1(1.0f), qv));
    htv_store(out, htv_sel(b, htv_set1(ht_bits_f32(0x7fc00000u)), v));
    htv_mask_store(mout, b);
}

static void scm_decode_v(float *out, uint8_t *mout, const float *p, const float *q, float tau,
                         size_t n) {
    const htv_f tv = htv_set1(tau);
    size_t i = 0;
    for (; i + HTV_W <= n; i += HTV_W) htv_scm_decode_block(out + i, mout + i, p + i, q + i, tv);
    if (i < n) {
        const size_t k = n - i;
        float tp[HTV_W] = {0}, tq[HTV_W] = {0}, to[HTV_W];
        uint8_t tmo[HTV_W];
        memcpy(tp, p + i, k * sizeof *tp);
        memcpy(tq, q + i, k * sizeof *tq);
        htv_scm_decode_block(to, tmo, tp, tq, tv);
        memcpy(out + i, to, k * sizeof *to);
        memcpy(mout + i, tmo, k);
    }
}

/* Entry <name> of HT_KERNEL_LIST is <name>_v above (see kernels_scalar.c). */
#define HTV_ENTRY(name, type) .name = name##_v,
const ht_kernels HTV_TABLE = {.isa = HTV_ISA, HT_KERNEL_LIST(HTV_ENTRY)};
#undef HTV_ENTRY
