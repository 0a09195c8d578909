/* test_scm.c: the masked (SCM) arithmetic truth table, element by element
 * against values written out by hand from docs/kernels.md section 11 (never
 * taken from the library), through every ISA the CPU runs, and the coverage
 * helper. It must never depend on timing. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ht.h"
#include "test_util.h"

static const float NANF_ = (float)NAN;
static const float INFF_ = (float)INFINITY;

/* ---- SCM truth table ---- */

static int same_val(float a, float b) {
    if (a != a && b != b) return 1; /* any NaN matches a NaN */
    return tu_f32_bits(a) == tu_f32_bits(b);
}

#define NV 14
static const float scm_vals[NV] = {0.0f,
                                   -0.0f,
                                   1.0f,
                                   -1.0f,
                                   2.5f,
                                   -3.75f,
                                   1e-30f,
                                   1.4e-45f /* smallest subnormal */,
                                   1e30f,
                                   3.4e38f,
                                   (float)INFINITY,
                                   -(float)INFINITY,
                                   (float)NAN,
                                   0.5f};

/* Expected result of one element, from docs/kernels.md section 11. */
static void scm_expect_bin(ht_scm_binop op, float x, int mx, float y, int my, float *v, int *m) {
    int b = mx || my;
    float r = 0.0f;
    switch (op) {
    case HT_SCM_ADD: r = x + y; break;
    case HT_SCM_SUB: r = x - y; break;
    case HT_SCM_MUL: r = x * y; break;
    case HT_SCM_DIV:
        b = b || y == 0.0f;
        r = b ? 0.0f : x / y;
        break;
    }
    *m = b;
    *v = b ? 0.0f : r;
}

static void scm_expect_un(ht_scm_unop op, float x, int mx, float *v, int *m) {
    int b = mx;
    float r = 0.0f;
    switch (op) {
    case HT_SCM_INV:
        b = b || x == 0.0f;
        r = b ? 0.0f : 1.0f / x;
        break;
    case HT_SCM_NEG: r = -x; break;
    case HT_SCM_EXP: r = ht_expf(x); break;
    case HT_SCM_SQRT:
        b = b || x < 0.0f;
        r = b ? 0.0f : sqrtf(x);
        break;
    case HT_SCM_LOG:
        b = b || x <= 0.0f;
        r = b ? 0.0f : ht_logf(x);
        break;
    case HT_SCM_SIN: r = sinf(x); break;
    case HT_SCM_COS: r = cosf(x); break;
    case HT_SCM_TAN: r = tanf(x); break;
    }
    *m = b;
    *v = b ? 0.0f : r;
}

static const char *const binop_names[] = {"add", "sub", "mul", "div"};
static const char *const unop_names[] = {"inv", "neg", "exp", "sqrt", "log", "sin", "cos", "tan"};

static void test_scm_isa(const char *isa) {
    /* Every (x, y, mx, my) combination: 14 * 14 * 4 = 784 elements, not a
   * multiple of 16, so SIMD tails run too. */
    const size_t N = NV * NV * 4;
    float *x = tu_alloc(N * 4), *y = tu_alloc(N * 4), *out = tu_alloc(N * 4);
    uint8_t *mx = tu_alloc(N), *my = tu_alloc(N), *mo = tu_alloc(N);
    size_t n = 0;
    for (int i = 0; i < NV; i++)
        for (int j = 0; j < NV; j++)
            for (int k = 0; k < 4; k++, n++) {
                x[n] = scm_vals[i];
                y[n] = scm_vals[j];
                mx[n] = (uint8_t)(k & 1);
                my[n] = (uint8_t)(k >> 1);
            }
    const size_t lens[2] = {N, 37};
    for (int op = HT_SCM_ADD; op <= HT_SCM_DIV; op++) {
        for (int li = 0; li < 2; li++) {
            size_t len = lens[li];
            memset(mo, 0xee, N);
            CHECK_OK(ht_scm_binary((ht_scm_binop)op, out, mo, x, mx, y, my, len));
            size_t bad = 0, first = 0;
            for (size_t i = 0; i < len; i++) {
                float v;
                int m;
                scm_expect_bin((ht_scm_binop)op, x[i], mx[i], y[i], my[i], &v, &m);
                if (mo[i] != m || !same_val(out[i], v))
                    if (bad++ == 0) first = i;
            }
            float v;
            int m;
            scm_expect_bin((ht_scm_binop)op, x[first], mx[first], y[first], my[first], &v, &m);
            CHECK(bad == 0,
                  "%s scm %s n=%zu: %zu wrong; first [%zu] x %g (m%d) y %g (m%d) -> "
                  "%g (m%d), want %g (m%d)",
                  isa, binop_names[op], len, bad, first, (double)x[first], mx[first],
                  (double)y[first], my[first], (double)out[first], mo[first], (double)v, m);
        }
        /* Outputs may alias inputs. */
        float *xa = tu_alloc(N * 4);
        uint8_t *ma = tu_alloc(N);
        memcpy(xa, x, N * 4);
        memcpy(ma, mx, N);
        CHECK_OK(ht_scm_binary((ht_scm_binop)op, xa, ma, xa, ma, y, my, N));
        CHECK_OK(ht_scm_binary((ht_scm_binop)op, out, mo, x, mx, y, my, N));
        CHECK(!memcmp(xa, out, N * 4) && !memcmp(ma, mo, N), "%s scm %s in place", isa,
              binop_names[op]);
        free(xa);
        free(ma);
    }
    for (int op = HT_SCM_INV; op <= HT_SCM_TAN; op++) {
        memset(mo, 0xee, N);
        CHECK_OK(ht_scm_unary((ht_scm_unop)op, out, mo, x, mx, N));
        size_t bad = 0, first = 0;
        for (size_t i = 0; i < N; i++) {
            float v;
            int m;
            scm_expect_un((ht_scm_unop)op, x[i], mx[i], &v, &m);
            if (mo[i] != m || !same_val(out[i], v))
                if (bad++ == 0) first = i;
        }
        float v;
        int m;
        scm_expect_un((ht_scm_unop)op, x[first], mx[first], &v, &m);
        CHECK(bad == 0, "%s scm %s: %zu wrong; first x %g (m%d) -> %g (m%d), want %g (m%d)", isa,
              unop_names[op], bad, (double)x[first], mx[first], (double)out[first], mo[first],
              (double)v, m);
    }
    /* pow: bottom if masked or (x == 0 and e < 0). */
    const float exps[] = {-2.0f, -0.5f, 0.0f, 0.5f, 3.0f, -0.0f};
    for (size_t ei = 0; ei < sizeof exps / sizeof exps[0]; ei++) {
        float e = exps[ei];
        CHECK_OK(ht_scm_pow(out, mo, x, mx, e, N));
        size_t bad = 0, first = 0;
        for (size_t i = 0; i < N; i++) {
            int m = mx[i] || (x[i] == 0.0f && e < 0.0f);
            float v = m ? 0.0f : powf(x[i], e);
            if (mo[i] != m || !same_val(out[i], v))
                if (bad++ == 0) first = i;
        }
        CHECK(bad == 0, "%s scm pow e=%g: %zu wrong; first x %g (m%d) -> %g (m%d)", isa, (double)e,
              bad, (double)x[first], mx[first], (double)out[first], mo[first]);
    }
    /* Strict decode P/Q: bottom where P or Q is NaN or |Q| < tau; NaN there. */
    const float taus[] = {HT_SCM_DEFAULT_TAU, 0.0f, 1.0f};
    float q2[NV * NV * 4];
    for (size_t i = 0; i < N; i++) {
        /* Q values around tau as well as the special values. */
        static const float near_tau[] = {1e-6f, -1e-6f, 9.9e-7f, -5e-7f, 1.0000001e-6f};
        q2[i] = (i % 3 == 0) ? near_tau[(i / 3) % 5] : y[i];
    }
    for (size_t ti = 0; ti < sizeof taus / sizeof taus[0]; ti++) {
        float tau = taus[ti];
        memset(mo, 0xee, N);
        CHECK_OK(ht_scm_decode(out, mo, x, q2, tau, N));
        size_t bad = 0, first = 0;
        for (size_t i = 0; i < N; i++) {
            float q = q2[i];
            int m = x[i] != x[i] || q != q || fabsf(q) < tau;
            int ok =
                mo[i] == m && (m ? tu_f32_bits(out[i]) == 0x7fc00000u : same_val(out[i], x[i] / q));
            if (!ok)
                if (bad++ == 0) first = i;
        }
        CHECK(bad == 0, "%s scm decode tau=%g: %zu wrong; first p %g q %g -> %g (m%d)", isa,
              (double)tau, bad, (double)x[first], (double)q2[first], (double)out[first], mo[first]);
    }
    free(x);
    free(y);
    free(out);
    free(mx);
    free(my);
    free(mo);
}

static void test_scm(void) {
    ht_isa saved = ht_isa_active();
    for (int isa = 0; isa < HT_ISA_COUNT; isa++) {
        int rc = ht_isa_select((ht_isa)isa);
        if (rc != HT_OK) {
            printf("SKIPPED: scm truth table on %s (%s)\n", ht_isa_name((ht_isa)isa),
                   ht_status_name(rc));
            continue;
        }
        printf("checked: scm truth table on %s\n", ht_isa_name((ht_isa)isa));
        test_scm_isa(ht_isa_name((ht_isa)isa));
    }
    CHECK_OK(ht_isa_select(saved));
    /* Argument errors and n = 0. */
    float v = 1.0f, o;
    uint8_t m = 0, mo;
    CHECK_OK(ht_scm_binary(HT_SCM_ADD, NULL, NULL, NULL, NULL, NULL, NULL, 0));
    CHECK_OK(ht_scm_unary(HT_SCM_LOG, NULL, NULL, NULL, NULL, 0));
    CHECK_OK(ht_scm_pow(NULL, NULL, NULL, NULL, 2.0f, 0));
    CHECK_OK(ht_scm_decode(NULL, NULL, NULL, NULL, 1e-6f, 0));
    CHECK_STATUS(ht_scm_binary(HT_SCM_ADD, &o, &mo, &v, &m, NULL, &m, 1), HT_ENULL);
    CHECK_STATUS(ht_scm_binary(HT_SCM_ADD, &o, NULL, &v, &m, &v, &m, 1), HT_ENULL);
    CHECK_STATUS(ht_scm_unary(HT_SCM_EXP, &o, &mo, &v, NULL, 1), HT_ENULL);
    CHECK_STATUS(ht_scm_pow(NULL, &mo, &v, &m, 2.0f, 1), HT_ENULL);
    CHECK_STATUS(ht_scm_decode(&o, &mo, &v, NULL, 1e-6f, 1), HT_ENULL);
    CHECK_STATUS(ht_scm_binary((ht_scm_binop)9, &o, &mo, &v, &m, &v, &m, 1), HT_ERANGE);
    CHECK_STATUS(ht_scm_unary((ht_scm_unop)99, &o, &mo, &v, &m, 1), HT_ERANGE);
    CHECK_STATUS(ht_scm_decode(&o, &mo, &v, &v, -1.0f, 1), HT_ERANGE);
    CHECK_STATUS(ht_scm_decode(&o, &mo, &v, &v, NANF_, 1), HT_ERANGE);
    CHECK_STATUS(ht_scm_decode(&o, &mo, &v, &v, INFF_, 1), HT_ERANGE);
    /* coverage */
    uint8_t mask[8] = {0, 1, 0, 0, 1, 0, 0, 0};
    CHECK_DBL_EQ(ht_scm_coverage(mask, 8), 0.75);
    CHECK_DBL_EQ(ht_scm_coverage(mask, 0), 1.0);
    CHECK_DBL_EQ(ht_scm_coverage(mask + 1, 1), 0.0);
}

int main(void) {
    test_scm();
    TU_FINISH();
}
