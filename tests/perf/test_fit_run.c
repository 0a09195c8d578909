/* test_fit_run.c - scaling fits of a run's parameterised groups.
 *
 * Registers two parameterised groups with the same parameter unit
 * ("lin/a" and "lin/b", n = 1, 2, 4, 8, 16), one with only two distinct
 * numeric values ("two"), one with a non-numeric parameter ("words") and a
 * grid-free plain benchmark, runs --quick, and checks the structure: one
 * fit per group with >= 3 distinct numbers and none for the others, its
 * fields in summary.json, the formatted line in REPORT.md and on stdout,
 * and the crossover of the two groups. Values are timings, so nothing here
 * asserts a number (tests/perf/test_fit.c checks the estimators on
 * synthetic data with known answers).
 */
#define _POSIX_C_SOURCE 200809L
#include "tock.h" /* linked with tock_framework, the compiled modules */

#include "check.h"
#include "proc.h"

static void spin(void *ctx, uint64_t iters) {
    const int64_t n = (int64_t)(intptr_t)ctx;
    uint64_t x = 1;
    for (uint64_t i = 0; i < iters; i++)
        for (int64_t k = 0; k < 8 * n; k++) x = tock_black_box_u64(x * 3 + 1);
}
static void spin_offset(void *ctx, uint64_t iters) {
    const int64_t n = (int64_t)(intptr_t)ctx;
    uint64_t x = 1;
    for (uint64_t i = 0; i < iters; i++)
        for (int64_t k = 0; k < 40 + 4 * n; k++) x = tock_black_box_u64(x * 3 + 1);
}

static int reg(const char *group, const char *name, const char *param, tock_routine_fn fn,
               int64_t n, const char *unit) {
    tock_bench_def d = {.group = group,
                        .name = name,
                        .parameter = param,
                        .routine = fn,
                        .user = (void *)(intptr_t)n,
                        .parameter_unit = unit};
    return tock_register(&d);
}

/* the run itself, in a child (its stdout goes to a file for the console
 * checks): test_fit_run --child OUT_DIR */
static int child(const char *out) {
    static const int64_t ns[] = {1, 2, 4, 8, 16};
    int rc = 0;
    for (size_t i = 0; i < 5; i++) {
        char p[8];
        snprintf(p, sizeof p, "%lld", (long long)ns[i]);
        rc |= reg("lin", "a", p, spin, ns[i], "item");
        rc |= reg("lin", "b", p, spin_offset, ns[i], "item");
    }
    rc |= reg("two", NULL, "1", spin, 1, NULL);
    rc |= reg("two", NULL, "2", spin, 2, NULL);
    rc |= reg("two", NULL, "2.0", spin, 2, NULL); /* the same value as "2" */
    rc |= reg("words", NULL, "small", spin, 1, NULL);
    rc |= reg("words", NULL, "medium", spin, 2, NULL);
    rc |= reg("words", NULL, "large", spin, 4, NULL);
    if (rc != 0) return 3;
    char *args[] = {"test_fit_run", "--quick", "--nresamples", "1000", "--out", (char *)out, NULL};
    return tock_main(6, args);
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "--child") == 0) return child(argv[2]);
    if (argc != 2) {
        fprintf(stderr, "usage: test_fit_run WORK_DIR\n");
        return 2;
    }
    printf("parameter_unit is validated\n");
    CHECK_INT_EQ(reg("bad", NULL, "1", spin, 1, "a b"), TOCK_EINVAL);
    CHECK_INT_EQ(reg("bad", NULL, "1", spin, 1, ""), TOCK_EINVAL);
    CHECK_INT_EQ(reg("bad", NULL, "1", spin, 1, "a_unit_name_longer_than_31_chars"), TOCK_EINVAL);
    CHECK_INT_EQ(reg("good", NULL, "1", spin, 1, "step_2"), 0);

    char out[1024], name[256], path[1400], rd[1300], op[1100], ep[1100];
    snprintf(out, sizeof out, "%s/runs", argv[1]);
    rm_rf(argv[1]);
    mkdir_p(out);
    snprintf(op, sizeof op, "%s/stdout.txt", argv[1]);
    snprintf(ep, sizeof ep, "%s/stderr.txt", argv[1]);
    printf("a --quick run of 16 benchmarks (child process)\n");
    char *args[] = {argv[0], "--child", out, NULL};
    pid_t pid = spawn_prog(args, op, ep);
    CHECK_TRUE(pid > 0);
    int code = wait_code(pid, 100.0);
    CHECK_INT_EQ(code, 0);
    CHECK_INT_EQ(dir_entries(out, name, sizeof name), 1);
    snprintf(rd, sizeof rd, "%s/%s", out, name);

    char *con = slurp(op, NULL);
    CHECK_CONTAINS(con, "scaling lin/a: ");
    CHECK_CONTAINS(con, "scaling lin/b: ");
    CHECK_CONTAINS(con, "crossover: ");
    CHECK_NOT_CONTAINS(con, "scaling two");
    CHECK_NOT_CONTAINS(con, "scaling words");
    free(con);

    snprintf(path, sizeof path, "%s/summary.json", rd);
    char *sum = slurp(path, NULL);
    CHECK_CONTAINS(sum, "\"fits\": [");
    CHECK_CONTAINS(sum, "\"group\": \"lin/a\"");
    CHECK_CONTAINS(sum, "\"group\": \"lin/b\"");
    const char *fits = sum ? strstr(sum, "\"fits\": [") : NULL; /* after the benchmarks */
    CHECK_NOT_CONTAINS(fits, "\"group\": \"two\"");
    CHECK_NOT_CONTAINS(fits, "\"group\": \"words\"");
    CHECK_CONTAINS(sum, "\"parameter_unit\": \"item\"");
    CHECK_CONTAINS(sum, "\"points\": 5");
    CHECK_CONTAINS(sum, "\"parameter_min\": 1,");
    CHECK_CONTAINS(sum, "\"parameter_max\": 16,");
    CHECK_CONTAINS(sum, "\"slope\": {\"point\":");
    CHECK_CONTAINS(sum, "\"exponent\": {\"point\":");
    CHECK_CONTAINS(sum, "\"bigo\": \"O(");
    CHECK_CONTAINS(sum, "\"line\": \"lin/a: ");
    CHECK_CONTAINS(sum, "\"crossovers\": [");
    CHECK_CONTAINS(sum, "\"a\": \"lin/a\"");
    CHECK_CONTAINS(sum, "\"b\": \"lin/b\"");
    const char *k = sum ? strstr(sum, "\"kind\": \"") : NULL;
    CHECK(k && (strncmp(k + 9, "at\"", 3) == 0 || strncmp(k + 9, "a_below\"", 8) == 0 ||
                strncmp(k + 9, "b_below\"", 8) == 0 || strncmp(k + 9, "unclear\"", 8) == 0),
          "crossover kind is one of at, a_below, b_below, unclear");
    free(sum);

    snprintf(path, sizeof path, "%s/REPORT.md", rd);
    char *rep = slurp(path, NULL);
    CHECK_CONTAINS(rep, "## Scaling");
    CHECK_CONTAINS(rep, "- lin/a: ");
    CHECK_CONTAINS(rep, "/item [");
    CHECK_CONTAINS(rep, "(5 points, item 1..16; intercept ");
    CHECK_CONTAINS(rep, "- crossover: ");
    free(rep);
    return check_summary();
}
