/* figures.c - the report's three kinds of figure, drawn with svg.c from the
 * stored samples and estimates: the density of per-iteration times with the
 * Tukey fences, iterations against sample time with the slope and its
 * interval band, and time against the parameter of a group with the run's
 * own scaling fit (summary.json "fits"), or a least-squares line fitted
 * here for runs that stored none. Time axes pick one unit (ns, µs, ms, s)
 * so that tick labels stay short. It must never draw a figure from anything
 * but the run's own numbers, and never hide a sample: outliers are
 * coloured, not dropped.
 */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIG_W 600.0
#define FIG_H 370.0
#define KDE_POINTS 240
/* Above this many samples the scatter and the rug draw every k-th one: 2,000
 * circles keep a page light; the density still uses every sample. */
#define MAX_DRAWN 2000

static const char *const pt_class[3] = {"pt", "pt pt-mild", "pt pt-severe"};

static double *per_iter(const tock_rep_bench *b) {
    double *t = (double *)malloc((b->n ? b->n : 1) * sizeof *t);
    if (!t) return NULL;
    for (size_t i = 0; i < b->n; i++) t[i] = b->ns[i] / b->iters[i];
    return t;
}

void tock_rep_fig_note(tock__buf *out, const char *id, const char *what, double width) {
    tock_rep_plot p;
    tock_rep_svg_begin(&p, out, id, what, width, 80);
    tock__buf_puts(out, "<text class=\"note\" x=\"20\" y=\"44\">");
    tock_rep_put_html(out, what);
    tock__buf_puts(out, "</text>");
    tock_rep_svg_end(&p);
}

/* the samples' per-iteration times (malloc'd) and their fences; NULL, with
 * a note drawn in the figure's place, when there are none */
static double *samples_or_note(tock__buf *out, const tock_rep_bench *b, const char *id,
                               tock_rep_fences *f) {
    double *t = b->n ? per_iter(b) : NULL;
    if (!t || tock_rep_tukey(t, b->n, f) < 0) {
        free(t);
        tock_rep_fig_note(out, id, "no samples stored for this benchmark", FIG_W);
        return NULL;
    }
    return t;
}

void tock_rep_fig_density(tock__buf *out, const tock_rep_bench *b, const char *id) {
    tock_rep_fences f;
    double *t = samples_or_note(out, b, id, &f);
    if (!t) return;
    /* The view covers the samples inside the severe fences (and the
     * typical time); samples beyond them are counted in a note at the edge,
     * so that one far outlier cannot squash the distribution into a line. */
    double lo = HUGE_VAL, hi = -HUGE_VAL, far_lo = HUGE_VAL, far_hi = -HUGE_VAL;
    size_t n_lo = 0, n_hi = 0;
    for (size_t i = 0; i < b->n; i++) {
        if (t[i] < f.low_severe) {
            n_lo++;
            if (t[i] < far_lo) far_lo = t[i];
        } else if (t[i] > f.high_severe) {
            n_hi++;
            if (t[i] > far_hi) far_hi = t[i];
        } else {
            if (t[i] < lo) lo = t[i];
            if (t[i] > hi) hi = t[i];
        }
    }
    if (lo > hi) lo = hi = b->typical.point; /* every sample beyond a fence: cannot happen */
    if (b->typical.point < lo) lo = b->typical.point;
    if (b->typical.point > hi) hi = b->typical.point;
    double h = tock_rep_silverman(t, b->n);
    lo -= 3.0 * h;
    hi += 3.0 * h;
    if (n_lo && f.low_severe < lo) lo = f.low_severe; /* show the fence that cut them off */
    if (n_hi && f.high_severe > hi) hi = f.high_severe;
    if (lo < 0.0) lo = 0.0; /* a time is never negative */
    double div;
    const char *unit = tock_rep_time_unit(hi, &div);
    tock_rep_plot p;
    char label[256], xl[64];
    snprintf(label, sizeof label, "%s: density of the time per iteration", b->id);
    tock_rep_svg_begin(&p, out, id, label, FIG_W, FIG_H);
    tock_rep_nice_ticks(lo / div, hi / div, 6, &p.xt);
    /* peak = 1; the headroom above it holds the marker labels */
    p.yt.lo = 0.0;
    p.yt.hi = 1.2;
    p.yt.step = 0.2;
    p.yt.n = 7;
    for (int i = 0; i < 7; i++) p.yt.v[i] = 0.2 * i;
    char hl[80], hv[40];
    tock__fmt_time(hv, sizeof hv, h, 1);
    snprintf(hl, sizeof hl, "density (Silverman h = %s)", hv);
    const char *cls[] = {"kde", "typical", "fence-mild", "fence-severe"};
    const char *txt[] = {hl, "typical time (OLS slope)", "Tukey fences, 1.5 IQR",
                         "Tukey fences, 3 IQR"};
    tock_rep_svg_legend(&p, cls, txt, 4);
    snprintf(xl, sizeof xl, "time per iteration (%s)", unit);
    tock_rep_svg_axes(&p, xl, "density (peak = 1)");

    double gx[KDE_POINTS], gy[KDE_POINTS], gd[KDE_POINTS], zero[KDE_POINTS];
    for (int j = 0; j < KDE_POINTS; j++) {
        gx[j] = (p.xt.lo + (p.xt.hi - p.xt.lo) * j / (KDE_POINTS - 1)) * div;
        zero[j] = 0.0;
    }
    tock_rep_kde(t, b->n, h, gx, KDE_POINTS, gd);
    double peak = 0.0;
    for (int j = 0; j < KDE_POINTS; j++)
        if (gd[j] > peak) peak = gd[j];
    for (int j = 0; j < KDE_POINTS; j++) {
        gy[j] = peak > 0.0 ? gd[j] / peak : 0.0;
        gx[j] /= div;
    }
    tock_rep_svg_area(&p, gx, zero, gy, KDE_POINTS, "kde");
    tock_rep_svg_polyline(&p, gx, gy, KDE_POINTS, "kde-line");

    /* rug: one short tick per sample, coloured by Tukey class */
    size_t stride = b->n > MAX_DRAWN ? (b->n + MAX_DRAWN - 1) / MAX_DRAWN : 1;
    tock__buf_puts(out, "<g class=\"rug\">");
    for (size_t i = 0; i < b->n; i += stride) {
        int c = tock_rep_outlier_class(&f, t[i]);
        if (t[i] / div < p.xt.lo || t[i] / div > p.xt.hi) continue; /* counted in the note */
        double x = tock_rep_svg_x(&p, t[i] / div), y0 = tock_rep_svg_y(&p, 0.0);
        tock__buf_printf(out,
                         "<line class=\"rug%d\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                         "y2=\"%.1f\"/>",
                         c, x, y0, x, y0 - (c ? 14.0 : 9.0));
    }
    tock__buf_puts(out, "</g>\n");

    char tl[64], tv[40];
    tock__fmt_time(tv, sizeof tv, b->typical.point, 1);
    snprintf(tl, sizeof tl, "typical %s", tv);
    tock_rep_svg_vline(&p, b->typical.point / div, "typical", tl, 0, 0);
    tock_rep_svg_vline(&p, f.low_mild / div, "fence-mild", "mild", 1, -1);
    tock_rep_svg_vline(&p, f.high_mild / div, "fence-mild", "mild", 1, 1);
    tock_rep_svg_vline(&p, f.low_severe / div, "fence-severe", "severe", 2, -1);
    tock_rep_svg_vline(&p, f.high_severe / div, "fence-severe", "severe", 2, 1);
    char far[40], note[120];
    if (n_hi) {
        tock__fmt_time(far, sizeof far, far_hi, 1);
        snprintf(note, sizeof note, "%zu beyond the view, up to %s \xe2\x86\x92", n_hi, far);
        tock__buf_printf(out,
                         "<text class=\"note edge\" x=\"%.1f\" y=\"%.1f\" "
                         "text-anchor=\"end\">",
                         p.w - p.mr - 4, p.mt + 54);
        tock_rep_put_html(out, note);
        tock__buf_puts(out, "</text>\n");
    }
    if (n_lo) {
        tock__fmt_time(far, sizeof far, far_lo, 1);
        snprintf(note, sizeof note, "\xe2\x86\x90 %zu beyond the view, down to %s", n_lo, far);
        tock__buf_printf(out, "<text class=\"note edge\" x=\"%.1f\" y=\"%.1f\">", p.ml + 4,
                         p.mt + 54);
        tock_rep_put_html(out, note);
        tock__buf_puts(out, "</text>\n");
    }
    tock_rep_svg_end(&p);
    free(t);
}

void tock_rep_fig_scatter(tock__buf *out, const tock_rep_bench *b, const char *id) {
    tock_rep_fences f;
    double *t = samples_or_note(out, b, id, &f);
    if (!t) return;
    double xmax = 0.0, ymax = 0.0;
    for (size_t i = 0; i < b->n; i++) {
        if (b->iters[i] > xmax) xmax = b->iters[i];
        if (b->ns[i] > ymax) ymax = b->ns[i];
    }
    double up = isfinite(b->typical.upper) ? b->typical.upper : b->typical.point;
    double lo_s = isfinite(b->typical.lower) ? b->typical.lower : b->typical.point;
    if (up * xmax > ymax) ymax = up * xmax;
    double div;
    const char *unit = tock_rep_time_unit(ymax, &div);
    tock_rep_plot p;
    char label[256], yl[64];
    snprintf(label, sizeof label, "%s: iterations against sample time", b->id);
    tock_rep_svg_begin(&p, out, id, label, FIG_W, FIG_H);
    tock_rep_nice_ticks(0.0, xmax, 6, &p.xt);
    tock_rep_nice_ticks(0.0, ymax / div, 5, &p.yt);
    size_t stride = b->n > MAX_DRAWN ? (b->n + MAX_DRAWN - 1) / MAX_DRAWN : 1;
    size_t nc[3] = {0, 0, 0};
    for (size_t i = 0; i < b->n; i += stride) nc[tock_rep_outlier_class(&f, t[i])]++;
    char bl[64];
    double cl = isfinite(b->confidence) ? b->confidence : 0.95;
    snprintf(bl, sizeof bl, "%.0f%% interval of the slope", 100.0 * cl);
    const char *cls[5] = {"pt", "fit", "band"};
    const char *txt[5] = {"sample", "OLS slope through the origin", bl};
    int n = 3;
    if (nc[1]) cls[n] = pt_class[1], txt[n++] = "mild outlier";
    if (nc[2]) cls[n] = pt_class[2], txt[n++] = "severe outlier";
    tock_rep_svg_legend(&p, cls, txt, n);
    snprintf(yl, sizeof yl, "sample time (%s)", unit);
    tock_rep_svg_axes(&p, "iterations in the sample", yl);

    double xs[2] = {0.0, p.xt.hi}, ylo[2] = {0.0, lo_s * p.xt.hi / div},
           yhi[2] = {0.0, up * p.xt.hi / div}, ym[2] = {0.0, b->typical.point * p.xt.hi / div};
    /* the band and line may leave the plot at the top: clip to the frame */
    tock__buf_printf(out,
                     "<clipPath id=\"%s-clip\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                     "height=\"%.1f\"/></clipPath><g clip-path=\"url(#%s-clip)\">",
                     id, p.ml, p.mt, p.w - p.ml - p.mr, p.h - p.mt - p.mb, id);
    tock_rep_svg_area(&p, xs, ylo, yhi, 2, "band");
    tock_rep_svg_polyline(&p, xs, ym, 2, "fit");
    tock__buf_puts(out, "</g>\n");
    for (size_t i = 0; i < b->n; i += stride)
        tock_rep_svg_point(&p, b->iters[i], b->ns[i] / div, 3.0,
                           pt_class[tock_rep_outlier_class(&f, t[i])]);
    tock__buf_puts(out, "\n");
    tock_rep_svg_end(&p);
    free(t);
}

const char *tock_rep_param_label(const char *group) {
    /* the suite's parameterised groups and what their parameter means */
    static const struct { const char *group, *label; } known[] = {{"rssm_prediction", "horizon"}};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(known[i].group, group) == 0) return known[i].label;
    return "parameter";
}

static int parse_param(const char *s, double *v) {
    if (!s || !*s) return 0;
    char *end = NULL;
    *v = strtod(s, &end);
    return end && *end == '\0' && isfinite(*v);
}

static int same_key(const tock_rep_bench *a, const tock_rep_bench *b) {
    if (strcmp(a->group, b->group) != 0) return 0;
    if (!a->name || !b->name) return !a->name && !b->name;
    return strcmp(a->name, b->name) == 0;
}

int tock_rep_groups(const tock_rep_run *run, tock_rep_group **out, size_t *nout) {
    *out = NULL;
    *nout = 0;
    tock_rep_group *g = NULL;
    size_t ng = 0;
    char *seen = (char *)calloc(run->nb ? run->nb : 1, 1);
    if (!seen) return TOCK_REP_ENOMEM;
    /* a sweep's points are no group: their parameter is a grid point, and
     * their sweep has a section of its own */
    for (size_t i = 0; i < run->nb; i++) seen[i] = run->b[i].sweep != NULL;
    for (size_t i = 0; i < run->nb; i++) {
        double v;
        if (seen[i] || !parse_param(run->b[i].parameter, &v)) continue;
        size_t cnt = 0;
        for (size_t j = i; j < run->nb; j++)
            if (!seen[j] && same_key(&run->b[i], &run->b[j]) &&
                parse_param(run->b[j].parameter, &v))
                cnt++;
        if (cnt < 2) continue;
        tock_rep_group *ng_p = (tock_rep_group *)realloc(g, (ng + 1) * sizeof *g);
        if (!ng_p) goto nomem;
        g = ng_p;
        tock_rep_group *cur = &g[ng++];
        memset(cur, 0, sizeof *cur);
        cur->group = run->b[i].group;
        cur->name = run->b[i].name;
        cur->idx = (size_t *)malloc(cnt * sizeof *cur->idx);
        cur->param = (double *)malloc(cnt * sizeof *cur->param);
        if (!cur->idx || !cur->param) goto nomem;
        for (size_t j = i; j < run->nb; j++) {
            if (seen[j] || !same_key(&run->b[i], &run->b[j]) ||
                !parse_param(run->b[j].parameter, &v))
                continue;
            /* insertion by parameter value keeps the group sorted */
            size_t k = cur->n;
            while (k > 0 && cur->param[k - 1] > v) {
                cur->param[k] = cur->param[k - 1];
                cur->idx[k] = cur->idx[k - 1];
                k--;
            }
            cur->param[k] = v;
            cur->idx[k] = j;
            cur->n++;
            seen[j] = 1;
        }
    }
    free(seen);
    *out = g;
    *nout = ng;
    return 0;
nomem:
    free(seen);
    tock_rep_groups_free(g, ng);
    return TOCK_REP_ENOMEM;
}

void tock_rep_groups_free(tock_rep_group *g, size_t n) {
    for (size_t i = 0; i < n; i++) {
        free(g[i].idx);
        free(g[i].param);
    }
    free(g);
}

void tock_rep_fig_group(tock__buf *out, const tock_rep_run *run, const tock_rep_group *g,
                        const tock_rep_fit *fit, const char *id, double *a, double *slope,
                        double *r2) {
    double *y = (double *)malloc(g->n * sizeof *y);
    if (!y) {
        out->err = TOCK_REP_ENOMEM;
        return;
    }
    double pmin = g->param[0], pmax = g->param[g->n - 1], ymax = 0.0;
    int have_pub = 0;
    for (size_t i = 0; i < g->n; i++) {
        const tock_rep_bench *b = &run->b[g->idx[i]];
        y[i] = b->typical.point;
        double u = isfinite(b->typical.upper) ? b->typical.upper : b->typical.point;
        if (u > ymax) ymax = u;
        if (isfinite(b->published_ns)) {
            have_pub = 1;
            if (b->published_ns > ymax) ymax = b->published_ns;
        }
    }
    const char *pl = tock_rep_param_label(g->group);
    if (fit) {
        /* the run's own line, as stored: nothing is refitted here */
        *a = fit->intercept.point;
        *slope = fit->slope.point;
        *r2 = fit->r2;
    } else {
        tock_rep_ols(g->param, y, g->n, a, slope, r2);
    }
    tock_rep_plot p;
    char label[256], xl[96], yl[64];
    /* parameters over more than a decade: log x (Criterion's rule), and log
     * y too when the times also span more than 10x */
    int logx = pmin > 0.0 && pmax > 10.0 * pmin;
    double ymin = HUGE_VAL;
    for (size_t i = 0; i < g->n; i++) {
        const tock_rep_bench *b = &run->b[g->idx[i]];
        double l = isfinite(b->typical.lower) ? b->typical.lower : b->typical.point;
        if (l < ymin) ymin = l;
        if (isfinite(b->published_ns) && b->published_ns < ymin) ymin = b->published_ns;
    }
    int logy = logx && ymin > 0.0 && ymax > 10.0 * ymin;
    snprintf(label, sizeof label, "%s%s%s: time against %s%s", g->group, g->name ? "/" : "",
             g->name ? g->name : "", pl,
             logy   ? " (log-log axes)"
             : logx ? " (log parameter axis)"
                    : "");
    tock_rep_svg_begin(&p, out, id, label, 2 * FIG_W, FIG_H + 20);
    p.logx = logx;
    p.logy = logy;
    if (logx)
        tock_rep_log_ticks(pmin / 1.15, pmax * 1.15, &p.xt);
    else
        tock_rep_nice_ticks(pmin >= 0.0 ? 0.0 : pmin, pmax, 10, &p.xt);
    double xhi = logx ? pow(10.0, p.xt.hi) : p.xt.hi;
    double fit_hi = *a + *slope * xhi;
    if (isfinite(fit_hi) && fit_hi > ymax) ymax = fit_hi;
    double div;
    const char *unit = tock_rep_time_unit(ymax, &div);
    if (logy)
        tock_rep_log_ticks(ymin / div / 1.3, ymax / div * 1.3, &p.yt);
    else
        tock_rep_nice_ticks(0.0, ymax / div, 6, &p.yt);
    char fl[160], sv[40], av[40], bl[96];
    tock__fmt_time(sv, sizeof sv, *slope, 1);
    tock__fmt_time(av, sizeof av, *a, 1);
    char il[64];
    double cl = isfinite(run->confidence) ? run->confidence : 0.95;
    snprintf(il, sizeof il, "typical time, %.0f%% interval", 100.0 * cl);
    /* the band: the slope's interval around the fitted intercept */
    int band = fit && isfinite(fit->slope.lower) && isfinite(fit->slope.upper) && isfinite(*a);
    const char *cls[4] = {"pt", "fit"}, *txt[4] = {il, fl};
    int nleg = 2;
    if (fit) {
        const char *per = *fit->parameter_unit ? fit->parameter_unit : pl;
        snprintf(fl, sizeof fl, "the run's fit: %s + %s per %s", av, sv, per);
        snprintf(bl, sizeof bl, "slope's %.0f%% interval (at the fitted intercept)", 100.0 * cl);
        if (band) cls[nleg] = "band", txt[nleg++] = bl;
    } else {
        snprintf(fl, sizeof fl, "least squares: %s + %s per %s", av, sv, pl);
    }
    if (have_pub) cls[nleg] = "pt-pub", txt[nleg++] = "published figure";
    tock_rep_svg_legend(&p, cls, txt, nleg);
    if (fit && *fit->parameter_unit)
        snprintf(xl, sizeof xl, "%s [%s]%s", pl, fit->parameter_unit, logx ? " (log scale)" : "");
    else
        snprintf(xl, sizeof xl, "%s%s", pl, logx ? " (log scale)" : "");
    snprintf(yl, sizeof yl, "typical time (%s)%s", unit, logy ? ", log scale" : "");
    tock_rep_svg_axes(&p, xl, yl);
    if (isfinite(*slope) && isfinite(*a)) {
        /* a straight line is a curve on log axes: drawn through FIT_STEPS
         * points (log y leaves out the part at or below zero) */
        enum { FIT_STEPS = 64 };
        double fx[FIT_STEPS], fy[FIT_STEPS], lo[FIT_STEPS], hi[FIT_STEPS];
        size_t nf = 0, nb = 0;
        int steps = logx || logy ? FIT_STEPS : 2;
        for (int k = 0; k < steps; k++) {
            double u = p.xt.lo + (p.xt.hi - p.xt.lo) * k / (steps - 1);
            double v = logx ? pow(10.0, u) : u;
            double fv = (*a + *slope * v) / div;
            if (logy && !(fv > 0.0)) continue;
            fx[nf] = u;
            fy[nf] = logy ? log10(fv) : fv;
            if (band) {
                double l = (*a + fit->slope.lower * v) / div, h = (*a + fit->slope.upper * v) / div;
                if (logy) {
                    l = l > 0.0 ? log10(l) : p.yt.lo;
                    h = h > 0.0 ? log10(h) : p.yt.lo;
                }
                lo[nf] = l;
                hi[nf] = h;
                nb++;
            }
            nf++;
        }
        tock__buf_printf(out,
                         "<clipPath id=\"%s-clip\"><rect x=\"%.1f\" y=\"%.1f\" "
                         "width=\"%.1f\" height=\"%.1f\"/></clipPath>"
                         "<g clip-path=\"url(#%s-clip)\">",
                         id, p.ml, p.mt, p.w - p.ml - p.mr, p.h - p.mt - p.mb, id);
        if (band && nb >= 2) tock_rep_svg_area(&p, fx, lo, hi, nb, "band");
        tock_rep_svg_polyline(&p, fx, fy, nf, "fit");
        tock__buf_puts(out, "</g>\n");
    }
    /* data coordinates: log10 of the value on a log axis */
#define GX(v) (logx ? log10(v) : (v))
#define GY(v) (logy ? log10((v) / div) : (v) / div)
    for (size_t i = 0; i < g->n; i++) {
        const tock_rep_bench *b = &run->b[g->idx[i]];
        if (isfinite(b->typical.lower) && isfinite(b->typical.upper) &&
            (!logy || b->typical.lower > 0.0))
            tock_rep_svg_errbar(&p, GX(g->param[i]), GY(b->typical.lower), GY(b->typical.upper),
                                "errbar");
        if (isfinite(b->published_ns))
            tock_rep_svg_point(&p, GX(g->param[i]), GY(b->published_ns), 4.0, "pt-pub");
        tock_rep_svg_point(&p, GX(g->param[i]), GY(b->typical.point), 3.5, "pt");
    }
#undef GX
#undef GY
    tock__buf_puts(out, "\n");
    tock_rep_svg_end(&p);
    free(y);
}
