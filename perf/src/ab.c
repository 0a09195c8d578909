/* ab.c - paired A/B rounds: this program and another run as worker
 * processes in ABBA order, each round's output is parsed as a baseline, and
 * every benchmark is judged by the sequential rule until it settles or the
 * budget (--ab-budget) is spent.
 */
#include "internal.h"

/* ---- A/B ---- */

int tock__self_exe(const char *argv0, char *out, size_t cap) {
    ssize_t n = readlink("/proc/self/exe", out, cap - 1);
    if (n > 0) {
        out[n] = '\0';
        return 0;
    }
    if (argv0 && strchr(argv0, '/')) {
        snprintf(out, cap, "%s", argv0);
        return 0;
    }
    return -1;
}

/* Starts prog with argv, stdout to out_path, and waits for it. The worker
 * has a deadline (`limit` seconds), so a program that never exits is ended
 * and named instead of waited for. A stop signal to this process ends the
 * worker too: `timeout` or a CI runner signals only the parent. Polled every
 * 50 ms: a sleeping parent costs the measuring core nothing. */
static int tock__ab_exec(const char *prog, char **argv, const char *out_path, double limit,
                         char *err, size_t errcap) {
    posix_spawn_file_actions_t fa;
    if (posix_spawn_file_actions_init(&fa) != 0) {
        snprintf(err, errcap, "cannot spawn %.300s", prog);
        return TOCK_EIO;
    }
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, out_path, O_WRONLY | O_CREAT | O_TRUNC,
                                     0666);
    pid_t pid;
    int src = posix_spawn(&pid, prog, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (src != 0) {
        snprintf(err, errcap, "cannot start %.300s: %s", prog, strerror(src));
        return TOCK_EIO;
    }
    const uint64_t t0 = tock__mono_ns();
    int status = 0, stopped = 0;
    for (;;) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid) break;
        if (w < 0 && errno != EINTR) {
            snprintf(err, errcap, "waitpid: %s", strerror(errno));
            return TOCK_EIO;
        }
        if (tock__sigint && !stopped) {
            kill(pid, SIGTERM);
            stopped = 1;
        }
        if ((double)(tock__mono_ns() - t0) * 1e-9 > limit) {
            kill(pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
            snprintf(err, errcap, "%.300s %s did not finish within %.0f s (--ab-timeout); ended it",
                     prog, argv[1] ? argv[1] : "", limit);
            return TOCK_EIO;
        }
        struct timespec nap = {0, 50000000L};
        nanosleep(&nap, NULL);
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(err, errcap, "%.300s %s failed (%s %d)", prog, argv[1] ? argv[1] : "",
                 WIFEXITED(status) ? "exit status" : "signal",
                 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
        return TOCK_EIO;
    }
    return 0;
}

/* One worker: prog --ab-worker with this run's settings, measuring what
 * filter (exact: the one id; NULL: everything) selects; stdout to out_path. */
static int tock__ab_spawn(tock__state *S, const char *prog, const char *filter, int exact,
                          size_t round, const char *out_path, tock_baseline *bl, char *err,
                          size_t errcap) {
    const tock__config *c = &S->cfg;
    char warm[40], meas[40], ss[32], seed[32], thr[16];
    snprintf(warm, sizeof warm, "%.17g", c->warm_up_s);
    snprintf(meas, sizeof meas, "%.17g", c->measurement_s);
    snprintf(ss, sizeof ss, "%zu", c->sample_size);
    /* one seed per round, the same for A and B: both builds' set-ups land
     * at the round's heap offset (tock__heap_spacer), the rounds at others */
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)(c->seed + round));
    snprintf(thr, sizeof thr, "%d", c->threads);
    const char *timer = c->timer == TOCK__TIMER_TSC         ? "tsc"
                        : c->timer == TOCK__TIMER_MONOTONIC ? "monotonic"
                                                            : "auto";
    char *argv[24];
    int n = 0;
    argv[n++] = (char *)prog;
    argv[n++] = (char *)"--ab-worker";
    argv[n++] = (char *)"--warm-up-time";
    argv[n++] = warm;
    argv[n++] = (char *)"--measurement-time";
    argv[n++] = meas;
    argv[n++] = (char *)"--sample-size";
    argv[n++] = ss;
    argv[n++] = (char *)"--nresamples";
    argv[n++] = (char *)"1000";
    argv[n++] = (char *)"--seed";
    argv[n++] = seed;
    argv[n++] = (char *)"--threads";
    argv[n++] = thr;
    argv[n++] = (char *)"--timer";
    argv[n++] = (char *)timer;
    argv[n++] = (char *)"--target-precision";
    argv[n++] = (char *)"0";
    if (exact) argv[n++] = (char *)"--exact";
    if (filter) {
        argv[n++] = (char *)"--";
        argv[n++] = (char *)filter;
    }
    argv[n] = NULL;
    /* by default 60 s plus 20 times the worker's nominal budget */
    size_t nmeasured = 1;
    if (!(filter && exact))
        for (size_t i = nmeasured = 0; i < S->nbench; i++) nmeasured += S->benches[i].selected != 0;
    const double limit = c->ab_timeout_s > 0.0
                             ? c->ab_timeout_s
                             : 60.0 + 20.0 * (c->warm_up_s + c->measurement_s) * (double)nmeasured;
    int rc = tock__ab_exec(prog, argv, out_path, limit, err, errcap);
    if (rc < 0) return rc;
    size_t len = 0;
    char *text = NULL, why[128];
    int rrc = tock__read_input(out_path, TOCK__MAX_INPUT, &text, &len);
    if (rrc != 0) {
        snprintf(err, errcap, "cannot read %.300s: %s", out_path,
                 tock__read_error(rrc, errno, TOCK__MAX_INPUT, why, sizeof why));
        return TOCK_EIO;
    }
    char perr[256];
    rc = tock_baseline_parse(text, len, bl, perr, sizeof perr);
    /* the worker's output is a file of the run: into the manifest's index */
    size_t rl = strlen(S->run_dir);
    if (rc == 0 && strncmp(out_path, S->run_dir, rl) == 0 && out_path[rl] == '/' &&
        tock__artifact_record(S, out_path + rl + 1, text, len) < 0) {
        tock_baseline_free(bl);
        TOCK_FREE(text);
        snprintf(err, errcap, "out of memory");
        return TOCK_ENOMEM;
    }
    TOCK_FREE(text);
    if (rc < 0) snprintf(err, errcap, "%.300s: output of %.300s: %.256s", out_path, prog, perr);
    return rc;
}

/* The reference's benchmarks (`OTHER --list` with this run's filter), before
 * any round: a selected benchmark the reference lacks is "new" (never
 * measured, no verdict), one only the reference has is "removed". */
static int tock__ab_list_reference(tock__state *S, const char *abdir) {
    const tock__config *c = &S->cfg;
    char path[TOCK__PATH + 32], err[1024];
    snprintf(path, sizeof path, "%s/list-B.txt", abdir);
    char *argv[8];
    int n = 0;
    argv[n++] = (char *)c->ab;
    argv[n++] = (char *)"--list";
    if (c->exact) argv[n++] = (char *)"--exact";
    if (c->filter) {
        argv[n++] = (char *)"--";
        argv[n++] = (char *)c->filter;
    }
    argv[n] = NULL;
    int rc = tock__ab_exec(c->ab, argv, path, c->ab_timeout_s > 0.0 ? c->ab_timeout_s : 60.0, err,
                           sizeof err);
    char *text = NULL, why[128];
    size_t len = 0;
    if (rc == 0) {
        int rrc = tock__read_input(path, TOCK__MAX_INPUT, &text, &len);
        if (rrc != 0) {
            snprintf(err, sizeof err, "cannot read %.300s: %s", path,
                     tock__read_error(rrc, errno, TOCK__MAX_INPUT, why, sizeof why));
            rc = TOCK_EIO;
        }
    }
    /* a file of the run like the rounds' outputs: into the manifest's index */
    if (rc == 0 && tock__artifact_record(S, "ab/list-B.txt", text, len) < 0) {
        snprintf(err, sizeof err, "out of memory");
        rc = TOCK_ENOMEM;
    }
    if (rc < 0) {
        if (!tock__sigint) fprintf(stderr, "tock: --ab: listing the reference: %s\n", err);
        TOCK_FREE(text);
        return rc;
    }
    /* "ID: benchmark" lines; mark the ones this program has */
    for (size_t i = 0; i < S->nbench; i++) S->benches[i].skipped = S->benches[i].selected != 0;
    size_t listed = 0;
    for (char *s = text; s && *s && rc == 0;) {
        char *nl = (char *)memchr(s, '\n', len - (size_t)(s - text));
        if (!nl) break;
        *nl = '\0';
        char *tail = strstr(s, ": benchmark");
        if (tail && tail[11] == '\0') {
            *tail = '\0';
            listed++;
            tock__bench *b = tock__find(S, s);
            if (b && b->selected)
                b->skipped = 0;
            else
                rc = tock__strlist_add(&S->removed, &S->nremoved, s);
        }
        s = nl + 1;
    }
    TOCK_FREE(text);
    if (rc == 0 && listed == 0) {
        /* nothing in common, and nothing to call removed: not a tock program,
         * or a filter that selects nothing there */
        fprintf(stderr,
                "tock: --ab %s: its --list printed no benchmark%s%s%s (expected a tock "
                "program; output in %s)\n",
                c->ab, c->filter ? " matching '" : "", c->filter ? c->filter : "",
                c->filter ? "'" : "", path);
        rc = TOCK_EUSAGE;
    }
    return rc;
}

static double tock__lower_quartile(const tock_baseline_bench *x) {
    double *p = (double *)TOCK_MALLOC(x->n * sizeof *p);
    if (!p) return NAN; /* tock_compare_paired rejects it: TOCK_EINVAL */
    for (size_t k = 0; k < x->n; k++) p[k] = x->ns[k] / x->iters[k];
    double q = tock_stats_quantile(p, x->n, 0.25);
    TOCK_FREE(p);
    return q;
}

static int tock__append(double **a, size_t *n, size_t *cap, const double *v, size_t k) {
    if (*n + k > *cap) {
        size_t nc = *cap ? *cap : 64;
        while (nc < *n + k) nc *= 2;
        double *p = (double *)TOCK_REALLOC(*a, nc * sizeof *p);
        if (!p) return TOCK_ENOMEM;
        *a = p;
        *cap = nc;
    }
    memcpy(*a + *n, v, k * sizeof *v);
    *n += k;
    return 0;
}

/* The A/B line of a judged benchmark: its rounds and why they stopped. */
static void tock__ab_print_rounds(const tock__bench *b, const tock_ab_plan *plan, size_t looks) {
    const tock_change *ch = &b->change;
    if (ch->stop == TOCK_AB_INTERRUPTED || ch->stop == TOCK_AB_BUDGET) {
        printf("%24sA/B:    %zu rounds, %s (%.4g%% interval)\n", "", ch->rounds,
               ch->stop == TOCK_AB_BUDGET ? "--ab-budget spent" : "interrupted",
               100.0 * ch->confidence);
    } else {
        size_t look = ch->rounds >= plan->max_rounds
                          ? looks
                          : (ch->rounds - plan->min_rounds) / plan->every + 1;
        printf("%24sA/B:    %zu rounds, %s at look %zu of %zu (%.4g%% interval)\n", "", ch->rounds,
               tock_ab_stop_name(ch->stop), look, looks, 100.0 * ch->confidence);
    }
    fflush(stdout);
}

int tock__ab_order(tock__state *S, size_t *ord, size_t *nfirst) {
    const size_t NB = S->nbench;
    unsigned char *taken = (unsigned char *)TOCK_MALLOC(NB ? NB : 1);
    if (!taken) return TOCK_ENOMEM;
    memset(taken, 0, NB ? NB : 1);
    size_t k = 0;
    for (size_t f = 0; f < S->nab_first; f++) {
        size_t i = S->ab_first[f];
        if (i >= NB || taken[i] || !S->benches[i].selected || S->benches[i].skipped) continue;
        taken[i] = 1;
        ord[k++] = i;
    }
    *nfirst = k;
    for (size_t i = 0; i < NB; i++)
        if (!taken[i]) ord[k++] = i;
    TOCK_FREE(taken);
    return 0;
}

/* The fewest rounds the budget's last look judges: at 6 the signed-rank
 * interval can reach 95% (1 - 2 / 2^6 = 96.9%); below, [min, max] of the
 * Walsh averages covers less than the nominal level. */
#define TOCK__AB_FINAL_MIN 6

enum { TOCK__AB_LIVE = 1, TOCK__AB_GOT_A = 2, TOCK__AB_GOT_B = 4, TOCK__AB_WAIT = 8 };

/* Paired rounds. A = this program, B = the reference, order A B B A A B B A...
 * A round measures every unsettled benchmark once per build. While more
 * than 3/4 of the selected benchmarks are unsettled, one child per build
 * measures the whole filter (two process starts a round); below that, one
 * child per build and unsettled benchmark (--exact ID, A and B back to
 * back): a child costs ~0.05 s to start against ~0.13 s per benchmark it
 * measures at the --ab defaults (tock-perf on the project's 2-vCPU VM), so
 * from there on the extra starts cost less than measuring settled
 * benchmarks again. Each child's stdout, in the baseline format, is kept as
 * <run>/ab/round-NNN-{A,B}.txt (one child per benchmark:
 * round-NNN-{A,B}-<id>.txt). A benchmark's looks (tock_ab_settle) come
 * after --ab-rounds of its rounds, then every TOCK_AB_LOOK_EVERY and at
 * --ab-max-rounds; once settled it is measured no more. The bench keeps A's
 * samples (time line and run files); the change is judged on the per-round
 * statistics only.
 * Order: the benchmarks of S->ab_first (a pre-stage's priority list, or
 * --ab-first) are timed alone until every one of them settles; only then
 * do the others start (tock__ab_order). So a budget too short for the
 * suite is spent on the benchmarks that most need it.
 * Budget: no pair of workers starts after --ab-budget seconds of rounds;
 * its end is every unsettled benchmark's last look: judged on its completed
 * rounds at the nominal levels (>= TOCK__AB_FINAL_MIN of them), the margin
 * rule's verdict, inconclusive when the interval straddles the margin. On SIGINT the
 * workers stop too (same process group); each benchmark with >= 2 complete
 * rounds is judged on them at the nominal levels (stop "interrupted"). */
int tock__ab_run(tock__state *S, const tock__prov *p) {
    const tock__config *c = &S->cfg;
    char self[TOCK__PATH];
    if (tock__self_exe(S->prog_path, self, sizeof self) != 0) {
        fprintf(stderr, "tock: --ab: cannot find this program's own path\n");
        return TOCK_EUSAGE;
    }
    const size_t M = c->ab_max_rounds, NB = S->nbench;
    const tock_ab_plan plan = {
        c->ab_rounds, M, TOCK_AB_LOOK_EVERY, c->alpha, c->noise, c->confidence, c->max_regression};
    const size_t looks = tock_ab_looks(&plan);
    if (looks == 0) return TOCK_EINVAL;
    double *ta = (double *)TOCK_MALLOC(2 * M * NB * sizeof *ta);
    size_t *cap = (size_t *)TOCK_MALLOC(3 * NB * sizeof *cap);
    unsigned char *st = (unsigned char *)TOCK_MALLOC(NB);
    if (!ta || !cap || !st) {
        TOCK_FREE(ta);
        TOCK_FREE(cap);
        TOCK_FREE(st);
        return TOCK_ENOMEM;
    }
    double *tb = ta + M * NB;
    size_t *nr = cap + NB;      /* complete rounds (both builds) per benchmark */
    size_t *ord = cap + 2 * NB; /* the order benchmarks are timed in */
    size_t nsel = 0, nfirst = 0, nlive = 0, nwait = 0, r = 0;
    int rc = 0, spent = 0;
    uint64_t t_start = 0;     /* declared before the gotos (C++): set below */
    double last_pair_s = 0.0; /* how long the last pair of workers ran */
    size_t rounds_run = 0;    /* rounds in which at least one pair of workers ran */
    int env_checked = 0;
    char abdir[TOCK__PATH + 8];
    snprintf(abdir, sizeof abdir, "%s/ab", S->run_dir);
    if (mkdir(abdir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "tock: --ab: cannot create %s: %s\n", abdir, strerror(errno));
        rc = TOCK_EIO;
        goto out;
    }
    rc = tock__ab_list_reference(S, abdir);
    if (rc == 0) rc = tock__ab_order(S, ord, &nfirst);
    if (rc < 0) {
        if (tock__sigint) rc = 0;
        goto out;
    }
    for (size_t i = 0; i < NB; i++) {
        tock__bench *b = &S->benches[i];
        cap[i] = nr[i] = 0;
        const int timed = b->selected && !b->skipped; /* skipped: new, not in the reference */
        st[i] = timed ? TOCK__AB_LIVE : 0;
        nsel += timed;
        b->n = 0;
        TOCK_FREE(b->iters);
        TOCK_FREE(b->ns);
        b->iters = b->ns = NULL;
    }
    if (nfirst) /* the others wait until the first ones settle */
        for (size_t k = nfirst; k < NB; k++)
            if (st[ord[k]]) st[ord[k]] = TOCK__AB_WAIT;
    for (size_t i = 0; i < NB; i++) {
        nlive += (st[i] & TOCK__AB_LIVE) != 0;
        nwait += (st[i] & TOCK__AB_WAIT) != 0;
    }
    t_start = S->gate.t0_ns ? S->gate.t0_ns : tock__mono_ns(); /* with the count stage */
    for (r = 0; nlive > 0 && !tock__sigint && rc == 0 && !spent; r++) {
        const int whole = 4 * nlive > 3 * nsel;
        int ran = 0;
        for (size_t jj = 0; jj < NB && rc == 0 && !tock__sigint && !spent; jj++) {
            const size_t j = ord[jj];
            if (whole ? jj > 0 : !(st[j] & TOCK__AB_LIVE)) continue;
            /* a pair that would end past the budget (judged by the last
             * one's length: a whole-suite pair takes ~20 s) is not started */
            const double used = (double)(tock__mono_ns() - t_start) * 1e-9;
            if (used >= c->ab_budget_s || used + last_pair_s > c->ab_budget_s) {
                spent = 1;
                break;
            }
            const uint64_t pair_t0 = tock__mono_ns();
            const char *id = whole ? NULL : S->benches[j].id;
            char tag[320] = "";
            if (id) { /* "-" and the samples file's name: "samples/" ... ".csv" */
                char fn[300];
                tock__sample_file_name(id, fn, sizeof fn);
                snprintf(tag, sizeof tag, "-%.*s", (int)(strlen(fn) - 12), fn + 8);
            }
            for (int k = 0; k < 2 && rc == 0; k++) {
                /* rounds 0, 2, 4...: A then B; 1, 3, 5...: B then A -> ABBA ABBA */
                const int is_b = (r % 2 == 0) ? k == 1 : k == 0;
                const char *prog = is_b ? c->ab : self, *side = is_b ? "B" : "A";
                char path[TOCK__PATH + 400], err[1024];
                snprintf(path, sizeof path, "%s/round-%03zu-%s%s.txt", abdir, r + 1, side, tag);
                tock__progress(S, 1, "A/B round %zu: %zu of %zu unsettled, %.0f of %.0f s; %s%s%s",
                               r + 1, nlive + nwait, nsel, used, c->ab_budget_s,
                               is_b ? "B (reference)" : "A", id ? " " : "", id ? id : "");
                tock_baseline bl;
                rc = tock__ab_spawn(S, prog, id ? id : c->filter, id ? 1 : c->exact, r, path, &bl,
                                    err, sizeof err);
                tock__progress_clear(S);
                if (rc < 0 && tock__sigint) { /* the workers got the Ctrl-C too */
                    rc = 0;
                    break;
                }
                if (rc < 0) {
                    fprintf(stderr, "tock: --ab: round %zu, %s: %s\n", r + 1, side, err);
                    rc = TOCK_EIO;
                    break;
                }
                if (is_b && !env_checked) { /* the reference's first output */
                    env_checked = 1;
                    tock__buf_free(&S->env_diff);
                    memset(&S->env_diff, 0, sizeof S->env_diff);
                    if (tock__env_check(S, p, &bl, NULL) && c->strict_env) rc = TOCK_EUSAGE;
                }
                const size_t i0 = id ? j : 0, i1 = id ? j + 1 : NB;
                for (size_t i = i0; i < i1 && rc == 0; i++) {
                    tock__bench *b = &S->benches[i];
                    if (!(st[i] & TOCK__AB_LIVE)) continue;
                    const tock_baseline_bench *x = tock__bl_find(&bl, b->id);
                    if (!x) {
                        fprintf(stderr,
                                "tock: --ab: %s: benchmark '%s' is missing from %s's "
                                "output (%s)\n",
                                side, b->id, prog, path);
                        rc = TOCK_EUSAGE;
                        break;
                    }
                    /* the round's statistic: the lower quartile of its
                     * per-iteration times. Interference only adds time; on
                     * this project's busy 2-vCPU VM the per-round log ratio
                     * of an A/A pair had a spread of 3.1-5.4% with it,
                     * 5.7-9.7% with the median and 21-25% with the OLS slope
                     * (tools/gate/trials.sh runs, 20 rounds of 0.1 s). */
                    (is_b ? tb : ta)[i * M + nr[i]] = tock__lower_quartile(x);
                    st[i] |= is_b ? TOCK__AB_GOT_B : TOCK__AB_GOT_A;
                    if (!is_b) {
                        size_t n0 = b->n, c2 = cap[i];
                        rc = tock__append(&b->iters, &n0, &c2, x->iters, x->n);
                        if (rc == 0) {
                            n0 = b->n;
                            rc = tock__append(&b->ns, &n0, &cap[i], x->ns, x->n);
                        }
                        b->n = n0;
                    }
                }
                tock_baseline_free(&bl);
                ran |= k == 1 && rc == 0;
            }
            last_pair_s = (double)(tock__mono_ns() - pair_t0) * 1e-9;
        }
        rounds_run += ran != 0;
        /* a round counts once both builds measured the benchmark; then a look? */
        for (size_t i = 0; i < NB && rc == 0; i++) {
            tock__bench *b = &S->benches[i];
            if (!(st[i] & TOCK__AB_LIVE)) continue;
            const int both = (st[i] & TOCK__AB_GOT_A) && (st[i] & TOCK__AB_GOT_B);
            st[i] = TOCK__AB_LIVE;
            if (!both) continue;
            const size_t n = ++nr[i];
            if (tock__sigint || n < plan.min_rounds ||
                (n < M && (n - plan.min_rounds) % plan.every != 0))
                continue;
            rc = tock_ab_settle(&plan, tb + i * M, ta + i * M, n, 0, c->nresamples,
                                tock__bench_seed(c->seed, b->id) ^ UINT64_C(0x6162), &b->change);
            if (rc < 0) {
                fprintf(stderr, "tock: --ab: %s: %s (%s)\n", b->id, tock_strerror(rc),
                        tock_err_name(rc));
                break;
            }
            if (b->change.stop == TOCK_AB_CONTINUE) continue;
            st[i] = 0;
            nlive--;
            printf("tock: A/B: %s %s after %zu rounds (%s)\n", b->id,
                   b->change.stop == TOCK_AB_SETTLED ? "settled" : "reached --ab-max-rounds", n,
                   tock_verdict_name(b->change.verdict));
        }
        if (nlive == 0 && nwait > 0) { /* the first ones settled: the others' turn */
            for (size_t i = 0; i < NB; i++)
                if (st[i] & TOCK__AB_WAIT) st[i] = TOCK__AB_LIVE;
            nlive = nwait;
            nwait = 0;
        }
        if (rc == 0 && !tock__sigint && !spent) {
            const double used = (double)(tock__mono_ns() - t_start) * 1e-9;
            /* a TTY gets one updating line, a log one line a round */
            if (S->tty_err)
                tock__progress(S, 1, "A/B round %zu done: %zu of %zu unsettled, %.0f of %.0f s",
                               r + 1, nlive + nwait, nsel, used, c->ab_budget_s);
            else
                printf("tock: A/B round %zu done (%zu of %zu benchmark%s unsettled, %.0f of "
                       "%.0f s budget)\n",
                       r + 1, nlive + nwait, nsel, nsel == 1 ? "" : "s", used, c->ab_budget_s);
            fflush(stdout);
        }
    }
    tock__progress_clear(S);
    S->ab_rounds_run = rounds_run;
    S->ab_budget_spent = spent;
    S->ab_elapsed_s = (double)(tock__mono_ns() - t_start) * 1e-9;
    if (rc < 0) goto out;
    if (spent)
        printf("tock: A/B: --ab-budget %.3g s spent after %zu rounds; %zu benchmark%s unsettled, "
               "judged on the rounds done (the last look)\n",
               c->ab_budget_s, rounds_run, nlive + nwait, nlive + nwait == 1 ? "" : "s");
    for (size_t i = 0; i < NB && rc == 0; i++) {
        tock__bench *b = &S->benches[i];
        if (!b->selected || b->skipped) continue;
        const int cut = (st[i] & (TOCK__AB_LIVE | TOCK__AB_WAIT)) != 0; /* unsettled */
        if (cut && nr[i] < 2) {                                         /* nothing to judge */
            S->ab_unreached += spent && !tock__sigint;
            continue;
        }
        const uint64_t seed = tock__bench_seed(c->seed, b->id);
        if (cut) {
            rc = tock_ab_settle(&plan, tb + i * M, ta + i * M, nr[i], 1, c->nresamples,
                                seed ^ UINT64_C(0x6162), &b->change);
            if (rc < 0) break;
            /* the budget's end is the last look: judged at the nominal levels
             * like --ab-max-rounds, the margin rule's verdict stands and an
             * interval across the margin is inconclusive; with fewer than
             * TOCK__AB_FINAL_MIN rounds (and after a signal, before the
             * first look) the change and its interval are reported but no
             * verdict is drawn */
            const int budget = spent && !tock__sigint;
            if (budget ? nr[i] < TOCK__AB_FINAL_MIN : nr[i] < plan.min_rounds)
                b->change.verdict = TOCK_VERDICT_INCONCLUSIVE;
            if (budget) b->change.stop = TOCK_AB_BUDGET;
        }
        rc = tock_stats_analyze(b->iters, b->ns, b->n, c->nresamples, c->confidence, seed, &b->an);
        if (rc < 0) break;
        b->state = TOCK__DONE;
        b->stop = !cut                     ? TOCK_STOP_SAMPLE_LIMIT
                  : spent && !tock__sigint ? TOCK_STOP_TIME_BUDGET
                                           : TOCK_STOP_INTERRUPTED;
        b->has_change = 1;
        tock__print_result(S, b);
        tock__ab_print_rounds(b, &plan, looks);
    }
out:
    TOCK_FREE(ta);
    TOCK_FREE(cap);
    TOCK_FREE(st);
    return rc;
}

/* --ab-worker: measure the selected benchmarks and print them on stdout in
 * the baseline format; no run directory, no other output on stdout. */
int tock__worker(tock__state *S, const tock__prov *p) {
    int failed = 0;
    snprintf(S->run_id, sizeof S->run_id, "ab-worker");
    for (size_t i = 0; i < S->nbench && !tock__sigint; i++) {
        tock__bench *b = &S->benches[i];
        if (!b->selected) continue;
        int rc = tock__measure(S, b);
        if (rc < 0) {
            fprintf(stderr, "tock: %s: %s (%s)\n", b->id, tock_strerror(rc), tock_err_name(rc));
            failed = 1;
        }
    }
    if (tock__sigint) return 128 + (int)tock__sigint;
    tock__buf buf = {0};
    tock__bl_text(S, p, "ab-worker", &buf);
    int rc = buf.err;
    if (rc == 0 && (fwrite(buf.p, 1, buf.len, stdout) != buf.len || fflush(stdout) != 0))
        rc = TOCK_EIO;
    tock__buf_free(&buf);
    return rc < 0 ? 2 : failed ? 1 : 0;
}

/* --load-baseline: the new side's samples instead of a measurement */
int tock__from_loaded(tock__state *S, tock__bench *b) {
    const tock_baseline_bench *x = tock__bl_find(&S->loaded, b->id);
    if (!x) return 0;
    TOCK_FREE(b->iters);
    TOCK_FREE(b->ns);
    b->iters = (double *)TOCK_MALLOC(x->n * sizeof(double));
    b->ns = (double *)TOCK_MALLOC(x->n * sizeof(double));
    if (!b->iters || !b->ns) return TOCK_ENOMEM;
    memcpy(b->iters, x->iters, x->n * sizeof(double));
    memcpy(b->ns, x->ns, x->n * sizeof(double));
    b->n = x->n;
    b->total_iters = 0;
    for (size_t k = 0; k < x->n; k++) b->total_iters += (uint64_t)x->iters[k];
    b->stop = TOCK_STOP_SAMPLE_LIMIT;
    int rc = tock_stats_analyze(b->iters, b->ns, b->n, S->cfg.nresamples, S->cfg.confidence,
                                tock__bench_seed(S->cfg.seed, b->id), &b->an);
    if (rc < 0) return rc;
    b->state = TOCK__DONE;
    return 0;
}

int tock__strlist_add(char ***list, size_t *n, const char *s) {
    char **p = (char **)TOCK_REALLOC(*list, (*n + 1) * sizeof *p);
    if (!p) return TOCK_ENOMEM;
    *list = p;
    if (!(p[*n] = tock__strdup(s))) return TOCK_ENOMEM;
    (*n)++;
    return 0;
}

void tock__strlist_free(char ***list, size_t *n) {
    for (size_t i = 0; i < *n; i++) TOCK_FREE((*list)[i]);
    TOCK_FREE(*list);
    *list = NULL;
    *n = 0;
}

void tock__gate_free(tock__state *S) {
    tock__strlist_free(&S->removed, &S->nremoved);
    TOCK_FREE(S->ab_first);
    S->ab_first = NULL;
    S->nab_first = 0;
    tock_baseline_free(&S->base);
    tock_baseline_free(&S->loaded);
    tock_baseline_free(&S->counts);
    tock__buf_free(&S->env_diff);
    memset(&S->env_diff, 0, sizeof S->env_diff);
    tock__gate_stage_free(S);
    tock__free_all();
}
