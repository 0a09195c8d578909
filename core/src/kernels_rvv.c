/* kernels_rvv.c: the riscv64 RVV 1.0 kernel table (clang >= 17 intrinsics,
 * compiled with -march=rv64gcv only; GCC 12 has no RVV intrinsics, so
 * core/CMakeLists.txt builds this file for clang alone). Vector-length
 * agnostic: one binary returns the same bits for every VLEN (128 .. 65536
 * bits), and the same bits as kernels_scalar.c.
 *
 * Every vector here is an LMUL=4 group of 32-bit elements (vfloat32m4_t):
 * VLEN >= 128 (implied by "V") makes that at least 16 elements, so:
 *   - the reductions keep the 16 logical lanes in one group, element k =
 *     lane k, with vl = 16 whatever VLEN is (vsetvl(16) returns 16 when
 *     VLMAX >= 16; elements past vl are never touched). Each block of 16
 *     terms adds term i + k to element k, as the scalar's acc[k]; the last
 *     block goes through a zero-padded copy (0 * 0 = +0 for missing terms);
 *     the 16 lanes are then stored and reduced by ht__lanes_reduce, the
 *     scalar tree itself. No vfredusum/vfredosum: the unordered one's tree is
 *     the implementation's choice and follows VLEN;
 *   - element-wise kernels (and matvec_panels, whose outputs are independent
 *     sequential sums over j) run a vsetvl strip-mined loop: VLEN changes
 *     which elements share an instruction, never an element's operations.
 * Products and sums are separate vfmul then vfadd/vfsub, never
 * vfmacc/vfmadd/vfnmsac (fused); -ffp-contract=off keeps clang from fusing
 * the separate ones, and tests/cross checks the object code for them.
 * No vfrec7/vfrsqrt7 estimates. RISC-V returns the canonical NaN for every
 * arithmetic NaN result (no payload propagation), in the scalar code as much
 * as here, so the table matches this build's scalar table bit for bit; only
 * across architectures do NaN payloads differ (tests/core/kernel_hashes.c). */
#include <riscv_vector.h>
#include <stdint.h>
#include <string.h>

#include "ht_kernels.h"
#include "ht_math.h"
#include "kernels_internal.h"

#define HTR_INLINE static inline __attribute__((always_inline))

typedef vfloat32m4_t rf;
typedef vint32m4_t ri;
typedef vuint32m4_t ru;
typedef vbool8_t rb; /* the mask type of e32m4 (and of e8m1) */

HTR_INLINE rf ld(const float *p, size_t vl) { return __riscv_vle32_v_f32m4(p, vl); }
HTR_INLINE void st(float *p, rf v, size_t vl) { __riscv_vse32_v_f32m4(p, v, vl); }
HTR_INLINE rf dup(float a, size_t vl) { return __riscv_vfmv_v_f_f32m4(a, vl); }
HTR_INLINE rf add(rf a, rf b, size_t vl) { return __riscv_vfadd_vv_f32m4(a, b, vl); }
HTR_INLINE rf sub(rf a, rf b, size_t vl) { return __riscv_vfsub_vv_f32m4(a, b, vl); }
HTR_INLINE rf mul(rf a, rf b, size_t vl) { return __riscv_vfmul_vv_f32m4(a, b, vl); }
HTR_INLINE rf fdiv(rf a, rf b, size_t vl) { return __riscv_vfdiv_vv_f32m4(a, b, vl); }
HTR_INLINE ru bits(rf a) { return __riscv_vreinterpret_v_f32m4_u32m4(a); }
HTR_INLINE rf flt(ru a) { return __riscv_vreinterpret_v_u32m4_f32m4(a); }
HTR_INLINE rf band(rf a, rf b, size_t vl) {
    return flt(__riscv_vand_vv_u32m4(bits(a), bits(b), vl));
}
HTR_INLINE rf bor(rf a, rf b, size_t vl) { return flt(__riscv_vor_vv_u32m4(bits(a), bits(b), vl)); }
HTR_INLINE rf bxor(rf a, rf b, size_t vl) {
    return flt(__riscv_vxor_vv_u32m4(bits(a), bits(b), vl));
}
/* ~a & b */
HTR_INLINE rf bandnot(rf a, rf b, size_t vl) {
    return flt(__riscv_vand_vv_u32m4(__riscv_vnot_v_u32m4(bits(a), vl), bits(b), vl));
}
/* Ordered compares (false where a NaN is involved); vmfne is true for NaN. */
HTR_INLINE rb lt(rf a, rf b, size_t vl) { return __riscv_vmflt_vv_f32m4_b8(a, b, vl); }
HTR_INLINE rb gt(rf a, rf b, size_t vl) { return __riscv_vmfgt_vv_f32m4_b8(a, b, vl); }
HTR_INLINE rb eq(rf a, rf b, size_t vl) { return __riscv_vmfeq_vv_f32m4_b8(a, b, vl); }
HTR_INLINE rb nan_at(rf a, size_t vl) { return __riscv_vmfne_vv_f32m4_b8(a, a, vl); }
HTR_INLINE rb bor_b(rb a, rb b, size_t vl) { return __riscv_vmor_mm_b8(a, b, vl); }
/* m ? a : b (vmerge takes the second operand where the mask is set). */
HTR_INLINE rf sel(rb m, rf a, rf b, size_t vl) { return __riscv_vmerge_vvm_f32m4(b, a, m, vl); }
HTR_INLINE rf zero_where(rb m, rf v, size_t vl) { return sel(m, dup(0.0f, vl), v, vl); }

/* ---- ht_math.h, lane by lane (the same steps as kernels_x86_body.h) ---- */

HTR_INLINE rf pow2(ri n, size_t vl) {
    ri e = __riscv_vsll_vx_i32m4(__riscv_vadd_vx_i32m4(n, 127, vl), 23, vl);
    return __riscv_vreinterpret_v_i32m4_f32m4(e);
}

HTR_INLINE rf exp_core(rf x, size_t vl) {
    rf t = add(mul(x, dup(HT_EXP_LOG2E, vl), vl), dup(HT_EXP_ROUND, vl), vl);
    rf n = sub(t, dup(HT_EXP_ROUND, vl), vl);
    rf r = sub(x, mul(n, dup(HT_EXP_LN2_HI, vl), vl), vl);
    r = sub(r, mul(n, dup(HT_EXP_LN2_LO, vl), vl), vl);
    rf p = dup(HT_EXP_P0, vl);
    p = add(mul(p, r, vl), dup(HT_EXP_P1, vl), vl);
    p = add(mul(p, r, vl), dup(HT_EXP_P2, vl), vl);
    p = add(mul(p, r, vl), dup(HT_EXP_P3, vl), vl);
    p = add(mul(p, r, vl), dup(HT_EXP_P4, vl), vl);
    p = add(mul(p, r, vl), dup(HT_EXP_P5, vl), vl);
    rf y = add(add(mul(p, mul(r, r, vl), vl), r, vl), dup(1.0f, vl), vl);
    /* truncating conversion; n is integral and in range on the core's domain */
    ri ni = __riscv_vfcvt_rtz_x_f_v_i32m4(n, vl);
    ri n1 = __riscv_vsra_vx_i32m4(ni, 1, vl);
    ri n2 = __riscv_vsub_vv_i32m4(ni, n1, vl);
    return mul(mul(y, pow2(n1, vl), vl), pow2(n2, vl), vl);
}

HTR_INLINE rf vexp(rf x, size_t vl) {
    rf e = exp_core(x, vl);
    e = sel(gt(x, dup(HT_EXP_HI, vl), vl), dup(ht_bits_f32(0x7f800000u), vl), e, vl);
    e = sel(lt(x, dup(HT_EXP_LO, vl), vl), dup(0.0f, vl), e, vl);
    return sel(nan_at(x, vl), x, e, vl);
}

HTR_INLINE rf vtanh(rf x, size_t vl) {
    const rf signbit = dup(-0.0f, vl);
    rf sign = band(x, signbit, vl);
    rf a = bandnot(signbit, x, vl);
    rf z = mul(a, a, vl);
    rf p = dup(HT_TANH_P0, vl);
    p = add(mul(p, z, vl), dup(HT_TANH_P1, vl), vl);
    p = add(mul(p, z, vl), dup(HT_TANH_P2, vl), vl);
    p = add(mul(p, z, vl), dup(HT_TANH_P3, vl), vl);
    p = add(mul(p, z, vl), dup(HT_TANH_P4, vl), vl);
    rf r_small = add(mul(mul(p, z, vl), a, vl), a, vl);
    rf e = exp_core(add(a, a, vl), vl);
    rf r_mid = sub(dup(1.0f, vl), fdiv(dup(2.0f, vl), add(e, dup(1.0f, vl), vl), vl), vl);
    rf r = sel(gt(a, dup(HT_TANH_BIG, vl), vl), dup(1.0f, vl), r_mid, vl);
    r = sel(lt(a, dup(HT_TANH_SMALL, vl), vl), r_small, r, vl);
    return sel(nan_at(a, vl), x, bor(r, sign, vl), vl);
}

HTR_INLINE rf vsigmoid(rf x, size_t vl) {
    rf e = vexp(bxor(x, dup(-0.0f, vl), vl), vl);
    rf s = fdiv(dup(1.0f, vl), add(dup(1.0f, vl), e, vl), vl);
    return sel(nan_at(x, vl), x, s, vl);
}

/* ---- the 16 logical lanes: one e32m4 group, vl = 16 ---- */

HTR_INLINE size_t vl16(void) { return __riscv_vsetvl_e32m4(HT_LANES); }

HTR_INLINE float reduce16(rf acc) {
    float lanes[HT_LANES];
    st(lanes, acc, vl16());
    return ht__lanes_reduce(lanes);
}

static float dot_panels_rvv(const float *w, size_t pstride, const float *v, size_t n_panels) {
    const size_t vl = vl16();
    rf acc = dup(0.0f, vl);
    for (size_t p = 0; p < n_panels; p++) {
        const float *wp = w + p * pstride;
        const float *vp = v + p * HT_PANEL;
        for (size_t b = 0; b < HT_PANEL; b += HT_LANES)
            acc = add(acc, mul(ld(wp + b, vl), ld(vp + b, vl), vl), vl);
    }
    return reduce16(acc);
}

/* The scalar always runs one final 16-term block in which missing terms are
 * +0.0f (even when n % 16 == 0): zero-padded copies give 0 * 0 = +0 there. */
static float dot_rvv(const float *a, const float *b, size_t n) {
    const size_t vl = vl16();
    rf acc = dup(0.0f, vl);
    size_t i = 0;
    for (; i + HT_LANES <= n; i += HT_LANES)
        acc = add(acc, mul(ld(a + i, vl), ld(b + i, vl), vl), vl);
    float ta[HT_LANES] = {0}, tb[HT_LANES] = {0};
    if (n > i) {
        memcpy(ta, a + i, (n - i) * sizeof *ta);
        memcpy(tb, b + i, (n - i) * sizeof *tb);
    }
    acc = add(acc, mul(ld(ta, vl), ld(tb, vl), vl), vl);
    return reduce16(acc);
}

static float sum_rvv(const float *x, size_t n) {
    const size_t vl = vl16();
    rf acc = dup(0.0f, vl);
    size_t i = 0;
    for (; i + HT_LANES <= n; i += HT_LANES) acc = add(acc, ld(x + i, vl), vl);
    float t[HT_LANES] = {0};
    if (n > i) memcpy(t, x + i, (n - i) * sizeof *t);
    acc = add(acc, ld(t, vl), vl);
    return reduce16(acc);
}

/* ---- panel kernels ---- */

/* Each output is one sequential sum over j starting from y; the 64 outputs
 * go in strips of VLMAX (16 at VLEN 128, all 64 from VLEN 512 on). */
static void matvec_panels_rvv(float *y, const float *w, size_t pstride, const float *x, size_t n_in,
                              size_t n_panels) {
    for (size_t p = 0; p < n_panels; p++) {
        float *yp = y + p * HT_PANEL;
        const float *wp = w + p * pstride;
        size_t vl;
        for (size_t c = 0; c < HT_PANEL; c += vl) {
            vl = __riscv_vsetvl_e32m4(HT_PANEL - c);
            rf acc = ld(yp + c, vl);
            for (size_t j = 0; j < n_in; j++)
                acc = add(acc, __riscv_vfmul_vf_f32m4(ld(wp + j * HT_PANEL + c, vl), x[j], vl), vl);
            st(yp + c, acc, vl);
        }
    }
}

static void sgd_outer_panels_rvv(float *w, size_t pstride, const float *a, const float *b,
                                 size_t n_rows, size_t n_panels) {
    for (size_t p = 0; p < n_panels; p++) {
        const float *bp = b + p * HT_PANEL;
        for (size_t j = 0; j < n_rows; j++) {
            float *row = w + p * pstride + j * HT_PANEL;
            size_t vl;
            for (size_t l = 0; l < HT_PANEL; l += vl) {
                vl = __riscv_vsetvl_e32m4(HT_PANEL - l);
                rf aj = dup(a[j], vl);
                st(row + l, sub(ld(row + l, vl), mul(aj, ld(bp + l, vl), vl), vl), vl);
            }
        }
    }
}

/* ---- element-wise ---- */

static void sgd_outer_rows_rvv(float *w, size_t ldw, const float *a, const float *b, size_t n_rows,
                               size_t n) {
    for (size_t k = 0; k < n_rows; k++) {
        float *row = w + k * ldw;
        size_t vl;
        for (size_t i = 0; i < n; i += vl) {
            vl = __riscv_vsetvl_e32m4(n - i);
            rf ak = dup(a[k], vl);
            st(row + i, sub(ld(row + i, vl), mul(ak, ld(b + i, vl), vl), vl), vl);
        }
    }
}

static void axpy_rvv(float *y, float a, const float *x, size_t n) {
    size_t vl;
    for (size_t i = 0; i < n; i += vl) {
        vl = __riscv_vsetvl_e32m4(n - i);
        st(y + i, add(ld(y + i, vl), mul(dup(a, vl), ld(x + i, vl), vl), vl), vl);
    }
}

static void scale_rvv(float *y, float a, size_t n) {
    size_t vl;
    for (size_t i = 0; i < n; i += vl) {
        vl = __riscv_vsetvl_e32m4(n - i);
        st(y + i, mul(ld(y + i, vl), dup(a, vl), vl), vl);
    }
}

static void gru_blend_rvv(float *h, const float *z, const float *ht, size_t n) {
    size_t vl;
    for (size_t i = 0; i < n; i += vl) {
        vl = __riscv_vsetvl_e32m4(n - i);
        rf zv = ld(z + i, vl);
        rf hv = ld(h + i, vl);
        st(h + i, add(mul(sub(dup(1.0f, vl), zv, vl), hv, vl), mul(zv, ld(ht + i, vl), vl), vl),
           vl);
    }
}

enum { HTR_EXP, HTR_TANH, HTR_SIGMOID };

HTR_INLINE void unary_run(int f, float *y, const float *x, size_t n) {
    size_t vl;
    for (size_t i = 0; i < n; i += vl) {
        vl = __riscv_vsetvl_e32m4(n - i);
        rf v = ld(x + i, vl);
        v = f == HTR_EXP ? vexp(v, vl) : f == HTR_TANH ? vtanh(v, vl) : vsigmoid(v, vl);
        st(y + i, v, vl);
    }
}

static void exp_rvv(float *y, const float *x, size_t n) { unary_run(HTR_EXP, y, x, n); }
static void tanh_rvv(float *y, const float *x, size_t n) { unary_run(HTR_TANH, y, x, n); }
static void sigmoid_rvv(float *y, const float *x, size_t n) { unary_run(HTR_SIGMOID, y, x, n); }

static void softmax_rvv(float *p, const float *x, size_t n) {
    ht__softmax_with(p, x, n, exp_rvv, sum_rvv);
}

/* ---- SCM (docs/kernels.md section 11) ---- */

/* vl mask bytes -> mask, true where nonzero (e8m1 shares e32m4's mask type). */
HTR_INLINE rb mask_nz(const uint8_t *m, size_t vl) {
    return __riscv_vmsne_vx_u8m1_b8(__riscv_vle8_v_u8m1(m, vl), 0, vl);
}
HTR_INLINE rb mask_nz2(const uint8_t *m, const uint8_t *q, size_t vl) {
    vuint8m1_t o = __riscv_vor_vv_u8m1(__riscv_vle8_v_u8m1(m, vl), __riscv_vle8_v_u8m1(q, vl), vl);
    return __riscv_vmsne_vx_u8m1_b8(o, 0, vl);
}
HTR_INLINE void mask_store(uint8_t *m, rb b, size_t vl) {
    vuint8m1_t v = __riscv_vmerge_vxm_u8m1(__riscv_vmv_v_x_u8m1(0, vl), 1, b, vl);
    __riscv_vse8_v_u8m1(m, v, vl);
}

enum { HTR_SCM_ADD, HTR_SCM_SUB, HTR_SCM_MUL, HTR_SCM_DIV };

HTR_INLINE void scm_bin_run(int op, float *out, uint8_t *mout, const float *x, const uint8_t *mx,
                            const float *y, const uint8_t *my, size_t n) {
    size_t vl;
    for (size_t i = 0; i < n; i += vl) {
        vl = __riscv_vsetvl_e32m4(n - i);
        rb b = mask_nz2(mx + i, my + i, vl);
        rf xv = ld(x + i, vl), yv = ld(y + i, vl), v;
        switch (op) {
        case HTR_SCM_ADD: v = add(xv, yv, vl); break;
        case HTR_SCM_SUB: v = sub(xv, yv, vl); break;
        case HTR_SCM_MUL: v = mul(xv, yv, vl); break;
        default:
            b = bor_b(b, eq(yv, dup(0.0f, vl), vl), vl);
            v = fdiv(xv, sel(b, dup(1.0f, vl), yv, vl), vl);
            break;
        }
        st(out + i, zero_where(b, v, vl), vl);
        mask_store(mout + i, b, vl);
    }
}

static void scm_add_rvv(float *out, uint8_t *mout, const float *x, const uint8_t *mx,
                        const float *y, const uint8_t *my, size_t n) {
    scm_bin_run(HTR_SCM_ADD, out, mout, x, mx, y, my, n);
}
static void scm_sub_rvv(float *out, uint8_t *mout, const float *x, const uint8_t *mx,
                        const float *y, const uint8_t *my, size_t n) {
    scm_bin_run(HTR_SCM_SUB, out, mout, x, mx, y, my, n);
}
static void scm_mul_rvv(float *out, uint8_t *mout, const float *x, const uint8_t *mx,
                        const float *y, const uint8_t *my, size_t n) {
    scm_bin_run(HTR_SCM_MUL, out, mout, x, mx, y, my, n);
}
static void scm_div_rvv(float *out, uint8_t *mout, const float *x, const uint8_t *mx,
                        const float *y, const uint8_t *my, size_t n) {
    scm_bin_run(HTR_SCM_DIV, out, mout, x, mx, y, my, n);
}

enum { HTR_SCM_INV, HTR_SCM_NEG, HTR_SCM_EXP, HTR_SCM_SQRT };

HTR_INLINE void scm_un_run(int op, float *out, uint8_t *mout, const float *x, const uint8_t *mx,
                           size_t n) {
    size_t vl;
    for (size_t i = 0; i < n; i += vl) {
        vl = __riscv_vsetvl_e32m4(n - i);
        rb b = mask_nz(mx + i, vl);
        rf xv = ld(x + i, vl), v;
        switch (op) {
        case HTR_SCM_INV:
            b = bor_b(b, eq(xv, dup(0.0f, vl), vl), vl);
            v = fdiv(dup(1.0f, vl), sel(b, dup(1.0f, vl), xv, vl), vl);
            break;
        case HTR_SCM_NEG: v = bxor(xv, dup(-0.0f, vl), vl); break;
        case HTR_SCM_EXP: v = vexp(xv, vl); break;
        default:
            b = bor_b(b, lt(xv, dup(0.0f, vl), vl), vl);
            v = __riscv_vfsqrt_v_f32m4(zero_where(b, xv, vl), vl);
            break;
        }
        st(out + i, zero_where(b, v, vl), vl);
        mask_store(mout + i, b, vl);
    }
}

static void scm_inv_rvv(float *out, uint8_t *mout, const float *x, const uint8_t *mx, size_t n) {
    scm_un_run(HTR_SCM_INV, out, mout, x, mx, n);
}
static void scm_neg_rvv(float *out, uint8_t *mout, const float *x, const uint8_t *mx, size_t n) {
    scm_un_run(HTR_SCM_NEG, out, mout, x, mx, n);
}
static void scm_exp_rvv(float *out, uint8_t *mout, const float *x, const uint8_t *mx, size_t n) {
    scm_un_run(HTR_SCM_EXP, out, mout, x, mx, n);
}
static void scm_sqrt_rvv(float *out, uint8_t *mout, const float *x, const uint8_t *mx, size_t n) {
    scm_un_run(HTR_SCM_SQRT, out, mout, x, mx, n);
}

/* Strict decode: bottom where p or q is NaN or |q| < tau; NaN (0x7fc00000) there. */
static void scm_decode_rvv(float *out, uint8_t *mout, const float *p, const float *q, float tau,
                           size_t n) {
    size_t vl;
    for (size_t i = 0; i < n; i += vl) {
        vl = __riscv_vsetvl_e32m4(n - i);
        rf pv = ld(p + i, vl), qv = ld(q + i, vl);
        rf aq = bandnot(dup(-0.0f, vl), qv, vl);
        rb b = bor_b(bor_b(nan_at(pv, vl), nan_at(qv, vl), vl), lt(aq, dup(tau, vl), vl), vl);
        rf v = fdiv(pv, sel(b, dup(1.0f, vl), qv, vl), vl);
        st(out + i, sel(b, dup(ht_bits_f32(0x7fc00000u), vl), v, vl), vl);
        mask_store(mout + i, b, vl);
    }
}

/* Entry <name> of HT_KERNEL_LIST is <name>_rvv above (see kernels_scalar.c). */
#define HTR_ENTRY(name, type) .name = name##_rvv,
const ht_kernels ht__kernels_rvv = {.isa = HT_ISA_RVV, HT_KERNEL_LIST(HTR_ENTRY)};
#undef HTR_ENTRY
