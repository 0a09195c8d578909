/* sweep.c - a sweep's section of REPORT.html: what the grid is (its axes and
 * their values, repeats, routines, constant columns) and how many benchmark
 * records of summary.json it stands for, the fastest and slowest point of
 * the first routine with their ratio, the time figure, the heat map (or why
 * there is none), and a compact table of the points: axes, time per routine
 * as mean +- std, peak heap, metrics. It must never show a number the
 * sweep files do not hold (the heat map's averages are labelled as such).
 */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "12.345 ± 0.210 µs": the deviation in the mean's unit and decimals */
static void time_pm(tock__buf *b, double mean, double sd) {
    if (!isfinite(mean)) {
        tock__buf_puts(b, "n/a");
        return;
    }
    double div;
    const char *unit = tock_rep_time_unit(mean, &div);
    double a = fabs(mean / div);
    int dec = a < 10.0 ? 4 : a < 100.0 ? 3 : a < 1000.0 ? 2 : 1;
    tock__buf_printf(b, "%.*f", dec, mean / div);
    if (isfinite(sd)) tock__buf_printf(b, " &plusmn; %.*f", dec, sd / div);
    tock__buf_printf(b, " %s", unit);
}

static void bytes(tock__buf *b, double v) {
    static const char *const unit[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    if (!isfinite(v)) {
        tock__buf_puts(b, "n/a");
        return;
    }
    int k = 0;
    while (v >= 1024.0 && k < 4) {
        v /= 1024.0;
        k++;
    }
    if (k == 0)
        tock__buf_printf(b, "%.0f B", v);
    else
        tock__buf_printf(b, "%.*f %s", v < 10.0 ? 3 : v < 100.0 ? 2 : 1, v, unit[k]);
}

static void intro(tock__buf *b, const tock_rep_run *run, const tock_rep_sweep *s) {
    tock__buf_printf(b, "<p class=\"sub\">%zu point%s", s->npoints, s->npoints == 1 ? "" : "s");
    int64_t *lv = (int64_t *)malloc((s->npoints ? s->npoints : 1) * sizeof *lv);
    if (!lv) {
        b->err = TOCK_REP_ENOMEM;
        return;
    }
    for (size_t a = 0; a < s->naxes; a++) {
        size_t n = tock_rep_sweep_levels(s, a, lv);
        tock__buf_puts(b, a ? " &times; " : " over ");
        tock_rep_put_html(b, s->axis[a]);
        tock__buf_puts(b, " {");
        for (size_t i = 0; i < n; i++)
            tock__buf_printf(b, "%s%lld", i ? ", " : "", (long long)lv[i]);
        tock__buf_puts(b, "}");
    }
    free(lv);
    uint64_t rmin = UINT64_MAX, rmax = 0;
    for (size_t i = 0; i < s->npoints; i++) {
        rmin = s->repeats[i] < rmin ? s->repeats[i] : rmin;
        rmax = s->repeats[i] > rmax ? s->repeats[i] : rmax;
    }
    if (s->npoints && rmin == rmax)
        tock__buf_printf(b, ", %llu repeat%s each", (unsigned long long)rmax, rmax == 1 ? "" : "s");
    else if (s->npoints)
        tock__buf_printf(b, ", %llu to %llu repeats", (unsigned long long)rmin,
                         (unsigned long long)rmax);
    tock__buf_puts(b, "; routine");
    tock__buf_puts(b, s->nroutines == 1 ? " " : "s ");
    for (size_t k = 0; k < s->nroutines; k++) {
        tock__buf_puts(b, k ? ", <code>" : "<code>");
        tock_rep_put_html(b, s->routine[k]);
        tock__buf_puts(b, "</code>");
    }
    tock__buf_puts(b, ".");
    for (size_t c = 0; c < s->nconst; c++) {
        tock__buf_puts(b, c ? ", <code>" : " Constant columns: <code>");
        tock_rep_put_html(b, s->cname[c]);
        tock__buf_puts(b, " = ");
        tock_rep_put_html(b, s->cvalue[c] ? s->cvalue[c] : "n/a");
        tock__buf_puts(b, "</code>");
    }
    if (s->nconst) tock__buf_puts(b, ".");
    tock__buf_puts(b, "</p>\n<p class=\"muted\">");
    tock__buf_printf(b,
                     "This section covers the <strong>%zu benchmark record%s</strong> of "
                     "summary.json whose <code>sweep</code> is <code>",
                     s->nrecords, s->nrecords == 1 ? "" : "s");
    tock_rep_put_html(b, s->name);
    tock__buf_puts(b, "</code>: they are left out of the summary table and the per-benchmark "
                      "figures (their samples stay in samples/, and every export keeps them). "
                      "Time = the mean over a point's repeats of each repeat's typical time, "
                      "&plusmn; their sample standard deviation, as the run wrote them to "
                      "<code>sweeps/");
    tock_rep_put_html(b, s->name);
    tock__buf_puts(b, ".csv</code> and <code>.jsonl</code>.");
    if (run->interrupted)
        tock__buf_puts(b, " <strong>The run was interrupted:</strong> these are the points "
                          "measured before it stopped.");
    tock__buf_puts(b, "</p>\n");
}

static void extremes(tock__buf *b, const tock_rep_sweep *s) {
    size_t f = tock_rep_sweep_extreme(s, -1), w = tock_rep_sweep_extreme(s, 1);
    if (f == SIZE_MAX) return;
    char tf[40], tw[40];
    double a = s->t_mean[f * s->nroutines], c = s->t_mean[w * s->nroutines];
    tock__fmt_time(tf, sizeof tf, a, 1);
    tock__fmt_time(tw, sizeof tw, c, 1);
    tock__buf_puts(b, "<p class=\"stats\">First routine, <code>");
    tock_rep_put_html(b, s->routine[0]);
    tock__buf_puts(b, "</code>: fastest <span class=\"id\">");
    tock_rep_put_html(b, s->run_id[f]);
    tock__buf_printf(b, "</span> <strong>%s</strong>, slowest <span class=\"id\">", tf);
    tock_rep_put_html(b, s->run_id[w]);
    tock__buf_printf(b, "</span> <strong>%s</strong>", tw);
    if (a > 0.0) tock__buf_printf(b, ": slowest / fastest = <strong>%.2f&times;</strong>", c / a);
    tock__buf_puts(b, ".</p>\n");
}

static void figures(tock__buf *b, const tock_rep_sweep *s, size_t k) {
    char id[48];
    snprintf(id, sizeof id, "fig-sweep%zu-time", k);
    int logy = tock_rep_fig_sweep_times(b, s, id);
    tock__buf_puts(b, "<p class=\"caption\">Mean time per call of each routine at each point "
                      "(dots), &plusmn; one standard deviation over the repeats (bars; none where "
                      "a point has one repeat). Points in the files' order: the first axis varies "
                      "slowest.");
    if (logy) tock__buf_puts(b, " Logarithmic time axis: the times span more than 30&times;.");
    tock__buf_puts(b, "</p>\n");
    if (s->naxes < 2) {
        tock__buf_puts(b, "<p class=\"caption\">One axis: no heat map (it needs two); the figure "
                          "above shows the whole sweep.</p>\n");
        return;
    }
    tock__buf h = {0};
    double width;
    size_t per_cell[2];
    snprintf(id, sizeof id, "fig-sweep%zu-heat", k);
    if (tock_rep_fig_sweep_heat(&h, s, id, &width, per_cell) != 0) {
        if (h.err) b->err = h.err;
        tock__buf_free(&h);
        tock__buf_puts(b, "<p class=\"caption\">No heat map: no point has a measured time for "
                          "<code>");
        tock_rep_put_html(b, s->routine[0]);
        tock__buf_puts(b, "</code>.</p>\n");
        return;
    }
    tock__buf_printf(b, "<div class=\"heatmap\" style=\"max-width:%.0fpx\">", width);
    tock__buf_put(b, h.p, h.len);
    tock__buf_free(&h);
    tock__buf_puts(b, "</div>\n<p class=\"caption\">Heat map of <code>");
    tock_rep_put_html(b, s->routine[0]);
    tock__buf_puts(b, "</code>'s mean time per call over ");
    tock_rep_put_html(b, s->axis[0]);
    tock__buf_puts(b, " (rows) and ");
    tock_rep_put_html(b, s->axis[1]);
    tock__buf_puts(b, " (columns); light is fast, dark is slow.");
    if (s->naxes > 2) {
        tock__buf_puts(b, " <strong>Each cell is averaged over the remaining axes (");
        for (size_t a = 2; a < s->naxes; a++) {
            if (a > 2) tock__buf_puts(b, ", ");
            tock_rep_put_html(b, s->axis[a]);
        }
        tock__buf_puts(b, ")</strong>: it is the mean of the points that share its two values (");
        if (per_cell[0] < per_cell[1]) tock__buf_printf(b, "%zu to ", per_cell[0]);
        tock__buf_printf(b,
                         "%zu per cell), computed here from the sweep's rows, not stored by "
                         "the run.",
                         per_cell[1]);
    } else {
        tock__buf_puts(b, " Each cell is one point.");
    }
    tock__buf_puts(b, "</p>\n");
}

/* a right-aligned header cell: the name, then an optional muted note */
static void th_num(tock__buf *b, const char *name, const char *note) {
    tock__buf_puts(b, "<th class=\"num\">");
    tock_rep_put_html(b, name);
    if (note) {
        tock__buf_puts(b, " <span class=\"muted\">");
        tock__buf_puts(b, note);
        tock__buf_puts(b, "</span>");
    }
    tock__buf_puts(b, "</th>");
}

static void table(tock__buf *b, const tock_rep_sweep *s) {
    size_t f = tock_rep_sweep_extreme(s, -1), w = tock_rep_sweep_extreme(s, 1);
    int have_mem = 0;
    for (size_t i = 0; i < s->npoints; i++) have_mem |= isfinite(s->mem[i]);
    tock__buf_puts(b, "<div class=\"scroll\" style=\"margin-top:12px\"><table class=\"sum\">"
                      "<thead><tr><th>run_id</th>");
    for (size_t a = 0; a < s->naxes; a++) th_num(b, s->axis[a], NULL);
    for (size_t k = 0; k < s->nroutines; k++) th_num(b, s->routine[k], "mean &plusmn; std");
    tock__buf_puts(b, "<th class=\"num\" title=\"max over repeats and routines of the set-up's "
                      "heap plus the routine's peak heap growth\">peak heap</th>");
    for (size_t m = 0; m < s->nmetrics; m++) th_num(b, s->metric[m], NULL);
    tock__buf_puts(b, "<th class=\"num\">repeats</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < s->npoints; i++) {
        tock__buf_puts(b, "<tr><td><span class=\"id\">");
        tock_rep_put_html(b, s->run_id[i]);
        tock__buf_puts(b, "</span>");
        if (i == f) tock__buf_puts(b, "<span class=\"tag\">fastest</span>");
        if (i == w && w != f) tock__buf_puts(b, "<span class=\"tag\">slowest</span>");
        tock__buf_puts(b, "</td>");
        for (size_t a = 0; a < s->naxes; a++)
            tock__buf_printf(b, "<td class=\"num\">%lld</td>", (long long)s->ax[i * s->naxes + a]);
        for (size_t k = 0; k < s->nroutines; k++) {
            tock__buf_puts(b, "<td class=\"num\">");
            time_pm(b, s->t_mean[i * s->nroutines + k], s->t_std[i * s->nroutines + k]);
            tock__buf_puts(b, "</td>");
        }
        tock__buf_puts(b, "<td class=\"num\">");
        if (have_mem)
            bytes(b, s->mem[i]);
        else
            tock__buf_puts(b, "<span class=\"muted\">not recorded</span>");
        tock__buf_puts(b, "</td>");
        for (size_t m = 0; m < s->nmetrics; m++) {
            double mv = s->m_mean[i * s->nmetrics + m], sv = s->m_std[i * s->nmetrics + m];
            tock__buf_puts(b, "<td class=\"num\">");
            if (isfinite(mv))
                tock__buf_printf(b, "%.6g", mv);
            else
                tock__buf_puts(b, "n/a");
            if (s->metric_std[m] && isfinite(sv)) tock__buf_printf(b, " &plusmn; %.3g", sv);
            tock__buf_puts(b, "</td>");
        }
        tock__buf_printf(b, "<td class=\"num\">%llu</td></tr>\n",
                         (unsigned long long)s->repeats[i]);
    }
    tock__buf_puts(b, "</tbody></table></div>\n");
    if (!have_mem)
        tock__buf_puts(b, "<p class=\"caption\">Peak heap not recorded: the run was built "
                          "without heap accounting (TOCK_COUNT_ALLOCATIONS).</p>\n");
}

void tock_rep_html_sweep(tock__buf *b, const tock_rep_run *run, size_t k) {
    const tock_rep_sweep *s = &run->sw[k];
    if (!s->loaded) return;
    tock__buf_puts(b, "<section id=\"sweep-");
    tock_rep_put_html(b, s->name);
    tock__buf_puts(b, "\" class=\"sweep\"><h2>Sweep <code>");
    tock_rep_put_html(b, s->name);
    tock__buf_puts(b, "</code></h2>\n");
    if (s->npoints == 0) {
        tock__buf_puts(b, "<p>No point of this sweep was measured: <code>sweeps/");
        tock_rep_put_html(b, s->name);
        tock__buf_puts(b, ".csv</code> holds its header only.</p></section>\n");
        return;
    }
    intro(b, run, s);
    extremes(b, s);
    figures(b, s, k);
    table(b, s);
    tock__buf_puts(b, "</section>\n");
}
