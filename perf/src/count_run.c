/* count_run.c - --measure instructions: this program re-executes itself
 * under valgrind's callgrind; the child brackets routine(ctx, n) and
 * routine(ctx, 2n) with client requests and dumps each, the parent reads the
 * dumps and keeps (count(2n) - count(n)) / n per benchmark, so the harness's
 * fixed cost cancels. Counts repeat exactly, so one pass and no statistics.
 * The client requests need <valgrind/callgrind.h> at compile time; without
 * it the mode says what to install and exits 2.
 */
#include "internal.h"

#if defined(__has_include) && !defined(TOCK_NO_CALLGRIND)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define TOCK__HAVE_CALLGRIND 1
#endif
#endif
#ifndef TOCK__HAVE_CALLGRIND
#define TOCK__HAVE_CALLGRIND 0
#endif

/* ---- the child, under callgrind ---- */

#if TOCK__HAVE_CALLGRIND
/* `iters` iterations in calls of at most batch_size; only the routine is
 * collected, batch_setup and batch_teardown run uncounted. */
static int tock__count_calls(const tock_bench_def *d, void *ctx, uint64_t iters, int counted) {
    uint64_t left = iters;
    while (left > 0) {
        uint64_t n = d->batch_size && d->batch_size < left ? d->batch_size : left;
        if (d->batch_setup) {
            int rc = d->batch_setup(ctx, n);
            if (rc < 0) return rc;
        }
        if (counted) CALLGRIND_TOGGLE_COLLECT;
        d->routine(ctx, n);
        if (counted) CALLGRIND_TOGGLE_COLLECT;
        if (d->batch_teardown) d->batch_teardown(ctx, n);
        left -= n;
    }
    return 0;
}

/* set-up, one uncounted warm call of n, then n and 2n, each dumped as
 * "tock:<id>:<iterations>" */
static int tock__count_one(tock__bench *b) {
    void *ctx = b->def.user;
    int rc = b->def.setup ? b->def.setup(b->def.user, &ctx) : 0;
    if (rc < 0) return rc;
    const uint64_t n = TOCK__COUNT_N;
    rc = tock__count_calls(&b->def, ctx, n, 0);
    for (uint64_t m = n; rc == 0 && m <= 2 * n; m += n) {
        char label[400];
        snprintf(label, sizeof label, "tock:%s:%llu", b->id, (unsigned long long)m);
        CALLGRIND_ZERO_STATS;
        rc = tock__count_calls(&b->def, ctx, m, 1);
        if (rc == 0) CALLGRIND_DUMP_STATS_AT(label);
    }
    if (b->def.teardown) b->def.teardown(ctx);
    return rc;
}
#endif

int tock__count_child(tock__state *S) {
#if TOCK__HAVE_CALLGRIND
    const char *dir = getenv(TOCK__COUNT_CHILD_ENV);
    if (!RUNNING_ON_VALGRIND) {
        fprintf(stderr, "tock: %s is set but this process is not running under valgrind\n",
                TOCK__COUNT_CHILD_ENV);
        return 2;
    }
    /* the counted process's provenance (the ISA it dispatched, ...) for the parent */
    tock__buf prov = {0};
    for (size_t i = 0; i < S->nprov; i++)
        tock__buf_printf(&prov, "%s\t%s\n", S->prov_kv[2 * i], S->prov_kv[2 * i + 1]);
    char path[TOCK__PATH + 32];
    snprintf(path, sizeof path, "%s/child-prov.txt", dir);
    if (prov.err || tock__write_atomic(path, prov.p ? prov.p : "", prov.len) != 0) {
        fprintf(stderr, "tock: cannot write %s: %s\n", path, strerror(errno));
        tock__buf_free(&prov);
        return 2;
    }
    tock__buf_free(&prov);
    int failed = 0;
    for (size_t i = 0; i < S->nbench && !tock__sigint; i++) {
        tock__bench *b = &S->benches[i];
        if (!b->selected) continue;
        int rc = tock__count_one(b);
        if (rc < 0) {
            fprintf(stderr, "tock: %s: %s (%s)\n", b->id, tock_strerror(rc), tock_err_name(rc));
            failed = 1;
        }
    }
    if (tock__sigint) return 128 + (int)tock__sigint;
    /* the parent tells "some benchmarks failed" (1) from "valgrind failed"
     * (any status without this file) */
    snprintf(path, sizeof path, "%s/child-done.txt", dir);
    if (tock__write_atomic(path, failed ? "failed\n" : "ok\n", failed ? 7 : 3) != 0) return 2;
    return failed;
#else
    (void)S;
    return 2;
#endif
}

/* ---- the parent: processes and scratch files ---- */

#if TOCK__HAVE_CALLGRIND
/* valgrind: $TOCK_VALGRIND when set (tests point it at fakes), else the first
 * `valgrind` on PATH. 0, or -1 with the reason in why. */
static int tock__valgrind_lookup(char *out, size_t cap, char *why, size_t whycap) {
    const char *env = getenv("TOCK_VALGRIND");
    if (env && *env) {
        if (access(env, X_OK) != 0) {
            snprintf(why, whycap, "TOCK_VALGRIND=%s: %s", env, strerror(errno));
            return -1;
        }
        snprintf(out, cap, "%s", env);
        return 0;
    }
    const char *path = getenv("PATH");
    while (path && *path) {
        const char *colon = strchr(path, ':');
        size_t len = colon ? (size_t)(colon - path) : strlen(path);
        if (len > 0 && len < cap - 16) {
            snprintf(out, cap, "%.*s/valgrind", (int)len, path);
            if (access(out, X_OK) == 0) return 0;
        }
        path = colon ? colon + 1 : NULL;
    }
    snprintf(why, whycap,
             "valgrind not found on PATH; install valgrind (apt-get install "
             "valgrind) or set TOCK_VALGRIND to its path");
    return -1;
}

/* The same, saying what is missing. */
static int tock__find_valgrind(char *out, size_t cap) {
    char why[TOCK__PATH + 64];
    if (tock__valgrind_lookup(out, cap, why, sizeof why) == 0) return 0;
    fprintf(stderr, "tock: --measure instructions: %s\n", why);
    return -1;
}

#endif

static void tock__rm_scratch(const char *dir) {
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            char p[TOCK__PATH + 300];
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

/* Runs argv (environment: this one, without the child marker, plus `extra`
 * when not NULL), stdout to out_path (NULL: inherited); a stop signal to this
 * process is passed on. The exit status, or -1 with err set. */
/* A counting process that runs longer is ended (0: no limit): --ab-timeout
 * when given, else 30 minutes, some 50 times what the whole suite takes. */
static double tock__count_limit_s;

/* Starts argv (environment: this one, without the child marker, plus `extra`
 * when not NULL), stdout to out_path (NULL: inherited). The pid, or -1 with
 * err set. */
static pid_t tock__count_spawn(char *const *argv, const char *extra, const char *out_path,
                               char *err, size_t errcap) {
    size_t ne = 0;
    while (environ[ne]) ne++;
    char **envp = (char **)TOCK_MALLOC((ne + 2) * sizeof *envp);
    if (!envp) {
        snprintf(err, errcap, "out of memory");
        return -1;
    }
    size_t k = 0, ml = strlen(TOCK__COUNT_CHILD_ENV);
    for (size_t i = 0; i < ne; i++)
        if (!(strncmp(environ[i], TOCK__COUNT_CHILD_ENV, ml) == 0 && environ[i][ml] == '='))
            envp[k++] = environ[i];
    if (extra) envp[k++] = (char *)extra;
    envp[k] = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (out_path)
        posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, out_path, O_WRONLY | O_CREAT | O_TRUNC,
                                         0666);
    pid_t pid;
    int src = posix_spawn(&pid, argv[0], &fa, NULL, argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    TOCK_FREE(envp);
    if (src != 0) {
        snprintf(err, errcap, "cannot start %.300s: %s", argv[0], strerror(src));
        return -1;
    }
    return pid;
}

/* Waits for pid (started as name); a stop signal to this process is passed
 * on, and a process running past tock__count_limit_s is ended. The exit
 * status, or -1 with err set. */
static int tock__count_wait(pid_t pid, const char *name, char *err, size_t errcap) {
    int status = 0, stopped = 0, timed_out = 0;
    const uint64_t t0 = tock__mono_ns();
    for (;;) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid) break;
        if (w < 0 && errno != EINTR) {
            snprintf(err, errcap, "waitpid: %s", strerror(errno));
            return -1;
        }
        if (tock__sigint && !stopped) {
            kill(pid, SIGTERM);
            stopped = 1;
        }
        if (!stopped && tock__count_limit_s > 0.0 &&
            (double)(tock__mono_ns() - t0) * 1e-9 > tock__count_limit_s) {
            kill(pid, SIGKILL);
            stopped = timed_out = 1;
        }
        struct timespec nap = {0, 20000000L};
        nanosleep(&nap, NULL);
    }
    if (timed_out) {
        snprintf(err, errcap, "%.300s did not finish within %.3g s; ended it (--ab-timeout)", name,
                 tock__count_limit_s);
        return -1;
    }
    if (!WIFEXITED(status)) {
        snprintf(err, errcap, "%.300s ended by signal %d", name, WTERMSIG(status));
        return -1;
    }
    return WEXITSTATUS(status);
}

#if TOCK__HAVE_CALLGRIND
/* "tock:<id>:<iterations>" -> the selected benchmark and the iterations */
static tock__bench *tock__count_label(tock__state *S, const char *label, uint64_t *iters) {
    if (strncmp(label, "tock:", 5) != 0) return NULL;
    const char *colon = strrchr(label, ':');
    if (!colon || colon < label + 5 || tock__parse_u64(colon + 1, 1, UINT64_MAX, iters) != 0)
        return NULL;
    char id[400];
    snprintf(id, sizeof id, "%.*s", (int)(colon - (label + 5)), label + 5);
    tock__bench *b = tock__find(S, id);
    return b && b->selected ? b : NULL;
}

/* Reads <dir>/cg.out.<k> for k = 1, 2, ...: both dumps of every benchmark
 * into per-iteration counts in out (in registration order). */
static int tock__count_read_dumps(tock__state *S, const char *dir, tock_baseline *out) {
    double(*c1)[TOCK_COUNT_NEVENTS] =
        (double(*)[TOCK_COUNT_NEVENTS])TOCK_MALLOC((S->nbench + 1) * sizeof *c1);
    double(*c2)[TOCK_COUNT_NEVENTS] =
        (double(*)[TOCK_COUNT_NEVENTS])TOCK_MALLOC((S->nbench + 1) * sizeof *c2);
    unsigned char *seen = (unsigned char *)TOCK_MALLOC(S->nbench + 1);
    int rc = 0;
    size_t nparts = 0, nsel = 0; /* declared before the gotos: C++ */
    if (!c1 || !c2 || !seen) {
        rc = TOCK_ENOMEM;
        goto out;
    }
    memset(seen, 0, S->nbench + 1);
    for (size_t k = 1;; k++) {
        char path[TOCK__PATH + 64];
        snprintf(path, sizeof path, "%s/cg.out.%zu", dir, k);
        char *text = NULL, why[128], err[256];
        size_t len = 0;
        int rrc = tock__read_input(path, TOCK__MAX_INPUT, &text, &len);
        if (rrc == -1 && errno == ENOENT) break;
        if (rrc != 0) {
            fprintf(stderr, "tock: --measure instructions: cannot read %s: %s\n", path,
                    tock__read_error(rrc, errno, TOCK__MAX_INPUT, why, sizeof why));
            rc = TOCK_EIO;
            goto out;
        }
        tock__cg_part part;
        int prc = tock__cg_parse(text, len, &part, err, sizeof err);
        TOCK_FREE(text);
        if (prc < 0) {
            fprintf(stderr, "tock: --measure instructions: callgrind output %s: %s\n", path, err);
            rc = TOCK_EINVAL;
            goto out;
        }
        nparts++;
        uint64_t it = 0;
        tock__bench *b = tock__count_label(S, part.label, &it);
        if (!b) continue; /* another dump (e.g. a benchmark's own) */
        size_t i = (size_t)(b - S->benches);
        if (it == TOCK__COUNT_N) {
            memcpy(c1[i], part.ev, sizeof part.ev);
            seen[i] |= 1;
        } else if (it == 2 * TOCK__COUNT_N) {
            memcpy(c2[i], part.ev, sizeof part.ev);
            seen[i] |= 2;
        }
    }
    if (nparts == 0) {
        fprintf(stderr,
                "tock: --measure instructions: valgrind wrote no callgrind dumps in %s (is "
                "it valgrind 3.x with the callgrind tool?)\n",
                dir);
        rc = TOCK_EINVAL;
        goto out;
    }
    for (size_t i = 0; i < S->nbench; i++) nsel += seen[i] == 3;
    out->benches = (tock_baseline_bench *)TOCK_MALLOC((nsel + 1) * sizeof *out->benches);
    if (!out->benches) {
        rc = TOCK_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < S->nbench; i++) {
        if (seen[i] != 3) continue;
        tock_baseline_bench *x = &out->benches[out->nbench];
        memset(x, 0, sizeof *x);
        if (!(x->id = tock__strdup(S->benches[i].id))) {
            rc = TOCK_ENOMEM;
            goto out;
        }
        out->nbench++;
        x->count_iters = TOCK__COUNT_N;
        for (int e = 0; e < TOCK_COUNT_NEVENTS; e++)
            x->counts[e] = (c2[i][e] - c1[i][e]) / (double)TOCK__COUNT_N;
    }
out:
    TOCK_FREE(c1);
    TOCK_FREE(c2);
    TOCK_FREE(seen);
    return rc;
}

/* The counted process's provenance replaces this one's: it ran the kernels. */
static void tock__count_adopt_prov(const char *dir) {
    char path[TOCK__PATH + 32];
    snprintf(path, sizeof path, "%s/child-prov.txt", dir);
    char *text = NULL;
    size_t len = 0;
    if (tock__read_input(path, TOCK__MAX_INPUT, &text, &len) != 0) return;
    for (char *line = text; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        char *tab = strchr(line, '\t');
        if (tab) {
            *tab = '\0';
            tock_provenance_set(line, tab + 1);
        }
        line = nl ? nl + 1 : NULL;
    }
    TOCK_FREE(text);
}

#endif

static int tock__count_self(tock__state *S, const char *scratch, tock_baseline *out) {
#if !TOCK__HAVE_CALLGRIND
    (void)S;
    (void)scratch;
    (void)out;
    fprintf(stderr, "tock: --measure instructions: this program was built without "
                    "<valgrind/callgrind.h>; install valgrind (apt-get install valgrind) and "
                    "rebuild\n");
    return TOCK_EUSAGE;
#else
    char vg[TOCK__PATH], self[TOCK__PATH], outfile[TOCK__PATH + 64], err[512];
    if (tock__find_valgrind(vg, sizeof vg) < 0) return TOCK_EUSAGE;
    if (tock__self_exe(S->prog_path, self, sizeof self) < 0) {
        fprintf(stderr, "tock: --measure instructions: cannot find this program's path\n");
        return TOCK_EIO;
    }
    snprintf(outfile, sizeof outfile, "--callgrind-out-file=%s/cg.out", scratch);
    /* valgrind's own messages (its notes on the host's caches) go to a log,
     * shown when it fails; the program's stderr stays on ours */
    char logfile[TOCK__PATH + 96], logpath[TOCK__PATH + 64];
    snprintf(logpath, sizeof logpath, "%s/valgrind.log", scratch);
    snprintf(logfile, sizeof logfile, "--log-file=%s", logpath);
    char *argv[24];
    int n = 0;
    argv[n++] = vg;
    argv[n++] = (char *)"-q";
    argv[n++] = (char *)"--tool=callgrind";
    argv[n++] = (char *)"--collect-atstart=no";
    argv[n++] = (char *)"--cache-sim=yes";
    /* fixed cache geometry, not the host's: counts then agree between machines */
    argv[n++] = (char *)"--I1=32768,8,64";
    argv[n++] = (char *)"--D1=32768,8,64";
    argv[n++] = (char *)"--LL=8388608,16,64";
    argv[n++] = outfile;
    argv[n++] = logfile;
    argv[n++] = self;
    argv[n++] = (char *)"--measure";
    argv[n++] = (char *)"instructions";
    if (S->cfg.exact) argv[n++] = (char *)"--exact";
    if (S->cfg.filter) {
        argv[n++] = (char *)"--";
        argv[n++] = (char *)S->cfg.filter;
    }
    argv[n] = NULL;
    char marker[TOCK__PATH + 32];
    snprintf(marker, sizeof marker, "%s=%s", TOCK__COUNT_CHILD_ENV, scratch);
    /* stderr: a worker's stdout is its count output */
    fprintf(stderr,
            "tock: counting instructions under %s (callgrind, cache simulation; 1 thread)\n", vg);
    pid_t pid = tock__count_spawn(argv, marker, NULL, err, sizeof err);
    int st = pid < 0 ? -1 : tock__count_wait(pid, argv[0], err, sizeof err);
    if (tock__sigint) return TOCK_EINTERRUPTED;
    char done[TOCK__PATH + 32];
    snprintf(done, sizeof done, "%s/child-done.txt", scratch);
    if (st < 0 || st > 1 || (st == 1 && !tock__is_file(done))) {
        if (st < 0)
            fprintf(stderr, "tock: --measure instructions: %s\n", err);
        else
            fprintf(stderr,
                    "tock: --measure instructions: valgrind failed (%s, or the program under it, "
                    "exited with status %d)\n",
                    vg, st);
        char *log = NULL;
        size_t loglen = 0;
        if (tock__read_input(logpath, 1 << 20, &log, &loglen) == 0 && loglen)
            fprintf(stderr, "tock: valgrind's log:\n%.*s", (int)loglen, log);
        TOCK_FREE(log);
        return TOCK_EIO;
    }
    int rc = tock__count_read_dumps(S, scratch, out);
    if (rc == 0 && !tock__is_file(done)) {
        fprintf(stderr,
                "tock: --measure instructions: the program under %s did not finish "
                "counting (no completion mark)\n",
                vg);
        rc = TOCK_EIO;
    }
    /* a count run reports the counted process (its ISA); the gate's count stage
     * leaves the timed run's provenance alone */
    if (rc == 0 && S->cfg.measure == TOCK__MEASURE_INSTRUCTIONS) tock__count_adopt_prov(scratch);
    return rc < 0 ? rc : st == 1 ? 1 : 0;
#endif
}

/* The other program's counts: its own --measure instructions --ab-worker,
 * read as a count baseline. Starts OTHER --measure instructions --ab-worker, stdout to
 * <scratch>/other.txt: its pid, or -1 after saying why. */
static pid_t tock__count_other_start(tock__state *S, const char *prog, const char *scratch) {
    char outfile[TOCK__PATH + 64], err[512];
    snprintf(outfile, sizeof outfile, "%s/other.txt", scratch);
    char *argv[10];
    int n = 0;
    argv[n++] = (char *)prog;
    argv[n++] = (char *)"--measure";
    argv[n++] = (char *)"instructions";
    argv[n++] = (char *)"--ab-worker";
    if (S->cfg.exact) argv[n++] = (char *)"--exact";
    if (S->cfg.filter) {
        argv[n++] = (char *)"--";
        argv[n++] = (char *)S->cfg.filter;
    }
    argv[n] = NULL;
    fprintf(stderr, "tock: counting instructions of %s (the reference)\n", prog);
    pid_t pid = tock__count_spawn(argv, NULL, outfile, err, sizeof err);
    if (pid < 0) fprintf(stderr, "tock: --ab %s: %s\n", prog, err);
    return pid;
}

/* Waits for the process tock__count_other_start started and reads its
 * counts into out. 0, or a negative status after saying why. */
static int tock__count_other_finish(tock__state *S, pid_t pid, const char *prog,
                                    const char *scratch, tock_baseline *out) {
    (void)S;
    char outfile[TOCK__PATH + 64], err[512];
    snprintf(outfile, sizeof outfile, "%s/other.txt", scratch);
    int st = tock__count_wait(pid, prog, err, sizeof err);
    if (tock__sigint) return TOCK_EINTERRUPTED;
    if (st != 0) {
        if (st < 0)
            fprintf(stderr, "tock: --ab %s: %s\n", prog, err);
        else
            fprintf(stderr,
                    "tock: --ab %s: its --measure instructions run failed (exit status %d)\n", prog,
                    st);
        return TOCK_EIO;
    }
    char *text = NULL, why[128], perr[256];
    size_t len = 0;
    int rrc = tock__read_input(outfile, TOCK__MAX_INPUT, &text, &len);
    if (rrc != 0) {
        fprintf(stderr, "tock: --ab %s: cannot read its output %s: %s\n", prog, outfile,
                tock__read_error(rrc, errno, TOCK__MAX_INPUT, why, sizeof why));
        return TOCK_EIO;
    }
    int rc = tock_baseline_parse(text, len, out, perr, sizeof perr);
    TOCK_FREE(text);
    if (rc < 0) {
        fprintf(stderr, "tock: --ab %s: its count output: %s\n", prog, perr);
        return TOCK_EINVAL;
    }
    if (out->mode != TOCK_BASELINE_COUNTS) {
        fprintf(stderr, "tock: --ab %s: its output holds times, not counts (an older tock?)\n",
                prog);
        tock_baseline_free(out);
        return TOCK_EINVAL;
    }
    return 0;
}

static int tock__count_other(tock__state *S, const char *prog, const char *scratch,
                             tock_baseline *out) {
    pid_t pid = tock__count_other_start(S, prog, scratch);
    if (pid < 0) return TOCK_EIO;
    return tock__count_other_finish(S, pid, prog, scratch, out);
}

int tock__count_available(char *why, size_t cap) {
#if TOCK__HAVE_CALLGRIND
    char path[TOCK__PATH];
    return tock__valgrind_lookup(path, sizeof path, why, cap) == 0;
#else
    snprintf(why, cap, "built without <valgrind/callgrind.h> (apt-get install valgrind, rebuild)");
    return 0;
#endif
}

/* A fresh scratch directory under $TMPDIR (or /tmp) in dir. 0, or -1 after
 * saying why. */
static int tock__count_scratch(char *dir, size_t cap) {
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, cap, "%s/tock-count-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (mkdtemp(dir)) return 0;
    fprintf(stderr, "tock: --measure instructions: cannot create a scratch directory %s: %s\n", dir,
            strerror(errno));
    return -1;
}

int tock__count_collect(tock__state *S, const char *prog, tock_baseline *out) {
    tock__count_limit_s = S->cfg.ab_timeout_s > 0.0 ? S->cfg.ab_timeout_s : 1800.0;
    memset(out, 0, sizeof *out);
    out->mode = TOCK_BASELINE_COUNTS;
    char scratch[TOCK__PATH];
    if (tock__count_scratch(scratch, sizeof scratch) < 0) return TOCK_EIO;
    int rc = prog ? tock__count_other(S, prog, scratch, out) : tock__count_self(S, scratch, out);
    tock__rm_scratch(scratch);
    if (rc < 0) {
        tock_baseline_free(out);
        out->mode = TOCK_BASELINE_COUNTS;
    }
    return rc;
}

int tock__count_collect_pair(tock__state *S, const char *prog, tock_baseline *cur,
                             tock_baseline *old) {
    tock__count_limit_s = S->cfg.ab_timeout_s > 0.0 ? S->cfg.ab_timeout_s : 1800.0;
    memset(cur, 0, sizeof *cur);
    memset(old, 0, sizeof *old);
    cur->mode = old->mode = TOCK_BASELINE_COUNTS;
    char sa[TOCK__PATH], sb[TOCK__PATH];
    if (tock__count_scratch(sa, sizeof sa) < 0) return TOCK_EIO;
    if (tock__count_scratch(sb, sizeof sb) < 0) {
        tock__rm_scratch(sa);
        return TOCK_EIO;
    }
    /* the reference counts on one core while this program counts on the other */
    pid_t pid = tock__count_other_start(S, prog, sb);
    int rc = pid < 0 ? TOCK_EIO : tock__count_self(S, sa, cur);
    if (pid >= 0) {
        if (rc < 0) kill(pid, SIGTERM); /* this side failed: the other's counts are moot */
        int orc = tock__count_other_finish(S, pid, prog, sb, old);
        if (rc >= 0) rc = orc;
    }
    tock__rm_scratch(sa);
    tock__rm_scratch(sb);
    if (rc < 0) {
        tock_baseline_free(cur);
        tock_baseline_free(old);
        cur->mode = old->mode = TOCK_BASELINE_COUNTS;
    }
    return rc;
}

/* ---- the whole run ---- */

static void tock__count_print(const tock_baseline *cur, const tock__count_verdict *v) {
    for (size_t i = 0; i < cur->nbench; i++) {
        const tock_baseline_bench *x = &cur->benches[i];
        printf("%-48s Ir %12.1f  est. cycles %12.1f", x->id, x->counts[TOCK_EV_IR],
               tock_count_est_cycles(x->counts));
        if (v && v[i].kind != TOCK__CV_MISSING)
            printf("  %+.2f%% %s", 100.0 * v[i].cycles_change, tock__count_verdict_name(v[i].kind));
        else if (v)
            printf("  %s", tock__count_verdict_name(v[i].kind));
        putchar('\n');
    }
}

int tock__count_run(tock__state *S, const tock__prov *p) {
    if (getenv(TOCK__COUNT_CHILD_ENV)) return tock__count_child(S);
    tock_baseline *cur = &S->counts;
    tock_baseline other = {0};
    const int loaded = S->comparing == TOCK__MODE_LOADED;
    int rc = 0, failed = 0;
    if (loaded) {
        *cur = S->loaded;
        memset(&S->loaded, 0, sizeof S->loaded);
        size_t keep = 0; /* the benchmarks the filter selects */
        for (size_t i = 0; i < cur->nbench; i++) {
            const tock__bench *b = tock__find(S, cur->benches[i].id);
            if (b && b->selected)
                cur->benches[keep++] = cur->benches[i];
            else
                TOCK_FREE(cur->benches[i].id);
        }
        cur->nbench = keep;
    } else {
        rc = tock__count_collect(S, NULL, cur);
        if (rc == TOCK_EINTERRUPTED) {
            fprintf(stderr, "tock: interrupted; nothing was written\n");
            return 128 + (int)tock__sigint;
        }
        if (rc < 0) return 2;
        failed = rc == 1;
    }
    if (S->cfg.ab_worker) {
        tock__buf buf = {0};
        snprintf(S->run_id, sizeof S->run_id, "ab-worker");
        tock__bl_text(S, p, "ab-worker", &buf);
        int wrc = buf.err;
        if (wrc == 0 && (fwrite(buf.p, 1, buf.len, stdout) != buf.len || fflush(stdout) != 0))
            wrc = TOCK_EIO;
        tock__buf_free(&buf);
        return wrc < 0 ? 2 : failed;
    }
    const tock_baseline *old = NULL;
    char old_label[TOCK__PATH + 300] = "";
    if (S->comparing == TOCK__MODE_AB) {
        rc = tock__count_collect(S, S->cfg.ab, &other);
        if (rc == TOCK_EINTERRUPTED) return 128 + (int)tock__sigint;
        if (rc < 0) return 2;
        old = &other;
        snprintf(old_label, sizeof old_label, "--ab %s (its counts)", S->cfg.ab);
    } else if (S->comparing != TOCK__MODE_MEASURE) {
        old = &S->base;
        snprintf(old_label, sizeof old_label, "baseline '%s' (%s)", S->cfg.baseline, S->base_path);
        if (tock__env_check(S, p, &S->base, loaded ? cur : NULL) && S->cfg.strict_env) return 2;
    }
    tock__count_verdict *v = NULL;
    size_t nv = 0, nreg = 0;
    if (old) {
        if (tock__count_compare(old, cur, S->cfg.count_threshold, &v, &nv, &nreg) < 0) {
            tock_baseline_free(&other);
            return 2;
        }
        size_t nmiss = 0;
        for (size_t i = 0; i < nv; i++) nmiss += v[i].kind == TOCK__CV_MISSING;
        if (nmiss && !S->cfg.baseline_lenient) {
            for (size_t i = 0; i < nv; i++)
                if (v[i].kind == TOCK__CV_MISSING)
                    fprintf(stderr, "tock: %s: not counted by the old side (%s)\n", v[i].id,
                            old_label);
            TOCK_FREE(v);
            tock_baseline_free(&other);
            return 2;
        }
    }
    tock__count_print(cur, v);
    int code = 2;
    if (tock__make_run_dir(S) == 0 && tock__write_provenance(S, p) == 0 &&
        tock__count_write_outputs(S, p, cur, v, nv, old_label) == 0) {
        code = (failed || nreg) ? 1 : 0;
        if (S->cfg.save_baseline && tock__save_baseline(S, p) < 0) code = 2;
        if (tock__write_manifest(S, 0, code) < 0) code = 2;
        tock__sync_dir(S->run_dir);
        if (code != 2) {
            if (nreg)
                printf("tock: %zu benchmark%s regressed (exit status 1)\n", nreg,
                       nreg == 1 ? "" : "s");
            printf("tock: wrote %s\n", S->run_dir);
        }
    }
    TOCK_FREE(v);
    tock_baseline_free(&other);
    return code;
}
