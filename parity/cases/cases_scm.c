/* cases_scm.c: the scm.* cases. Masked arithmetic through the ht_scm.h API
 * (scm.api.*) and through the active table's scm_* entries directly
 * (scm.kern.*), over every length 0..67, the long length 4099 and a
 * misaligned start, with +-0, subnormals, +-inf, NaN payloads and random
 * masks. Payload and mask bytes are both hashed. Element pairs where both
 * operands are NaN live only in the *.nanpair cases, which accept either
 * operand's payload (IEEE 754 does not say which; see inputs.h). */
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "inputs.h"

typedef enum { API_BIN, API_UN, API_POW, API_DEC, K_BIN, K_UN, K_DEC } op_kind;

typedef struct {
    const char *name; /* case name after "scm." */
    op_kind kind;
    int code;  /* ht_scm_binop / ht_scm_unop, or the table entry's tcase_kernel */
    float arg; /* pow exponent or decode tau */
} scm_op;

static const scm_op ops[] = {
    {"api.add", API_BIN, HT_SCM_ADD, 0},
    {"api.sub", API_BIN, HT_SCM_SUB, 0},
    {"api.mul", API_BIN, HT_SCM_MUL, 0},
    {"api.div", API_BIN, HT_SCM_DIV, 0},
    {"api.inv", API_UN, HT_SCM_INV, 0},
    {"api.neg", API_UN, HT_SCM_NEG, 0},
    {"api.exp", API_UN, HT_SCM_EXP, 0},
    {"api.sqrt", API_UN, HT_SCM_SQRT, 0},
    {"api.log", API_UN, HT_SCM_LOG, 0},
    {"api.sin", API_UN, HT_SCM_SIN, 0},
    {"api.cos", API_UN, HT_SCM_COS, 0},
    {"api.tan", API_UN, HT_SCM_TAN, 0},
    {"api.pow.p2", API_POW, 0, 2.0f},
    {"api.pow.m1", API_POW, 0, -1.0f},
    {"api.pow.p0_5", API_POW, 0, 0.5f},
    {"api.pow.p3", API_POW, 0, 3.0f},
    {"api.pow.m2_5", API_POW, 0, -2.5f},
    {"api.pow.p0", API_POW, 0, 0.0f},
    {"api.decode.tau1e-6", API_DEC, 0, HT_SCM_DEFAULT_TAU},
    {"api.decode.tau0", API_DEC, 0, 0.0f},
    {"api.decode.tau0_5", API_DEC, 0, 0.5f},
    {"kern.add", K_BIN, TCASE_K_scm_add, 0},
    {"kern.sub", K_BIN, TCASE_K_scm_sub, 0},
    {"kern.mul", K_BIN, TCASE_K_scm_mul, 0},
    {"kern.div", K_BIN, TCASE_K_scm_div, 0},
    {"kern.inv", K_UN, TCASE_K_scm_inv, 0},
    {"kern.neg", K_UN, TCASE_K_scm_neg, 0},
    {"kern.exp", K_UN, TCASE_K_scm_exp, 0},
    {"kern.sqrt", K_UN, TCASE_K_scm_sqrt, 0},
    {"kern.decode.tau1e-6", K_DEC, TCASE_K_scm_decode, HT_SCM_DEFAULT_TAU},
    {"kern.decode.tau0", K_DEC, TCASE_K_scm_decode, 0.0f},
};
#define N_OPS (sizeof ops / sizeof ops[0])

static int call(const ht_kernels *k, const scm_op *op, float *out, uint8_t *mout, const float *x,
                const uint8_t *mx, const float *y, const uint8_t *my, size_t n) {
    switch (op->kind) {
    case API_BIN: return ht_scm_binary((ht_scm_binop)op->code, out, mout, x, mx, y, my, n);
    case API_UN: return ht_scm_unary((ht_scm_unop)op->code, out, mout, x, mx, n);
    case API_POW: return ht_scm_pow(out, mout, x, mx, op->arg, n);
    case API_DEC: return ht_scm_decode(out, mout, x, y, op->arg, n);
    case K_BIN:
    case K_UN:
    case K_DEC: {
        const tcase_operands o = {
            .out = out, .mout = mout, .x = x, .mx = mx, .z = y, .mz = my, .a = op->arg, .n = n};
        tcase_kernel_call(k, (tcase_kernel)op->code, &o);
        return 0;
    }
    }
    return -1;
}

static bool is_binary(const scm_op *op) {
    return op->kind == API_BIN || op->kind == K_BIN || op->kind == API_DEC || op->kind == K_DEC;
}

/* Inputs suited to the operation: exp and the trigonometric functions get
 * moderate arguments (wide ones would only overflow or be range-reduced by
 * libm), decode gets denominators around tau, division many exact zeros. */
static void make_inputs(const scm_op *op, size_t idx, float *x, uint8_t *mx, float *y, uint8_t *my,
                        size_t len) {
    ht_rng r;
    ht_rng_seed(&r, 5000 + idx);
    const char *nm = op->name;
    bool moderate = strstr(nm, "exp") || strstr(nm, "sin") || strstr(nm, "cos") ||
                    strstr(nm, "tan") || strstr(nm, "pow");
    if (moderate) {
        tcase_fill_sym(&r, x, len, 128.0f);
        for (size_t i = 0; i < len; i += 2) x[i] = x[i] * 0x1p-5f;
    } else {
        tcase_fill_wide(&r, x, len, -40, 40);
    }
    if (op->kind == API_DEC || op->kind == K_DEC)
        tcase_fill_wide(&r, y, len, -30, 3);
    else
        tcase_fill_wide(&r, y, len, -40, 40);
    tcase_sprinkle_special(&r, x, len, 120);
    tcase_sprinkle_special(&r, y, len, 120);
    for (size_t i = 0; i < len; i += 9) y[i] = (i / 9) % 2 ? -0.0f : 0.0f;
    tcase_unpair_nans(x, y, len);
    tcase_fill_mask(&r, mx, len, 250);
    tcase_fill_mask(&r, my, len, 250);
}

static void out_status(tcase_sink *s, const int32_t *st, size_t n) {
    TCASE_OUT1(s, TCASE_ELEM_I32, st, n, "status");
}

static void case_op(tcase_sink *s, const ht_kernels *k, const scm_op *op, size_t idx) {
    size_t len = TCASE_LONG_LEN;
    float *x = tcase_falloc(len), *y = tcase_falloc(len), *out = tcase_falloc(len);
    uint8_t *mx = tcase_balloc(len), *my = tcase_balloc(len), *mo = tcase_balloc(len);
    make_inputs(op, idx, x, mx, y, my, len);
    bool bin = is_binary(op);
    int32_t st[TCASE_SHORT_MAX + 3];

    tcase_case_begin(s, "scm", -1, "scm.%s.short", op->name);
    TCASE_IN1(s, TCASE_ELEM_F32, x, TCASE_SHORT_MAX, "x");
    TCASE_IN1(s, TCASE_ELEM_U8, mx, TCASE_SHORT_MAX, "mx");
    if (bin) {
        TCASE_IN1(s, TCASE_ELEM_F32, y, TCASE_SHORT_MAX, "y");
        TCASE_IN1(s, TCASE_ELEM_U8, my, TCASE_SHORT_MAX, "my");
    }
    for (size_t n = 0; n <= TCASE_SHORT_MAX; n++) {
        /* Outputs start as a pattern, so an element a kernel forgets to write
     * differs from one it writes. */
        memset(out, 0x5a, len * sizeof *out);
        memset(mo, 0x5a, len);
        st[n] = call(k, op, out, mo, x, mx, y, my, n);
        TCASE_OUT1(s, TCASE_ELEM_F32, out, n, "n%02zu", n);
        TCASE_OUT1(s, TCASE_ELEM_U8, mo, n, "n%02zu.mask", n);
    }
    out_status(s, st, TCASE_SHORT_MAX + 1);
    tcase_case_end(s);

    tcase_case_begin(s, "scm", -1, "scm.%s.long", op->name);
    TCASE_IN1(s, TCASE_ELEM_F32, x, len, "x");
    TCASE_IN1(s, TCASE_ELEM_U8, mx, len, "mx");
    if (bin) {
        TCASE_IN1(s, TCASE_ELEM_F32, y, len, "y");
        TCASE_IN1(s, TCASE_ELEM_U8, my, len, "my");
    }
    memset(out, 0x5a, len * sizeof *out);
    memset(mo, 0x5a, len);
    st[0] = call(k, op, out, mo, x, mx, y, my, len);
    TCASE_OUT1(s, TCASE_ELEM_F32, out, len, "n%zu", len);
    TCASE_OUT1(s, TCASE_ELEM_U8, mo, len, "n%zu.mask", len);
    memset(out, 0x5a, len * sizeof *out);
    memset(mo, 0x5a, len);
    st[1] = call(k, op, out + 1, mo + 1, x + 1, mx + 1, y + 1, my + 1, len - 1);
    TCASE_OUT1(s, TCASE_ELEM_F32, out + 1, len - 1, "offset1.n%zu", len - 1);
    TCASE_OUT1(s, TCASE_ELEM_U8, mo + 1, len - 1, "offset1.n%zu.mask", len - 1);
    int has_alias = op->kind == API_BIN || op->kind == API_UN;
    if (has_alias) {
        /* ht_scm.h: outputs may alias inputs. */
        float *ax = tcase_falloc(len);
        uint8_t *amx = tcase_balloc(len);
        memcpy(ax, x, len * sizeof *x);
        memcpy(amx, mx, len);
        st[2] = call(k, op, ax, amx, ax, amx, y, my, len);
        TCASE_OUT1(s, TCASE_ELEM_F32, ax, len, "alias.n%zu", len);
        TCASE_OUT1(s, TCASE_ELEM_U8, amx, len, "alias.n%zu.mask", len);
        free(ax), free(amx);
    }
    out_status(s, st, has_alias ? 3 : 2);
    tcase_case_end(s);

    if (op->kind == API_BIN || op->kind == K_BIN) {
        /* Both operands NaN, with different payloads and signs, unmasked. */
        size_t n = TCASE_SHORT_MAX;
        float nx[TCASE_SHORT_MAX], ny[TCASE_SHORT_MAX];
        uint8_t zero[TCASE_SHORT_MAX] = {0};
        for (size_t i = 0; i < n; i++) {
            nx[i] =
                ht_bits_f32((i % 2 ? 0xffc00000u : 0x7fc00000u) | (uint32_t)(i * 977u % 0x3fffffu));
            ny[i] =
                ht_bits_f32((i % 3 ? 0x7fc00000u : 0xffc00000u) | (uint32_t)(i * 131u % 0x3fffffu));
        }
        memset(mo, 0x5a, len);
        int32_t s1 = call(k, op, out, mo, nx, zero, ny, zero, n);
        /* Either operand's payload is right (tcase_canon_nan_members). */
        for (size_t i = 0; i < n; i++) {
            float pair[2] = {nx[i], ny[i]};
            tcase_canon_nan_members(out + i, 1, pair, 2);
        }
        tcase_case_begin(s, "scm", -1, "scm.%s.nanpair", op->name);
        TCASE_IN1(s, TCASE_ELEM_F32, nx, n, "x");
        TCASE_IN1(s, TCASE_ELEM_F32, ny, n, "y");
        TCASE_OUT1(s, TCASE_ELEM_F32, out, n, "n%zu", n);
        TCASE_OUT1(s, TCASE_ELEM_U8, mo, n, "n%zu.mask", n);
        out_status(s, &s1, 1);
        tcase_case_end(s);
    }
    free(x), free(y), free(out), free(mx), free(my), free(mo);
}

static void case_coverage(tcase_sink *s) {
    size_t len = TCASE_LONG_LEN;
    uint8_t *m = tcase_balloc(len);
    ht_rng r;
    ht_rng_seed(&r, 5900);
    tcase_fill_mask(&r, m, len, 300);
    double cov[TCASE_SHORT_MAX + 2];
    for (size_t n = 0; n <= TCASE_SHORT_MAX; n++) cov[n] = ht_scm_coverage(m, n);
    cov[TCASE_SHORT_MAX + 1] = ht_scm_coverage(m, len);
    tcase_case_begin(s, "scm", -1, "scm.api.coverage");
    TCASE_IN1(s, TCASE_ELEM_U8, m, len, "mask");
    TCASE_OUT1(s, TCASE_ELEM_F64, cov, TCASE_SHORT_MAX + 2, "coverage[n=0..67,4099]");
    tcase_case_end(s);
    free(m);
}

void tcase_cases_scm(tcase_sink *s, const ht_kernels *k) {
    if (!tcase_sink_wants(s, "scm.")) return;
    for (size_t i = 0; i < N_OPS; i++) {
        char prefix[TCASE_NAME_MAX];
        snprintf(prefix, sizeof prefix, "scm.%s.", ops[i].name);
        if (tcase_sink_wants(s, prefix)) case_op(s, k, &ops[i], i);
    }
    if (tcase_sink_wants(s, "scm.api.coverage")) case_coverage(s);
}
