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
 * regenerate it byte for byte. Cells are escaped and tables laid out by
 * util.h's tock__md_* functions, the ones REPORT.md and COMPARE.md use.
 */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void md_interval(tock__buf *b, const tock_rep_est *e) {
    tock__buf_puts(b, "[");
    tock_rep_put_time(b, e->lower, 0);
    tock__buf_puts(b, ", ");
    tock_rep_put_time(b, e->upper, 0);
    tock__buf_puts(b, "]");
}

static void md_rate(tock__buf *b, const tock_rep_bench *x) {
    char t[40];
    if (!x->tp_kind) {
        tock__buf_puts(b, "-");
        return;
    }
    tock__fmt_rate(t, sizeof t, x->tp.point, x->tp_bytes);
    tock__buf_puts(b, t);
}

static void md_published(tock__buf *b, const tock_rep_bench *x) {
    if (!isfinite(x->published_ns)) {
        tock__buf_puts(b, "-");
        return;
    }
    tock_rep_put_time(b, x->published_ns, 0);
    tock__buf_printf(b, " (%.2fx)", x->typical.point / x->published_ns);
}

static double conf_pct(const tock_rep_run *run) {
    return 100.0 * (isfinite(run->confidence) ? run->confidence : 0.95);
}

/* the run's own scaling fit of a group, as the framework states it */
static void fit_line(tock__buf *b, const tock_rep_run *run, const tock_rep_fit *f) {
    tock__buf_printf(
        b, "Scaling (the run's own fit, %.0f%% wild-bootstrap intervals): ", conf_pct(run));
    tock__md_cell(b, f->line);
    if (isfinite(f->r2)) tock__buf_printf(b, ", R^2 = %.4f", f->r2);
    tock__buf_puts(b, ".\n\n");
}

/* the machine and run line shared by both forms */
static void machine(tock__buf *b, const tock_rep_run *run, const char *cite) {
    const tock_rep_prov *p = &run->prov;
    const char *isa = tock_rep_isa(run);
    tock__buf_puts(b, "Machine: ");
    tock__md_cell(b, p->cpu_model);
    tock__buf_puts(b, " (");
    tock__md_cell(b, p->arch);
    if (isa) {
        tock__buf_puts(b, ", ISA ");
        tock__md_cell(b, isa);
    }
    if (p->logical_cpus > 0) tock__buf_printf(b, ", %ld logical CPUs", p->logical_cpus);
    tock__buf_printf(b, "), %llu thread%s, ", (unsigned long long)p->threads,
                     p->threads == 1 ? "" : "s");
    tock__md_cell(b, p->compiler_id);
    tock__buf_puts(b, " ");
    tock__md_cell(b, p->compiler_version);
    tock__buf_puts(b, ". Run `");
    tock__buf_puts(b, cite);
    tock__buf_puts(b, "` (commit ");
    tock__md_cell(b, p->commit);
    tock__buf_puts(b, p->dirty ? ", dirty" : "");
    tock__buf_puts(b, ", started ");
    tock__md_cell(b, p->started_utc);
    tock__buf_puts(b, ").\n");
}

/* one line per sweep, from summary.json alone (the published folder holds
 * no sweep files): its points stay out of the lines above */
static void sweeps(tock__buf *b, const tock_rep_run *run) {
    int any = 0;
    for (size_t k = 0; k < run->nsw; k++) {
        const tock_rep_sweep *s = &run->sw[k];
        if (!s->nrecords) continue;
        if (!any++)
            tock__buf_puts(b, "Sweeps (parameter grids; per-point times in the run's "
                              "sweeps/<name>.csv and REPORT.html):\n\n");
        tock__buf_puts(b, "- `");
        tock__md_cell(b, s->name);
        tock__buf_printf(b, "`: %zu benchmark record%s over %zu point%s (", s->nrecords,
                         s->nrecords == 1 ? "" : "s", s->rec_points, s->rec_points == 1 ? "" : "s");
        for (const char *c = s->rec_axes; *c; c++) {
            if (*c == ',')
                tock__buf_puts(b, " x ");
            else
                tock__md_cell(b, (char[2]){*c, '\0'});
        }
        tock__buf_printf(b, "), %zu repeat%s, routine%s ", s->rec_repeats,
                         s->rec_repeats == 1 ? "" : "s", strchr(s->rec_routines, ',') ? "s" : "");
        tock__md_cell(b, s->rec_routines);
        tock__buf_puts(b, "\n");
    }
    if (any) tock__buf_puts(b, "\n");
}

/* A count run (tock-perf --measure instructions): one row of counts per
 * benchmark instead of times, then the formula and the machine. */
static int md_counts(const tock_rep_run *run, const char *cite, tock__buf *b) {
    tock__buf_puts(b, "Instruction counts per iteration under valgrind's callgrind");
    if (run->isa_counted) tock__buf_printf(b, " (ISA counted: %s)", run->isa_counted);
    tock__buf_puts(b, ":\n\n");
    const char *head[7] = {"ID",        "Ir",          "data reads + writes", "L1 misses",
                           "LL misses", "est. cycles", "change vs old"};
    const int chg = run->b && run->nb && run->b[0].count_verdict;
    tock__md_head(b, chg ? 7 : 6, head, "lrrrrrl");
    tock__md_cells row = {0};
    for (size_t i = 0; i < run->nb; i++) {
        const tock_rep_bench *x = &run->b[i];
        const double *c = x->counts; /* Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw */
        tock__md_add(&row, "`%s`", x->id);
        tock__md_add(&row, "%.6g", c[0]);
        tock__md_add(&row, "%.6g", c[1] + c[2]);
        tock__md_add(&row, "%.6g", c[3] + c[4] + c[5]);
        tock__md_add(&row, "%.6g", c[6] + c[7] + c[8]);
        tock__md_add(&row, "%.6g", x->est_cycles);
        if (chg && isfinite(x->count_change))
            tock__md_add(&row, "%+.2f%% %s", 100.0 * x->count_change, x->count_verdict);
        else if (chg)
            tock__md_add(&row, "%s", x->count_verdict ? x->count_verdict : "-");
        tock__md_emit(b, &row);
    }
    tock__buf_free(&row.text);
    tock__buf_printf(b, "\n%s. Counts repeat exactly; they are not time.\n\n",
                     run->count_formula ? run->count_formula : "est. cycles");
    machine(b, run, cite);
    return b->err;
}

int tock_rep_md_published(const tock_rep_run *run, const char *cite, tock__buf *b) {
    if (run->counts_mode) return md_counts(run, cite, b);
    tock_rep_group *g = NULL;
    size_t ng = 0;
    int rc = tock_rep_groups(run, &g, &ng);
    if (rc < 0) return rc;
    char *in_group = (char *)calloc(run->nb ? run->nb : 1, 1);
    if (!in_group) {
        tock_rep_groups_free(g, ng);
        return TOCK_REP_ENOMEM;
    }
    tock__md_cells row = {0};
    if (run->interrupted)
        tock__buf_printf(b,
                         "**Incomplete run (interrupted): %llu of %llu selected benchmarks "
                         "measured.**\n\n",
                         (unsigned long long)run->measured, (unsigned long long)run->selected);
    double cl = conf_pct(run);
    for (size_t k = 0; k < ng; k++) {
        const char *pl = tock_rep_param_label(g[k].group);
        tock__buf_puts(b, "`");
        tock__md_cell(b, g[k].group);
        if (g[k].name) {
            tock__buf_puts(b, "/");
            tock__md_cell(b, g[k].name);
        }
        tock__buf_printf(b,
                         "/{%s}`: typical time per call (OLS slope) with its %.0f%% "
                         "bootstrap interval.\n\n",
                         pl, cl);
        char ci[32];
        snprintf(ci, sizeof ci, "%.0f%% interval", cl);
        const char *head[5] = {pl, "time", ci, "throughput", "published"};
        /* the published column only when the run declares published figures */
        tock__md_head(b, run->has_published ? 5 : 4, head, "rrlrl");
        for (size_t i = 0; i < g[k].n; i++) {
            const tock_rep_bench *x = &run->b[g[k].idx[i]];
            in_group[g[k].idx[i]] = 1;
            tock__md_add(&row, "%s", x->parameter);
            tock_rep_put_time(tock__md_next(&row), x->typical.point, 0);
            md_interval(tock__md_next(&row), &x->typical);
            md_rate(tock__md_next(&row), x);
            if (run->has_published) md_published(tock__md_next(&row), x);
            tock__md_emit(b, &row);
        }
        tock__buf_puts(b, "\n");
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
        tock__buf_puts(b, i ? "- " : "Crossovers of the fitted groups:\n\n- ");
        tock__md_cell(b, run->cross[i].text);
        tock__buf_puts(b, i + 1 == run->ncross ? "\n\n" : "\n");
    }
    int others = 0;
    for (size_t i = 0; i < run->nb; i++) {
        const tock_rep_bench *x = &run->b[i];
        if (in_group[i] || x->sweep) continue;
        if (!others++) tock__buf_puts(b, ng ? "Other benchmarks:\n\n" : "Benchmarks:\n\n");
        tock__buf_puts(b, "- `");
        tock__md_cell(b, x->id);
        tock__buf_puts(b, "`: ");
        tock_rep_put_time(b, x->typical.point, 0);
        tock__buf_puts(b, " ");
        md_interval(b, &x->typical);
        if (x->tp_kind) {
            tock__buf_puts(b, ", ");
            md_rate(b, x);
        }
        if (x->floor_id && isfinite(x->floor_ratio)) {
            tock__buf_printf(b, ", %.2fx its floor `", x->floor_ratio);
            tock__md_cell(b, x->floor_id);
            tock__buf_puts(b, "`");
        }
        if (isfinite(x->published_ns)) {
            tock__buf_puts(b, "; published ");
            md_published(b, x);
        }
        tock__buf_puts(b, "\n");
    }
    if (others) tock__buf_puts(b, "\n");
    sweeps(b, run);
    machine(b, run, cite);
    if (run->has_published)
        tock__buf_puts(b, "\nPublished figures come from another machine and language: "
                          "context, not a like-for-like comparison.\n");
    tock__buf_free(&row.text);
    free(in_group);
    tock_rep_groups_free(g, ng);
    return b->err;
}

int tock_rep_md_table(const tock_rep_run *run, tock__buf *b) {
    if (run->counts_mode) return md_counts(run, run->dir, b);
    double cl = conf_pct(run);
    tock__buf_puts(b, "### tock run ");
    tock__md_cell(b, run->run_id);
    tock__buf_puts(b, run->interrupted ? " (incomplete: interrupted)\n\n" : "\n\n");
    char ci[32];
    snprintf(ci, sizeof ci, "%.0f%% interval", cl);
    const char *head[10] = {"ID", "mode", "time", ci, "throughput", "ratio to floor"};
    const char *al = run->has_published ? "llrlrrrrll" : "llrlrrrll";
    size_t ncol = 6;
    if (run->has_published) head[ncol++] = "published";
    head[ncol++] = "outliers";
    head[ncol++] = "stop";
    if (run->has_comparison) head[ncol++] = "change vs baseline (decided)";
    tock__md_head(b, ncol, head, al);
    tock__md_cells row = {0};
    for (size_t i = 0; i < run->nb; i++) {
        const tock_rep_bench *x = &run->b[i];
        tock__md_add(&row, "`%s`", x->id);
        tock__md_add(&row, "%s", x->mode);
        tock_rep_put_time(tock__md_next(&row), x->typical.point, 0);
        md_interval(tock__md_next(&row), &x->typical);
        md_rate(tock__md_next(&row), x);
        if (x->floor_id && isfinite(x->floor_ratio))
            tock__md_add(&row, "%.3f", x->floor_ratio);
        else
            tock__md_add(&row, "-");
        if (run->has_published) md_published(tock__md_next(&row), x);
        tock__md_add(&row, "%llu/%llu",
                     (unsigned long long)(x->out_low_severe + x->out_low_mild + x->out_high_mild +
                                          x->out_high_severe),
                     (unsigned long long)x->samples);
        tock__md_add(&row, "%s", x->stop_reason);
        if (run->has_comparison && x->has_change)
            tock__md_add(&row, "%+.2f%% [%+.2f%%, %+.2f%%] %s", 100.0 * x->change.point,
                         100.0 * x->change.lower, 100.0 * x->change.upper, x->verdict);
        else if (run->has_comparison)
            tock__md_add(&row, "not in the baseline");
        tock__md_emit(b, &row);
    }
    tock__buf_free(&row.text);
    tock__buf_puts(b, "\n");
    if (run->has_comparison) {
        tock__buf_puts(b, "Change against ");
        tock__buf_puts(b, strcmp(run->cmp_mode, "ab") == 0 ? "the A/B reference `" : "baseline `");
        tock__md_cell(b, run->cmp_against);
        tock__buf_puts(b, "`: new / old - 1 (positive = slower), the change the verdict was "
                          "decided on, with its interval.\n\n");
    }
    machine(b, run, run->dir);
    return b->err;
}
