/* compare_epochs.c - the change between two independent runs (--baseline,
 * --load-baseline) with a two-level bootstrap: each run's epochs are drawn
 * with replacement, then samples within each drawn epoch, so an offset that
 * holds for a whole epoch (heap layout, a neighbour's load) widens the
 * interval instead of passing for a change. Also the epoch boundaries of a
 * saved run, recovered from its linear sampling. Pure.
 */
#include "internal.h"

size_t tock_epochs_infer(const double *iters, size_t n, size_t *end, size_t cap) {
    if (!iters || !end || cap == 0 || n < 2) return 0;
    /* each epoch samples i * d iterations, i = 1, 2, ...: a new epoch starts
     * where the count stops rising */
    size_t e = 0;
    for (size_t k = 1; k <= n; k++) {
        if (k < n && iters[k] > iters[k - 1]) continue;
        size_t lo = e ? end[e - 1] : 0;
        if (k - lo < 2 || e == cap) {
            if (e == 0) continue; /* a first epoch of one sample: grows on */
            end[e - 1] = k;       /* too short, or no room: joins the previous epoch */
        } else {
            end[e++] = k;
        }
    }
    if (e == 0) end[e++] = n;
    return e;
}

/* One run's side of a resample: E epochs drawn with replacement, samples
 * drawn within each; per-iteration times scaled so the spread of the epoch
 * medians is widened by `inflate` (sqrt(E / (E - 1)): the bootstrap's
 * shrinkage of a between-epoch variance, as in tock_stats_bootstrap_epochs).
 * Returns the pooled median; *slope gets the mean of the drawn epochs' OLS
 * slopes, widened the same way around `grand`. */
static double tock__side_draw(tock_rng *rng, const double *x, const double *y, const double *pit,
                              const double *scale, const size_t *end, size_t epochs, double grand,
                              double inflate, double *rs, double *slope) {
    size_t m = 0;
    double slopes = 0.0;
    for (size_t k = 0; k < epochs; k++) {
        size_t e = tock_rng_below(rng, (uint32_t)epochs);
        size_t lo = e ? end[e - 1] : 0, ne = end[e] - lo;
        double sxy = 0.0, sxx = 0.0;
        for (size_t j = 0; j < ne; j++) {
            size_t q = lo + tock_rng_below(rng, (uint32_t)ne);
            sxy += x[q] * y[q];
            sxx += x[q] * x[q];
            rs[m++] = pit[q] * scale[e];
        }
        slopes += grand + inflate * (sxy / sxx - grand);
    }
    *slope = slopes / (double)epochs;
    return tock__median_inplace(rs, m);
}

typedef struct tock__side {
    const double *x, *y;
    const size_t *end;
    size_t epochs, n, big;
    double *pit, *scale, grand, inflate, median;
} tock__side;

static int tock__side_init(tock__side *s, const double *x, const double *y, const size_t *end,
                           size_t epochs, double *mem, double *scratch) {
    s->x = x;
    s->y = y;
    s->end = end;
    s->epochs = epochs;
    s->n = end[epochs - 1];
    s->pit = mem;
    s->scale = mem + s->n;
    s->big = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (!(x[i] > 0.0) || !(y[i] > 0.0) || !isfinite(y[i])) return TOCK_EINVAL;
        s->pit[i] = y[i] / x[i];
    }
    s->median = tock_stats_median(s->pit, s->n, scratch);
    s->inflate = epochs > 1 ? sqrt((double)epochs / (double)(epochs - 1)) : 1.0;
    /* centre of the epoch medians: their mean log */
    double lsum = 0.0, gsum = 0.0;
    for (size_t e = 0; e < epochs; e++) {
        size_t lo = e ? end[e - 1] : 0, ne = end[e] - lo;
        if (ne > s->big) s->big = ne;
        s->scale[e] = log(tock_stats_median(s->pit + lo, ne, scratch));
        lsum += s->scale[e];
        gsum += tock_stats_ols_slope(x + lo, y + lo, ne);
    }
    s->grand = gsum / (double)epochs;
    const double centre = lsum / (double)epochs;
    for (size_t e = 0; e < epochs; e++)
        s->scale[e] = exp((s->inflate - 1.0) * (s->scale[e] - centre));
    return 0;
}

static int tock__check_ends(const size_t *end, size_t epochs) {
    if (!end || epochs == 0 || epochs > TOCK__MAX_EPOCHS) return TOCK_EINVAL;
    size_t prev = 0;
    for (size_t e = 0; e < epochs; e++) {
        if (end[e] < prev + 2) return end[e] < prev ? TOCK_EINVAL : TOCK_ETOOFEW;
        prev = end[e];
    }
    return prev > UINT32_MAX ? TOCK_EINVAL : 0;
}

int tock_compare_epochs(const double *ox, const double *oy, const size_t *oend, size_t oepochs,
                        const double *nx, const double *ny, const size_t *nend, size_t nepochs,
                        size_t b, double cl, uint64_t seed, tock_change *out) {
    if (!ox || !oy || !nx || !ny || !out || b == 0 || !(cl > 0.0 && cl < 1.0)) return TOCK_EINVAL;
    int rc = tock__check_ends(oend, oepochs);
    if (rc == 0) rc = tock__check_ends(nend, nepochs);
    if (rc < 0) return rc;
    const size_t no = oend[oepochs - 1], nn = nend[nepochs - 1];
    /* per side: per-iteration times and epoch scales; a resample as big as
     * E draws of its largest epoch; the two change distributions */
    size_t bigo = 0, bign = 0;
    for (size_t e = 0; e < oepochs; e++) {
        size_t ne = oend[e] - (e ? oend[e - 1] : 0);
        if (ne > bigo) bigo = ne;
    }
    for (size_t e = 0; e < nepochs; e++) {
        size_t ne = nend[e] - (e ? nend[e - 1] : 0);
        if (ne > bign) bign = ne;
    }
    const size_t rcap = (bigo * oepochs > bign * nepochs ? bigo * oepochs : bign * nepochs);
    const size_t words = no + oepochs + nn + nepochs + rcap + 2 * b;
    double *mem = (double *)TOCK_MALLOC(words * sizeof *mem);
    if (!mem) return TOCK_ENOMEM;
    double *rs = mem + no + oepochs + nn + nepochs, *d_typ = rs + rcap, *d_med = d_typ + b;
    tock__side o, w;
    rc = tock__side_init(&o, ox, oy, oend, oepochs, mem, rs);
    if (rc == 0) rc = tock__side_init(&w, nx, ny, nend, nepochs, mem + no + oepochs, rs);
    if (rc < 0) {
        TOCK_FREE(mem);
        return rc;
    }
    memset(out, 0, sizeof *out);
    tock_rng rng;
    tock_rng_seed(&rng, seed);
    size_t le = 0, ge = 0; /* resampled changes <= 0 and >= 0: the p-value */
    for (size_t r = 0; r < b; r++) {
        double so, sn;
        double mo = tock__side_draw(&rng, ox, oy, o.pit, o.scale, oend, oepochs, o.grand, o.inflate,
                                    rs, &so);
        double mn = tock__side_draw(&rng, nx, ny, w.pit, w.scale, nend, nepochs, w.grand, w.inflate,
                                    rs, &sn);
        d_typ[r] = sn / so - 1.0;
        d_med[r] = mn / mo - 1.0;
        le += d_med[r] <= 0.0;
        ge += d_med[r] >= 0.0;
    }
    tock__interval(d_typ, b, cl, w.grand / o.grand - 1.0, &out->typical);
    tock__interval(d_med, b, cl, w.median / o.median - 1.0, &out->median);
    /* the bootstrap p-value of "no change": twice the smaller tail at 0,
     * so p < alpha exactly when 0 lies outside the (1 - alpha) interval */
    double tail = (double)(le < ge ? le : ge);
    double p = 2.0 * (1.0 + tail) / (1.0 + (double)b);
    out->p_value = p > 1.0 ? 1.0 : p;
    out->p_adjusted = out->p_value;
    out->verdict = TOCK_VERDICT_NO_CHANGE;
    TOCK_FREE(mem);
    return 0;
}
