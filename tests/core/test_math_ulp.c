/* test_math_ulp.c: accuracy of ht_math.h's exp, tanh, sigmoid and log
 * against binary64 libm, in ULPs of the binary32 result. The parity test
 * proves every SIMD kernel returns these functions' bits, so measuring the
 * scalar functions measures them all.
 *
 * Each range is swept through its float bit patterns with a fixed stride (a
 * full sweep of all four takes minutes; TOCK_ULP_STRIDE=1 runs it), plus an
 * exhaustive sweep of the narrow places where the code changes behaviour:
 * exp's subnormal results and overflow edge, tanh's 0.625 and 9 branch
 * points, log around 1 and every subnormal input. The bound is 2 ULP (a full
 * sweep measured 1, 1, 2 and 1 ULP for exp, tanh, sigmoid and log); special
 * values are checked exactly. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ht_math.h"
#include "test_util.h"

/* Floats in the order of the real line: ..., -tiny, 0, +tiny, ... (-0 and +0
 * share key 0). The distance of two keys is the number of representable
 * floats between them. */
static int64_t key_of(float x) {
    uint32_t u = ht_f32_bits(x);
    return (u & 0x80000000u) ? -(int64_t)(u & 0x7fffffffu) : (int64_t)u;
}
static float float_of(int64_t k) {
    return k < 0 ? ht_bits_f32(0x80000000u | (uint32_t)(-k)) : ht_bits_f32((uint32_t)k);
}

/* ULPs between got and the correctly rounded binary32 value of ref. NaN
 * matches only NaN; an infinite result matches only the same infinity. */
static int64_t ulp_dist(float got, double ref) {
    float want = (float)ref;
    if (got != got || want != want) return (got != got && want != want) ? 0 : INT64_MAX;
    if (isinf(got) || isinf(want)) return got == want ? 0 : INT64_MAX;
    int64_t d = key_of(got) - key_of(want);
    return d < 0 ? -d : d;
}

typedef float (*f32_fn)(float);
typedef double (*f64_fn)(double);

static double ref_exp(double x) { return exp(x); }
static double ref_tanh(double x) { return tanh(x); }
static double ref_sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }
static double ref_log(double x) { return log(x); }

typedef struct {
    int64_t max_ulp;
    float worst_x;
    uint64_t n;
} sweep_result;

/* Every stride-th float in [lo, hi] (both included). */
static void sweep(sweep_result *r, f32_fn f, f64_fn ref, float lo, float hi, int64_t stride) {
    int64_t k0 = key_of(lo), k1 = key_of(hi);
    for (int64_t k = k0;; k += stride) {
        if (k > k1) k = k1; /* always include the upper end */
        float x = float_of(k);
        int64_t d = ulp_dist(f(x), ref((double)x));
        if (d > r->max_ulp) {
            r->max_ulp = d;
            r->worst_x = x;
        }
        r->n++;
        if (k == k1) break;
    }
}

static int64_t g_stride = 97; /* a prime: no alignment with the exponent fields */

static void check_function(const char *name, f32_fn f, f64_fn ref, float lo, float hi,
                           const float (*dense)[2], size_t n_dense) {
    sweep_result r = {0, 0.0f, 0};
    clock_t t0 = clock();
    sweep(&r, f, ref, lo, hi, g_stride);
    for (size_t i = 0; i < n_dense; i++) sweep(&r, f, ref, dense[i][0], dense[i][1], 1);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    float got = f(r.worst_x);
    double want = ref((double)r.worst_x);
    printf("%-8s [%g, %g] every %lld-th float + %zu dense ranges: %llu points, max %lld ULP "
           "at x = %.9g (0x%08x): got %.9g, binary64 %.17g (%.2f s)\n",
           name, (double)lo, (double)hi, (long long)g_stride, n_dense, (unsigned long long)r.n,
           (long long)r.max_ulp, (double)r.worst_x, (unsigned)ht_f32_bits(r.worst_x), (double)got,
           want, secs);
    CHECK(r.max_ulp <= 2, "%s: max error %lld ULP at x = %.9g (got %.9g, binary64 %.17g)", name,
          (long long)r.max_ulp, (double)r.worst_x, (double)got, want);
}

#define CHECK_ULP(fn, ref, x, bound)                                                               \
    do {                                                                                           \
        float tx_ = (x);                                                                           \
        int64_t td_ = ulp_dist(fn(tx_), ref((double)tx_));                                         \
        CHECK(td_ <= (bound), "%s(%.9g) = %.9g (0x%08x), binary64 %.17g: %lld ULP", #fn,           \
              (double)tx_, (double)fn(tx_), (unsigned)ht_f32_bits(fn(tx_)), ref((double)tx_),      \
              (long long)td_);                                                                     \
    } while (0)

static void check_specials(void) {
    const float inf = INFINITY;
    const float qnan = ht_bits_f32(0x7fc12345u), nnan = ht_bits_f32(0xffc00001u);
    const float snan = ht_bits_f32(0x7f800001u);

    /* exp */
    CHECK_BITS_F32(ht_expf(qnan), qnan); /* NaN passes through, payload and all */
    CHECK_BITS_F32(ht_expf(nnan), nnan);
    CHECK_BITS_F32(ht_expf(snan), snan);
    CHECK_BITS_F32(ht_expf(inf), inf);
    CHECK_BITS_F32(ht_expf(-inf), 0.0f);
    CHECK_BITS_F32(ht_expf(0.0f), 1.0f);
    CHECK_BITS_F32(ht_expf(-0.0f), 1.0f);
    CHECK_BITS_F32(ht_expf(FLT_MAX), inf);
    CHECK_BITS_F32(ht_expf(-FLT_MAX), 0.0f);
    CHECK_BITS_F32(ht_expf(nextafterf(HT_EXP_HI, inf)), inf); /* above the cut-off */
    CHECK_BITS_F32(ht_expf(88.9f), inf);
    CHECK_BITS_F32(ht_expf(nextafterf(HT_EXP_LO, -inf)), 0.0f); /* below the cut-off */
    CHECK_BITS_F32(ht_expf(-104.1f), 0.0f);
    CHECK_ULP(ht_expf, ref_exp, 88.7f, 2);
    CHECK_ULP(ht_expf, ref_exp, 88.72283f, 2); /* just below FLT_MAX's log */
    CHECK_ULP(ht_expf, ref_exp, HT_EXP_HI, 2); /* inf either way */
    CHECK_ULP(ht_expf, ref_exp, HT_EXP_LO, 2); /* subnormal region edge */
    CHECK_ULP(ht_expf, ref_exp, -103.9f, 2);
    CHECK_ULP(ht_expf, ref_exp, -87.33654f, 2); /* FLT_MIN's log: normal/subnormal edge */
    CHECK_ULP(ht_expf, ref_exp, 1e-40f, 0);
    CHECK_ULP(ht_expf, ref_exp, -1e-42f, 0);
    CHECK_ULP(ht_expf, ref_exp, 1.0f, 1);

    /* tanh: odd, exact signed zeros, saturation */
    CHECK_BITS_F32(ht_tanhf(qnan), qnan);
    CHECK_BITS_F32(ht_tanhf(nnan), nnan);
    CHECK_BITS_F32(ht_tanhf(0.0f), 0.0f);
    CHECK_BITS_F32(ht_tanhf(-0.0f), -0.0f);
    CHECK_BITS_F32(ht_tanhf(inf), 1.0f);
    CHECK_BITS_F32(ht_tanhf(-inf), -1.0f);
    CHECK_BITS_F32(ht_tanhf(FLT_MAX), 1.0f);
    CHECK_BITS_F32(ht_tanhf(-20.0f), -1.0f);
    CHECK_BITS_F32(ht_tanhf(1e-40f), 1e-40f); /* tanh(x) = x for tiny x */
    CHECK_BITS_F32(ht_tanhf(-1e-42f), -1e-42f);
    {
        const float pts[] = {HT_TANH_SMALL, HT_TANH_BIG, 1.0f, 0.5f};
        for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++) {
            float p = pts[i];
            float around[3] = {nextafterf(p, 0.0f), p, nextafterf(p, inf)};
            for (size_t j = 0; j < 3; j++) {
                CHECK_ULP(ht_tanhf, ref_tanh, around[j], 2);
                CHECK_BITS_F32(ht_tanhf(-around[j]), -ht_tanhf(around[j])); /* exact odd symmetry */
            }
        }
    }

    /* sigmoid */
    CHECK_BITS_F32(ht_sigmoidf(-inf), 0.0f);
    CHECK_BITS_F32(ht_sigmoidf(inf), 1.0f);
    CHECK_BITS_F32(ht_sigmoidf(0.0f), 0.5f);
    CHECK_BITS_F32(ht_sigmoidf(-0.0f), 0.5f);
    CHECK_BITS_F32(ht_sigmoidf(qnan), qnan); /* NaN passes through, sign and payload */
    CHECK_BITS_F32(ht_sigmoidf(nnan), nnan);
    CHECK_ULP(ht_sigmoidf, ref_sigmoid, -87.0f, 2);
    CHECK_ULP(ht_sigmoidf, ref_sigmoid, 104.0f, 2);
    /* Below about -88.72, exp(-x) overflows to +inf and 1 / (1 + inf) is +0,
   * while the true value is a number below FLT_MIN (it underflows to 0 only
   * near -103.97): outside the ULP bound's range, so bound the absolute
   * error there instead. */
    CHECK_BITS_F32(ht_sigmoidf(-88.8f), 0.0f);
    for (float x = -104.0f; x < -87.0f; x += 0.125f) {
        double err = fabs((double)ht_sigmoidf(x) - ref_sigmoid((double)x));
        CHECK(err < (double)FLT_MIN, "sigmoid(%.9g) = %.9g, binary64 %.17g", (double)x,
              (double)ht_sigmoidf(x), ref_sigmoid((double)x));
    }

    /* log */
    CHECK_BITS_F32(ht_logf(0.0f), -inf);
    CHECK_BITS_F32(ht_logf(-0.0f), -inf);
    CHECK_BITS_F32(ht_logf(inf), inf);
    CHECK_BITS_F32(ht_logf(-1.0f), ht_bits_f32(0x7fc00000u));
    CHECK_BITS_F32(ht_logf(-inf), ht_bits_f32(0x7fc00000u));
    CHECK_BITS_F32(ht_logf(qnan), qnan);
    CHECK_BITS_F32(ht_logf(1.0f), 0.0f);
    CHECK_ULP(ht_logf, ref_log, FLT_MAX, 2);
    CHECK_ULP(ht_logf, ref_log, FLT_MIN, 2);
    CHECK_ULP(ht_logf, ref_log, ht_bits_f32(1u), 2); /* smallest subnormal */
    CHECK_ULP(ht_logf, ref_log, 1e-40f, 2);
    CHECK_ULP(ht_logf, ref_log, HT_LOG_SQRTH, 2);
    CHECK_ULP(ht_logf, ref_log, nextafterf(1.0f, 0.0f), 2);
    CHECK_ULP(ht_logf, ref_log, nextafterf(1.0f, 2.0f), 2);
}

int main(void) {
    const char *s = getenv("TOCK_ULP_STRIDE");
    if (s && *s)
        g_stride = strtoll(s, NULL, 10) > 0 ? strtoll(s, NULL, 10) : 1;
    else if (tu_short_mode())
        g_stride = 997;

    check_specials();

    static const float exp_dense[][2] = {
        {-104.0f, -87.0f}, /* subnormal and near-subnormal results (2.2M floats) */
        {88.0f, 88.7f},    /* near overflow */
    };
    static const float tanh_dense[][2] = {
        {0.5f, 0.75f},
        {-0.75f, -0.5f}, /* the 0.625 branch point */
        {8.5f, 9.5f},    /* saturation at 9 */
    };
    static const float sig_dense[][2] = {{-1.0f, -0.5f}, {0.5f, 1.0f}};
    static const float log_dense[][2] = {
        {0.5f, 2.0f},        /* around 1, both sides of sqrt(1/2) (16.8M floats) */
        {1e-45f, 0x1p-126f}, /* every subnormal */
    };
    check_function("exp", ht_expf, ref_exp, -104.0f, 88.7f, exp_dense,
                   sizeof exp_dense / sizeof exp_dense[0]);
    check_function("tanh", ht_tanhf, ref_tanh, -20.0f, 20.0f, tanh_dense,
                   sizeof tanh_dense / sizeof tanh_dense[0]);
    check_function("sigmoid", ht_sigmoidf, ref_sigmoid, -20.0f, 20.0f, sig_dense,
                   sizeof sig_dense / sizeof sig_dense[0]);
    check_function("log", ht_logf, ref_log, 1e-30f, 1e30f, log_dense,
                   sizeof log_dense / sizeof log_dense[0]);
    TU_FINISH();
}
