/* sweep_fig.c - a sweep's two figures, drawn with svg.c in the report's
 * palette. The time figure puts every point of the grid along x (labelled
 * by its run_id, in the files' order) with one dot per routine at its mean
 * time and a bar of one standard deviation over the repeats; the y axis is
 * logarithmic when the times span more than LOG_SPAN. The heat map shows the
 * first routine's mean time over the first two axes, each cell the mean of
 * the points sharing its two values (the remaining axes averaged out), with
 * its value written in it and a colour scale beside it. It must never draw
 * anything but the rows the run wrote; the heat map's averages are the one
 * computation, and the section's caption says so.
 */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TIME_W 1200.0
#define TIME_H 400.0
#define LOG_SPAN 30.0
#define CHAR_W 6.6 /* a 12 px label character, on average */

static const char *const routine_class[4] = {"pt sw0", "pt sw1", "pt sw2", "pt sw3"};
static const char *const errbar_class[4] = {"errbar sw0", "errbar sw1", "errbar sw2", "errbar sw3"};

/* "500 ns", "2 µs": a log axis label in the unit that suits the value */
static void short_time(char *out, size_t cap, double ns) {
    double div;
    const char *unit = tock_rep_time_unit(ns, &div);
    snprintf(out, cap, "%g %s", ns / div, unit);
}

/* grid lines, tick marks and labels at 1, 2 and 5 (or only 1 beyond three
 * decades) times each power of ten in [yt.lo, yt.hi] (log10 ns) */
static void log_axis(tock_rep_plot *p) {
    static const double mult[3] = {1.0, 2.0, 5.0};
    int every = p->yt.hi - p->yt.lo <= 3.0 ? 3 : 1;
    double x0 = p->ml, x1 = p->w - p->mr;
    tock__buf *b = p->b;
    for (int pass = 0; pass < 3; pass++) {
        tock__buf_puts(b, pass == 0   ? "<g class=\"grid\">"
                          : pass == 1 ? "<g class=\"axis\">"
                                      : "<g class=\"ticks\">");
        for (double d = p->yt.lo; d < p->yt.hi + 0.5; d += 1.0)
            for (int m = 0; m < every; m++) {
                double v = d + log10(mult[m]);
                if (v > p->yt.hi + 1e-9) break;
                double y = tock_rep_svg_y(p, v);
                char t[40];
                if (pass == 0)
                    tock_rep_svg_line(b, x0, y, x1, y);
                else if (pass == 1)
                    tock_rep_svg_line(b, x0 - 5, y, x0, y);
                else {
                    short_time(t, sizeof t, pow(10.0, v));
                    tock__buf_printf(b,
                                     "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
                                     "dominant-baseline=\"middle\">%s</text>",
                                     x0 - 8, y, t);
                }
            }
        tock__buf_puts(b, "</g>\n");
    }
}

int tock_rep_fig_sweep_times(tock__buf *out, const tock_rep_sweep *s, const char *id) {
    size_t n = s->npoints, nr = s->nroutines;
    double lo = HUGE_VAL, hi = 0.0, top = 0.0;
    for (size_t i = 0; i < n * nr; i++) {
        double m = s->t_mean[i], sd = isfinite(s->t_std[i]) ? s->t_std[i] : 0.0;
        if (!(m > 0.0) || !isfinite(m)) continue;
        lo = fmin(lo, m);
        hi = fmax(hi, m);
        top = fmax(top, m + sd);
    }
    char label[300];
    snprintf(label, sizeof label, "sweep %s: mean time per call at each point", s->name);
    if (!(hi > 0.0)) {
        tock_rep_fig_note(out, id, "no point of this sweep has a measured time", TIME_W);
        return 0;
    }
    int logy = hi / lo > LOG_SPAN;
    /* x labels: horizontal when they fit, else at 45 degrees, every k-th
     * one when even those would overlap */
    size_t maxlen = 1;
    for (size_t i = 0; i < n; i++)
        maxlen = strlen(s->run_id[i]) > maxlen ? strlen(s->run_id[i]) : maxlen;
    double lw = CHAR_W * (double)maxlen + 6.0, plot_w = TIME_W - 64.0 - 16.0;
    double spacing = plot_w / (double)n;
    int rotate = lw > spacing;
    size_t every = rotate && spacing < 15.0 ? (size_t)ceil(15.0 / spacing) : 1;
    double extra = rotate ? lw * 0.71 : 0.0;
    tock_rep_plot p;
    tock_rep_svg_begin(&p, out, id, label, TIME_W, TIME_H + extra);
    p.mb += extra;
    if (logy) p.ml += 12; /* "500 ns" labels are wider than numbers */
    p.xt.lo = -0.5;
    p.xt.hi = (double)n - 0.5;
    p.xt.n = 0;
    double div = 1.0;
    const char *unit = "ns";
    if (logy) {
        p.yt.lo = floor(log10(lo));
        p.yt.hi = ceil(log10(top));
        if (p.yt.hi <= p.yt.lo) p.yt.hi = p.yt.lo + 1.0;
        p.yt.n = 0; /* log_axis draws them */
    } else {
        unit = tock_rep_time_unit(top, &div);
        tock_rep_nice_ticks(0.0, top / div, 6, &p.yt);
    }
    char txt[4][160];
    const char *cls[4], *legend[4];
    int nl = nr < 4 ? (int)nr : 4;
    for (int k = 0; k < nl; k++) {
        int any_sd = 0;
        for (size_t i = 0; i < n; i++) any_sd |= isfinite(s->t_std[i * nr + (size_t)k]);
        snprintf(txt[k], sizeof txt[k],
                 any_sd ? "%s: mean \xc2\xb1 std over the repeats"
                        : "%s: mean (no std: one repeat)",
                 s->routine[k]);
        cls[k] = routine_class[k];
        legend[k] = txt[k];
    }
    tock_rep_svg_legend(&p, cls, legend, nl);
    char yl[96], xl[300];
    if (logy)
        snprintf(yl, sizeof yl, "mean time per call (log scale)");
    else
        snprintf(yl, sizeof yl, "mean time per call (%s)", unit);
    tock__buf axes = {0};
    for (size_t a = 0; a < s->naxes; a++)
        tock__buf_printf(&axes, "%s%s", a ? ", " : "", s->axis[a]);
    snprintf(xl, sizeof xl, "grid point (run_id: %s)", axes.p ? axes.p : "");
    tock__buf_free(&axes);
    tock_rep_svg_axes(&p, xl, yl);
    if (logy) log_axis(&p);

    /* category ticks and labels */
    double y0 = p.h - p.mb;
    tock__buf_puts(out, "<g class=\"axis\">");
    for (size_t i = 0; i < n; i += every) {
        double x = tock_rep_svg_x(&p, (double)i);
        tock_rep_svg_line(out, x, y0, x, y0 + 5);
    }
    tock__buf_puts(out, "</g>\n<g class=\"ticks\">");
    for (size_t i = 0; i < n; i += every) {
        double x = tock_rep_svg_x(&p, (double)i);
        if (rotate)
            tock__buf_printf(out,
                             "<text transform=\"translate(%.1f %.1f) rotate(-45)\" "
                             "text-anchor=\"end\">",
                             x + 4, y0 + 14);
        else
            tock__buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x,
                             y0 + 18);
        tock_rep_put_html(out, s->run_id[i]);
        tock__buf_puts(out, "</text>");
    }
    tock__buf_puts(out, "</g>\n");

    /* routines side by side within a point */
    double off = fmin(0.2, 0.6 / (double)nr);
    double floor_v = p.yt.lo; /* error bars stop at the bottom of the frame */
    for (size_t k = 0; k < nr; k++) {
        double dx = ((double)k - 0.5 * (double)(nr - 1)) * off;
        tock__buf_puts(out, "<g class=\"routine\" data-routine=\"");
        tock_rep_put_html(out, s->routine[k]);
        tock__buf_puts(out, "\">");
        for (size_t i = 0; i < n; i++) {
            double m = s->t_mean[i * nr + k], sd = s->t_std[i * nr + k];
            if (!(m > 0.0) || !isfinite(m)) continue;
            double y = logy ? log10(m) : m / div;
            if (isfinite(sd) && sd > 0.0) {
                double a =
                    logy ? (m - sd > 0.0 ? log10(m - sd) : floor_v) : fmax(0.0, m - sd) / div;
                double c = logy ? log10(m + sd) : (m + sd) / div;
                tock_rep_svg_errbar(&p, (double)i + dx, fmax(a, floor_v), c, errbar_class[k % 4]);
            }
            tock_rep_svg_point(&p, (double)i + dx, y, 4.0, routine_class[k % 4]);
        }
        tock__buf_puts(out, "</g>\n");
    }
    tock_rep_svg_end(&p);
    return logy;
}

/* ---- heat map ---- */

/* light to dark blue, piecewise linear through four stops */
static void colour(double t, int rgb[3]) {
    static const int stop[4][3] = {{241, 246, 252}, {158, 202, 225}, {66, 146, 198}, {8, 81, 156}};
    if (!(t > 0.0)) t = 0.0;
    if (t > 1.0) t = 1.0;
    double x = t * 3.0;
    int i = x >= 3.0 ? 2 : (int)x;
    double f = x - (double)i;
    for (int c = 0; c < 3; c++) rgb[c] = (int)lround((1.0 - f) * stop[i][c] + f * stop[i + 1][c]);
}

typedef struct heat {
    int64_t *rv, *cv; /* row (axis 0) and column (axis 1) values */
    size_t nr, nc;
    double *sum; /* [nr * nc] */
    size_t *cnt;
} heat;

static size_t find(const int64_t *v, size_t n, int64_t x) {
    size_t i = 0;
    while (i < n && v[i] != x) i++;
    return i;
}

static int heat_cells(const tock_rep_sweep *s, heat *h) {
    memset(h, 0, sizeof *h);
    size_t n = s->npoints;
    h->rv = (int64_t *)malloc(n * sizeof *h->rv);
    h->cv = (int64_t *)malloc(n * sizeof *h->cv);
    if (!h->rv || !h->cv) return TOCK_REP_ENOMEM;
    h->nr = tock_rep_sweep_levels(s, 0, h->rv);
    h->nc = tock_rep_sweep_levels(s, 1, h->cv);
    h->sum = (double *)calloc(h->nr * h->nc, sizeof *h->sum);
    h->cnt = (size_t *)calloc(h->nr * h->nc, sizeof *h->cnt);
    if (!h->sum || !h->cnt) return TOCK_REP_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        double m = s->t_mean[i * s->nroutines];
        if (!isfinite(m)) continue;
        size_t r = find(h->rv, h->nr, s->ax[i * s->naxes]);
        size_t c = find(h->cv, h->nc, s->ax[i * s->naxes + 1]);
        h->sum[r * h->nc + c] += m;
        h->cnt[r * h->nc + c]++;
    }
    return 0;
}

static void heat_free(heat *h) {
    free(h->rv);
    free(h->cv);
    free(h->sum);
    free(h->cnt);
}

/* a tick and its value (with the decimals step needs; step 0, for the
 * ends: three significant digits) beside the colour bar, whose right edge
 * is at x */
static void scale_label(tock__buf *out, double x, double y, double v, double step) {
    char t[48];
    if (step > 0.0)
        tock_rep_fmt_tick(t, sizeof t, v, step);
    else
        snprintf(t, sizeof t, "%.3g", v);
    tock__buf_printf(out,
                     "<line class=\"tick\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                     "<text x=\"%.1f\" y=\"%.1f\" dominant-baseline=\"middle\">%s</text>",
                     x, y, x + 4, y, x + 7, y, t);
}

int tock_rep_fig_sweep_heat(tock__buf *out, const tock_rep_sweep *s, const char *id, double *width,
                            size_t per_cell[2]) {
    *width = 0.0;
    per_cell[0] = SIZE_MAX;
    per_cell[1] = 0;
    if (s->naxes < 2 || s->npoints == 0 || s->nroutines == 0) return TOCK_REP_EUNAVAILABLE;
    heat h;
    int rc = heat_cells(s, &h);
    if (rc) {
        heat_free(&h);
        out->err = rc;
        return rc;
    }
    double vmin = HUGE_VAL, vmax = -HUGE_VAL;
    for (size_t i = 0; i < h.nr * h.nc; i++) {
        if (!h.cnt[i]) continue;
        double v = h.sum[i] / (double)h.cnt[i];
        vmin = fmin(vmin, v);
        vmax = fmax(vmax, v);
        if (h.cnt[i] < per_cell[0]) per_cell[0] = h.cnt[i];
        if (h.cnt[i] > per_cell[1]) per_cell[1] = h.cnt[i];
    }
    if (!(vmax >= vmin)) {
        heat_free(&h);
        return TOCK_REP_EUNAVAILABLE;
    }
    /* cells wide enough for "123.45 µs", the colour bar on the right */
    double cw = fmin(130.0, fmax(76.0, 760.0 / (double)h.nc)), ch = h.nr > 12 ? 26.0 : 38.0;
    double ml = 76.0, mt = 30.0, mb = 50.0, bar_gap = 26.0, bar_w = 16.0, mr = 86.0;
    double gw = cw * (double)h.nc, gh = ch * (double)h.nr;
    double W = ml + gw + bar_gap + bar_w + mr, H = mt + gh + mb;
    tock_rep_plot p;
    char label[300];
    snprintf(label, sizeof label, "sweep %s: mean time of %s over %s and %s", s->name,
             s->routine[0], s->axis[0], s->axis[1]);
    tock_rep_svg_begin(&p, out, id, label, W, H);
    double div;
    const char *unit = tock_rep_time_unit(vmax, &div);

    tock__buf_puts(out, "<g class=\"heat\">");
    for (size_t r = 0; r < h.nr; r++)
        for (size_t c = 0; c < h.nc; c++) {
            size_t i = r * h.nc + c;
            double x = ml + cw * (double)c, y = mt + ch * (double)r;
            char v[40];
            int rgb[3] = {236, 239, 243};
            double val = h.cnt[i] ? h.sum[i] / (double)h.cnt[i] : NAN;
            double t = vmax > vmin ? (val - vmin) / (vmax - vmin) : 0.5;
            if (h.cnt[i]) colour(t, rgb);
            tock__fmt_time(v, sizeof v, val, 1);
            tock__buf_printf(out,
                             "<rect class=\"cell\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                             "height=\"%.1f\" fill=\"rgb(%d,%d,%d)\"><title>",
                             x, y, cw, ch, rgb[0], rgb[1], rgb[2]);
            tock_rep_put_html(out, s->axis[0]);
            tock__buf_printf(out, "=%lld, ", (long long)h.rv[r]);
            tock_rep_put_html(out, s->axis[1]);
            tock__buf_printf(out, "=%lld: %s (mean of %zu point%s)</title></rect>",
                             (long long)h.cv[c], h.cnt[i] ? v : "not measured", h.cnt[i],
                             h.cnt[i] == 1 ? "" : "s");
            tock__buf_printf(out,
                             "<text class=\"cell-value%s\" x=\"%.1f\" y=\"%.1f\" "
                             "text-anchor=\"middle\" dominant-baseline=\"middle\">%s</text>\n",
                             h.cnt[i] && t > 0.55 ? " dark" : "", x + cw / 2, y + ch / 2,
                             h.cnt[i] ? v : "\xe2\x80\x93");
        }
    tock__buf_puts(out, "</g>\n<g class=\"ticks\">");
    for (size_t r = 0; r < h.nr; r++)
        tock__buf_printf(out,
                         "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
                         "dominant-baseline=\"middle\">%lld</text>",
                         ml - 8, mt + ch * ((double)r + 0.5), (long long)h.rv[r]);
    for (size_t c = 0; c < h.nc; c++)
        tock__buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%lld</text>",
                         ml + cw * ((double)c + 0.5), mt + gh + 18, (long long)h.cv[c]);
    tock__buf_puts(out, "</g>\n<g class=\"label\">");
    tock__buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", ml + gw / 2,
                     H - 8);
    tock_rep_put_html(out, s->axis[1]);
    tock__buf_printf(out,
                     "</text><text transform=\"translate(20 %.1f) rotate(-90)\" "
                     "text-anchor=\"middle\">",
                     mt + gh / 2);
    tock_rep_put_html(out, s->axis[0]);
    tock__buf_puts(out, "</text></g>\n");

    /* the colour scale: slow at the top */
    double bx = ml + gw + bar_gap;
    const int steps = 32;
    tock__buf_puts(out, "<g class=\"scale\">");
    for (int k = 0; k < steps; k++) {
        int rgb[3];
        colour(1.0 - ((double)k + 0.5) / steps, rgb);
        tock__buf_printf(out,
                         "<rect x=\"%.1f\" y=\"%.2f\" width=\"%.1f\" height=\"%.2f\" "
                         "fill=\"rgb(%d,%d,%d)\"/>",
                         bx, mt + gh * k / steps, bar_w, gh / steps + 0.3, rgb[0], rgb[1], rgb[2]);
    }
    tock__buf_printf(out,
                     "<rect class=\"frame\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                     "height=\"%.1f\"/></g>\n<g class=\"ticks\">",
                     bx, mt, bar_w, gh);
    tock__buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
                     bx + bar_w / 2, mt - 10, unit);
    /* labels at both ends of the bar, and round values between them where
     * they keep clear of the ends */
    tock_rep_ticks t;
    memset(&t, 0, sizeof t);
    if (vmax > vmin) tock_rep_nice_ticks(vmin / div, vmax / div, gh >= 150.0 ? 5 : 3, &t);
    scale_label(out, bx + bar_w, vmax > vmin ? mt + gh : mt + gh / 2, vmin / div, 0.0);
    if (vmax > vmin) scale_label(out, bx + bar_w, mt, vmax / div, 0.0);
    for (int k = 0; k < t.n; k++) {
        double y = mt + gh * (1.0 - (t.v[k] * div - vmin) / (vmax - vmin));
        if (y < mt + 14.0 || y > mt + gh - 14.0) continue;
        scale_label(out, bx + bar_w, y, t.v[k], t.step);
    }
    tock__buf_puts(out, "</g>\n");
    tock_rep_svg_end(&p);
    heat_free(&h);
    *width = W;
    return 0;
}
