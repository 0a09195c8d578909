/* bench_reference.c: references measured in the same run as the kernels.
 *  - reference/weight_stream_step: read the 2.96 MB of weights one horizon
 *    step of 3 members touches (docs/kernels.md section 1) with plain vector loads
 *    (the active ISA's 16-lane sum): the physical floor of a prediction step.
 *  - reference/openblas_gru_step: the same GRU step (3 members) built on
 *    OpenBLAS cblas_sgemv with libm expf/tanhf, single-threaded BLAS, when
 *    the build found OpenBLAS (a benchmark-only dependency). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "suite.h"

#ifdef TOCK_HAVE_OPENBLAS
#include <cblas.h>
#endif

#define I_DIM 64
#define H_DIM 256
#define MEMBERS 3
/* per member: W (3H x I), U (3H x H), b (3H) */
#define MEMBER_FLOATS ((size_t)3 * H_DIM * I_DIM + (size_t)3 * H_DIM * H_DIM + 3 * H_DIM)

typedef struct {
    float *w;
    size_t n;
} stream_ctx;

/* the float count of weight_stream_step (user of its definition) */
static size_t ref_floats = MEMBERS * MEMBER_FLOATS;

int suite_stream_setup(void *user, void **ctx) {
    stream_ctx *c = malloc(sizeof *c);
    if (!c) return TOCK_ENOMEM;
    c->n = *(const size_t *)user;
    c->w = aligned_alloc(64, (c->n * sizeof(float) + 63) / 64 * 64);
    if (!c->w) {
        free(c);
        return TOCK_ENOMEM;
    }
    ht_rng rng;
    ht_rng_seed(&rng, 7);
    for (size_t i = 0; i < c->n; i++) c->w[i] = ht_rng_symmetric_f32(&rng, 0.08);
    *ctx = c;
    return 0;
}

void suite_stream_teardown(void *ctx) {
    stream_ctx *c = ctx;
    free(c->w);
    free(c);
}

void suite_stream_run(void *ctx, uint64_t iters) {
    stream_ctx *c = ctx;
    const ht_kernels *k = ht_kernels_active();
    for (uint64_t i = 0; i < iters; i++) {
        float s = k->sum(c->w, c->n);
        (void)tock_black_box_f32(s);
        tock_black_box(c->w);
    }
}

#ifdef TOCK_HAVE_OPENBLAS
typedef struct {
    float *W[MEMBERS][3], *U[MEMBERS][3], *b[MEMBERS][3];
    float x[I_DIM], h[MEMBERS][H_DIM], a[3][H_DIM], rh[H_DIM];
} blas_ctx;

static int setup_blas(void *user, void **ctx) {
    (void)user;
    blas_ctx *c = calloc(1, sizeof *c);
    if (!c) return TOCK_ENOMEM;
    ht_rng rng;
    ht_rng_seed(&rng, 0);
    const double s = sqrt(2.0 / (I_DIM + H_DIM));
    for (int m = 0; m < MEMBERS; m++)
        for (int g = 0; g < 3; g++) {
            c->W[m][g] = malloc(sizeof(float) * H_DIM * I_DIM);
            c->U[m][g] = malloc(sizeof(float) * H_DIM * H_DIM);
            c->b[m][g] = calloc(H_DIM, sizeof(float));
            if (!c->W[m][g] || !c->U[m][g] || !c->b[m][g]) return TOCK_ENOMEM;
            for (int i = 0; i < H_DIM * I_DIM; i++) c->W[m][g][i] = ht_rng_symmetric_f32(&rng, s);
            for (int i = 0; i < H_DIM * H_DIM; i++) c->U[m][g][i] = ht_rng_symmetric_f32(&rng, s);
        }
    for (int i = 0; i < I_DIM; i++) c->x[i] = ht_rng_symmetric_f32(&rng, 1.0);
    openblas_set_num_threads(1);
    *ctx = c;
    return 0;
}

static void teardown_blas(void *ctx) {
    blas_ctx *c = ctx;
    for (int m = 0; m < MEMBERS; m++)
        for (int g = 0; g < 3; g++) {
            free(c->W[m][g]);
            free(c->U[m][g]);
            free(c->b[m][g]);
        }
    free(c);
}

static void blas_step(blas_ctx *c, int m) {
    float *h = c->h[m];
    for (int g = 0; g < 3; g++) memcpy(c->a[g], c->b[m][g], sizeof c->a[g]);
    for (int g = 0; g < 3; g++)
        cblas_sgemv(CblasRowMajor, CblasNoTrans, H_DIM, I_DIM, 1.0f, c->W[m][g], I_DIM, c->x, 1,
                    1.0f, c->a[g], 1);
    for (int g = 0; g < 2; g++)
        cblas_sgemv(CblasRowMajor, CblasNoTrans, H_DIM, H_DIM, 1.0f, c->U[m][g], H_DIM, h, 1, 1.0f,
                    c->a[g], 1);
    for (int i = 0; i < H_DIM; i++) {
        c->a[0][i] = 1.0f / (1.0f + expf(-c->a[0][i]));
        c->a[1][i] = 1.0f / (1.0f + expf(-c->a[1][i]));
        c->rh[i] = c->a[1][i] * h[i];
    }
    cblas_sgemv(CblasRowMajor, CblasNoTrans, H_DIM, H_DIM, 1.0f, c->U[m][2], H_DIM, c->rh, 1, 1.0f,
                c->a[2], 1);
    for (int i = 0; i < H_DIM; i++) {
        const float ht = tanhf(c->a[2][i]);
        h[i] = (1.0f - c->a[0][i]) * h[i] + c->a[0][i] * ht;
    }
}

static void run_blas(void *ctx, uint64_t iters) {
    blas_ctx *c = ctx;
    for (uint64_t i = 0; i < iters; i++) {
        for (int m = 0; m < MEMBERS; m++) blas_step(c, m);
        tock_black_box(c->h);
    }
}
#endif

int suite_register_reference(void) {
    tock_bench_def stream = {.group = "reference",
                             .name = "weight_stream_step",
                             .routine = suite_stream_run,
                             .setup = suite_stream_setup,
                             .teardown = suite_stream_teardown,
                             .user = &ref_floats,
                             .throughput_kind = TOCK_THROUGHPUT_BYTES,
                             .throughput_per_iter = MEMBERS * MEMBER_FLOATS * sizeof(float),
                             .mode = TOCK_MODE_THROUGHPUT};
    int rc = suite_register(&stream);
#ifdef TOCK_HAVE_OPENBLAS
    if (rc >= 0) {
        tock_bench_def blas = {.group = "reference",
                               .name = "openblas_gru_step",
                               .routine = run_blas,
                               .setup = setup_blas,
                               .teardown = teardown_blas,
                               .mode = TOCK_MODE_LATENCY};
        rc = suite_register(&blas);
    }
#endif
    return rc;
}
