/* count_target.c - a benchmark program with known instruction counts, for
 * the --measure instructions tests (test_counts.sh).
 *
 * Ids: count/loop (a dependent loop of 100 + TOCK_COUNT_EXTRA steps per
 * iteration; the environment variable, 0..100000, makes a deterministic
 * slowdown), count/batched (batched set-up, batch_size 3: batch_setup must
 * precede every call with the same count, or it aborts). Built once with
 * <valgrind/callgrind.h> (when installed) and once with TOCK_NO_CALLGRIND.
 */
#define TOCK_IMPLEMENTATION
#include "tock.h"

#include <stdlib.h>

static uint64_t steps = 100;

static void loop_run(void *ctx, uint64_t iters) {
    (void)ctx;
    uint64_t x = 1;
    for (uint64_t i = 0; i < iters; i++)
        for (uint64_t j = 0; j < steps; j++) x = tock_black_box_u64(x * 3 + 1);
}

typedef struct batch_state {
    uint64_t prepared;
} batch_state;
static batch_state batch_st;

static int batch_setup(void *ctx, uint64_t iters) {
    batch_state *b = (batch_state *)ctx;
    if (iters == 0 || iters > 3 || b->prepared != 0) abort();
    b->prepared = iters;
    return 0;
}

static void batch_run(void *ctx, uint64_t iters) {
    batch_state *b = (batch_state *)ctx;
    if (b->prepared != iters) abort();
    loop_run(NULL, iters);
}

static void batch_teardown(void *ctx, uint64_t iters) {
    batch_state *b = (batch_state *)ctx;
    if (b->prepared != iters) abort();
    b->prepared = 0;
}

int main(int argc, char **argv) {
    const char *extra = getenv("TOCK_COUNT_EXTRA");
    if (extra) steps += strtoull(extra, NULL, 10) % 100001u;
    tock_bench_def loop = {.group = "count", .name = "loop", .routine = loop_run};
    tock_bench_def batched = {.group = "count",
                              .name = "batched",
                              .routine = batch_run,
                              .user = &batch_st,
                              .batch_setup = batch_setup,
                              .batch_teardown = batch_teardown,
                              .batch_size = 3};
    if (tock_register(&loop) < 0 || tock_register(&batched) < 0) return 2;
    return tock_main(argc, argv);
}
