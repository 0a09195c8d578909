/* test_stop.c - the adaptive-stop decision on synthetic sample streams.
 *
 * tock_stop_decide is fed one sample at a time, exactly as tock.h's sampling
 * loop does, with a simulated clock (elapsed = sum of sample durations), so
 * nothing here depends on the machine: a tiny-noise stream must stop on
 * target_precision at the first check, a very noisy one on the budget or the
 * sample limit, an interrupt must stop it unless a natural reason applies,
 * and no precision stop may come before 10% of the budget is spent.
 */
#define _POSIX_C_SOURCE 200809L
#include "tock.h" /* linked with tock_framework, the compiled modules */

#include "check.h"

#define MAXN 100

typedef struct stream {
    double x[MAXN], y[MAXN];
    tock_rng r;
    double sigma, elapsed;
    size_t n;
} stream;

static void stream_init(stream *s, double sigma, uint64_t seed) {
    memset(s, 0, sizeof *s);
    tock_rng_seed(&s->r, seed);
    s->sigma = sigma;
}

static void stream_push(stream *s) {
    double x = 2000.0 * (double)(s->n + 1); /* d = 2000, 5 ns/iter */
    double y = 5.0 * x * exp(s->sigma * tock_rng_normal(&s->r));
    s->x[s->n] = x;
    s->y[s->n] = y;
    s->elapsed += y;
    s->n++;
}

/* Runs the stream to a decision; returns the reason and the sample count. */
static tock_stop_reason run(stream *s, size_t max, double budget_ns, double target,
                            size_t interrupt_at, tock_stop_decision *last) {
    for (;;) {
        stream_push(s);
        tock_stop_input in = {s->x,
                              s->y,
                              s->n,
                              max,
                              s->elapsed,
                              budget_ns,
                              target,
                              0.95,
                              0,
                              77,
                              interrupt_at && s->n >= interrupt_at};
        if (tock_stop_decide(&in, last) != 0) return TOCK_STOP_CONTINUE;
        if (last->reason != TOCK_STOP_CONTINUE || s->n == MAXN) return last->reason;
    }
}

int main(void) {
    stream s;
    tock_stop_decision d;

    /* 10 samples take 5 ns x 2000 x 55 = 550 us: a 5 ms budget puts them past
     * the 10% floor, a 50 ms budget does not (that needs ~32 samples) */
    printf("tiny noise (0.1%%) stops on target precision at the first check\n");
    stream_init(&s, 0.001, 1);
    CHECK_INT_EQ(run(&s, 100, 5e6, 0.01, 0, &d), TOCK_STOP_TARGET_PRECISION);
    CHECK_INT_EQ(s.n, TOCK_MIN_SAMPLES);
    CHECK(d.precision >= 0.0 && d.precision <= 0.01, "precision %.5f <= 0.01", d.precision);

    printf("... but not before 10%% of the budget is spent\n");
    stream_init(&s, 0.001, 1);
    CHECK_INT_EQ(run(&s, 100, 5e7, 0.01, 0, &d), TOCK_STOP_TARGET_PRECISION);
    CHECK(s.elapsed >= 0.1 * 5e7 && s.n >= 30 && s.n % 5 == 0,
          "stopped at n = %zu (a multiple of 5), elapsed %.0f ns >= 5e6", s.n, s.elapsed);

    printf("very noisy (50%% lognormal) runs into the time budget\n");
    /* the budget is spent after about 60 of 100 samples: sum_{i<=60} i * 2000 * 5 ns */
    stream_init(&s, 0.5, 2);
    double budget = 5.0 * 2000.0 * 60.0 * 61.0 / 2.0;
    CHECK_INT_EQ(run(&s, 100, budget, 0.01, 0, &d), TOCK_STOP_TIME_BUDGET);
    CHECK(s.n >= TOCK_MIN_SAMPLES && s.n < 100, "stopped after %zu samples", s.n);
    CHECK(s.elapsed >= budget, "elapsed %.0f ns >= budget %.0f ns", s.elapsed, budget);
    CHECK(d.precision > 0.01, "precision %.4f still above the 0.01 target", d.precision);

    printf("very noisy with an ample budget: the sample limit\n");
    stream_init(&s, 0.5, 3);
    CHECK_INT_EQ(run(&s, 40, 1e15, 0.01, 0, &d), TOCK_STOP_SAMPLE_LIMIT);
    CHECK_INT_EQ(s.n, 40);

    printf("target 0 never stops early and never checks\n");
    stream_init(&s, 0.001, 4);
    CHECK_INT_EQ(run(&s, 30, 1e15, 0.0, 0, &d), TOCK_STOP_SAMPLE_LIMIT);
    CHECK_INT_EQ(s.n, 30);
    CHECK_DBL_EQ(d.precision, -1.0);

    printf("precision is checked at n = 10, 15, 20, ... only\n");
    /* budget 4 ms: 10% (0.4 ms) is passed by n = 10 (0.55 ms), the budget
     * itself not before n = 25 (3.25 ms), so only the cadence decides */
    stream_init(&s, 0.05, 5);
    int cadence_ok = 1;
    for (size_t k = 0; k < 25; k++) {
        stream_push(&s);
        tock_stop_input in = {s.x, s.y, s.n, 100, s.elapsed, 4e6, 1e-9, 0.95, 0, 1, 0};
        tock_stop_decide(&in, &d);
        int expect = s.n >= 10 && (s.n - 10) % 5 == 0;
        if ((d.precision >= 0.0) != expect) {
            cadence_ok = 0;
            printf("    n=%zu: precision %.4f, check expected %d\n", s.n, d.precision, expect);
        }
    }
    CHECK(cadence_ok, "checks exactly at n = 10, 15, 20, 25 (25 samples)");

    printf("a budget spent before 10 samples still takes 10\n");
    stream_init(&s, 0.5, 6);
    CHECK_INT_EQ(run(&s, 100, 1.0, 0.01, 0, &d), TOCK_STOP_TIME_BUDGET);
    CHECK_INT_EQ(s.n, TOCK_MIN_SAMPLES);

    printf("interrupts\n");
    stream_init(&s, 0.5, 7);
    CHECK_INT_EQ(run(&s, 100, 1e15, 0.01, 3, &d), TOCK_STOP_INTERRUPTED);
    CHECK_INT_EQ(s.n, 3);
    stream_init(&s, 0.001, 8); /* the sample that meets the target wins over SIGINT */
    CHECK_INT_EQ(run(&s, 100, 5e6, 0.01, 10, &d), TOCK_STOP_TARGET_PRECISION);
    CHECK_INT_EQ(s.n, 10);

    printf("the decision is reproducible\n");
    stream_init(&s, 0.2, 9);
    for (int k = 0; k < 25; k++) stream_push(&s);
    tock_stop_input in = {s.x, s.y, s.n, 100, s.elapsed, 1e6, 0.001, 0.95, 0, 1234, 0};
    tock_stop_decision a, b;
    tock_stop_decide(&in, &a);
    tock_stop_decide(&in, &b);
    CHECK(a.reason == b.reason && memcmp(&a.precision, &b.precision, sizeof a.precision) == 0 &&
              a.precision > 0.0,
          "same input -> same precision bits (%.17g, %.17g)", a.precision, b.precision);
    CHECK_INT_EQ(tock_stop_decide(NULL, &a), TOCK_EINVAL);
    return check_summary();
}
