/* count_out.c - the files of a --measure instructions run: summary.json
 * (schema tock.summary/1 with "measure": "instructions" and a "counts"
 * object per benchmark), summary.csv, REPORT.md (a counts table instead of
 * the time columns) and, when compared, COMPARE.md. Nothing here counts.
 */
#include "internal.h"

static void tock__json_counts(tock__json *j, const tock_baseline_bench *x) {
    tock__json_begin(j, "counts", '{');
    int pretty = j->pretty;
    j->pretty = 0;
    tock__json_u64(j, "iterations", x->count_iters);
    for (int k = 0; k < TOCK_COUNT_NEVENTS; k++)
        tock__json_double(j, tock_count_event_names[k], x->counts[k]);
    tock__json_double(j, "est_cycles", tock_count_est_cycles(x->counts));
    tock__json_end(j, '}');
    j->pretty = pretty;
}

static void tock__json_count_change(tock__json *j, const tock__count_verdict *v) {
    tock__json_begin(j, "count_change", '{');
    tock__json_string(j, "verdict", tock__count_verdict_name(v->kind));
    int pretty = j->pretty;
    j->pretty = 0;
    tock__json_begin(j, "est_cycles", '{');
    tock__json_double(j, "old", v->old_cycles);
    tock__json_double(j, "new", v->new_cycles);
    tock__json_double(j, "change", v->cycles_change);
    tock__json_end(j, '}');
    j->pretty = pretty;
    tock__json_begin(j, "events", '{');
    for (int k = 0; k < TOCK_COUNT_NEVENTS; k++) {
        j->pretty = 0;
        tock__json_begin(j, tock_count_event_names[k], '{');
        tock__json_double(j, "old", v->old_ev[k]);
        tock__json_double(j, "new", v->new_ev[k]);
        tock__json_double(j, "change", v->change[k]);
        tock__json_end(j, '}');
        j->pretty = pretty;
    }
    tock__json_end(j, '}');
    tock__json_end(j, '}');
}

static const char *tock__prov_get(const tock__state *S, const char *key) {
    for (size_t i = 0; i < S->nprov; i++)
        if (strcmp(S->prov_kv[2 * i], key) == 0) return S->prov_kv[2 * i + 1];
    return NULL;
}

/* counts per iteration are multiples of 1/n: whole numbers without decimals */
static void tock__fmt_count(char *out, size_t cap, double v) {
    if (v == floor(v) && fabs(v) < 1e15)
        snprintf(out, cap, "%.0f", v);
    else
        snprintf(out, cap, "%.2f", v);
}

static int tock__count_summary(tock__state *S, const tock_baseline *cur,
                               const tock__count_verdict *v, size_t nv, const char *old_label) {
    tock__buf buf = {0};
    tock__json j;
    tock__json_init(&j, &buf, 1);
    tock__json_begin(&j, NULL, '{');
    tock__json_string(&j, "schema", "tock.summary/1");
    tock__json_string(&j, "run_id", S->run_id);
    tock__json_string(&j, "status", "complete");
    tock__json_string(&j, "measure", "instructions");
    tock__json_string(&j, "count_formula", TOCK__COUNT_FORMULA);
    tock__json_string(&j, "isa_counted", tock__prov_get(S, "isa_dispatched"));
    if (v) {
        size_t nk[4] = {0, 0, 0, 0};
        for (size_t i = 0; i < nv; i++) nk[v[i].kind]++;
        tock__json_begin(&j, "count_comparison", '{');
        tock__json_string(&j, "old", old_label);
        tock__json_double(&j, "count_threshold", S->cfg.count_threshold);
        tock__json_u64(&j, "regressed", nk[TOCK__CV_REGRESSED]);
        tock__json_u64(&j, "improved", nk[TOCK__CV_IMPROVED]);
        tock__json_u64(&j, "unchanged", nk[TOCK__CV_UNCHANGED]);
        tock__json_u64(&j, "missing", nk[TOCK__CV_MISSING]);
        tock__json_end(&j, '}');
    }
    tock__json_begin(&j, "benchmarks", '[');
    for (size_t i = 0; i < cur->nbench; i++) {
        const tock_baseline_bench *x = &cur->benches[i];
        const tock__bench *b = tock__find(S, x->id);
        tock__json_begin(&j, NULL, '{');
        tock__json_string(&j, "id", x->id);
        if (b) {
            tock__json_string(&j, "group", b->group);
            tock__json_string(&j, "name", b->name);
            tock__json_string(&j, "parameter", b->parameter);
            if (b->grid) tock__json_string(&j, "sweep", S->grids[b->grid - 1]->def.name);
            tock__json_string(&j, "mode",
                              b->def.mode == TOCK_MODE_THROUGHPUT ? "throughput" : "latency");
        }
        tock__json_string(&j, "unit", "instructions");
        tock__json_counts(&j, x);
        if (v && i < nv) tock__json_count_change(&j, &v[i]);
        tock__json_end(&j, '}');
    }
    tock__json_end(&j, ']');
    tock__json_end(&j, '}');
    int rc = tock__write_artifact(S, "summary.json", &buf);
    tock__buf_free(&buf);
    return rc;
}

static int tock__count_csv(tock__state *S, const tock_baseline *cur, const tock__count_verdict *v,
                           size_t nv) {
    tock__buf buf = {0};
    tock__buf_puts(&buf, "id,iterations");
    for (int k = 0; k < TOCK_COUNT_NEVENTS; k++)
        tock__buf_printf(&buf, ",%s", tock_count_event_names[k]);
    tock__buf_puts(&buf, ",est_cycles,est_cycles_change,verdict\n");
    for (size_t i = 0; i < cur->nbench; i++) {
        const tock_baseline_bench *x = &cur->benches[i];
        tock__csv_str(&buf, x->id);
        tock__buf_printf(&buf, ",%llu", (unsigned long long)x->count_iters);
        /* tock__csv_num writes the separator before its field */
        for (int k = 0; k < TOCK_COUNT_NEVENTS; k++) tock__csv_num(&buf, x->counts[k]);
        tock__csv_num(&buf, tock_count_est_cycles(x->counts));
        if (v && i < nv) {
            tock__csv_num(&buf, v[i].cycles_change);
            tock__buf_printf(&buf, ",%s\n", tock__count_verdict_name(v[i].kind));
        } else {
            tock__buf_puts(&buf, ",\n");
        }
    }
    int rc = tock__write_artifact(S, "summary.csv", &buf);
    tock__buf_free(&buf);
    return rc;
}

static int tock__count_report(tock__state *S, const tock__prov *p, const tock_baseline *cur,
                              const tock__count_verdict *v, size_t nv) {
    tock__buf buf = {0};
    size_t sel = 0;
    for (size_t i = 0; i < S->nbench; i++) sel += S->benches[i].selected != 0;
    tock__buf_printf(&buf, "# tock run %s (instruction counts)\n\n", S->run_id);
    tock__buf_printf(&buf,
                     "Status: **complete**, %zu of %zu selected benchmarks counted under "
                     "valgrind's callgrind (--measure instructions, 1 thread).\n\n",
                     cur->nbench, sel);
    tock__buf_puts(&buf, "## Provenance\n\n");
    tock__md_head(&buf, 2, NULL, NULL);
    const char *isa = tock__prov_get(S, "isa_dispatched");
    const char *cells[2];
    char val[600];
    snprintf(val, sizeof val, "%s%s", TOCK_GIT_COMMIT, TOCK_GIT_DIRTY ? " (dirty)" : "");
    cells[0] = "commit";
    cells[1] = val;
    tock__md_row(&buf, 2, cells);
    snprintf(val, sizeof val, "%s %s", tock__compiler_id(), tock__compiler_version());
    cells[0] = "compiler";
    tock__md_row(&buf, 2, cells);
    snprintf(val, sizeof val, "%s (valgrind simulates its own CPU: cache sizes below)",
             p->ci.model);
    cells[0] = "CPU";
    tock__md_row(&buf, 2, cells);
    cells[0] = "ISA counted";
    cells[1] = isa ? isa : "not reported by the program";
    tock__md_row(&buf, 2, cells);
    for (size_t i = 0; i < S->nprov; i++) {
        cells[0] = S->prov_kv[2 * i];
        cells[1] = S->prov_kv[2 * i + 1];
        tock__md_row(&buf, 2, cells);
    }
    tock__buf_printf(&buf,
                     "\n## Instruction counts\n\nPer iteration: (count of routine(ctx, 2n) - "
                     "count of routine(ctx, n)) / n with n = %d, after one uncounted warm call, "
                     "so the harness's fixed cost cancels. Ir instructions, Dr/Dw data reads "
                     "and writes, I1mr/D1mr/D1mw L1 misses, ILmr/DLmr/DLmw last-level misses "
                     "(valgrind's simulated caches). %s. Counts are exact and repeat from run "
                     "to run; they are not time.\n\n",
                     TOCK__COUNT_N, TOCK__COUNT_FORMULA);
    const int chg = v != NULL;
    const char *head[3 + TOCK_COUNT_NEVENTS];
    head[0] = "ID";
    for (int k = 0; k < TOCK_COUNT_NEVENTS; k++) head[1 + k] = tock_count_event_names[k];
    head[1 + TOCK_COUNT_NEVENTS] = "est. cycles";
    head[2 + TOCK_COUNT_NEVENTS] = "change vs old, verdict";
    tock__md_head(&buf, (size_t)(chg ? 3 : 2) + TOCK_COUNT_NEVENTS, head, NULL);
    tock__md_cells row = {0};
    for (size_t i = 0; i < cur->nbench; i++) {
        const tock_baseline_bench *x = &cur->benches[i];
        tock__md_add(&row, "%s", x->id);
        char num[48];
        for (int k = 0; k < TOCK_COUNT_NEVENTS; k++) {
            tock__fmt_count(num, sizeof num, x->counts[k]);
            tock__md_add(&row, "%s", num);
        }
        tock__fmt_count(num, sizeof num, tock_count_est_cycles(x->counts));
        tock__md_add(&row, "%s", num);
        if (chg && i < nv && v[i].kind != TOCK__CV_MISSING) {
            char pct[32];
            tock__fmt_pct(pct, sizeof pct, v[i].cycles_change);
            tock__md_add(&row, "%s, %s", pct, tock__count_verdict_name(v[i].kind));
        } else if (chg) {
            tock__md_add(&row, "-, %s", tock__count_verdict_name(TOCK__CV_MISSING));
        }
        tock__md_emit(&buf, &row);
    }
    tock__buf_free(&row.text);
    int rc = tock__write_artifact(S, "REPORT.md", &buf);
    tock__buf_free(&buf);
    return rc;
}

int tock__count_write_outputs(tock__state *S, const tock__prov *p, const tock_baseline *cur,
                              const tock__count_verdict *v, size_t nv, const char *old_label) {
    if (tock__count_summary(S, cur, v, nv, old_label) < 0 || tock__count_csv(S, cur, v, nv) < 0 ||
        tock__count_report(S, p, cur, v, nv) < 0)
        return TOCK_EIO;
    if (!v) return 0;
    tock__buf buf = {0};
    int rc = tock__count_compare_md(S, v, nv, old_label, &buf);
    if (rc == 0) rc = tock__write_artifact(S, "COMPARE.md", &buf);
    tock__buf_free(&buf);
    return rc;
}
