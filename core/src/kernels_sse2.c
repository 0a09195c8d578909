/* kernels_sse2.c: the SSE2 kernel table (4 float lanes, compiled with -msse2
 * only). The 16 logical reduction lanes live in 4 xmm registers (lanes 0-3,
 * 4-7, 8-11, 12-15). Everything but matvec_panels and the 16-lane reduction
 * accumulator (htv_acc) is the lane-generic body in kernels_x86_body.h.
 * Results must equal kernels_scalar.c bit for bit: no FMA, no reassociation,
 * no rcp. */
#include <emmintrin.h>
#include <stdint.h>
#include <string.h>

#include "ht_kernels.h"

#define HTV_INLINE static inline __attribute__((always_inline))
#define HTV_W 4
#define HTV_ISA HT_ISA_SSE2
#define HTV_TABLE ht__kernels_sse2

typedef __m128 htv_f;
typedef __m128i htv_i;
typedef __m128 htv_m; /* all-ones / all-zeros lanes */

HTV_INLINE htv_f htv_load(const float *p) { return _mm_loadu_ps(p); }
HTV_INLINE void htv_store(float *p, htv_f v) { _mm_storeu_ps(p, v); }
HTV_INLINE htv_f htv_set1(float a) { return _mm_set1_ps(a); }
HTV_INLINE htv_f htv_zero(void) { return _mm_setzero_ps(); }
HTV_INLINE htv_f htv_add(htv_f a, htv_f b) { return _mm_add_ps(a, b); }
HTV_INLINE htv_f htv_sub(htv_f a, htv_f b) { return _mm_sub_ps(a, b); }
HTV_INLINE htv_f htv_mul(htv_f a, htv_f b) { return _mm_mul_ps(a, b); }
HTV_INLINE htv_f htv_div(htv_f a, htv_f b) { return _mm_div_ps(a, b); }
HTV_INLINE htv_f htv_sqrt(htv_f a) { return _mm_sqrt_ps(a); }
HTV_INLINE htv_f htv_and(htv_f a, htv_f b) { return _mm_and_ps(a, b); }
HTV_INLINE htv_f htv_or(htv_f a, htv_f b) { return _mm_or_ps(a, b); }
HTV_INLINE htv_f htv_xor(htv_f a, htv_f b) { return _mm_xor_ps(a, b); }
HTV_INLINE htv_f htv_andnot(htv_f a, htv_f b) { return _mm_andnot_ps(a, b); }
HTV_INLINE htv_m htv_lt(htv_f a, htv_f b) { return _mm_cmplt_ps(a, b); }
HTV_INLINE htv_m htv_gt(htv_f a, htv_f b) { return _mm_cmpgt_ps(a, b); }
HTV_INLINE htv_m htv_eq(htv_f a, htv_f b) { return _mm_cmpeq_ps(a, b); }
HTV_INLINE htv_m htv_unord(htv_f a, htv_f b) { return _mm_cmpunord_ps(a, b); }
HTV_INLINE htv_m htv_mor(htv_m a, htv_m b) { return _mm_or_ps(a, b); }
HTV_INLINE htv_f htv_sel(htv_m m, htv_f a, htv_f b) {
    return _mm_or_ps(_mm_and_ps(m, a), _mm_andnot_ps(m, b));
}
HTV_INLINE htv_f htv_zero_where(htv_m m, htv_f v) { return _mm_andnot_ps(m, v); }
HTV_INLINE htv_i htv_cvtt(htv_f a) { return _mm_cvttps_epi32(a); }
HTV_INLINE htv_i htv_srai1(htv_i a) { return _mm_srai_epi32(a, 1); }
HTV_INLINE htv_i htv_isub(htv_i a, htv_i b) { return _mm_sub_epi32(a, b); }
HTV_INLINE htv_f htv_pow2(htv_i n) {
    return _mm_castsi128_ps(_mm_slli_epi32(_mm_add_epi32(n, _mm_set1_epi32(127)), 23));
}

/* 4 mask bytes -> lane mask (true where nonzero). */
HTV_INLINE htv_m htv_mask_bytes(uint32_t u) {
    const __m128i zero = _mm_setzero_si128();
    __m128i v = _mm_cvtsi32_si128((int)u);
    v = _mm_unpacklo_epi16(_mm_unpacklo_epi8(v, zero), zero);
    return _mm_castsi128_ps(_mm_xor_si128(_mm_cmpeq_epi32(v, zero), _mm_set1_epi32(-1)));
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
    __m128i i = _mm_castps_si128(m);
    i = _mm_packs_epi32(i, i); /* -1 / 0 survive signed saturation */
    i = _mm_packs_epi16(i, i);
    i = _mm_and_si128(i, _mm_set1_epi8(1));
    uint32_t u = (uint32_t)_mm_cvtsi128_si32(i);
    memcpy(p, &u, sizeof u);
}

/* The 16 logical lanes: v0 = lanes 0-3, v1 = 4-7, v2 = 8-11, v3 = 12-15. */
typedef struct {
    __m128 v0, v1, v2, v3;
} htv_acc;

HTV_INLINE htv_acc htv_acc_zero(void) {
    htv_acc r = {_mm_setzero_ps(), _mm_setzero_ps(), _mm_setzero_ps(), _mm_setzero_ps()};
    return r;
}
HTV_INLINE htv_acc htv_acc_madd(htv_acc a, const float *x, const float *y) {
    a.v0 = _mm_add_ps(a.v0, _mm_mul_ps(_mm_loadu_ps(x + 0), _mm_loadu_ps(y + 0)));
    a.v1 = _mm_add_ps(a.v1, _mm_mul_ps(_mm_loadu_ps(x + 4), _mm_loadu_ps(y + 4)));
    a.v2 = _mm_add_ps(a.v2, _mm_mul_ps(_mm_loadu_ps(x + 8), _mm_loadu_ps(y + 8)));
    a.v3 = _mm_add_ps(a.v3, _mm_mul_ps(_mm_loadu_ps(x + 12), _mm_loadu_ps(y + 12)));
    return a;
}
HTV_INLINE htv_acc htv_acc_add(htv_acc a, const float *x) {
    a.v0 = _mm_add_ps(a.v0, _mm_loadu_ps(x + 0));
    a.v1 = _mm_add_ps(a.v1, _mm_loadu_ps(x + 4));
    a.v2 = _mm_add_ps(a.v2, _mm_loadu_ps(x + 8));
    a.v3 = _mm_add_ps(a.v3, _mm_loadu_ps(x + 12));
    return a;
}
/* a[k] += a[k+8] gives v0 + v2 (lanes 0-3) and v1 + v3 (lanes 4-7); then
 * a[k] += a[k+4]. */
HTV_INLINE __m128 htv_acc_to4(htv_acc a) {
    return _mm_add_ps(_mm_add_ps(a.v0, a.v2), _mm_add_ps(a.v1, a.v3));
}

/* Half a panel (32 outputs, 8 xmm chains) per pass: 16 accumulators would not
 * fit beside the broadcast and the loads in 16 xmm registers. Each output is
 * still one sequential sum over j starting from y. */
static void matvec_panels_v(float *y, const float *w, size_t pstride, const float *x, size_t n_in,
                            size_t n_panels) {
    for (size_t p = 0; p < n_panels; p++) {
        for (size_t h = 0; h < HT_PANEL; h += 32) {
            float *yp = y + p * HT_PANEL + h;
            const float *wp = w + p * pstride + h;
            __m128 a0 = _mm_loadu_ps(yp + 0), a1 = _mm_loadu_ps(yp + 4);
            __m128 a2 = _mm_loadu_ps(yp + 8), a3 = _mm_loadu_ps(yp + 12);
            __m128 a4 = _mm_loadu_ps(yp + 16), a5 = _mm_loadu_ps(yp + 20);
            __m128 a6 = _mm_loadu_ps(yp + 24), a7 = _mm_loadu_ps(yp + 28);
            for (size_t j = 0; j < n_in; j++) {
                const __m128 xj = _mm_set1_ps(x[j]);
                const float *r = wp + j * HT_PANEL;
                a0 = _mm_add_ps(a0, _mm_mul_ps(_mm_loadu_ps(r + 0), xj));
                a1 = _mm_add_ps(a1, _mm_mul_ps(_mm_loadu_ps(r + 4), xj));
                a2 = _mm_add_ps(a2, _mm_mul_ps(_mm_loadu_ps(r + 8), xj));
                a3 = _mm_add_ps(a3, _mm_mul_ps(_mm_loadu_ps(r + 12), xj));
                a4 = _mm_add_ps(a4, _mm_mul_ps(_mm_loadu_ps(r + 16), xj));
                a5 = _mm_add_ps(a5, _mm_mul_ps(_mm_loadu_ps(r + 20), xj));
                a6 = _mm_add_ps(a6, _mm_mul_ps(_mm_loadu_ps(r + 24), xj));
                a7 = _mm_add_ps(a7, _mm_mul_ps(_mm_loadu_ps(r + 28), xj));
            }
            _mm_storeu_ps(yp + 0, a0);
            _mm_storeu_ps(yp + 4, a1);
            _mm_storeu_ps(yp + 8, a2);
            _mm_storeu_ps(yp + 12, a3);
            _mm_storeu_ps(yp + 16, a4);
            _mm_storeu_ps(yp + 20, a5);
            _mm_storeu_ps(yp + 24, a6);
            _mm_storeu_ps(yp + 28, a7);
        }
    }
}

#include "kernels_x86_body.h"
