/* cli.c - the command line: one option table (TOCK__OPTION_LIST) generates
 * the option enum, the parser's table and the usage text, so a flag cannot
 * be added to one and forgotten in another. Every bad value exits 2 naming
 * the flag and the value.
 */
#include "internal.h"

/* The options, one row each: X(ID, name, alias, metavar, section, help).
 * An empty metavar means a flag without a value. The row generates the enum
 * (TOCK__O_<ID>), the parser's lookup table and the usage text; the parser's
 * switch has no default, so a row without a case is a compile error
 * (-Wswitch). help is one string; '\n' starts an indented continuation. */
#define TOCK__OPTION_LIST(X)                                                                       \
    X(EXACT, "--exact", NULL, "", 0, "FILTER must equal the id")                                   \
    X(LIST, "--list", NULL, "", 0, "print the selected ids and exit")                              \
    X(QUICK, "--quick", NULL, "", 0,                                                               \
      "rough pass: warm-up 0.05 s, measurement 0.25 s,\ntarget precision 0.05 (explicit "          \
      "flags win)")                                                                                \
    X(WARM, "--warm-up-time", NULL, "SECS", 0,                                                     \
      "warm-up per benchmark, > 0 (default 0.2; a\nbenchmark's own time replaces the default, "    \
      "not\nthis flag)")                                                                           \
    X(MEAS, "--measurement-time", NULL, "SECS", 0,                                                 \
      "measurement budget per benchmark, > 0 (default\n1.8; likewise)")                            \
    X(SAMPLES, "--sample-size", NULL, "N", 0,                                                      \
      "maximum samples per epoch, 10..100000 (default 100)")                                       \
    X(EPOCHS, "--epochs", NULL, "N", 0,                                                            \
      "measure each benchmark in N epochs, 1..64, each\nwith its own set-up, warm-up and 1/N "     \
      "of the budget,\nin N passes over the suite, so the interval holds\nset-up and drift "       \
      "effects (default 4; --quick 2)")                                                            \
    X(CONF, "--confidence-level", NULL, "X", 0, "interval confidence, 0 < X < 1 (default 0.95)")   \
    X(TARGET, "--target-precision", NULL, "X", 0,                                                  \
      "stop when slope CI half-width / slope <= X; a\nfraction, 0 <= X < 1, 0 = never early "      \
      "(default 0.01)")                                                                            \
    X(NRES, "--nresamples", NULL, "N", 0, "bootstrap resamples, 1000..10000000 (default 10000)")   \
    X(SEED, "--seed", NULL, "N", 0, "bootstrap seed, decimal or 0x hex (default 0x746f636b)")      \
    X(THREADS, "--threads", NULL, "N", 0,                                                          \
      "thread count handed to benchmarks, 1..4096 (default 1)")                                    \
    X(TIMER, "--timer", NULL, "auto|tsc|monotonic", 0,                                             \
      "time source; tsc = the cycle counter (TSC on\nx86-64, cntvct_el0 on aarch64) (default "     \
      "auto)")                                                                                     \
    X(MEASURE, "--measure", NULL, "time|instructions", 0,                                          \
      "what to measure (default time); instructions: count\nper iteration under valgrind's "       \
      "callgrind (Ir,\ncache misses, est. cycles), exact and repeatable;\n1 thread")               \
    X(OUT, "--out", NULL, "DIR", 0, "parent of the run directory (default results/runs)")          \
    X(SAVE_BL, "--save-baseline", NULL, "NAME", 1, "store this run's samples as baseline NAME")    \
    X(BL, "--baseline", NULL, "NAME", 1,                                                           \
      "compare against baseline NAME; a selected benchmark\nmissing from it is listed as new")     \
    X(BL_LENIENT, "--baseline-lenient", NULL, "", 1,                                               \
      "(kept for old scripts: benchmarks missing from the\nbaseline are always listed as new)")    \
    X(LOAD_BL, "--load-baseline", NULL, "NAME", 1,                                                 \
      "measure nothing: compare saved NAME (new) against\n--baseline (old)")                       \
    X(LIST_BL, "--list-baselines", NULL, "", 1, "print the saved baselines and exit")              \
    X(BL_DIR, "--baseline-dir", NULL, "DIR", 1,                                                    \
      "where baselines live (default: baselines/ beside --out)")                                   \
    X(NOISE, "--noise-threshold", NULL, "X", 1,                                                    \
      "changes within +-X are noise, 0 <= X < 1 (default 0.01)")                                   \
    X(SIGNIF, "--significance-level", NULL, "X", 1, "alpha of the test, 0 < X < 1 (default 0.05)") \
    X(COUNT_THRESHOLD, "--count-threshold", NULL, "X", 1,                                          \
      "with --measure instructions: a change of est. cycles\nbeyond +-X is a regression or "       \
      "improvement,\n0 <= X < 1 (default 0.005)")                                                  \
    X(NO_FDR, "--no-fdr", NULL, "", 1, "no Benjamini-Hochberg correction across the suite")        \
    X(STRICT_ENV, "--strict-env", NULL, "", 1, "a different machine fingerprint is an error")      \
    X(AB, "--ab", NULL, "OTHER", 1,                                                                \
      "paired A/B: run this program and OTHER (the reference)\nalternately, ABBA rounds, both "    \
      "as child processes")                                                                        \
    X(AB_ROUNDS, "--ab-rounds", NULL, "N", 1,                                                      \
      "minimum rounds for --ab, 2..1000 (default 10; each\nround measures every unsettled "        \
      "benchmark once per\nbuild, by default with --warm-up-time 0.03\n--measurement-time "        \
      "0.1); after N, and every 10\nrounds, a benchmark stops once its change is settled")         \
    X(AB_MAX_ROUNDS, "--ab-max-rounds", NULL, "M", 1,                                              \
      "maximum rounds for --ab, N..1000 (default 300, or N\nif larger); the last look uses "       \
      "the nominal levels")                                                                        \
    X(AB_TIMEOUT, "--ab-timeout", NULL, "SECS", 1,                                                 \
      "end a worker that runs longer, 0 < SECS <= 86400 (default:\n60 s + 20 x its nominal "       \
      "budget); the run stops, exit 2")                                                            \
    X(MAX_REG, "--max-regression", NULL, "X", 1,                                                   \
      "the gate's margin, 0 <= X < 1 (default 0.05): regressed\nonce a change's interval lies "    \
      "above +X, no\nregression once it lies below; 0 = the noise-band\nrule")                     \
    X(AB_BUDGET, "--ab-budget", NULL, "SECS", 1,                                                   \
      "wall time for the --ab rounds, 0 < SECS <= 86400\n(default 300); its end is the last "      \
      "look: an\nundecided benchmark is inconclusive")                                             \
    X(AB_FIRST, "--ab-first", NULL, "IDS", 1,                                                      \
      "comma-separated ids that --ab times first (until\nthey settle), then the rest")             \
    X(AB_COUNTS, "--ab-counts", NULL, "auto|on|off", 1,                                            \
      "the --ab gate's first stage: both builds' instruction\ncounts (valgrind), exact; the "      \
      "benchmarks whose\ncounts changed are timed first, and a count\nregression fails the "       \
      "gate. auto (default): when\nvalgrind is installed and --threads is 1")                      \
    X(STRICT, "--strict", NULL, "", 1, "an inconclusive comparison exits 1 (default 0)")           \
    X(AB_WORKER, "--ab-worker", NULL, "", 1,                                                       \
      "(internal) measure and print samples in the baseline\nformat on stdout; writes no "         \
      "files")                                                                                     \
    X(HELP, "--help", "-h", "", 1, "this text")                                                    \
    X(VERSION, "--version", "-V", "", 1, "version and build commit")

typedef enum tock__opt_id {
#define TOCK__OPT_ENUM(id, name, alias, metavar, section, help) TOCK__O_##id,
    TOCK__OPTION_LIST(TOCK__OPT_ENUM)
#undef TOCK__OPT_ENUM
        TOCK__O_COUNT
} tock__opt_id;

typedef struct tock__opt {
    const char *name, *alias, *metavar;
    int section; /* 0 measuring, 1 baselines and the gate */
    const char *help;
} tock__opt;

/* rows in the order of the enum the same list generates (no array
 * designators: the header also compiles as C++) */
static const tock__opt tock__opts[TOCK__O_COUNT] = {
#define TOCK__OPT_ROW(id, name, alias, metavar, section, help)                                     \
    {name, alias, metavar, section, help},
    TOCK__OPTION_LIST(TOCK__OPT_ROW)
#undef TOCK__OPT_ROW
};

/* "  -h, --help NAME" in a 26-column field, then the help text; continuation
 * lines of the help are indented to column 28. */
static void tock__usage_option(FILE *f, const tock__opt *o) {
    char left[96];
    snprintf(left, sizeof left, "%s%s%s%s%s", o->alias ? o->alias : "", o->alias ? ", " : "",
             o->name, o->metavar[0] ? " " : "", o->metavar);
    fprintf(f, "  %-24s  ", left);
    for (const char *h = o->help; *h; h++) {
        fputc(*h, f);
        if (*h == '\n') fprintf(f, "%28s", "");
    }
    fputc('\n', f);
}

static void tock__usage(FILE *f, const char *prog) {
    static const char *const sections[2] = {"Options:", "Baselines and the regression gate:"};
    fprintf(f,
            "Usage: %s [OPTIONS] [FILTER]\n"
            "\n"
            "Measures the registered benchmarks whose id contains FILTER (all when\n"
            "omitted) and writes a run directory under --out. A FILTER with any of\n"
            ".[]()*+?{}|^$\\ is a POSIX extended regular expression ('^sort/', 'a|b').\n",
            prog);
    int section = -1;
    for (int k = 0; k < TOCK__O_COUNT; k++) {
        if (tock__opts[k].section != section) {
            section = tock__opts[k].section;
            fprintf(f, "\n%s\n", sections[section]);
        }
        tock__usage_option(f, &tock__opts[k]);
    }
    fputs("\n"
          "Exit status: 0 ok, 1 a benchmark failed or regressed, 2 usage or input error\n"
          "(a bad or missing baseline, --strict-env differences),\n"
          "128+N stopped by signal N: 130 interrupted (SIGINT), 143 SIGTERM, 129 SIGHUP;\n"
          "completed benchmarks are kept.\n"
          "NO_COLOR set and non-empty disables colour.\n",
          f);
}

static int tock__usage_error(const char *fmt, ...) TOCK__PRINTF(1, 2);
static int tock__usage_error(const char *fmt, ...) {
    va_list ap;
    fputs("tock: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n\n", stderr);
    tock__usage(stderr, tock__S.prog);
    return TOCK_EUSAGE;
}

/* flag values through the shared strict parsers (util_parse.c): the
 * message names the flag, what was expected and what was found */
static int tock__parse_double(const char *flag, const char *s, double lo, int lo_open, double hi,
                              int hi_open, const char *expect, double *out) {
    if (tock__parse_f64(s, lo, lo_open, hi, hi_open, out) != 0)
        return tock__usage_error("%s: expected %s, found '%s'", flag, expect, s ? s : "");
    return 0;
}

static int tock__parse_u64_flag(const char *flag, const char *s, uint64_t lo, uint64_t hi,
                                const char *expect, uint64_t *out) {
    if (tock__parse_u64(s, lo, hi, out) != 0)
        return tock__usage_error("%s: expected %s, found '%s'", flag, expect, s ? s : "");
    return 0;
}

/* Returns TOCK__PARSE_RUN, TOCK__PARSE_EXIT0 (help/version printed) or
 * TOCK_EUSAGE (message and usage already on stderr). */
int tock__parse_args(tock__config *c, int argc, char **argv) {
    int set[TOCK__O_COUNT] = {0};
    double warm = 0.2, meas = 1.8, conf = 0.95, target = 0.01;
    uint64_t samples = 100, nres = 10000, seed = TOCK__DEFAULT_SEED, threads = 1;
    int timer = TOCK__TIMER_AUTO, quick = 0, exact = 0, list = 0, help = 0, version = 0;
    const char *filter = NULL, *out = "results/runs";
    int only_positional = 0;
    uint64_t epochs = 4;
    const char *save_bl = NULL, *bl = NULL, *load_bl = NULL, *bl_dir = NULL, *ab = NULL;
    int lenient = 0, list_bl = 0, no_fdr = 0, strict_env = 0, ab_worker = 0;
    double noise = 0.01, alpha = 0.05, count_threshold = 0.005;
    int measure = TOCK__MEASURE_TIME, ab_counts = TOCK__AB_COUNTS_AUTO;
    uint64_t ab_rounds = 10, ab_max_rounds = 300;
    double ab_timeout = 0.0, max_reg = 0.05, ab_budget = 300.0;
    const char *ab_first = NULL;
    int strict = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_positional || a[0] != '-' || a[1] == '\0') {
            if (filter)
                return tock__usage_error("unexpected extra argument '%s' (one FILTER only)", a);
            filter = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_positional = 1;
            continue;
        }
        char name[64];
        const char *eq = strchr(a, '=');
        size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
        if (nlen >= sizeof name) return tock__usage_error("unknown option '%s'", a);
        memcpy(name, a, nlen);
        name[nlen] = '\0';
        int id = -1;
        for (int k = 0; k < TOCK__O_COUNT; k++) {
            if (strcmp(name, tock__opts[k].name) == 0 ||
                (tock__opts[k].alias && strcmp(name, tock__opts[k].alias) == 0)) {
                id = k;
                break;
            }
        }
        if (id < 0) return tock__usage_error("unknown option '%s'", name);
        const char *val = NULL;
        if (tock__opts[id].metavar[0]) {
            if (eq)
                val = eq + 1;
            else if (i + 1 < argc)
                val = argv[++i];
            else
                return tock__usage_error("%s: expected a value, found nothing", name);
        } else if (eq) {
            return tock__usage_error("%s: expected no value, found '%s'", name, eq + 1);
        }
        set[id] = 1;
        int rc = 0;
        switch ((tock__opt_id)id) {
        case TOCK__O_EXACT: exact = 1; break;
        case TOCK__O_LIST: list = 1; break;
        case TOCK__O_QUICK: quick = 1; break;
        case TOCK__O_HELP: help = 1; break;
        case TOCK__O_VERSION: version = 1; break;
        case TOCK__O_WARM:
            rc = tock__parse_double(name, val, 0.0, 1, 86400.0, 0, "seconds, 0 < SECS <= 86400",
                                    &warm);
            break;
        case TOCK__O_MEAS:
            rc = tock__parse_double(name, val, 0.0, 1, 86400.0, 0, "seconds, 0 < SECS <= 86400",
                                    &meas);
            break;
        case TOCK__O_CONF:
            rc = tock__parse_double(name, val, 0.0, 1, 1.0, 1, "a fraction, 0 < X < 1", &conf);
            break;
        case TOCK__O_TARGET:
            rc = tock__parse_double(name, val, 0.0, 0, 1.0, 1, "a fraction, 0 <= X < 1", &target);
            break;
        case TOCK__O_EPOCHS:
            rc = tock__parse_u64_flag(name, val, 1, TOCK__MAX_EPOCHS, "an integer, 1 <= N <= 64",
                                      &epochs);
            break;
        case TOCK__O_SAMPLES:
            rc = tock__parse_u64_flag(name, val, 10, 100000, "an integer, 10 <= N <= 100000",
                                      &samples);
            break;
        case TOCK__O_NRES:
            rc = tock__parse_u64_flag(name, val, 1000, 10000000,
                                      "an integer, 1000 <= N <= 10000000", &nres);
            break;
        case TOCK__O_SEED:
            rc =
                tock__parse_u64_flag(name, val, 0, UINT64_MAX, "an unsigned 64-bit integer", &seed);
            break;
        case TOCK__O_THREADS:
            rc = tock__parse_u64_flag(name, val, 1, 4096, "an integer, 1 <= N <= 4096", &threads);
            break;
        case TOCK__O_TIMER:
            if (strcmp(val, "auto") == 0) timer = TOCK__TIMER_AUTO;
#if TOCK__COUNTER_KIND != 0
            else if (strcmp(val, "tsc") == 0)
                timer = TOCK__TIMER_TSC;
#else
            else if (strcmp(val, "tsc") == 0)
                rc = tock__usage_error("%s: tsc is not available on this architecture "
                                       "(or under TOCK_NO_COUNTER); expected auto or monotonic",
                                       name);
#endif
            else if (strcmp(val, "monotonic") == 0)
                timer = TOCK__TIMER_MONOTONIC;
            else
                rc =
                    tock__usage_error("%s: expected auto, tsc or monotonic, found '%s'", name, val);
            break;
        case TOCK__O_MEASURE:
            if (strcmp(val, "time") == 0)
                measure = TOCK__MEASURE_TIME;
            else if (strcmp(val, "instructions") == 0)
                measure = TOCK__MEASURE_INSTRUCTIONS;
            else
                rc = tock__usage_error("%s: expected time or instructions, found '%s'", name, val);
            break;
        case TOCK__O_AB_COUNTS:
            if (strcmp(val, "auto") == 0)
                ab_counts = TOCK__AB_COUNTS_AUTO;
            else if (strcmp(val, "on") == 0)
                ab_counts = TOCK__AB_COUNTS_ON;
            else if (strcmp(val, "off") == 0)
                ab_counts = TOCK__AB_COUNTS_OFF;
            else
                rc = tock__usage_error("%s: expected auto, on or off, found '%s'", name, val);
            break;
        case TOCK__O_COUNT_THRESHOLD:
            rc = tock__parse_double(name, val, 0.0, 0, 1.0, 1, "a fraction, 0 <= X < 1",
                                    &count_threshold);
            break;
        case TOCK__O_OUT:
            if (!*val) rc = tock__usage_error("%s: expected a directory, found ''", name);
            out = val;
            break;
        case TOCK__O_SAVE_BL:
        case TOCK__O_BL:
        case TOCK__O_LOAD_BL:
            if (!tock__valid_name(val))
                rc = tock__usage_error("%s: expected a baseline name ([A-Za-z0-9._-], at most 100, "
                                       "not starting with '.'), found '%s'",
                                       name, val);
            *(id == TOCK__O_SAVE_BL ? &save_bl : id == TOCK__O_BL ? &bl : &load_bl) = val;
            break;
        case TOCK__O_BL_DIR:
            if (!*val) rc = tock__usage_error("%s: expected a directory, found ''", name);
            bl_dir = val;
            break;
        case TOCK__O_AB:
            if (!*val) rc = tock__usage_error("%s: expected a tock program, found ''", name);
            ab = val;
            break;
        case TOCK__O_BL_LENIENT: lenient = 1; break;
        case TOCK__O_LIST_BL: list_bl = 1; break;
        case TOCK__O_NO_FDR: no_fdr = 1; break;
        case TOCK__O_STRICT_ENV: strict_env = 1; break;
        case TOCK__O_AB_WORKER: ab_worker = 1; break;
        case TOCK__O_STRICT: strict = 1; break;
        case TOCK__O_MAX_REG:
            rc = tock__parse_double(name, val, 0.0, 0, 1.0, 1, "a fraction, 0 <= X < 1", &max_reg);
            break;
        case TOCK__O_AB_BUDGET:
            rc = tock__parse_double(name, val, 0.0, 1, 86400.0, 0, "seconds, 0 < SECS <= 86400",
                                    &ab_budget);
            break;
        case TOCK__O_AB_FIRST:
            if (!*val) rc = tock__usage_error("%s: expected benchmark ids, found ''", name);
            ab_first = val;
            break;
        case TOCK__O_NOISE:
            rc = tock__parse_double(name, val, 0.0, 0, 1.0, 1, "a fraction, 0 <= X < 1", &noise);
            break;
        case TOCK__O_SIGNIF:
            rc = tock__parse_double(name, val, 0.0, 1, 1.0, 1, "a fraction, 0 < X < 1", &alpha);
            break;
        case TOCK__O_AB_ROUNDS:
            rc = tock__parse_u64_flag(name, val, 2, 1000, "an integer, 2 <= N <= 1000", &ab_rounds);
            break;
        case TOCK__O_AB_TIMEOUT:
            rc = tock__parse_double(name, val, 0.0, 1, 86400.0, 0, "seconds, 0 < SECS <= 86400",
                                    &ab_timeout);
            break;
        case TOCK__O_AB_MAX_ROUNDS:
            rc = tock__parse_u64_flag(name, val, 2, 1000, "an integer, 2 <= M <= 1000",
                                      &ab_max_rounds);
            break;
        case TOCK__O_COUNT: break;
        }
        if (rc < 0) return rc;
    }
    if (help) {
        tock__usage(stdout, tock__S.prog);
        return TOCK__PARSE_EXIT0;
    }
    if (version) {
        printf("tock %s (commit %s%s)\n", TOCK_VERSION_STRING, TOCK_GIT_COMMIT,
               TOCK_GIT_DIRTY ? ", dirty" : "");
        return TOCK__PARSE_EXIT0;
    }
    if (exact && !filter) return tock__usage_error("--exact: expected a FILTER, found none");
    if (load_bl && !bl)
        return tock__usage_error("--load-baseline: expected --baseline OLD as well, found none");
    if (lenient && !bl && !ab)
        return tock__usage_error(
            "--baseline-lenient: expected --baseline NAME or --ab, found none");
    if (load_bl && save_bl)
        return tock__usage_error(
            "--save-baseline: expected a measuring run, found --load-baseline");
    if (ab && (bl || load_bl))
        return tock__usage_error("--ab: expected no --baseline/--load-baseline, found '%s'",
                                 bl ? bl : load_bl);
    if (ab_worker && (ab || bl || save_bl || list_bl))
        return tock__usage_error("--ab-worker: expected no other comparison flag, found one");
    if ((ab_first || set[TOCK__O_AB_BUDGET] || set[TOCK__O_AB_COUNTS]) && !ab)
        return tock__usage_error("%s: expected --ab OTHER as well, found none",
                                 ab_first                 ? "--ab-first"
                                 : set[TOCK__O_AB_BUDGET] ? "--ab-budget"
                                                          : "--ab-counts");
    if (ab_counts == TOCK__AB_COUNTS_ON && threads != 1)
        return tock__usage_error("--ab-counts on: counts need --threads 1, found %llu",
                                 (unsigned long long)threads);
    if (set[TOCK__O_AB_MAX_ROUNDS] && ab_max_rounds < ab_rounds)
        return tock__usage_error("--ab-max-rounds: expected M >= --ab-rounds (%llu), found %llu",
                                 (unsigned long long)ab_rounds, (unsigned long long)ab_max_rounds);
    if (!set[TOCK__O_AB_MAX_ROUNDS] && ab_max_rounds < ab_rounds) ab_max_rounds = ab_rounds;
    /* the suite's thread pool spins: counts are only repeatable at 1 thread */
    if (measure == TOCK__MEASURE_INSTRUCTIONS && threads != 1)
        return tock__usage_error("--threads %llu: --measure instructions counts at 1 thread only "
                                 "(threads that spin make counts differ from run to run)",
                                 (unsigned long long)threads);
    if (set[TOCK__O_COUNT_THRESHOLD] && measure != TOCK__MEASURE_INSTRUCTIONS && !ab)
        return tock__usage_error(
            "--count-threshold: expected --measure instructions or --ab as well");
    if (ab) {
        /* per round and build; the totals are rounds x 2 x these */
        if (!set[TOCK__O_WARM]) warm = 0.03;
        if (!set[TOCK__O_MEAS]) meas = 0.1;
    }
    if (quick) {
        /* 25 benchmarks x (0.05 + 0.25) s = 7.5 s, leaving room for analysis */
        if (!set[TOCK__O_WARM]) warm = 0.05;
        if (!set[TOCK__O_MEAS]) meas = 0.25;
        if (!set[TOCK__O_TARGET]) target = 0.05;
        if (!set[TOCK__O_EPOCHS]) epochs = 2;
    }
    /* A/B rounds already spread the measurement over time and processes */
    if ((ab || ab_worker) && !set[TOCK__O_EPOCHS]) epochs = 1;
    c->warm_up_s = warm;
    c->measurement_s = meas;
    c->warm_set = set[TOCK__O_WARM] != 0;
    c->meas_set = set[TOCK__O_MEAS] != 0;
    c->confidence = conf;
    c->target_precision = target;
    c->sample_size = (size_t)samples;
    c->epochs = (size_t)epochs;
    c->nresamples = (size_t)nres;
    c->seed = seed;
    c->threads = (int)threads;
    c->timer = timer;
    c->quick = quick;
    c->exact = exact;
    c->list = list;
    c->filter = filter;
    c->out_dir = out;
    c->save_baseline = save_bl;
    c->baseline = bl;
    c->load_baseline = load_bl;
    c->baseline_dir = bl_dir;
    c->ab = ab;
    c->baseline_lenient = lenient;
    c->list_baselines = list_bl;
    c->no_fdr = no_fdr;
    c->strict_env = strict_env;
    c->ab_worker = ab_worker;
    c->noise = noise;
    c->alpha = alpha;
    c->ab_rounds = (size_t)ab_rounds;
    c->ab_max_rounds = (size_t)ab_max_rounds;
    c->ab_timeout_s = ab_timeout;
    c->measure = measure;
    c->threads_set = set[TOCK__O_THREADS];
    c->count_threshold = count_threshold;
    c->max_regression = max_reg;
    c->ab_budget_s = ab_budget;
    c->ab_first = ab_first;
    c->strict = strict;
    c->ab_counts = ab_counts;
    return TOCK__PARSE_RUN;
}

void tock__config_json(const tock__config *c, tock__buf *b) {
    tock__json j;
    tock__json_init(&j, b, 0);
    tock__json_begin(&j, NULL, '{');
    tock__json_double(&j, "warm_up_time_s", c->warm_up_s);
    tock__json_double(&j, "measurement_time_s", c->measurement_s);
    tock__json_u64(&j, "sample_size", c->sample_size);
    tock__json_u64(&j, "epochs", c->epochs);
    tock__json_double(&j, "confidence_level", c->confidence);
    tock__json_double(&j, "target_precision", c->target_precision);
    tock__json_u64(&j, "nresamples", c->nresamples);
    tock__json_u64(&j, "seed", c->seed);
    tock__json_u64(&j, "threads", (uint64_t)c->threads);
    tock__json_string(&j, "timer",
                      c->timer == TOCK__TIMER_TSC         ? "tsc"
                      : c->timer == TOCK__TIMER_MONOTONIC ? "monotonic"
                                                          : "auto");
    tock__json_bool(&j, "quick", c->quick);
    tock__json_string(&j, "filter", c->filter);
    tock__json_bool(&j, "exact", c->exact);
    tock__json_string(&j, "out", c->out_dir);
    tock__json_string(&j, "save_baseline", c->save_baseline);
    tock__json_string(&j, "baseline", c->baseline);
    tock__json_string(&j, "load_baseline", c->load_baseline);
    tock__json_string(&j, "baseline_dir", c->baseline_dir);
    tock__json_bool(&j, "baseline_lenient", c->baseline_lenient);
    tock__json_double(&j, "noise_threshold", c->noise);
    tock__json_double(&j, "significance_level", c->alpha);
    tock__json_bool(&j, "fdr", !c->no_fdr);
    tock__json_bool(&j, "strict_env", c->strict_env);
    tock__json_string(&j, "ab", c->ab);
    if (c->ab) tock__json_u64(&j, "ab_rounds", c->ab_rounds);
    tock__json_string(&j, "measure",
                      c->measure == TOCK__MEASURE_INSTRUCTIONS ? "instructions" : "time");
    if (c->measure == TOCK__MEASURE_INSTRUCTIONS)
        tock__json_double(&j, "count_threshold", c->count_threshold);
    if (c->ab) tock__json_double(&j, "ab_budget_s", c->ab_budget_s);
    tock__json_double(&j, "max_regression", c->max_regression);
    tock__json_bool(&j, "strict", c->strict);
    if (c->ab)
        tock__json_string(&j, "ab_counts",
                          c->ab_counts == TOCK__AB_COUNTS_ON    ? "on"
                          : c->ab_counts == TOCK__AB_COUNTS_OFF ? "off"
                                                                : "auto");
    tock__json_end(&j, '}');
}
