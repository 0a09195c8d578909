/* markdown.c - latency tables in Markdown. The publishable form (--markdown,
 * and the README's Performance section) puts each parameterised group in a
 * table of its own (horizon, time, interval, throughput, published), with
 * the run's own scaling fit of it under the table when summary.json has one
 * (and the crossovers after the tables; runs before fits have neither), then
 * one line per other benchmark, one line per sweep (its point benchmarks are
 * not listed one by one), then a line naming the machine and the run the
 * figures come from. The plain form (--format markdown) is one row per
 * benchmark, for CI job summaries. Output is ASCII apart from the data
 * itself, and must never depend on anything but the run (no dates of its
 * own, no paths other than the one cited), so that --check-readme can
 * regenerate it byte for byte.
 */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void md_time(tock_rep_buf *b, double ns) {
    char t[40];
    tock_rep_fmt_time(t, sizeof t, ns, 0);
    tock_rep_puts(b, t);
}

static void md_interval(tock_rep_buf *b, const tock_rep_est *e) {
    tock_rep_puts(b, "[");
    md_time(b, e->lower);
    tock_rep_puts(b, ", ");
    md_time(b, e->upper);
    tock_rep_puts(b, "]");
}

static void md_rate(tock_rep_buf *b, const tock_rep_bench *x) {
    char t[40];
    if (!x->tp_kind) {
        tock_rep_puts(b, "-");
        return;
    }
    tock_rep_fmt_rate(t, sizeof t, x->tp.point, x->tp_kind);
    tock_rep_puts(b, t);
}

static void md_published(tock_rep_buf *b, const tock_rep_bench *x) {
    if (!isfinite(x->published_ns)) {
        tock_rep_puts(b, "-");
        return;
    }
    md_time(b, x->published_ns);
    tock_rep_printf(b, " (%.2fx)", x->typical.point / x->published_ns);
}

static double conf_pct(const tock_rep_run *run) {
    return 100.0 * (isfinite(run->confidence) ? run->confidence : 0.95);
}

/* the run's own scaling fit of a group, as the framework states it */
static void fit_line(tock_rep_buf *b, const tock_rep_run *run, const tock_rep_fit *f) {
    tock_rep_printf(b, "Scaling (the run's own fit, %.0f%% wild-bootstrap intervals): ",
                    conf_pct(run));
    tock_rep_put_md(b, f->line);
    if (isfinite(f->r2)) tock_rep_printf(b, ", R^2 = %.4f", f->r2);
    tock_rep_puts(b, ".\n\n");
}

/* the machine and run line shared by both forms */
static void machine(tock_rep_buf *b, const tock_rep_run *run, const char *cite) {
    const tock_rep_prov *p = &run->prov;
    const char *isa = tock_rep_isa(run);
    tock_rep_puts(b, "Machine: ");
    tock_rep_put_md(b, p->cpu_model);
    tock_rep_puts(b, " (");
    tock_rep_put_md(b, p->arch);
    if (isa) {
        tock_rep_puts(b, ", ISA ");
        tock_rep_put_md(b, isa);
    }
    if (p->logical_cpus > 0) tock_rep_printf(b, ", %ld logical CPUs", p->logical_cpus);
    tock_rep_printf(b, "), %llu thread%s, ", (unsigned long long)p->threads,
                    p->threads == 1 ? "" : "s");
    tock_rep_put_md(b, p->compiler_id);
    tock_rep_puts(b, " ");
    tock_rep_put_md(b, p->compiler_version);
    tock_rep_puts(b, ". Run `");
    tock_rep_puts(b, cite);
    tock_rep_puts(b, "` (commit ");
    tock_rep_put_md(b, p->commit);
    tock_rep_puts(b, p->dirty ? ", dirty" : "");
    tock_rep_puts(b, ", started ");
    tock_rep_put_md(b, p->started_utc);
    tock_rep_puts(b, ").\n");
}

/* one line per sweep, from summary.json alone (the published folder holds
 * no sweep files): its points stay out of the lines above */
static void sweeps(tock_rep_buf *b, const tock_rep_run *run) {
    int any = 0;
    for (size_t k = 0; k < run->nsw; k++) {
        const tock_rep_sweep *s = &run->sw[k];
        if (!s->nrecords) continue;
        if (!any++)
            tock_rep_puts(b, "Sweeps (parameter grids; per-point times in the run's "
                             "sweeps/<name>.csv and REPORT.html):\n\n");
        tock_rep_puts(b, "- `");
        tock_rep_put_md(b, s->name);
        tock_rep_printf(b, "`: %zu benchmark record%s over %zu point%s (", s->nrecords,
                        s->nrecords == 1 ? "" : "s", s->rec_points, s->rec_points == 1 ? "" : "s");
        for (const char *c = s->rec_axes; *c; c++) {
            if (*c == ',')
                tock_rep_puts(b, " x ");
            else
                tock_rep_put_md(b, (char[2]){*c, '\0'});
        }
        tock_rep_printf(b, "), %zu repeat%s, routine%s ", s->rec_repeats,
                        s->rec_repeats == 1 ? "" : "s", strchr(s->rec_routines, ',') ? "s" : "");
        tock_rep_put_md(b, s->rec_routines);
        tock_rep_puts(b, "\n");
    }
    if (any) tock_rep_puts(b, "\n");
}

int tock_rep_md_published(const tock_rep_run *run, const char *cite, tock_rep_buf *b) {
    tock_rep_group *g = NULL;
    size_t ng = 0;
    int rc = tock_rep_groups(run, &g, &ng);
    if (rc < 0) return rc;
    char *in_group = (char *)calloc(run->nb ? run->nb : 1, 1);
    if (!in_group) {
        tock_rep_groups_free(g, ng);
        return TOCK_REP_ENOMEM;
    }
    if (run->interrupted)
        tock_rep_printf(b, "**Incomplete run (interrupted): %llu of %llu selected benchmarks "
                           "measured.**\n\n",
                        (unsigned long long)run->measured, (unsigned long long)run->selected);
    double cl = conf_pct(run);
    for (size_t k = 0; k < ng; k++) {
        const char *pl = tock_rep_param_label(g[k].group);
        tock_rep_puts(b, "`");
        tock_rep_put_md(b, g[k].group);
        if (g[k].name) {
            tock_rep_puts(b, "/");
            tock_rep_put_md(b, g[k].name);
        }
        tock_rep_printf(b, "/{%s}`: typical time per call (OLS slope) with its %.0f%% "
                           "bootstrap interval.\n\n", pl, cl);
        tock_rep_printf(b, "| %s | time | %.0f%% interval | throughput | published |\n"
                           "|---:|---:|---|---:|---|\n", pl, cl);
        for (size_t i = 0; i < g[k].n; i++) {
            const tock_rep_bench *x = &run->b[g[k].idx[i]];
            in_group[g[k].idx[i]] = 1;
            tock_rep_puts(b, "| ");
            tock_rep_put_md(b, x->parameter);
            tock_rep_puts(b, " | ");
            md_time(b, x->typical.point);
            tock_rep_puts(b, " | ");
            md_interval(b, &x->typical);
            tock_rep_puts(b, " | ");
            md_rate(b, x);
            tock_rep_puts(b, " | ");
            md_published(b, x);
            tock_rep_puts(b, " |\n");
        }
        tock_rep_puts(b, "\n");
        const tock_rep_fit *f = tock_rep_fit_of(run, g[k].group, g[k].name);
        if (f) fit_line(b, run, f);
    }
    /* fits without a table here (none in practice), then the crossovers */
    for (size_t i = 0; i < run->nfit; i++) {
        int shown = 0;
        for (size_t k = 0; k < ng && !shown; k++)
            shown = tock_rep_fit_of(run, g[k].group, g[k].name) == &run->fit[i];
        if (!shown) fit_line(b, run, &run->fit[i]);
    }
    for (size_t i = 0; i < run->ncross; i++) {
        tock_rep_puts(b, i ? "- " : "Crossovers of the fitted groups:\n\n- ");
        tock_rep_put_md(b, run->cross[i].text);
        tock_rep_puts(b, i + 1 == run->ncross ? "\n\n" : "\n");
    }
    int others = 0;
    for (size_t i = 0; i < run->nb; i++) {
        const tock_rep_bench *x = &run->b[i];
        if (in_group[i] || x->sweep) continue;
        if (!others++)
            tock_rep_puts(b, ng ? "Other benchmarks:\n\n" : "Benchmarks:\n\n");
        tock_rep_puts(b, "- `");
        tock_rep_put_md(b, x->id);
        tock_rep_puts(b, "`: ");
        md_time(b, x->typical.point);
        tock_rep_puts(b, " ");
        md_interval(b, &x->typical);
        if (x->tp_kind) {
            tock_rep_puts(b, ", ");
            md_rate(b, x);
        }
        if (x->floor_id && isfinite(x->floor_ratio)) {
            tock_rep_printf(b, ", %.2fx its floor `", x->floor_ratio);
            tock_rep_put_md(b, x->floor_id);
            tock_rep_puts(b, "`");
        }
        if (isfinite(x->published_ns)) {
            tock_rep_puts(b, "; published ");
            md_published(b, x);
        }
        tock_rep_puts(b, "\n");
    }
    if (others) tock_rep_puts(b, "\n");
    sweeps(b, run);
    machine(b, run, cite);
    tock_rep_puts(b, "\nPublished figures come from another machine and language: context, "
                     "not a like-for-like comparison.\n");
    free(in_group);
    tock_rep_groups_free(g, ng);
    return b->err;
}

int tock_rep_md_table(const tock_rep_run *run, tock_rep_buf *b) {
    double cl = conf_pct(run);
    tock_rep_puts(b, "### tock run ");
    tock_rep_put_md(b, run->run_id);
    tock_rep_puts(b, run->interrupted ? " (incomplete: interrupted)\n\n" : "\n\n");
    tock_rep_printf(b, "| ID | mode | time | %.0f%% interval | throughput | ratio to floor | "
                       "published | outliers | stop |%s\n"
                       "|---|---|---:|---|---:|---:|---:|---:|---|%s\n", cl,
                    run->has_comparison ? " change vs baseline |" : "",
                    run->has_comparison ? "---|" : "");
    for (size_t i = 0; i < run->nb; i++) {
        const tock_rep_bench *x = &run->b[i];
        tock_rep_puts(b, "| `");
        tock_rep_put_md(b, x->id);
        tock_rep_puts(b, "` | ");
        tock_rep_put_md(b, x->mode);
        tock_rep_puts(b, " | ");
        md_time(b, x->typical.point);
        tock_rep_puts(b, " | ");
        md_interval(b, &x->typical);
        tock_rep_puts(b, " | ");
        md_rate(b, x);
        tock_rep_puts(b, " | ");
        if (x->floor_id && isfinite(x->floor_ratio))
            tock_rep_printf(b, "%.3f", x->floor_ratio);
        else
            tock_rep_puts(b, "-");
        tock_rep_puts(b, " | ");
        md_published(b, x);
        tock_rep_printf(b, " | %llu/%llu | ",
                        (unsigned long long)(x->out_low_severe + x->out_low_mild +
                                             x->out_high_mild + x->out_high_severe),
                        (unsigned long long)x->samples);
        tock_rep_put_md(b, x->stop_reason);
        tock_rep_puts(b, " |");
        if (run->has_comparison) {
            if (x->has_change)
                tock_rep_printf(b, " %+.2f%% [%+.2f%%, %+.2f%%] %s |", 100.0 * x->change.point,
                                100.0 * x->change.lower, 100.0 * x->change.upper, x->verdict);
            else
                tock_rep_puts(b, " not in the baseline |");
        }
        tock_rep_puts(b, "\n");
    }
    tock_rep_puts(b, "\n");
    if (run->has_comparison) {
        tock_rep_puts(b, "Change against ");
        tock_rep_puts(b, strcmp(run->cmp_mode, "ab") == 0 ? "the A/B reference `" : "baseline `");
        tock_rep_put_md(b, run->cmp_against);
        tock_rep_puts(b, "`: new / old - 1 of the typical time, positive = slower.\n\n");
    }
    machine(b, run, run->dir);
    return b->err;
}
