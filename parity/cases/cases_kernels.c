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
  float *w = tock__falloc(sh->n_panels * *pstride);
  for (size_t p = 0; p < sh->n_panels; p++) {
    tock__fill_sym(r, w + p * *pstride, sh->n_in * HT_PANEL, 0.125f);
    for (size_t i = sh->n_in * HT_PANEL; i < *pstride; i++)
      w[p * *pstride + i] = ht_bits_f32(PAD_NAN);
  }
  return w;
}

static void case_panels(tock__sink *s, const ht_kernels *k) {
  for (size_t c = 0; c < N_PANEL_SHAPES; c++) {
    const panel_shape *sh = &panel_shapes[c];
    ht_rng r;
    ht_rng_seed(&r, 1000 + c);
    size_t ps;
    float *w = panel_matrix(&r, sh, &ps);
    size_t ny = sh->n_panels * HT_PANEL;
    float *x = tock__falloc(sh->n_in), *y0 = tock__falloc(ny), *y = tock__falloc(ny);
    float *a = tock__falloc(sh->n_in), *dots = tock__falloc(sh->n_in);
    float *wn = tock__falloc(sh->n_panels * ps);
    tock__fill_sym(&r, x, sh->n_in, 1.0f);
    tock__fill_sym(&r, y0, ny, 1.0f);
    tock__fill_sym(&r, a, sh->n_in, 0.0625f);
    size_t rows = ps / HT_PANEL;

    memcpy(y, y0, ny * sizeof *y);
    k->matvec_panels(y, w, ps, x, sh->n_in, sh->n_panels);
    tock__case_begin(s, "kern", -1, "kern.matvec_panels.i%zup%zu", sh->n_in, sh->n_panels);
    tock__case_seg(s, false, TOCK_ELEM_F32, w, sh->n_panels, rows, HT_PANEL, "w");
    TOCK_IN1(s, TOCK_ELEM_F32, x, sh->n_in, "x");
    TOCK_IN2(s, TOCK_ELEM_F32, y0, sh->n_panels, HT_PANEL, "y_in");
    TOCK_OUT2(s, TOCK_ELEM_F32, y, sh->n_panels, HT_PANEL, "y");
    tock__case_end(s);

    /* Row j of the transposed product: the panel weights of input j. */
    for (size_t j = 0; j < sh->n_in; j++)
      dots[j] = k->dot_panels(w + j * HT_PANEL, ps, y0, sh->n_panels);
    tock__case_begin(s, "kern", -1, "kern.dot_panels.i%zup%zu", sh->n_in, sh->n_panels);
    tock__case_seg(s, false, TOCK_ELEM_F32, w, sh->n_panels, rows, HT_PANEL, "w");
    TOCK_IN2(s, TOCK_ELEM_F32, y0, sh->n_panels, HT_PANEL, "v");
    TOCK_OUT1(s, TOCK_ELEM_F32, dots, sh->n_in, "dot");
    tock__case_end(s);

    memcpy(wn, w, sh->n_panels * ps * sizeof *w);
    k->sgd_outer_panels(wn, ps, a, y0, sh->n_in, sh->n_panels);
    tock__case_begin(s, "kern", -1, "kern.sgd_outer_panels.i%zup%zu", sh->n_in,
                     sh->n_panels);
    tock__case_seg(s, false, TOCK_ELEM_F32, w, sh->n_panels, rows, HT_PANEL, "w_in");
    TOCK_IN1(s, TOCK_ELEM_F32, a, sh->n_in, "a");
    TOCK_IN2(s, TOCK_ELEM_F32, y0, sh->n_panels, HT_PANEL, "b");
    tock__case_seg(s, true, TOCK_ELEM_F32, wn, sh->n_panels, rows, HT_PANEL, "w");
    tock__case_end(s);
    free(w), free(x), free(y0), free(y), free(a), free(dots), free(wn);
  }
}

static void case_sgd_rows(tock__sink *s, const ht_kernels *k) {
  /* (rows, n, ldw): the loss head (1 x 288), the delta head (10 x 288), the
   * small model's C = 80, odd widths with ldw > n, and one long row. */
  static const size_t shapes[][3] = {
      {1, 1, 1}, {3, 17, 20}, {10, 288, 288}, {10, 80, 80}, {10, 67, 70}, {2, 4099, 4099},
  };
  for (size_t c = 0; c < sizeof shapes / sizeof shapes[0]; c++) {
    size_t rows = shapes[c][0], n = shapes[c][1], ldw = shapes[c][2];
    ht_rng r;
    ht_rng_seed(&r, 2000 + c);
    float *w0 = tock__falloc(rows * ldw), *w = tock__falloc(rows * ldw);
    float *a = tock__falloc(rows), *b = tock__falloc(n);
    tock__fill_sym(&r, w0, rows * ldw, 0.25f);
    for (size_t i = 0; i < rows; i++)
      for (size_t j = n; j < ldw; j++) w0[i * ldw + j] = ht_bits_f32(PAD_NAN);
    tock__fill_sym(&r, a, rows, 0.0625f);
    tock__fill_sym(&r, b, n, 1.0f);
    memcpy(w, w0, rows * ldw * sizeof *w);
    k->sgd_outer_rows(w, ldw, a, b, rows, n);
    tock__case_begin(s, "kern", -1, "kern.sgd_outer_rows.r%zun%zul%zu", rows, n, ldw);
    TOCK_IN2(s, TOCK_ELEM_F32, w0, rows, ldw, "w_in");
    TOCK_IN1(s, TOCK_ELEM_F32, a, rows, "a");
    TOCK_IN1(s, TOCK_ELEM_F32, b, n, "b");
    TOCK_OUT2(s, TOCK_ELEM_F32, w, rows, ldw, "w");
    tock__case_end(s);
    free(w0), free(w), free(a), free(b);
  }
}

/* dot and sum over every length 0..67 (output index = length), aligned and
 * one float off alignment, then the long lengths. */
static void case_reductions(tock__sink *s, const ht_kernels *k, const char *variant,
                            uint64_t seed, unsigned special_permille, bool nans) {
  ht_rng r;
  ht_rng_seed(&r, seed);
  size_t len = TOCK_LONG_LEN + 1;
  float *a = tock__falloc(len), *b = tock__falloc(len);
  tock__fill_sym(&r, a, len, 1.0f);
  tock__fill_sym(&r, b, len, 1.0f);
  if (special_permille) {
    tock__sprinkle_special(&r, a, len, special_permille);
    for (size_t i = 0; i < len; i++) {
      /* .special keeps NaN out (payload choice is .nan's business). */
      if (!nans && a[i] != a[i]) a[i] = ht_bits_f32(0x7f800000u);
    }
    if (nans) tock__unpair_nans(a, b, len);
  }
  static const size_t longs[] = {1000, 4096, TOCK_LONG_LEN};
  enum { NL = sizeof longs / sizeof longs[0] };
  float dshort[2][TOCK_SHORT_MAX + 1], sshort[2][TOCK_SHORT_MAX + 1];
  float dlong[NL], slong[NL];
  for (size_t off = 0; off < 2; off++)
    for (size_t n = 0; n <= TOCK_SHORT_MAX; n++) {
      dshort[off][n] = k->dot(a + off, b + off, n);
      sshort[off][n] = k->sum(a + off, n);
    }
  for (size_t i = 0; i < NL; i++) {
    dlong[i] = k->dot(a, b, longs[i]);
    slong[i] = k->sum(a, longs[i]);
  }
  if (nans) {
    /* Several NaN payloads meet in one sum: see tock__canon_nan_members.
     * Measured before this rule: the scalar path returned 0x7fc00000 where
     * SSE2/AVX2/AVX-512 returned 0x7fc12345 (both inputs' payloads). */
    float pool[64];
    size_t np = 0;
    for (size_t i = 0; i < len && np < 64; i++) {
      bool dup = false;
      for (size_t q = 0; q < np; q++) dup |= ht_f32_bits(pool[q]) == ht_f32_bits(a[i]);
      if (a[i] != a[i] && !dup) pool[np++] = a[i];
    }
    tock__canon_nan_members(&dshort[0][0], 2 * (TOCK_SHORT_MAX + 1), pool, np);
    tock__canon_nan_members(&sshort[0][0], 2 * (TOCK_SHORT_MAX + 1), pool, np);
    tock__canon_nan_members(dlong, NL, pool, np);
    tock__canon_nan_members(slong, NL, pool, np);
  }
  tock__case_begin(s, "kern", -1, "kern.dot.%s", variant);
  TOCK_IN1(s, TOCK_ELEM_F32, a, len, "a");
  TOCK_IN1(s, TOCK_ELEM_F32, b, len, "b");
  TOCK_OUT2(s, TOCK_ELEM_F32, dshort, 2, TOCK_SHORT_MAX + 1, "short[offset][n]");
  TOCK_OUT1(s, TOCK_ELEM_F32, dlong, NL, "long[1000,4096,4099]");
  tock__case_end(s);
  tock__case_begin(s, "kern", -1, "kern.sum.%s", variant);
  TOCK_IN1(s, TOCK_ELEM_F32, a, len, "x");
  TOCK_OUT2(s, TOCK_ELEM_F32, sshort, 2, TOCK_SHORT_MAX + 1, "short[offset][n]");
  TOCK_OUT1(s, TOCK_ELEM_F32, slong, NL, "long[1000,4096,4099]");
  tock__case_end(s);
  free(a), free(b);
}

typedef enum { EW_AXPY, EW_SCALE, EW_BLEND, EW_EXP, EW_TANH, EW_SIGMOID, EW_SOFTMAX } ew_op;
static const char *const ew_names[] = {"axpy", "scale", "gru_blend", "exp",
                                       "tanh", "sigmoid", "softmax"};

static void ew_apply(const ht_kernels *k, ew_op op, float *y, const float *x,
                     const float *z, size_t n) {
  switch (op) {
  case EW_AXPY: k->axpy(y, 0.375f, x, n); break;
  case EW_SCALE: k->scale(y, -1.25f, n); break;
  case EW_BLEND: k->gru_blend(y, z, x, n); break;
  case EW_EXP: k->exp(y, x, n); break;
  case EW_TANH: k->tanh(y, x, n); break;
  case EW_SIGMOID: k->sigmoid(y, x, n); break;
  case EW_SOFTMAX: k->softmax(y, x, n); break;
  }
}

/* One element-wise case: the kernel over every prefix length 0..67 of the
 * inputs, then the whole long array, then the long array one float off
 * alignment. y starts as y0 (the in/out operand of axpy, scale, blend). */
static void ew_case(tock__sink *s, const ht_kernels *k, ew_op op, const char *variant,
                    const float *x, const float *y0, const float *z, size_t len) {
  float *y = tock__falloc(len + 1);
  tock__case_begin(s, "kern", -1, "kern.%s.%s", ew_names[op], variant);
  TOCK_IN1(s, TOCK_ELEM_F32, x, len, "x");
  TOCK_IN1(s, TOCK_ELEM_F32, y0, len, "y_in");
  if (z) TOCK_IN1(s, TOCK_ELEM_F32, z, len, "z");
  size_t nshort = len < TOCK_SHORT_MAX ? len : TOCK_SHORT_MAX;
  for (size_t n = 0; n <= nshort; n++) {
    memcpy(y, y0, len * sizeof *y);
    ew_apply(k, op, y, x, z, n);
    TOCK_OUT1(s, TOCK_ELEM_F32, y, n, "n%02zu", n);
  }
  if (len > TOCK_SHORT_MAX) {
    memcpy(y, y0, len * sizeof *y);
    ew_apply(k, op, y, x, z, len);
    TOCK_OUT1(s, TOCK_ELEM_F32, y, len, "n%zu", len);
    memcpy(y, y0, len * sizeof *y);
    ew_apply(k, op, y + 1, x + 1, z ? z + 1 : NULL, len - 1);
    TOCK_OUT1(s, TOCK_ELEM_F32, y + 1, len - 1, "offset1.n%zu", len - 1);
  }
  tock__case_end(s);
  free(y);
}

/* Values around every branch point of ht_math.h: the tanh polynomial limit
 * 0.625, the saturation at 9, exp's overflow (88.8, ln FLT_MAX = 88.72) and
 * underflow limits (-104, the subnormal range below -87.3). */
static size_t math_specials(float *out) {
  static const float pts[] = {0.625f, 9.0f, 88.8f, 88.7228391f, 88.0f, 104.0f, 103.9f,
                              87.3365479f, 100.0f, 0.5f, 1.0f, 2.0f, 20.0f, 1e-3f,
                              1e-20f, 0.3465736f};
  size_t n = 0;
  for (size_t i = 0; i < tock__special_count; i++) out[n++] = ht_bits_f32(tock__special_bits[i]);
  for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++) {
    uint32_t u = ht_f32_bits(pts[i]);
    for (int d = -1; d <= 1; d++) {
      out[n++] = ht_bits_f32(u + (uint32_t)d);
      out[n++] = ht_bits_f32((u + (uint32_t)d) | 0x80000000u);
    }
  }
  return n;
}

static void case_elementwise(tock__sink *s, const ht_kernels *k) {
  size_t len = TOCK_LONG_LEN;
  float *x = tock__falloc(len), *y0 = tock__falloc(len), *z = tock__falloc(len);
  ht_rng r;
  ht_rng_seed(&r, 3000);
  tock__fill_sym(&r, x, len, 1.0f);
  tock__fill_sym(&r, y0, len, 1.0f);
  tock__fill_unit(&r, z, len);
  ew_case(s, k, EW_AXPY, "sweep", x, y0, NULL, len);
  ew_case(s, k, EW_SCALE, "sweep", x, y0, NULL, len);
  ew_case(s, k, EW_BLEND, "sweep", x, y0, z, len);

  /* Special operands: subnormal products, inf * 0, NaN payloads (one NaN per
   * element pair, so the result's payload is defined). */
  tock__sprinkle_special(&r, x, len, 100);
  tock__sprinkle_special(&r, y0, len, 100);
  tock__unpair_nans(x, y0, len);
  ew_case(s, k, EW_AXPY, "special", x, y0, NULL, len);
  ew_case(s, k, EW_SCALE, "special", x, y0, NULL, len);
  ew_case(s, k, EW_BLEND, "special", x, y0, z, len);

  /* exp, tanh, sigmoid: every branch region. The sweep spans (-128, 128),
   * past both exp limits; the small-magnitude part covers the tanh
   * polynomial; the special list hits each threshold and its neighbours. */
  for (int op = EW_EXP; op <= EW_SIGMOID; op++) {
    ht_rng_seed(&r, 3100 + (uint64_t)op);
    tock__fill_sym(&r, x, len, 128.0f);
    for (size_t i = 0; i < len; i += 3) x[i] = x[i] * 0x1p-7f; /* (-1, 1) */
    for (size_t i = 1; i < len; i += 7) x[i] = x[i] * 0x1p-20f;
    memset(y0, 0, len * sizeof *y0);
    ew_case(s, k, (ew_op)op, "sweep", x, y0, NULL, len);
    tock__fill_wide(&r, x, len, -30, 7);
    ew_case(s, k, (ew_op)op, "wide", x, y0, NULL, len);
    float sp[256];
    size_t nsp = math_specials(sp);
    ew_case(s, k, (ew_op)op, "special", sp, y0, NULL, nsp);
    /* In place: y == x is allowed by the contract. */
    tock__fill_sym(&r, x, len, 16.0f);
    float *inplace = tock__falloc(len);
    memcpy(inplace, x, len * sizeof *x);
    ew_apply(k, (ew_op)op, inplace, inplace, NULL, len);
    tock__case_begin(s, "kern", -1, "kern.%s.inplace", ew_names[op]);
    TOCK_IN1(s, TOCK_ELEM_F32, x, len, "x");
    TOCK_OUT1(s, TOCK_ELEM_F32, inplace, len, "y");
    tock__case_end(s);
    free(inplace);
  }

  /* softmax: logits in (-8, 8), then rows with -inf, ties, huge spreads. */
  ht_rng_seed(&r, 3200);
  tock__fill_sym(&r, x, len, 8.0f);
  ew_case(s, k, EW_SOFTMAX, "sweep", x, y0, NULL, len);
  static const uint32_t sm_special[] = {0xff800000u, 0x00000000u, 0x80000000u, 0x42b00000u,
                                        0x42b00000u, 0xf149f2cau, 0x00000001u, 0x3f800000u,
                                        0xc2c80000u, 0x42c80000u, 0xff800000u, 0x41200000u,
                                        0x41200000u, 0xbf800000u, 0x7f7fffffu, 0x3e800000u,
                                        0x3e800000u};
  float sm[sizeof sm_special / sizeof sm_special[0]];
  size_t nsm = sizeof sm / sizeof sm[0];
  for (size_t i = 0; i < nsm; i++) sm[i] = ht_bits_f32(sm_special[i]);
  ew_case(s, k, EW_SOFTMAX, "special", sm, y0, NULL, nsm);
  sm[5] = ht_bits_f32(0x7fc12345u); /* a NaN never wins the max scan */
  ew_case(s, k, EW_SOFTMAX, "nan", sm, y0, NULL, nsm);
  free(x), free(y0), free(z);
}

void tock__cases_kernels(tock__sink *s, const ht_kernels *k) {
  if (!tock__sink_wants(s, "kern.")) return;
  case_panels(s, k);
  case_sgd_rows(s, k);
  case_reductions(s, k, "sweep", 4000, 0, false);
  case_reductions(s, k, "special", 4001, 30, false);
  case_reductions(s, k, "nan", 4002, 30, true);
  case_elementwise(s, k);
}
