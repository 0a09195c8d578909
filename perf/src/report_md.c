/* report_md.c - REPORT.md: provenance summary, the latency table, scaling
 * lines and sweeps, as Markdown a person reads or pastes. It renders what
 * the analysis stored and never computes an estimate.
 */
#include "internal.h"

/* a row of the provenance table: key, and the value printf formats */
static void tock__report_kv(tock__buf *b, const char *key, const char *fmt, ...) TOCK__PRINTF(3, 4);
static void tock__report_kv(tock__buf *b, const char *key, const char *fmt, ...) {
    tock__buf v = {0};
    va_list ap;
    va_start(ap, fmt);
    tock__buf_vprintf(&v, fmt, ap);
    va_end(ap);
    const char *row[2] = {key, v.p ? v.p : ""};
    if (v.err && !b->err) b->err = v.err;
    tock__md_row(b, 2, row);
    tock__buf_free(&v);
}

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
    tock__buf_puts(&buf, "## Provenance\n\n");
    tock__md_head(&buf, 2, NULL, NULL);
    tock__report_kv(&buf, "commit", "%s%s", TOCK_GIT_COMMIT, TOCK_GIT_DIRTY ? " (dirty)" : "");
    tock__report_kv(&buf, "compiler", "%s %s", tock__compiler_id(), tock__compiler_version());
    tock__report_kv(&buf, "flags", "%s", TOCK_COMPILE_FLAGS);
    tock__report_kv(&buf, "CPU", "%s (%ld logical)", p->ci.model, p->ncpu);
    tock__report_kv(&buf, "kernel", "%s %s %s", p->un_ok ? p->un.sysname : "unreadable",
                    p->un_ok ? p->un.release : "", p->un_ok ? p->un.machine : "");
    tock__report_kv(&buf, "governor / boost / SMT", "%s / %s / %s", p->governor, p->boost,
                    p->smt_active);
    tock__report_kv(&buf, "load average at start", "%s", p->loadavg);
    tock__report_kv(&buf, "hypervisor", "%s (type: %s)", p->ci.has_hypervisor_flag ? "yes" : "no",
                    p->hyp_type);
    tock__report_kv(&buf, "timer",
                    "%s, %.6g MHz, overhead %.3g ns, resolution %.3g ns, min sample %.3g us",
                    tock__timer_name(t->source), t->hz / 1e6, t->overhead_ns, t->resolution_ns,
                    t->min_sample_ns / 1e3);
    tock__report_kv(&buf, "threads", "%d", S->cfg.threads);
    for (size_t i = 0; i < S->nprov; i++)
        tock__report_kv(&buf, S->prov_kv[2 * i], "%s", S->prov_kv[2 * i + 1]);
    tock__report_kv(&buf, "started", "%s", S->started_iso);
    tock__buf_printf(&buf,
                     "\n## Latency\n\nTypical time = OLS slope over linear samples; interval = "
                     "%.0f%% percentile bootstrap (%zu resamples).\n\n",
                     100.0 * S->cfg.confidence, S->cfg.nresamples);
    const int chg = S->comparing != TOCK__MODE_MEASURE; /* the change column, when compared */
    /* the published column only when a benchmark declares a published figure:
     * another project's report has nothing to compare against */
    int pub = 0;
    for (size_t i = 0; i < S->nbench; i++)
        pub |= S->benches[i].state == TOCK__DONE && S->benches[i].def.published_ns > 0.0;
    const char *head[8] = {"ID", "mode", "time [interval]", "throughput", "stop", "ratio to floor"};
    size_t ncol = 6;
    if (pub) head[ncol++] = "ratio to published (another machine and language, Rust/Criterion)";
    if (chg) head[ncol++] = "change vs baseline [interval], verdict";
    tock__md_head(&buf, ncol, head, NULL);
    tock__md_cells row = {0};
    for (size_t i = 0; i < S->nbench; i++) {
        const tock__bench *b = &S->benches[i];
        if (b->state != TOCK__DONE || b->grid) continue; /* grid points: their own section */
        const tock_estimate *e = &b->an.est.slope;
        char lo[32], pt[32], hi[32];
        tock__fmt_time(lo, sizeof lo, e->lower, 0);
        tock__fmt_time(pt, sizeof pt, e->point, 0);
        tock__fmt_time(hi, sizeof hi, e->upper, 0);
        tock__md_add(&row, "%s", b->id);
        tock__md_add(&row, "%s", b->def.mode == TOCK_MODE_THROUGHPUT ? "throughput" : "latency");
        tock__md_add(&row, "%s [%s, %s]", pt, lo, hi);
        if (b->def.throughput_kind != TOCK_THROUGHPUT_NONE) {
            tock_estimate r;
            tock__throughput(b, &r);
            tock__fmt_rate(pt, sizeof pt, r.point, b->def.throughput_kind == TOCK_THROUGHPUT_BYTES);
            tock__md_add(&row, "%s", pt);
        } else {
            tock__md_add(&row, "-");
        }
        tock__md_add(&row, "%s +-%.2f%%", tock_stop_reason_name(b->stop), 100.0 * b->an.precision);
        if (b->floor_id) {
            double fr = tock__floor_ratio(S, b);
            if (isfinite(fr))
                tock__md_add(&row, "%.3f (%s)", fr, b->floor_id);
            else
                tock__md_add(&row, "n/a, not measured (%s)", b->floor_id);
        } else {
            tock__md_add(&row, "-");
        }
        if (pub && b->def.published_ns > 0.0) {
            tock__fmt_time(pt, sizeof pt, b->def.published_ns, 0);
            tock__md_add(&row, "%.3f (%s)", e->point / b->def.published_ns, pt);
        } else if (pub) {
            tock__md_add(&row, "-");
        }
        if (chg && b->has_change) { /* the change the verdict is decided on */
            const tock_change *c = &b->change;
            tock__fmt_pct(lo, sizeof lo, c->median.lower);
            tock__fmt_pct(pt, sizeof pt, c->median.point);
            tock__fmt_pct(hi, sizeof hi, c->median.upper);
            tock__md_add(&row, "%s [%s, %s], %s", pt, lo, hi, tock_verdict_name(c->verdict));
        } else if (chg) {
            tock__md_add(&row, "-");
        }
        tock__md_emit(&buf, &row);
    }
    tock__buf_free(&row.text);
    if (pub)
        tock__buf_puts(&buf, "\nRatios to published figures compare against another machine and "
                             "another language (Rust/Criterion): context, not a like-for-like "
                             "comparison.\n");
    tock__report_fits(S, &buf);
    tock__report_sweeps(S, &buf);
    tock__report_counters(S, &buf);
    int rc = tock__write_artifact(S, "REPORT.md", &buf);
    tock__buf_free(&buf);
    return rc;
}
