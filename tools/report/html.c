/* html.c - composes REPORT.html: a banner when the run is incomplete, the
 * summary (one line per scaling fit of the run, then the table), one figure
 * per parameterised group with the run's own fit (summary.json "fits"; a
 * line fitted here, labelled so, for runs without one) and the crossovers,
 * a section per sweep (sweep.c; its point benchmarks are left out of the
 * table and the per-benchmark figures), two figures per other benchmark,
 * and the provenance block, inside the page shell (assets/shell.html, its
 * @MARKERS@ filled in here). The page is one file: CSS (assets/report.css)
 * and SVG inline, and one small inline script (assets/report.js) that only
 * checks the page itself (every SVG has a non-empty box, no script error)
 * and writes the result into a hidden element for the browser test; the
 * assets are compiled in (embed.cmake). It must never load anything from
 * the network or another file, and never show a number the run did not
 * store (a line fitted here is labelled as such).
 */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the page shell up to marker, written; *at moves past the marker (which
 * embed.cmake checked: each once, in order) */
static void shell_to(tock__buf *b, const char **at, const char *marker) {
    const char *m = strstr(*at, marker);
    if (!m) { /* not reached: the build checks the markers */
        if (!b->err) b->err = TOCK_REP_EIO;
        return;
    }
    tock__buf_put(b, *at, (size_t)(m - *at));
    *at = m + strlen(marker);
}

static void bench_name(tock__buf *b, const tock_rep_bench *x) {
    tock__buf_puts(b, "<span class=\"id\">");
    tock_rep_put_html(b, x->id);
    tock__buf_puts(b, "</span>");
}

static void machine_line(tock__buf *b, const tock_rep_run *run) {
    const tock_rep_prov *p = &run->prov;
    const char *isa = tock_rep_isa(run);
    tock__buf_puts(b, "<p class=\"sub\">");
    tock_rep_put_html(b, p->cpu_model);
    if (p->logical_cpus > 0) tock__buf_printf(b, " (%ld logical CPUs)", p->logical_cpus);
    tock__buf_puts(b, " &middot; ");
    tock_rep_put_html(b, p->arch);
    if (isa) {
        tock__buf_puts(b, " ");
        tock_rep_put_html(b, isa);
    }
    tock__buf_printf(b, " &middot; %llu thread%s &middot; ", (unsigned long long)p->threads,
                     p->threads == 1 ? "" : "s");
    tock_rep_put_html(b, p->compiler_id);
    tock__buf_puts(b, " ");
    tock_rep_put_html(b, p->compiler_version);
    tock__buf_puts(b, " &middot; commit <code>");
    tock_rep_put_html(b, p->commit);
    tock__buf_printf(b, "</code>%s &middot; started ", p->dirty ? " (dirty)" : "");
    tock_rep_put_html(b, p->started_utc);
    tock__buf_puts(b, "</p>\n");
}

/* sweeps whose files the run did not write (it was interrupted first) */
static void sweeps_missing(tock__buf *b, const tock_rep_run *run) {
    for (size_t k = 0; k < run->nsw; k++) {
        const tock_rep_sweep *s = &run->sw[k];
        if (s->loaded) continue;
        tock__buf_puts(b, " <strong>Sweep <code>");
        tock_rep_put_html(b, s->name);
        tock__buf_puts(b, "</code> is incomplete:</strong> the run stopped before writing "
                          "<code>sweeps/");
        tock_rep_put_html(b, s->name);
        tock__buf_printf(b,
                         ".csv</code>, so its section is left out; its %zu benchmark record%s "
                         "are in summary.json and the exports.",
                         s->nrecords, s->nrecords == 1 ? "" : "s");
    }
}

static void banner(tock__buf *b, const tock_rep_run *run) {
    if (!run->interrupted && run->nmissing == 0) return;
    tock__buf_printf(b, "<div class=\"banner%s\"><strong>", run->interrupted ? "" : " bad");
    if (run->interrupted)
        tock__buf_printf(b,
                         "Incomplete run: interrupted.</strong> %llu of %llu selected "
                         "benchmarks were measured; this report shows what completed.",
                         (unsigned long long)run->measured, (unsigned long long)run->selected);
    else
        tock__buf_printf(b, "%zu of %llu selected benchmarks were not measured.</strong>",
                         run->nmissing, (unsigned long long)run->selected);
    if (run->nmissing) {
        tock__buf_puts(b, " Not measured: ");
        for (size_t i = 0; i < run->nmissing; i++) {
            tock__buf_puts(b, i ? ", <span class=\"id\">" : "<span class=\"id\">");
            tock_rep_put_html(b, run->missing[i].id);
            tock__buf_puts(b, "</span> (");
            tock_rep_put_html(b, run->missing[i].reason);
            tock__buf_puts(b, ")");
        }
        tock__buf_puts(b, ".");
    }
    sweeps_missing(b, run);
    tock__buf_puts(b, "</div>\n");
}

static const char *verdict_text(const char *v) {
    if (strcmp(v, "regressed") == 0) return "regressed";
    if (strcmp(v, "improved") == 0) return "improved";
    if (strcmp(v, "within_noise") == 0) return "within noise";
    if (strcmp(v, "inconclusive") == 0) return "inconclusive";
    if (strcmp(v, "within_margin") == 0) return "slower, within the margin";
    return "no change";
}

/* "+3.21% [+1.02%, +5.50%] <verdict>" or why there is none */
static void change_cell(tock__buf *b, const tock_rep_bench *x) {
    if (!x->has_change) {
        tock__buf_puts(b, "<span class=\"muted\">not in the baseline</span>");
        return;
    }
    tock__buf_printf(b,
                     "<span class=\"nowrap\">%+.2f%%<span class=\"verdict %s\">%s</span>"
                     "</span> <span class=\"muted nowrap\">[%+.2f%%, %+.2f%%]</span>",
                     100.0 * x->change.point, x->verdict, verdict_text(x->verdict),
                     100.0 * x->change.lower, 100.0 * x->change.upper);
}

static void comparison_note(tock__buf *b, const tock_rep_run *run) {
    if (!run->has_comparison) return;
    size_t nreg = 0, nimp = 0, ninc = 0;
    for (size_t i = 0; i < run->nb; i++) {
        if (!run->b[i].has_change) continue;
        nreg += strcmp(run->b[i].verdict, "regressed") == 0;
        nimp += strcmp(run->b[i].verdict, "improved") == 0;
        ninc += strcmp(run->b[i].verdict, "inconclusive") == 0;
    }
    tock__buf_printf(b, "<div class=\"banner%s\"><strong>Compared against %s <code>",
                     nreg || ninc ? " bad" : "",
                     strcmp(run->cmp_mode, "ab") == 0 ? "the A/B reference" : "baseline");
    tock_rep_put_html(b, run->cmp_against);
    tock__buf_printf(b, "</code>: %zu regressed, %zu improved", nreg, nimp);
    if (ninc)
        tock__buf_printf(b,
                         ", %zu inconclusive (stopped before the first look: the changes "
                         "are shown but not judged)",
                         ninc);
    tock__buf_puts(b, ".</strong> ");
    if (run->cmp_created) {
        tock__buf_puts(b, "Baseline saved ");
        tock_rep_put_html(b, run->cmp_created);
        tock__buf_puts(b, ". ");
    }
    tock__buf_puts(b, "Change = new / old &minus; 1 (positive = slower): the change the verdict "
                      "was decided on, with its interval");
    if (run->cmp_test) {
        tock__buf_puts(b, "; test: ");
        tock_rep_put_html(b, run->cmp_test);
    }
    if (isfinite(run->cmp_alpha) && isfinite(run->cmp_noise))
        tock__buf_printf(b,
                         "; a verdict needs p &lt; %.3g and the whole interval outside "
                         "&plusmn;%.3g%%",
                         run->cmp_alpha, 100.0 * run->cmp_noise);
    tock__buf_puts(b, ". The comparison was made by tock-perf when the run was measured.");
    if (run->cmp_env_diff) {
        size_t i;
        json_t *d;
        tock__buf_puts(b, "<br><strong>The environment differs from the baseline's:</strong> ");
        json_array_foreach(run->cmp_env_diff, i, d) {
            if (i) tock__buf_puts(b, "; ");
            tock_rep_put_html(b, json_is_string(d) ? json_string_value(d) : "?");
        }
        tock__buf_puts(b, ".");
    }
    tock__buf_puts(b, "</div>\n");
}

/* the group whose figure shows fit f; ng when none does */
static size_t group_of_fit(const tock_rep_run *run, const tock_rep_group *g, size_t ng,
                           const tock_rep_fit *f) {
    for (size_t k = 0; k < ng; k++)
        if (tock_rep_fit_of(run, g[k].group, g[k].name) == f) return k;
    return ng;
}

/* "LINE, R² = 0.9921": the framework's own statement of a fit */
static void fit_statement(tock__buf *b, const tock_rep_fit *f) {
    tock__buf_puts(b, "<strong>");
    tock_rep_put_html(b, f->line);
    tock__buf_puts(b, "</strong>");
    if (isfinite(f->r2)) tock__buf_printf(b, ", R&sup2; = %.4f", f->r2);
}

/* one line per fit of the run, linked to its figure */
static void summary_fits(tock__buf *b, const tock_rep_run *run, const tock_rep_group *g,
                         size_t ng) {
    double cl = 100.0 * (isfinite(run->confidence) ? run->confidence : 0.95);
    for (size_t i = 0; i < run->nfit; i++) {
        const tock_rep_fit *f = &run->fit[i];
        size_t k = group_of_fit(run, g, ng, f);
        tock__buf_puts(b, "<p class=\"scaling\">Scaling: ");
        if (k < ng) tock__buf_printf(b, "<a href=\"#group%zu\">", k);
        fit_statement(b, f);
        if (k < ng) tock__buf_puts(b, "</a>");
        tock__buf_printf(b,
                         " <span class=\"muted\">(the run's own fit, %.0f%% wild-bootstrap "
                         "intervals)</span></p>\n",
                         cl);
    }
}

/* some benchmark recorded its process CPU time (summary.json "cpu") */
static int has_cpu(const tock_rep_run *run) {
    for (size_t i = 0; i < run->nb; i++)
        if (isfinite(run->b[i].cpu_ns)) return 1;
    return 0;
}

static void summary_table(tock__buf *b, const tock_rep_run *run, const tock_rep_group *g,
                          size_t ng) {
    const int cpu = has_cpu(run);
    double cl = isfinite(run->confidence) ? run->confidence : 0.95;
    tock__buf_printf(b,
                     "<section id=\"summary\"><h2>Summary</h2>\n<p class=\"muted\">Typical time = "
                     "OLS slope of sample time against iterations (linear sampling); interval = "
                     "%.0f%% percentile bootstrap, &plusmn; its half-width relative to the "
                     "typical time.%s</p>\n",
                     100.0 * cl,
                     run->has_published ? " Ratios to published figures compare against another "
                                          "machine and language: context, not a like-for-like "
                                          "comparison."
                                        : "");
    summary_fits(b, run, g, ng);
    tock__buf_printf(b,
                     "<div class=\"scroll\"><table class=\"sum\"><thead><tr><th>ID</th>"
                     "<th class=\"num\">typical time</th><th class=\"num\">%.0f%% interval</th>"
                     "%s<th class=\"num\">throughput</th><th class=\"num\">ratio to floor</th>"
                     "%s<th class=\"num\">outliers</th>"
                     "<th class=\"num\" title=\"half-width of the interval over the typical "
                     "time\">&plusmn;</th>",
                     100.0 * cl,
                     cpu ? "<th class=\"num\" title=\"process CPU time per iteration, all "
                           "threads\">CPU time</th>"
                         : "",
                     run->has_published ? "<th class=\"num\">ratio to published</th>" : "");
    if (run->has_comparison)
        tock__buf_puts(b, "<th title=\"new / old - 1, the change the verdict was decided on, "
                          "with its interval\">change vs baseline (decided)</th>");
    tock__buf_puts(b, "</tr></thead><tbody>\n");
    for (size_t i = 0; i < run->nb; i++) {
        const tock_rep_bench *x = &run->b[i];
        char lo[40], hi[40], tp[40];
        if (x->sweep) continue; /* in its sweep's section */
        tock__buf_printf(b, "<tr><td><a href=\"#b%zu\">", i);
        bench_name(b, x);
        tock__buf_puts(b, "</a> <span class=\"tag\">");
        tock_rep_put_html(b, x->mode);
        tock__buf_puts(b, "</span></td><td class=\"num\"><strong>");
        tock_rep_put_time(b, x->typical.point, 1);
        tock__fmt_time(lo, sizeof lo, x->typical.lower, 1);
        tock__fmt_time(hi, sizeof hi, x->typical.upper, 1);
        tock__buf_printf(b, "</strong></td><td class=\"num\">%s &ndash; %s</td><td class=\"num\">",
                         lo, hi);
        if (cpu) {
            if (isfinite(x->cpu_ns))
                tock_rep_put_time(b, x->cpu_ns, 1);
            else
                tock__buf_puts(b, "&ndash;");
            tock__buf_puts(b, "</td><td class=\"num\">");
        }
        if (x->tp_kind) {
            tock__fmt_rate(tp, sizeof tp, x->tp.point, x->tp_bytes);
            tock__buf_puts(b, tp);
        } else {
            tock__buf_puts(b, "&ndash;");
        }
        tock__buf_puts(b, "</td><td class=\"num\">");
        if (x->floor_id) {
            if (isfinite(x->floor_ratio))
                tock__buf_printf(b, "%.3f&times;", x->floor_ratio);
            else
                tock__buf_puts(b, "n/a");
            tock__buf_puts(b, "<br><span class=\"muted id\">");
            tock_rep_put_html(b, x->floor_id);
            tock__buf_puts(b, "</span>");
        } else {
            tock__buf_puts(b, "&ndash;");
        }
        if (run->has_published) tock__buf_puts(b, "</td><td class=\"num\">");
        if (!run->has_published) {
            /* no benchmark of the run declares a published figure: no column */
        } else if (isfinite(x->published_ns)) {
            char pv[40];
            tock__fmt_time(pv, sizeof pv, x->published_ns, 1);
            tock__buf_printf(b, "%.3f&times;<br><span class=\"muted\">%s</span>",
                             x->typical.point / x->published_ns, pv);
        } else {
            tock__buf_puts(b, "&ndash;");
        }
        unsigned long long nout = (unsigned long long)(x->out_low_severe + x->out_low_mild +
                                                       x->out_high_mild + x->out_high_severe);
        tock__buf_printf(b, "</td><td class=\"num\">%llu / %llu</td><td class=\"num\">", nout,
                         (unsigned long long)x->samples);
        if (isfinite(x->achieved_precision))
            tock__buf_printf(b, "%.1f%%", 100.0 * x->achieved_precision);
        else
            tock__buf_puts(b, "&ndash;");
        tock__buf_puts(b, "</td>");
        if (run->has_comparison) {
            tock__buf_puts(b, "<td>");
            change_cell(b, x);
            tock__buf_puts(b, "</td>");
        }
        tock__buf_puts(b, "</tr>\n");
    }
    int cols = 7 + !!run->has_comparison + !!run->has_published + cpu;
    if (run->nb == 0)
        tock__buf_printf(b,
                         "<tr><td colspan=\"%d\">No benchmark completed in this run.</td>"
                         "</tr>\n",
                         cols);
    for (size_t k = 0; k < run->nsw; k++) {
        const tock_rep_sweep *s = &run->sw[k];
        if (!s->nrecords) continue;
        tock__buf_printf(b,
                         "<tr><td colspan=\"%d\" class=\"muted\">%zu benchmark record%s of "
                         "sweep <code>",
                         cols, s->nrecords, s->nrecords == 1 ? "" : "s");
        tock_rep_put_html(b, s->name);
        if (s->loaded) {
            tock__buf_puts(b, "</code>: see <a href=\"#sweep-");
            tock_rep_put_html(b, s->name);
            tock__buf_puts(b, "\">Sweep ");
            tock_rep_put_html(b, s->name);
            tock__buf_puts(b, "</a>.</td></tr>\n");
        } else {
            tock__buf_puts(b, "</code>: not shown (the run stopped before writing its sweep "
                              "files).</td></tr>\n");
        }
    }
    tock__buf_puts(b, "</tbody></table></div></section>\n");
}

/* the caption under a group figure drawn with the run's own fit */
static void fit_caption(tock__buf *b, const tock_rep_run *run, const tock_rep_fit *f,
                        const char *pl) {
    double cl = 100.0 * (isfinite(run->confidence) ? run->confidence : 0.95);
    const char *per = *f->parameter_unit ? f->parameter_unit : pl;
    char av[40], alo[40], ahi[40];
    tock__fmt_time(av, sizeof av, f->intercept.point, 1);
    tock__fmt_time(alo, sizeof alo, f->intercept.lower, 1);
    tock__fmt_time(ahi, sizeof ahi, f->intercept.upper, 1);
    tock__buf_printf(b,
                     "<p class=\"caption\">The run's own scaling fit (summary.json "
                     "&ldquo;fits&rdquo;, made by tock when the run was measured): a relative "
                     "weighted least-squares line time = a + b &middot; %s through the %llu "
                     "typical times",
                     pl, (unsigned long long)f->points);
    if (isfinite(f->parameter_min) && isfinite(f->parameter_max))
        tock__buf_printf(b, " (%s %g..%g)", per, f->parameter_min, f->parameter_max);
    tock__buf_printf(b,
                     ", with %.0f%% wild-bootstrap intervals: b is the cost of one more %s, "
                     "a = %s [%s, %s] the fixed cost of a call",
                     cl, per, av, alo, ahi);
    if (isfinite(f->r2)) tock__buf_printf(b, ", R&sup2; = %.4f", f->r2);
    tock__buf_puts(b, ". The exponent is the slope of the log-log fit; ");
    tock_rep_put_html(b, f->bigo);
    if (isfinite(f->bigo_share))
        tock__buf_printf(b, " was the best complexity class in %.0f%% of the resamples",
                         100.0 * f->bigo_share);
    else
        tock__buf_puts(b, " is the best complexity class");
    tock__buf_puts(b, ". The line is drawn as stored, not recomputed by tock-report; the band "
                      "is the slope's interval around the fitted intercept.</p>\n");
}

/* the caption under a group figure drawn with a line fitted here */
static void self_fit_caption(tock__buf *b, const tock_rep_run *run, const tock_rep_group *g,
                             const char *pl, double a, double s, double r2) {
    char sv[40], av[40];
    tock__fmt_time(sv, sizeof sv, s, 1);
    tock__fmt_time(av, sizeof av, a, 1);
    tock__buf_printf(b,
                     "<p class=\"caption\">Least-squares line through the %zu typical "
                     "times: time = a + b &middot; %s with <strong>b = %s per %s</strong> "
                     "(the cost of one more step) and a = %s (the fixed cost of a call)",
                     g->n, pl, sv, pl, av);
    if (g->n == 2)
        tock__buf_puts(b, "; with two points the line passes through both");
    else if (isfinite(r2))
        tock__buf_printf(b, ", R&sup2; = %.4f", r2);
    tock__buf_puts(b, ". The line is fitted here from summary.json; it is not a measurement "
                      "of its own.");
    if (run->has_fits)
        tock__buf_puts(b, " The run stored no scaling fit for this group (tock fits groups "
                          "with at least three distinct parameter values above zero).");
    tock__buf_puts(b, "</p>\n");
}

static void crossovers(tock__buf *b, const tock_rep_run *run) {
    if (run->ncross == 0) return;
    tock__buf_puts(b, "<article id=\"crossovers\"><h3>Crossovers</h3>\n<p class=\"caption\" "
                      "style=\"margin-top:0\">Pairs of fitted groups with the same parameter "
                      "unit, compared over the range both cover with the fits' bootstrap "
                      "resamples (summary.json &ldquo;crossovers&rdquo;):</p>\n<ul>\n");
    for (size_t i = 0; i < run->ncross; i++) {
        tock__buf_puts(b, "<li>");
        tock_rep_put_html(b, run->cross[i].text);
        tock__buf_puts(b, "</li>\n");
    }
    tock__buf_puts(b, "</ul></article>\n");
}

static void groups_section(tock__buf *b, const tock_rep_run *run, const tock_rep_group *g,
                           size_t ng) {
    if (ng == 0 && run->ncross == 0) return;
    tock__buf_puts(b, "<section id=\"groups\"><h2>Time against the parameter</h2>\n");
    for (size_t k = 0; k < ng; k++) {
        const char *pl = tock_rep_param_label(g[k].group);
        const tock_rep_fit *fit = tock_rep_fit_of(run, g[k].group, g[k].name);
        char id[32];
        double a, s, r2;
        snprintf(id, sizeof id, "fig-group%zu", k);
        if (fit)
            tock__buf_printf(b, "<article id=\"group%zu\"><h3><span class=\"id\">", k);
        else
            tock__buf_puts(b, "<article><h3><span class=\"id\">");
        tock_rep_put_html(b, g[k].group);
        if (g[k].name) {
            tock__buf_puts(b, "/");
            tock_rep_put_html(b, g[k].name);
        }
        tock__buf_printf(b, "/{%s}</span></h3>\n", pl);
        if (fit) {
            tock__buf_puts(b, "<p class=\"fitline\">");
            fit_statement(b, fit);
            tock__buf_printf(b,
                             " <span class=\"muted\">(the run's own fit, %.0f%% "
                             "wild-bootstrap intervals)</span></p>\n",
                             100.0 * (isfinite(run->confidence) ? run->confidence : 0.95));
        }
        tock_rep_fig_group(b, run, &g[k], fit, id, &a, &s, &r2);
        if (fit)
            fit_caption(b, run, fit, pl);
        else
            self_fit_caption(b, run, &g[k], pl, a, s, r2);
        tock__buf_puts(b, "<table style=\"margin-top:10px\"><thead><tr>");
        tock__buf_printf(b,
                         "<th class=\"num\">%s</th><th class=\"num\">typical time</th>"
                         "<th class=\"num\">interval</th><th class=\"num\">time per %s</th>"
                         "<th class=\"num\">fit residual</th>%s"
                         "</tr></thead><tbody>\n",
                         pl, pl, run->has_published ? "<th class=\"num\">published</th>" : "");
        for (size_t i = 0; i < g[k].n; i++) {
            const tock_rep_bench *x = &run->b[g[k].idx[i]];
            char lo[40], hi[40];
            tock__fmt_time(lo, sizeof lo, x->typical.lower, 1);
            tock__fmt_time(hi, sizeof hi, x->typical.upper, 1);
            tock__buf_printf(b, "<tr><td class=\"num\">%g</td><td class=\"num\">", g[k].param[i]);
            tock_rep_put_time(b, x->typical.point, 1);
            tock__buf_printf(b, "</td><td class=\"num\">%s &ndash; %s</td><td class=\"num\">", lo,
                             hi);
            if (g[k].param[i] != 0.0)
                tock_rep_put_time(b, x->typical.point / g[k].param[i], 1);
            else
                tock__buf_puts(b, "&ndash;");
            tock__buf_puts(b, "</td><td class=\"num\">");
            double res = x->typical.point - (a + s * g[k].param[i]);
            /* rounding leaves ~1e-16 relative where the line is exact */
            if (fabs(res) <= 1e-9 * fabs(x->typical.point)) {
                tock__buf_puts(b, "0");
            } else if (isfinite(res)) {
                char rv[40];
                tock__fmt_time(rv, sizeof rv, fabs(res), 1);
                tock__buf_printf(b, "%s%s", res < 0 ? "&minus;" : "+", rv);
            } else {
                tock__buf_puts(b, "&ndash;");
            }
            if (run->has_published) {
                tock__buf_puts(b, "</td><td class=\"num\">");
                if (isfinite(x->published_ns))
                    tock_rep_put_time(b, x->published_ns, 1);
                else
                    tock__buf_puts(b, "&ndash;");
            }
            tock__buf_puts(b, "</td></tr>\n");
        }
        tock__buf_puts(b, "</tbody></table></article>\n");
    }
    crossovers(b, run);
    tock__buf_puts(b, "</section>\n");
}

static void est_text(tock__buf *b, const char *name, const tock_rep_est *e) {
    char pt[40], lo[40], hi[40];
    tock__fmt_time(pt, sizeof pt, e->point, 1);
    tock__fmt_time(lo, sizeof lo, e->lower, 1);
    tock__fmt_time(hi, sizeof hi, e->upper, 1);
    tock__buf_printf(b, "%s <strong>%s</strong> [%s, %s]", name, pt, lo, hi);
}

/* the two comparison figures of a compared benchmark, and their numbers
 * as text (the figures' fallback) */
static void comparison_figs(tock__buf *b, const tock_rep_run *run, const tock_rep_bench *x,
                            size_t i) {
    char id[32];
    tock__buf_puts(b, "<div class=\"figs cmp\">");
    snprintf(id, sizeof id, "fig-overlay%zu", i);
    tock_rep_fig_overlay(b, run, x, id);
    snprintf(id, sizeof id, "fig-change%zu", i);
    tock_rep_fig_change(b, run, x, id);
    tock__buf_puts(b, "</div>\n<p class=\"caption\">Left: the densities of the per-iteration "
                      "times the comparison used, old (");
    tock__buf_puts(b, strcmp(run->cmp_mode, "ab") == 0 ? "the A/B reference, every round pooled"
                                                       : "the baseline file's samples");
    tock__buf_puts(b, ") and new (this run). Right: the bootstrap distribution of the relative "
                      "change of the median per-iteration time, computed here from those "
                      "samples (seeded, so the page is reproducible); the lines mark the change "
                      "and interval the run stored and decided on (");
    change_cell(b, x);
    if (isfinite(run->cmp_noise))
        tock__buf_printf(b, "), the shaded band the &plusmn;%.3g%% noise threshold.</p>\n",
                         100.0 * run->cmp_noise);
    else
        tock__buf_puts(b, ").</p>\n");
}

/* groups whose members (benchmarks sharing "group", sweeps aside) number
 * two or more: one violin figure each, with its medians as a table */
static void violins_section(tock__buf *b, const tock_rep_run *run) {
    size_t *idx = (size_t *)malloc((run->nb ? run->nb : 1) * sizeof *idx);
    char *done = (char *)calloc(run->nb ? run->nb : 1, 1);
    if (!idx || !done) {
        free(idx);
        free(done);
        b->err = TOCK_REP_ENOMEM;
        return;
    }
    size_t nfig = 0;
    for (size_t i = 0; i < run->nb; i++) {
        if (done[i] || run->b[i].sweep) continue;
        size_t n = 0;
        for (size_t j = i; j < run->nb; j++)
            if (!done[j] && !run->b[j].sweep && strcmp(run->b[j].group, run->b[i].group) == 0) {
                idx[n++] = j;
                done[j] = 1;
            }
        if (n < 2) continue;
        if (nfig++ == 0)
            tock__buf_puts(b, "<section id=\"violins\"><h2>Groups compared</h2>\n<p "
                              "class=\"muted\">One violin per member of a group: the density "
                              "of its per-iteration times (samples inside the severe Tukey "
                              "fences), mirrored, with a line at the median; the axis is "
                              "logarithmic when the members' times span more than 10&times;.</p>"
                              "\n");
        char id[32];
        snprintf(id, sizeof id, "fig-violin%zu", nfig - 1);
        tock__buf_printf(b, "<article id=\"violin%zu\"><h3><span class=\"id\">", nfig - 1);
        tock_rep_put_html(b, run->b[i].group);
        tock__buf_printf(b, "</span> <span class=\"muted\">%zu members</span></h3>\n", n);
        tock_rep_fig_violin(b, run, run->b[i].group, idx, n, id);
        tock__buf_puts(b, "<table style=\"margin-top:10px\"><thead><tr><th>member</th>"
                          "<th class=\"num\">samples</th><th class=\"num\">median per "
                          "iteration</th><th class=\"num\">typical time</th></tr></thead>"
                          "<tbody>\n");
        for (size_t k = 0; k < n; k++) {
            const tock_rep_bench *x = &run->b[idx[k]];
            tock__buf_printf(b, "<tr><td><a href=\"#b%zu\">", idx[k]);
            bench_name(b, x);
            tock__buf_printf(b, "</a></td><td class=\"num\">%zu</td><td class=\"num\">", x->n);
            tock_rep_put_time(b, x->median.point, 1);
            tock__buf_puts(b, "</td><td class=\"num\">");
            tock_rep_put_time(b, x->typical.point, 1);
            tock__buf_puts(b, "</td></tr>\n");
        }
        tock__buf_puts(b, "</tbody></table></article>\n");
    }
    if (nfig) tock__buf_puts(b, "</section>\n");
    free(idx);
    free(done);
}

static void bench_section(tock__buf *b, const tock_rep_run *run) {
    tock__buf_puts(b, "<section id=\"benchmarks\"><h2>Benchmarks</h2>\n<p class=\"muted\">"
                      "Left: kernel density of each sample's time per iteration (ns / "
                      "iterations, Silverman bandwidth), with one rug tick per sample; amber and "
                      "red marks are mild and severe outliers by Tukey's fences, which are "
                      "reported, never removed; samples beyond the severe fences are counted at "
                      "the edge rather than stretching the axis. Right: each sample runs more "
                      "iterations than the "
                      "last; the typical time is the slope of the least-squares line through the "
                      "origin, and the band is the bootstrap interval of that slope.</p>\n");
    for (size_t i = 0; i < run->nb; i++) {
        const tock_rep_bench *x = &run->b[i];
        if (x->sweep) continue; /* in its sweep's section */
        tock__buf_printf(b, "<article id=\"b%zu\"><h3>", i);
        bench_name(b, x);
        tock__buf_puts(b, " <span class=\"muted\">");
        tock_rep_put_html(b, x->mode);
        tock__buf_puts(b, "</span></h3>\n<p class=\"stats\">");
        est_text(b, "typical", &x->typical);
        tock__buf_puts(b, " &middot; ");
        est_text(b, "mean", &x->mean);
        tock__buf_puts(b, " &middot; ");
        est_text(b, "median", &x->median);
        tock__buf_puts(b, "<br>");
        est_text(b, "std dev", &x->std_dev);
        tock__buf_puts(b, " &middot; ");
        est_text(b, "MAD", &x->mad);
        tock__buf_puts(b, " &middot; min ");
        tock_rep_put_time(b, x->min, 1);
        if (isfinite(x->cpu_ns)) {
            tock__buf_puts(b, " &middot; CPU time ");
            tock_rep_put_time(b, x->cpu_ns, 1);
        }
        if (x->tp_kind) {
            char tp[40], lo[40], hi[40];
            tock__fmt_rate(tp, sizeof tp, x->tp.point, x->tp_bytes);
            tock__fmt_rate(lo, sizeof lo, x->tp.lower, x->tp_bytes);
            tock__fmt_rate(hi, sizeof hi, x->tp.upper, x->tp_bytes);
            tock__buf_printf(b, " &middot; throughput <strong>%s</strong> [%s, %s]", tp, lo, hi);
        }
        tock__buf_printf(b,
                         "<br>%llu samples, %llu iterations &middot; outliers: %llu low "
                         "severe, %llu low mild, %llu high mild, %llu high severe &middot; "
                         "stop: ",
                         (unsigned long long)x->samples, (unsigned long long)x->iterations,
                         (unsigned long long)x->out_low_severe, (unsigned long long)x->out_low_mild,
                         (unsigned long long)x->out_high_mild,
                         (unsigned long long)x->out_high_severe);
        tock_rep_put_html(b, x->stop_reason);
        if (isfinite(x->achieved_precision))
            tock__buf_printf(b, " (&plusmn;%.2f%% achieved", 100.0 * x->achieved_precision);
        if (isfinite(x->target_precision))
            tock__buf_printf(b, ", target &plusmn;%.2f%%", 100.0 * x->target_precision);
        if (isfinite(x->achieved_precision)) tock__buf_puts(b, ")");
        if (run->has_comparison) {
            tock__buf_puts(b, "<br>change vs baseline: ");
            change_cell(b, x);
            if (x->has_change && isfinite(x->change_p))
                tock__buf_printf(b, " <span class=\"muted\">p = %.3g</span>", x->change_p);
        }
        tock__buf_puts(b, "</p>\n<div class=\"figs\">");
        char id[32];
        snprintf(id, sizeof id, "fig-kde%zu", i);
        tock_rep_fig_density(b, x, id);
        snprintf(id, sizeof id, "fig-lin%zu", i);
        tock_rep_fig_scatter(b, x, id);
        tock__buf_puts(b, "</div>\n");
        if (x->has_change) comparison_figs(b, run, x, i);
        tock__buf_puts(b, "</article>\n");
    }
    if (run->nb == 0)
        tock__buf_puts(b, "<p>No benchmark completed in this run.</p>\n");
    else if (run->nb == run->nsweep_records)
        tock__buf_puts(b, "<p>Every benchmark of this run is a point of a sweep: see the sweep "
                          "sections above.</p>\n");
    tock__buf_puts(b, "</section>\n");
}

static void kv_row(tock__buf *b, const char *k, const char *v) {
    tock__buf_puts(b, "<tr><th>");
    tock_rep_put_html(b, k);
    tock__buf_puts(b, "</th><td>");
    tock_rep_put_html(b, v);
    tock__buf_puts(b, "</td></tr>\n");
}

static void provenance(tock__buf *b, const tock_rep_run *run) {
    const tock_rep_prov *p = &run->prov;
    char t[512], a[40], c[40], d[40];
    tock__buf_puts(b, "<section id=\"provenance\"><h2>Provenance</h2>\n<table class=\"kv\">\n");
    if (p->logical_cpus > 0)
        snprintf(t, sizeof t, "%s, %ld logical CPUs, %s", p->cpu_model, p->logical_cpus, p->arch);
    else
        snprintf(t, sizeof t, "%s, %s", p->cpu_model, p->arch);
    kv_row(b, "machine", t);
    /* an ISA row only when the program recorded one (the kernels suite's
     * isa_dispatched, or an "isa" key): other projects have none */
    const char *isa = tock_rep_isa(run);
    if (isa) kv_row(b, "ISA", isa);
    snprintf(t, sizeof t, "%llu", (unsigned long long)p->threads);
    kv_row(b, "threads", t);
    snprintf(t, sizeof t, "%s %s", p->compiler_id, p->compiler_version);
    kv_row(b, "compiler", t);
    kv_row(b, "flags", p->flags);
    tock__fmt_time(a, sizeof a, p->timer_overhead_ns, 1);
    tock__fmt_time(c, sizeof c, p->timer_resolution_ns, 1);
    tock__fmt_time(d, sizeof d, p->timer_min_sample_ns, 1);
    snprintf(t, sizeof t, "%s, %.6g MHz, overhead %s, resolution %s, shortest sample %s%s%s",
             p->timer_source, p->timer_hz / 1e6, a, c, d, *p->timer_note ? "; " : "",
             p->timer_note);
    kv_row(b, "timer", t);
    snprintf(t, sizeof t, "%s %s %s, clocksource %s", p->kernel_sysname, p->kernel_release,
             p->kernel_machine, p->clocksource);
    kv_row(b, "kernel", t);
    snprintf(t, sizeof t, "%s / %s / %s", p->governor, p->boost, p->smt_active);
    kv_row(b, "governor / boost / SMT", t);
    snprintf(t, sizeof t, "%s (type: %s)", p->hypervisor ? "yes" : "no", p->hypervisor_type);
    kv_row(b, "hypervisor", t);
    kv_row(b, "load average at start", p->loadavg);
    snprintf(t, sizeof t, "%s%s", p->commit, p->dirty ? " (dirty: uncommitted changes)" : "");
    kv_row(b, "commit", t);
    kv_row(b, "tock version", p->tock_version);
    kv_row(b, "started (UTC)", p->started_utc);
    kv_row(b, "provenance written (UTC)", p->date_utc);
    for (size_t i = 0; i < p->nuser; i++) kv_row(b, p->user[i].key, p->user[i].value);
    tock__buf_puts(b, "<tr><th>configuration</th><td><code>");
    tock_rep_put_html(b, run->config);
    tock__buf_puts(b, "</code></td></tr>\n");
    kv_row(b, "run directory", run->dir);
    tock__buf_puts(b, "</table></section>\n");
}

/* A count run (tock-perf --measure instructions): the counts table in
 * place of the summary, figures and per-benchmark sections (no times). */
static void count_table(tock__buf *b, const tock_rep_run *run) {
    tock__buf_puts(b, "<section id=\"summary\"><h2>Instruction counts</h2>\n<p class=\"muted\">"
                      "Per iteration under valgrind's callgrind, (count of 2n iterations &minus; "
                      "count of n) / n");
    if (run->isa_counted) {
        tock__buf_puts(b, "; ISA counted: ");
        tock_rep_put_html(b, run->isa_counted);
    }
    tock__buf_puts(b, ". ");
    if (run->count_formula) tock_rep_put_html(b, run->count_formula);
    tock__buf_puts(b, ". Counts repeat exactly; they are not time.</p>\n<div class=\"scroll\">"
                      "<table class=\"sum\"><thead><tr><th>ID</th>");
    for (int k = 0; k < TOCK_REP_NCOUNTS; k++)
        tock__buf_printf(b, "<th class=\"num\">%s</th>", tock_rep_count_events[k]);
    tock__buf_puts(b, "<th class=\"num\">est. cycles</th><th>change vs old</th></tr></thead>"
                      "<tbody>\n");
    for (size_t i = 0; i < run->nb; i++) {
        const tock_rep_bench *x = &run->b[i];
        tock__buf_puts(b, "<tr><td><code>");
        tock_rep_put_html(b, x->id);
        tock__buf_puts(b, "</code></td>");
        for (int k = 0; k < TOCK_REP_NCOUNTS; k++)
            tock__buf_printf(b, "<td class=\"num\">%.6g</td>", x->counts[k]);
        tock__buf_printf(b, "<td class=\"num\">%.6g</td><td>", x->est_cycles);
        if (isfinite(x->count_change)) tock__buf_printf(b, "%+.2f%% ", 100.0 * x->count_change);
        if (x->count_verdict) tock_rep_put_html(b, x->count_verdict);
        tock__buf_puts(b, "</td></tr>\n");
    }
    tock__buf_puts(b, "</tbody></table></div></section>\n");
}

int tock_rep_html(const tock_rep_run *run, tock__buf *b) {
    tock_rep_group *g = NULL;
    size_t ng = 0;
    int rc = tock_rep_groups(run, &g, &ng);
    if (rc < 0) return rc;
    const char *at = tock_rep_asset_shell;
    shell_to(b, &at, "@RUN@");
    tock_rep_put_html(b, run->run_id);
    tock__buf_puts(b, run->interrupted ? " (incomplete)" : "");
    shell_to(b, &at, "@CSS@");
    tock__buf_put(b, tock_rep_asset_css, tock_rep_asset_css_len);
    shell_to(b, &at, "@JS@");
    tock__buf_put(b, tock_rep_asset_js, tock_rep_asset_js_len);
    shell_to(b, &at, "@BODY@");
    tock__buf_puts(b, "<header><h1>tock run <code>");
    tock_rep_put_html(b, run->run_id);
    tock__buf_printf(b, "</code>%s</h1>\n", run->interrupted ? " &mdash; incomplete" : "");
    machine_line(b, run);
    /* a link for each section the page has, and no other */
    tock__buf_puts(b, "<nav><a href=\"#summary\">Summary</a>");
    if (tock_rep_has_counters(run)) tock__buf_puts(b, "<a href=\"#counters\">Counters</a>");
    if ((ng || run->ncross) && !run->counts_mode)
        tock__buf_puts(b, "<a href=\"#groups\">Time against the parameter</a>");
    for (size_t k = 0; k < run->nsw; k++) {
        if (!run->sw[k].loaded || run->counts_mode) continue;
        tock__buf_puts(b, "<a href=\"#sweep-");
        tock_rep_put_html(b, run->sw[k].name);
        tock__buf_puts(b, "\">Sweep ");
        tock_rep_put_html(b, run->sw[k].name);
        tock__buf_puts(b, "</a>");
    }
    if (!run->counts_mode) tock__buf_puts(b, "<a href=\"#benchmarks\">Benchmarks</a>");
    tock__buf_puts(b, "<a href=\"#provenance\">Provenance</a></nav></header>\n");
    banner(b, run);
    comparison_note(b, run);
    if (run->counts_mode) {
        count_table(b, run);
        tock_rep_html_counters(b, run);
    } else {
        summary_table(b, run, g, ng);
        tock_rep_html_counters(b, run);
        groups_section(b, run, g, ng);
        violins_section(b, run);
        for (size_t k = 0; k < run->nsw; k++) tock_rep_html_sweep(b, run, k);
        bench_section(b, run);
    }
    provenance(b, run);
    shell_to(b, &at, "@VERSION@");
    tock__buf_puts(b, TOCK_REPORT_VERSION);
    tock__buf_put(b, at, tock_rep_asset_shell_len - (size_t)(at - tock_rep_asset_shell));
    tock_rep_groups_free(g, ng);
    return b->err;
}
