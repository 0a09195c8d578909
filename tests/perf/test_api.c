/* test_api.c - the Google Benchmark / Criterion style API of tock.h:
 * ranges and products (tock_arg), managed batched inputs, user counters,
 * threads, manual timing, CPU time, per-benchmark times, regex filters.
 *
 * The program is its own subject: `test_api child MODE [tock args]`
 * registers the benchmarks of MODE and runs tock_main; `test_api WORK`
 * spawns those children and checks their exit status, messages and
 * summary.json. Values are checked through counters the benchmarks set
 * from known data (the argument each one sees, fresh inputs, thread
 * indexes) and a manual timer that reports exactly 1 us per iteration;
 * never a measured time.
 * Usage: test_api WORK_DIR
 */
#define TOCK_IMPLEMENTATION
#include "tock.h"

#include "check.h"
#include "proc.h"

/* ---- the benchmarks ---- */

static int arg_setup(void *user, void **ctx) {
    *ctx = user;
    tock_counter("setup_arg", (double)tock_arg(), TOCK_COUNTER_PLAIN);
    return 0;
}
/* reports the argument it sees and one per iteration */
static void arg_routine(void *ctx, uint64_t iters) {
    (void)ctx;
    for (uint64_t i = 0; i < iters; i++) (void)tock_black_box_u64(i);
    tock_counter("arg", (double)tock_arg(), TOCK_COUNTER_PLAIN);
    tock_counter("arg1", (double)tock_arg_at(1), TOCK_COUNTER_PLAIN);
    tock_counter("per", (double)iters, TOCK_COUNTER_PER_ITERATION);
    tock_counter("items", (double)iters, TOCK_COUNTER_RATE);
}

/* managed inputs: an input is 64 ints made descending with a stamp; the
 * routine counts inputs that are not fresh (already sorted by an earlier
 * call) and sorts them */
#define NIN 64
static int make_desc(void *ctx, void *input) {
    (void)ctx;
    int *v = (int *)input;
    for (int i = 0; i < NIN; i++) v[i] = NIN - i;
    return 0;
}
static void sort_one(void *ctx, void *input) {
    (void)ctx;
    int *v = (int *)input;
    tock_counter("stale", v[0] < v[1] ? 1.0 : 0.0, TOCK_COUNTER_PER_ITERATION);
    for (int i = 1; i < NIN; i++)
        for (int k = i; k > 0 && v[k - 1] > v[k]; k--) {
            int t = v[k];
            v[k] = v[k - 1];
            v[k - 1] = t;
        }
    tock_counter("sorted_ok", v[0] == 1 && v[NIN - 1] == NIN ? 1.0 : 0.0,
                 TOCK_COUNTER_PER_ITERATION);
}
TOCK_BENCH_INPUT(api, input_small, make_desc, NIN * sizeof(int)) { sort_one(ctx, input); }
TOCK_BENCH_INPUT_WITH(api, input_large, make_desc, NIN * sizeof(int),
                      .batch_kind = TOCK_BATCH_LARGE_INPUT) {
    sort_one(ctx, input);
}

/* manual timing: exactly 1 us per iteration */
static double manual_us(void *ctx, uint64_t iters) {
    (void)ctx;
    return (double)iters * 1e-6;
}

/* threads: every thread reports its index and the team size per iteration */
static void thread_routine(void *ctx, uint64_t iters) {
    (void)ctx;
    for (uint64_t i = 0; i < iters; i++) (void)tock_black_box_u64(i);
    tock_counter("index", (double)tock_thread_index() * (double)iters, TOCK_COUNTER_PER_ITERATION);
    tock_counter("count", (double)tock_thread_count(), TOCK_COUNTER_PLAIN);
}

static void clash_routine(void *ctx, uint64_t iters) {
    (void)ctx;
    (void)iters;
    tock_counter("x", 1.0, TOCK_COUNTER_PLAIN);
    tock_counter("x", 1.0, TOCK_COUNTER_RATE);
}
static void reserved_routine(void *ctx, uint64_t iters) {
    (void)ctx;
    (void)iters;
    tock_counter("mean", 1.0, TOCK_COUNTER_PLAIN);
}

static int child(const char *mode, int argc, char **argv) {
    static const int64_t ks[] = {3, 5};
    static tock_axis axes[2];
    axes[0] = (tock_axis){"n", 2, (const int64_t[]){10, 20}};
    axes[1] = (tock_axis){"k", 2, ks};
    tock_bench_def d;
    memset(&d, 0, sizeof d);
    d.group = "api";
    d.routine = arg_routine;
    d.setup = arg_setup;
    d.warm_up_time_s = 0.002;
    d.measurement_time_s = 0.01;
    if (strcmp(mode, "good") == 0) {
        d.name = "range";
        CHECK_INT_EQ(tock_register_range(&d, 2, 100, 4), 0); /* 2 8 32 100 */
        d.name = "dense";
        CHECK_INT_EQ(tock_register_dense_range(&d, 1, 7, 3), 0); /* 1 4 7 */
        d.name = "product";
        CHECK_INT_EQ(tock_register_product(&d, axes, 2), 0);
        d.name = "thrpt";
        d.throughput_kind = TOCK_THROUGHPUT_ELEMENTS;
        CHECK_INT_EQ(tock_register_args(&d, (const int64_t[]){1000}, 1), 0);
        memset(&d, 0, sizeof d);
        d.group = "api";
        d.name = "manual";
        d.routine_manual = manual_us;
        CHECK_INT_EQ(tock_register(&d), 0);
        d.routine_manual = NULL;
        d.name = "threads";
        d.routine = thread_routine;
        d.threads = 3;
        CHECK_INT_EQ(tock_register(&d), 0);
        d.name = "threads_many"; /* more than the machine has: a warning */
        d.threads = (int)sysconf(_SC_NPROCESSORS_ONLN) + 1;
        CHECK_INT_EQ(tock_register(&d), 0);
        /* shapes tock_register refuses */
        d.name = "two_ways";
        d.routine_manual = manual_us;
        CHECK_INT_EQ(tock_register(&d), TOCK_EINVAL);
        d.routine_manual = NULL;
        d.run_input = sort_one;
        d.threads = 0;
        CHECK_INT_EQ(tock_register(&d), TOCK_EINVAL); /* routine and run_input */
        d.routine = NULL;
        CHECK_INT_EQ(tock_register(&d), TOCK_EINVAL); /* run_input without make_input */
        int64_t v[8];
        CHECK_INT_EQ(tock_range_values(8, 1000, 8, v, 8), 4);
        CHECK(v[0] == 8 && v[1] == 64 && v[2] == 512 && v[3] == 1000, "8 64 512 1000");
        CHECK_INT_EQ(tock_range_values(8, 1000, 8, v, 3), TOCK_EINVAL);
        CHECK_INT_EQ(tock_range_values(5, 5, 2, v, 8), 1);
        if (check_summary() != 0) return 3;
    } else if (strcmp(mode, "bad_range") == 0) {
        d.name = "r";
        tock_register_range(&d, 100, 2, 2);
    } else if (strcmp(mode, "bad_step") == 0) {
        d.name = "r";
        tock_register_dense_range(&d, 1, 10, 0);
    } else if (strcmp(mode, "bad_mult") == 0) {
        d.name = "r";
        tock_register_range(&d, 1, 10, 1);
    } else if (strcmp(mode, "clash") == 0) {
        d.name = "clash";
        d.routine = clash_routine;
        tock_register(&d);
    } else if (strcmp(mode, "reserved") == 0) {
        d.name = "reserved";
        d.routine = reserved_routine;
        tock_register(&d);
    }
    return tock_main(argc, argv);
}

/* ---- the checks ---- */
static const char *self;
static char work[1024];

static int run(const char *mode, const char *const *extra, run_result *r) {
    char out[1200];
    snprintf(out, sizeof out, "%s/runs-%s", work, mode);
    char *argv[16] = {(char *)self,           (char *)"child", (char *)mode,    (char *)"--quick",
                      (char *)"--nresamples", (char *)"1000",  (char *)"--out", out};
    int n = 8;
    for (; extra && *extra && n < 15; extra++) argv[n++] = (char *)*extra;
    argv[n] = NULL;
    return run_capture(work, argv, r);
}

/* the number after the keys, in order, following "id": "<id>" */
static double num_at(const char *json, const char *id, const char *const *keys) {
    char pat[256];
    snprintf(pat, sizeof pat, "\"id\": \"%s\"", id);
    const char *p = json ? strstr(json, pat) : NULL;
    for (; p && *keys; keys++) {
        snprintf(pat, sizeof pat, "\"%s\"", *keys);
        p = strstr(p, pat);
        if (p) p += strlen(pat);
    }
    if (!p) return NAN;
    while (*p == ' ' || *p == ':') p++;
    return strtod(p, NULL);
}
#define NUM(json, id, ...) num_at(json, id, (const char *const[]){__VA_ARGS__, NULL})

static char *run_summary(const char *mode) {
    char out[1200], name[256], path[1600];
    snprintf(out, sizeof out, "%s/runs-%s", work, mode);
    if (dir_entries(out, name, sizeof name) != 1) return NULL;
    snprintf(path, sizeof path, "%s/%s/summary.json", out, name);
    return slurp(path, NULL);
}
static char *run_report(const char *mode) {
    char out[1200], name[256], path[1600];
    snprintf(out, sizeof out, "%s/runs-%s", work, mode);
    if (dir_entries(out, name, sizeof name) != 1) return NULL;
    snprintf(path, sizeof path, "%s/%s/REPORT.md", out, name);
    return slurp(path, NULL);
}

static char *run_csv(const char *mode) {
    char out[1200], name[256], path[1600];
    snprintf(out, sizeof out, "%s/runs-%s", work, mode);
    if (dir_entries(out, name, sizeof name) != 1) return NULL;
    snprintf(path, sizeof path, "%s/%s/summary.csv", out, name);
    return slurp(path, NULL);
}

/* the field of summary.csv's row `id` in column `col` (ids and fields
 * without commas or quotes); "?" when either is missing */
static void csv_cell(const char *csv, const char *id, const char *col, char *out, size_t cap) {
    snprintf(out, cap, "?");
    if (!csv) return;
    char key[128];
    snprintf(key, sizeof key, "\n%s,", id);
    const char *row = strstr(csv, key), *eol = strchr(csv, '\n');
    if (!row || !eol) return;
    row++;
    size_t idx = 0, clen = strlen(col);
    const char *h = csv;
    while (h < eol && !(strncmp(h, col, clen) == 0 && (h[clen] == ',' || h[clen] == '\n'))) {
        const char *c = strchr(h, ',');
        if (!c || c > eol) return;
        h = c + 1;
        idx++;
    }
    if (h >= eol) return;
    for (size_t i = 0; i < idx; i++) {
        row = strpbrk(row, ",\n");
        if (!row || *row == '\n') return;
        row++;
    }
    size_t n = strcspn(row, ",\n");
    snprintf(out, cap, "%.*s", (int)n, row);
}

int main(int argc, char **argv) {
    if (argc >= 3 && strcmp(argv[1], "child") == 0) return child(argv[2], argc - 2, argv + 2);
    if (argc != 2) {
        fprintf(stderr, "usage: test_api WORK_DIR\n");
        return 2;
    }
    self = argv[0];
    snprintf(work, sizeof work, "%s", argv[1]);
    rm_rf(work);
    mkdir_p(work);
    run_result r;

    printf("ranges, products, inputs, counters, threads, manual timing: a --quick run\n");
    run("good", NULL, &r);
    CHECK_INT_EQ(r.code, 0);
    CHECK_CONTAINS(r.err, "threads_many: ");
    CHECK_CONTAINS(r.err, "threads on");
    CHECK_CONTAINS(r.out, "counters: setup_arg 32, arg 32, arg1 0, per 1/iter, items");
    CHECK_CONTAINS(r.out, "cpu:    ");
    CHECK_CONTAINS(r.out, "threads: 3, one thread ");
    char *sj = run_summary("good");
    CHECK(sj != NULL, "summary.json of the good run");
    static const char *const range_ids[] = {"api/range/2",   "api/range/8", "api/range/32",
                                            "api/range/100", "api/dense/1", "api/dense/4",
                                            "api/dense/7"};
    static const double range_vals[] = {2, 8, 32, 100, 1, 4, 7};
    for (int i = 0; i < 7; i++) {
        CHECK_DBL_EQ(NUM(sj, range_ids[i], "counters", "arg", "value"), range_vals[i]);
        CHECK_DBL_EQ(NUM(sj, range_ids[i], "counters", "setup_arg", "value"), range_vals[i]);
        CHECK_DBL_EQ(NUM(sj, range_ids[i], "counters", "per", "value"), 1.0);
        CHECK(NUM(sj, range_ids[i], "counters", "items", "value") > 0.0, "%s: a rate",
              range_ids[i]);
    }
    CHECK_CONTAINS(sj, "\"items\": {\"value\":");
    CHECK_CONTAINS(sj, "\"kind\":\"per_second\"");
    CHECK_NOT_CONTAINS(sj, "\"api/range/16\"");
    CHECK_DBL_EQ(NUM(sj, "api/product/n=20,k=3", "counters", "arg", "value"), 20);
    CHECK_DBL_EQ(NUM(sj, "api/product/n=20,k=3", "counters", "arg1", "value"), 3);
    CHECK_DBL_EQ(NUM(sj, "api/product/n=10,k=5", "counters", "arg1", "value"), 5);
    CHECK_DBL_EQ(NUM(sj, "api/thrpt/1000", "throughput", "per_iteration"), 1000);
    /* fresh input: never an already sorted one, each sorted once */
    CHECK_DBL_EQ(NUM(sj, "api/input_small", "counters", "stale", "value"), 0.0);
    CHECK_DBL_EQ(NUM(sj, "api/input_small", "counters", "sorted_ok", "value"), 1.0);
    CHECK_DBL_EQ(NUM(sj, "api/input_large", "counters", "stale", "value"), 0.0);
    CHECK_DBL_EQ(NUM(sj, "api/input_large", "counters", "sorted_ok", "value"), 1.0);
    /* manual timing: the sample value is what the routine returned */
    CHECK_NEAR(NUM(sj, "api/manual", "typical", "point"), 1000.0, 1e-6);
    CHECK_NEAR(NUM(sj, "api/manual", "median", "point"), 1000.0, 1e-6);
    /* threads: indexes 0, 1, 2 each once per iteration: mean index 1 */
    CHECK_DBL_EQ(NUM(sj, "api/threads", "counters", "index", "value"), 1.0);
    CHECK_DBL_EQ(NUM(sj, "api/threads", "counters", "count", "value"), 3.0);
    CHECK_DBL_EQ(NUM(sj, "api/threads", "cpu", "threads", "count"), 3.0);
    CHECK(NUM(sj, "api/threads", "threads", "start_skew_ns") >= 0.0, "a start skew");
    CHECK(NUM(sj, "api/threads", "threads", "per_thread_ns_per_iteration") > 0.0,
          "a per-thread time");
    CHECK(NUM(sj, "api/range/2", "cpu", "ns_per_iteration") >= 0.0, "a CPU time");
    CHECK(NUM(sj, "api/range/2", "cpu", "utilisation") >= 0.0, "a CPU utilisation");
    free(sj);
    /* summary.csv: a counter_<name> column per counter name, after the built-in ones */
    char *csv = run_csv("good"), cell[64];
    CHECK_CONTAINS(csv, ",p_adjusted,verdict,counter_");
    CHECK_CONTAINS(csv, ",counter_arg,");
    CHECK_CONTAINS(csv, ",counter_sorted_ok");
    const char *col = csv ? strstr(csv, "counter_arg,") : NULL;
    CHECK(col && !strstr(col + 1, "counter_arg,"), "one counter_arg column");
    csv_cell(csv, "api/range/8", "counter_arg", cell, sizeof cell);
    CHECK_STR_EQ(cell, "8");
    csv_cell(csv, "api/range/8", "counter_per", cell, sizeof cell);
    CHECK_STR_EQ(cell, "1");
    csv_cell(csv, "api/range/8", "counter_sorted_ok", cell, sizeof cell);
    CHECK_STR_EQ(cell, ""); /* not a counter of this benchmark */
    csv_cell(csv, "api/input_small", "counter_sorted_ok", cell, sizeof cell);
    CHECK_STR_EQ(cell, "1");
    free(csv);
    char *rep = run_report("good");
    CHECK_CONTAINS(rep, "## Counters");
    CHECK_CONTAINS(rep, "| api/range/8 | arg | 8 | plain |");
    free(rep);
    run_free(&r);

    printf("filters: plain words are substrings, metacharacters make a regex\n");
    char *lst[] = {(char *)self,
                   (char *)"child",
                   (char *)"good",
                   (char *)"--list",
                   (char *)"^api/range/(2|8)$",
                   NULL};
    run_capture(work, lst, &r);
    CHECK_INT_EQ(r.code, 0);
    CHECK_CONTAINS(r.out, "api/range/2: benchmark");
    CHECK_CONTAINS(r.out, "api/range/8: benchmark");
    CHECK_NOT_CONTAINS(r.out, "api/range/32");
    CHECK_NOT_CONTAINS(r.out, "api/dense");
    run_free(&r);
    char *lst2[] = {(char *)self,     (char *)"child", (char *)"good",
                    (char *)"--list", (char *)"dense", NULL};
    run_capture(work, lst2, &r);
    CHECK_INT_EQ(r.code, 0);
    CHECK_CONTAINS(r.out, "api/dense/4: benchmark");
    CHECK_NOT_CONTAINS(r.out, "api/range");
    run_free(&r);
    char *lst3[] = {(char *)self,     (char *)"child",    (char *)"good",
                    (char *)"--list", (char *)"range/(2", NULL};
    run_capture(work, lst3, &r);
    CHECK_INT_EQ(r.code, 2);
    CHECK_CONTAINS(r.err, "filter 'range/(2': not a valid regular expression: ");
    run_free(&r);

    printf("bad ranges and misused counters: a message and exit 2\n");
    static const struct {
        const char *mode, *msg;
    } bad[] = {
        {"bad_range", "registering 'api/r' failed: invalid argument: range: expected lo <= hi, "
                      "found lo 100 > hi 2"},
        {"bad_step", "dense range: expected a step > 0, found 0"},
        {"bad_mult", "range: expected a multiplier >= 2, found 1"},
        {"clash", "counter 'x': given before as plain, now as another kind"},
        {"reserved", "counter 'mean': the name of a built-in column"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        run(bad[i].mode, NULL, &r);
        CHECK(r.code == 2, "%s: exit %d == 2", bad[i].mode, r.code);
        CHECK_CONTAINS(r.err, bad[i].msg);
        run_free(&r);
    }

    printf("per-benchmark times: own value wins, explicit flag wins, --quick shortens\n");
    tock__config c;
    memset(&c, 0, sizeof c);
    CHECK_DBL_EQ(tock__budget_s(&c, 1.8, 0, 5.0), 5.0); /* lengthens the default */
    CHECK_DBL_EQ(tock__budget_s(&c, 1.8, 0, 0.1), 0.1); /* shortens it */
    CHECK_DBL_EQ(tock__budget_s(&c, 1.8, 0, 0.0), 1.8); /* none: the default */
    CHECK_DBL_EQ(tock__budget_s(&c, 0.7, 1, 5.0), 0.7); /* an explicit flag wins */
    c.quick = 1;
    CHECK_DBL_EQ(tock__budget_s(&c, 0.25, 0, 5.0), 0.25); /* --quick shortens */
    CHECK_DBL_EQ(tock__budget_s(&c, 0.25, 0, 0.1), 0.1);
    return check_summary();
}
