/* test_cli.c - every flag and every error path of a tock.h program.
 *
 * Drives cli_target (argv[1]) in a scratch directory (argv[2]) and checks
 * exit codes and messages: help/version/list exit 0; an unknown flag, a bad
 * or missing value for each flag, a filter matching nothing and an unusable
 * output directory exit 2 with a message naming the flag, the expectation
 * and what was found, before anything is measured; a failing set-up exits 1;
 * every valid flag lands in the manifest's config. Measuring runs use tiny
 * budgets; nothing asserts on a measured time.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>

#include "tock.h" /* declarations only: TOCK_VERSION_STRING */
#include "check.h"
#include "proc.h"

static const char *target, *work;
static run_result R;

/* run(arg, ..., NULL): the target with these arguments; output in R */
static int run(const char *first, ...) {
    char *argv[64];
    int n = 0;
    argv[n++] = (char *)target;
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a && n < 63; a = va_arg(ap, const char *)) argv[n++] = (char *)a;
    va_end(ap);
    argv[n] = NULL;
    run_free(&R);
    return run_capture(work, argv, &R);
}

/* the compact config line of the only run directory under out */
static char *manifest_of(const char *out, char *run_dir, size_t cap) {
    char name[512];
    if (dir_entries(out, name, sizeof name) != 1) return NULL;
    snprintf(run_dir, cap, "%s/%s", out, name);
    char path[4096];
    snprintf(path, sizeof path, "%s/manifest.json", run_dir);
    return slurp(path, NULL);
}

static void expect_usage_error(const char *flag, const char *value, const char *expect_text) {
    int code = value ? run(flag, value, "--list", NULL) : run(flag, NULL);
    char what[256];
    snprintf(what, sizeof what, "%s %s", flag, value ? value : "(no value)");
    CHECK(code == 2, "%s -> exit 2 (got %d)", what, code);
    CHECK_CONTAINS(R.err, flag);
    CHECK_CONTAINS(R.err, expect_text);
    if (value) {
        char found[256];
        snprintf(found, sizeof found, "found '%s'", value);
        CHECK_CONTAINS(R.err, found);
    }
    CHECK_CONTAINS(R.err, "Usage:");
    CHECK(R.out[0] == '\0', "%s: nothing on stdout (got \"%.80s\")", what, R.out);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: test_cli CLI_TARGET WORK_DIR\n");
        return 2;
    }
    target = argv[1];
    work = argv[2];
    rm_rf(work);
    mkdir_p(work);
    char out[4096], run_dir[4096], path[8300];

    printf("--help, -h, --version, -V\n");
    CHECK_INT_EQ(run("--help", NULL), 0);
    CHECK_CONTAINS(R.out, "Usage:");
    CHECK_CONTAINS(R.out, "--measurement-time");
    CHECK_CONTAINS(R.out, "130 interrupted");
    CHECK_INT_EQ(run("-h", NULL), 0);
    CHECK_CONTAINS(R.out, "Usage:");
    CHECK_INT_EQ(run("--version", NULL), 0);
    CHECK_CONTAINS(R.out, "tock " TOCK_VERSION_STRING);
    CHECK_INT_EQ(run("-V", NULL), 0);
    CHECK_CONTAINS(R.out, "commit");

    printf("--list and filters\n");
    CHECK_INT_EQ(run("--list", NULL), 0);
    CHECK_CONTAINS(R.out, "triv/add: benchmark\n");
    CHECK_CONTAINS(R.out, "triv/param/1: benchmark\n");
    CHECK_CONTAINS(R.out, "triv/param/2: benchmark\n");
    CHECK_CONTAINS(R.out, "triv/batched: benchmark\n");
    CHECK_INT_EQ(run("--list", "param", NULL), 0);
    CHECK_CONTAINS(R.out, "triv/param/1");
    CHECK_NOT_CONTAINS(R.out, "triv/add");
    CHECK_INT_EQ(run("--list", "--exact", "triv/param/2", NULL), 0);
    CHECK_TRUE(strcmp(R.out, "triv/param/2: benchmark\n") == 0);
    CHECK_INT_EQ(run("--list", "--exact", "triv/param", NULL), 2); /* substring only */
    CHECK_CONTAINS(R.err, "no benchmark is exactly 'triv/param'");
    CHECK_INT_EQ(run("--list", "zzz", NULL), 2);
    CHECK_CONTAINS(R.err, "no benchmark matches filter 'zzz'");
    CHECK_INT_EQ(run("zzz", NULL), 2);
    CHECK_CONTAINS(R.err, "no benchmark matches filter 'zzz'");
    CHECK_INT_EQ(run("--list", "--", "--weird", NULL), 2); /* after --, a filter */
    CHECK_CONTAINS(R.err, "'--weird'");

    printf("usage errors: unknown flags, bad and missing values\n");
    CHECK_INT_EQ(run("--frobnicate", NULL), 2);
    CHECK_CONTAINS(R.err, "unknown option '--frobnicate'");
    CHECK_CONTAINS(R.err, "Usage:");
    CHECK_INT_EQ(run("-x", NULL), 2);
    CHECK_CONTAINS(R.err, "unknown option '-x'");
    expect_usage_error("--warm-up-time", "abc", "expected seconds");
    expect_usage_error("--warm-up-time", "0", "expected seconds");
    expect_usage_error("--warm-up-time", "-1", "expected seconds");
    expect_usage_error("--measurement-time", "1s", "expected seconds");
    expect_usage_error("--measurement-time", "inf", "expected seconds");
    expect_usage_error("--sample-size", "abc", "expected an integer, 10 <= N");
    expect_usage_error("--sample-size", "5", "expected an integer, 10 <= N");
    expect_usage_error("--sample-size", "12.5", "expected an integer, 10 <= N");
    expect_usage_error("--epochs", "0", "expected an integer, 1 <= N <= 64");
    expect_usage_error("--epochs", "65", "expected an integer, 1 <= N <= 64");
    expect_usage_error("--epochs", "two", "expected an integer, 1 <= N <= 64");
    expect_usage_error("--confidence-level", "1.5", "expected a fraction, 0 < X < 1");
    expect_usage_error("--confidence-level", "0", "expected a fraction, 0 < X < 1");
    expect_usage_error("--target-precision", "1", "expected a fraction, 0 <= X < 1");
    expect_usage_error("--target-precision", "-0.1", "expected a fraction, 0 <= X < 1");
    expect_usage_error("--nresamples", "10", "expected an integer, 1000 <= N");
    expect_usage_error("--seed", "-3", "expected an unsigned 64-bit integer");
    expect_usage_error("--seed", "99999999999999999999", "expected an unsigned 64-bit integer");
    expect_usage_error("--threads", "0", "expected an integer, 1 <= N <= 4096");
    expect_usage_error("--threads", "two", "expected an integer, 1 <= N <= 4096");
    expect_usage_error("--timer", "sundial", "expected auto, tsc or monotonic");
    expect_usage_error("--out", "", "expected a directory");
    expect_usage_error("--sample-size", NULL, "expected a value, found nothing");
    CHECK_INT_EQ(run("--sample-size=abc", "--list", NULL), 2);
    CHECK_CONTAINS(R.err, "--sample-size: expected an integer, 10 <= N <= 100000, found 'abc'");
    CHECK_INT_EQ(run("--list=yes", NULL), 2);
    CHECK_CONTAINS(R.err, "--list: expected no value, found 'yes'");
    expect_usage_error("--exact", NULL, "expected a FILTER");
    CHECK_INT_EQ(run("--list", "add", "param", NULL), 2);
    CHECK_CONTAINS(R.err, "unexpected extra argument 'param'");

    printf("unusable output directory: exit 2 before measuring\n");
    CHECK_INT_EQ(run("--out", "/proc/tock-nope/runs", "add", NULL), 2);
    CHECK_CONTAINS(R.err, "--out /proc/tock-nope/runs");
    CHECK_CONTAINS(R.err, "cannot create");
    CHECK_NOT_CONTAINS(R.out, "time:");
    snprintf(path, sizeof path, "%s/a_file", work);
    FILE *f = fopen(path, "w");
    if (f) fclose(f);
    CHECK_INT_EQ(run("--out", path, "add", NULL), 2);
    CHECK_CONTAINS(R.err, "Not a directory");
    CHECK_NOT_CONTAINS(R.out, "time:");
    snprintf(path, sizeof path, "%s/a_file/below", work);
    CHECK_INT_EQ(run("--out", path, "add", NULL), 2);
    CHECK_CONTAINS(R.err, "cannot create or use the output directory");

    printf("every valid flag reaches the run (config in manifest.json)\n");
    snprintf(out, sizeof out, "%s/flags", work);
    CHECK_INT_EQ(run("--warm-up-time", "0.01", "--measurement-time=0.05", "--sample-size", "12",
                     "--epochs", "3", "--confidence-level", "0.9", "--target-precision", "0.5",
                     "--nresamples", "1000", "--seed", "0x2a", "--threads", "3", "--timer",
                     "monotonic", "--out", out, "--exact", "triv/add", NULL),
                 0);
    char *m = manifest_of(out, run_dir, sizeof run_dir);
    CHECK_TRUE(m != NULL);
    CHECK_CONTAINS(m, "\"warm_up_time_s\":0.01,");
    CHECK_CONTAINS(m, "\"measurement_time_s\":0.05,");
    CHECK_CONTAINS(m, "\"sample_size\":12,");
    CHECK_CONTAINS(m, "\"epochs\":3,");
    CHECK_CONTAINS(m, "\"confidence_level\":0.9,");
    CHECK_CONTAINS(m, "\"target_precision\":0.5,");
    CHECK_CONTAINS(m, "\"nresamples\":1000,");
    CHECK_CONTAINS(m, "\"seed\":42,");
    CHECK_CONTAINS(m, "\"threads\":3,");
    CHECK_CONTAINS(m, "\"timer\":\"monotonic\",");
    CHECK_CONTAINS(m, "\"quick\":false,");
    CHECK_CONTAINS(m, "\"filter\":\"triv/add\",\"exact\":true");
    CHECK_CONTAINS(m, "\"status\": \"complete\"");
    CHECK_CONTAINS(m, "\"benchmarks_measured\": 1");
    free(m);
    snprintf(path, sizeof path, "%s/provenance.json", run_dir);
    char *p = slurp(path, NULL);
    CHECK_CONTAINS(p, "\"source\": \"monotonic\"");
    CHECK_CONTAINS(p, "\"threads_seen\": \"3\""); /* tock_config_threads() inside set-up */
    CHECK_CONTAINS(p, "\"isa\": \"none\"");
    free(p);
    snprintf(path, sizeof path, "%s/summary.json", run_dir);
    p = slurp(path, NULL);
    CHECK_CONTAINS(p, "\"id\": \"triv/add\"");
    CHECK_NOT_CONTAINS(p, "triv/param");
    CHECK_CONTAINS(p, "\"confidence_level\": 0.9");
    /* 3 epochs of 10, 11 or 12 samples each */
    CHECK_TRUE(strstr(p ? p : "", "\"samples\": 3") != NULL);
    CHECK_CONTAINS(p, "\"stop_reason\": \"");
    CHECK_CONTAINS(R.out, "in 3 epochs (spread ");
    free(p);
    CHECK_NOT_CONTAINS(R.out, "\033["); /* stdout is a file: no colour */
    CHECK_CONTAINS(R.out, "triv/add");
    CHECK_CONTAINS(R.out, "time:   [");
    CHECK_CONTAINS(R.out, "thrpt:  [");

    printf("--quick sets its defaults; explicit flags win\n");
    snprintf(out, sizeof out, "%s/quick", work);
    CHECK_INT_EQ(run("--quick", "--measurement-time", "0.05", "--nresamples", "1000", "--out", out,
                     "--exact", "triv/add", NULL),
                 0);
    m = manifest_of(out, run_dir, sizeof run_dir);
    CHECK_CONTAINS(m, "\"warm_up_time_s\":0.05,");
    CHECK_CONTAINS(m, "\"measurement_time_s\":0.05,");
    CHECK_CONTAINS(m, "\"target_precision\":0.05,");
    CHECK_CONTAINS(m, "\"quick\":true,");
    CHECK_CONTAINS(m, "\"seed\":1953457003,"); /* default 0x746f636b */
    CHECK_CONTAINS(m, "\"threads\":1,");
    free(m);

#if defined(__x86_64__) || defined(__aarch64__)
    printf("--timer tsc\n");
    snprintf(out, sizeof out, "%s/tsc", work);
    int code = run("--timer", "tsc", "--warm-up-time", "0.01", "--measurement-time", "0.03",
                   "--nresamples", "1000", "--out", out, "--exact", "triv/add", NULL);
    CHECK(code == 0, "--timer tsc -> 0 (got %d; stderr \"%.200s\")", code, R.err);
    m = manifest_of(out, run_dir, sizeof run_dir);
    snprintf(path, sizeof path, "%s/provenance.json", run_dir);
    p = slurp(path, NULL);
#if defined(__x86_64__)
    CHECK_CONTAINS(p, "\"source\": \"tsc\"");
#else
    CHECK_CONTAINS(p, "\"source\": \"cntvct_el0\"");
#endif
    free(p);
    free(m);
#endif

    printf("a failing set-up: exit 1, other benchmarks kept\n");
    setenv("TOCK_CLI_FAIL", "1", 1);
    snprintf(out, sizeof out, "%s/fail", work);
    CHECK_INT_EQ(run("--warm-up-time", "0.01", "--measurement-time", "0.03", "--nresamples", "1000",
                     "--out", out, "triv/", NULL),
                 1);
    unsetenv("TOCK_CLI_FAIL");
    CHECK_CONTAINS(R.err, "triv/fail: benchmark set-up failed (TOCK_ESETUP)");
    m = manifest_of(out, run_dir, sizeof run_dir);
    CHECK_CONTAINS(m, "\"exit_code\": 1");
    CHECK_CONTAINS(m, "\"id\": \"triv/fail\"");
    CHECK_CONTAINS(m, "\"reason\": \"benchmark set-up failed\"");
    CHECK_CONTAINS(m, "\"benchmarks_measured\": 4");
    free(m);
    snprintf(path, sizeof path, "%s/REPORT.md", run_dir);
    p = slurp(path, NULL);
    CHECK_CONTAINS(p, "| triv/batched |");
    CHECK_CONTAINS(p, "(triv/param/1)"); /* floor ratio column */
    /* triv/param/2 declares a published figure: the column and its note */
    CHECK_CONTAINS(p, "| ratio to published (another machine and language, Rust/Criterion) |");
    CHECK_CONTAINS(p, "Ratios to published figures");
    free(p);

    run_free(&R);
    return check_summary();
}
