/* fit_run.c - the scaling fits of a run: finds its parameterised groups, fits
 * each (fit.c) and every crossover, and writes them to the console,
 * summary.json and REPORT.md.
 */
#include "internal.h"

double tock__floor_ratio(tock__state *S, const tock__bench *b) {
    if (!b->floor_id) return NAN;
    const tock__bench *f = tock__find(S, b->floor_id);
    if (!f || f->state != TOCK__DONE) return NAN;
    return b->an.est.slope.point / f->an.est.slope.point;
}

void tock__json_comparison(tock__state *S, tock__json *j);
void tock__json_change(tock__json *j, const tock__bench *b);

void tock__fmt_pct(char *out, size_t cap, double v);
/* ---- scaling fits of the run's parameterised groups ----
 * A parameterised group: the measured, non-grid benchmarks that share
 * group[/name] and whose parameters are whole numbers > 0 (strtod reads
 * all of it). With >= 3 distinct values it gets tock_fit_scaling on
 * (parameter, typical point); each pair of fitted groups with the same
 * parameter_unit gets tock_fit_crossover over the n range both cover. A
 * group whose fit fails (tock_fit_scaling's checks) is left out, never
 * guessed. Seeds come from the run's seed and the group key, so a rerun of
 * the analysis gives the same bits. */
static int tock__param_number(const char *p, double *out) {
    if (!p || !*p) return 0;
    char *end = NULL;
    double v = strtod(p, &end);
    if (!end || *end != '\0' || !isfinite(v) || !(v > 0.0)) return 0;
    *out = v;
    return 1;
}

static size_t tock__group_key(const tock__bench *b, char *key, size_t cap) {
    size_t len = strlen(b->id) - strlen(b->parameter) - 1; /* drop "/parameter" */
    if (len + 1 > cap) return 0;
    memcpy(key, b->id, len);
    key[len] = '\0';
    return len;
}

int tock__compute_fits(tock__state *S) {
    TOCK_FREE(S->fits);
    TOCK_FREE(S->cross);
    S->fits = NULL;
    S->cross = NULL;
    S->nfits = S->ncross = 0;
    const size_t NB = S->nbench;
    double *n = (double *)TOCK_MALLOC((2 * NB + 1) * sizeof *n);
    unsigned char *used = (unsigned char *)TOCK_MALLOC(NB + 1);
    tock__fitrec *fits = (tock__fitrec *)TOCK_MALLOC((NB + 1) * sizeof *fits);
    if (!n || !used || !fits) {
        TOCK_FREE(n);
        TOCK_FREE(used);
        TOCK_FREE(fits);
        return TOCK_ENOMEM;
    }
    double *y = n + NB;
    memset(used, 0, NB + 1);
    size_t nf = 0;
    int rc = 0;
    for (size_t i = 0; i < NB && rc == 0; i++) {
        const tock__bench *b = &S->benches[i];
        double v;
        char key[256], k2[256];
        if (used[i] || b->state != TOCK__DONE || b->grid || !tock__param_number(b->parameter, &v) ||
            !tock__group_key(b, key, sizeof key))
            continue;
        size_t m = 0, distinct = 0;
        double nmin = INFINITY, nmax = -INFINITY;
        for (size_t k = i; k < NB; k++) {
            const tock__bench *c = &S->benches[k];
            double w;
            if (used[k] || c->state != TOCK__DONE || c->grid ||
                !tock__param_number(c->parameter, &w) || !tock__group_key(c, k2, sizeof k2) ||
                strcmp(key, k2) != 0)
                continue;
            used[k] = 1;
            int seen = 0;
            for (size_t q = 0; q < m; q++) seen |= n[q] == w;
            distinct += !seen;
            n[m] = w;
            y[m] = c->an.est.slope.point;
            m++;
            if (w < nmin) nmin = w;
            if (w > nmax) nmax = w;
        }
        if (distinct < 3) continue;
        tock__fitrec *f = &fits[nf];
        memset(f, 0, sizeof *f);
        snprintf(f->key, sizeof f->key, "%s", key);
        snprintf(f->unit, sizeof f->unit, "%s", b->param_unit);
        f->nmin = nmin;
        f->nmax = nmax;
        int frc =
            tock_fit_scaling(n, y, m, S->cfg.nresamples, S->cfg.confidence,
                             tock__bench_seed(S->cfg.seed, key) ^ UINT64_C(0x666974), &f->fit);
        if (frc == TOCK_ENOMEM) rc = frc;
        if (frc == 0) nf++;
    }
    TOCK_FREE(used);
    S->fits = fits;
    S->nfits = nf;
    /* crossovers: pairs with the same unit, over the n range both cover */
    size_t npairs = nf * (nf > 0 ? nf - 1 : 0) / 2;
    if (rc == 0 && npairs > 0) {
        S->cross = (tock__crossrec *)TOCK_MALLOC(npairs * sizeof *S->cross);
        if (!S->cross) rc = TOCK_ENOMEM;
    }
    for (size_t a = 0; a < nf && rc == 0; a++)
        for (size_t b = a + 1; b < nf && rc == 0; b++) {
            const tock__fitrec *fa = &fits[a], *fb = &fits[b];
            double lo = fa->nmin > fb->nmin ? fa->nmin : fb->nmin;
            double hi = fa->nmax < fb->nmax ? fa->nmax : fb->nmax;
            if (strcmp(fa->unit, fb->unit) != 0 || !(lo < hi)) continue;
            /* the two groups' points again (n[], y[] of a, then of b) */
            size_t ma = 0, mb = 0;
            double *na = n, *ya = y;
            for (int side = 0; side < 2; side++)
                for (size_t i = 0; i < NB; i++) {
                    const tock__bench *c = &S->benches[i];
                    char k2[256];
                    double w;
                    if (c->state != TOCK__DONE || c->grid ||
                        !tock__param_number(c->parameter, &w) ||
                        !tock__group_key(c, k2, sizeof k2) ||
                        strcmp(k2, side ? fb->key : fa->key) != 0)
                        continue;
                    size_t at = ma + mb;
                    na[at] = w;
                    ya[at] = c->an.est.slope.point;
                    if (side)
                        mb++;
                    else
                        ma++;
                }
            tock__crossrec *x = &S->cross[S->ncross];
            x->a = a;
            x->b = b;
            char seedkey[520];
            snprintf(seedkey, sizeof seedkey, "%s|%s", fa->key, fb->key);
            int crc = tock_fit_crossover(na, ya, ma, na + ma, ya + ma, mb, lo, hi,
                                         S->cfg.nresamples, S->cfg.confidence,
                                         tock__bench_seed(S->cfg.seed, seedkey), &x->cr);
            if (crc == TOCK_ENOMEM) rc = crc;
            if (crc == 0) S->ncross++;
        }
    TOCK_FREE(n);
    return rc;
}

/* "at n = 12.3 [10.1, 14.9]", "A below over [1, 75]", ... */
static void tock__cross_text(const tock__state *S, const tock__crossrec *x, char *out, size_t cap) {
    const tock__fitrec *fa = &S->fits[x->a], *fb = &S->fits[x->b];
    const tock_crossover *c = &x->cr;
    switch (c->kind) {
    case TOCK_CROSS_AT:
        snprintf(out, cap, "%s and %s cross at %.4g %s [%.4g, %.4g]", fa->key, fb->key, c->at.point,
                 fa->unit, c->at.lower, c->at.upper);
        break;
    case TOCK_CROSS_A_BELOW:
    case TOCK_CROSS_B_BELOW:
        snprintf(out, cap,
                 "%s is cheaper than %s over the whole range %.4g..%.4g %s (%.0f%% of "
                 "resamples)",
                 c->kind == TOCK_CROSS_A_BELOW ? fa->key : fb->key,
                 c->kind == TOCK_CROSS_A_BELOW ? fb->key : fa->key, c->lo, c->hi, fa->unit,
                 100.0 * (c->kind == TOCK_CROSS_A_BELOW ? c->share_a_below : c->share_b_below));
        break;
    default:
        snprintf(out, cap,
                 "%s vs %s over %.4g..%.4g %s: unclear (%s below in %.0f%%, %s below "
                 "in %.0f%%, crossing inside in %.0f%% of resamples)",
                 fa->key, fb->key, c->lo, c->hi, fa->unit, fa->key, 100.0 * c->share_a_below,
                 fb->key, 100.0 * c->share_b_below, 100.0 * c->share_cross);
        break;
    }
}

void tock__json_fits(tock__state *S, tock__json *j) {
    tock__json_begin(j, "fits", '[');
    for (size_t i = 0; i < S->nfits; i++) {
        const tock__fitrec *f = &S->fits[i];
        char line[512];
        tock_fit_format(&f->fit, f->key, f->unit, line, sizeof line);
        tock__json_begin(j, NULL, '{');
        tock__json_string(j, "group", f->key);
        tock__json_string(j, "parameter_unit", f->unit);
        tock__json_u64(j, "points", f->fit.points);
        tock__json_double(j, "parameter_min", f->nmin);
        tock__json_double(j, "parameter_max", f->nmax);
        tock__json_string(j, "unit", "ns");
        tock__json_estimate(j, "intercept", &f->fit.intercept);
        tock__json_estimate(j, "slope", &f->fit.slope);
        tock__json_double(j, "r2", f->fit.r2);
        tock__json_estimate(j, "exponent", &f->fit.exponent);
        tock__json_string(j, "bigo", tock_bigo_name(f->fit.bigo));
        tock__json_double(j, "bigo_share", f->fit.bigo_share);
        tock__json_string(j, "line", line);
        tock__json_end(j, '}');
    }
    tock__json_end(j, ']');
    tock__json_begin(j, "crossovers", '[');
    for (size_t i = 0; i < S->ncross; i++) {
        const tock__crossrec *x = &S->cross[i];
        char text[1200];
        tock__cross_text(S, x, text, sizeof text);
        tock__json_begin(j, NULL, '{');
        tock__json_string(j, "a", S->fits[x->a].key);
        tock__json_string(j, "b", S->fits[x->b].key);
        tock__json_string(j, "kind", tock_cross_kind_name(x->cr.kind));
        tock__json_estimate(j, "at", &x->cr.at);
        tock__json_double(j, "lo", x->cr.lo);
        tock__json_double(j, "hi", x->cr.hi);
        tock__json_double(j, "share_a_below", x->cr.share_a_below);
        tock__json_double(j, "share_b_below", x->cr.share_b_below);
        tock__json_double(j, "share_cross", x->cr.share_cross);
        tock__json_string(j, "text", text);
        tock__json_end(j, '}');
    }
    tock__json_end(j, ']');
}

/* REPORT.md's scaling section; also printed on the console */
void tock__report_fits(tock__state *S, tock__buf *buf) {
    if (S->nfits == 0) return;
    tock__buf_printf(buf,
                     "\n## Scaling\n\nPer parameterised group: cost per unit of the "
                     "parameter (relative weighted least-squares line), the log-log "
                     "exponent and the best complexity class (F test against O(1)); %.0f%% "
                     "wild-bootstrap intervals (%zu resamples). All fields: summary.json "
                     "\"fits\".\n\n",
                     100.0 * S->cfg.confidence, S->cfg.nresamples);
    for (size_t i = 0; i < S->nfits; i++) {
        const tock__fitrec *f = &S->fits[i];
        char line[512], ia[32], ilo[32], ihi[32];
        tock_fit_format(&f->fit, f->key, f->unit, line, sizeof line);
        tock__fmt_time(ia, sizeof ia, f->fit.intercept.point, 0);
        tock__fmt_time(ilo, sizeof ilo, f->fit.intercept.lower, 0);
        tock__fmt_time(ihi, sizeof ihi, f->fit.intercept.upper, 0);
        tock__buf_puts(buf, "- ");
        tock__md_cell(buf, line);
        tock__buf_printf(buf,
                         "  \n  (%zu points, %s %.4g..%.4g; intercept %s [%s, %s]; R^2 %.5f; "
                         "%s chosen in %.0f%% of resamples)\n",
                         f->fit.points, *f->unit ? f->unit : "parameter", f->nmin, f->nmax, ia, ilo,
                         ihi, f->fit.r2, tock_bigo_name(f->fit.bigo), 100.0 * f->fit.bigo_share);
    }
    for (size_t i = 0; i < S->ncross; i++) {
        char text[1200];
        tock__cross_text(S, &S->cross[i], text, sizeof text);
        tock__buf_puts(buf, "- crossover: ");
        tock__md_cell(buf, text);
        tock__buf_puts(buf, "\n");
    }
}

void tock__print_fits(const tock__state *S) {
    for (size_t i = 0; i < S->nfits; i++) {
        char line[512];
        tock_fit_format(&S->fits[i].fit, S->fits[i].key, S->fits[i].unit, line, sizeof line);
        printf("scaling %s\n", line);
    }
    for (size_t i = 0; i < S->ncross; i++) {
        char text[1200];
        tock__cross_text(S, &S->cross[i], text, sizeof text);
        printf("crossover: %s\n", text);
    }
}
