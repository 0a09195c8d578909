/* slowdown.c: the known, test-only slowdown of tock-perf-slow, as a
 * registration decorator. Never ship a tock-perf-slow result as a
 * measurement.
 *
 * Only tock-perf-slow links this file (-DTOCK_TEST_SLOWDOWN=ON,
 * perf/suite/CMakeLists.txt), and only there is suite.h's suite_register()
 * this decorator instead of plain tock_register(). The benchmark files
 * register their routines unchanged and hold no slowdown code, so tock-perf
 * contains none.
 *
 * Environment, read at the first registration:
 *   TOCK_SLOWDOWN_PCT=P     integer 0..1000, default 0; anything else makes
 *                           registration fail (exit 2, which
 *                           tools/gate/trials.sh uses to tell this binary from
 *                           tock-perf, which ignores the variable)
 *   TOCK_SLOWDOWN_FILTER=L  optional comma-separated list of benchmark ids or
 *                           id prefixes that end before a '/': only those are
 *                           slowed ("rssm_prediction" is every horizon,
 *                           "rssm_prediction/1" only that one); default every
 *                           benchmark registered through suite_register() (the
 *                           sweep grid is not)
 * provenance.json records test_slowdown_pct, test_slowdown_filter and
 * test_slowdown_benchmarks (how many are slowed).
 *
 * With P > 0, a selected benchmark's routine is wrapped: the wrapper runs the
 * registered routine(ctx, n) and then P% of that call's own cost more, inside
 * the same timed call. At P = 0, and for ids outside the filter, the
 * definition is registered unchanged, so the binary at 0% runs exactly
 * tock-perf's routines: tools/gate/trials.sh compares it with itself (two
 * builds differ in code layout, which moved compute_features by ~1% on its
 * own) and only the known slowdown differs.
 *
 * The extra work is P * n / 100 iterations: the whole ones as one more
 * routine(ctx, k) call, the fraction as a dependent spin calibrated to one
 * iteration. Each half fails where the other works (measured with
 * tock-perf-slow --ab tock-perf on this project's VM, when the slowdown still
 * sat inside the routines):
 *  - extra calls: for a fast kernel (state_encoding/compute_features,
 *    ~150 ns) every sample holds hundreds of iterations and "+2%" measured
 *    +1.9..2.1%. For a slow one (rssm_prediction/1, ~30 us) samples hold a
 *    few iterations, most got no extra call, and the gate's per-round
 *    statistic (the lower quartile of per-sample times) saw +0.0..0.8%.
 *  - a spin worth P% of one call after every call: right for the slow
 *    kernel (+2.0%), but a spin of a dozen steps after a 150 ns call
 *    overlapped with the next call out of order and measured +0.1%.
 * So fast kernels get their slowdown as extra calls (their fraction is a
 * spin shorter than one call, once per routine call: negligible) and slow
 * ones, whose share of a sample is mostly below one iteration, as the spin.
 * Benchmarks with a batched set-up get all of it as spin: extra iterations
 * would need their set-up inside the timed call.
 *
 * Calibration, in the wrapped set-up (untimed, once per epoch, after the
 * benchmark's own set-up): best of 5 timings of routine(ctx, r), with r
 * doubled until one call lasts >= 0.2 ms, against best of 5 timings of the
 * spin. It runs the routine on the benchmark's own context, as a warm-up
 * would. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c11 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "suite.h"

#ifndef TOCK_SLOWDOWN_HOOK
#error "slowdown.c belongs to tock-perf-slow only (TOCK_SLOWDOWN_HOOK)"
#endif

/* What the wrapper keeps of a registered definition. */
typedef struct slow_bench {
    tock_routine_fn routine;
    void *user;
    tock_setup_fn setup;
    tock_teardown_fn teardown;
    tock_batch_setup_fn batch_setup;
    tock_batch_teardown_fn batch_teardown;
    uint64_t batch_size;
    struct slow_bench *next; /* every wrapped benchmark, reachable until exit */
} slow_bench;

/* The context the framework sees for a wrapped benchmark. */
typedef struct {
    const slow_bench *b;
    void *inner;           /* the benchmark's own context */
    double steps_per_iter; /* spin steps worth one iteration */
} slow_ctx;

static enum { SLOW_UNREAD, SLOW_READY, SLOW_BAD } slow_state = SLOW_UNREAD;
static unsigned slow_pct;
static const char *slow_filter; /* NULL or "": every benchmark */
static slow_bench *slow_list;
static unsigned slow_count;

static int slow_configure(void) {
    if (slow_state == SLOW_READY) return 0;
    if (slow_state == SLOW_BAD) return TOCK_EINVAL;
    slow_state = SLOW_BAD;
    const char *env = getenv("TOCK_SLOWDOWN_PCT");
    if (env && *env) {
        char *end = NULL;
        long pct = strtol(env, &end, 10);
        if (*end != '\0' || pct < 0 || pct > 1000) {
            fprintf(stderr,
                    "tock-perf-slow: TOCK_SLOWDOWN_PCT: expected an integer 0..1000, found '%s'\n",
                    env);
            return TOCK_EINVAL;
        }
        slow_pct = (unsigned)pct;
    }
    slow_filter = getenv("TOCK_SLOWDOWN_FILTER");
    char text[16];
    snprintf(text, sizeof text, "%u", slow_pct);
    if (tock_provenance_set("test_slowdown_pct", text) < 0 ||
        tock_provenance_set("test_slowdown_filter",
                            slow_filter && *slow_filter ? slow_filter : "*") < 0 ||
        tock_provenance_set("test_slowdown_benchmarks", "0") < 0)
        return TOCK_ENOMEM;
    slow_state = SLOW_READY;
    return 0;
}

/* Does id match one entry of the filter (equal, or a prefix ending at '/')? */
static int slow_selected(const char *id) {
    if (!slow_filter || !*slow_filter) return 1;
    for (const char *p = slow_filter; *p;) {
        size_t n = strcspn(p, ",");
        if (n > 0 && strncmp(id, p, n) == 0 && (id[n] == '\0' || id[n] == '/')) return 1;
        p += n;
        if (*p == ',') p++;
    }
    return 0;
}

/* n dependent steps the compiler cannot fold */
static void slow_spin(uint64_t n) {
    uint64_t x = n;
    for (uint64_t i = 0; i < n; i++) x = tock_black_box_u64(x * 3u + 1u);
}

static double slow_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* One untimed-by-the-framework call of n iterations, with its batch set-up. */
static int slow_time_call(const slow_bench *b, void *inner, uint64_t n, double *ns) {
    if (b->batch_setup) {
        int rc = b->batch_setup(inner, n);
        if (rc < 0) return rc;
    }
    double t0 = slow_now_ns();
    b->routine(inner, n);
    *ns = slow_now_ns() - t0;
    if (b->batch_teardown) b->batch_teardown(inner, n);
    return 0;
}

static int slow_calibrate(slow_ctx *s) {
    const slow_bench *b = s->b;
    const uint64_t cap = b->batch_size > 0 ? b->batch_size : UINT64_C(1) << 24;
    uint64_t n = 1;
    double t = 0.0;
    for (;;) {
        int rc = slow_time_call(b, s->inner, n, &t);
        if (rc < 0) return rc;
        if (t >= 2e5 || n >= cap) break;
        n = n * 2 > cap ? cap : n * 2;
    }
    double best_call = t;
    for (int k = 0; k < 5; k++) {
        int rc = slow_time_call(b, s->inner, n, &t);
        if (rc < 0) return rc;
        if (t < best_call) best_call = t;
    }
    const uint64_t steps = UINT64_C(1) << 18;
    double best_spin = 1e300;
    for (int k = 0; k < 5; k++) {
        double t0 = slow_now_ns();
        slow_spin(steps);
        t = slow_now_ns() - t0;
        if (t < best_spin) best_spin = t;
    }
    s->steps_per_iter = best_spin > 0.0 ? best_call / (double)n / (best_spin / (double)steps) : 0.0;
    return 0;
}

static int slow_setup(void *user, void **ctx) {
    slow_ctx *s = calloc(1, sizeof *s);
    if (!s) return TOCK_ENOMEM;
    s->b = user;
    s->inner = s->b->user; /* tock.h: user is the context when there is no set-up */
    int rc = s->b->setup ? s->b->setup(s->b->user, &s->inner) : 0;
    if (rc < 0) {
        free(s);
        return rc;
    }
    rc = slow_calibrate(s);
    if (rc < 0) {
        if (s->b->teardown) s->b->teardown(s->inner);
        free(s);
        return rc;
    }
    *ctx = s;
    return 0;
}

static void slow_teardown(void *ctx) {
    slow_ctx *s = ctx;
    if (s->b->teardown) s->b->teardown(s->inner);
    free(s);
}

static int slow_batch_setup(void *ctx, uint64_t iters) {
    slow_ctx *s = ctx;
    return s->b->batch_setup(s->inner, iters);
}

static void slow_batch_teardown(void *ctx, uint64_t iters) {
    slow_ctx *s = ctx;
    s->b->batch_teardown(s->inner, iters);
}

/* The timed routine: the registered one, then P% of its iterations more. */
static void slow_routine(void *ctx, uint64_t iters) {
    const slow_ctx *s = ctx;
    s->b->routine(s->inner, iters);
    const uint64_t owed = (uint64_t)slow_pct * iters; /* in hundredths of an iteration */
    const uint64_t whole = s->b->batch_setup ? 0 : owed / 100u;
    if (whole > 0) s->b->routine(s->inner, whole);
    const double spin = (double)(owed - whole * 100u) / 100.0 * s->steps_per_iter;
    if (spin >= 0.5) slow_spin((uint64_t)(spin + 0.5));
}

int suite_register(const tock_bench_def *def) {
    int rc = slow_configure();
    if (rc < 0) return rc;
    if (!def || !def->group || !def->routine || slow_pct == 0) return tock_register(def);
    const size_t len = strlen(def->group) + (def->name ? strlen(def->name) + 1 : 0) +
                       (def->parameter ? strlen(def->parameter) + 1 : 0) + 1;
    char *id = malloc(len);
    if (!id) return TOCK_ENOMEM;
    snprintf(id, len, "%s%s%s%s%s", def->group, def->name ? "/" : "", def->name ? def->name : "",
             def->parameter ? "/" : "", def->parameter ? def->parameter : "");
    const int selected = slow_selected(id);
    free(id);
    if (!selected) return tock_register(def);

    slow_bench *b = calloc(1, sizeof *b);
    if (!b) return TOCK_ENOMEM;
    *b = (slow_bench){.routine = def->routine,
                      .user = def->user,
                      .setup = def->setup,
                      .teardown = def->teardown,
                      .batch_setup = def->batch_setup,
                      .batch_teardown = def->batch_teardown,
                      .batch_size = def->batch_size};
    tock_bench_def w = *def;
    w.routine = slow_routine;
    w.user = b;
    w.setup = slow_setup;
    w.teardown = slow_teardown;
    w.batch_setup = def->batch_setup ? slow_batch_setup : NULL;
    w.batch_teardown = def->batch_teardown ? slow_batch_teardown : NULL;
    rc = tock_register(&w);
    if (rc < 0) {
        free(b);
        return rc;
    }
    b->next = slow_list;
    slow_list = b;
    char text[16];
    snprintf(text, sizeof text, "%u", ++slow_count);
    return tock_provenance_set("test_slowdown_benchmarks", text) < 0 ? TOCK_ENOMEM : rc;
}
