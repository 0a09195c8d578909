/* console.c - what a person sees while a run goes: progress on a TTY and one
 * result line per benchmark. It never writes a file.
 */
#include "internal.h"

void tock__progress_clear(tock__state *S) {
    if (S->tty_err) fputs("\r\033[K", stderr);
}

void tock__progress(tock__state *S, int force, const char *fmt, ...) TOCK__PRINTF(3, 4);
void tock__progress(tock__state *S, int force, const char *fmt, ...) {
    if (!S->tty_err) return;
    uint64_t now = tock__mono_ns();
    /* at most 10 updates a second: each is a write(2) between samples */
    if (!force && now - S->last_progress_ns < 100000000u) return;
    S->last_progress_ns = now;
    va_list ap;
    fputs("\r\033[K", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fflush(stderr);
}

tock__bench *tock__find(tock__state *S, const char *id) {
    for (size_t i = 0; i < S->nbench; i++)
        if (strcmp(S->benches[i].id, id) == 0) return &S->benches[i];
    return NULL;
}

void tock__throughput(const tock__bench *b, tock_estimate *rate) {
    const tock_estimate *t = &b->an.est.slope;
    double per = (double)b->def.throughput_per_iter * 1e9;
    rate->point = per / t->point;
    rate->lower = per / t->upper; /* the slowest time gives the lowest rate */
    rate->upper = per / t->lower;
}

void tock__print_result(tock__state *S, const tock__bench *b) {
    const char *bold = S->color ? "\033[1m" : "", *off = S->color ? "\033[0m" : "",
               *yel = S->color ? "\033[33m" : "";
    const tock_analysis *a = &b->an;
    char lo[32], pt[32], hi[32];
    tock__fmt_time(lo, sizeof lo, a->est.slope.lower, 0);
    tock__fmt_time(pt, sizeof pt, a->est.slope.point, 0);
    tock__fmt_time(hi, sizeof hi, a->est.slope.upper, 0);
    if (strlen(b->id) > 23)
        printf("%s\n%24s", b->id, "");
    else
        printf("%-24s", b->id);
    printf("time:   [%s %s%s%s %s]\n", lo, bold, pt, off, hi);
    if (b->def.throughput_kind != TOCK_THROUGHPUT_NONE) {
        tock_estimate r;
        tock__throughput(b, &r);
        tock__fmt_rate(lo, sizeof lo, r.lower, b->def.throughput_kind == TOCK_THROUGHPUT_BYTES);
        tock__fmt_rate(pt, sizeof pt, r.point, b->def.throughput_kind == TOCK_THROUGHPUT_BYTES);
        tock__fmt_rate(hi, sizeof hi, r.upper, b->def.throughput_kind == TOCK_THROUGHPUT_BYTES);
        printf("%24sthrpt:  [%s %s%s%s %s]\n", "", lo, bold, pt, off, hi);
    }
    if (b->cpu_iters > 0 && b->cpu_wall_ns > 0.0) {
        tock__fmt_time(pt, sizeof pt, b->cpu_ns / (double)b->cpu_iters, 0);
        printf("%24scpu:    %s per iteration (%.0f%% of wall time)\n", "", pt,
               100.0 * b->cpu_ns / b->cpu_wall_ns);
    }
    if (b->def.threads > 1 && b->thr_iters > 0) {
        tock__fmt_time(pt, sizeof pt, b->thr_ns / (double)b->thr_iters, 0);
        tock__fmt_time(lo, sizeof lo, b->thr_skew_ns / (double)b->thr_samples, 0);
        printf("%24sthreads: %d, one thread %s per iteration, start skew %s per sample\n", "",
               b->def.threads, pt, lo);
    }
    tock__print_counters(b);
    char ep[48] = "";
    if (b->nepochs > 1) {
        /* the spread of the epochs' own slopes, so a wide interval explains itself */
        double lo_e = b->epoch_slope[0], hi_e = lo_e;
        for (size_t e = 1; e < b->nepochs; e++) {
            lo_e = fmin(lo_e, b->epoch_slope[e]);
            hi_e = fmax(hi_e, b->epoch_slope[e]);
        }
        snprintf(ep, sizeof ep, " in %zu epochs (spread %.2f%%)", b->nepochs,
                 a->est.slope.point > 0.0 ? 100.0 * (hi_e - lo_e) / a->est.slope.point : 0.0);
    }
    printf("%24sstop:   %s (+-%.2f%% at %.0f%% confidence, %zu samples%s, %.3f s)\n", "",
           tock_stop_reason_name(b->stop), 100.0 * a->precision, 100.0 * S->cfg.confidence, b->n,
           ep, b->sampling_s);
    if (b->def.published_ns > 0.0) {
        tock__fmt_time(pt, sizeof pt, b->def.published_ns, 0);
        printf("%24spublished: %s (another machine and language), ratio %.3f\n", "", pt,
               a->est.slope.point / b->def.published_ns);
    }
    if (b->floor_id) {
        const tock__bench *f = tock__find(S, b->floor_id);
        if (f && f->state == TOCK__DONE)
            printf("%24sfloor:  %s, ratio %.3f\n", "", b->floor_id,
                   a->est.slope.point / f->an.est.slope.point);
    }
    const tock_outliers *o = &a->outliers;
    size_t tot = o->low_severe + o->low_mild + o->high_mild + o->high_severe;
    if (tot > 0) {
        double n = (double)b->n;
        printf("%sFound %zu outliers among %zu measurements (%.2f%%)%s\n", yel, tot, b->n,
               100.0 * (double)tot / n, off);
        const size_t cnt[4] = {o->low_severe, o->low_mild, o->high_mild, o->high_severe};
        static const char *nm[4] = {"low severe", "low mild", "high mild", "high severe"};
        for (int i = 0; i < 4; i++)
            if (cnt[i]) printf("  %zu (%.2f%%) %s\n", cnt[i], 100.0 * (double)cnt[i] / n, nm[i]);
    }
    fflush(stdout);
}
