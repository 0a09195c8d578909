/* kernels_neon.c: the aarch64 Advanced SIMD (NEON) kernel table: 4 float
 * lanes per 128-bit register, baseline on every aarch64 CPU, so the file needs
 * no -march flag. The 16 logical reduction lanes live in 4 registers (lanes
 * 0-3, 4-7, 8-11, 12-15), as in SSE2. Everything but matvec_panels, the
 * 16-lane accumulator (htv_acc) and its reduction is the lane-generic body in
 * kernels_x86_body.h, so every operation order is the one the x86 tables use.
 *
 * Results must equal kernels_scalar.c bit for bit: products and sums are
 * always vmulq_f32 then vaddq_f32 (vsubq_f32), never vfmaq/vfmsq/vmlaq/vmlsq,
 * which are or may become fused multiply-adds; the build's -ffp-contract=off
 * keeps GCC from fusing the separate ones (aarch64 GCC contracts a * b + c by
 * default). tests/cross checks the object code for fmla/fmadd. No
 * reciprocal estimates (vrecpeq/vrsqrteq) either. */
#include <arm_neon.h>
#include <stdint.h>
#include <string.h>

#include "ht_kernels.h"

#define HTV_INLINE static inline __attribute__((always_inline))
#define HTV_W 4
#define HTV_ISA HT_ISA_NEON
#define HTV_TABLE ht__kernels_neon
#define HTV_OWN_REDUCE 1

typedef float32x4_t htv_f;
typedef int32x4_t htv_i;
typedef uint32x4_t htv_m; /* all-ones / all-zeros lanes */

HTV_INLINE uint32x4_t htv_bits(htv_f a) { return vreinterpretq_u32_f32(a); }
HTV_INLINE htv_f htv_float(uint32x4_t a) { return vreinterpretq_f32_u32(a); }

HTV_INLINE htv_f htv_load(const float *p) { return vld1q_f32(p); }
HTV_INLINE void htv_store(float *p, htv_f v) { vst1q_f32(p, v); }
HTV_INLINE htv_f htv_set1(float a) { return vdupq_n_f32(a); }
HTV_INLINE htv_f htv_zero(void) { return vdupq_n_f32(0.0f); }
HTV_INLINE htv_f htv_add(htv_f a, htv_f b) { return vaddq_f32(a, b); }
HTV_INLINE htv_f htv_sub(htv_f a, htv_f b) { return vsubq_f32(a, b); }
HTV_INLINE htv_f htv_mul(htv_f a, htv_f b) { return vmulq_f32(a, b); }
HTV_INLINE htv_f htv_div(htv_f a, htv_f b) { return vdivq_f32(a, b); }
HTV_INLINE htv_f htv_sqrt(htv_f a) { return vsqrtq_f32(a); }
HTV_INLINE htv_f htv_and(htv_f a, htv_f b) {
    return htv_float(vandq_u32(htv_bits(a), htv_bits(b)));
}
HTV_INLINE htv_f htv_or(htv_f a, htv_f b) { return htv_float(vorrq_u32(htv_bits(a), htv_bits(b))); }
HTV_INLINE htv_f htv_xor(htv_f a, htv_f b) {
    return htv_float(veorq_u32(htv_bits(a), htv_bits(b)));
}
/* ~a & b (vbicq(x, y) = x & ~y) */
HTV_INLINE htv_f htv_andnot(htv_f a, htv_f b) {
    return htv_float(vbicq_u32(htv_bits(b), htv_bits(a)));
}
HTV_INLINE htv_m htv_lt(htv_f a, htv_f b) { return vcltq_f32(a, b); }
HTV_INLINE htv_m htv_gt(htv_f a, htv_f b) { return vcgtq_f32(a, b); }
HTV_INLINE htv_m htv_eq(htv_f a, htv_f b) { return vceqq_f32(a, b); }
/* true where a or b is NaN: not (a == a and b == b) */
HTV_INLINE htv_m htv_unord(htv_f a, htv_f b) {
    return vmvnq_u32(vandq_u32(vceqq_f32(a, a), vceqq_f32(b, b)));
}
HTV_INLINE htv_m htv_mor(htv_m a, htv_m b) { return vorrq_u32(a, b); }
HTV_INLINE htv_f htv_sel(htv_m m, htv_f a, htv_f b) { return vbslq_f32(m, a, b); }
HTV_INLINE htv_f htv_zero_where(htv_m m, htv_f v) { return htv_float(vbicq_u32(htv_bits(v), m)); }
/* FCVTZS: round toward zero, like cvttps. */
HTV_INLINE htv_i htv_cvtt(htv_f a) { return vcvtq_s32_f32(a); }
HTV_INLINE htv_i htv_srai1(htv_i a) { return vshrq_n_s32(a, 1); }
HTV_INLINE htv_i htv_isub(htv_i a, htv_i b) { return vsubq_s32(a, b); }
HTV_INLINE htv_f htv_pow2(htv_i n) {
    return vreinterpretq_f32_s32(vshlq_n_s32(vaddq_s32(n, vdupq_n_s32(127)), 23));
}

/* 4 mask bytes -> lane mask (true where nonzero). */
HTV_INLINE htv_m htv_mask_bytes(uint32_t u) {
    uint8x8_t b = vcreate_u8((uint64_t)u);
    uint32x4_t w = vmovl_u16(vget_low_u16(vmovl_u8(b)));
    return vtstq_u32(w, w);
}
HTV_INLINE htv_m htv_mask_nz(const uint8_t *p) {
    uint32_t u;
    memcpy(&u, p, sizeof u);
    return htv_mask_bytes(u);
}
HTV_INLINE htv_m htv_mask_nz2(const uint8_t *p, const uint8_t *q) {
    uint32_t u, v;
    memcpy(&u, p, sizeof u);
    memcpy(&v, q, sizeof v);
    return htv_mask_bytes(u | v);
}
HTV_INLINE void htv_mask_store(uint8_t *p, htv_m m) {
    uint16x4_t h = vmovn_u32(vandq_u32(m, vdupq_n_u32(1)));
    uint8x8_t b = vmovn_u16(vcombine_u16(h, h));
    uint32_t u = vget_lane_u32(vreinterpret_u32_u8(b), 0);
    memcpy(p, &u, sizeof u);
}

/* The 16 logical lanes: v0 = lanes 0-3, v1 = 4-7, v2 = 8-11, v3 = 12-15. */
typedef struct {
    float32x4_t v0, v1, v2, v3;
} htv_acc;

HTV_INLINE htv_acc htv_acc_zero(void) {
    htv_acc r = {vdupq_n_f32(0.0f), vdupq_n_f32(0.0f), vdupq_n_f32(0.0f), vdupq_n_f32(0.0f)};
    return r;
}
HTV_INLINE htv_acc htv_acc_madd(htv_acc a, const float *x, const float *y) {
    a.v0 = vaddq_f32(a.v0, vmulq_f32(vld1q_f32(x + 0), vld1q_f32(y + 0)));
    a.v1 = vaddq_f32(a.v1, vmulq_f32(vld1q_f32(x + 4), vld1q_f32(y + 4)));
    a.v2 = vaddq_f32(a.v2, vmulq_f32(vld1q_f32(x + 8), vld1q_f32(y + 8)));
    a.v3 = vaddq_f32(a.v3, vmulq_f32(vld1q_f32(x + 12), vld1q_f32(y + 12)));
    return a;
}
HTV_INLINE htv_acc htv_acc_add(htv_acc a, const float *x) {
    a.v0 = vaddq_f32(a.v0, vld1q_f32(x + 0));
    a.v1 = vaddq_f32(a.v1, vld1q_f32(x + 4));
    a.v2 = vaddq_f32(a.v2, vld1q_f32(x + 8));
    a.v3 = vaddq_f32(a.v3, vld1q_f32(x + 12));
    return a;
}
/* The fixed tree: a[k] += a[k+8] gives v0 + v2 (lanes 0-3) and v1 + v3
 * (lanes 4-7); a[k] += a[k+4]; a[k] += a[k+2] adds the high half of the
 * 4-lane vector to its low half; then a[0] + a[1]. No pairwise vpaddq: it
 * adds neighbours, which is another tree. */
HTV_INLINE float htv_reduce(htv_acc a) {
    float32x4_t s4 = vaddq_f32(vaddq_f32(a.v0, a.v2), vaddq_f32(a.v1, a.v3));
    float32x2_t s2 = vadd_f32(vget_low_f32(s4), vget_high_f32(s4));
    return vget_lane_f32(s2, 0) + vget_lane_f32(s2, 1);
}

/* Half a panel (32 outputs, 8 chains) per pass, as in SSE2; each output is
 * one sequential sum over j starting from y. */
static void matvec_panels_v(float *y, const float *w, size_t pstride, const float *x, size_t n_in,
                            size_t n_panels) {
    for (size_t p = 0; p < n_panels; p++) {
        for (size_t h = 0; h < HT_PANEL; h += 32) {
            float *yp = y + p * HT_PANEL + h;
            const float *wp = w + p * pstride + h;
            float32x4_t a0 = vld1q_f32(yp + 0), a1 = vld1q_f32(yp + 4);
            float32x4_t a2 = vld1q_f32(yp + 8), a3 = vld1q_f32(yp + 12);
            float32x4_t a4 = vld1q_f32(yp + 16), a5 = vld1q_f32(yp + 20);
            float32x4_t a6 = vld1q_f32(yp + 24), a7 = vld1q_f32(yp + 28);
            for (size_t j = 0; j < n_in; j++) {
                const float32x4_t xj = vdupq_n_f32(x[j]);
                const float *r = wp + j * HT_PANEL;
                a0 = vaddq_f32(a0, vmulq_f32(vld1q_f32(r + 0), xj));
                a1 = vaddq_f32(a1, vmulq_f32(vld1q_f32(r + 4), xj));
                a2 = vaddq_f32(a2, vmulq_f32(vld1q_f32(r + 8), xj));
                a3 = vaddq_f32(a3, vmulq_f32(vld1q_f32(r + 12), xj));
                a4 = vaddq_f32(a4, vmulq_f32(vld1q_f32(r + 16), xj));
                a5 = vaddq_f32(a5, vmulq_f32(vld1q_f32(r + 20), xj));
                a6 = vaddq_f32(a6, vmulq_f32(vld1q_f32(r + 24), xj));
                a7 = vaddq_f32(a7, vmulq_f32(vld1q_f32(r + 28), xj));
            }
            vst1q_f32(yp + 0, a0);
            vst1q_f32(yp + 4, a1);
            vst1q_f32(yp + 8, a2);
            vst1q_f32(yp + 12, a3);
            vst1q_f32(yp + 16, a4);
            vst1q_f32(yp + 20, a5);
            vst1q_f32(yp + 24, a6);
            vst1q_f32(yp + 28, a7);
        }
    }
}

#include "kernels_x86_body.h"
