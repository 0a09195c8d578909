/* kernels_avx512.c: the AVX-512 kernel table (16 float lanes, compiled with
 * -mavx512f -mavx512dq only: no BW/VL instructions, so mask bytes go through
 * vpmovzxbd / vpmovdb rather than byte masks). One zmm holds all 16 logical
 * reduction lanes. Everything but matvec_panels and the 16-lane reduction
 * accumulator (htv_acc) is the lane-generic body in kernels_x86_body.h.
 * Results must equal kernels_scalar.c bit for bit: no FMA (the build's
 * -ffp-contract=off matters most here, where -mavx512f would otherwise let GCC
 * contract), no reassociation, no rcp14/rsqrt14. */
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#include "ht_kernels.h"

#define HTV_INLINE static inline __attribute__((always_inline))
#define HTV_W 16
#define HTV_ISA HT_ISA_AVX512
#define HTV_TABLE ht__kernels_avx512

typedef __m512 htv_f;
typedef __m512i htv_i;
typedef __mmask16 htv_m;

HTV_INLINE htv_f htv_load(const float *p) { return _mm512_loadu_ps(p); }
HTV_INLINE void htv_store(float *p, htv_f v) { _mm512_storeu_ps(p, v); }
HTV_INLINE htv_f htv_set1(float a) { return _mm512_set1_ps(a); }
HTV_INLINE htv_f htv_zero(void) { return _mm512_setzero_ps(); }
HTV_INLINE htv_f htv_add(htv_f a, htv_f b) { return _mm512_add_ps(a, b); }
HTV_INLINE htv_f htv_sub(htv_f a, htv_f b) { return _mm512_sub_ps(a, b); }
HTV_INLINE htv_f htv_mul(htv_f a, htv_f b) { return _mm512_mul_ps(a, b); }
HTV_INLINE htv_f htv_div(htv_f a, htv_f b) { return _mm512_div_ps(a, b); }
HTV_INLINE htv_f htv_sqrt(htv_f a) { return _mm512_sqrt_ps(a); }
HTV_INLINE htv_f htv_and(htv_f a, htv_f b) { return _mm512_and_ps(a, b); }
HTV_INLINE htv_f htv_or(htv_f a, htv_f b) { return _mm512_or_ps(a, b); }
HTV_INLINE htv_f htv_xor(htv_f a, htv_f b) { return _mm512_xor_ps(a, b); }
HTV_INLINE htv_f htv_andnot(htv_f a, htv_f b) { return _mm512_andnot_ps(a, b); }
HTV_INLINE htv_m htv_lt(htv_f a, htv_f b) { return _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ); }
HTV_INLINE htv_m htv_gt(htv_f a, htv_f b) { return _mm512_cmp_ps_mask(a, b, _CMP_GT_OQ); }
HTV_INLINE htv_m htv_eq(htv_f a, htv_f b) { return _mm512_cmp_ps_mask(a, b, _CMP_EQ_OQ); }
HTV_INLINE htv_m htv_unord(htv_f a, htv_f b) { return _mm512_cmp_ps_mask(a, b, _CMP_UNORD_Q); }
HTV_INLINE htv_m htv_mor(htv_m a, htv_m b) { return (htv_m)(a | b); }
HTV_INLINE htv_f htv_sel(htv_m m, htv_f a, htv_f b) { return _mm512_mask_blend_ps(m, b, a); }
HTV_INLINE htv_f htv_zero_where(htv_m m, htv_f v) { return _mm512_maskz_mov_ps((htv_m)~m, v); }
HTV_INLINE htv_i htv_cvtt(htv_f a) { return _mm512_cvttps_epi32(a); }
HTV_INLINE htv_i htv_srai1(htv_i a) { return _mm512_srai_epi32(a, 1); }
HTV_INLINE htv_i htv_isub(htv_i a, htv_i b) { return _mm512_sub_epi32(a, b); }
HTV_INLINE htv_f htv_pow2(htv_i n) {
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(n, _mm512_set1_epi32(127)), 23));
}

/* 16 mask bytes -> k-mask (true where nonzero) and back to 0/1 bytes. */
HTV_INLINE htv_m htv_mask_bytes(__m128i b) {
    __m512i v = _mm512_cvtepu8_epi32(b);
    return _mm512_test_epi32_mask(v, v);
}
HTV_INLINE htv_m htv_mask_nz(const uint8_t *p) {
    return htv_mask_bytes(_mm_loadu_si128((const __m128i *)(const void *)p));
}
HTV_INLINE htv_m htv_mask_nz2(const uint8_t *p, const uint8_t *q) {
    return htv_mask_bytes(_mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)p),
                                       _mm_loadu_si128((const __m128i *)(const void *)q)));
}
HTV_INLINE void htv_mask_store(uint8_t *p, htv_m m) {
    __m128i b = _mm512_cvtepi32_epi8(_mm512_maskz_set1_epi32(m, 1));
    _mm_storeu_si128((__m128i *)(void *)p, b);
}

/* The 16 logical lanes in one register. */
typedef struct {
    __m512 v;
} htv_acc;

HTV_INLINE htv_acc htv_acc_zero(void) {
    htv_acc r = {_mm512_setzero_ps()};
    return r;
}
HTV_INLINE htv_acc htv_acc_madd(htv_acc a, const float *x, const float *y) {
    a.v = _mm512_add_ps(a.v, _mm512_mul_ps(_mm512_loadu_ps(x), _mm512_loadu_ps(y)));
    return a;
}
HTV_INLINE htv_acc htv_acc_add(htv_acc a, const float *x) {
    a.v = _mm512_add_ps(a.v, _mm512_loadu_ps(x));
    return a;
}
/* a[k] += a[k+8] (low + high 256 bits), then a[k] += a[k+4]. */
HTV_INLINE __m128 htv_acc_to4(htv_acc a) {
    __m256 s8 = _mm256_add_ps(_mm512_castps512_ps256(a.v), _mm512_extractf32x8_ps(a.v, 1));
    return _mm_add_ps(_mm256_castps256_ps128(s8), _mm256_extractf128_ps(s8, 1));
}

/* One panel (64 outputs) = 4 zmm chains, each a sequential sum over j from
 * y. Measured on Zen 5 (n_in 256, 8 panels, 512 KB from L2): this single
 * stream runs at 1.0-1.1x the plain-load streaming floor, while two panels at
 * once (8 chains, two streams) took 1.8-2x as long and software prefetch or
 * unrolling j gave nothing measurable, so the simple loop stays. */
static void matvec_panels_v(float *y, const float *w, size_t pstride, const float *x, size_t n_in,
                            size_t n_panels) {
    for (size_t p = 0; p < n_panels; p++) {
        float *yp = y + p * HT_PANEL;
        const float *wp = w + p * pstride;
        __m512 a0 = _mm512_loadu_ps(yp + 0), a1 = _mm512_loadu_ps(yp + 16);
        __m512 a2 = _mm512_loadu_ps(yp + 32), a3 = _mm512_loadu_ps(yp + 48);
        for (size_t j = 0; j < n_in; j++) {
            const __m512 xj = _mm512_set1_ps(x[j]);
            const float *r = wp + j * HT_PANEL;
            a0 = _mm512_add_ps(a0, _mm512_mul_ps(_mm512_loadu_ps(r + 0), xj));
            a1 = _mm512_add_ps(a1, _mm512_mul_ps(_mm512_loadu_ps(r + 16), xj));
            a2 = _mm512_add_ps(a2, _mm512_mul_ps(_mm512_loadu_ps(r + 32), xj));
            a3 = _mm512_add_ps(a3, _mm512_mul_ps(_mm512_loadu_ps(r + 48), xj));
        }
        _mm512_storeu_ps(yp + 0, a0);
        _mm512_storeu_ps(yp + 16, a1);
        _mm512_storeu_ps(yp + 32, a2);
        _mm512_storeu_ps(yp + 48, a3);
    }
}

#include "kernels_x86_body.h"
