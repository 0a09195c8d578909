/* cli_target.c - a trivial benchmark program that the CLI tests drive.
 *
 * Ids: triv/add, triv/param/1, triv/param/2 (floor triv/param/1, published
 * 1 ns), triv/batched (batched set-up, batch_size 64). With TOCK_CLI_FAIL=1
 * in the environment it also registers triv/fail, whose set-up fails; with
 * TOCK_CLI_EXTRA=1, triv/extra (another triv/add). The
 * triv/add set-up records tock_config_threads() as provenance key
 * "threads_seen". It must never do real work: tests need it fast.
 */
#define TOCK_IMPLEMENTATION
#include "tock.h"

#include <stdio.h>
#include <stdlib.h>

static void add_loop(void *ctx, uint64_t iters) {
    (void)ctx;
    uint64_t x = 1;
    for (uint64_t i = 0; i < iters; i++) x = tock_black_box_u64(x + 1);
}

static int add_setup(void *user, void **ctx) {
    char t[16];
    snprintf(t, sizeof t, "%d", tock_config_threads());
    *ctx = user;
    return tock_provenance_set("threads_seen", t);
}

static const uint64_t params[] = {1, 2};

static void param_loop(void *ctx, uint64_t iters) {
    uint64_t k = *(const uint64_t *)ctx, x = 1;
    for (uint64_t i = 0; i < iters; i++)
        for (uint64_t j = 0; j < k; j++) x = tock_black_box_u64(x * 3 + 1);
}

/* batched: batch_setup must precede every timed call with the same count,
 * never more than batch_size; a violation aborts (the test sees a signal). */
typedef struct batch_state {
    uint64_t prepared;
} batch_state;
static batch_state batch_st;

static int batch_setup(void *ctx, uint64_t iters) {
    batch_state *b = (batch_state *)ctx;
    if (iters == 0 || iters > 64 || b->prepared != 0) abort();
    b->prepared = iters;
    return 0;
}

static void batch_run(void *ctx, uint64_t iters) {
    batch_state *b = (batch_state *)ctx;
    if (b->prepared != iters) abort();
    add_loop(NULL, iters);
}

static void batch_teardown(void *ctx, uint64_t iters) {
    batch_state *b = (batch_state *)ctx;
    if (b->prepared != iters) abort();
    b->prepared = 0;
}

static int fail_setup(void *user, void **ctx) {
    (void)user;
    (void)ctx;
    return TOCK_ESETUP;
}

int main(int argc, char **argv) {
    int rc = 0;
    tock_bench_def add = {.group = "triv",
                          .name = "add",
                          .routine = add_loop,
                          .setup = add_setup,
                          .throughput_kind = TOCK_THROUGHPUT_ELEMENTS,
                          .throughput_per_iter = 1};
    rc |= tock_register(&add);
    for (int i = 0; i < 2; i++) {
        char p[8];
        snprintf(p, sizeof p, "%llu", (unsigned long long)params[i]);
        tock_bench_def d = {.group = "triv",
                            .name = "param",
                            .parameter = p,
                            .routine = param_loop,
                            .user = (void *)&params[i]};
        if (i == 1) {
            d.floor_id = "triv/param/1";
            d.published_ns = 1.0;
        }
        rc |= tock_register(&d);
    }
    tock_bench_def bt = {.group = "triv",
                         .name = "batched",
                         .routine = batch_run,
                         .user = &batch_st,
                         .batch_setup = batch_setup,
                         .batch_teardown = batch_teardown,
                         .batch_size = 64,
                         .mode = TOCK_MODE_THROUGHPUT,
                         .throughput_kind = TOCK_THROUGHPUT_BYTES,
                         .throughput_per_iter = 8};
    rc |= tock_register(&bt);
    const char *f = getenv("TOCK_CLI_FAIL");
    if (f && *f == '1') {
        tock_bench_def fd = {
            .group = "triv", .name = "fail", .routine = add_loop, .setup = fail_setup};
        rc |= tock_register(&fd);
    }
    const char *x = getenv("TOCK_CLI_EXTRA");
    if (x && *x == '1') { /* a build with one benchmark more: new / removed */
        tock_bench_def xd = {.group = "triv", .name = "extra", .routine = add_loop};
        rc |= tock_register(&xd);
    }
    if (rc != 0) {
        fprintf(stderr, "cli_target: registration failed\n");
        return 2;
    }
    tock_provenance_set("isa", "none");
    return tock_main(argc, argv);
}
