/* scm.c: the public masked-arithmetic entry points (docs/kernels.md section 11).
 * add/sub/mul/div/inv/neg/exp/sqrt/decode go to the active ISA's kernels;
 * log, pow, sin, cos, tan are scalar code shared by every build. */
#include <math.h>

#include "ht_kernels.h"
#include "ht_math.h"
#include "ht_scm.h"
#include "ht_status.h"

int ht_scm_binary(ht_scm_binop op, float *out, uint8_t *mout, const float *x, const uint8_t *mx,
                  const float *y, const uint8_t *my, size_t n) {
    if (n > 0 && (!out || !mout || !x || !mx || !y || !my)) return HT_ENULL;
    const ht_kernels *k = ht_kernels_active();
    switch (op) {
    case HT_SCM_ADD: k->scm_add(out, mout, x, mx, y, my, n); return HT_OK;
    case HT_SCM_SUB: k->scm_sub(out, mout, x, mx, y, my, n); return HT_OK;
    case HT_SCM_MUL: k->scm_mul(out, mout, x, mx, y, my, n); return HT_OK;
    case HT_SCM_DIV: k->scm_div(out, mout, x, mx, y, my, n); return HT_OK;
    default: return HT_ERANGE;
    }
}

/* Scalar-only ops: bottom rule, then the function on non-bottom values. */
static void scalar_unop(ht_scm_unop op, float *out, uint8_t *mout, const float *x,
                        const uint8_t *mx, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const float v = x[i];
        uint8_t b = (uint8_t)(mx[i] != 0);
        float r = 0.0f;
        switch (op) {
        case HT_SCM_LOG:
            b = (uint8_t)(b | (v <= 0.0f));
            r = b ? 0.0f : ht_logf(v);
            break;
        case HT_SCM_SIN: r = b ? 0.0f : sinf(v); break;
        case HT_SCM_COS: r = b ? 0.0f : cosf(v); break;
        case HT_SCM_TAN: r = b ? 0.0f : tanf(v); break;
        default: break;
        }
        out[i] = r;
        mout[i] = b;
    }
}

int ht_scm_unary(ht_scm_unop op, float *out, uint8_t *mout, const float *x, const uint8_t *mx,
                 size_t n) {
    if (n > 0 && (!out || !mout || !x || !mx)) return HT_ENULL;
    const ht_kernels *k = ht_kernels_active();
    switch (op) {
    case HT_SCM_INV: k->scm_inv(out, mout, x, mx, n); return HT_OK;
    case HT_SCM_NEG: k->scm_neg(out, mout, x, mx, n); return HT_OK;
    case HT_SCM_EXP: k->scm_exp(out, mout, x, mx, n); return HT_OK;
    case HT_SCM_SQRT: k->scm_sqrt(out, mout, x, mx, n); return HT_OK;
    case HT_SCM_LOG:
    case HT_SCM_SIN:
    case HT_SCM_COS:
    case HT_SCM_TAN: scalar_unop(op, out, mout, x, mx, n); return HT_OK;
    default: return HT_ERANGE;
    }
}

int ht_scm_pow(float *out, uint8_t *mout, const float *x, const uint8_t *mx, float e, size_t n) {
    if (n > 0 && (!out || !mout || !x || !mx)) return HT_ENULL;
    for (size_t i = 0; i < n; i++) {
        const uint8_t b = (uint8_t)(mx[i] != 0 || (x[i] == 0.0f && e < 0.0f));
        out[i] = b ? 0.0f : powf(x[i], e);
        mout[i] = b;
    }
    return HT_OK;
}

int ht_scm_decode(float *out, uint8_t *mout, const float *p, const float *q, float tau, size_t n) {
    if (n > 0 && (!out || !mout || !p || !q)) return HT_ENULL;
    if (!(tau >= 0.0f) || tau == ht_bits_f32(0x7f800000u)) return HT_ERANGE;
    ht_kernels_active()->scm_decode(out, mout, p, q, tau, n);
    return HT_OK;
}

double ht_scm_coverage(const uint8_t *mask, size_t n) {
    if (n == 0 || !mask) return 1.0;
    size_t ok = 0;
    for (size_t i = 0; i < n; i++) ok += mask[i] == 0;
    return (double)ok / (double)n;
}
