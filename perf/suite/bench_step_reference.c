/* bench_step_reference.c: yardsticks for one horizon step of ht_predict as
 * ht computes it. The x[1..] part of the input mat-vec is computed once per
 * rollout (ht_trainer.h), so a step streams 20% fewer weight bytes than
 * docs/kernels.md section 1 counts, which reference/weight_stream_step and
 * reference/openblas_gru_step (bench_reference.c) follow. Set these against
 * rssm_prediction's cost per step (its scaling fit in REPORT.md).
 *  - reference/weight_stream_step_ht: read the bytes one such step of every
 *    member streams -- U_z, U_r, U_h (3H x H), W[:,0] (3H) and the
 *    precomputed b + W[:,1..] x[1..] (3H): 2.38 MB at the default
 *    configuration against 2.96 MB -- with plain vector loads (the active
 *    ISA's 16-lane sum): the memory floor of ht's step.
 *  - reference/openblas_gru_step_precomputed: that step on OpenBLAS,
 *    single-threaded, with ht's precomputation (per step only W[:,0] x[0],
 *    as a saxpy onto the precomputed part; U_z, U_r and U_h as cblas_sgemv;
 *    libm expf/tanhf) and the decode ht does after every step (softmax of
 *    h[i*H/S], its entropy, the loss head, x[0] = the decoded loss), on the
 *    weights, latents and features of the published set-up (docs/kernels.md
 *    section 4). Only when the build found OpenBLAS.
 * Both were measured only by tools/loopbench (retired) before. Set-up reads
 * the trainer once; nothing is allocated while timed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "suite.h"

#ifdef TOCK_HAVE_OPENBLAS
#include <cblas.h>
#endif

/* Floats one step streams: per member U (3H x H), W[:,0] (3H) and the
 * precomputed input part (3H). */
static size_t step_floats(const ht_config *cfg) {
    const size_t h = cfg->hidden_dim;
    return cfg->members * (3 * h * h + 3 * h + 3 * h);
}

#ifdef TOCK_HAVE_OPENBLAS
/* 64-byte aligned, so vector loads never split a cache line */
static float *alloc_floats(size_t n) {
    return aligned_alloc(64, (n * sizeof(float) + 63) / 64 * 64);
}

typedef struct {
    float *wcol0; /* W[:,0] of z, r, h: 3H */
    float *xpart; /* b + W[:,1..] x[1..] of z, r, h: 3H */
    float *uzr;   /* [U_z; U_r]: 2H x H, row-major */
    float *uh;    /* U_h: H x H */
    float *wloss; /* the loss head: C = H + S */
    float *h;     /* the member's hidden state: H */
    float *a;     /* pre-activations z, r, h~: 3H */
    float *rh;    /* r * h: H */
    float *c;     /* [h, p]: C */
    float x0;     /* the input's loss slot: the last decoded loss */
} blas_member;

typedef struct {
    size_t members, hidden, stoch;
    blas_member m[HT_MAX_MEMBERS];
    float *mem; /* every member's arrays */
    float entropy;
} blas_ctx;

/* floats rounded up to whole cache lines */
static size_t lines(size_t n) { return (n + 15) / 16 * 16; }

static void teardown_blas(void *ctx) {
    blas_ctx *c = ctx;
    free(c->mem);
    free(c);
}

/* Copies member m of tr into b (its arrays already carved) with the input's
 * x[1..] part precomputed from the features f, as ht_predict does. */
static int load_member(const ht_trainer *tr, size_t m, const float *f, float *w, float *p,
                       blas_member *b) {
    const ht_config *cfg = ht_trainer_config(tr);
    /* NI, not I: cblas.h may bring complex.h, which owns I */
    const size_t H = cfg->hidden_dim, NI = cfg->input_dim, C = H + cfg->stoch_dim;
    static const ht_block wb[3] = {HT_W_Z, HT_W_R, HT_W_H}, bb[3] = {HT_B_Z, HT_B_R, HT_B_H};
    for (size_t g = 0; g < 3; g++) {
        if (ht_member_block_get(tr, m, wb[g], w, H * NI) != HT_OK ||
            ht_member_block_get(tr, m, bb[g], b->xpart + g * H, H) != HT_OK)
            return TOCK_EINVAL;
        for (size_t r = 0; r < H; r++) {
            const float *row = w + r * NI;
            float s = b->xpart[g * H + r];
            for (size_t j = 1; j < NI; j++) s += row[j] * f[j];
            b->xpart[g * H + r] = s;
            b->wcol0[g * H + r] = row[0];
        }
    }
    if (ht_member_block_get(tr, m, HT_U_Z, b->uzr, H * H) != HT_OK ||
        ht_member_block_get(tr, m, HT_U_R, b->uzr + H * H, H * H) != HT_OK ||
        ht_member_block_get(tr, m, HT_U_H, b->uh, H * H) != HT_OK ||
        ht_member_block_get(tr, m, HT_W_LOSS, b->wloss, C) != HT_OK ||
        ht_member_latent_get(tr, m, b->h, p) != HT_OK)
        return TOCK_EINVAL;
    b->x0 = f[0];
    return 0;
}

static int setup_blas(void *user, void **ctx) {
    (void)user;
    ht_trainer *tr = NULL;
    int rc = suite_trainer_published(&tr, 10);
    if (rc < 0) return rc;
    const ht_config *cfg = ht_trainer_config(tr);
    const size_t E = cfg->members, H = cfg->hidden_dim, S = cfg->stoch_dim, C = H + S;
    const size_t per_member =
        3 * lines(3 * H) + lines(2 * H * H) + lines(H * H) + 2 * lines(C) + 2 * lines(H);
    blas_ctx *c = calloc(1, sizeof *c);
    float *w = malloc(sizeof(float) * H * cfg->input_dim), *p = malloc(sizeof(float) * S);
    float f[HT_FEATURES];
    rc = c && w && p ? 0 : TOCK_ENOMEM;
    if (rc == 0 && !(c->mem = alloc_floats(E * per_member))) rc = TOCK_ENOMEM;
    if (rc == 0 && ht_compute_features(tr, f) != HT_OK) rc = TOCK_EINVAL;
    for (size_t m = 0; rc == 0 && m < E; m++) {
        blas_member *b = &c->m[m];
        float *q = c->mem + m * per_member;
        float **arrays[] = {&b->wcol0, &b->xpart, &b->uzr, &b->uh, &b->wloss,
                            &b->h,     &b->a,     &b->rh,  &b->c};
        const size_t sizes[] = {3 * H, 3 * H, 2 * H * H, H * H, C, H, 3 * H, H, C};
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
            *arrays[k] = q;
            q += lines(sizes[k]);
        }
        rc = load_member(tr, m, f, w, p, b);
    }
    free(w);
    free(p);
    ht_trainer_destroy(tr);
    if (rc < 0) {
        if (c) teardown_blas(c);
        return rc;
    }
    c->members = E;
    c->hidden = H;
    c->stoch = S;
    openblas_set_num_threads(1);
    *ctx = c;
    return 0;
}

static float sigmoid(float v) { return 1.0f / (1.0f + expf(-v)); }

/* One GRU step of one member and its decode; returns the step's entropy. */
static float blas_member_step(blas_member *b, size_t hidden, size_t stoch) {
    const int H = (int)hidden, C = (int)(hidden + stoch);
    float *az = b->a, *ar = b->a + H, *ah = b->a + 2 * H;
    memcpy(b->a, b->xpart, sizeof(float) * 3 * hidden);
    cblas_saxpy(3 * H, b->x0, b->wcol0, 1, b->a, 1);
    cblas_sgemv(CblasRowMajor, CblasNoTrans, 2 * H, H, 1.0f, b->uzr, H, b->h, 1, 1.0f, az, 1);
    for (int i = 0; i < H; i++) {
        az[i] = sigmoid(az[i]);
        ar[i] = sigmoid(ar[i]);
        b->rh[i] = ar[i] * b->h[i];
    }
    cblas_sgemv(CblasRowMajor, CblasNoTrans, H, H, 1.0f, b->uh, H, b->rh, 1, 1.0f, ah, 1);
    for (int i = 0; i < H; i++) b->h[i] = (1.0f - az[i]) * b->h[i] + az[i] * tanhf(ah[i]);
    /* decode: p = softmax(h[i*H/S]), its entropy, c = [h, p], the loss head */
    float *p = b->c + hidden;
    const size_t stride = hidden / stoch;
    float mx = b->h[0];
    for (size_t i = 1; i < stoch; i++) mx = b->h[i * stride] > mx ? b->h[i * stride] : mx;
    float sum = 0.0f;
    for (size_t i = 0; i < stoch; i++) {
        p[i] = expf(b->h[i * stride] - mx);
        sum += p[i];
    }
    float ent = 0.0f;
    for (size_t i = 0; i < stoch; i++) {
        p[i] /= sum;
        ent -= p[i] > 0.0f ? p[i] * logf(p[i]) : 0.0f;
    }
    memcpy(b->c, b->h, sizeof(float) * hidden);
    float d = cblas_sdot(C, b->c, 1, b->wloss, 1);
    d = d < -10.0f ? -10.0f : (d > 10.0f ? 10.0f : d);
    const float loss = expf(d);
    b->x0 = loss > 1e-6f ? loss : 1e-6f;
    return ent;
}

static void run_blas(void *ctx, uint64_t iters) {
    blas_ctx *c = ctx;
    for (uint64_t i = 0; i < iters; i++) {
        float ent = 0.0f;
        for (size_t m = 0; m < c->members; m++)
            ent += blas_member_step(&c->m[m], c->hidden, c->stoch);
        c->entropy = tock_black_box_f32(ent);
    }
    tock_black_box(c);
}
#endif

int suite_register_step_reference(void) {
    const ht_config cfg = ht_config_default();
    static size_t step_n; /* user of the stream definition: outlives registration */
    step_n = step_floats(&cfg);
    tock_bench_def stream = {.group = "reference",
                             .name = "weight_stream_step_ht",
                             .routine = suite_stream_run,
                             .setup = suite_stream_setup,
                             .teardown = suite_stream_teardown,
                             .user = &step_n,
                             .throughput_kind = TOCK_THROUGHPUT_BYTES,
                             .throughput_per_iter = step_floats(&cfg) * sizeof(float),
                             .mode = TOCK_MODE_THROUGHPUT};
    int rc = suite_register(&stream);
#ifdef TOCK_HAVE_OPENBLAS
    if (rc >= 0) {
        tock_bench_def blas = {.group = "reference",
                               .name = "openblas_gru_step_precomputed",
                               .routine = run_blas,
                               .setup = setup_blas,
                               .teardown = teardown_blas,
                               .mode = TOCK_MODE_LATENCY,
                               .floor_id = "reference/weight_stream_step_ht"};
        rc = suite_register(&blas);
    }
#endif
    return rc;
}
