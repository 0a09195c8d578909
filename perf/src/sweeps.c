/* sweeps.c - grid output: one row per grid point aggregated over its repeats,
 * sweeps/<name>.csv and .jsonl, and the REPORT.md sweep section.
 */
#include "internal.h"

typedef struct tock__sweep_row {
    int64_t pt[TOCK_GRID_MAX_AXES];
    double t_mean[TOCK_GRID_MAX_ROUTINES], t_std[TOCK_GRID_MAX_ROUTINES]; /* seconds */
    size_t t_n[TOCK_GRID_MAX_ROUTINES];
    double m_mean[TOCK_GRID_MAX_COLUMNS], m_std[TOCK_GRID_MAX_COLUMNS];
    int64_t mem; /* -1: unknown */
    char run_id[160];
} tock__sweep_row;

static void tock__mean_std(const double *v, size_t n, double *mean, double *std) {
    *mean = n ? tock_stats_mean(v, n) : NAN;
    *std = n >= 2 ? tock_stats_std_dev(v, n) : NAN;
}

static void tock__sweep_row_of(const tock__state *S, const tock__grid *g, size_t p,
                               tock__sweep_row *row) {
    const tock_grid_def *d = &g->def;
    double v[1000];
    tock__grid_point(d, p, row->pt);
    size_t len = 0;
    row->run_id[0] = '\0';
    for (size_t a = 0; a < d->naxes && len < sizeof row->run_id; a++)
        len += (size_t)snprintf(row->run_id + len, sizeof row->run_id - len, "%s%s%lld",
                                a ? "-" : "", d->axes[a].name, (long long)row->pt[a]);
    row->mem = tock_heap_available() ? 0 : -1;
    for (size_t k = 0; k < d->nroutines; k++) {
        size_t n = 0;
        for (size_t r = 0; r < d->repeats; r++) {
            const tock__bench *b = &S->benches[g->bench[(p * d->repeats + r) * d->nroutines + k]];
            if (b->state != TOCK__DONE) continue;
            v[n++] = b->an.est.slope.point / 1e9;
            int64_t m = (int64_t)(b->heap_setup + b->heap_peak);
            if (row->mem >= 0 && m > row->mem) row->mem = m;
        }
        row->t_n[k] = n;
        tock__mean_std(v, n, &row->t_mean[k], &row->t_std[k]);
        if (n == 0) row->mem = row->mem >= 0 ? row->mem : -1;
    }
    for (size_t m = 0; m < d->nmetrics; m++) {
        size_t n = 0;
        for (size_t r = 0; r < d->repeats; r++) {
            double x = g->metric[(p * d->repeats + r) * d->nmetrics + m];
            if (isfinite(x)) v[n++] = x;
        }
        tock__mean_std(v, n, &row->m_mean[m], &row->m_std[m]);
    }
}

static int tock__sweep_measured(const tock__grid *g, const tock__sweep_row *row) {
    for (size_t k = 0; k < g->def.nroutines; k++)
        if (row->t_n[k] > 0) return 1;
    return 0;
}

/* The fastest and slowest measured point of a grid by the mean time of
 * routine *k, the first routine that any point has a time for: a filter may
 * select only some routines (say only "forward"), and then routine 0 has no
 * time anywhere. 0 when no point has a finite time. */
static int tock__sweep_extremes(const tock__state *S, const tock__grid *g, size_t *k, size_t *fast,
                                size_t *slow) {
    const tock_grid_def *d = &g->def;
    for (*k = 0; *k < d->nroutines; ++*k) {
        double tf = INFINITY, ts = -INFINITY;
        *fast = *slow = SIZE_MAX;
        for (size_t p = 0; p < g->npoints; p++) {
            tock__sweep_row row;
            tock__sweep_row_of(S, g, p, &row);
            double t = row.t_mean[*k];
            if (row.t_n[*k] == 0 || !isfinite(t)) continue;
            if (t < tf) tf = t, *fast = p;
            if (t > ts) ts = t, *slow = p;
        }
        if (*fast != SIZE_MAX) return 1;
    }
    return 0;
}

/* "fastest A at t, slowest B at t (ratio)" of routine k */
static void tock__sweep_extreme_text(const tock__state *S, const tock__grid *g, size_t k,
                                     size_t fast, size_t slow, tock__sweep_row *a,
                                     tock__sweep_row *b, char *ta, char *tb, size_t cap) {
    tock__sweep_row_of(S, g, fast, a);
    tock__sweep_row_of(S, g, slow, b);
    tock__fmt_time(ta, cap, a->t_mean[k] * 1e9, 0);
    tock__fmt_time(tb, cap, b->t_mean[k] * 1e9, 0);
}

/* a grid with none of its benchmarks selected (a filter) writes no files */
static int tock__grid_selected(const tock__state *S, const tock__grid *g) {
    const size_t nb = g->npoints * g->def.repeats * g->def.nroutines;
    for (size_t i = 0; i < nb; i++)
        if (S->benches[g->bench[i]].selected) return 1;
    return 0;
}

int tock__write_sweeps(tock__state *S) {
    size_t nsel = 0;
    for (size_t gi = 0; gi < S->ngrids; gi++) nsel += tock__grid_selected(S, S->grids[gi]);
    if (nsel == 0) return 0;
    char dir[TOCK__PATH + 16];
    snprintf(dir, sizeof dir, "%s/sweeps", S->run_dir);
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "tock: cannot create %s: %s\n", dir, strerror(errno));
        return TOCK_EIO;
    }
    for (size_t gi = 0; gi < S->ngrids; gi++) {
        const tock__grid *g = S->grids[gi];
        const tock_grid_def *d = &g->def;
        if (!tock__grid_selected(S, g)) continue;
        tock__buf csv = {0}, jl = {0};
        /* header */
        tock__buf_puts(&csv, "run_id");
        for (size_t a = 0; a < d->naxes; a++) tock__buf_printf(&csv, ",%s", d->axes[a].name);
        for (size_t c = 0; c < d->nconstants; c++)
            tock__buf_printf(&csv, ",%s", d->constant_names[c]);
        for (size_t k = 0; k < d->nroutines; k++)
            tock__buf_printf(&csv, ",time_%s_mean,time_%s_std", d->routine_names[k],
                             d->routine_names[k]);
        tock__buf_puts(&csv, ",mem_peak_bytes_max");
        for (size_t m = 0; m < d->nmetrics; m++) {
            tock__buf_printf(&csv, ",%s_mean", d->metric_names[m]);
            if (d->metric_std[m]) tock__buf_printf(&csv, ",%s_std", d->metric_names[m]);
        }
        tock__buf_puts(&csv, "\n");
        size_t rows = 0;
        for (size_t p = 0; p < g->npoints; p++) {
            tock__sweep_row row;
            tock__sweep_row_of(S, g, p, &row);
            if (!tock__sweep_measured(g, &row)) continue;
            rows++;
            tock__csv_str(&csv, row.run_id);
            for (size_t a = 0; a < d->naxes; a++)
                tock__buf_printf(&csv, ",%lld", (long long)row.pt[a]);
            for (size_t c = 0; c < d->nconstants; c++) {
                tock__buf_puts(&csv, ",");
                tock__csv_str(&csv, d->constant_json[c]);
            }
            for (size_t k = 0; k < d->nroutines; k++) {
                tock__csv_num(&csv, row.t_mean[k]);
                tock__csv_num(&csv, row.t_std[k]);
            }
            if (row.mem >= 0)
                tock__buf_printf(&csv, ",%lld", (long long)row.mem);
            else
                tock__buf_puts(&csv, ",");
            for (size_t m = 0; m < d->nmetrics; m++) {
                tock__csv_num(&csv, row.m_mean[m]);
                if (d->metric_std[m]) tock__csv_num(&csv, row.m_std[m]);
            }
            tock__buf_puts(&csv, "\n");
            /* the same row as one JSON object per line, plus the repeat count */
            tock__json j;
            tock__json_init(&j, &jl, 0);
            tock__json_begin(&j, NULL, '{');
            tock__json_string(&j, "run_id", row.run_id);
            char num[32];
            for (size_t a = 0; a < d->naxes; a++) {
                snprintf(num, sizeof num, "%lld", (long long)row.pt[a]);
                tock__json_raw(&j, d->axes[a].name, num);
            }
            for (size_t c = 0; c < d->nconstants; c++)
                tock__json_raw(&j, d->constant_names[c], d->constant_json[c]);
            char key[96];
            for (size_t k = 0; k < d->nroutines; k++) {
                snprintf(key, sizeof key, "time_%s_mean", d->routine_names[k]);
                tock__json_double(&j, key, row.t_mean[k]);
                snprintf(key, sizeof key, "time_%s_std", d->routine_names[k]);
                tock__json_double(&j, key, row.t_std[k]);
            }
            if (row.mem >= 0)
                tock__json_u64(&j, "mem_peak_bytes_max", (uint64_t)row.mem);
            else
                tock__json_null(&j, "mem_peak_bytes_max");
            for (size_t m = 0; m < d->nmetrics; m++) {
                snprintf(key, sizeof key, "%s_mean", d->metric_names[m]);
                tock__json_double(&j, key, row.m_mean[m]);
                if (d->metric_std[m]) {
                    snprintf(key, sizeof key, "%s_std", d->metric_names[m]);
                    tock__json_double(&j, key, row.m_std[m]);
                }
            }
            size_t reps = 0; /* the routines a filter selected may be any of them */
            for (size_t k = 0; k < d->nroutines; k++)
                if (row.t_n[k] > reps) reps = row.t_n[k];
            tock__json_u64(&j, "repeats", reps);
            tock__json_end(&j, '}');
            tock__buf_puts(&jl, "\n");
        }
        char rel[300];
        snprintf(rel, sizeof rel, "sweeps/%s.csv", d->name);
        int rc = tock__write_artifact(S, rel, &csv);
        snprintf(rel, sizeof rel, "sweeps/%s.jsonl", d->name);
        if (rc == 0) rc = tock__write_artifact(S, rel, &jl);
        tock__buf_free(&csv);
        tock__buf_free(&jl);
        if (rc < 0) return rc;
        size_t k, fast, slow;
        if (rows > 0 && tock__sweep_extremes(S, g, &k, &fast, &slow)) {
            tock__sweep_row a, b;
            char ta[32], tb[32];
            tock__sweep_extreme_text(S, g, k, fast, slow, &a, &b, ta, tb, sizeof ta);
            printf("sweep %s: %zu of %zu points; fastest %s %s, slowest %s %s per %s (%.2fx)\n",
                   d->name, rows, g->npoints, a.run_id, ta, b.run_id, tb, d->routine_names[k],
                   a.t_mean[k] > 0.0 ? b.t_mean[k] / a.t_mean[k] : NAN);
        }
    }
    return 0;
}

/* REPORT.md: each grid's rows (times and memory; metrics are in the files) */
void tock__report_sweeps(tock__state *S, tock__buf *buf) {
    for (size_t gi = 0; gi < S->ngrids; gi++) {
        const tock__grid *g = S->grids[gi];
        const tock_grid_def *d = &g->def;
        if (!tock__grid_selected(S, g)) continue;
        tock__buf_printf(buf,
                         "\n## Sweep %s\n\n%zu points x %zu repeats; time = mean over the "
                         "repeats of each one's typical time (+- sample std). All columns: "
                         "sweeps/%s.csv and .jsonl.\n\n| point |",
                         d->name, g->npoints, d->repeats, d->name);
        for (size_t k = 0; k < d->nroutines; k++)
            tock__buf_printf(buf, " %s |", d->routine_names[k]);
        tock__buf_puts(buf, " peak heap |\n|---|");
        for (size_t k = 0; k < d->nroutines; k++) tock__buf_puts(buf, "---|");
        tock__buf_puts(buf, "---|\n");
        for (size_t p = 0; p < g->npoints; p++) {
            tock__sweep_row row;
            tock__sweep_row_of(S, g, p, &row);
            if (!tock__sweep_measured(g, &row)) continue;
            tock__buf_printf(buf, "| %s |", row.run_id);
            for (size_t k = 0; k < d->nroutines; k++) {
                char t[32], e[32];
                tock__fmt_time(t, sizeof t, row.t_mean[k] * 1e9, 0);
                if (isfinite(row.t_std[k])) {
                    tock__fmt_time(e, sizeof e, row.t_std[k] * 1e9, 0);
                    tock__buf_printf(buf, " %s +- %s |", t, e);
                } else {
                    tock__buf_printf(buf, " %s |", t);
                }
            }
            if (row.mem >= 0)
                tock__buf_printf(buf, " %lld B |\n", (long long)row.mem);
            else
                tock__buf_puts(buf, " n/a |\n");
        }
        size_t k, fast, slow;
        if (tock__sweep_extremes(S, g, &k, &fast, &slow)) {
            tock__sweep_row a, b;
            char ta[32], tb[32];
            tock__sweep_extreme_text(S, g, k, fast, slow, &a, &b, ta, tb, sizeof ta);
            tock__buf_printf(buf, "\nFastest: %s at %s per %s; slowest: %s at %s (%.2fx).\n",
                             a.run_id, ta, d->routine_names[k], b.run_id, tb,
                             b.t_mean[k] / a.t_mean[k]);
        }
    }
}
