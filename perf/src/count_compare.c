/* count_compare.c - the exact comparison of two count runs: a benchmark
 * regressed (improved) when its estimated cycles per iteration rose (fell)
 * by more than --count-threshold. Counts are deterministic, so there is no
 * interval, no test and no rounds: the verdict is the arithmetic. Also the
 * COMPARE.md table of a count comparison.
 */
#include "internal.h"

const char *tock__count_verdict_name(tock__count_verdict_kind k) {
    switch (k) {
    case TOCK__CV_UNCHANGED: return "unchanged";
    case TOCK__CV_IMPROVED: return "improved";
    case TOCK__CV_REGRESSED: return "regressed";
    case TOCK__CV_MISSING: return "not in the baseline";
    }
    return "unknown";
}

static double tock__rel_change(double old_v, double new_v) {
    if (old_v == new_v) return 0.0;
    if (old_v == 0.0) return new_v > 0.0 ? INFINITY : -INFINITY;
    return new_v / old_v - 1.0;
}

int tock__count_compare(const tock_baseline *old, const tock_baseline *cur, double threshold,
                        tock__count_verdict **out, size_t *n, size_t *nreg) {
    *out = NULL;
    *n = *nreg = 0;
    if (old->mode != TOCK_BASELINE_COUNTS || cur->mode != TOCK_BASELINE_COUNTS ||
        !(threshold >= 0.0))
        return TOCK_EINVAL;
    tock__count_verdict *v = NULL;
    if (cur->nbench) {
        v = (tock__count_verdict *)TOCK_MALLOC(cur->nbench * sizeof *v);
        if (!v) return TOCK_ENOMEM;
    }
    for (size_t i = 0; i < cur->nbench; i++) {
        const tock_baseline_bench *nb = &cur->benches[i];
        const tock_baseline_bench *ob = tock__bl_find(old, nb->id);
        tock__count_verdict *x = &v[i];
        memset(x, 0, sizeof *x);
        x->id = nb->id;
        memcpy(x->new_ev, nb->counts, sizeof x->new_ev);
        x->new_cycles = tock_count_est_cycles(nb->counts);
        if (!ob) {
            x->kind = TOCK__CV_MISSING;
            x->old_cycles = x->cycles_change = NAN;
            for (int k = 0; k < TOCK_COUNT_NEVENTS; k++) x->old_ev[k] = x->change[k] = NAN;
            continue;
        }
        memcpy(x->old_ev, ob->counts, sizeof x->old_ev);
        for (int k = 0; k < TOCK_COUNT_NEVENTS; k++)
            x->change[k] = tock__rel_change(x->old_ev[k], x->new_ev[k]);
        x->old_cycles = tock_count_est_cycles(ob->counts);
        x->cycles_change = tock__rel_change(x->old_cycles, x->new_cycles);
        x->kind = x->cycles_change > threshold    ? TOCK__CV_REGRESSED
                  : x->cycles_change < -threshold ? TOCK__CV_IMPROVED
                                                  : TOCK__CV_UNCHANGED;
        *nreg += x->kind == TOCK__CV_REGRESSED;
    }
    *out = v;
    *n = cur->nbench;
    return 0;
}

/* COMPARE.md's body for counts: the verdict per benchmark with the change
 * of est. cycles and of every event. */
int tock__count_compare_md(tock__state *S, const tock__count_verdict *v, size_t n,
                           const char *old_label, tock__buf *buf) {
    size_t nk[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < n; i++) nk[v[i].kind]++;
    tock__buf_printf(buf, "# tock comparison %s (instruction counts)\n\n", S->run_id);
    tock__buf_printf(buf,
                     "Old: %s. New: this run. Exact comparison of callgrind counts per "
                     "iteration: a benchmark regressed (improved) when its estimated cycles "
                     "rose (fell) by more than %.3g%% (--count-threshold). No statistics: "
                     "counts repeat exactly.\n\n%s.\n\n",
                     old_label, 100.0 * S->cfg.count_threshold, TOCK__COUNT_FORMULA);
    tock__buf_printf(buf, "%zu regressed, %zu improved, %zu unchanged", nk[TOCK__CV_REGRESSED],
                     nk[TOCK__CV_IMPROVED], nk[TOCK__CV_UNCHANGED]);
    if (nk[TOCK__CV_MISSING])
        tock__buf_printf(buf, ", %zu not in the baseline", nk[TOCK__CV_MISSING]);
    tock__buf_puts(buf, ".\n\n");
    const char *head[4 + TOCK_COUNT_NEVENTS];
    head[0] = "ID";
    head[1] = "verdict";
    head[2] = "est. cycles old -> new";
    head[3] = "change";
    for (int k = 0; k < TOCK_COUNT_NEVENTS; k++) head[4 + k] = tock_count_event_names[k];
    tock__md_head(buf, 4 + TOCK_COUNT_NEVENTS, head, NULL);
    tock__md_cells row = {0};
    /* regressions first, then improvements, then the rest, each in run order */
    static const tock__count_verdict_kind order[4] = {TOCK__CV_REGRESSED, TOCK__CV_IMPROVED,
                                                      TOCK__CV_UNCHANGED, TOCK__CV_MISSING};
    for (int o = 0; o < 4; o++)
        for (size_t i = 0; i < n; i++) {
            const tock__count_verdict *x = &v[i];
            if (x->kind != order[o]) continue;
            char p[32];
            tock__md_add(&row, "%s", x->id);
            tock__md_add(&row, "%s", tock__count_verdict_name(x->kind));
            if (x->kind == TOCK__CV_MISSING) {
                tock__md_add(&row, "- -> %.2f", x->new_cycles);
                for (int k = 0; k <= TOCK_COUNT_NEVENTS; k++) tock__md_add(&row, "-");
            } else {
                tock__md_add(&row, "%.2f -> %.2f", x->old_cycles, x->new_cycles);
                tock__fmt_pct(p, sizeof p, x->cycles_change);
                tock__md_add(&row, "%s", p);
                for (int k = 0; k < TOCK_COUNT_NEVENTS; k++) {
                    tock__fmt_pct(p, sizeof p, x->change[k]);
                    tock__md_add(&row, "%.2f -> %.2f (%s)", x->old_ev[k], x->new_ev[k], p);
                }
            }
            tock__md_emit(buf, &row);
        }
    tock__buf_free(&row.text);
    return buf->err;
}
