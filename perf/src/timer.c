/* timer.c - the timer: the counter (TSC, cntvct or CLOCK_MONOTONIC), its
 * calibration against CLOCK_MONOTONIC, its resolution and the cost of one
 * reading. The inline readers used inside the timed region are in
 * internal.h so the measuring loop inlines them.
 */
#include "internal.h"

static void tock__sleep_ns(long ns) {
    struct timespec ts = {ns / 1000000000L, ns % 1000000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR && !tock__sigint) {}
}

/* One (counter, monotonic) pair: the counter read bracketed by two clock
 * reads, keeping the tightest of 7 brackets. */
static void tock__bracket(uint64_t *ticks, double *mono) {
    uint64_t best = UINT64_MAX;
    *ticks = 0;
    *mono = 0.0;
    for (int i = 0; i < 7; i++) {
        uint64_t a = tock__mono_ns();
        uint64_t c = tock__read_counter();
        uint64_t b = tock__mono_ns();
        if (b - a < best) {
            best = b - a;
            *ticks = c;
            *mono = (double)a + 0.5 * (double)(b - a);
        }
    }
}

/* Counter frequency from two 10 ms windows. A bracket is < ~100 ns wide, so
 * each window's frequency is good to ~1e-5; the windows must agree within
 * 1e-3 or the counter is not trusted (it is then not constant-rate). */
static int tock__calibrate(double *hz) {
    uint64_t c0 = 0, c1 = 0, c2 = 0;
    double m0 = 0.0, m1 = 0.0, m2 = 0.0;
    tock__bracket(&c0, &m0);
    tock__sleep_ns(10000000L);
    tock__bracket(&c1, &m1);
    tock__sleep_ns(10000000L);
    tock__bracket(&c2, &m2);
    if (!(m1 > m0 && m2 > m1) || c1 <= c0 || c2 <= c1) return -1;
    double f01 = (double)(c1 - c0) * 1e9 / (m1 - m0);
    double f12 = (double)(c2 - c1) * 1e9 / (m2 - m1);
    *hz = (double)(c2 - c0) * 1e9 / (m2 - m0);
    return fabs(f01 - f12) <= 1e-3 * f12 ? 0 : -1;
}

/* Overhead and observed step of the chosen source, from 2000 back-to-back
 * read pairs (~0.1 ms). */
static void tock__timer_measure(tock__timer *t) {
    enum { N = 2000 };
    static double d[N];
    double minnz = INFINITY;
    for (int i = 0; i < N; i++) {
        uint64_t a = tock__ticks();
        uint64_t b = tock__ticks();
        d[i] = (double)(b - a) * t->ns_per_tick;
        if (b > a && d[i] < minnz) minnz = d[i];
    }
    t->overhead_ns = tock__median_inplace(d, N);
    t->resolution_ns = isfinite(minnz) ? minnz : t->nominal_resolution_ns;
    double tick = t->resolution_ns > t->overhead_ns ? t->resolution_ns : t->overhead_ns;
    if (tick < t->nominal_resolution_ns) tick = t->nominal_resolution_ns;
    t->min_sample_ns = 1000.0 * tick;
}

int tock__timer_init(tock__timer *t, int choice, const tock__cpuinfo *ci) {
    memset(t, 0, sizeof *t);
    t->constant_tsc = tock__has_word(ci->flags, "constant_tsc");
    t->nonstop_tsc = tock__has_word(ci->flags, "nonstop_tsc");
    int want_counter = choice != TOCK__TIMER_MONOTONIC;
#if TOCK__COUNTER_KIND == 1
    if (want_counter && choice == TOCK__TIMER_AUTO && !(t->constant_tsc && t->nonstop_tsc)) {
        want_counter = 0;
        snprintf(t->note, sizeof t->note,
                 "TSC not trusted: /proc/cpuinfo lacks constant_tsc or nonstop_tsc");
    }
#elif TOCK__COUNTER_KIND == 2
    t->cntfrq_hz = (double)tock__read_cntfrq();
#else
    if (choice == TOCK__TIMER_TSC) {
        fprintf(stderr, "tock: --timer tsc: no cycle counter on this architecture\n");
        return TOCK_ETIMER;
    }
    want_counter = 0;
    snprintf(t->note, sizeof t->note, "no cycle counter on this architecture");
#endif
    if (want_counter) {
        double hz = 0.0;
        if (tock__calibrate(&hz) == 0 && hz > 1e6) {
            t->source = TOCK__COUNTER_SRC;
            t->hz = hz;
            t->ns_per_tick = 1e9 / hz;
            t->nominal_resolution_ns = t->ns_per_tick;
            if (!t->note[0])
                snprintf(t->note, sizeof t->note, "%s calibrated against CLOCK_MONOTONIC",
                         t->source == TOCK__SRC_TSC ? "TSC" : "cntvct_el0");
        } else if (choice == TOCK__TIMER_TSC) {
            fprintf(stderr, "tock: --timer tsc: the counter's rate is not constant "
                            "against CLOCK_MONOTONIC (two 10 ms windows disagree)\n");
            return TOCK_ETIMER;
        } else {
            snprintf(t->note, sizeof t->note,
                     "counter rejected: two 10 ms calibration windows disagree by > 0.1%%");
        }
    } else if (choice == TOCK__TIMER_MONOTONIC) {
        snprintf(t->note, sizeof t->note, "selected with --timer monotonic");
    }
    if (t->source == TOCK__SRC_MONOTONIC) {
        struct timespec res;
        t->hz = 1e9;
        t->ns_per_tick = 1.0;
        t->nominal_resolution_ns = clock_getres(CLOCK_MONOTONIC, &res) == 0
                                       ? (double)res.tv_sec * 1e9 + (double)res.tv_nsec
                                       : 1.0;
    }
    tock__S.timer = *t; /* tock__ticks() reads the global source */
    tock__timer_measure(t);
    tock__S.timer = *t;
    return 0;
}

const char *tock__timer_name(int src) {
    return src == TOCK__SRC_TSC ? "tsc" : src == TOCK__SRC_CNTVCT ? "cntvct_el0" : "monotonic";
}
