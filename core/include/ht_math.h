/* ht_math.h: the one exp/tanh/sigmoid/log every path uses, as scalar code.
 *
 * The SIMD kernels evaluate exactly these operations, in this order, in every
 * lane, so all ISAs return the same bits (docs/method.md section 14, item 4: libm's tanhf
 * and a vector tanh would be different functions). Coefficients are the
 * classic single-precision minimax fits (Cody-Waite reduction for exp).
 * Never let the compiler contract these into FMA: the build sets
 * -ffp-contract=off and this header refuses to compile without that promise
 * being kept by the build (see CMakeLists.txt).
 *
 * Accuracy (measured by tests/core/test_math_ulp.c against binary64 libm):
 * see that test's output; bounded there at <= 2 ULP on the ranges the kernels
 * use. Special values: NaN in, NaN out; exp(x) = +inf for x > 88.8 and +0 for
 * x < -104 (subnormal results in between are rounded once, not flushed);
 * tanh(+-0) = +-0, tanh(+-inf) = +-1; sigmoid(-inf) = 0, sigmoid(+inf) = 1. */
#ifndef HT_MATH_H
#define HT_MATH_H

#include <float.h>
#include <stdint.h>
#include <string.h>

/* Every float operation must round to binary32 once, as written. A build
 * that evaluates float expressions in a wider format (FLT_EVAL_METHOD 1 or
 * 2: x87, i386 without -mfpmath=sse; -1: indeterminate) rounds twice or
 * not at all and cannot match the other paths bit for bit, so it is refused
 * here (core/CMakeLists.txt refuses it at configure time already). 0 is the
 * normal case; 16 (aarch64 GCC: _Float16 promoted to float) and 32 leave
 * float arithmetic in float. The i386 build needs -msse2 -mfpmath=sse
 * (cmake/toolchains/i386-linux-gnu.cmake). Only the x87 parity mutation
 * (TOCK_MUTATION=x87, kernels_scalar.c alone) may build past this. */
#if !defined(FLT_EVAL_METHOD) ||                                                                   \
    (FLT_EVAL_METHOD != 0 && FLT_EVAL_METHOD != 16 && FLT_EVAL_METHOD != 32)
#ifndef HT_MUTATION_X87
#error "FLT_EVAL_METHOD != 0: float math in a wider format (x87?) breaks parity; i386: -mfpmath=sse"
#endif
#endif

static inline uint32_t ht_f32_bits(float x) {
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}
static inline float ht_bits_f32(uint32_t u) {
    float x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* Cody-Waite split of ln 2: HI has few bits so n * HI is exact. */
#define HT_EXP_LOG2E 1.44269504088896341f
#define HT_EXP_LN2_HI 0.693359375f
#define HT_EXP_LN2_LO (-2.12194440e-4f)
#define HT_EXP_ROUND 12582912.0f /* 1.5 * 2^23: adding it rounds to an integer */
#define HT_EXP_HI 88.8f          /* above: +inf */
#define HT_EXP_LO (-104.0f)      /* below: +0 (exp(-104) < 2^-149 / 2) */
#define HT_EXP_P0 1.9875691500E-4f
#define HT_EXP_P1 1.3981999507E-3f
#define HT_EXP_P2 8.3334519073E-3f
#define HT_EXP_P3 4.1665795894E-2f
#define HT_EXP_P4 1.6666665459E-1f
#define HT_EXP_P5 5.0000001201E-1f

/* exp on the reduced core, for x already inside [HT_EXP_LO, HT_EXP_HI]. The
 * power of two is applied as 2^n1 * 2^n2 with n1 = n >> 1 so that both factors
 * are normal numbers for every n in [-150, 128]. */
static inline float ht__expf_core(float x) {
    float t = x * HT_EXP_LOG2E + HT_EXP_ROUND;
    float n = t - HT_EXP_ROUND;
    float r = x - n * HT_EXP_LN2_HI;
    r = r - n * HT_EXP_LN2_LO;
    float p = HT_EXP_P0;
    p = p * r + HT_EXP_P1;
    p = p * r + HT_EXP_P2;
    p = p * r + HT_EXP_P3;
    p = p * r + HT_EXP_P4;
    p = p * r + HT_EXP_P5;
    float y = p * (r * r) + r + 1.0f;
    int32_t ni = (int32_t)n;
    int32_t n1 = ni >> 1; /* arithmetic shift: floor(n / 2) */
    int32_t n2 = ni - n1;
    float s1 = ht_bits_f32((uint32_t)(n1 + 127) << 23);
    float s2 = ht_bits_f32((uint32_t)(n2 + 127) << 23);
    return (y * s1) * s2;
}

static inline float ht_expf(float x) {
    if (x != x) return x;
    if (x > HT_EXP_HI) return ht_bits_f32(0x7f800000u);
    if (x < HT_EXP_LO) return 0.0f;
    return ht__expf_core(x);
}

#define HT_TANH_SMALL 0.625f /* below: odd polynomial; above: via exp */
#define HT_TANH_BIG 9.0f     /* above: +-1 (tanh(9) rounds to 1 in binary32) */
#define HT_TANH_P0 (-5.70498872745E-3f)
#define HT_TANH_P1 2.06390887954E-2f
#define HT_TANH_P2 (-5.37397155531E-2f)
#define HT_TANH_P3 1.33314422036E-1f
#define HT_TANH_P4 (-3.33332819422E-1f)

/* tanh is computed on |x| and the sign of x is put back with a bit operation,
 * so tanh(-0) = -0 and odd symmetry is exact. */
static inline float ht_tanhf(float x) {
    uint32_t sign = ht_f32_bits(x) & 0x80000000u;
    float a = ht_bits_f32(ht_f32_bits(x) & 0x7fffffffu);
    float r;
    if (a != a) return x;
    if (a < HT_TANH_SMALL) {
        float z = a * a;
        float p = HT_TANH_P0;
        p = p * z + HT_TANH_P1;
        p = p * z + HT_TANH_P2;
        p = p * z + HT_TANH_P3;
        p = p * z + HT_TANH_P4;
        r = (p * z) * a + a;
    } else if (a > HT_TANH_BIG) {
        r = 1.0f;
    } else {
        float e = ht__expf_core(a + a);
        r = 1.0f - 2.0f / (e + 1.0f);
    }
    return ht_bits_f32(ht_f32_bits(r) | sign);
}

/* sigmoid(x) = 1 / (1 + exp(-x)). A NaN is returned as it came: through
 * exp(-x) its sign would be up to the compiler (GCC folds 1 + -x into 1 - x). */
static inline float ht_sigmoidf(float x) {
    if (x != x) return x;
    return 1.0f / (1.0f + ht_expf(-x));
}

#define HT_LOG_SQRTH 0.707106781186547524f
#define HT_LOG_Q0 7.0376836292E-2f
#define HT_LOG_Q1 (-1.1514610310E-1f)
#define HT_LOG_Q2 1.1676998740E-1f
#define HT_LOG_Q3 (-1.2420140846E-1f)
#define HT_LOG_Q4 1.4249322787E-1f
#define HT_LOG_Q5 (-1.6668057665E-1f)
#define HT_LOG_Q6 2.0000714765E-1f
#define HT_LOG_Q7 (-2.4999993993E-1f)
#define HT_LOG_Q8 3.3333331174E-1f

/* Natural log: scalar only (entropy, SCM log); -inf at +-0, NaN below 0. */
static inline float ht_logf(float x) {
    if (x != x) return x;
    if (x < 0.0f) return ht_bits_f32(0x7fc00000u);
    if (x == 0.0f) return ht_bits_f32(0xff800000u);
    if (x == ht_bits_f32(0x7f800000u)) return x;
    int32_t e = 0;
    uint32_t u = ht_f32_bits(x);
    if (u < 0x00800000u) { /* subnormal: scale by 2^25 to make it normal */
        x = x * 33554432.0f;
        u = ht_f32_bits(x);
        e = -25;
    }
    e += (int32_t)(u >> 23) - 126; /* x = m * 2^e with m in [0.5, 1) */
    float m = ht_bits_f32((u & 0x007fffffu) | 0x3f000000u);
    if (m < HT_LOG_SQRTH) {
        e -= 1;
        m = m + m - 1.0f;
    } else {
        m = m - 1.0f;
    }
    float z = m * m;
    float y = HT_LOG_Q0;
    y = y * m + HT_LOG_Q1;
    y = y * m + HT_LOG_Q2;
    y = y * m + HT_LOG_Q3;
    y = y * m + HT_LOG_Q4;
    y = y * m + HT_LOG_Q5;
    y = y * m + HT_LOG_Q6;
    y = y * m + HT_LOG_Q7;
    y = y * m + HT_LOG_Q8;
    y = y * m * z;
    float fe = (float)e;
    y = y + fe * HT_EXP_LN2_LO;
    y = y - 0.5f * z;
    float r = m + y;
    return r + fe * HT_EXP_LN2_HI;
}

#endif
