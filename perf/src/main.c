/* main.c - tock_main: parses the command line, then runs one of the modes
 * (list, measure, compare with a baseline, load two baselines, A/B rounds,
 * worker) and writes the run directory. Exit status: 0 ok, 1 failure or
 * regression, 2 usage or input error, 128 + N interrupted by signal N
 * (SIGINT 130, SIGTERM 143, SIGHUP 129).
 */
#include "internal.h"

/* SIGINT, SIGTERM and SIGHUP stop the run the same way: what is finished is
 * kept and marked interrupted, and the exit status is 128 + the signal. */
static void tock__on_signal(int sig) { tock__sigint = sig; }

static const int tock__stop_signals[3] = {SIGINT, SIGTERM, SIGHUP};

static int tock__matches(const tock__state *S, const char *id) {
    const tock__config *c = &S->cfg;
    if (!c->filter) return 1;
    if (c->exact) return strcmp(id, c->filter) == 0;
    if (S->filter_is_re) return regexec(&S->filter_re, id, 0, NULL, 0) == 0;
    return strstr(id, c->filter) != NULL;
}

/* A filter with a regular-expression metacharacter is a POSIX extended
 * regular expression (searched for anywhere in the id, like a substring);
 * a plain word stays a substring. 0, or 2 after saying why it does not
 * compile. */
static int tock__compile_filter(tock__state *S) {
    const char *f = S->cfg.filter;
    if (S->filter_is_re) regfree(&S->filter_re);
    S->filter_is_re = 0;
    if (!f || S->cfg.exact || !f[strcspn(f, ".[]()*+?{}|^$\\")]) return 0;
    int rc = regcomp(&S->filter_re, f, REG_EXTENDED | REG_NOSUB);
    if (rc != 0) {
        char msg[256];
        regerror(rc, &S->filter_re, msg, sizeof msg);
        fprintf(stderr, "tock: filter '%s': not a valid regular expression: %s\n", f, msg);
        return 2;
    }
    S->filter_is_re = 1;
    return 0;
}

/* A finished benchmark: console lines, samples file, comparison. Returns 0,
 * TOCK_EIO when the samples file cannot be written (the run stops), or
 * another negative status when only the comparison failed. */
static int tock__bench_done(tock__state *S, tock__bench *b) {
    tock__print_result(S, b);
    if (tock__write_samples(S, b) < 0) return TOCK_EIO;
    if (S->comparing && tock__compare_one(S, b) < 0) {
        fprintf(stderr, "tock: %s: comparison failed\n", b->id);
        return TOCK_EINVAL;
    }
    return 0;
}

/* Selects the benchmarks the filter names; 0, or 2 (exit status) after
 * saying why nothing is selected. */
static int tock__select(tock__state *S, size_t *nsel) {
    *nsel = 0;
    if (tock__compile_filter(S) != 0) return 2;
    for (size_t i = 0; i < S->nbench; i++) {
        tock__bench *b = &S->benches[i];
        b->selected = tock__matches(S, b->id);
        b->state = TOCK__NOT_RUN;
        b->has_change = b->skipped = 0;
        *nsel += b->selected != 0;
    }
    if (*nsel) return 0;
    if (S->cfg.filter)
        fprintf(stderr, "tock: no benchmark %s '%s' (%zu registered; try --list)\n",
                S->cfg.exact ? "is exactly" : "matches filter", S->cfg.filter, S->nbench);
    else
        fprintf(stderr, "tock: no benchmarks are registered\n");
    return 2;
}

/* --ab-first ID,ID...: the benchmarks --ab times first, in that order;
 * each must be a selected benchmark. 0, or 2 after saying which is not. */
static int tock__parse_ab_first(tock__state *S) {
    const char *s = S->cfg.ab_first;
    while (*s) {
        const char *comma = strchr(s, ',');
        size_t n = comma ? (size_t)(comma - s) : strlen(s);
        char id[512];
        snprintf(id, sizeof id, "%.*s", (int)(n < sizeof id ? n : sizeof id - 1), s);
        const tock__bench *b = n && n < sizeof id ? tock__find(S, id) : NULL;
        if (!b || !b->selected) {
            fprintf(stderr, "tock: --ab-first: expected ids of selected benchmarks, found '%s'%s\n",
                    id, b ? " (not selected by the filter)" : "");
            return 2;
        }
        size_t *p = (size_t *)TOCK_REALLOC(S->ab_first, (S->nab_first + 1) * sizeof *p);
        if (!p) return 2;
        S->ab_first = p;
        p[S->nab_first++] = (size_t)(b - S->benches);
        s += n + (comma ? 1 : 0);
    }
    return 0;
}

/* Reads and checks the baselines (and the --ab program) before anything is
 * measured, and sets the comparison mode. 0, or 2 after saying what is
 * wrong. */
static int tock__prepare_comparison(tock__state *S, size_t *nsel) {
    if (S->cfg.baseline) {
        S->comparing = S->cfg.load_baseline ? TOCK__MODE_LOADED : TOCK__MODE_BASELINE;
        if (tock__load_baseline(S, "--baseline", S->cfg.baseline, &S->base, S->base_path,
                                sizeof S->base_path) < 0)
            return 2;
        if (S->cfg.load_baseline &&
            tock__load_baseline(S, "--load-baseline", S->cfg.load_baseline, &S->loaded,
                                S->loaded_path, sizeof S->loaded_path) < 0)
            return 2;
        /* a baseline holds times or counts: the other kind cannot be compared */
        const int want = S->cfg.measure == TOCK__MEASURE_INSTRUCTIONS;
        const tock_baseline *const sides[2] = {&S->base, &S->loaded};
        const char *const flags[2] = {"--baseline", "--load-baseline"};
        const char *const names[2] = {S->cfg.baseline, S->cfg.load_baseline};
        for (int k = 0; k < (S->cfg.load_baseline ? 2 : 1); k++) {
            if ((sides[k]->mode == TOCK_BASELINE_COUNTS) == want) continue;
            fprintf(stderr,
                    want ? "tock: %s %s: the baseline holds times, and this run counts "
                           "instructions (compare it without --measure instructions, or save "
                           "a count baseline with --measure instructions --save-baseline)\n"
                         : "tock: %s %s: the baseline holds instruction counts (mode "
                           "instructions), and this run measures time (add --measure "
                           "instructions)\n",
                    flags[k], names[k]);
            return 2;
        }
        const int loaded = S->comparing == TOCK__MODE_LOADED;
        for (size_t i = 0; i < S->nbench; i++) {
            tock__bench *b = &S->benches[i];
            if (!b->selected) continue;
            if (loaded && !tock__bl_find(&S->loaded, b->id)) {
                b->selected = 0; /* load mode: the benchmarks of the loaded run */
                continue;
            }
            /* new in this build: measured, listed, never judged */
            if (!tock__bl_find(&S->base, b->id)) b->skipped = 1;
        }
        /* removed: in the baseline (and the filter), gone from the new side */
        for (size_t k = 0; k < S->base.nbench; k++) {
            const char *id = S->base.benches[k].id;
            if (!tock__matches(S, id)) continue;
            const int here =
                loaded ? tock__bl_find(&S->loaded, id) != NULL : tock__find(S, id) != NULL;
            if (!here && tock__strlist_add(&S->removed, &S->nremoved, id) < 0) {
                fprintf(stderr, "tock: out of memory\n");
                return 2;
            }
        }
        *nsel = 0;
        for (size_t i = 0; i < S->nbench; i++) *nsel += S->benches[i].selected != 0;
        if (*nsel == 0) {
            fprintf(stderr, "tock: --load-baseline %s: no selected benchmark is in %s\n",
                    S->cfg.load_baseline, S->loaded_path);
            return 2;
        }
    }
    if (S->cfg.ab) {
        if (access(S->cfg.ab, X_OK) != 0) {
            fprintf(stderr, "tock: --ab %s: expected an executable tock program: %s\n", S->cfg.ab,
                    strerror(errno));
            return 2;
        }
        S->comparing = TOCK__MODE_AB;
        if (S->cfg.ab_first && tock__parse_ab_first(S) != 0) return 2;
    }
    return 0;
}

/* Measures (or, in load mode, reads) every selected benchmark in passes:
 * epoch e of every benchmark, then epoch e + 1, so each benchmark's epochs
 * spread over the whole run; a result is printed when its last epoch is
 * done. *failed is set when a benchmark failed. 0, or 2 when a samples file
 * cannot be written (the run stops). */
static int tock__run_passes(tock__state *S, int *failed) {
    const int loaded = S->comparing == TOCK__MODE_LOADED;
    const size_t passes = loaded ? 1 : S->cfg.epochs;
    for (size_t e = 0; e < passes && !tock__sigint; e++) {
        for (size_t i = 0; i < S->nbench && !tock__sigint; i++) {
            tock__bench *b = &S->benches[i];
            if (!b->selected || b->state == TOCK__FAILED) continue;
            int rc = 0;
            if (loaded)
                rc = tock__from_loaded(S, b);
            else {
                rc = tock__measure_epoch(S, b, e);
                if (rc == 0 && e + 1 == passes) rc = tock__analyze_bench(S, b);
            }
            if (rc < 0) {
                fprintf(stderr, "tock: %s: %s (%s)%s%s\n", b->id, tock_strerror(rc),
                        tock_err_name(rc), b->err_msg[0] ? ": " : "", b->err_msg);
                *failed = 1;
                continue;
            }
            if (b->state == TOCK__DONE && (loaded || e + 1 == passes)) {
                rc = tock__bench_done(S, b);
                if (rc == TOCK_EIO) return 2;
                if (rc < 0) *failed = 1;
            }
        }
        if (e + 1 < passes && !tock__sigint) {
            printf("tock: pass %zu/%zu done (epoch %zu of every benchmark)\n", e + 1, passes,
                   e + 1);
            fflush(stdout);
        }
    }
    /* Ctrl-C in an earlier pass: what the finished epochs say, marked interrupted */
    if (tock__sigint && !loaded)
        for (size_t i = 0; i < S->nbench; i++) {
            tock__bench *b = &S->benches[i];
            if (!b->selected || b->state != TOCK__NOT_RUN || b->nepochs == 0) continue;
            if (tock__analyze_bench(S, b) < 0 || b->state != TOCK__DONE) continue;
            if (tock__bench_done(S, b) == TOCK_EIO) return 2;
        }
    return 0;
}

/* Everything after measuring: verdicts, the baseline, fits and the files of
 * the run directory, manifest last. Returns the exit status. */
static int tock__finish_run(tock__state *S, const tock__prov *prov, int failed) {
    if (S->comparing == TOCK__MODE_AB)
        for (size_t i = 0; i < S->nbench; i++)
            if (S->benches[i].state == TOCK__DONE && tock__write_samples(S, &S->benches[i]) < 0)
                return 2;
    int interrupted = tock__sigint != 0;
    if (interrupted) fprintf(stderr, "tock: interrupted; keeping the completed benchmarks\n");
    const int comparing = S->comparing != TOCK__MODE_MEASURE;
    /* an interrupted comparison still judges (and adjusts across) what
     * finished, so COMPARE.md and summary.json agree with the console */
    size_t nreg = comparing ? tock__decide_all(S) + S->gate.nreg : 0, ninc = S->ab_unreached;
    for (size_t i = 0; i < S->nbench; i++)
        ninc +=
            S->benches[i].has_change && S->benches[i].change.verdict == TOCK_VERDICT_INCONCLUSIVE;
    int code = interrupted                        ? 128 + (int)tock__sigint
               : S->usage_error                   ? 2
               : (failed || nreg)                 ? 1
               : (S->cfg.strict && ninc && !nreg) ? 1
                                                  : 0;
    if (tock__compute_fits(S) < 0) {
        fprintf(stderr, "tock: scaling fits: out of memory\n");
        return 2;
    }
    tock__print_fits(S);
    if (tock__write_provenance(S, prov) < 0 || tock__write_summary_json(S, interrupted) < 0 ||
        tock__write_sweeps(S) < 0 || tock__write_summary_csv(S) < 0 ||
        tock__write_report(S, prov, interrupted) < 0 ||
        (comparing && tock__write_compare_md(S) < 0))
        return 2;
    /* the run is on disk before the baseline: a baseline that cannot be
     * written costs exit 2, never the run */
    if (S->cfg.save_baseline) {
        if (interrupted)
            fprintf(stderr, "tock: --save-baseline %s: not saved, the run was interrupted\n",
                    S->cfg.save_baseline);
        else if (tock__save_baseline(S, prov) < 0)
            code = 2;
    }
    if (tock__write_manifest(S, interrupted, code) < 0) return 2;
    if (nreg)
        printf("tock: %zu benchmark%s regressed (exit status 1)\n", nreg, nreg == 1 ? "" : "s");
    if (ninc && !interrupted)
        printf("tock: %zu benchmark%s inconclusive (%s)\n", ninc, ninc == 1 ? " is" : "s are",
               S->cfg.strict ? "--strict: exit status 1" : "exit status 0; --strict makes it 1");
    tock__sync_dir(S->run_dir);
    printf("tock: wrote %s\n", S->run_dir);
    return code;
}

/* The measuring (or comparing) run once the configuration is checked:
 * timer, run directory, provenance, then the passes or the A/B rounds, then
 * the files. Returns the exit status. */
static int tock__run(tock__state *S, tock__prov *prov, size_t nsel) {
    if (S->cfg.measure == TOCK__MEASURE_INSTRUCTIONS) return tock__count_run(S, prov);
    if ((S->comparing == TOCK__MODE_BASELINE || S->comparing == TOCK__MODE_LOADED) &&
        tock__env_check(S, prov, &S->base, S->comparing == TOCK__MODE_LOADED ? &S->loaded : NULL) &&
        S->cfg.strict_env)
        return 2;
    if (tock__timer_init(&S->timer, S->cfg.timer, &prov->ci) < 0) return 2;
    if (S->cfg.ab_worker) {
        S->tty_err = 0;
        return tock__worker(S, prov);
    }
    /* the output and baseline directories are checked before anything is
     * measured */
    if (S->cfg.save_baseline && tock__check_baseline_dir(S) < 0) return 2;
    /* run/<files>, run/samples|sweeps|ab/<files>; baselines/<name>/<file> */
    size_t stale =
        tock__remove_stale_tmp(S->cfg.out_dir, 3) + tock__remove_stale_tmp(S->bl_root, 2);
    if (stale)
        fprintf(stderr,
                "tock: removed %zu temporary file%s left by ended processes under %s "
                "and %s\n",
                stale, stale == 1 ? "" : "s", S->cfg.out_dir, S->bl_root);
    /* the gate's count stage runs before the run directory exists: a
     * failure leaves nothing behind */
    if (S->comparing == TOCK__MODE_AB && tock__gate_count_stage(S) < 0) return 2;
    if (tock__make_run_dir(S) < 0) return 2;
    printf("tock %s: %zu benchmark%s, timer %s (%.6g MHz, overhead %.3g ns, min sample %.3g us)"
           "%s, run %s\n",
           TOCK_VERSION_STRING, nsel, nsel == 1 ? "" : "s", tock__timer_name(S->timer.source),
           S->timer.hz / 1e6, S->timer.overhead_ns, S->timer.min_sample_ns / 1e3,
           S->cfg.quick ? ", quick" : "", S->run_dir);
    fflush(stdout);
    double load1 = strtod(prov->loadavg, NULL);
    if (prov->ncpu > 0 && load1 > (double)prov->ncpu - 0.5)
        fprintf(stderr,
                "tock: warning: load average %.2f on %ld CPUs: other work competes for the "
                "cores and the results will be noisy\n",
                load1, prov->ncpu);
    if (tock__write_provenance(S, prov) < 0) return 2;
    int failed = 0;
    if (S->comparing == TOCK__MODE_AB) {
        if (tock__ab_run(S, prov) < 0) return 2;
    } else if (tock__run_passes(S, &failed) != 0) {
        return 2;
    }
    return tock__finish_run(S, prov, failed);
}

int tock_main(int argc, char **argv) {
    tock__state *S = &tock__S;
    const char *prog = argc > 0 && argv[0] ? argv[0] : "tock";
    const char *slash = strrchr(prog, '/');
    S->prog = slash ? slash + 1 : prog;
    S->prog_path = prog;
    tock__sigint = 0;
    S->comparing = TOCK__MODE_MEASURE;
    S->usage_error = 0;
    memset(&S->env_diff, 0, sizeof S->env_diff);
    S->nenv_diff = 0;
    S->ab_rounds_run = S->ab_unreached = 0;
    S->ab_budget_spent = 0;
    S->ab_elapsed_s = 0.0;

    int prc = tock__parse_args(&S->cfg, argc, argv);
    if (prc == TOCK__PARSE_EXIT0 || prc < 0) {
        tock__free_all();
        return prc < 0 ? 2 : 0;
    }
    tock__bl_root(S);
    if (S->cfg.list_baselines) {
        int lrc = tock__list_baselines(S);
        tock__free_all();
        return lrc < 0 ? 2 : 0;
    }
    if (S->reg_status < 0) {
        fprintf(stderr, "tock: registering '%s' failed: %s%s%s\n", S->reg_msg,
                tock_strerror(S->reg_status), S->reg_why[0] ? ": " : "", S->reg_why);
        tock__free_all();
        return 2;
    }
    size_t nsel = 0;
    if (tock__select(S, &nsel) != 0) {
        tock__free_all();
        return 2;
    }
    if (S->cfg.list) {
        for (size_t i = 0; i < S->nbench; i++)
            if (S->benches[i].selected) printf("%s: benchmark\n", S->benches[i].id);
        tock__free_all();
        return 0;
    }
    for (size_t i = 0; i < S->nbench; i++) {
        const tock__bench *b = &S->benches[i];
        if (b->selected && b->floor_id && !tock__find(S, b->floor_id) && !S->cfg.ab_worker)
            fprintf(stderr, "tock: warning: %s: floor_id '%s' is not a registered benchmark\n",
                    b->id, b->floor_id);
        const long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
        if (b->selected && b->def.threads > 1 && ncpu > 0 && b->def.threads > ncpu &&
            !S->cfg.ab_worker)
            fprintf(stderr,
                    "tock: warning: %s: %d threads on %ld CPUs: the threads take turns on the "
                    "cores, so its times include the switching\n",
                    b->id, b->def.threads, ncpu);
    }
    if (tock__prepare_comparison(S, &nsel) != 0) {
        tock__gate_free(S);
        return 2;
    }

    const char *nc = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    S->tty_err = isatty(STDERR_FILENO);
    S->color = isatty(STDOUT_FILENO) && !(nc && *nc) && !(term && strcmp(term, "dumb") == 0);

    struct sigaction old_sa[3], sa;
    int handler_set[3] = {0, 0, 0};
    for (int k = 0; k < 3; k++) {
        /* a signal the caller ignores (nohup, a shell's background job) stays
         * ignored; SA_RESETHAND: a second one ends the process the default
         * way */
        if (sigaction(tock__stop_signals[k], NULL, &old_sa[k]) != 0 ||
            old_sa[k].sa_handler == SIG_IGN)
            continue;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = tock__on_signal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESETHAND;
        handler_set[k] = sigaction(tock__stop_signals[k], &sa, NULL) == 0;
    }
    tock__prov prov;
    tock__gather_prov(&prov);
    int code = tock__run(S, &prov, nsel);
    fflush(stdout);
    TOCK_FREE(prov.ci.flags);
    for (int k = 0; k < 3; k++)
        if (handler_set[k]) sigaction(tock__stop_signals[k], &old_sa[k], NULL);
    tock__gate_free(S);
    return code;
}
