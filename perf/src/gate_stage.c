/* gate_stage.c - the first stage of a timed --ab gate: both builds'
 * instruction counts (count_run.c), compared exactly (count_compare.c).
 * Counts repeat exactly and take about a minute for the whole suite, where
 * time needs rounds: so the gate learns first, and exactly, which
 * benchmarks' work changed. Those are timed first (S->ab_first, ahead of
 * any --ab-first ids' followers), so the budget is spent where a change is
 * known to be; a count regression beyond --count-threshold fails the gate
 * on its own, whatever the timed stage finds; the timed stage then says how
 * much time the change costs, with its interval.
 * --ab-counts auto (default) runs the stage when valgrind and the client
 * requests are there and --threads is 1, and says why when it does not;
 * on requires it (exit 2 without); off skips it.
 */
#include "internal.h"

/* Appends i to S->ab_first unless it is there already. */
static int tock__gate_first_add(tock__state *S, size_t i) {
    for (size_t k = 0; k < S->nab_first; k++)
        if (S->ab_first[k] == i) return 0;
    size_t *p = (size_t *)realloc(S->ab_first, (S->nab_first + 1) * sizeof *p);
    if (!p) return TOCK_ENOMEM;
    S->ab_first = p;
    S->ab_first[S->nab_first++] = i;
    return 0;
}

int tock__gate_count_stage(tock__state *S) {
    tock__gate *g = &S->gate;
    const tock__config *c = &S->cfg;
    g->t0_ns = tock__mono_ns(); /* the --ab budget covers both stages */
    if (c->ab_counts == TOCK__AB_COUNTS_OFF) {
        snprintf(g->note, sizeof g->note, "off (--ab-counts off)");
        return 0;
    }
    char why[256];
    if (c->threads != 1)
        snprintf(why, sizeof why, "--threads %d: counts are only repeatable at 1 thread",
                 c->threads);
    else if (!tock__count_available(why, sizeof why))
        ;
    else
        why[0] = '\0';
    if (why[0]) {
        if (c->ab_counts == TOCK__AB_COUNTS_ON) {
            fprintf(stderr, "tock: --ab-counts on: the count stage cannot run: %s\n", why);
            return TOCK_EUSAGE;
        }
        snprintf(g->note, sizeof g->note, "skipped: %s", why);
        printf("tock: gate stage 1 (instruction counts) skipped: %s; timed stage only\n", why);
        fflush(stdout);
        return 0;
    }
    printf("tock: gate stage 1: counting instructions of both builds under callgrind "
           "(1 thread)...\n");
    fflush(stdout);
    int rc = tock__count_collect_pair(S, c->ab, &g->cur, &g->old);
    if (rc == TOCK_EINTERRUPTED || tock__sigint) return 0; /* tock_main finishes what ran */
    if (rc < 0) {
        /* on: a required stage that fails ends the gate; auto: the timed
         * stage still judges, and COMPARE.md says the counts are missing */
        tock_baseline_free(&g->cur);
        tock_baseline_free(&g->old);
        if (c->ab_counts == TOCK__AB_COUNTS_ON) {
            fprintf(stderr, "tock: gate stage 1 (instruction counts) failed (see above)\n");
            return TOCK_EIO;
        }
        snprintf(g->note, sizeof g->note, "failed (see the console); the timed stage judged alone");
        fprintf(stderr, "tock: warning: gate stage 1 (instruction counts) failed (see above); "
                        "the timed stage judges alone (--ab-counts on makes this an error)\n");
        return 0;
    }
    if (tock__count_compare(&g->old, &g->cur, c->count_threshold, &g->v, &g->nv, &g->nreg) < 0) {
        fprintf(stderr, "tock: gate stage 1: out of memory\n");
        return TOCK_ENOMEM;
    }
    g->ran = 1;
    g->seconds = (double)(tock__mono_ns() - g->t0_ns) * 1e-9;
    size_t nimp = 0, nmiss = 0;
    /* regressions first, then improvements: the timed stage starts there */
    for (int pass = 0; pass < 2; pass++) {
        const tock__count_verdict_kind want = pass == 0 ? TOCK__CV_REGRESSED : TOCK__CV_IMPROVED;
        for (size_t k = 0; k < g->nv; k++) {
            if (g->v[k].kind != want) continue;
            tock__bench *b = tock__find(S, g->v[k].id);
            if (b && tock__gate_first_add(S, (size_t)(b - S->benches)) < 0) return TOCK_ENOMEM;
            char p[32];
            tock__fmt_pct(p, sizeof p, g->v[k].cycles_change);
            printf("  %-48s est. cycles %.1f -> %.1f (%s) %s\n", g->v[k].id, g->v[k].old_cycles,
                   g->v[k].new_cycles, p, tock__count_verdict_name(want));
        }
    }
    for (size_t k = 0; k < g->nv; k++) {
        nimp += g->v[k].kind == TOCK__CV_IMPROVED;
        nmiss += g->v[k].kind == TOCK__CV_MISSING;
    }
    printf("tock: gate stage 1: %zu regressed, %zu improved, %zu unchanged%s in counts "
           "(threshold %.3g%%, %.1f s); stage 2 times %s\n",
           g->nreg, nimp, g->nv - g->nreg - nimp - nmiss, nmiss ? " (some new)" : "",
           100.0 * c->count_threshold, g->seconds,
           g->nreg + nimp ? "the changed ones first" : "every benchmark");
    fflush(stdout);
    return 0;
}

void tock__gate_json(const tock__state *S, tock__json *j) {
    const tock__gate *g = &S->gate;
    tock__json_begin(j, "count_stage", '{');
    tock__json_bool(j, "ran", g->ran);
    if (!g->ran) {
        tock__json_string(j, "note", g->note[0] ? g->note : "not run");
        tock__json_end(j, '}');
        return;
    }
    tock__json_double(j, "seconds", g->seconds);
    tock__json_double(j, "count_threshold", S->cfg.count_threshold);
    tock__json_string(j, "est_cycles", TOCK__COUNT_FORMULA);
    tock__json_string(j, "isa_counted_new", tock_baseline_env(&g->cur, "isa_dispatched"));
    tock__json_string(j, "isa_counted_old", tock_baseline_env(&g->old, "isa_dispatched"));
    tock__json_u64(j, "regressed", g->nreg);
    tock__json_begin(j, "benchmarks", '[');
    for (size_t k = 0; k < g->nv; k++) {
        const tock__count_verdict *x = &g->v[k];
        tock__json_begin(j, NULL, '{');
        tock__json_string(j, "id", x->id);
        tock__json_string(j, "verdict", tock__count_verdict_name(x->kind));
        if (x->kind != TOCK__CV_MISSING) {
            tock__json_double(j, "est_cycles_old", x->old_cycles);
            tock__json_double(j, "est_cycles_new", x->new_cycles);
            tock__json_double(j, "change", x->cycles_change);
            tock__json_double(j, "ir_old", x->old_ev[TOCK_EV_IR]);
            tock__json_double(j, "ir_new", x->new_ev[TOCK_EV_IR]);
        }
        tock__json_end(j, '}');
    }
    tock__json_end(j, ']');
    tock__json_end(j, '}');
}

void tock__gate_md(const tock__state *S, tock__buf *b) {
    const tock__gate *g = &S->gate;
    if (!g->ran) {
        tock__buf_printf(b, "Stage 1 (instruction counts): %s.\n\n",
                         g->note[0] ? g->note : "not run");
        return;
    }
    size_t nimp = 0;
    for (size_t k = 0; k < g->nv; k++) nimp += g->v[k].kind == TOCK__CV_IMPROVED;
    tock__buf_printf(b,
                     "**Stage 1, instruction counts** (callgrind, exact, %.0f s): **%zu "
                     "regressed**, %zu improved beyond +-%.3g%% of est. cycles (%s); the timed "
                     "stage below started with %s.\n\n",
                     g->seconds, g->nreg, nimp, 100.0 * S->cfg.count_threshold, TOCK__COUNT_FORMULA,
                     g->nreg + nimp ? "these" : "every benchmark (no count changed)");
    if (g->nreg + nimp == 0) return;
    static const char *const head[4] = {"benchmark", "count verdict", "est. cycles old -> new",
                                        "Ir old -> new"};
    tock__md_head(b, 4, head, NULL);
    tock__md_cells row = {0};
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < g->nv; k++) {
            const tock__count_verdict *x = &g->v[k];
            if (x->kind != (pass == 0 ? TOCK__CV_REGRESSED : TOCK__CV_IMPROVED)) continue;
            char p[32], q[32];
            tock__fmt_pct(p, sizeof p, x->cycles_change);
            tock__fmt_pct(q, sizeof q, x->change[TOCK_EV_IR]);
            tock__md_add(&row, "%s", x->id);
            tock__md_add(&row, "%s", tock__count_verdict_name(x->kind));
            tock__md_add(&row, "%.1f -> %.1f (%s)", x->old_cycles, x->new_cycles, p);
            tock__md_add(&row, "%.1f -> %.1f (%s)", x->old_ev[TOCK_EV_IR], x->new_ev[TOCK_EV_IR],
                         q);
            tock__md_emit(b, &row);
        }
    tock__buf_free(&row.text);
    tock__buf_puts(b, "\n");
}

void tock__gate_stage_free(tock__state *S) {
    tock__gate *g = &S->gate;
    TOCK_FREE(g->v);
    tock_baseline_free(&g->cur);
    tock_baseline_free(&g->old);
    memset(g, 0, sizeof *g);
}
