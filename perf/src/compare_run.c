/* compare_run.c - comparing a run with a baseline: decides every benchmark
 * (compare.c), adjusts across the suite, prints the change lines and writes
 * COMPARE.md and the comparison parts of summary.json.
 */
#include "internal.h"

void tock__fmt_pct(char *out, size_t cap, double v) { snprintf(out, cap, "%+.2f%%", 100.0 * v); }

static void tock__print_change_line(const tock__state *S, const tock__bench *b) {
    const char *red = S->color ? "\033[31m" : "", *grn = S->color ? "\033[32m" : "",
               *off = S->color ? "\033[0m" : "";
    const tock_change *c = &b->change;
    char lo[24], pt[24], hi[24];
    /* the line Criterion prints: the change the verdict is decided on */
    tock__fmt_pct(lo, sizeof lo, c->median.lower);
    tock__fmt_pct(pt, sizeof pt, c->median.point);
    tock__fmt_pct(hi, sizeof hi, c->median.upper);
    const char *col = c->verdict == TOCK_VERDICT_REGRESSED  ? red
                      : c->verdict == TOCK_VERDICT_IMPROVED ? grn
                                                            : "";
    if (strlen(b->id) > 23)
        printf("%s\n%24s", b->id, "");
    else
        printf("%-24s", b->id);
    printf("change: [%s %s %s] (p = %.3g", lo, pt, hi, c->p_value);
    if (!S->cfg.no_fdr) printf(", adjusted %.3g", c->p_adjusted);
    printf(")\n%24s%s%s%s\n", "", col, tock_verdict_sentence(c->verdict), off);
    tock__fmt_pct(lo, sizeof lo, c->typical.lower);
    tock__fmt_pct(pt, sizeof pt, c->typical.point);
    tock__fmt_pct(hi, sizeof hi, c->typical.upper);
    printf("%24s%s: [%s %s %s]\n", "", S->comparing == TOCK__MODE_AB ? "mean" : "typical", lo, pt,
           hi);
}

static const char *tock__test_name(const tock__state *S) {
    return S->comparing == TOCK__MODE_AB
               ? "paired rounds: Wilcoxon signed-rank test on the per-round log "
                 "ratios of the lower-quartile per-iteration times; verdict on "
                 "the Hodges-Lehmann change"
               : "two-level bootstrap of both runs (epochs, then samples within "
                 "them) of the ratio of median per-iteration times; verdict on the "
                 "median change";
}

/* BH across the compared benchmarks, verdicts, the console block. Returns
 * the number of regressions. */
size_t tock__decide_all(tock__state *S) {
    size_t m = 0, nreg = 0;
    for (size_t i = 0; i < S->nbench; i++) m += S->benches[i].has_change != 0;
    double *p = (double *)TOCK_MALLOC((m ? 2 * m : 1) * sizeof *p);
    size_t k = 0;
    for (size_t i = 0; i < S->nbench; i++)
        if (S->benches[i].has_change && p) p[k++] = S->benches[i].change.p_value;
    int fdr = !S->cfg.no_fdr && p && m && tock_stats_bh(p, m, p + m) == 0;
    k = 0;
    for (size_t i = 0; i < S->nbench; i++) {
        tock__bench *b = &S->benches[i];
        if (!b->has_change) continue;
        b->change.p_adjusted = fdr ? p[m + k] : b->change.p_value;
        k++;
        if (b->change.verdict != TOCK_VERDICT_INCONCLUSIVE) /* too few rounds, budget: stays */
            b->change.verdict = tock_change_decide_margin(&b->change, S->cfg.alpha, S->cfg.noise,
                                                          S->cfg.max_regression);
        /* Across a suite, an interval above the margin is also what chance
         * gives one benchmark in forty at a 95% look (an A/A gate over the
         * whole suite, judged at its budget's end after 6 noisy rounds,
         * called a sweep point +24% [+5.7%, +48%] regressed at p 0.031,
         * adjusted 0.75): a regression must also be significant after the
         * Benjamini-Hochberg adjustment, else it is inconclusive. */
        if (fdr && S->cfg.max_regression > 0.0 && b->change.verdict == TOCK_VERDICT_REGRESSED &&
            !(b->change.p_adjusted < S->cfg.alpha))
            b->change.verdict = TOCK_VERDICT_INCONCLUSIVE;
        nreg += b->change.verdict == TOCK_VERDICT_REGRESSED;
    }
    TOCK_FREE(p);
    const char *against = S->comparing == TOCK__MODE_AB ? S->cfg.ab : S->base.name;
    printf("\nChange against %s '%s' (%s; %s; alpha %.3g, noise +-%.3g%%, margin %.3g%%, %.0f%% "
           "intervals):\n",
           S->comparing == TOCK__MODE_AB ? "the A/B reference" : "baseline", against,
           tock__test_name(S),
           S->cfg.no_fdr ? "no FDR correction" : "Benjamini-Hochberg across the suite",
           S->cfg.alpha, 100.0 * S->cfg.noise, 100.0 * S->cfg.max_regression,
           100.0 * S->cfg.confidence);
    for (size_t i = 0; i < S->nbench; i++)
        if (S->benches[i].has_change) tock__print_change_line(S, &S->benches[i]);
    const char *where = S->comparing == TOCK__MODE_AB ? "the reference" : "the baseline";
    for (size_t i = 0; i < S->nbench; i++)
        if (S->benches[i].skipped)
            printf("%-24snew: not in %s (no verdict)\n", S->benches[i].id, where);
    for (size_t i = 0; i < S->nremoved; i++)
        printf("%-24sremoved: only in %s\n", S->removed[i], where);
    fflush(stdout);
    return nreg;
}

/* Both runs resampled by epochs (tock_compare_epochs): a measured run's
 * epochs are known; a saved one's are recovered from its linear sampling. */
int tock__compare_one(tock__state *S, tock__bench *b) {
    const tock_baseline_bench *o = tock__bl_find(&S->base, b->id);
    if (!o) {
        b->skipped = 1;
        return 0;
    }
    size_t oend[TOCK__MAX_EPOCHS], nend[TOCK__MAX_EPOCHS];
    size_t oe = tock_epochs_infer(o->iters, o->n, oend, TOCK__MAX_EPOCHS), ne = b->nepochs;
    if (S->comparing == TOCK__MODE_LOADED || ne == 0)
        ne = tock_epochs_infer(b->iters, b->n, nend, TOCK__MAX_EPOCHS);
    else
        memcpy(nend, b->epoch_end, ne * sizeof *nend);
    if (oe == 0 || ne == 0) return TOCK_ETOOFEW;
    int rc = tock_compare_epochs(
        o->iters, o->ns, oend, oe, b->iters, b->ns, nend, ne, S->cfg.nresamples, S->cfg.confidence,
        tock__bench_seed(S->cfg.seed ^ UINT64_C(0x636f6d70), b->id), &b->change);
    if (rc < 0) return rc;
    b->has_change = 1;
    return 0;
}

void tock__json_change(tock__json *j, const tock__bench *b) {
    tock__json_begin(j, "change", '{');
    tock__json_estimate(j, "typical", &b->change.typical);
    tock__json_estimate(j, "median", &b->change.median);
    tock__json_double(j, "p_value", b->change.p_value);
    tock__json_double(j, "p_adjusted", b->change.p_adjusted);
    tock__json_string(j, "verdict", tock_verdict_name(b->change.verdict));
    if (b->change.rounds) { /* paired (--ab): rounds judged, why they stopped */
        tock__json_u64(j, "rounds", b->change.rounds);
        tock__json_string(j, "stop", tock_ab_stop_name(b->change.stop));
        tock__json_double(j, "confidence_level", b->change.confidence);
    }
    tock__json_end(j, '}');
}

void tock__json_comparison(tock__state *S, tock__json *j) {
    tock__json_begin(j, "comparison", '{');
    tock__json_string(j, "mode",
                      S->comparing == TOCK__MODE_AB       ? "ab"
                      : S->comparing == TOCK__MODE_LOADED ? "load_baseline"
                                                          : "baseline");
    if (S->comparing == TOCK__MODE_AB) {
        tock__json_string(j, "reference", S->cfg.ab);
        tock__json_u64(j, "rounds", S->cfg.ab_rounds);
        tock__json_u64(j, "rounds_run", S->ab_rounds_run);
        tock__json_double(j, "budget_s", S->cfg.ab_budget_s);
        tock__json_bool(j, "budget_spent", S->ab_budget_spent);
        tock__json_double(j, "elapsed_s", S->ab_elapsed_s);
        tock__json_u64(j, "unreached", S->ab_unreached);
        tock__json_string(j, "order", "ABBA (A = this program, B = the reference)");
        tock__gate_json(S, j);
    } else {
        tock__json_string(j, "baseline", S->base.name);
        tock__json_string(j, "baseline_file", S->base_path);
        tock__json_string(j, "baseline_created", S->base.created);
        tock__json_string(j, "baseline_run", S->base.run_id);
        if (S->comparing == TOCK__MODE_LOADED) {
            tock__json_string(j, "loaded", S->loaded.name);
            tock__json_string(j, "loaded_file", S->loaded_path);
        }
    }
    tock__json_string(j, "change_definition", "new / old - 1 (positive = slower)");
    tock__json_string(j, "test", tock__test_name(S));
    tock__json_string(j, "interval", "percentile bootstrap");
    tock__json_string(j, "fdr", S->cfg.no_fdr ? "none" : "benjamini-hochberg");
    tock__json_double(j, "significance_level", S->cfg.alpha);
    tock__json_double(j, "noise_threshold", S->cfg.noise);
    tock__json_double(j, "max_regression", S->cfg.max_regression);
    tock__json_double(j, "confidence_level", S->cfg.confidence);
    size_t cnt[TOCK_VERDICT_COUNT] = {0};
    for (size_t i = 0; i < S->nbench; i++)
        if (S->benches[i].has_change) cnt[S->benches[i].change.verdict]++;
    tock__json_u64(j, "regressed", cnt[TOCK_VERDICT_REGRESSED]);
    tock__json_u64(j, "improved", cnt[TOCK_VERDICT_IMPROVED]);
    tock__json_u64(j, "within_noise", cnt[TOCK_VERDICT_NOISE]);
    tock__json_u64(j, "no_change", cnt[TOCK_VERDICT_NO_CHANGE]);
    tock__json_u64(j, "inconclusive", cnt[TOCK_VERDICT_INCONCLUSIVE]);
    tock__json_u64(j, "within_margin", cnt[TOCK_VERDICT_WITHIN_MARGIN]);
    /* "skipped" is the old name of "new", kept for readers of older runs */
    static const char *const lists[2] = {"new", "skipped"};
    for (int l = 0; l < 2; l++) {
        tock__json_begin(j, lists[l], '[');
        for (size_t i = 0; i < S->nbench; i++)
            if (S->benches[i].skipped) tock__json_string(j, NULL, S->benches[i].id);
        tock__json_end(j, ']');
    }
    tock__json_begin(j, "removed", '[');
    for (size_t i = 0; i < S->nremoved; i++) tock__json_string(j, NULL, S->removed[i]);
    tock__json_end(j, ']');
    tock__json_begin(j, "environment_differences", '[');
    if (S->env_diff.p) {
        const char *s = S->env_diff.p;
        while (*s) {
            const char *nl = strchr(s, '\n');
            size_t n = nl ? (size_t)(nl - s) : strlen(s);
            char line[1400];
            snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), s);
            tock__json_string(j, NULL, line);
            s += n + (nl ? 1 : 0);
        }
    }
    tock__json_end(j, ']');
    tock__json_end(j, '}');
}

/* ", `a`, `b`" list of ids after a label, one paragraph */
static void tock__md_ids(tock__buf *b, const char *label, char *const *ids, size_t n) {
    if (!n) return;
    tock__buf_printf(b, "\n%s: ", label);
    for (size_t k = 0; k < n; k++) tock__buf_printf(b, "%s`%s`", k ? ", " : "", ids[k]);
    tock__buf_puts(b, "\n");
}

int tock__write_compare_md(tock__state *S) {
    tock__buf b = {0};
    const int ab = S->comparing == TOCK__MODE_AB;
    size_t cnt[TOCK_VERDICT_COUNT] = {0}, nnew = 0;
    for (size_t i = 0; i < S->nbench; i++) {
        if (S->benches[i].has_change) cnt[S->benches[i].change.verdict]++;
        nnew += S->benches[i].skipped != 0;
    }
    if (ab)
        tock__buf_printf(&b,
                         "### tock: paired A/B against `%s` (%zu ABBA round%s run in %.0f s "
                         "of a %.3g s budget)\n\n",
                         S->cfg.ab, S->ab_rounds_run, S->ab_rounds_run == 1 ? "" : "s",
                         S->ab_elapsed_s, S->cfg.ab_budget_s);
    else
        tock__buf_printf(&b, "### tock: comparison with baseline `%s` (created %s)\n\n",
                         S->base.name, S->base.created);
    if (ab) tock__gate_md(S, &b);
    if (tock__sigint)
        tock__buf_printf(&b,
                         "**Interrupted** (signal %d): only the benchmarks finished before "
                         "it are judged.\n\n",
                         (int)tock__sigint);
    const size_t ninc = cnt[TOCK_VERDICT_INCONCLUSIVE] + S->ab_unreached;
    tock__buf_printf(&b,
                     "**%zu regressed**, %zu inconclusive, %zu improved, %zu unchanged (%zu "
                     "within noise), %zu slower within the margin.\n\n",
                     cnt[TOCK_VERDICT_REGRESSED], ninc, cnt[TOCK_VERDICT_IMPROVED],
                     cnt[TOCK_VERDICT_NO_CHANGE] + cnt[TOCK_VERDICT_NOISE], cnt[TOCK_VERDICT_NOISE],
                     cnt[TOCK_VERDICT_WITHIN_MARGIN]);
    if (S->ab_budget_spent && !tock__sigint)
        tock__buf_printf(&b,
                         "**--ab-budget spent** (%.3g s): the unsettled benchmarks were judged "
                         "on their completed rounds (the last look, %.0f%% intervals); %zu "
                         "benchmark%s still undecided (interval across the +%.3g%% margin, or "
                         "fewer than 6 rounds) %s inconclusive, listed with %s interval%s.\n\n",
                         S->cfg.ab_budget_s, 100.0 * S->cfg.confidence, ninc, ninc == 1 ? "" : "s",
                         100.0 * S->cfg.max_regression, ninc == 1 ? "is" : "are",
                         ninc == 1 ? "its" : "their",
                         S->ab_unreached ? " (none for fewer than 2 rounds)" : "");
    else if (ninc)
        tock__buf_printf(&b,
                         "**%zu inconclusive**: the interval reaches across the +%.3g%% "
                         "margin, or too few rounds (< %zu) to judge.\n\n",
                         ninc, 100.0 * S->cfg.max_regression, S->cfg.ab_rounds);
    if (cnt[TOCK_VERDICT_REGRESSED] + cnt[TOCK_VERDICT_IMPROVED] + ninc +
        cnt[TOCK_VERDICT_WITHIN_MARGIN]) {
        static const char *const head[6] = {
            "benchmark",           "verdict",     "time", "change [interval] (level), decided on",
            "typical-time change", "p (adjusted)"};
        tock__md_head(&b, 6, head, NULL);
        tock__md_cells row = {0};
        static const tock_verdict order[4] = {TOCK_VERDICT_REGRESSED, TOCK_VERDICT_INCONCLUSIVE,
                                              TOCK_VERDICT_WITHIN_MARGIN, TOCK_VERDICT_IMPROVED};
        for (int pass = 0; pass < 4; pass++) {
            tock_verdict want = order[pass];
            for (size_t i = 0; i < S->nbench; i++) {
                const tock__bench *x = &S->benches[i];
                const int unreached = ab && want == TOCK_VERDICT_INCONCLUSIVE &&
                                      S->ab_budget_spent && x->selected && !x->skipped &&
                                      !x->has_change;
                if (!unreached && (!x->has_change || x->change.verdict != want)) continue;
                tock__md_add(&row, "%s", x->id);
                tock__md_add(&row, "%s", tock_verdict_name(want));
                if (unreached) {
                    tock__md_add(&row, "-");
                    tock__md_add(&row, "not reached: fewer than 2 rounds");
                    tock__md_add(&row, "-");
                    tock__md_add(&row, "-");
                    tock__md_emit(&b, &row);
                    continue;
                }
                const tock_change *c = &x->change;
                char t[32], lo[24], pt[24], hi[24], md[24];
                tock__fmt_time(t, sizeof t, x->an.est.slope.point, 0);
                tock__fmt_pct(lo, sizeof lo, c->median.lower);
                tock__fmt_pct(pt, sizeof pt, c->median.point);
                tock__fmt_pct(hi, sizeof hi, c->median.upper);
                tock__fmt_pct(md, sizeof md, c->typical.point);
                tock__md_add(&row, "%s", t);
                tock__md_add(&row, "%s [%s, %s] (%.4g%%)", pt, lo, hi,
                             100.0 * (c->confidence > 0.0 ? c->confidence : S->cfg.confidence));
                tock__md_add(&row, "%s", md);
                tock__md_add(&row, "%.3g (%.3g)", c->p_value, c->p_adjusted);
                tock__md_emit(&b, &row);
            }
        }
        tock__buf_free(&row.text);
        tock__buf_puts(&b, "\n");
    }
    tock__buf_printf(&b,
                     "%zu benchmark%s unchanged (no significant change, or within the "
                     "+-%.3g%% noise band).\n",
                     cnt[TOCK_VERDICT_NO_CHANGE] + cnt[TOCK_VERDICT_NOISE],
                     cnt[TOCK_VERDICT_NO_CHANGE] + cnt[TOCK_VERDICT_NOISE] == 1 ? "" : "s",
                     100.0 * S->cfg.noise);
    if (nnew) {
        char **ids = (char **)TOCK_MALLOC(nnew * sizeof *ids);
        size_t k = 0;
        for (size_t i = 0; ids && i < S->nbench; i++)
            if (S->benches[i].skipped) ids[k++] = S->benches[i].id;
        if (ids)
            tock__md_ids(&b,
                         ab ? "New (not in the reference; no verdict)"
                            : "New (not in the baseline; no verdict)",
                         ids, k);
        TOCK_FREE(ids);
    }
    tock__md_ids(&b, ab ? "Removed (only in the reference)" : "Removed (only in the baseline)",
                 S->removed, S->nremoved);
    if (S->nenv_diff) {
        tock__buf_puts(&b, "\n**Machine fingerprint differs** (times may not be comparable):\n\n");
        const char *s = S->env_diff.p;
        while (s && *s) {
            const char *nl = strchr(s, '\n');
            size_t n = nl ? (size_t)(nl - s) : strlen(s);
            tock__buf_puts(&b, "- ");
            char line[1400];
            snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), s);
            tock__md_cell(&b, line);
            tock__buf_puts(&b, "\n");
            s += n + (nl ? 1 : 0);
        }
    }
    tock__buf_printf(
        &b,
        "\n<sub>Change = new/old - 1 of the %s, with the interval the verdict was decided on "
        "(%s); test: %s; %s. Margin rule: regressed when the interval lies above "
        "+%.3g%%, no regression when it lies below; otherwise inconclusive. Below the "
        "margin, p < %.3g and the noise band +-%.3g%% tell improved, within noise and "
        "no change apart. Typical-time change: %s.</sub>\n",
        ab ? "per-round lower-quartile times (Hodges-Lehmann)" : "median per-iteration time",
        ab ? "stricter than nominal at an interim look" : "nominal level", tock__test_name(S),
        S->cfg.no_fdr ? "no FDR correction" : "Benjamini-Hochberg FDR",
        100.0 * S->cfg.max_regression, S->cfg.alpha, 100.0 * S->cfg.noise,
        ab ? "exp(mean per-round log ratio) - 1" : "epoch OLS slopes, new/old - 1");
    int rc = tock__write_artifact(S, "COMPARE.md", &b);
    tock__buf_free(&b);
    return rc;
}
