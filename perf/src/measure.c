/* measure.c - measuring one benchmark: warm-up, linear sampling in epochs,
 * heap accounting around (never inside) the timed call, and the analysis
 * of the samples. The timed region holds the routine and two counter reads
 * and nothing else.
 */
#include "internal.h"

/* Heap accounting around one timed call, outside the timed region. */
static inline void tock__heap_before(uint64_t *live, uint64_t *calls) {
    if (!tock_heap_available()) return;
    tock_heap_peak_reset();
    *live = tock_heap_live();
    *calls = tock_heap_calls();
}
static inline void tock__heap_after(tock__bench *b, uint64_t live, uint64_t calls, uint64_t iters) {
    if (!tock_heap_available()) return;
    uint64_t peak = tock_heap_peak(), grow = peak > live ? peak - live : 0;
    if (grow > b->heap_peak) b->heap_peak = grow;
    b->heap_calls += tock_heap_calls() - calls;
    b->heap_iters += iters;
}

/* process CPU time in ns: read only around measured samples, outside the
 * two counter reads (a system call, ~0.3 us) */
static inline double tock__cpu_ns(void) {
    struct timespec ts;
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0) return NAN;
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* the batch buffer of managed inputs: room for n inputs, 16-byte aligned */
#define TOCK__INPUT_ALIGN 16
#define TOCK__INPUT_BYTES ((size_t)64 << 20)
static size_t tock__input_stride(const tock_bench_def *d) {
    return (d->input_size + TOCK__INPUT_ALIGN - 1) / TOCK__INPUT_ALIGN * TOCK__INPUT_ALIGN;
}
static uint64_t tock__input_batch(const tock_bench_def *d, uint64_t iters) {
    const uint64_t parts = d->batch_kind == TOCK_BATCH_LARGE_INPUT ? 1000 : 10;
    uint64_t n = (iters + parts - 1) / parts;
    const uint64_t cap = TOCK__INPUT_BYTES / tock__input_stride(d);
    if (n > cap) n = cap;
    return n ? n : 1;
}

/* Managed inputs: per batch, make_input fills every input (untimed), the
 * timed loop runs run_input over them, drop_input releases them. */
static int tock__sample_inputs(tock__bench *b, void *ctx, uint64_t iters, uint64_t *ticks,
                               double *cpu) {
    const tock_bench_def *d = &b->def;
    const size_t stride = tock__input_stride(d);
    const uint64_t batch = tock__input_batch(d, iters);
    if (batch > b->inputs_cap) {
        TOCK_FREE(b->inputs);
        b->inputs_cap = 0;
        b->inputs = (unsigned char *)TOCK_MALLOC((size_t)batch * stride);
        if (!b->inputs) return TOCK_ENOMEM;
        b->inputs_cap = (size_t)batch;
    }
    unsigned char *in = b->inputs;
    uint64_t left = iters;
    *ticks = 0;
    *cpu = 0.0;
    while (left > 0) {
        const size_t n = (size_t)(left < batch ? left : batch);
        for (size_t k = 0; k < n; k++) {
            int rc = d->make_input(ctx, in + k * stride);
            if (rc < 0) return rc;
        }
        const double c0 = b->counting ? tock__cpu_ns() : 0.0;
        uint64_t t0 = tock__ticks();
        for (size_t k = 0; k < n; k++) d->run_input(ctx, in + k * stride);
        uint64_t t1 = tock__ticks();
        if (b->counting) *cpu += tock__cpu_ns() - c0;
        *ticks += t1 - t0;
        if (d->drop_input)
            for (size_t k = 0; k < n; k++) d->drop_input(ctx, in + k * stride);
        left -= n;
    }
    return 0;
}

/* One sample: `iters` iterations, in calls of at most batch_size when set.
 * Only the routine is between the two counter reads. */
static int tock__sample_timed(tock__bench *b, void *ctx, uint64_t iters, double *ns, double *cpu) {
    const tock_bench_def *d = &b->def;
    uint64_t h_live = 0, h_calls = 0;
    *cpu = 0.0;
    if (d->routine_manual) {
        const double c0 = b->counting ? tock__cpu_ns() : 0.0;
        double s = d->routine_manual(ctx, iters);
        if (b->counting) *cpu = tock__cpu_ns() - c0;
        if (!(s >= 0.0) || !isfinite(s)) {
            snprintf(b->err_msg, sizeof b->err_msg,
                     "routine_manual: expected seconds >= 0, found %g", s);
            return TOCK_EINVAL;
        }
        *ns = s * 1e9;
        return 0;
    }
    if (d->run_input) {
        uint64_t ticks = 0;
        int rc = tock__sample_inputs(b, ctx, iters, &ticks, cpu);
        *ns = (double)ticks * tock__S.timer.ns_per_tick;
        return rc;
    }
    if (b->team) {
        uint64_t ticks = 0;
        const double c0 = b->counting ? tock__cpu_ns() : 0.0;
        int rc = tock__team_sample(b, iters, &ticks);
        if (b->counting) *cpu = tock__cpu_ns() - c0;
        *ns = (double)ticks * tock__S.timer.ns_per_tick;
        return rc;
    }
    if (!d->batch_setup && !d->batch_teardown && d->batch_size == 0) {
        tock__heap_before(&h_live, &h_calls);
        const double c0 = b->counting ? tock__cpu_ns() : 0.0;
        uint64_t t0 = tock__ticks();
        d->routine(ctx, iters);
        uint64_t t1 = tock__ticks();
        if (b->counting) *cpu = tock__cpu_ns() - c0;
        tock__heap_after(b, h_live, h_calls, iters);
        *ns = (double)(t1 - t0) * tock__S.timer.ns_per_tick;
        return 0;
    }
    uint64_t ticks = 0, left = iters;
    while (left > 0) {
        uint64_t n = d->batch_size && d->batch_size < left ? d->batch_size : left;
        if (d->batch_setup) {
            int rc = d->batch_setup(ctx, n);
            if (rc < 0) return rc;
        }
        tock__heap_before(&h_live, &h_calls);
        const double c0 = b->counting ? tock__cpu_ns() : 0.0;
        uint64_t t0 = tock__ticks();
        d->routine(ctx, n);
        uint64_t t1 = tock__ticks();
        if (b->counting) *cpu += tock__cpu_ns() - c0;
        tock__heap_after(b, h_live, h_calls, n);
        ticks += t1 - t0;
        if (d->batch_teardown) d->batch_teardown(ctx, n);
        left -= n;
    }
    *ns = (double)ticks * tock__S.timer.ns_per_tick;
    return 0;
}

/* A sample, and when it is a measured one (counting) its totals for the
 * counters and the CPU time. A counter misused during the sample fails the
 * benchmark. */
static int tock__sample(tock__bench *b, void *ctx, uint64_t iters, double *ns, int counting) {
    double cpu = 0.0;
    b->counting = counting;
    int rc = tock__sample_timed(b, ctx, iters, ns, &cpu);
    b->counting = 0;
    if (rc == 0 && b->err_msg[0]) rc = TOCK_EINVAL;
    if (rc < 0 || !counting) return rc;
    const uint64_t work = iters * (uint64_t)(b->def.threads > 1 ? b->def.threads : 1);
    b->count_iters += work;
    b->count_ns += *ns;
    if (isfinite(cpu)) {
        b->cpu_ns += cpu;
        b->cpu_wall_ns += *ns;
        b->cpu_iters += iters;
    }
    return 0;
}

/* The warm-up or measurement time of a benchmark: its own value wins over
 * the default, an explicit command-line value wins over it, and under
 * --quick or --ab (shortened runs) the smaller wins. */
double tock__budget_s(const tock__config *c, double cli, int cli_set, double own) {
    if (!(own > 0.0) || cli_set) return cli;
    if (c->quick || c->ab || c->ab_worker) return fmin(own, cli);
    return own;
}

uint64_t tock__bench_seed(uint64_t seed, const char *id) {
    uint64_t st = seed ^ tock__fnv1a64(id, strlen(id));
    return tock__splitmix64(&st);
}

#define TOCK__MAX_ITERS (UINT64_C(1) << 62)

/* The part of an epoch between set-up and tear-down: warm-up, then linear
 * sampling. 0, or the negative status of a failed sample. */
static int tock__epoch_run(tock__state *S, tock__bench *b, size_t epoch, void *ctx) {
    const tock__config *c = &S->cfg;
    const size_t E = c->epochs ? c->epochs : 1;
    int rc = 0;
    /* warm-up: doubling calls, the last one capped to the time left. Later
     * epochs start from a fresh set-up after other benchmarks ran, so they
     * warm up again, for a quarter of the time (at least 20 ms). */
    if (E > 1)
        tock__progress(S, 1, "%s: epoch %zu/%zu, warming up", b->id, epoch + 1, E);
    else
        tock__progress(S, 1, "%s: warming up", b->id);
    double warm_s = tock__budget_s(c, c->warm_up_s, c->warm_set, b->def.warm_up_time_s);
    const double meas_s =
        tock__budget_s(c, c->measurement_s, c->meas_set, b->def.measurement_time_s);
    if (epoch > 0) warm_s = fmax(fmin(0.02, warm_s), 0.25 * warm_s);
    const double warm_target = warm_s * 1e9;
    double w_timed = 0.0, w_wall = 0.0;
    uint64_t w_iters = 0, it = 1;
    const uint64_t w0 = tock__mono_ns();
    while (!tock__sigint) {
        double ns;
        rc = tock__sample(b, ctx, it, &ns, 0);
        if (rc < 0) return rc;
        w_timed += ns;
        w_iters += it;
        w_wall = (double)(tock__mono_ns() - w0);
        if (w_wall >= warm_target) break;
        double per_iter = w_wall / (double)w_iters;
        double left_iters = per_iter > 0.0 ? (warm_target - w_wall) / per_iter : INFINITY;
        uint64_t next = it < TOCK__MAX_ITERS / 2 ? 2 * it : it;
        if ((double)next > left_iters) next = left_iters >= 1.0 ? (uint64_t)left_iters : 1;
        it = next;
    }
    b->warm_iters += w_iters;
    b->warm_ns += w_timed;
    if (tock__sigint) return 0;

    /* plan: N samples of i*d iterations fill 95% of the epoch's budget (so
     * the budget only binds when the routine runs slower than the warm-up
     * said), and sample 1 lasts at least min_sample_ns */
    const size_t nmax = c->sample_size;
    const double units = (double)nmax * (double)(nmax + 1) / 2.0;
    const double budget = meas_s * 1e9 / (double)E;
    double est_timed = w_timed / (double)w_iters, est_wall = w_wall / (double)w_iters;
    if (!(est_timed > 1e-6)) est_timed = 1e-6; /* a loop the optimiser removed */
    if (!(est_wall > est_timed)) est_wall = est_timed;
    double dd = 0.95 * budget / (est_wall * units);
    double dmin = S->timer.min_sample_ns / est_timed;
    if (dd < dmin) dd = dmin;
    if (dd < 1.0) dd = 1.0;
    const double dcap = (double)TOCK__MAX_ITERS / (double)(nmax + 1);
    if (dd > dcap) dd = dcap;
    const uint64_t d = (uint64_t)ceil(dd);
    /* TOCK_MIN_SAMPLES samples take 55 d iterations whatever the budget */
    const double min_run_s = 55.0 * (double)d * est_wall / 1e9;
    if (epoch == 0 && min_run_s > 2.0 * meas_s / (double)E) {
        tock__progress_clear(S);
        fprintf(stderr,
                "tock: warning: %s: the %d minimum samples need ~%.3g s, more than the %.3g s "
                "budget of an epoch (%.3g ms per iteration)\n",
                b->id, TOCK_MIN_SAMPLES, min_run_s, meas_s / (double)E, est_wall / 1e6);
    }

    /* each epoch aims at target * sqrt(E) / 2: averaged over E epochs that
     * is half the target, leaving the other half for what differs between
     * epochs */
    const double target = c->target_precision * sqrt((double)E) / 2.0;
    const size_t base = b->n;
    const uint64_t seed = tock__bench_seed(c->seed, b->id) + epoch;
    tock_stop_decision dec = {TOCK_STOP_CONTINUE, -1.0};
    double last_prec = -1.0;
    const uint64_t m0 = tock__mono_ns();
    for (size_t i = 1; i <= nmax; i++) {
        uint64_t n_it = (uint64_t)i * d;
        double ns;
        rc = tock__sample(b, ctx, n_it, &ns, 1);
        if (rc < 0) return rc;
        b->iters[b->n] = (double)n_it;
        b->ns[b->n] = ns;
        b->n++;
        b->total_iters += n_it;
        tock_stop_input in = {b->iters + base,
                              b->ns + base,
                              b->n - base,
                              nmax,
                              (double)(tock__mono_ns() - m0),
                              budget,
                              target,
                              c->confidence,
                              TOCK_CHECK_RESAMPLES,
                              seed,
                              tock__sigint != 0};
        rc = tock_stop_decide(&in, &dec);
        if (rc < 0) return rc;
        if (dec.precision >= 0.0) last_prec = dec.precision;
        if (dec.reason != TOCK_STOP_CONTINUE) break;
        char ep[32] = "";
        if (E > 1) snprintf(ep, sizeof ep, "epoch %zu/%zu, ", epoch + 1, E);
        if (last_prec >= 0.0)
            tock__progress(S, 0, "%s: %ssample %zu/%zu, %.2f s, +-%.2f%%", b->id, ep, b->n - base,
                           nmax, in.elapsed_ns / 1e9, 100.0 * last_prec);
        else
            tock__progress(S, 0, "%s: %ssample %zu/%zu, %.2f s", b->id, ep, b->n - base, nmax,
                           in.elapsed_ns / 1e9);
    }
    b->sampling_s += (double)(tock__mono_ns() - m0) / 1e9;
    tock_stop_reason why = dec.reason == TOCK_STOP_CONTINUE ? TOCK_STOP_SAMPLE_LIMIT : dec.reason;
    /* an interrupted epoch is kept only with enough samples to mean something */
    if (why == TOCK_STOP_INTERRUPTED && b->n - base < TOCK_MIN_SAMPLES) {
        b->n = base;
        return 0;
    }
    b->epoch_end[b->nepochs] = b->n;
    b->epoch_slope[b->nepochs] = tock_stats_ols_slope(b->iters + base, b->ns + base, b->n - base);
    b->epoch_stop[b->nepochs] = why;
    b->nepochs++;
    return 0;
}

/* A heap block allocated before an epoch's set-up and freed after its
 * tear-down, 1040 + 16 k bytes, k = 0..255 drawn from the seed: each epoch's
 * set-up then lands at a different heap offset (mod 4096: 256 values, mod
 * 64: all four 16-byte phases), so the epochs of a run sample the layout
 * effects a single process would freeze (a 64-byte vector load that
 * straddles a cache line or not). Why this works with glibc: a block the
 * set-up gets from the heap's top chunk comes right after the spacer and
 * moves with its size; 1040 bytes and up is beyond the tcache and fast
 * bins, so on free the spacer and the set-up's blocks coalesce back into
 * the top and the heap is as before. Blocks served from a bin (small ones
 * the tcache hands back) or mmap'ed (>= M_MMAP_THRESHOLD, 128 KiB at first;
 * glibc raises it to the size of the first mmap'ed block freed, so later
 * epochs get the heap) do not move; neither does what a benchmark
 * allocates outside its set-up. NULL on failure: the epoch runs without. */
void *tock__heap_spacer(uint64_t seed) {
    uint64_t st = seed ^ UINT64_C(0x68656170); /* "heap" */
    const size_t k = (size_t)(tock__splitmix64(&st) & 255u);
    return malloc(1040 + 16 * k);
}

/* One epoch of a benchmark: set-up, warm-up, linear sampling with the
 * adaptive stop on this epoch's own samples (budget and target shared out
 * as below), tear-down. Samples are appended after the earlier epochs'.
 * Returns 0, or a negative status when set-up or the routine fails (the
 * benchmark is marked failed). An interrupted epoch with fewer than
 * TOCK_MIN_SAMPLES samples is dropped. */
int tock__measure_epoch(tock__state *S, tock__bench *b, size_t epoch) {
    const tock__config *c = &S->cfg;
    const size_t E = c->epochs ? c->epochs : 1;
    void *ctx = b->def.user;
    int rc = 0;
    if (epoch == 0) {
        b->state = TOCK__NOT_RUN;
        b->n = 0;
        b->nepochs = 0;
        b->total_iters = b->warm_iters = 0;
        b->warm_ns = b->sampling_s = 0.0;
        b->heap_peak = b->heap_calls = b->heap_iters = b->heap_setup = b->max_rss = 0;
        b->ncounters = 0;
        b->err_msg[0] = '\0';
        b->count_iters = b->cpu_iters = b->thr_iters = b->thr_samples = 0;
        b->count_ns = b->cpu_ns = b->cpu_wall_ns = b->thr_ns = b->thr_skew_ns = 0.0;
        TOCK_FREE(b->iters); /* from an earlier tock_main in the same process */
        TOCK_FREE(b->ns);
        b->iters = (double *)TOCK_MALLOC(c->sample_size * E * sizeof(double));
        b->ns = (double *)TOCK_MALLOC(c->sample_size * E * sizeof(double));
        if (!b->iters || !b->ns) {
            b->state = TOCK__FAILED;
            b->error = TOCK_ENOMEM;
            return TOCK_ENOMEM;
        }
    }
    void *spacer = tock__heap_spacer(tock__bench_seed(c->seed, b->id) + epoch);
    const uint64_t live0 = tock_heap_live();
    tock__cur = b;
    tock__cur_thread = 0;
    if (b->def.setup) {
        rc = b->def.setup(b->def.user, &ctx);
        if (rc < 0) {
            free(spacer);
            b->state = TOCK__FAILED;
            b->error = rc;
            tock__cur = NULL;
            return rc;
        }
    }
    if (epoch == 0 && tock_heap_live() > live0) b->heap_setup = tock_heap_live() - live0;
    rc = tock__team_start(b, ctx);
    if (rc == 0) rc = tock__epoch_run(S, b, epoch, ctx);
    tock__team_stop(b);
    if (b->def.teardown) b->def.teardown(ctx);
    free(spacer); /* after the set-up's blocks: the heap's top coalesces back */
    TOCK_FREE(b->inputs); /* up to 64 MiB: not held while others run */
    b->inputs = NULL;
    b->inputs_cap = 0;
    tock__cur = NULL;
    tock__progress_clear(S);
    if (rc < 0) {
        b->state = TOCK__FAILED;
        b->error = rc;
        if (b->err_msg[0]) S->usage_error = 1; /* the API misused: exit 2 */
    }
    return rc;
}

/* After the last epoch (or a Ctrl-C): the analysis over the epochs measured
 * and the benchmark's stop reason: target_precision when the combined
 * interval reached the target; otherwise interrupted, or time_budget /
 * sample_limit when an epoch ran out of either, or epoch_spread when every
 * epoch reached its own target and only the disagreement between epochs
 * keeps the combined interval wide. */
int tock__analyze_bench(tock__state *S, tock__bench *b) {
    const tock__config *c = &S->cfg;
    if (b->state == TOCK__FAILED || b->nepochs == 0) return 0;
    tock__progress(S, 1, "%s: analysing %zu samples in %zu epoch%s (%zu resamples)", b->id, b->n,
                   b->nepochs, b->nepochs == 1 ? "" : "s", c->nresamples);
    const uint64_t seed = tock__bench_seed(c->seed, b->id);
    int rc = tock_stats_analyze_epochs(b->iters, b->ns, b->epoch_end, b->nepochs, c->nresamples,
                                       c->confidence, seed, &b->an);
    tock__progress_clear(S);
    if (rc < 0) {
        b->state = TOCK__FAILED;
        b->error = rc;
        return rc;
    }
    tock_stop_reason why = TOCK_STOP_EPOCH_SPREAD;
    for (size_t e = 0; e < b->nepochs; e++) {
        tock_stop_reason r = b->epoch_stop[e];
        if (r == TOCK_STOP_TIME_BUDGET ||
            (r == TOCK_STOP_SAMPLE_LIMIT && why != TOCK_STOP_TIME_BUDGET))
            why = r;
    }
    if (b->nepochs < (c->epochs ? c->epochs : 1) || tock__sigint)
        why = TOCK_STOP_INTERRUPTED;
    else if (c->target_precision > 0.0 && b->an.precision <= c->target_precision)
        why = TOCK_STOP_TARGET_PRECISION;
    else if (c->target_precision == 0.0 && why == TOCK_STOP_EPOCH_SPREAD)
        why = TOCK_STOP_SAMPLE_LIMIT;
    b->stop = why;
    b->state = TOCK__DONE;
    b->max_rss = tock_max_rss_bytes();
    return 0;
}

/* Every epoch back to back, then the analysis (the --ab worker's path). */
int tock__measure(tock__state *S, tock__bench *b) {
    const size_t E = S->cfg.epochs ? S->cfg.epochs : 1;
    for (size_t e = 0; e < E && !tock__sigint; e++) {
        int rc = tock__measure_epoch(S, b, e);
        if (rc < 0) return rc;
    }
    return tock__analyze_bench(S, b);
}
