/* report_md.c - REPORT.md: provenance summary, the latency table, scaling
 * lines and sweeps, as Markdown a person reads or pastes. It renders what
 * the analysis stored and never computes an estimate.
 */
#include "internal.h"

int tock__write_report(tock__state *S, const tock__prov *p, int interrupted) {
    tock__buf buf = {0};
    const tock__timer *t = &S->timer;
    size_t done = 0, sel = 0;
    for (size_t i = 0; i < S->nbench; i++) {
        sel += S->benches[i].selected != 0;
        done += S->benches[i].state == TOCK__DONE;
    }
    tock__buf_printf(&buf, "# tock run %s\n\n", S->run_id);
    tock__buf_printf(&buf, "Status: **%s**, %zu of %zu selected benchmarks measured.\n\n",
                     interrupted ? "interrupted" : "complete", done, sel);
    tock__buf_puts(&buf, "## Provenance\n\n| | |\n|---|---|\n");
    tock__buf_printf(&buf, "| commit | %s%s |\n", TOCK_GIT_COMMIT, TOCK_GIT_DIRTY ? " (dirty)" : "");
    tock__buf_printf(&buf, "| compiler | %s %s |\n", tock__compiler_id(), tock__compiler_version());
    tock__buf_puts(&buf, "| flags | ");
    tock__md_cell(&buf, TOCK_COMPILE_FLAGS);
    tock__buf_puts(&buf, " |\n| CPU | ");
    tock__md_cell(&buf, p->ci.model);
    tock__buf_printf(&buf, " (%ld logical) |\n", p->ncpu);
    tock__buf_printf(&buf, "| kernel | %s %s %s |\n", p->un_ok ? p->un.sysname : "unreadable",
                     p->un_ok ? p->un.release : "", p->un_ok ? p->un.machine : "");
    tock__buf_printf(&buf, "| governor / boost / SMT | %s / %s / %s |\n", p->governor, p->boost,
                     p->smt_active);
    tock__buf_printf(&buf, "| load average at start | %s |\n", p->loadavg);
    tock__buf_printf(&buf, "| hypervisor | %s (type: %s) |\n",
                     p->ci.has_hypervisor_flag ? "yes" : "no", p->hyp_type);
    tock__buf_printf(&buf,
                     "| timer | %s, %.6g MHz, overhead %.3g ns, resolution %.3g ns, "
                     "min sample %.3g us |\n",
                     tock__timer_name(t->source), t->hz / 1e6, t->overhead_ns, t->resolution_ns,
                     t->min_sample_ns / 1e3);
    tock__buf_printf(&buf, "| threads | %d |\n", S->cfg.threads);
    for (size_t i = 0; i < S->nprov; i++) {
        tock__buf_puts(&buf, "| ");
        tock__md_cell(&buf, S->prov_kv[2 * i]);
        tock__buf_puts(&buf, " | ");
        tock__md_cell(&buf, S->prov_kv[2 * i + 1]);
        tock__buf_puts(&buf, " |\n");
    }
    tock__buf_printf(&buf, "| started | %s |\n\n", S->started_iso);
    tock__buf_printf(&buf,
                     "## Latency\n\nTypical time = OLS slope over linear samples; interval = "
                     "%.0f%% percentile bootstrap (%zu resamples).\n\n",
                     100.0 * S->cfg.confidence, S->cfg.nresamples);
    const int chg = S->comparing != TOCK__MODE_MEASURE; /* the change column, when compared */
    tock__buf_puts(&buf, "| ID | mode | time [interval] | throughput | stop | ratio to floor | "
                         "ratio to published (another machine and language, Rust/Criterion) |");
    tock__buf_puts(&buf, chg ? " change vs baseline [interval], verdict |\n"
                               "|---|---|---|---|---|---|---|---|\n"
                             : "\n|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < S->nbench; i++) {
        const tock__bench *b = &S->benches[i];
        if (b->state != TOCK__DONE || b->grid) continue; /* grid points: their own section */
        const tock_estimate *e = &b->an.est.slope;
        char lo[32], pt[32], hi[32];
        tock__buf_puts(&buf, "| ");
        tock__md_cell(&buf, b->id);
        tock__fmt_time(lo, sizeof lo, e->lower, 0);
        tock__fmt_time(pt, sizeof pt, e->point, 0);
        tock__fmt_time(hi, sizeof hi, e->upper, 0);
        tock__buf_printf(&buf, " | %s | %s [%s, %s] | ",
                         b->def.mode == TOCK_MODE_THROUGHPUT ? "throughput" : "latency", pt, lo, hi);
        if (b->def.throughput_kind != TOCK_THROUGHPUT_NONE) {
            tock_estimate r;
            tock__throughput(b, &r);
            tock__fmt_rate(pt, sizeof pt, r.point, b->def.throughput_kind == TOCK_THROUGHPUT_BYTES);
            tock__buf_puts(&buf, pt);
        } else {
            tock__buf_puts(&buf, "-");
        }
        tock__buf_printf(&buf, " | %s +-%.2f%% | ", tock_stop_reason_name(b->stop),
                         100.0 * b->an.precision);
        if (b->floor_id) {
            double fr = tock__floor_ratio(S, b);
            if (isfinite(fr))
                tock__buf_printf(&buf, "%.3f (", fr);
            else
                tock__buf_puts(&buf, "n/a, not measured (");
            tock__md_cell(&buf, b->floor_id);
            tock__buf_puts(&buf, ")");
        } else {
            tock__buf_puts(&buf, "-");
        }
        if (b->def.published_ns > 0.0) {
            tock__fmt_time(pt, sizeof pt, b->def.published_ns, 0);
            tock__buf_printf(&buf, " | %.3f (%s) |", e->point / b->def.published_ns, pt);
        } else {
            tock__buf_puts(&buf, " | - |");
        }
        if (chg && b->has_change) { /* the change the verdict is decided on */
            const tock_change *c = &b->change;
            tock__fmt_pct(lo, sizeof lo, c->median.lower);
            tock__fmt_pct(pt, sizeof pt, c->median.point);
            tock__fmt_pct(hi, sizeof hi, c->median.upper);
            tock__buf_printf(&buf, " %s [%s, %s], %s |", pt, lo, hi,
                             tock_verdict_name(c->verdict));
        } else if (chg) {
            tock__buf_puts(&buf, " - |");
        }
        tock__buf_puts(&buf, "\n");
    }
    tock__buf_puts(&buf, "\nRatios to published figures compare against another machine and "
                         "another language (Rust/Criterion): context, not a like-for-like "
                         "comparison.\n");
    tock__report_fits(S, &buf);
    tock__report_sweeps(S, &buf);
    int rc = tock__write_artifact(S, "REPORT.md", &buf);
    tock__buf_free(&buf);
    return rc;
}
