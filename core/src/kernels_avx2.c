/* kernels_avx2.c: the AVX2 kernel table (8 float lanes, compiled with -mavx2
 * and deliberately without -mfma). The 16 logical reduction lanes live in 2
 * ymm registers (lanes 0-7, 8-15). Everything but matvec_panels and the
 * 16-lane reduction accumulator (htv_acc) is the lane-generic body in
 * kernels_x86_body.h. Results must equal kernels_scalar.c bit for bit: no FMA,
 * no reassociation, no rcp. */
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#include "ht_kernels.h"

#define HTV_INLINE static inline __attribute__((always_inline))
#define HTV_W 8
#define HTV_ISA HT_ISA_AVX2
#define HTV_TABLE ht__kernels_avx2

typedef __m256 htv_f;
typedef __m256i htv_i;
typedef __m256 htv_m; /* all-ones / all-zeros lanes */

HTV_INLINE htv_f htv_load(const float *p) { return _mm256_loadu_ps(p); }
HTV_INLINE void htv_store(float *p, htv_f v) { _mm256_storeu_ps(p, v); }
HTV_INLINE htv_f htv_set1(float a) { return _mm256_set1_ps(a); }
HTV_INLINE htv_f htv_zero(void) { return _mm256_setzero_ps(); }
HTV_INLINE htv_f htv_add(htv_f a, htv_f b) { return _mm256_add_ps(a, b); }
HTV_INLINE htv_f htv_sub(htv_f a, htv_f b) { return _mm256_sub_ps(a, b); }
HTV_INLINE htv_f htv_mul(htv_f a, htv_f b) { return _mm256_mul_ps(a, b); }
HTV_INLINE htv_f htv_div(htv_f a, htv_f b) { return _mm256_div_ps(a, b); }
HTV_INLINE htv_f htv_sqrt(htv_f a) { return _mm256_sqrt_ps(a); }
HTV_INLINE htv_f htv_and(htv_f a, htv_f b) { return _mm256_and_ps(a, b); }
HTV_INLINE htv_f htv_or(htv_f a, htv_f b) { return _mm256_or_ps(a, b); }
HTV_INLINE htv_f htv_xor(htv_f a, htv_f b) { return _mm256_xor_ps(a, b); }
HTV_INLINE htv_f htv_andnot(htv_f a, htv_f b) { return _mm256_andnot_ps(a, b); }
HTV_INLINE htv_m htv_lt(htv_f a, htv_f b) { return _mm256_cmp_ps(a, b, _CMP_LT_OQ); }
HTV_INLINE htv_m htv_gt(htv_f a, htv_f b) { return _mm256_cmp_ps(a, b, _CMP_GT_OQ); }
HTV_INLINE htv_m htv_eq(htv_f a, htv_f b) { return _mm256_cmp_ps(a, b, _CMP_EQ_OQ); }
HTV_INLINE htv_m htv_unord(htv_f a, htv_f b) { return _mm256_cmp_ps(a, b, _CMP_UNORD_Q); }
HTV_INLINE htv_m htv_mor(htv_m a, htv_m b) { return _mm256_or_ps(a, b); }
HTV_INLINE htv_f htv_sel(htv_m m, htv_f a, htv_f b) { return _mm256_blendv_ps(b, a, m); }
HTV_INLINE htv_f htv_zero_where(htv_m m, htv_f v) { return _mm256_andnot_ps(m, v); }
HTV_INLINE htv_i htv_cvtt(htv_f a) { return _mm256_cvttps_epi32(a); }
HTV_INLINE htv_i htv_srai1(htv_i a) { return _mm256_srai_epi32(a, 1); }
HTV_INLINE htv_i htv_isub(htv_i a, htv_i b) { return _mm256_sub_epi32(a, b); }
HTV_INLINE htv_f htv_pow2(htv_i n) {
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n, _mm256_set1_epi32(127)), 23));
}

/* 8 mask bytes (in the low half of b) -> lane mask (true where nonzero). */
HTV_INLINE htv_m htv_mask_bytes(__m128i b) {
    __m256i v = _mm256_cvtepu8_epi32(b);
    __m256i z = _mm256_cmpeq_epi32(v, _mm256_setzero_si256());
    return _mm256_castsi256_ps(_mm256_xor_si256(z, _mm256_set1_epi32(-1)));
}
HTV_INLINE htv_m htv_mask_nz(const uint8_t *p) {
    return htv_mask_bytes(_mm_loadl_epi64((const __m128i *)(const void *)p));
}
HTV_INLINE htv_m htv_mask_nz2(const uint8_t *p, const uint8_t *q) {
    return htv_mask_bytes(_mm_or_si128(_mm_loadl_epi64((const __m128i *)(const void *)p),
                                       _mm_loadl_epi64((const __m128i *)(const void *)q)));
}
HTV_INLINE void htv_mask_store(uint8_t *p, htv_m m) {
    __m256i i = _mm256_castps_si256(m);
    /* -1 / 0 survive signed saturation. */
    __m128i w = _mm_packs_epi32(_mm256_castsi256_si128(i), _mm256_extracti128_si256(i, 1));
    __m128i b = _mm_and_si128(_mm_packs_epi16(w, w), _mm_set1_epi8(1));
    _mm_storel_epi64((__m128i *)(void *)p, b);
}

/* The 16 logical lanes: v0 = lanes 0-7, v1 = lanes 8-15. */
typedef struct {
    __m256 v0, v1;
} htv_acc;

HTV_INLINE htv_acc htv_acc_zero(void) {
    htv_acc r = {_mm256_setzero_ps(), _mm256_setzero_ps()};
    return r;
}
HTV_INLINE htv_acc htv_acc_madd(htv_acc a, const float *x, const float *y) {
    a.v0 = _mm256_add_ps(a.v0, _mm256_mul_ps(_mm256_loadu_ps(x + 0), _mm256_loadu_ps(y + 0)));
    a.v1 = _mm256_add_ps(a.v1, _mm256_mul_ps(_mm256_loadu_ps(x + 8), _mm256_loadu_ps(y + 8)));
    return a;
}
HTV_INLINE htv_acc htv_acc_add(htv_acc a, const float *x) {
    a.v0 = _mm256_add_ps(a.v0, _mm256_loadu_ps(x + 0));
    a.v1 = _mm256_add_ps(a.v1, _mm256_loadu_ps(x + 8));
    return a;
}
/* a[k] += a[k+8] (v0 + v1), then a[k] += a[k+4] on the two halves. */
HTV_INLINE __m128 htv_acc_to4(htv_acc a) {
    __m256 s8 = _mm256_add_ps(a.v0, a.v1);
    return _mm_add_ps(_mm256_castps256_ps128(s8), _mm256_extractf128_ps(s8, 1));
}

/* One panel (64 outputs) = 8 ymm chains, each a sequential sum over j from y. */
static void matvec_panels_v(float *y, const float *w, size_t pstride, const float *x, size_t n_in,
                            size_t n_panels) {
    for (size_t p = 0; p < n_panels; p++) {
        float *yp = y + p * HT_PANEL;
        const float *wp = w + p * pstride;
        __m256 a0 = _mm256_loadu_ps(yp + 0), a1 = _mm256_loadu_ps(yp + 8);
        __m256 a2 = _mm256_loadu_ps(yp + 16), a3 = _mm256_loadu_ps(yp + 24);
        __m256 a4 = _mm256_loadu_ps(yp + 32), a5 = _mm256_loadu_ps(yp + 40);
        __m256 a6 = _mm256_loadu_ps(yp + 48), a7 = _mm256_loadu_ps(yp + 56);
        for (size_t j = 0; j < n_in; j++) {
            const __m256 xj = _mm256_set1_ps(x[j]);
            const float *r = wp + j * HT_PANEL;
            a0 = _mm256_add_ps(a0, _mm256_mul_ps(_mm256_loadu_ps(r + 0), xj));
            a1 = _mm256_add_ps(a1, _mm256_mul_ps(_mm256_loadu_ps(r + 8), xj));
            a2 = _mm256_add_ps(a2, _mm256_mul_ps(_mm256_loadu_ps(r + 16), xj));
            a3 = _mm256_add_ps(a3, _mm256_mul_ps(_mm256_loadu_ps(r + 24), xj));
            a4 = _mm256_add_ps(a4, _mm256_mul_ps(_mm256_loadu_ps(r + 32), xj));
            a5 = _mm256_add_ps(a5, _mm256_mul_ps(_mm256_loadu_ps(r + 40), xj));
            a6 = _mm256_add_ps(a6, _mm256_mul_ps(_mm256_loadu_ps(r + 48), xj));
            a7 = _mm256_add_ps(a7, _mm256_mul_ps(_mm256_loadu_ps(r + 56), xj));
        }
        _mm256_storeu_ps(yp + 0, a0);
        _mm256_storeu_ps(yp + 8, a1);
        _mm256_storeu_ps(yp + 16, a2);
        _mm256_storeu_ps(yp + 24, a3);
        _mm256_storeu_ps(yp + 32, a4);
        _mm256_storeu_ps(yp + 40, a5);
        _mm256_storeu_ps(yp + 48, a6);
        _mm256_storeu_ps(yp + 56, a7);
    }
}

#include "kernels_x86_body.h"
