/* kernels_scalar.c: the reference path. Every other ISA must reproduce these
 * results bit for bit, so this file spells out each operation order that
 * ht_kernels.h promises, including the 16-lane reductions. It must stay plain
 * C: no intrinsics, no reassociation. */
#include <math.h>

#include "ht_kernels.h"
#include "ht_math.h"
#include "kernels_internal.h"

static void matvec_panels_scalar(float *y, const float *w, size_t pstride, const float *x,
                                 size_t n_in, size_t n_panels) {
    for (size_t p = 0; p < n_panels; p++) {
        float acc[HT_PANEL];
        float *yp = y + p * HT_PANEL;
        const float *wp = w + p * pstride;
        for (size_t l = 0; l < HT_PANEL; l++) acc[l] = yp[l];
        for (size_t j = 0; j < n_in; j++) {
            const float xj = x[j];
            const float *row = wp + j * HT_PANEL;
            for (size_t l = 0; l < HT_PANEL; l++) acc[l] = acc[l] + row[l] * xj;
        }
        for (size_t l = 0; l < HT_PANEL; l++) yp[l] = acc[l];
    }
}

float ht__lanes_reduce(float a[HT_LANES]) {
    for (size_t k = 0; k < 8; k++) a[k] = a[k] + a[k + 8];
    for (size_t k = 0; k < 4; k++) a[k] = a[k] + a[k + 4];
    for (size_t k = 0; k < 2; k++) a[k] = a[k] + a[k + 2];
    return a[0] + a[1];
}

static float dot_panels_scalar(const float *w, size_t pstride, const float *v, size_t n_panels) {
    float acc[HT_LANES] = {0};
    for (size_t p = 0; p < n_panels; p++)
        for (size_t l = 0; l < HT_PANEL; l++)
            acc[l % HT_LANES] = acc[l % HT_LANES] + w[p * pstride + l] * v[p * HT_PANEL + l];
    return ht__lanes_reduce(acc);
}

static float dot_scalar(const float *a, const float *b, size_t n) {
    float acc[HT_LANES] = {0};
    size_t i = 0;
    for (; i + HT_LANES <= n; i += HT_LANES)
        for (size_t k = 0; k < HT_LANES; k++) acc[k] = acc[k] + a[i + k] * b[i + k];
    for (size_t k = 0; k < HT_LANES; k++)
        acc[k] = acc[k] + (i + k < n ? a[i + k] * b[i + k] : 0.0f);
    return ht__lanes_reduce(acc);
}

static float sum_scalar(const float *x, size_t n) {
    float acc[HT_LANES] = {0};
    size_t i = 0;
    for (; i + HT_LANES <= n; i += HT_LANES)
        for (size_t k = 0; k < HT_LANES; k++) acc[k] = acc[k] + x[i + k];
    for (size_t k = 0; k < HT_LANES; k++) acc[k] = acc[k] + (i + k < n ? x[i + k] : 0.0f);
    return ht__lanes_reduce(acc);
}

static void sgd_outer_panels_scalar(float *w, size_t pstride, const float *a, const float *b,
                                    size_t n_rows, size_t n_panels) {
    for (size_t p = 0; p < n_panels; p++) {
        const float *bp = b + p * HT_PANEL;
        for (size_t j = 0; j < n_rows; j++) {
            float *row = w + p * pstride + j * HT_PANEL;
            const float aj = a[j];
            for (size_t l = 0; l < HT_PANEL; l++) row[l] = row[l] - aj * bp[l];
        }
    }
}

static void sgd_outer_rows_scalar(float *w, size_t ldw, const float *a, const float *b,
                                  size_t n_rows, size_t n) {
    for (size_t k = 0; k < n_rows; k++) {
        float *row = w + k * ldw;
        const float ak = a[k];
        for (size_t i = 0; i < n; i++) row[i] = row[i] - ak * b[i];
    }
}

static void axpy_scalar(float *y, float a, const float *x, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = y[i] + a * x[i];
}

static void scale_scalar(float *y, float a, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = y[i] * a;
}

static void exp_scalar(float *y, const float *x, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = ht_expf(x[i]);
}
static void tanh_scalar(float *y, const float *x, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = ht_tanhf(x[i]);
}
static void sigmoid_scalar(float *y, const float *x, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = ht_sigmoidf(x[i]);
}

static void gru_blend_scalar(float *h, const float *z, const float *ht, size_t n) {
    for (size_t i = 0; i < n; i++) h[i] = (1.0f - z[i]) * h[i] + z[i] * ht[i];
}

static void softmax_scalar(float *p, const float *x, size_t n) {
    ht__softmax_with(p, x, n, exp_scalar, sum_scalar);
}

/* ---- SCM ---- */
static void scm_add_scalar(float *out, uint8_t *mout, const float *x, const uint8_t *mx,
                           const float *y, const uint8_t *my, size_t n) {
    for (size_t i = 0; i < n; i++) {
        uint8_t b = (uint8_t)((mx[i] | my[i]) != 0);
        float v = x[i] + y[i];
        out[i] = b ? 0.0f : v;
        mout[i] = b;
    }
}
static void scm_sub_scalar(float *out, uint8_t *mout, const float *x, const uint8_t *mx,
                           const float *y, const uint8_t *my, size_t n) {
    for (size_t i = 0; i < n; i++) {
        uint8_t b = (uint8_t)((mx[i] | my[i]) != 0);
        float v = x[i] - y[i];
        out[i] = b ? 0.0f : v;
        mout[i] = b;
    }
}
static void scm_mul_scalar(float *out, uint8_t *mout, const float *x, const uint8_t *mx,
                           const float *y, const uint8_t *my, size_t n) {
    for (size_t i = 0; i < n; i++) {
        uint8_t b = (uint8_t)((mx[i] | my[i]) != 0);
        float v = x[i] * y[i];
        out[i] = b ? 0.0f : v;
        mout[i] = b;
    }
}
static void scm_div_scalar(float *out, uint8_t *mout, const float *x, const uint8_t *mx,
                           const float *y, const uint8_t *my, size_t n) {
    for (size_t i = 0; i < n; i++) {
        uint8_t b = (uint8_t)((mx[i] | my[i]) != 0 || y[i] == 0.0f);
        float d = b ? 1.0f : y[i];
        float v = x[i] / d;
        out[i] = b ? 0.0f : v;
        mout[i] = b;
    }
}
static void scm_inv_scalar(float *out, uint8_t *mout, const float *x, const uint8_t *mx, size_t n) {
    for (size_t i = 0; i < n; i++) {
        uint8_t b = (uint8_t)(mx[i] != 0 || x[i] == 0.0f);
        float d = b ? 1.0f : x[i];
        float v = 1.0f / d;
        out[i] = b ? 0.0f : v;
        mout[i] = b;
    }
}
static void scm_neg_scalar(float *out, uint8_t *mout, const float *x, const uint8_t *mx, size_t n) {
    for (size_t i = 0; i < n; i++) {
        uint8_t b = (uint8_t)(mx[i] != 0);
        float v = ht_bits_f32(ht_f32_bits(x[i]) ^ 0x80000000u);
        out[i] = b ? 0.0f : v;
        mout[i] = b;
    }
}
static void scm_exp_scalar(float *out, uint8_t *mout, const float *x, const uint8_t *mx, size_t n) {
    for (size_t i = 0; i < n; i++) {
        uint8_t b = (uint8_t)(mx[i] != 0);
        float v = ht_expf(x[i]);
        out[i] = b ? 0.0f : v;
        mout[i] = b;
    }
}
static void scm_sqrt_scalar(float *out, uint8_t *mout, const float *x, const uint8_t *mx,
                            size_t n) {
    for (size_t i = 0; i < n; i++) {
        uint8_t b = (uint8_t)(mx[i] != 0 || x[i] < 0.0f);
        float v = sqrtf(b ? 0.0f : x[i]);
        out[i] = b ? 0.0f : v;
        mout[i] = b;
    }
}
static void scm_decode_scalar(float *out, uint8_t *mout, const float *p, const float *q, float tau,
                              size_t n) {
    for (size_t i = 0; i < n; i++) {
        float aq = ht_bits_f32(ht_f32_bits(q[i]) & 0x7fffffffu);
        uint8_t b = (uint8_t)(p[i] != p[i] || q[i] != q[i] || aq < tau);
        float v = p[i] / (b ? 1.0f : q[i]);
        out[i] = b ? ht_bits_f32(0x7fc00000u) : v;
        mout[i] = b;
    }
}

/* Entry <name> of HT_KERNEL_LIST is <name>_scalar above: a kernel missing
 * here, or with another signature, is a compile error, and a function left
 * out of the list is an unused one (also an error). */
#define HT__SCALAR_ENTRY(name, type) .name = name##_scalar,
const ht_kernels ht__kernels_scalar = {.isa = HT_ISA_SCALAR, HT_KERNEL_LIST(HT__SCALAR_ENTRY)};
#undef HT__SCALAR_ENTRY
