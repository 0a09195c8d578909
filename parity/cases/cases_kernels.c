/* cases_kernels.c: the kern.* cases, every entry of the active kernel table
 * called directly over seeded inputs of several sizes. Lengths sweep 0..67 so
 * that every tail of a 4-, 8-, 16- and 64-wide path is hit, plus 4099
 * (4096 + 3) for the long loops and a misaligned start for the element-wise
 * kernels. Panel padding is filled with NaN: a kernel that reads past n_in
 * rows turns its outputs into NaN and fails. Never call the trainer here. */
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "inputs.h"

#define PAD_NAN 0x7fc0deadu

typedef struct {
    size_t n_in, n_panels, pad;
} panel_shape;

/* n_in 1 and 7: tiny and odd; 64 and 256: the model's I and H; 72: the small
 * model's H (not a panel multiple); pad > 0: pstride larger than n_in * 64. */
static const panel_shape panel_shapes[] = {
    {1, 1, 0}, {7, 3, 64}, {64, 2, 0}, {72, 5, 128}, {256, 4, 0},
};
#define N_PANEL_SHAPES (sizeof panel_shapes / sizeof panel_shapes[0])

static float *panel_matrix(ht_rng *r, const panel_shape *sh, size_t *pstride) {
    *pstride = sh->n_in * HT_PANEL + sh->pad;
    float *w = tcase_falloc(sh->n_panels * *pstride);
    for (size_t p = 0; p < sh->n_panels; p++) {
        tcase_fill_sym(r, w + p * *pstride, sh->n_in * HT_PANEL, 0.125f);
        for (size_t i = sh->n_in * HT_PANEL; i < *pstride; i++)
            w[p * *pstride + i] = ht_bits_f32(PAD_NAN);
    }
    return w;
}

static void case_panels(tcase_sink *s, const ht_kernels *k) {
    for (size_t c = 0; c < N_PANEL_SHAPES; c++) {
        const panel_shape *sh = &panel_shapes[c];
        ht_rng r;
        ht_rng_seed(&r, 1000 + c);
        size_t ps;
        float *w = panel_matrix(&r, sh, &ps);
        size_t ny = sh->n_panels * HT_PANEL;
        float *x = tcase_falloc(sh->n_in), *y0 = tcase_falloc(ny), *y = tcase_falloc(ny);
        float *a = tcase_falloc(sh->n_in), *dots = tcase_falloc(sh->n_in);
        float *wn = tcase_falloc(sh->n_panels * ps);
        tcase_fill_sym(&r, x, sh->n_in, 1.0f);
        tcase_fill_sym(&r, y0, ny, 1.0f);
        tcase_fill_sym(&r, a, sh->n_in, 0.0625f);
        size_t rows = ps / HT_PANEL;

        memcpy(y, y0, ny * sizeof *y);
        k->matvec_panels(y, w, ps, x, sh->n_in, sh->n_panels);
        tcase_case_begin(s, "kern", -1, "kern.matvec_panels.i%zup%zu", sh->n_in, sh->n_panels);
        tcase_case_seg(s, false, TCASE_ELEM_F32, w, sh->n_panels, rows, HT_PANEL, "w");
        TCASE_IN1(s, TCASE_ELEM_F32, x, sh->n_in, "x");
        TCASE_IN2(s, TCASE_ELEM_F32, y0, sh->n_panels, HT_PANEL, "y_in");
        TCASE_OUT2(s, TCASE_ELEM_F32, y, sh->n_panels, HT_PANEL, "y");
        tcase_case_end(s);

        /* Row j of the transposed product: the panel weights of input j. */
        for (size_t j = 0; j < sh->n_in; j++)
            dots[j] = k->dot_panels(w + j * HT_PANEL, ps, y0, sh->n_panels);
        tcase_case_begin(s, "kern", -1, "kern.dot_panels.i%zup%zu", sh->n_in, sh->n_panels);
        tcase_case_seg(s, false, TCASE_ELEM_F32, w, sh->n_panels, rows, HT_PANEL, "w");
        TCASE_IN2(s, TCASE_ELEM_F32, y0, sh->n_panels, HT_PANEL, "v");
        TCASE_OUT1(s, TCASE_ELEM_F32, dots, sh->n_in, "dot");
        tcase_case_end(s);

        memcpy(wn, w, sh->n_panels * ps * sizeof *w);
        k->sgd_outer_panels(wn, ps, a, y0, sh->n_in, sh->n_panels);
        tcase_case_begin(s, "kern", -1, "kern.sgd_outer_panels.i%zup%zu", sh->n_in, sh->n_panels);
        tcase_case_seg(s, false, TCASE_ELEM_F32, w, sh->n_panels, rows, HT_PANEL, "w_in");
        TCASE_IN1(s, TCASE_ELEM_F32, a, sh->n_in, "a");
        TCASE_IN2(s, TCASE_ELEM_F32, y0, sh->n_panels, HT_PANEL, "b");
        tcase_case_seg(s, true, TCASE_ELEM_F32, wn, sh->n_panels, rows, HT_PANEL, "w");
        tcase_case_end(s);
        free(w), free(x), free(y0), free(y), free(a), free(dots), free(wn);
    }
}

static void case_sgd_rows(tcase_sink *s, const ht_kernels *k) {
    /* (rows, n, ldw): the loss head (1 x 288), the delta head (10 x 288), the
   * small model's C = 80, odd widths with ldw > n, and one long row. */
    static const size_t shapes[][3] = {
        {1, 1, 1}, {3, 17, 20}, {10, 288, 288}, {10, 80, 80}, {10, 67, 70}, {2, 4099, 4099},
    };
    for (size_t c = 0; c < sizeof shapes / sizeof shapes[0]; c++) {
        size_t rows = shapes[c][0], n = shapes[c][1], ldw = shapes[c][2];
        ht_rng r;
        ht_rng_seed(&r, 2000 + c);
        float *w0 = tcase_falloc(rows * ldw), *w = tcase_falloc(rows * ldw);
        float *a = tcase_falloc(rows), *b = tcase_falloc(n);
        tcase_fill_sym(&r, w0, rows * ldw, 0.25f);
        for (size_t i = 0; i < rows; i++)
            for (size_t j = n; j < ldw; j++) w0[i * ldw + j] = ht_bits_f32(PAD_NAN);
        tcase_fill_sym(&r, a, rows, 0.0625f);
        tcase_fill_sym(&r, b, n, 1.0f);
        memcpy(w, w0, rows * ldw * sizeof *w);
        k->sgd_outer_rows(w, ldw, a, b, rows, n);
        tcase_case_begin(s, "kern", -1, "kern.sgd_outer_rows.r%zun%zul%zu", rows, n, ldw);
        TCASE_IN2(s, TCASE_ELEM_F32, w0, rows, ldw, "w_in");
        TCASE_IN1(s, TCASE_ELEM_F32, a, rows, "a");
        TCASE_IN1(s, TCASE_ELEM_F32, b, n, "b");
        TCASE_OUT2(s, TCASE_ELEM_F32, w, rows, ldw, "w");
        tcase_case_end(s);
        free(w0), free(w), free(a), free(b);
    }
}

/* dot and sum over every length 0..67 (output index = length), aligned and
 * one float off alignment, then the long lengths. */
static void case_reductions(tcase_sink *s, const ht_kernels *k, const char *variant, uint64_t seed,
                            unsigned special_permille, bool nans) {
    ht_rng r;
    ht_rng_seed(&r, seed);
    size_t len = TCASE_LONG_LEN + 1;
    float *a = tcase_falloc(len), *b = tcase_falloc(len);
    tcase_fill_sym(&r, a, len, 1.0f);
    tcase_fill_sym(&r, b, len, 1.0f);
    if (special_permille) {
        tcase_sprinkle_special(&r, a, len, special_permille);
        for (size_t i = 0; i < len; i++) {
            /* .special keeps NaN out (payload choice is .nan's business). */
            if (!nans && a[i] != a[i]) a[i] = ht_bits_f32(0x7f800000u);
        }
        if (nans) tcase_unpair_nans(a, b, len);
    }
    static const size_t longs[] = {1000, 4096, TCASE_LONG_LEN};
    enum { NL = sizeof longs / sizeof longs[0] };
    float dshort[2][TCASE_SHORT_MAX + 1], sshort[2][TCASE_SHORT_MAX + 1];
    float dlong[NL], slong[NL];
    for (size_t off = 0; off < 2; off++)
        for (size_t n = 0; n <= TCASE_SHORT_MAX; n++) {
            dshort[off][n] = k->dot(a + off, b + off, n);
            sshort[off][n] = k->sum(a + off, n);
        }
    for (size_t i = 0; i < NL; i++) {
        dlong[i] = k->dot(a, b, longs[i]);
        slong[i] = k->sum(a, longs[i]);
    }
    if (nans) {
        /* Several NaN payloads meet in one sum: see tcase_canon_nan_members.
     * Measured before this rule: the scalar path returned 0x7fc00000 where
     * SSE2/AVX2/AVX-512 returned 0x7fc12345 (both inputs' payloads). */
        float pool[64];
        size_t np = 0;
        for (size_t i = 0; i < len && np < 64; i++) {
            bool dup = false;
            for (size_t q = 0; q < np; q++) dup |= ht_f32_bits(pool[q]) == ht_f32_bits(a[i]);
            if (a[i] != a[i] && !dup) pool[np++] = a[i];
        }
        tcase_canon_nan_members(&dshort[0][0], 2 * (TCASE_SHORT_MAX + 1), pool, np);
        tcase_canon_nan_members(&sshort[0][0], 2 * (TCASE_SHORT_MAX + 1), pool, np);
        tcase_canon_nan_members(dlong, NL, pool, np);
        tcase_canon_nan_members(slong, NL, pool, np);
    }
    tcase_case_begin(s, "kern", -1, "kern.dot.%s", variant);
    TCASE_IN1(s, TCASE_ELEM_F32, a, len, "a");
    TCASE_IN1(s, TCASE_ELEM_F32, b, len, "b");
    TCASE_OUT2(s, TCASE_ELEM_F32, dshort, 2, TCASE_SHORT_MAX + 1, "short[offset][n]");
    TCASE_OUT1(s, TCASE_ELEM_F32, dlong, NL, "long[1000,4096,4099]");
    tcase_case_end(s);
    tcase_case_begin(s, "kern", -1, "kern.sum.%s", variant);
    TCASE_IN1(s, TCASE_ELEM_F32, a, len, "x");
    TCASE_OUT2(s, TCASE_ELEM_F32, sshort, 2, TCASE_SHORT_MAX + 1, "short[offset][n]");
    TCASE_OUT1(s, TCASE_ELEM_F32, slong, NL, "long[1000,4096,4099]");
    tcase_case_end(s);
    free(a), free(b);
}

/* ---- tcase_kernel_call (cases.h): one adapter per kernel type ---- */

const char *const tcase_kernel_names[TCASE_K_COUNT] = {
#define TCASE__KERNEL_NAME(name, type) [TCASE_K_##name] = #name,
    HT_KERNEL_LIST(TCASE__KERNEL_NAME)
#undef TCASE__KERNEL_NAME
};

#define TCASE__CALL_ht_matvec_panels_fn(f, o)                                                      \
    (f((o)->out, (o)->w, (o)->stride, (o)->x, (o)->rows, (o)->panels), 0.0f)
#define TCASE__CALL_ht_dot_panels_fn(f, o) f((o)->w, (o)->stride, (o)->z, (o)->panels)
#define TCASE__CALL_ht_dot_fn(f, o) f((o)->x, (o)->z, (o)->n)
#define TCASE__CALL_ht_sum_fn(f, o) f((o)->x, (o)->n)
#define TCASE__CALL_ht_sgd_outer_panels_fn(f, o)                                                   \
    (f((o)->out, (o)->stride, (o)->x, (o)->z, (o)->rows, (o)->panels), 0.0f)
#define TCASE__CALL_ht_sgd_outer_rows_fn(f, o)                                                     \
    (f((o)->out, (o)->stride, (o)->x, (o)->z, (o)->rows, (o)->n), 0.0f)
#define TCASE__CALL_ht_axpy_fn(f, o) (f((o)->out, (o)->a, (o)->x, (o)->n), 0.0f)
#define TCASE__CALL_ht_scale_fn(f, o) (f((o)->out, (o)->a, (o)->n), 0.0f)
#define TCASE__CALL_ht_unary_fn(f, o) (f((o)->out, (o)->x, (o)->n), 0.0f)
#define TCASE__CALL_ht_gru_blend_fn(f, o) (f((o)->out, (o)->z, (o)->x, (o)->n), 0.0f)
#define TCASE__CALL_ht_softmax_fn(f, o) (f((o)->out, (o)->x, (o)->n), 0.0f)
#define TCASE__CALL_ht_scm_binary_fn(f, o)                                                         \
    (f((o)->out, (o)->mout, (o)->x, (o)->mx, (o)->z, (o)->mz, (o)->n), 0.0f)
#define TCASE__CALL_ht_scm_unary_fn(f, o) (f((o)->out, (o)->mout, (o)->x, (o)->mx, (o)->n), 0.0f)
#define TCASE__CALL_ht_scm_decode_fn(f, o)                                                         \
    (f((o)->out, (o)->mout, (o)->x, (o)->z, (o)->a, (o)->n), 0.0f)

float tcase_kernel_call(const ht_kernels *k, tcase_kernel id, const tcase_operands *o) {
    switch (id) {
#define TCASE__CALL(name, type)                                                                    \
    case TCASE_K_##name: return TCASE__CALL_##type(k->name, o);
        HT_KERNEL_LIST(TCASE__CALL)
#undef TCASE__CALL
    case TCASE_K_COUNT: break;
    }
    tcase_fatal(__FILE__, __LINE__, "tcase_kernel_call: no such kernel id", (int)id);
}

/* ---- element-wise kernels ---- */

/* The scalar operand of axpy and scale (the goldens were made with these). */
static float ew_scalar(tcase_kernel id) { return id == TCASE_K_scale ? -1.25f : 0.375f; }

/* y = kernel(x, z) over n elements; y is also an input where the kernel
 * updates in place (axpy, scale, gru_blend). */
static void ew_apply(const ht_kernels *k, tcase_kernel id, float *y, const float *x, const float *z,
                     size_t n) {
    const tcase_operands o = {.out = y, .x = x, .z = z, .a = ew_scalar(id), .n = n};
    tcase_kernel_call(k, id, &o);
}

/* One element-wise case: the kernel over every prefix length 0..67 of the
 * inputs, then the whole long array, then the long array one float off
 * alignment. y starts as y0 (the in/out operand of axpy, scale, blend). */
static void ew_case(tcase_sink *s, const ht_kernels *k, tcase_kernel op, const char *variant,
                    const float *x, const float *y0, const float *z, size_t len) {
    float *y = tcase_falloc(len + 1);
    tcase_case_begin(s, "kern", -1, "kern.%s.%s", tcase_kernel_names[op], variant);
    TCASE_IN1(s, TCASE_ELEM_F32, x, len, "x");
    TCASE_IN1(s, TCASE_ELEM_F32, y0, len, "y_in");
    if (z) TCASE_IN1(s, TCASE_ELEM_F32, z, len, "z");
    size_t nshort = len < TCASE_SHORT_MAX ? len : TCASE_SHORT_MAX;
    for (size_t n = 0; n <= nshort; n++) {
        memcpy(y, y0, len * sizeof *y);
        ew_apply(k, op, y, x, z, n);
        TCASE_OUT1(s, TCASE_ELEM_F32, y, n, "n%02zu", n);
    }
    if (len > TCASE_SHORT_MAX) {
        memcpy(y, y0, len * sizeof *y);
        ew_apply(k, op, y, x, z, len);
        TCASE_OUT1(s, TCASE_ELEM_F32, y, len, "n%zu", len);
        memcpy(y, y0, len * sizeof *y);
        ew_apply(k, op, y + 1, x + 1, z ? z + 1 : NULL, len - 1);
        TCASE_OUT1(s, TCASE_ELEM_F32, y + 1, len - 1, "offset1.n%zu", len - 1);
    }
    tcase_case_end(s);
    free(y);
}

/* Values around every branch point of ht_math.h: the tanh polynomial limit
 * 0.625, the saturation at 9, exp's overflow (88.8, ln FLT_MAX = 88.72) and
 * underflow limits (-104, the subnormal range below -87.3). */
static size_t math_specials(float *out) {
    static const float pts[] = {0.625f, 9.0f,        88.8f,  88.7228391f, 88.0f, 104.0f,
                                103.9f, 87.3365479f, 100.0f, 0.5f,        1.0f,  2.0f,
                                20.0f,  1e-3f,       1e-20f, 0.3465736f};
    size_t n = 0;
    for (size_t i = 0; i < tcase_special_count; i++) out[n++] = ht_bits_f32(tcase_special_bits[i]);
    for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++) {
        uint32_t u = ht_f32_bits(pts[i]);
        for (int d = -1; d <= 1; d++) {
            out[n++] = ht_bits_f32(u + (uint32_t)d);
            out[n++] = ht_bits_f32((u + (uint32_t)d) | 0x80000000u);
        }
    }
    return n;
}

static void case_elementwise(tcase_sink *s, const ht_kernels *k) {
    size_t len = TCASE_LONG_LEN;
    float *x = tcase_falloc(len), *y0 = tcase_falloc(len), *z = tcase_falloc(len);
    ht_rng r;
    ht_rng_seed(&r, 3000);
    tcase_fill_sym(&r, x, len, 1.0f);
    tcase_fill_sym(&r, y0, len, 1.0f);
    tcase_fill_unit(&r, z, len);
    ew_case(s, k, TCASE_K_axpy, "sweep", x, y0, NULL, len);
    ew_case(s, k, TCASE_K_scale, "sweep", x, y0, NULL, len);
    ew_case(s, k, TCASE_K_gru_blend, "sweep", x, y0, z, len);

    /* Special operands: subnormal products, inf * 0, NaN payloads (one NaN per
   * element pair, so the result's payload is defined). */
    tcase_sprinkle_special(&r, x, len, 100);
    tcase_sprinkle_special(&r, y0, len, 100);
    tcase_unpair_nans(x, y0, len);
    ew_case(s, k, TCASE_K_axpy, "special", x, y0, NULL, len);
    ew_case(s, k, TCASE_K_scale, "special", x, y0, NULL, len);
    ew_case(s, k, TCASE_K_gru_blend, "special", x, y0, z, len);

    /* exp, tanh, sigmoid: every branch region. The sweep spans (-128, 128),
   * past both exp limits; the small-magnitude part covers the tanh
   * polynomial; the special list hits each threshold and its neighbours. */
    static const tcase_kernel math_ops[] = {TCASE_K_exp, TCASE_K_tanh, TCASE_K_sigmoid};
    for (size_t m = 0; m < sizeof math_ops / sizeof math_ops[0]; m++) {
        const tcase_kernel op = math_ops[m];
        ht_rng_seed(&r, 3103 + m); /* the seeds the goldens were made with */
        tcase_fill_sym(&r, x, len, 128.0f);
        for (size_t i = 0; i < len; i += 3) x[i] = x[i] * 0x1p-7f; /* (-1, 1) */
        for (size_t i = 1; i < len; i += 7) x[i] = x[i] * 0x1p-20f;
        memset(y0, 0, len * sizeof *y0);
        ew_case(s, k, op, "sweep", x, y0, NULL, len);
        tcase_fill_wide(&r, x, len, -30, 7);
        ew_case(s, k, op, "wide", x, y0, NULL, len);
        float sp[256];
        size_t nsp = math_specials(sp);
        ew_case(s, k, op, "special", sp, y0, NULL, nsp);
        /* In place: y == x is allowed by the contract. */
        tcase_fill_sym(&r, x, len, 16.0f);
        float *inplace = tcase_falloc(len);
        memcpy(inplace, x, len * sizeof *x);
        ew_apply(k, op, inplace, inplace, NULL, len);
        tcase_case_begin(s, "kern", -1, "kern.%s.inplace", tcase_kernel_names[op]);
        TCASE_IN1(s, TCASE_ELEM_F32, x, len, "x");
        TCASE_OUT1(s, TCASE_ELEM_F32, inplace, len, "y");
        tcase_case_end(s);
        free(inplace);
    }

    /* softmax: logits in (-8, 8), then rows with -inf, ties, huge spreads. */
    ht_rng_seed(&r, 3200);
    tcase_fill_sym(&r, x, len, 8.0f);
    ew_case(s, k, TCASE_K_softmax, "sweep", x, y0, NULL, len);
    static const uint32_t sm_special[] = {
        0xff800000u, 0x00000000u, 0x80000000u, 0x42b00000u, 0x42b00000u, 0xf149f2cau,
        0x00000001u, 0x3f800000u, 0xc2c80000u, 0x42c80000u, 0xff800000u, 0x41200000u,
        0x41200000u, 0xbf800000u, 0x7f7fffffu, 0x3e800000u, 0x3e800000u};
    float sm[sizeof sm_special / sizeof sm_special[0]];
    size_t nsm = sizeof sm / sizeof sm[0];
    for (size_t i = 0; i < nsm; i++) sm[i] = ht_bits_f32(sm_special[i]);
    ew_case(s, k, TCASE_K_softmax, "special", sm, y0, NULL, nsm);
    sm[5] = ht_bits_f32(0x7fc12345u); /* a NaN never wins the max scan */
    ew_case(s, k, TCASE_K_softmax, "nan", sm, y0, NULL, nsm);
    free(x), free(y0), free(z);
}

void tcase_cases_kernels(tcase_sink *s, const ht_kernels *k) {
    if (!tcase_sink_wants(s, "kern.")) return;
    case_panels(s, k);
    case_sgd_rows(s, k);
    case_reductions(s, k, "sweep", 4000, 0, false);
    case_reductions(s, k, "special", 4001, 30, false);
    case_reductions(s, k, "nan", 4002, 30, true);
    case_elementwise(s, k);
}
