/* cmp_fig.c - the comparison figures, as Criterion draws them: the densities
 * of the old and the new per-iteration times on one axis, the bootstrap
 * distribution of the change with the run's decided change, its interval
 * and the noise band, and a violin per group comparing its members. The
 * samples are the ones the comparison used (cmp_load.c); the change, its
 * interval and the verdict marked are the run's (summary.json), the
 * distribution under them is tock-report's own seeded bootstrap of the
 * median change, labelled so. It must never draw a side it could not load:
 * a figure then holds the reason instead.
 */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIG_W 600.0
#define FIG_H 370.0
#define KDE_POINTS 200
/* 2,000 replicates put the 2.5% and 97.5% points within about 0.3
 * percentile of their limit: plenty for a drawn density */
#define CHANGE_RESAMPLES 2000
#define VIOLIN_POINTS 80

static void desc(tock__buf *b, const char *text) {
    tock__buf_puts(b, "<desc>");
    tock_rep_put_html(b, text);
    tock__buf_puts(b, "</desc>\n");
}

/* the range inside both sides' severe Tukey fences */
static void inner_range(const double *t, size_t n, double *lo, double *hi) {
    tock_rep_fences f;
    if (tock_rep_tukey(t, n, &f) < 0) return;
    for (size_t i = 0; i < n; i++) {
        if (t[i] < f.low_severe || t[i] > f.high_severe) continue;
        if (t[i] < *lo) *lo = t[i];
        if (t[i] > *hi) *hi = t[i];
    }
}

static double median_of(const double *t, size_t n) {
    double *c = (double *)malloc(n * sizeof *c);
    if (!c) return NAN;
    memcpy(c, t, n * sizeof *c);
    double m = tock_rep_median_inplace(c, n);
    free(c);
    return m;
}

static const char *old_side(const tock_rep_run *run) {
    return strcmp(run->cmp_mode, "ab") == 0 ? "old: the A/B reference (B)" : "old: the baseline";
}

static int both_sides(tock__buf *b, const tock_rep_run *run, const tock_rep_bench *x,
                      const char *id) {
    if (x->n_old && x->n_new) return 1;
    char what[480];
    snprintf(what, sizeof what, "comparison samples not available: %s",
             run->cmp_note[0] ? run->cmp_note : "no samples of this benchmark on one side");
    tock_rep_fig_note(b, id, what, FIG_W);
    return 0;
}

void tock_rep_fig_overlay(tock__buf *b, const tock_rep_run *run, const tock_rep_bench *x,
                          const char *id) {
    if (!both_sides(b, run, x, id)) return;
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    inner_range(x->old_t, x->n_old, &lo, &hi);
    inner_range(x->new_t, x->n_new, &lo, &hi);
    double h_old = tock_rep_silverman(x->old_t, x->n_old),
           h_new = tock_rep_silverman(x->new_t, x->n_new);
    double m_old = median_of(x->old_t, x->n_old), m_new = median_of(x->new_t, x->n_new);
    if (!(lo <= hi)) lo = hi = m_new;
    lo -= 3.0 * fmax(h_old, h_new);
    hi += 3.0 * fmax(h_old, h_new);
    if (lo < 0.0) lo = 0.0;
    double div;
    const char *unit = tock_rep_time_unit(hi, &div);
    char label[256], text[512], mo[40], mn[40];
    snprintf(label, sizeof label, "%s: density of the time per iteration, old against new", x->id);
    tock__fmt_time(mo, sizeof mo, m_old, 1);
    tock__fmt_time(mn, sizeof mn, m_new, 1);
    snprintf(text, sizeof text,
             "Kernel densities of %zu old and %zu new per-iteration times; median old %s, "
             "median new %s.",
             x->n_old, x->n_new, mo, mn);
    tock_rep_plot p;
    tock_rep_svg_begin(&p, b, id, label, FIG_W, FIG_H);
    desc(b, text);
    tock_rep_nice_ticks(lo / div, hi / div, 6, &p.xt);
    p.yt.lo = 0.0;
    p.yt.hi = 1.2;
    p.yt.step = 0.2;
    p.yt.n = 7;
    for (int i = 0; i < 7; i++) p.yt.v[i] = 0.2 * i;
    char lo_txt[80], ln_txt[80];
    snprintf(lo_txt, sizeof lo_txt, "%s (%zu samples)", old_side(run), x->n_old);
    snprintf(ln_txt, sizeof ln_txt, "new: this run (%zu samples)", x->n_new);
    const char *cls[] = {"kde-old", "kde"}, *txt[] = {lo_txt, ln_txt};
    tock_rep_svg_legend(&p, cls, txt, 2);
    char xl[64];
    snprintf(xl, sizeof xl, "time per iteration (%s)", unit);
    tock_rep_svg_axes(&p, xl, "density (the higher peak = 1)");
    double gx[KDE_POINTS], g_old[KDE_POINTS], g_new[KDE_POINTS], zero[KDE_POINTS];
    for (int j = 0; j < KDE_POINTS; j++) {
        gx[j] = (p.xt.lo + (p.xt.hi - p.xt.lo) * j / (KDE_POINTS - 1)) * div;
        zero[j] = 0.0;
    }
    tock_rep_kde(x->old_t, x->n_old, h_old, gx, KDE_POINTS, g_old);
    tock_rep_kde(x->new_t, x->n_new, h_new, gx, KDE_POINTS, g_new);
    /* both densities integrate to one: one scale keeps their areas comparable */
    double peak = 0.0;
    for (int j = 0; j < KDE_POINTS; j++) peak = fmax(peak, fmax(g_old[j], g_new[j]));
    for (int j = 0; j < KDE_POINTS; j++) {
        g_old[j] = peak > 0.0 ? g_old[j] / peak : 0.0;
        g_new[j] = peak > 0.0 ? g_new[j] / peak : 0.0;
        gx[j] /= div;
    }
    tock_rep_svg_area(&p, gx, zero, g_old, KDE_POINTS, "kde-old");
    tock_rep_svg_polyline(&p, gx, g_old, KDE_POINTS, "overlay-old");
    tock_rep_svg_area(&p, gx, zero, g_new, KDE_POINTS, "kde");
    tock_rep_svg_polyline(&p, gx, g_new, KDE_POINTS, "overlay-new");
    char ml[64];
    snprintf(ml, sizeof ml, "old median %s", mo);
    tock_rep_svg_vline(&p, m_old / div, "med-old", ml, 0, m_old <= m_new ? -1 : 1);
    snprintf(ml, sizeof ml, "new median %s", mn);
    tock_rep_svg_vline(&p, m_new / div, "med-new", ml, 1, m_old <= m_new ? 1 : -1);
    tock_rep_svg_end(&p);
}

void tock_rep_fig_change(tock__buf *b, const tock_rep_run *run, const tock_rep_bench *x,
                         const char *id) {
    if (!both_sides(b, run, x, id)) return;
    double *d = (double *)malloc(CHANGE_RESAMPLES * sizeof *d);
    if (!d) {
        b->err = TOCK_REP_ENOMEM;
        return;
    }
    uint64_t seed = tock__fnv1a64(x->id, strlen(x->id));
    if (tock_rep_boot_change(x->old_t, x->n_old, x->new_t, x->n_new, CHANGE_RESAMPLES, seed, d) <
        0) {
        free(d);
        b->err = TOCK_REP_ENOMEM;
        return;
    }
    for (size_t k = 0; k < CHANGE_RESAMPLES; k++) d[k] *= 100.0; /* percent */
    double noise = isfinite(run->cmp_noise) ? 100.0 * run->cmp_noise : NAN;
    double c = 100.0 * x->change.point, cl = 100.0 * x->change.lower, cu = 100.0 * x->change.upper;
    double lo = tock__quantile_sorted(d, CHANGE_RESAMPLES, 0.001),
           hi = tock__quantile_sorted(d, CHANGE_RESAMPLES, 0.999);
    double h = tock_rep_silverman(d, CHANGE_RESAMPLES);
    lo = fmin(lo - 3.0 * h, fmin(cl, c));
    hi = fmax(hi + 3.0 * h, fmax(cu, c));
    if (isfinite(noise)) {
        lo = fmin(lo, -1.5 * noise);
        hi = fmax(hi, 1.5 * noise);
    }
    char label[256], text[640];
    snprintf(label, sizeof label, "%s: distribution of the change, new / old - 1", x->id);
    double cf = isfinite(x->confidence) ? 100.0 * x->confidence : 95.0;
    snprintf(text, sizeof text,
             "Bootstrap distribution of the median change (%d resamples, computed by "
             "tock-report); the run's change %+.2f%% with its %.0f%% interval [%+.2f%%, "
             "%+.2f%%], verdict %s; noise band +-%.3g%%.",
             CHANGE_RESAMPLES, c, cf, cl, cu, x->verdict, noise);
    tock_rep_plot p;
    tock_rep_svg_begin(&p, b, id, label, FIG_W, FIG_H);
    desc(b, text);
    tock_rep_nice_ticks(lo, hi, 6, &p.xt);
    p.yt.lo = 0.0;
    p.yt.hi = 1.2;
    p.yt.step = 0.2;
    p.yt.n = 7;
    for (int i = 0; i < 7; i++) p.yt.v[i] = 0.2 * i;
    char bl[96], il[96], nl[64];
    snprintf(bl, sizeof bl, "bootstrap of the median change (%d resamples, here)",
             CHANGE_RESAMPLES);
    snprintf(il, sizeof il, "the run's change, %.0f%% interval: %s", cf, x->verdict);
    snprintf(nl, sizeof nl, "noise band \xc2\xb1%.3g%%", noise);
    const char *cls[3] = {"kde-change", "change-ci", "band-noise"}, *txt[3] = {bl, il, nl};
    tock_rep_svg_legend(&p, cls, txt, isfinite(noise) ? 3 : 2);
    tock_rep_svg_axes(&p, "change of the time per iteration, new / old \xe2\x88\x92 1 (%)",
                      "density (peak = 1)");
    if (isfinite(noise)) {
        double x0 = tock_rep_svg_x(&p, fmax(-noise, p.xt.lo)),
               x1 = tock_rep_svg_x(&p, fmin(noise, p.xt.hi));
        tock__buf_printf(b,
                         "<rect class=\"band-noise\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                         "height=\"%.1f\"><title>noise band \xc2\xb1%.3g%%</title></rect>\n",
                         x0, p.mt, x1 - x0, p.h - p.mt - p.mb, noise);
    }
    double gx[KDE_POINTS], gd[KDE_POINTS], zero[KDE_POINTS];
    for (int j = 0; j < KDE_POINTS; j++) {
        gx[j] = p.xt.lo + (p.xt.hi - p.xt.lo) * j / (KDE_POINTS - 1);
        zero[j] = 0.0;
    }
    tock_rep_kde(d, CHANGE_RESAMPLES, h, gx, KDE_POINTS, gd);
    double peak = 0.0;
    for (int j = 0; j < KDE_POINTS; j++) peak = fmax(peak, gd[j]);
    for (int j = 0; j < KDE_POINTS; j++) gd[j] = peak > 0.0 ? gd[j] / peak : 0.0;
    tock_rep_svg_area(&p, gx, zero, gd, KDE_POINTS, "kde-change");
    tock_rep_svg_polyline(&p, gx, gd, KDE_POINTS, "change-line");
    char t[64];
    snprintf(t, sizeof t, "%+.2f%%", c);
    tock_rep_svg_vline(&p, c, "change-point", t, 0, 0);
    snprintf(t, sizeof t, "%+.2f%%", cl);
    tock_rep_svg_vline(&p, cl, "change-ci", t, 1, -1);
    snprintf(t, sizeof t, "%+.2f%%", cu);
    tock_rep_svg_vline(&p, cu, "change-ci", t, 1, 1);
    tock_rep_svg_end(&p);
    free(d);
}

/* a member's label: its id without "group/" */
static const char *member_label(const char *group, const char *id) {
    size_t l = strlen(group);
    return strncmp(id, group, l) == 0 && id[l] == '/' ? id + l + 1 : id;
}

void tock_rep_fig_violin(tock__buf *b, const tock_rep_run *run, const char *group,
                         const size_t *idx, size_t n, const char *id) {
    double **t = (double **)calloc(n, sizeof *t);
    double *lo = (double *)malloc(n * sizeof *lo), *hi = (double *)malloc(n * sizeof *hi);
    if (!t || !lo || !hi) {
        free(t);
        free(lo);
        free(hi);
        b->err = TOCK_REP_ENOMEM;
        return;
    }
    double ymin = HUGE_VAL, ymax = -HUGE_VAL;
    size_t drawn = 0;
    for (size_t k = 0; k < n; k++) {
        const tock_rep_bench *x = &run->b[idx[k]];
        lo[k] = HUGE_VAL;
        hi[k] = -HUGE_VAL;
        if (!x->n) continue;
        t[k] = (double *)malloc(x->n * sizeof **t);
        if (!t[k]) {
            b->err = TOCK_REP_ENOMEM;
            goto done;
        }
        for (size_t i = 0; i < x->n; i++) t[k][i] = x->ns[i] / x->iters[i];
        inner_range(t[k], x->n, &lo[k], &hi[k]);
        if (!(lo[k] <= hi[k]) || !(lo[k] > 0.0)) continue;
        ymin = fmin(ymin, lo[k]);
        ymax = fmax(ymax, hi[k]);
        drawn++;
    }
    if (drawn < 2) {
        tock_rep_fig_note(b, id, "fewer than two members of this group have samples", FIG_W);
        goto done;
    }
    int logy = ymax > 10.0 * ymin;
    double div;
    const char *unit = tock_rep_time_unit(ymax, &div);
    char label[256], yl[80];
    snprintf(label, sizeof label, "%s: time per iteration of its %zu members, side by side%s",
             group, n, logy ? " (log scale)" : "");
    tock_rep_plot p;
    double w = fmax(2.0 * FIG_W, 90.0 * (double)n + 100.0);
    tock_rep_svg_begin(&p, b, id, label, w, FIG_H + 40);
    desc(b, "One violin per member: the kernel density of its per-iteration times (samples "
            "inside the severe Tukey fences), mirrored, with a line at the median. The "
            "table below the figure lists the same medians.");
    p.mb += 40; /* room for the member names */
    p.logy = logy;
    p.xt.lo = 0.0;
    p.xt.hi = (double)n;
    p.xt.n = 0;
    if (logy)
        tock_rep_log_ticks(ymin / div / 1.2, ymax / div * 1.2, &p.yt);
    else
        tock_rep_nice_ticks(fmax(0.0, ymin - 0.05 * (ymax - ymin)) / div,
                            (ymax + 0.05 * (ymax - ymin)) / div, 6, &p.yt);
    snprintf(yl, sizeof yl, "time per iteration (%s)%s", unit, logy ? ", log scale" : "");
    tock_rep_svg_axes(&p, "", yl);
    for (size_t k = 0; k < n; k++) {
        const tock_rep_bench *x = &run->b[idx[k]];
        double cx = tock_rep_svg_x(&p, (double)k + 0.5);
        double half = 0.42 * (tock_rep_svg_x(&p, 1.0) - tock_rep_svg_x(&p, 0.0));
        const char *name = member_label(group, x->id);
        tock__buf_printf(b,
                         "<text class=\"member\" transform=\"translate(%.1f %.1f) "
                         "rotate(-30)\" text-anchor=\"end\">",
                         cx + 4, p.h - p.mb + 16);
        tock_rep_put_html(b, name);
        tock__buf_puts(b, "</text>\n");
        if (!t[k] || !(lo[k] <= hi[k]) || !(lo[k] > 0.0)) continue;
        /* the density of the values on the axis's own scale */
        size_t m = 0;
        double *v = (double *)malloc(x->n * sizeof *v);
        if (!v) {
            b->err = TOCK_REP_ENOMEM;
            goto done;
        }
        for (size_t i = 0; i < x->n; i++)
            if (t[k][i] >= lo[k] && t[k][i] <= hi[k])
                v[m++] = logy ? log10(t[k][i] / div) : t[k][i] / div;
        double bw = tock_rep_silverman(v, m);
        double a0 = logy ? log10(lo[k] / div) : lo[k] / div,
               a1 = logy ? log10(hi[k] / div) : hi[k] / div;
        double gy[VIOLIN_POINTS], gd[VIOLIN_POINTS], peak = 0.0;
        for (int j = 0; j < VIOLIN_POINTS; j++) gy[j] = a0 + (a1 - a0) * j / (VIOLIN_POINTS - 1);
        tock_rep_kde(v, m, bw, gy, VIOLIN_POINTS, gd);
        for (int j = 0; j < VIOLIN_POINTS; j++) peak = fmax(peak, gd[j]);
        tock__buf_puts(b, "<path class=\"violin\" d=\"");
        for (int j = 0; j < VIOLIN_POINTS; j++)
            tock__buf_printf(b, "%s%.1f %.1f", j ? "L" : "M",
                             cx + half * (peak > 0.0 ? gd[j] / peak : 0.0),
                             tock_rep_svg_y(&p, gy[j]));
        for (int j = VIOLIN_POINTS; j-- > 0;)
            tock__buf_printf(b, "L%.1f %.1f", cx - half * (peak > 0.0 ? gd[j] / peak : 0.0),
                             tock_rep_svg_y(&p, gy[j]));
        tock__buf_puts(b, "Z\"><title>");
        tock_rep_put_html(b, x->id);
        tock__buf_puts(b, "</title></path>\n");
        double med = median_of(t[k], x->n); /* of every sample, as summary.json's */
        double my = tock_rep_svg_y(&p, logy ? log10(med / div) : med / div);
        tock__buf_printf(b,
                         "<line class=\"violin-median\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                         "y2=\"%.1f\"/>\n",
                         cx - half * 0.6, my, cx + half * 0.6, my);
        free(v);
    }
    tock_rep_svg_end(&p);
done:
    for (size_t k = 0; k < n; k++) free(t[k]);
    free(t);
    free(lo);
    free(hi);
}
