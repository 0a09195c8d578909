/* test_kernels_parity.c: every kernel of every SIMD table this CPU can run
 * must return the scalar table's bits (ht_kernels.h). Inputs come from
 * ht_rng, one seed per case so every ISA sees the same data, and include the
 * values where the code branches: signed zeros, subnormals, +-FLT_MAX, +-inf,
 * quiet and signalling NaNs with payloads, exp's cut-offs, tanh's branch
 * points, odd mask bytes. Sizes cover every tail length (0..67) and a few
 * long vectors; buffers are allocated to their exact length (and sometimes
 * one float off 16-byte alignment) so a sanitizer sees any overrun. An ISA
 * the CPU lacks is reported as SKIPPED, never passed silently. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ht_isa.h"
#include "ht_kernels.h"
#include "ht_math.h"
#include "ht_rng.h"
#include "test_util.h"

static const char *g_isa = "?"; /* the ISA under test, for messages */

/* ---- inputs ---- */

enum { C_UNIT, C_WIDE, C_BITS, C_SPECIAL, C_SUBNORMAL, C_COUNT };
static const char *const class_names[C_COUNT] = {"unit", "wide", "bits", "special", "subnormal"};

#define N_SPECIAL 64
static float specials[N_SPECIAL];
static size_t n_specials;

static void add_special(float v) {
    if (n_specials < N_SPECIAL) specials[n_specials++] = v;
}

static void init_specials(void) {
    const float cut[] = {88.7f, 88.8f, 88.9f, -103.9f, -104.0f, -104.1f, 0.625f, 9.0f};
    add_special(0.0f);
    add_special(-0.0f);
    add_special(1e-40f);
    add_special(-1e-42f);
    add_special(FLT_MIN);
    add_special(FLT_MAX);
    add_special(-FLT_MAX);
    add_special(INFINITY);
    add_special(-INFINITY);
    add_special(ht_bits_f32(0x7fc00000u)); /* default quiet NaN */
    add_special(ht_bits_f32(0x7fc12345u)); /* quiet NaN with payload */
    add_special(ht_bits_f32(0xffc00001u)); /* negative quiet NaN */
    add_special(ht_bits_f32(0x7f800001u)); /* signalling NaN */
    add_special(ht_bits_f32(0xff9abcdeu)); /* negative signalling NaN */
    add_special(1.0f);
    add_special(-1.0f);
    add_special(1e-6f);
    add_special(88.72283f);
    for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++) {
        float c = cut[i];
        add_special(c);
        add_special(nextafterf(c, INFINITY));
        add_special(nextafterf(c, -INFINITY));
        if (c > 0) { /* both signs of tanh's branch points */
            add_special(-c);
            add_special(nextafterf(-c, INFINITY));
            add_special(nextafterf(-c, -INFINITY));
        }
    }
}

static float gen(ht_rng *r, int cls) {
    switch (cls) {
    case C_UNIT: return ht_rng_symmetric_f32(r, 1.0);
    case C_WIDE: return ht_rng_symmetric_f32(r, 120.0);
    case C_BITS: return ht_bits_f32((uint32_t)(ht_rng_next(r) >> 32));
    case C_SPECIAL:
        if (ht_rng_next(r) & 1) return specials[(ht_rng_next(r) >> 33) % n_specials];
        return ht_rng_symmetric_f32(r, 12.0);
    default: { /* subnormals and the smallest normals, both signs */
        uint32_t u = (uint32_t)(ht_rng_next(r) >> 32);
        return ht_bits_f32(u & 0x80ffffffu);
    }
    }
}

static void fill(float *x, size_t n, ht_rng *r, int cls) {
    for (size_t i = 0; i < n; i++) x[i] = gen(r, cls);
}

static void fill_mask(uint8_t *m, size_t n, ht_rng *r) {
    static const uint8_t pool[8] = {0, 0, 0, 0, 1, 2, 255, 128};
    for (size_t i = 0; i < n; i++) {
        uint64_t v = ht_rng_next(r);
        m[i] = (v & 0x100) ? (uint8_t)(v >> 56) : pool[v & 7];
    }
}

static uint64_t case_seed(unsigned kernel, size_t a, size_t b, unsigned cls) {
    return ((uint64_t)kernel << 48) ^ ((uint64_t)a << 24) ^ ((uint64_t)b << 8) ^ cls;
}

/* A float buffer of exactly n elements, one float past 16-byte alignment when
 * off is 1 (malloc's block then starts one float earlier). */
typedef struct {
    float *base;
    float *p;
} fbuf;

static fbuf fb_new(size_t n, size_t off) {
    fbuf b;
    b.base = tu_alloc((n + off) * sizeof(float));
    b.p = b.base + off;
    return b;
}

static fbuf fb_copy(const float *src, size_t n, size_t off) {
    fbuf b = fb_new(n, off);
    if (n) memcpy(b.p, src, n * sizeof *src);
    return b;
}

/* ---- comparisons ---- */

static const size_t sizes[] = {0,  1,  2,  3,  4,  5,  6,  7,  8,   9,   10,  11,   12,      13, 14,
                               15, 16, 17, 18, 19, 20, 21, 22, 23,  24,  25,  26,   27,      28, 29,
                               30, 31, 32, 33, 34, 35, 36, 37, 38,  39,  40,  41,   42,      43, 44,
                               45, 46, 47, 48, 49, 50, 51, 52, 53,  54,  55,  56,   57,      58, 59,
                               60, 61, 62, 63, 64, 65, 66, 67, 127, 128, 129, 1000, 4096 + 3};
#define N_SIZES (sizeof sizes / sizeof sizes[0])

static char what[256];
static long g_tolerated; /* NaN-vs-NaN differences accepted, per ISA */

/* An input that can make or carry a NaN: NaN, +-inf, or so large that a sum
 * or product of it overflows. */
static int wild(float v) { return !(fabsf(v) < 0x1p60f); }

static size_t count_wild(const float *x, size_t n) {
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += (size_t)wild(x[i]);
    return c;
}

/* lenient[i] = 1 when two or more wild values feed output i: a[i], b[i],
 * c[i] (NULL arrays are skipped) plus `extra` wild values shared by all. */
static uint8_t *lenient_of(size_t n, const float *a, const float *b, const float *c, size_t extra) {
    uint8_t *l = tu_alloc(n);
    for (size_t i = 0; i < n; i++) {
        size_t w = extra;
        if (a) w += (size_t)wild(a[i]);
        if (b) w += (size_t)wild(b[i]);
        if (c) w += (size_t)wild(c[i]);
        l[i] = w >= 2;
    }
    return l;
}

static int is_nan(float v) { return v != v; }

/* got = the SIMD table's output, want = the scalar table's: equal bits, with
 * one exception. When two NaNs meet in one IEEE operation, x86 returns the
 * first operand's, and which operand comes first is the compiler's register
 * choice, not the C source's (GCC and clang already disagree for the scalar
 * file itself). So where two or more wild inputs fed an output (lenient[i],
 * or lenient_all) and both outputs are NaN, any NaN is accepted and counted.
 * A single NaN input must come out with its exact bits. On failure the
 * inputs at the first differing index are printed too. */
static void same_f32s(const float *got, const float *want, size_t n, const uint8_t *lenient,
                      int lenient_all, const float *in0, const float *in1) {
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < n; i++) {
        if (tu_f32_bits(got[i]) == tu_f32_bits(want[i])) continue;
        if (is_nan(got[i]) && is_nan(want[i]) && (lenient_all || (lenient && lenient[i]))) {
            g_tolerated++;
            continue;
        }
        if (bad++ == 0) first = i;
    }
    CHECK(bad == 0,
          "%s: %zu of %zu floats differ; first [%zu] got %.9g (0x%08x), scalar %.9g (0x%08x)", what,
          bad, n, first, bad ? (double)got[first] : 0.0,
          bad ? (unsigned)tu_f32_bits(got[first]) : 0u, bad ? (double)want[first] : 0.0,
          bad ? (unsigned)tu_f32_bits(want[first]) : 0u);
    if (bad) {
        if (in0)
            fprintf(stderr, "    input0[%zu] = %.9g (0x%08x)\n", first, (double)in0[first],
                    (unsigned)tu_f32_bits(in0[first]));
        if (in1)
            fprintf(stderr, "    input1[%zu] = %.9g (0x%08x)\n", first, (double)in1[first],
                    (unsigned)tu_f32_bits(in1[first]));
    }
}

static void same_f32(float got, float want, int lenient) {
    same_f32s(&got, &want, 1, NULL, lenient, NULL, NULL);
}

#define WHAT(...) snprintf(what, sizeof what, __VA_ARGS__)

/* ---- panel kernels ---- */

static void test_matvec(const ht_kernels *ref, const ht_kernels *k, int cls) {
    for (size_t n_in = 0; n_in <= 70; n_in++) {
        for (size_t np = 1; np <= 5; np++) {
            for (size_t gap = 0; gap < 2; gap++) {
                /* gap 1: pstride larger than n_in * 64 and not a multiple of 16. */
                size_t pstride = n_in * HT_PANEL + gap * (HT_PANEL + 5);
                size_t nw = (np - 1) * pstride + n_in * HT_PANEL;
                ht_rng r;
                ht_rng_seed(&r, case_seed(1, n_in, np * 2 + gap, (unsigned)cls));
                fbuf w = fb_new(nw, gap), x = fb_new(n_in, 0), y = fb_new(np * HT_PANEL, gap);
                for (size_t i = 0; i < nw; i++) w.p[i] = ht_rng_symmetric_f32(&r, 0.08);
                fill(x.p, n_in, &r, cls);
                fill(y.p, np * HT_PANEL, &r, cls);
                if (cls == C_SPECIAL) /* a few special weights as well */
                    for (size_t i = 0; i < nw; i += 97) w.p[i] = gen(&r, cls);
                fbuf y2 = fb_copy(y.p, np * HT_PANEL, 0);
                /* output p*64+l is fed by y, every x[j] and its weights */
                uint8_t *len = tu_alloc(np * HT_PANEL);
                size_t wx = count_wild(x.p, n_in);
                for (size_t p = 0; p < np; p++)
                    for (size_t l = 0; l < HT_PANEL; l++) {
                        size_t c = wx + (size_t)wild(y.p[p * HT_PANEL + l]);
                        for (size_t j = 0; j < n_in; j++)
                            c += (size_t)wild(w.p[p * pstride + j * HT_PANEL + l]);
                        len[p * HT_PANEL + l] = c >= 2;
                    }
                ref->matvec_panels(y2.p, w.p, pstride, x.p, n_in, np);
                k->matvec_panels(y.p, w.p, pstride, x.p, n_in, np);
                WHAT("%s matvec_panels n_in=%zu n_panels=%zu pstride=%zu class=%s", g_isa, n_in, np,
                     pstride, class_names[cls]);
                same_f32s(y.p, y2.p, np * HT_PANEL, len, 0, NULL, NULL);
                free(w.base);
                free(x.base);
                free(y.base);
                free(y2.base);
                free(len);
            }
        }
    }
}

static void test_dot_panels(const ht_kernels *ref, const ht_kernels *k, int cls) {
    for (size_t np = 0; np <= 6; np++) {
        for (size_t gap = 0; gap < 3; gap++) {
            size_t pstride = gap == 0 ? HT_PANEL : gap == 1 ? 70 * HT_PANEL : HT_PANEL + 3;
            size_t nw = np ? (np - 1) * pstride + HT_PANEL : 0;
            ht_rng r;
            ht_rng_seed(&r, case_seed(2, np, gap, (unsigned)cls));
            fbuf w = fb_new(nw, gap & 1), v = fb_new(np * HT_PANEL, 0);
            fill(w.p, nw, &r, cls);
            fill(v.p, np * HT_PANEL, &r, cls);
            WHAT("%s dot_panels n_panels=%zu pstride=%zu class=%s", g_isa, np, pstride,
                 class_names[cls]);
            size_t nwild = count_wild(v.p, np * HT_PANEL);
            for (size_t p = 0; p < np; p++) nwild += count_wild(w.p + p * pstride, HT_PANEL);
            same_f32(k->dot_panels(w.p, pstride, v.p, np), ref->dot_panels(w.p, pstride, v.p, np),
                     nwild >= 2);
            free(w.base);
            free(v.base);
        }
    }
}

static void test_sgd_panels(const ht_kernels *ref, const ht_kernels *k, int cls) {
    for (size_t n_rows = 0; n_rows <= 70; n_rows += (n_rows < 10 ? 1 : 7)) {
        for (size_t np = 1; np <= 5; np++) {
            for (size_t gap = 0; gap < 2; gap++) {
                size_t pstride = n_rows * HT_PANEL + gap * 37;
                size_t nw = np * pstride; /* includes the gaps: they must stay untouched */
                ht_rng r;
                ht_rng_seed(&r, case_seed(3, n_rows, np * 2 + gap, (unsigned)cls));
                fbuf w = fb_new(nw, gap), a = fb_new(n_rows, 0), b = fb_new(np * HT_PANEL, 1);
                fill(w.p, nw, &r, cls);
                fill(a.p, n_rows, &r, cls);
                fill(b.p, np * HT_PANEL, &r, cls);
                fbuf w2 = fb_copy(w.p, nw, 0);
                uint8_t *len = tu_alloc(nw);
                for (size_t p = 0; p < np; p++)
                    for (size_t j = 0; j < n_rows; j++)
                        for (size_t l = 0; l < HT_PANEL; l++) {
                            size_t e = p * pstride + j * HT_PANEL + l;
                            len[e] = wild(w.p[e]) + wild(a.p[j]) + wild(b.p[p * HT_PANEL + l]) >= 2;
                        }
                ref->sgd_outer_panels(w2.p, pstride, a.p, b.p, n_rows, np);
                k->sgd_outer_panels(w.p, pstride, a.p, b.p, n_rows, np);
                WHAT("%s sgd_outer_panels n_rows=%zu n_panels=%zu pstride=%zu class=%s", g_isa,
                     n_rows, np, pstride, class_names[cls]);
                same_f32s(w.p, w2.p, nw, len, 0, NULL, NULL);
                free(w.base);
                free(a.base);
                free(b.base);
                free(w2.base);
                free(len);
            }
        }
    }
}

/* ---- reductions and element-wise ---- */

static void test_reductions(const ht_kernels *ref, const ht_kernels *k, int cls) {
    for (size_t si = 0; si < N_SIZES; si++) {
        size_t n = sizes[si], off = si & 1;
        ht_rng r;
        ht_rng_seed(&r, case_seed(4, n, 0, (unsigned)cls));
        fbuf a = fb_new(n, off), b = fb_new(n, 0);
        fill(a.p, n, &r, cls);
        fill(b.p, n, &r, cls);
        WHAT("%s dot n=%zu class=%s", g_isa, n, class_names[cls]);
        size_t wa = count_wild(a.p, n), wb = count_wild(b.p, n);
        same_f32(k->dot(a.p, b.p, n), ref->dot(a.p, b.p, n), wa + wb >= 2);
        WHAT("%s sum n=%zu class=%s", g_isa, n, class_names[cls]);
        same_f32(k->sum(a.p, n), ref->sum(a.p, n), wa >= 2);
        free(a.base);
        free(b.base);
    }
}

/* Unary kernels (exp, tanh, sigmoid, softmax), out of place and in place. */
static void test_unary(const ht_kernels *ref, const ht_kernels *k, int cls) {
    static const char *const names[4] = {"exp", "tanh", "sigmoid", "softmax"};
    const ht_unary_fn fr[4] = {ref->exp, ref->tanh, ref->sigmoid, ref->softmax};
    const ht_unary_fn fk[4] = {k->exp, k->tanh, k->sigmoid, k->softmax};
    for (size_t f = 0; f < 4; f++) {
        for (size_t si = 0; si < N_SIZES; si++) {
            size_t n = sizes[si], off = si & 1;
            ht_rng r;
            ht_rng_seed(&r, case_seed(5, n, f, (unsigned)cls));
            fbuf x = fb_new(n, off), y = fb_new(n, 1 - off), y2 = fb_new(n, 0);
            fill(x.p, n, &r, cls);
            fr[f](y2.p, x.p, n);
            fk[f](y.p, x.p, n);
            WHAT("%s %s n=%zu class=%s", g_isa, names[f], n, class_names[cls]);
            /* exp/tanh/sigmoid see one input per output: always strict */
            int soft_len = f == 3 && count_wild(x.p, n) >= 2;
            same_f32s(y.p, y2.p, n, NULL, soft_len, x.p, NULL);
            /* in place: y == x */
            fbuf xi = fb_copy(x.p, n, off);
            fk[f](xi.p, xi.p, n);
            WHAT("%s %s in place n=%zu class=%s", g_isa, names[f], n, class_names[cls]);
            same_f32s(xi.p, y2.p, n, NULL, soft_len, x.p, NULL);
            free(x.base);
            free(y.base);
            free(y2.base);
            free(xi.base);
        }
    }
}

static void test_elementwise(const ht_kernels *ref, const ht_kernels *k, int cls) {
    static const float alphas[] = {0.37f, -1.5f, 0.0f, -0.0f, 1e-40f, INFINITY, NAN};
    for (size_t si = 0; si < N_SIZES; si++) {
        size_t n = sizes[si], off = si & 1;
        ht_rng r;
        ht_rng_seed(&r, case_seed(6, n, 0, (unsigned)cls));
        fbuf x = fb_new(n, off), y = fb_new(n, 0), z = fb_new(n, 1 - off);
        fill(x.p, n, &r, cls);
        fill(y.p, n, &r, cls);
        fill(z.p, n, &r, cls);
        float a =
            (si % 3 == 0) ? alphas[(si / 3) % (sizeof alphas / sizeof alphas[0])] : gen(&r, cls);

        fbuf y1 = fb_copy(y.p, n, off), y2 = fb_copy(y.p, n, 0);
        uint8_t *len = lenient_of(n, y.p, x.p, NULL, (size_t)wild(a));
        ref->axpy(y2.p, a, x.p, n);
        k->axpy(y1.p, a, x.p, n);
        WHAT("%s axpy n=%zu a=%.9g class=%s", g_isa, n, (double)a, class_names[cls]);
        same_f32s(y1.p, y2.p, n, len, 0, y.p, x.p);
        free(len);

        memcpy(y1.p, y.p, n * sizeof(float));
        memcpy(y2.p, y.p, n * sizeof(float));
        ref->scale(y2.p, a, n);
        k->scale(y1.p, a, n);
        WHAT("%s scale n=%zu a=%.9g class=%s", g_isa, n, (double)a, class_names[cls]);
        len = lenient_of(n, y.p, NULL, NULL, (size_t)wild(a));
        same_f32s(y1.p, y2.p, n, len, 0, y.p, NULL);
        free(len);

        /* gru_blend: h = y, z = z, ht = x */
        memcpy(y1.p, y.p, n * sizeof(float));
        memcpy(y2.p, y.p, n * sizeof(float));
        ref->gru_blend(y2.p, z.p, x.p, n);
        k->gru_blend(y1.p, z.p, x.p, n);
        WHAT("%s gru_blend n=%zu class=%s", g_isa, n, class_names[cls]);
        len = lenient_of(n, y.p, z.p, x.p, 0);
        same_f32s(y1.p, y2.p, n, len, 0, z.p, y.p);
        free(len);

        free(x.base);
        free(y.base);
        free(z.base);
        free(y1.base);
        free(y2.base);
    }
    /* sgd_outer_rows: a few rows, ldw == n or larger (gap left untouched). */
    for (size_t si = 0; si < N_SIZES; si += (sizes[si] < 40 ? 1 : 3)) {
        size_t n = sizes[si];
        for (size_t n_rows = 0; n_rows <= 3; n_rows++) {
            size_t ldw = n + (n_rows & 1) * 3;
            size_t nw = n_rows * ldw;
            ht_rng r;
            ht_rng_seed(&r, case_seed(7, n, n_rows, (unsigned)cls));
            fbuf w = fb_new(nw, si & 1), a = fb_new(n_rows, 0), b = fb_new(n, 1);
            fill(w.p, nw, &r, cls);
            fill(a.p, n_rows, &r, cls);
            fill(b.p, n, &r, cls);
            fbuf w2 = fb_copy(w.p, nw, 0);
            uint8_t *len = tu_alloc(nw);
            for (size_t kk = 0; kk < n_rows; kk++)
                for (size_t i = 0; i < n; i++)
                    len[kk * ldw + i] = wild(w.p[kk * ldw + i]) + wild(a.p[kk]) + wild(b.p[i]) >= 2;
            ref->sgd_outer_rows(w2.p, ldw, a.p, b.p, n_rows, n);
            k->sgd_outer_rows(w.p, ldw, a.p, b.p, n_rows, n);
            WHAT("%s sgd_outer_rows n=%zu n_rows=%zu ldw=%zu class=%s", g_isa, n, n_rows, ldw,
                 class_names[cls]);
            same_f32s(w.p, w2.p, nw, len, 0, NULL, NULL);
            free(w.base);
            free(a.base);
            free(b.base);
            free(w2.base);
            free(len);
        }
    }
}

/* ---- SCM ---- */

static void test_scm(const ht_kernels *ref, const ht_kernels *k, int cls) {
    static const char *const bn[4] = {"scm_add", "scm_sub", "scm_mul", "scm_div"};
    const ht_scm_binary_fn br[4] = {ref->scm_add, ref->scm_sub, ref->scm_mul, ref->scm_div};
    const ht_scm_binary_fn bk[4] = {k->scm_add, k->scm_sub, k->scm_mul, k->scm_div};
    static const char *const un[4] = {"scm_inv", "scm_neg", "scm_exp", "scm_sqrt"};
    const ht_scm_unary_fn ur[4] = {ref->scm_inv, ref->scm_neg, ref->scm_exp, ref->scm_sqrt};
    const ht_scm_unary_fn uk[4] = {k->scm_inv, k->scm_neg, k->scm_exp, k->scm_sqrt};
    static const float taus[] = {1e-6f, 0.0f, 0.5f, INFINITY, NAN, -1.0f};

    for (size_t si = 0; si < N_SIZES; si++) {
        size_t n = sizes[si], off = si & 1;
        ht_rng r;
        ht_rng_seed(&r, case_seed(8, n, 0, (unsigned)cls));
        fbuf x = fb_new(n, off), y = fb_new(n, 0);
        fill(x.p, n, &r, cls);
        fill(y.p, n, &r, cls);
        if (cls == C_UNIT) /* exact zeros for div/inv's zero test */
            for (size_t i = 0; i < n; i += 5) y.p[i] = (i & 1) ? -0.0f : 0.0f;
        uint8_t *mx = tu_alloc(n), *my = tu_alloc(n);
        fill_mask(mx, n, &r);
        fill_mask(my, n, &r);
        fbuf o1 = fb_new(n, 1 - off), o2 = fb_new(n, 0);
        uint8_t *m1 = tu_alloc(n), *m2 = tu_alloc(n);

        uint8_t *len = lenient_of(n, x.p, y.p, NULL, 0);
        for (size_t f = 0; f < 4; f++) {
            memset(m1, 0xAA, n);
            memset(m2, 0x55, n);
            br[f](o2.p, m2, x.p, mx, y.p, my, n);
            bk[f](o1.p, m1, x.p, mx, y.p, my, n);
            WHAT("%s %s payload n=%zu class=%s", g_isa, bn[f], n, class_names[cls]);
            same_f32s(o1.p, o2.p, n, len, 0, x.p, y.p);
            WHAT("%s %s mask n=%zu class=%s", g_isa, bn[f], n, class_names[cls]);
            CHECK_MEMEQ(m1, m2, n, what);
        }
        for (size_t f = 0; f < 4; f++) {
            memset(m1, 0xAA, n);
            memset(m2, 0x55, n);
            ur[f](o2.p, m2, y.p, my, n);
            uk[f](o1.p, m1, y.p, my, n);
            WHAT("%s %s payload n=%zu class=%s", g_isa, un[f], n, class_names[cls]);
            same_f32s(o1.p, o2.p, n, NULL, 0, y.p, NULL);
            WHAT("%s %s mask n=%zu class=%s", g_isa, un[f], n, class_names[cls]);
            CHECK_MEMEQ(m1, m2, n, what);
        }
        {
            float tau = taus[si % (sizeof taus / sizeof taus[0])];
            memset(m1, 0xAA, n);
            memset(m2, 0x55, n);
            ref->scm_decode(o2.p, m2, x.p, y.p, tau, n);
            k->scm_decode(o1.p, m1, x.p, y.p, tau, n);
            WHAT("%s scm_decode payload n=%zu tau=%g class=%s", g_isa, n, (double)tau,
                 class_names[cls]);
            same_f32s(o1.p, o2.p, n, NULL, 0, x.p, y.p);
            WHAT("%s scm_decode mask n=%zu tau=%g class=%s", g_isa, n, (double)tau,
                 class_names[cls]);
            CHECK_MEMEQ(m1, m2, n, what);
        }
        free(x.base);
        free(y.base);
        free(o1.base);
        free(o2.base);
        free(mx);
        free(my);
        free(m1);
        free(m2);
        free(len);
    }
}

/* Fixed cases whose scalar answer is known, so the reference itself is pinned
 * where the SIMD code has to imitate a subtle scalar behaviour. */
static void test_known_answers(const ht_kernels *k) {
    float ones[32], out[32];
    uint8_t m[4] = {0, 2, 255, 0}, mo[4];
    for (size_t i = 0; i < 32; i++) ones[i] = -0.0f;
    /* A lane sum of -0.0f terms is +0 (accumulators start at +0). */
    WHAT("%s sum of -0.0f", g_isa);
    same_f32(k->sum(ones, 32), 0.0f, 0);
    /* Mask bytes 2 and 255 are bottom; outputs are exactly 0/1. */
    float x[4] = {1.0f, 2.0f, 3.0f, 4.0f};
    k->scm_neg(out, mo, x, m, 4);
    uint8_t want_m[4] = {0, 1, 1, 0};
    WHAT("%s scm_neg mask bytes", g_isa);
    CHECK_MEMEQ(mo, want_m, 4, what);
    WHAT("%s scm_neg payload", g_isa);
    const float want_o[4] = {-1.0f, 0.0f, 0.0f, -4.0f};
    same_f32s(out, want_o, 4, NULL, 0, x, NULL);
    /* Decode's NaN is exactly 0x7fc00000. */
    float p = 1.0f, q = 0.0f;
    uint8_t mq;
    k->scm_decode(out, &mq, &p, &q, 1e-6f, 1);
    WHAT("%s scm_decode NaN bits", g_isa);
    same_f32(out[0], ht_bits_f32(0x7fc00000u), 0);
    CHECK_INT_EQ(mq, 1);
    /* exp passes a NaN through with its payload untouched. */
    float nan_in = ht_bits_f32(0x7fa00001u);
    k->exp(out, &nan_in, 1);
    WHAT("%s exp(sNaN) passthrough", g_isa);
    same_f32(out[0], nan_in, 0);
}

static void test_table(const ht_kernels *ref, const ht_kernels *k, ht_isa isa) {
    const long failed_before = tu_failed;
    CHECK_INT_EQ(k->isa, isa);
/* Every entry of HT_KERNEL_LIST, in table order. */
#define HT_T_FIELD(f, type) {#f, k->f != NULL},
    const struct {
        const char *name;
        int set;
    } fields[] = {HT_KERNEL_LIST(HT_T_FIELD)};
#undef HT_T_FIELD
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        CHECK(fields[i].set, "%s table entry %s is NULL", g_isa, fields[i].name);
    if (tu_failed != failed_before) return;

    test_known_answers(k);
    for (int cls = 0; cls < C_COUNT; cls++) {
        test_reductions(ref, k, cls);
        test_unary(ref, k, cls);
        test_elementwise(ref, k, cls);
        test_scm(ref, k, cls);
    }
    for (int cls = C_UNIT; cls <= C_SPECIAL; cls += C_SPECIAL - C_UNIT) {
        test_matvec(ref, k, cls);
        test_dot_panels(ref, k, cls);
        test_sgd_panels(ref, k, cls);
    }
    test_dot_panels(ref, k, C_BITS);
}

int main(void) {
    init_specials();
    const ht_kernels *ref = ht_kernels_for(HT_ISA_SCALAR);
    REQUIRE(ref != NULL);
    for (int i = HT_ISA_SCALAR + 1; i < HT_ISA_COUNT; i++) {
        ht_isa isa = (ht_isa)i;
        g_isa = ht_isa_name(isa);
        const ht_kernels *k = ht_kernels_for(isa);
        if (!k) {
            if (!ht_isa_cpu_supports(isa))
                TU_SKIP("%s (CPU lacks it)", g_isa);
            else
                TU_SKIP("%s (not compiled into this build)", g_isa);
            continue;
        }
        long p0 = tu_passed, f0 = tu_failed;
        g_tolerated = 0;
        test_table(ref, k, isa);
        printf("checked: %s (%ld passed, %ld failed; %ld NaN-vs-NaN payload differences "
               "where two wild inputs met, accepted)\n",
               g_isa, tu_passed - p0, tu_failed - f0, g_tolerated);
    }
    TU_FINISH();
}
