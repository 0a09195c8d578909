/* bench_scm.c: masked (SCM) arithmetic throughput (docs/kernels.md section 11):
 * add and div with 0% and 10% of the inputs bottom, and strict decode, over
 * 4096 elements from a seeded generator. Throughput mode: elements are
 * independent. */
#include <stdlib.h>

#include "suite.h"

#define N 4096

typedef struct {
    float x[N], y[N], out[N];
    uint8_t mx[N], my[N], mout[N];
    int op; /* 0 add, 1 div, 2 decode */
} scm_ctx;

typedef struct {
    int op;
    int bottom_pct;
} scm_param;

static const scm_param params[] = {{0, 0}, {0, 10}, {1, 0}, {1, 10}, {2, 0}};

static int setup(void *user, void **ctx) {
    const scm_param *p = user;
    scm_ctx *c = aligned_alloc(64, (sizeof(scm_ctx) + 63) / 64 * 64);
    if (!c) return TOCK_ENOMEM;
    ht_rng rng;
    ht_rng_seed(&rng, 20261122u + (uint64_t)p->op * 100u + (uint64_t)p->bottom_pct);
    for (size_t i = 0; i < N; i++) {
        c->x[i] = ht_rng_symmetric_f32(&rng, 100.0);
        c->y[i] = ht_rng_symmetric_f32(&rng, 100.0);
        /* a bottom in 10% of positions on either side, or none */
        c->mx[i] = (uint8_t)(p->bottom_pct && ht_rng_next(&rng) % 200 < (uint64_t)p->bottom_pct);
        c->my[i] = (uint8_t)(p->bottom_pct && ht_rng_next(&rng) % 200 < (uint64_t)p->bottom_pct);
    }
    c->op = p->op;
    *ctx = c;
    return 0;
}

static void teardown(void *ctx) { free(ctx); }

static void run(void *ctx, uint64_t iters) {
    scm_ctx *c = ctx;
    for (uint64_t i = 0; i < iters; i++) {
        if (c->op == 0)
            ht_scm_binary(HT_SCM_ADD, c->out, c->mout, c->x, c->mx, c->y, c->my, N);
        else if (c->op == 1)
            ht_scm_binary(HT_SCM_DIV, c->out, c->mout, c->x, c->mx, c->y, c->my, N);
        else
            ht_scm_decode(c->out, c->mout, c->x, c->y, HT_SCM_DEFAULT_TAU, N);
        tock_black_box(c->out);
    }
}

int suite_register_scm(void) {
    static const char *const names[] = {"add", "div", "decode"};
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
        tock_bench_def d = {.group = "scm",
                            .name = names[params[i].op],
                            .parameter = params[i].op == 2      ? "strict"
                                         : params[i].bottom_pct ? "bottom_10pct"
                                                                : "bottom_0pct",
                            .routine = run,
                            .user = (void *)(uintptr_t)&params[i],
                            .setup = setup,
                            .teardown = teardown,
                            .throughput_kind = TOCK_THROUGHPUT_ELEMENTS,
                            .throughput_per_iter = N,
                            .mode = TOCK_MODE_THROUGHPUT};
        int rc = suite_register(&d);
        if (rc < 0) return rc;
    }
    return 0;
}
