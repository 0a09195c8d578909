/* kernels_sve.c: the aarch64 SVE kernel table (ACLE, compiled with
 * -march=armv8.2-a+sve only), vector-length agnostic: one binary returns the
 * same bits for every SVE length from 128 to 2048 bits, and the same bits as
 * kernels_scalar.c. VL below is svcntw(), the number of float lanes (4..64).
 *
 * How the contracts of ht_kernels.h survive any VL:
 *   - element-wise kernels (axpy, scale, exp, tanh, sigmoid, gru_blend, the
 *     SCM family, sgd_*, and matvec_panels, whose 64 outputs are independent
 *     sequential sums over j) apply the same operations to every element in
 *     a whilelt-predicated loop; the split into vectors only changes which
 *     elements share an instruction, never an element's operations;
 *   - the reductions keep logical lane k in element k of a fixed layout: the
 *     16 lanes are cut into chunks of VL elements, chunk c in accumulator
 *     acc<c> with predicate whilelt(c * VL, 16), so VL 128 uses all four
 *     accumulators (4 lanes each), VL 256 two, and VL >= 512 only acc0 with
 *     its first 16 elements (the rest stay inactive: never loaded, never
 *     added to, never stored). Each block of 16 terms adds term i + k to
 *     element k, as the scalar's acc[k]. At the end the chunks are stored
 *     to a float[16] and reduced by ht__lanes_reduce, the scalar tree itself.
 *     No svaddv/svadda: their order follows VL;
 *   - tails: a reduction's last block goes through a zero-padded copy (0 * 0
 *     = +0 for missing terms, as the contract says); element-wise tails are
 *     just the predicated last iteration.
 * Products and sums are separate svmul then svadd/svsub (the _x forms),
 * never svmla/svmls/svmad/svnmla, which fuse; the build's -ffp-contract=off
 * keeps GCC from fusing the separate ones, and tests/cross checks the object
 * code for fmla/fmad. No reciprocal estimates (svrecpe/svrsqrte). */
#include <arm_sve.h>
#include <stdint.h>
#include <string.h>

#include "ht_kernels.h"
#include "ht_math.h"
#include "kernels_internal.h"

#define HTS_INLINE static inline __attribute__((always_inline))

typedef svfloat32_t sf;
typedef svbool_t sb;

HTS_INLINE sb all(void) { return svptrue_b32(); }
HTS_INLINE sb upto(size_t i, size_t n) { return svwhilelt_b32_u64((uint64_t)i, (uint64_t)n); }
HTS_INLINE sf dup(float a) { return svdup_n_f32(a); }
HTS_INLINE sf add(sf a, sf b) { return svadd_f32_x(all(), a, b); }
HTS_INLINE sf sub(sf a, sf b) { return svsub_f32_x(all(), a, b); }
HTS_INLINE sf mul(sf a, sf b) { return svmul_f32_x(all(), a, b); }
HTS_INLINE sf fdiv(sf a, sf b) { return svdiv_f32_x(all(), a, b); }
HTS_INLINE svuint32_t bits(sf a) { return svreinterpret_u32_f32(a); }
HTS_INLINE sf flt(svuint32_t a) { return svreinterpret_f32_u32(a); }
HTS_INLINE sf band(sf a, sf b) { return flt(svand_u32_x(all(), bits(a), bits(b))); }
HTS_INLINE sf bor(sf a, sf b) { return flt(svorr_u32_x(all(), bits(a), bits(b))); }
HTS_INLINE sf bxor(sf a, sf b) { return flt(sveor_u32_x(all(), bits(a), bits(b))); }
/* ~a & b */
HTS_INLINE sf bandnot(sf a, sf b) { return flt(svbic_u32_x(all(), bits(b), bits(a))); }
/* Ordered quiet compares: false where a NaN is involved. */
HTS_INLINE sb lt(sf a, sf b) { return svcmplt_f32(all(), a, b); }
HTS_INLINE sb gt(sf a, sf b) { return svcmpgt_f32(all(), a, b); }
HTS_INLINE sb eq(sf a, sf b) { return svcmpeq_f32(all(), a, b); }
HTS_INLINE sb unord(sf a, sf b) { return svcmpuo_f32(all(), a, b); }
HTS_INLINE sb bor_b(sb a, sb b) { return svorr_b_z(all(), a, b); }
/* m ? a : b */
HTS_INLINE sf sel(sb m, sf a, sf b) { return svsel_f32(m, a, b); }
HTS_INLINE sf zero_where(sb m, sf v) { return svsel_f32(m, dup(0.0f), v); }

/* ---- ht_math.h, lane by lane (the same steps as kernels_x86_body.h) ---- */

HTS_INLINE sf pow2(svint32_t n) {
    return svreinterpret_f32_s32(svlsl_n_s32_x(all(), svadd_n_s32_x(all(), n, 127), 23));
}

HTS_INLINE sf exp_core(sf x) {
    sf t = add(mul(x, dup(HT_EXP_LOG2E)), dup(HT_EXP_ROUND));
    sf n = sub(t, dup(HT_EXP_ROUND));
    sf r = sub(x, mul(n, dup(HT_EXP_LN2_HI)));
    r = sub(r, mul(n, dup(HT_EXP_LN2_LO)));
    sf p = dup(HT_EXP_P0);
    p = add(mul(p, r), dup(HT_EXP_P1));
    p = add(mul(p, r), dup(HT_EXP_P2));
    p = add(mul(p, r), dup(HT_EXP_P3));
    p = add(mul(p, r), dup(HT_EXP_P4));
    p = add(mul(p, r), dup(HT_EXP_P5));
    sf y = add(add(mul(p, mul(r, r)), r), dup(1.0f));
    /* FCVTZS truncates; n is integral and in range on the core's domain. */
    svint32_t ni = svcvt_s32_f32_x(all(), n);
    svint32_t n1 = svasr_n_s32_x(all(), ni, 1);
    svint32_t n2 = svsub_s32_x(all(), ni, n1);
    return mul(mul(y, pow2(n1)), pow2(n2));
}

HTS_INLINE sf vexp(sf x) {
    sf e = exp_core(x);
    e = sel(gt(x, dup(HT_EXP_HI)), dup(ht_bits_f32(0x7f800000u)), e);
    e = sel(lt(x, dup(HT_EXP_LO)), dup(0.0f), e);
    return sel(unord(x, x), x, e);
}

HTS_INLINE sf vtanh(sf x) {
    const sf signbit = dup(-0.0f);
    sf sign = band(x, signbit);
    sf a = bandnot(signbit, x);
    sf z = mul(a, a);
    sf p = dup(HT_TANH_P0);
    p = add(mul(p, z), dup(HT_TANH_P1));
    p = add(mul(p, z), dup(HT_TANH_P2));
    p = add(mul(p, z), dup(HT_TANH_P3));
    p = add(mul(p, z), dup(HT_TANH_P4));
    sf r_small = add(mul(mul(p, z), a), a);
    sf e = exp_core(add(a, a));
    sf r_mid = sub(dup(1.0f), fdiv(dup(2.0f), add(e, dup(1.0f))));
    sf r = sel(gt(a, dup(HT_TANH_BIG)), dup(1.0f), r_mid);
    r = sel(lt(a, dup(HT_TANH_SMALL)), r_small, r);
    return sel(unord(a, a), x, bor(r, sign));
}

HTS_INLINE sf vsigmoid(sf x) {
    sf e = vexp(bxor(x, dup(-0.0f)));
    sf s = fdiv(dup(1.0f), add(dup(1.0f), e));
    return sel(unord(x, x), x, s);
}

/* ---- the 16 logical lanes ---- */

/* Chunk c of the 16 lanes starts at element c * VL of the block; off[c] is
 * that offset, or 0 for an empty chunk (VL > 16 / c), so no pointer ever
 * runs past the block. */
typedef struct {
    size_t off1, off2, off3;
} lanes_layout;

HTS_INLINE lanes_layout layout(void) {
    const size_t vl = (size_t)svcntw();
    lanes_layout l = {vl < HT_LANES ? vl : 0, 2 * vl < HT_LANES ? 2 * vl : 0,
                      3 * vl < HT_LANES ? 3 * vl : 0};
    return l;
}

/* Predicates of the 4 chunks, from the layout (empty where the chunk is). */
#define HTS_LANES_SETUP                                                                            \
    const size_t vl_ = (size_t)svcntw();                                                           \
    const lanes_layout L = layout();                                                               \
    const sb p0 = upto(0, HT_LANES), p1 = upto(vl_, HT_LANES);                                     \
    const sb p2 = upto(2 * vl_, HT_LANES), p3 = upto(3 * vl_, HT_LANES);                           \
    sf acc0 = dup(0.0f), acc1 = dup(0.0f), acc2 = dup(0.0f), acc3 = dup(0.0f)

/* lane k += x[k] * y[k], k < 16: the product, then the add, lane by lane
 * (inactive elements keep their value: _m forms). */
#define HTS_MADD(x, y)                                                                             \
    do {                                                                                           \
        const float *x_ = (x), *y_ = (y);                                                          \
        acc0 = svadd_f32_m(p0, acc0, svmul_f32_x(p0, svld1_f32(p0, x_), svld1_f32(p0, y_)));       \
        acc1 = svadd_f32_m(                                                                        \
            p1, acc1, svmul_f32_x(p1, svld1_f32(p1, x_ + L.off1), svld1_f32(p1, y_ + L.off1)));    \
        acc2 = svadd_f32_m(                                                                        \
            p2, acc2, svmul_f32_x(p2, svld1_f32(p2, x_ + L.off2), svld1_f32(p2, y_ + L.off2)));    \
        acc3 = svadd_f32_m(                                                                        \
            p3, acc3, svmul_f32_x(p3, svld1_f32(p3, x_ + L.off3), svld1_f32(p3, y_ + L.off3)));    \
    } while (0)

/* lane k += x[k], k < 16. */
#define HTS_ADD(x)                                                                                 \
    do {                                                                                           \
        const float *x_ = (x);                                                                     \
        acc0 = svadd_f32_m(p0, acc0, svld1_f32(p0, x_));                                           \
        acc1 = svadd_f32_m(p1, acc1, svld1_f32(p1, x_ + L.off1));                                  \
        acc2 = svadd_f32_m(p2, acc2, svld1_f32(p2, x_ + L.off2));                                  \
        acc3 = svadd_f32_m(p3, acc3, svld1_f32(p3, x_ + L.off3));                                  \
    } while (0)

/* Store the 16 lanes in order and apply the scalar tree. */
#define HTS_REDUCE()                                                                               \
    do {                                                                                           \
        float lanes_[HT_LANES];                                                                    \
        svst1_f32(p0, lanes_, acc0);                                                               \
        svst1_f32(p1, lanes_ + L.off1, acc1);                                                      \
        svst1_f32(p2, lanes_ + L.off2, acc2);                                                      \
        svst1_f32(p3, lanes_ + L.off3, acc3);                                                      \
        return ht__lanes_reduce(lanes_);                                                           \
    } while (0)

static float dot_panels_sve(const float *w, size_t pstride, const float *v, size_t n_panels) {
    HTS_LANES_SETUP;
    for (size_t p = 0; p < n_panels; p++) {
        const float *wp = w + p * pstride;
        const float *vp = v + p * HT_PANEL;
        HTS_MADD(wp, vp);
        HTS_MADD(wp + 16, vp + 16);
        HTS_MADD(wp + 32, vp + 32);
        HTS_MADD(wp + 48, vp + 48);
    }
    HTS_REDUCE();
}

/* The scalar always runs one final 16-term block in which missing terms are
 * +0.0f (even when n % 16 == 0): zero-padded copies give 0 * 0 = +0 there. */
static float dot_sve(const float *a, const float *b, size_t n) {
    HTS_LANES_SETUP;
    size_t i = 0;
    for (; i + HT_LANES <= n; i += HT_LANES) HTS_MADD(a + i, b + i);
    float ta[HT_LANES] = {0}, tb[HT_LANES] = {0};
    if (n > i) {
        memcpy(ta, a + i, (n - i) * sizeof *ta);
        memcpy(tb, b + i, (n - i) * sizeof *tb);
    }
    HTS_MADD(ta, tb);
    HTS_REDUCE();
}

static float sum_sve(const float *x, size_t n) {
    HTS_LANES_SETUP;
    size_t i = 0;
    for (; i + HT_LANES <= n; i += HT_LANES) HTS_ADD(x + i);
    float t[HT_LANES] = {0};
    if (n > i) memcpy(t, x + i, (n - i) * sizeof *t);
    HTS_ADD(t);
    HTS_REDUCE();
}

/* ---- panel kernels ---- */

/* Outputs in groups of 4 vectors (4 * VL outputs, all 64 from VL 512 on);
 * each output is one sequential sum over j starting from y, whatever VL. */
static void matvec_panels_sve(float *y, const float *w, size_t pstride, const float *x, size_t n_in,
                              size_t n_panels) {
    const size_t vl = (size_t)svcntw();
    for (size_t p = 0; p < n_panels; p++) {
        float *yp = y + p * HT_PANEL;
        const float *wp = w + p * pstride;
        for (size_t g = 0; g < HT_PANEL; g += 4 * vl) {
            const size_t o1 = g + vl < HT_PANEL ? g + vl : g;
            const size_t o2 = g + 2 * vl < HT_PANEL ? g + 2 * vl : g;
            const size_t o3 = g + 3 * vl < HT_PANEL ? g + 3 * vl : g;
            const sb q0 = upto(g, HT_PANEL), q1 = upto(g + vl, HT_PANEL);
            const sb q2 = upto(g + 2 * vl, HT_PANEL), q3 = upto(g + 3 * vl, HT_PANEL);
            sf a0 = svld1_f32(q0, yp + g), a1 = svld1_f32(q1, yp + o1);
            sf a2 = svld1_f32(q2, yp + o2), a3 = svld1_f32(q3, yp + o3);
            for (size_t j = 0; j < n_in; j++) {
                const sf xj = dup(x[j]);
                const float *r = wp + j * HT_PANEL;
                a0 = add(a0, mul(svld1_f32(q0, r + g), xj));
                a1 = add(a1, mul(svld1_f32(q1, r + o1), xj));
                a2 = add(a2, mul(svld1_f32(q2, r + o2), xj));
                a3 = add(a3, mul(svld1_f32(q3, r + o3), xj));
            }
            svst1_f32(q0, yp + g, a0);
            svst1_f32(q1, yp + o1, a1);
            svst1_f32(q2, yp + o2, a2);
            svst1_f32(q3, yp + o3, a3);
        }
    }
}

static void sgd_outer_panels_sve(float *w, size_t pstride, const float *a, const float *b,
                                 size_t n_rows, size_t n_panels) {
    const size_t vl = (size_t)svcntw();
    for (size_t p = 0; p < n_panels; p++) {
        const float *bp = b + p * HT_PANEL;
        for (size_t j = 0; j < n_rows; j++) {
            float *row = w + p * pstride + j * HT_PANEL;
            const sf aj = dup(a[j]);
            for (size_t l = 0; l < HT_PANEL; l += vl) {
                const sb pg = upto(l, HT_PANEL);
                svst1_f32(pg, row + l, sub(svld1_f32(pg, row + l), mul(aj, svld1_f32(pg, bp + l))));
            }
        }
    }
}

/* ---- element-wise ---- */

static void sgd_outer_rows_sve(float *w, size_t ldw, const float *a, const float *b, size_t n_rows,
                               size_t n) {
    const size_t vl = (size_t)svcntw();
    for (size_t k = 0; k < n_rows; k++) {
        float *row = w + k * ldw;
        const sf ak = dup(a[k]);
        for (size_t i = 0; i < n; i += vl) {
            const sb pg = upto(i, n);
            svst1_f32(pg, row + i, sub(svld1_f32(pg, row + i), mul(ak, svld1_f32(pg, b + i))));
        }
    }
}

static void axpy_sve(float *y, float a, const float *x, size_t n) {
    const size_t vl = (size_t)svcntw();
    const sf av = dup(a);
    for (size_t i = 0; i < n; i += vl) {
        const sb pg = upto(i, n);
        svst1_f32(pg, y + i, add(svld1_f32(pg, y + i), mul(av, svld1_f32(pg, x + i))));
    }
}

static void scale_sve(float *y, float a, size_t n) {
    const size_t vl = (size_t)svcntw();
    const sf av = dup(a);
    for (size_t i = 0; i < n; i += vl) {
        const sb pg = upto(i, n);
        svst1_f32(pg, y + i, mul(svld1_f32(pg, y + i), av));
    }
}

static void gru_blend_sve(float *h, const float *z, const float *ht, size_t n) {
    const size_t vl = (size_t)svcntw();
    const sf one = dup(1.0f);
    for (size_t i = 0; i < n; i += vl) {
        const sb pg = upto(i, n);
        sf zv = svld1_f32(pg, z + i);
        sf hv = svld1_f32(pg, h + i);
        svst1_f32(pg, h + i, add(mul(sub(one, zv), hv), mul(zv, svld1_f32(pg, ht + i))));
    }
}

enum { HTS_EXP, HTS_TANH, HTS_SIGMOID };

HTS_INLINE void unary_run(int f, float *y, const float *x, size_t n) {
    const size_t vl = (size_t)svcntw();
    for (size_t i = 0; i < n; i += vl) {
        const sb pg = upto(i, n);
        sf v = svld1_f32(pg, x + i);
        v = f == HTS_EXP ? vexp(v) : f == HTS_TANH ? vtanh(v) : vsigmoid(v);
        svst1_f32(pg, y + i, v);
    }
}

static void exp_sve(float *y, const float *x, size_t n) { unary_run(HTS_EXP, y, x, n); }
static void tanh_sve(float *y, const float *x, size_t n) { unary_run(HTS_TANH, y, x, n); }
static void sigmoid_sve(float *y, const float *x, size_t n) { unary_run(HTS_SIGMOID, y, x, n); }

static void softmax_sve(float *p, const float *x, size_t n) {
    ht__softmax_with(p, x, n, exp_sve, sum_sve);
}

/* ---- SCM (docs/kernels.md section 11) ---- */

/* Mask bytes -> predicate, true where nonzero (active lanes only). */
HTS_INLINE sb mask_nz(sb pg, const uint8_t *m) { return svcmpne_n_u32(pg, svld1ub_u32(pg, m), 0); }
HTS_INLINE void mask_store(sb pg, uint8_t *m, sb b) { svst1b_u32(pg, m, svdup_n_u32_z(b, 1)); }

enum { HTS_SCM_ADD, HTS_SCM_SUB, HTS_SCM_MUL, HTS_SCM_DIV };

HTS_INLINE void scm_bin_run(int op, float *out, uint8_t *mout, const float *x, const uint8_t *mx,
                            const float *y, const uint8_t *my, size_t n) {
    const size_t vl = (size_t)svcntw();
    for (size_t i = 0; i < n; i += vl) {
        const sb pg = upto(i, n);
        sb b = bor_b(mask_nz(pg, mx + i), mask_nz(pg, my + i));
        sf xv = svld1_f32(pg, x + i), yv = svld1_f32(pg, y + i), v;
        switch (op) {
        case HTS_SCM_ADD: v = add(xv, yv); break;
        case HTS_SCM_SUB: v = sub(xv, yv); break;
        case HTS_SCM_MUL: v = mul(xv, yv); break;
        default:
            b = bor_b(b, eq(yv, dup(0.0f)));
            v = fdiv(xv, sel(b, dup(1.0f), yv));
            break;
        }
        svst1_f32(pg, out + i, zero_where(b, v));
        mask_store(pg, mout + i, b);
    }
}

static void scm_add_sve(float *out, uint8_t *mout, const float *x, const uint8_t *mx,
                        const float *y, const uint8_t *my, size_t n) {
    scm_bin_run(HTS_SCM_ADD, out, mout, x, mx, y, my, n);
}
static void scm_sub_sve(float *out, uint8_t *mout, const float *x, const uint8_t *mx,
                        const float *y, const uint8_t *my, size_t n) {
    scm_bin_run(HTS_SCM_SUB, out, mout, x, mx, y, my, n);
}
static void scm_mul_sve(float *out, uint8_t *mout, const float *x, const uint8_t *mx,
                        const float *y, const uint8_t *my, size_t n) {
    scm_bin_run(HTS_SCM_MUL, out, mout, x, mx, y, my, n);
}
static void scm_div_sve(float *out, uint8_t *mout, const float *x, const uint8_t *mx,
                        const float *y, const uint8_t *my, size_t n) {
    scm_bin_run(HTS_SCM_DIV, out, mout, x, mx, y, my, n);
}

enum { HTS_SCM_INV, HTS_SCM_NEG, HTS_SCM_EXP, HTS_SCM_SQRT };

HTS_INLINE void scm_un_run(int op, float *out, uint8_t *mout, const float *x, const uint8_t *mx,
                           size_t n) {
    const size_t vl = (size_t)svcntw();
    for (size_t i = 0; i < n; i += vl) {
        const sb pg = upto(i, n);
        sb b = mask_nz(pg, mx + i);
        sf xv = svld1_f32(pg, x + i), v;
        switch (op) {
        case HTS_SCM_INV:
            b = bor_b(b, eq(xv, dup(0.0f)));
            v = fdiv(dup(1.0f), sel(b, dup(1.0f), xv));
            break;
        case HTS_SCM_NEG: v = bxor(xv, dup(-0.0f)); break;
        case HTS_SCM_EXP: v = vexp(xv); break;
        default:
            b = bor_b(b, lt(xv, dup(0.0f)));
            v = svsqrt_f32_x(all(), zero_where(b, xv));
            break;
        }
        svst1_f32(pg, out + i, zero_where(b, v));
        mask_store(pg, mout + i, b);
    }
}

static void scm_inv_sve(float *out, uint8_t *mout, const float *x, const uint8_t *mx, size_t n) {
    scm_un_run(HTS_SCM_INV, out, mout, x, mx, n);
}
static void scm_neg_sve(float *out, uint8_t *mout, const float *x, const uint8_t *mx, size_t n) {
    scm_un_run(HTS_SCM_NEG, out, mout, x, mx, n);
}
static void scm_exp_sve(float *out, uint8_t *mout, const float *x, const uint8_t *mx, size_t n) {
    scm_un_run(HTS_SCM_EXP, out, mout, x, mx, n);
}
static void scm_sqrt_sve(float *out, uint8_t *mout, const float *x, const uint8_t *mx, size_t n) {
    scm_un_run(HTS_SCM_SQRT, out, mout, x, mx, n);
}

/* Strict decode: bottom where p or q is NaN or |q| < tau; NaN (0x7fc00000) there. */
static void scm_decode_sve(float *out, uint8_t *mout, const float *p, const float *q, float tau,
                           size_t n) {
    const size_t vl = (size_t)svcntw();
    const sf tv = dup(tau);
    for (size_t i = 0; i < n; i += vl) {
        const sb pg = upto(i, n);
        sf pv = svld1_f32(pg, p + i), qv = svld1_f32(pg, q + i);
        sf aq = bandnot(dup(-0.0f), qv);
        sb b = svand_b_z(pg, bor_b(bor_b(unord(pv, pv), unord(qv, qv)), lt(aq, tv)), pg);
        sf v = fdiv(pv, sel(b, dup(1.0f), qv));
        svst1_f32(pg, out + i, sel(b, dup(ht_bits_f32(0x7fc00000u)), v));
        mask_store(pg, mout + i, b);
    }
}

/* Entry <name> of HT_KERNEL_LIST is <name>_sve above (see kernels_scalar.c). */
#define HTS_ENTRY(name, type) .name = name##_sve,
const ht_kernels ht__kernels_sve = {.isa = HT_ISA_SVE, HT_KERNEL_LIST(HTS_ENTRY)};
#undef HTS_ENTRY
