/* tools/loopbench.c: issue 2's speed figures from one process, as ratios, until
 * the perf framework (perf/tock.h) lands. It times the default-configuration
 * kernels of KERNELS.md against three yardsticks on the same machine: the
 * memory floor (streaming the bytes one horizon step reads), a second thread,
 * and the same GRU step built on OpenBLAS cblas_sgemv; plus the small kernels
 * in absolute nanoseconds beside the published figures.
 *
 * Method: every figure is the minimum over R repetitions (15; 3 with --quick)
 * of a timed loop of back-to-back calls that lasts at least 20 ms (5 ms with
 * --quick), clock_gettime(CLOCK_MONOTONIC), divided by the loop's call count.
 * The minimum is the least-disturbed run on a shared machine; it is not a
 * statistic with an error bar (the perf suite does that properly).
 *
 * It must never be used as a correctness check or feed a parity hash, and
 * OpenBLAS here is a benchmark-only reference: nothing in ht links it.
 * Exit codes: 0 ok, 1 a library call failed, 2 usage error. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ht.h"

#ifdef TOCK_HAVE_OPENBLAS
#include <cblas.h>
#endif

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define LB_X86 1
#else
#define LB_X86 0
#endif

/* Published figures (KERNELS.md section 10), in ns. */
#define PUB_PREDICT_1 50000.0
#define PUB_PREDICT_75 1800000.0
#define PUB_FEATURES 15200.0
#define PUB_CLONE 987.0
#define PUB_RECORD 2.4
#define PUB_OBSERVE 1360000.0

static volatile float g_sink; /* keeps results alive past the optimiser */

static void die_status(const char *what, int rc) {
  fprintf(stderr, "loopbench: %s failed: %s (%s)\n", what, ht_status_name(rc),
          ht_status_message(rc));
  exit(1);
}

static void check(const char *what, int rc) {
  if (rc != 0) {
    die_status(what, rc);
  }
}

static void *xalloc(size_t bytes) {
  /* 64-byte aligned so vector loads never split a cache line. */
  size_t rounded = (bytes + 63u) / 64u * 64u;
  void *p = aligned_alloc(64, rounded == 0 ? 64 : rounded);
  if (p == NULL) {
    fprintf(stderr, "loopbench: out of memory allocating %zu bytes\n", bytes);
    exit(1);
  }
  return p;
}

/* ---- timing --------------------------------------------------------------- */

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

typedef void (*bench_fn)(void *ctx, uint64_t iters);

typedef struct {
  double target_ns; /* one timed loop lasts at least this long */
  int reps;         /* timed loops; the minimum is reported */
} run_params;

/* ns per call: min over rp->reps loops of iters calls, iters chosen so that a
 * loop lasts >= rp->target_ns. The calibration runs double as warm-up. */
static double measure(bench_fn fn, void *ctx, const run_params *rp) {
  uint64_t iters = 1;
  for (;;) {
    double t0 = now_ns();
    fn(ctx, iters);
    double dt = now_ns() - t0;
    if (dt >= rp->target_ns) {
      break;
    }
    if (dt < rp->target_ns / 10.0) {
      iters *= 10;
    } else {
      iters = (uint64_t)((double)iters * rp->target_ns * 1.2 / dt) + 1;
    }
  }
  double best = INFINITY;
  for (int r = 0; r < rp->reps; r++) {
    double t0 = now_ns();
    fn(ctx, iters);
    double per = (now_ns() - t0) / (double)iters;
    if (per < best) {
      best = per;
    }
  }
  return best;
}

/* ---- the physical floor: stream a buffer with plain vector loads ---------- */

typedef float (*sum_fn)(const float *p, size_t n);

/* Eight independent partial sums: enough loads in flight to be limited by the
 * memory system, not by the add latency. */
static float sum_scalar(const float *p, size_t n) {
  float s[8] = {0};
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (size_t k = 0; k < 8; k++) {
      s[k] += p[i + k];
    }
  }
  for (; i < n; i++) {
    s[0] += p[i];
  }
  return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

#if LB_X86
static float sum_sse2(const float *p, size_t n) {
  __m128 a[8];
  for (int k = 0; k < 8; k++) {
    a[k] = _mm_setzero_ps();
  }
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    for (int k = 0; k < 8; k++) {
      a[k] = _mm_add_ps(a[k], _mm_loadu_ps(p + i + 4 * (size_t)k));
    }
  }
  for (int k = 1; k < 8; k++) {
    a[0] = _mm_add_ps(a[0], a[k]);
  }
  float t[4];
  _mm_storeu_ps(t, a[0]);
  float s = (t[0] + t[1]) + (t[2] + t[3]);
  for (; i < n; i++) {
    s += p[i];
  }
  return s;
}

__attribute__((target("avx2"))) static float sum_avx2(const float *p, size_t n) {
  __m256 a[8];
  for (int k = 0; k < 8; k++) {
    a[k] = _mm256_setzero_ps();
  }
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    for (int k = 0; k < 8; k++) {
      a[k] = _mm256_add_ps(a[k], _mm256_loadu_ps(p + i + 8 * (size_t)k));
    }
  }
  for (int k = 1; k < 8; k++) {
    a[0] = _mm256_add_ps(a[0], a[k]);
  }
  float t[8];
  _mm256_storeu_ps(t, a[0]);
  float s = sum_scalar(t, 8);
  for (; i < n; i++) {
    s += p[i];
  }
  return s;
}

__attribute__((target("avx512f"))) static float sum_avx512(const float *p, size_t n) {
  __m512 a[8];
  for (int k = 0; k < 8; k++) {
    a[k] = _mm512_setzero_ps();
  }
  size_t i = 0;
  for (; i + 128 <= n; i += 128) {
    for (int k = 0; k < 8; k++) {
      a[k] = _mm512_add_ps(a[k], _mm512_loadu_ps(p + i + 16 * (size_t)k));
    }
  }
  for (int k = 1; k < 8; k++) {
    a[0] = _mm512_add_ps(a[0], a[k]);
  }
  float t[16];
  _mm512_storeu_ps(t, a[0]);
  float s = sum_scalar(t, 16);
  for (; i < n; i++) {
    s += p[i];
  }
  return s;
}
#endif

/* The widest loads this CPU has (not the ISA the kernels use: the floor is a
 * property of the machine). */
static sum_fn floor_kernel(const char **name) {
#if LB_X86
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) {
    *name = "avx512";
    return sum_avx512;
  }
  if (__builtin_cpu_supports("avx2")) {
    *name = "avx2";
    return sum_avx2;
  }
  *name = "sse2";
  return sum_sse2;
#else
  *name = "scalar";
  return sum_scalar;
#endif
}

typedef struct {
  sum_fn fn;
  const float *buf;
  size_t n;
} floor_ctx;

static void bench_floor(void *vctx, uint64_t iters) {
  floor_ctx *c = vctx;
  float acc = 0.0f;
  for (uint64_t k = 0; k < iters; k++) {
    acc += c->fn(c->buf, c->n);
  }
  g_sink = acc;
}

/* ---- predict -------------------------------------------------------------- */

typedef struct {
  ht_trainer *tr;
  ht_prediction *pred;
  size_t horizon;
} predict_ctx;

static void bench_predict(void *vctx, uint64_t iters) {
  predict_ctx *c = vctx;
  float acc = 0.0f;
  for (uint64_t k = 0; k < iters; k++) {
    int rc = ht_predict(c->tr, c->horizon, c->pred);
    if (rc != 0) {
      die_status("ht_predict", rc);
    }
    acc += c->pred->final_loss;
  }
  g_sink = acc;
}

/* KERNELS.md section 4's benchmark set-up. */
static ht_trainer *predict_state(void) {
  ht_config cfg = ht_config_default();
  ht_trainer *tr = NULL;
  check("ht_trainer_create", ht_trainer_create(&tr, &cfg));
  check("ht_trainer_set_threads", ht_trainer_set_threads(tr, 1));
  check("ht_record_step", ht_record_step(tr, 2.0f, 1.5f));
  check("ht_set_effective_lr", ht_set_effective_lr(tr, 1e-3f));
  check("ht_init_latents", ht_init_latents(tr));
  for (int i = 0; i < 10; i++) {
    check("ht_observe_gradient", ht_observe_gradient(tr, 2.0f, 1.5f));
  }
  return tr;
}

typedef struct {
  double n1, n51, step;
} step_timing;

/* One horizon step = (predict(51) - predict(1)) / 50: the features, the
 * weight-delta head and the aggregation cancel out. */
static step_timing time_step(ht_trainer *tr, ht_prediction *pred, const run_params *rp) {
  predict_ctx c1 = {tr, pred, 1};
  predict_ctx c51 = {tr, pred, 51};
  step_timing t;
  t.n1 = measure(bench_predict, &c1, rp);
  t.n51 = measure(bench_predict, &c51, rp);
  t.step = (t.n51 - t.n1) / 50.0;
  return t;
}

/* ---- the same GRU step on OpenBLAS ---------------------------------------- */

#ifdef TOCK_HAVE_OPENBLAS
typedef struct {
  size_t ni, nh, ns, nc; /* I, H, S, C (complex.h owns the name I) */
  float *w;     /* [W_z; W_r; W_h]: 3H x I row-major, one stacked gemv */
  float *wcol0; /* W[:,0] of the three, contiguous (3H) */
  float *uzr;   /* [U_z; U_r]: 2H x H */
  float *uh;    /* U_h: H x H */
  float *b;     /* [b_z; b_r; b_h] */
  float *wloss; /* C */
  float *h, *x, *a, *rh, *xpart, *c;
} blas_member;

typedef struct {
  size_t E;
  blas_member m[HT_MAX_MEMBERS];
  int precomputed; /* 1: b + W[:,1..] x[1..] once per rollout, as ht does */
} blas_ctx;

static float sigmoidf_libm(float v) { return 1.0f / (1.0f + expf(-v)); }

/* One GRU step of one member with the stochastic re-derivation and the loss
 * decode, as ht's predict does them per step (KERNELS.md sections 3-4). */
static void blas_member_step(blas_member *m, int precomputed) {
  const int H = (int)m->nh, NI = (int)m->ni;
  float *az = m->a, *ar = m->a + H, *ah = m->a + 2 * H;
  if (precomputed) {
    memcpy(m->a, m->xpart, 3 * m->nh * sizeof(float));
    cblas_saxpy(3 * H, m->x[0], m->wcol0, 1, m->a, 1);
  } else {
    memcpy(m->a, m->b, 3 * m->nh * sizeof(float));
    cblas_sgemv(CblasRowMajor, CblasNoTrans, 3 * H, NI, 1.0f, m->w, NI, m->x, 1, 1.0f,
                m->a, 1);
  }
  cblas_sgemv(CblasRowMajor, CblasNoTrans, 2 * H, H, 1.0f, m->uzr, H, m->h, 1, 1.0f, az, 1);
  for (int i = 0; i < H; i++) {
    az[i] = sigmoidf_libm(az[i]);
    ar[i] = sigmoidf_libm(ar[i]);
    m->rh[i] = ar[i] * m->h[i];
  }
  cblas_sgemv(CblasRowMajor, CblasNoTrans, H, H, 1.0f, m->uh, H, m->rh, 1, 1.0f, ah, 1);
  for (int i = 0; i < H; i++) {
    float ht = tanhf(ah[i]);
    m->h[i] = (1.0f - az[i]) * m->h[i] + az[i] * ht;
  }
  /* p = softmax(h[i*H/S]), its entropy, c = [h, p], loss decode. */
  size_t S = m->ns, stride = m->nh / m->ns;
  float *p = m->c + m->nh;
  float mx = m->h[0];
  for (size_t i = 1; i < S; i++) {
    mx = m->h[i * stride] > mx ? m->h[i * stride] : mx;
  }
  float sum = 0.0f;
  for (size_t i = 0; i < S; i++) {
    p[i] = expf(m->h[i * stride] - mx);
    sum += p[i];
  }
  float ent = 0.0f;
  for (size_t i = 0; i < S; i++) {
    p[i] /= sum;
    ent -= p[i] > 0.0f ? p[i] * logf(p[i]) : 0.0f;
  }
  memcpy(m->c, m->h, m->nh * sizeof(float));
  float d = cblas_sdot((int)m->nc, m->c, 1, m->wloss, 1);
  d = d < -10.0f ? -10.0f : (d > 10.0f ? 10.0f : d);
  float loss = expf(d);
  m->x[0] = loss > 1e-6f ? loss : 1e-6f;
  g_sink = ent;
}

static void bench_blas(void *vctx, uint64_t iters) {
  blas_ctx *c = vctx;
  for (uint64_t k = 0; k < iters; k++) {
    for (size_t e = 0; e < c->E; e++) {
      blas_member_step(&c->m[e], c->precomputed);
    }
  }
}

static void blas_setup(blas_ctx *c, const ht_trainer *tr) {
  const ht_config *cfg = ht_trainer_config(tr);
  float feat[HT_FEATURES];
  check("ht_compute_features", ht_compute_features(tr, feat));
  c->E = cfg->members;
  for (size_t e = 0; e < c->E; e++) {
    blas_member *m = &c->m[e];
    m->ni = cfg->input_dim;
    m->nh = cfg->hidden_dim;
    m->ns = cfg->stoch_dim;
    m->nc = m->nh + m->ns;
    size_t ni = m->ni, nh = m->nh;
    m->w = xalloc(3 * nh * ni * sizeof(float));
    m->wcol0 = xalloc(3 * nh * sizeof(float));
    m->uzr = xalloc(2 * nh * nh * sizeof(float));
    m->uh = xalloc(nh * nh * sizeof(float));
    m->b = xalloc(3 * nh * sizeof(float));
    m->wloss = xalloc(m->nc * sizeof(float));
    m->h = xalloc(nh * sizeof(float));
    m->x = xalloc(ni * sizeof(float));
    m->a = xalloc(3 * nh * sizeof(float));
    m->rh = xalloc(nh * sizeof(float));
    m->xpart = xalloc(3 * nh * sizeof(float));
    m->c = xalloc(m->nc * sizeof(float));
    static const ht_block wb[3] = {HT_W_Z, HT_W_R, HT_W_H};
    static const ht_block ub[3] = {HT_U_Z, HT_U_R, HT_U_H};
    static const ht_block bb[3] = {HT_B_Z, HT_B_R, HT_B_H};
    for (size_t g = 0; g < 3; g++) {
      check("ht_member_block_get", ht_member_block_get(tr, e, wb[g], m->w + g * nh * ni, nh * ni));
      check("ht_member_block_get", ht_member_block_get(tr, e, bb[g], m->b + g * nh, nh));
      float *u = g < 2 ? m->uzr + g * nh * nh : m->uh;
      check("ht_member_block_get", ht_member_block_get(tr, e, ub[g], u, nh * nh));
    }
    check("ht_member_block_get", ht_member_block_get(tr, e, HT_W_LOSS, m->wloss, m->nc));
    float *p = xalloc(m->ns * sizeof(float));
    check("ht_member_latent_get", ht_member_latent_get(tr, e, m->h, p));
    free(p);
    memcpy(m->x, feat, ni * sizeof(float));
    for (size_t r = 0; r < 3 * nh; r++) {
      m->wcol0[r] = m->w[r * ni];
      float s = m->b[r];
      for (size_t j = 1; j < ni; j++) {
        s += m->w[r * ni + j] * m->x[j];
      }
      m->xpart[r] = s;
    }
  }
}

static void blas_free(blas_ctx *c) {
  for (size_t e = 0; e < c->E; e++) {
    blas_member *m = &c->m[e];
    float *bufs[] = {m->w, m->wcol0, m->uzr, m->uh, m->b, m->wloss,
                     m->h, m->x, m->a, m->rh, m->xpart, m->c};
    for (size_t k = 0; k < sizeof bufs / sizeof bufs[0]; k++) {
      free(bufs[k]);
    }
  }
}
#endif

/* ---- the small kernels ----------------------------------------------------- */

typedef struct {
  ht_trainer *tr;
  float out[HT_FEATURES];
} trainer_ctx;

static void bench_features(void *vctx, uint64_t iters) {
  trainer_ctx *c = vctx;
  float acc = 0.0f;
  for (uint64_t k = 0; k < iters; k++) {
    int rc = ht_compute_features(c->tr, c->out);
    if (rc != 0) {
      die_status("ht_compute_features", rc);
    }
    acc += c->out[1];
  }
  g_sink = acc;
}

static void bench_record(void *vctx, uint64_t iters) {
  trainer_ctx *c = vctx;
  for (uint64_t k = 0; k < iters; k++) {
    int rc = ht_record_step(c->tr, 2.0f, 1.5f);
    if (rc != 0) {
      die_status("ht_record_step", rc);
    }
  }
}

static void bench_observe(void *vctx, uint64_t iters) {
  trainer_ctx *c = vctx;
  for (uint64_t k = 0; k < iters; k++) {
    int rc = ht_observe_gradient(c->tr, 2.0f, 1.5f);
    if (rc != 0) {
      die_status("ht_observe_gradient", rc);
    }
  }
}

typedef struct {
  ht_delta *src;
  float *from, *to;
  size_t bytes;
} delta_ctx;

/* clone includes the free of the copy, as a benchmark that drops its clone. */
static void bench_clone(void *vctx, uint64_t iters) {
  delta_ctx *c = vctx;
  for (uint64_t k = 0; k < iters; k++) {
    ht_delta *d = NULL;
    int rc = ht_delta_clone(c->src, &d);
    if (rc != 0) {
      die_status("ht_delta_clone", rc);
    }
    g_sink = ht_delta_tensor(d, 9)[999];
    ht_delta_free(d);
  }
}

static void bench_memcpy(void *vctx, uint64_t iters) {
  delta_ctx *c = vctx;
  for (uint64_t k = 0; k < iters; k++) {
    memcpy(c->to, c->from, c->bytes);
    /* A compiler barrier: without it repeated identical copies may merge. */
    __asm__ volatile("" : : "r"(c->to) : "memory");
  }
  g_sink = c->to[c->bytes / sizeof(float) - 1];
}

/* ---- output ----------------------------------------------------------------- */

static void fmt_time(char *buf, size_t len, double ns) {
  if (ns >= 1e6) {
    snprintf(buf, len, "%.3f ms", ns / 1e6);
  } else if (ns >= 1e3) {
    snprintf(buf, len, "%.2f us", ns / 1e3);
  } else {
    snprintf(buf, len, "%.1f ns", ns);
  }
}

static void row_time(const char *name, double ns, double ref_ns, const char *ref_name) {
  char t[32], r[32] = "", q[32] = "";
  fmt_time(t, sizeof t, ns);
  if (ref_ns > 0.0) {
    fmt_time(r, sizeof r, ref_ns);
    snprintf(q, sizeof q, "%.3f", ns / ref_ns);
  }
  printf("| %-44s | %12s | %-30s%12s | %8s |\n", name, t, ref_name, r, q);
}

static void row_ratio(const char *name, double ratio, const char *what) {
  printf("| %-44s | %12s | %-42s | %8.3f |\n", name, "", what, ratio);
}

static void usage(FILE *f) {
  fprintf(f,
          "usage: loopbench [--threads N] [--isa NAME] [--quick] [--help]\n"
          "  --threads N  thread count compared against 1 on the predict step\n"
          "               (2..%d, default 2)\n"
          "  --isa NAME   run the kernels on scalar, sse2, avx2 or avx512\n"
          "  --quick      3 repetitions of >= 5 ms loops instead of 15 of >= 20 ms\n"
          "               (a smoke run: its figures are noisier)\n"
          "Exit codes: 0 ok, 1 a library call failed, 2 usage error.\n",
          HT_MAX_THREADS);
}

int main(int argc, char **argv) {
  unsigned threads = 2;
  const char *isa_name = NULL;
  run_params rp = {20e6, 15};

  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--threads") == 0) {
      if (i + 1 >= argc) {
        fprintf(stderr, "loopbench: --threads needs a value (2..%d)\n", HT_MAX_THREADS);
        return 2;
      }
      char *end = NULL;
      errno = 0;
      long v = strtol(argv[++i], &end, 10);
      if (errno != 0 || end == argv[i] || *end != '\0' || v < 2 || v > HT_MAX_THREADS) {
        fprintf(stderr, "loopbench: --threads expects an integer in 2..%d, found '%s'\n",
                HT_MAX_THREADS, argv[i]);
        return 2;
      }
      threads = (unsigned)v;
    } else if (strcmp(a, "--isa") == 0) {
      if (i + 1 >= argc) {
        fprintf(stderr, "loopbench: --isa needs a value (scalar, sse2, avx2, avx512)\n");
        return 2;
      }
      isa_name = argv[++i];
    } else if (strcmp(a, "--quick") == 0) {
      rp.target_ns = 5e6;
      rp.reps = 3;
    } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(stdout);
      return 0;
    } else {
      fprintf(stderr, "loopbench: unknown flag '%s'\n", a);
      usage(stderr);
      return 2;
    }
  }

  if (isa_name != NULL) {
    ht_isa isa;
    if (ht_isa_parse(isa_name, &isa) != 0) {
      fprintf(stderr, "loopbench: --isa expects scalar, sse2, avx2 or avx512, found '%s'\n",
              isa_name);
      return 2;
    }
    int rc = ht_isa_select(isa);
    if (rc != 0) {
      fprintf(stderr, "loopbench: --isa %s: %s (%s)\n", isa_name, ht_status_name(rc),
              ht_status_message(rc));
      return 2;
    }
  }

  const char *floor_isa = "";
  sum_fn floor_fn = floor_kernel(&floor_isa);
  int forced = ht_isa_forced();
  printf("# loopbench: issue 2 speed figures\n\n");
  printf("- kernels ISA: %s (best on this CPU: %s; build pinned: %s)\n",
         ht_isa_name(ht_isa_active()), ht_isa_name(ht_isa_best()),
         forced < 0 ? "no" : ht_isa_name((ht_isa)forced));
  printf("- floor loads: %s; threads compared: %u vs 1\n", floor_isa, threads);
  printf("- method: min over %d timed loops of back-to-back calls, each >= %.0f ms, "
         "CLOCK_MONOTONIC%s\n",
         rp.reps, rp.target_ns / 1e6, rp.reps < 15 ? " (--quick: noisy)" : "");
#ifdef TOCK_HAVE_OPENBLAS
  openblas_set_num_threads(1);
  printf("- BLAS reference: OpenBLAS cblas_sgemv, 1 thread\n");
#else
  printf("- BLAS reference: not built (OpenBLAS not found by pkg-config)\n");
#endif

  /* -- predict: one horizon step, single thread -- */
  ht_trainer *tr = predict_state();
  const ht_config *cfg = ht_trainer_config(tr);
  const size_t ni = cfg->input_dim, nh = cfg->hidden_dim, ne = cfg->members;
  ht_prediction pred;
  check("ht_prediction_alloc", ht_prediction_alloc(&pred, 51));
  step_timing t1 = time_step(tr, &pred, &rp);

  /* -- the floor -- */
  /* The spec's bytes: per member I*3H + H*3H + 3H floats. */
  size_t spec_floats = ne * (ni * 3 * nh + nh * 3 * nh + 3 * nh);
  /* What ht streams per step: U (3H x H), W[:,0] (3H) and the precomputed
   * b + W[:,1..] x[1..] (3H); the other 63 input columns are read once per
   * rollout (ht_trainer.h). */
  size_t real_floats = ne * (nh * 3 * nh + 3 * nh + 3 * nh);
  float *buf = xalloc(spec_floats * sizeof(float));
  for (size_t k = 0; k < spec_floats; k++) {
    buf[k] = (float)(k % 7) * 0.125f; /* touch every page: no shared zero page */
  }
  floor_ctx fspec = {floor_fn, buf, spec_floats};
  floor_ctx freal = {floor_fn, buf, real_floats};
  double floor_spec = measure(bench_floor, &fspec, &rp);
  double floor_real = measure(bench_floor, &freal, &rp);

  /* -- threads -- */
  check("ht_trainer_set_threads", ht_trainer_set_threads(tr, threads));
  step_timing tn = time_step(tr, &pred, &rp);
  check("ht_trainer_set_threads", ht_trainer_set_threads(tr, 1));

  /* -- BLAS -- */
#ifdef TOCK_HAVE_OPENBLAS
  blas_ctx *bc = calloc(1, sizeof *bc);
  if (bc == NULL) {
    fprintf(stderr, "loopbench: out of memory\n");
    return 1;
  }
  blas_setup(bc, tr);
  bc->precomputed = 0;
  double blas_full = measure(bench_blas, bc, &rp);
  blas_free(bc);
  blas_setup(bc, tr);
  bc->precomputed = 1;
  double blas_pre = measure(bench_blas, bc, &rp);
  blas_free(bc);
  free(bc);
#endif

  /* -- observe_gradient (its own state: it trains the weights) -- */
  trainer_ctx obs = {predict_state(), {0}};
  double t_observe = measure(bench_observe, &obs, &rp);
  ht_trainer_destroy(obs.tr);

  /* -- compute_features, record_step -- */
  ht_config dcfg = ht_config_default();
  trainer_ctx feat = {NULL, {0}};
  check("ht_trainer_create", ht_trainer_create(&feat.tr, &dcfg));
  for (int i = 0; i < 100; i++) {
    check("ht_record_step", ht_record_step(feat.tr, 2.0f + 0.01f * (float)i, 1.5f));
  }
  double t_features = measure(bench_features, &feat, &rp);
  double t_record = measure(bench_record, &feat, &rp);
  ht_trainer_destroy(feat.tr);

  /* -- weight delta clone vs memcpy of the same 10 x 1000 floats -- */
  delta_ctx dc;
  check("ht_delta_create", ht_delta_create(&dc.src, 10, 1000, 0.001f));
  dc.bytes = 10 * 1000 * sizeof(float);
  dc.from = xalloc(dc.bytes);
  dc.to = xalloc(dc.bytes);
  memcpy(dc.from, ht_delta_tensor(dc.src, 0), dc.bytes);
  double t_clone = measure(bench_clone, &dc, &rp);
  double t_memcpy = measure(bench_memcpy, &dc, &rp);

  /* -- the table -- */
  printf("\n| %-44s | %12s | %-42s | %8s |\n", "measurement", "time", "against",
         "ratio");
  printf("|%s|%s|%s|%s|\n", "----------------------------------------------",
         "-------------:", "--------------------------------------------", "---------:");
  row_time("predict n=1 (1 thread)", t1.n1, PUB_PREDICT_1, "published rssm_prediction/1");
  row_time("predict n=51 (1 thread)", t1.n51, 0.0, "");
  row_time("horizon step = (n51 - n1) / 50 (1 thread)", t1.step,
           (PUB_PREDICT_75 - PUB_PREDICT_1) / 74.0, "published slope (n75-n1)/74");
  row_time("floor: stream 2.96 MB (spec bytes)", floor_spec, 0.0, "");
  row_time("floor: stream bytes ht reads per step", floor_real, 0.0, "");
  row_ratio("step / floor (spec bytes)", t1.step / floor_spec, "1.0 = memory-bound ideal");
  row_ratio("step / floor (bytes ht streams)", t1.step / floor_real, "1.0 = memory-bound ideal");
  printf("| %-44s | %12s | %-42s | %8.2f |\n", "  effective GB/s of the step (spec bytes)", "",
         "bytes / step time", (double)spec_floats * 4.0 / t1.step);
  printf("| %-44s | %12s | %-42s | %8.2f |\n", "  floor GB/s (spec bytes)", "",
         "bytes / floor time", (double)spec_floats * 4.0 / floor_spec);
  char tname[64];
  snprintf(tname, sizeof tname, "horizon step, %u threads", threads);
  row_time(tname, tn.step, t1.step, "1 thread");
  snprintf(tname, sizeof tname, "predict n=51, %u threads", threads);
  row_time(tname, tn.n51, t1.n51, "1 thread");
  row_ratio("speed-up of the step (1 thread / N threads)", t1.step / tn.step,
            "ideal = N");
#ifdef TOCK_HAVE_OPENBLAS
  row_time("BLAS GRU step, full W x (3 members)", blas_full, 0.0, "");
  row_time("BLAS GRU step, W[:,1..] x precomputed", blas_pre, 0.0, "");
  row_ratio("ours / BLAS (full W x, spec bytes)", t1.step / blas_full, "< 1: ours faster");
  row_ratio("ours / BLAS (same precomputation as ours)", t1.step / blas_pre,
            "< 1: ours faster");
#endif
  row_time("observe_gradient", t_observe, PUB_OBSERVE, "published");
  row_time("compute_features", t_features, PUB_FEATURES, "published");
  row_time("record_step", t_record, PUB_RECORD, "published");
  row_time("weight_delta clone (+ free)", t_clone, PUB_CLONE, "published");
  row_time("memcpy of the same 40 000 bytes", t_memcpy, 0.0, "");
  row_ratio("clone / memcpy", t_clone / t_memcpy, "malloc + header overhead");
  if (t1.step <= 0.0 || tn.step <= 0.0) {
    printf("\nwarning: predict(51) was not slower than predict(1) in some row: the machine "
           "was too busy for a per-step figure; rerun on a quiet machine.\n");
  }
  if (tn.step > 2.0 * t1.step) {
    printf("\nwarning: %u threads were more than 2x slower than 1: the workers did not "
           "get their cores (other load on the machine, or fewer cores than threads).\n",
           threads);
  }
  printf("\nspec bytes per step: %zu (%.2f MB); bytes ht streams per step: %zu (%.2f MB)\n",
         spec_floats * 4, (double)spec_floats * 4.0 / 1e6, real_floats * 4,
         (double)real_floats * 4.0 / 1e6);
  printf("published figures come from another machine (KERNELS.md section 10); "
         "ratios against them compare machines as much as code.\n");

  ht_delta_free(dc.src);
  free(dc.from);
  free(dc.to);
  free(buf);
  ht_prediction_free(&pred);
  ht_trainer_destroy(tr);
  return 0;
}
