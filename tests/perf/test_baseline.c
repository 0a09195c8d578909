/* test_baseline.c - baselines and the regression gate through the CLI.
 *
 * Drives cli_target (argv[1]) in a scratch directory (argv[2]): saving,
 * listing and loading baselines, every new flag and its bad values, every
 * error path of a baseline file (missing, truncated, malformed, foreign,
 * another version) -> exit 2 naming the file, the line and the problem, the
 * fingerprint check (--strict-env), and the exit status of the gate on
 * baselines doctored to be 2x faster or slower (deterministic: with
 * --load-baseline nothing is measured). Runs that measure use tiny budgets
 * and assert on nothing timing-dependent (exit 0 or 1 both pass there).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>

#include "check.h"
#include "proc.h"

static const char *target, *work;
static run_result R;

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

static void write_file(const char *path, const char *text, size_t len) {
    FILE *f = fopen(path, "wb");
    if (!f) return;
    fwrite(text, 1, len, f);
    fclose(f);
}

/* baselines/<name>/baseline.txt under the work dir */
static void put_baseline(const char *name, const char *text, size_t len) {
    char dir[4200], path[4300];
    snprintf(dir, sizeof dir, "%s/res/baselines/%s", work, name);
    mkdir_p(dir);
    snprintf(path, sizeof path, "%s/baseline.txt", dir);
    write_file(path, text, len);
}

/* copy of b1 with every sample's ns multiplied by k, renamed */
static void scaled_copy(const char *b1, const char *name, double k) {
    size_t cap = strlen(b1) * 2 + 64, n = 0;
    char *o = (char *)malloc(cap);
    const char *s = b1;
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) + 1 : strlen(s);
        char line[512];
        snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1), s);
        unsigned long long it;
        double ns;
        char extra;
        if (line[0] >= '0' && line[0] <= '9' && sscanf(line, "%llu %lf%c", &it, &ns, &extra) == 3)
            n += (size_t)snprintf(o + n, cap - n, "%llu %.17g\n", it, ns * k);
        else if (strncmp(line, "name ", 5) == 0)
            n += (size_t)snprintf(o + n, cap - n, "name %s\n", name);
        else
            n += (size_t)snprintf(o + n, cap - n, "%s", line);
        s += len;
    }
    put_baseline(name, o, n);
    free(o);
}

/* A file of the last run: the directory it printed ("tock: wrote DIR"),
 * since several runs in one second get -2, -3, ... -10 suffixes that do not
 * sort by time. */
static char *run_file(const char *rel) {
    char path[4800];
    const char *w = R.out ? strstr(R.out, "tock: wrote ") : NULL;
    if (!w) return NULL;
    w += strlen("tock: wrote ");
    size_t n = strcspn(w, "\n");
    if (w[0] == '/')
        snprintf(path, sizeof path, "%.*s/%s", (int)n, w, rel);
    else
        snprintf(path, sizeof path, "%s/%.*s/%s", work, (int)n, w, rel);
    return slurp(path, NULL);
}

static void expect_bad_baseline(const char *what, const char *text, size_t len,
                                const char *problem) {
    put_baseline("bad", text, len);
    int code =
        run("--out", "res/runs", "--load-baseline", "b1", "--baseline", "bad", "triv/add", NULL);
    CHECK(code == 2, "%s -> exit 2 (got %d)", what, code);
    CHECK_CONTAINS(R.err, "res/baselines/bad/baseline.txt");
    CHECK_CONTAINS(R.err, "line ");
    CHECK_CONTAINS(R.err, problem);
    CHECK_NOT_CONTAINS(R.out, "change:");
}

static void expect_usage(const char *flag, const char *value, const char *text) {
    int code = value ? run(flag, value, "--list", NULL) : run(flag, "--list", NULL);
    CHECK(code == 2, "%s %s -> exit 2 (got %d)", flag, value ? value : "", code);
    CHECK_CONTAINS(R.err, text);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: test_baseline CLI_TARGET WORK_DIR\n");
        return 2;
    }
    target = argv[1];
    work = argv[2];
    rm_rf(work);
    mkdir_p(work);
    if (work[0] != '/' || target[0] != '/' || chdir(work) != 0) {
        fprintf(stderr, "test_baseline: expected absolute paths and a usable WORK_DIR\n");
        return 2;
    }
    const char *tiny[] = {"--warm-up-time", "0.01",         "--measurement-time",
                          "0.03",           "--nresamples", "1000"};
#define TINY tiny[0], tiny[1], tiny[2], tiny[3], tiny[4], tiny[5]

    printf("usage errors of the new flags\n");
    expect_usage("--save-baseline", "../x", "expected a baseline name");
    expect_usage("--save-baseline", ".hidden", "found '.hidden'");
    expect_usage("--baseline", "a b", "expected a baseline name");
    expect_usage("--load-baseline", "", "expected a baseline name");
    expect_usage("--baseline-dir", "", "expected a directory");
    expect_usage("--noise-threshold", "1", "expected a fraction, 0 <= X < 1");
    expect_usage("--noise-threshold", "-0.1", "found '-0.1'");
    expect_usage("--significance-level", "0", "expected a fraction, 0 < X < 1");
    expect_usage("--significance-level", "x", "found 'x'");
    expect_usage("--ab-rounds", "1", "expected an integer, 2 <= N <= 1000");
    expect_usage("--ab-max-rounds", "1001", "expected an integer, 2 <= M <= 1000");
    CHECK_INT_EQ(run("--ab-rounds", "30", "--ab-max-rounds", "20", "--list", NULL), 2);
    CHECK_CONTAINS(R.err, "--ab-max-rounds: expected M >= --ab-rounds (30), found 20");
    expect_usage("--ab", "", "expected a tock program");
    CHECK_INT_EQ(run("--load-baseline", "x", "--list", NULL), 2);
    CHECK_CONTAINS(R.err, "--load-baseline: expected --baseline OLD");
    CHECK_INT_EQ(run("--baseline-lenient", "--list", NULL), 2);
    CHECK_CONTAINS(R.err, "--baseline-lenient: expected --baseline NAME");
    CHECK_INT_EQ(run("--load-baseline", "x", "--baseline", "y", "--save-baseline", "z", NULL), 2);
    CHECK_CONTAINS(R.err, "--save-baseline: expected a measuring run");
    CHECK_INT_EQ(run("--ab", target, "--baseline", "y", NULL), 2);
    CHECK_CONTAINS(R.err, "--ab: expected no --baseline");
    CHECK_INT_EQ(run("--ab-worker", "--save-baseline", "y", NULL), 2);
    CHECK_CONTAINS(R.err, "--ab-worker: expected no other comparison flag");
    CHECK_INT_EQ(run("--help", NULL), 0);
    CHECK_CONTAINS(R.out, "--save-baseline NAME");
    CHECK_CONTAINS(R.out, "--ab OTHER");
    CHECK_CONTAINS(R.out, "1 a benchmark failed or regressed");

    printf("--list-baselines on nothing, --save-baseline, --list-baselines\n");
    CHECK_INT_EQ(run("--out", "res/runs", "--list-baselines", NULL), 0);
    CHECK_CONTAINS(R.out, "no baselines in res/baselines");
    CHECK_INT_EQ(run("--out", "res/runs", "--save-baseline", "b1", TINY, "triv/add", NULL), 0);
    CHECK_CONTAINS(R.out, "saved baseline 'b1'");
    char path[8192];
    snprintf(path, sizeof path, "%s/res/baselines/b1/baseline.txt", work);
    char *b1 = slurp(path, NULL);
    CHECK(b1 != NULL, "baseline file %.200s exists", path);
    if (!b1) return check_summary();
    CHECK(strncmp(b1, "tock-baseline 1\nname b1\ncreated ", 32) == 0, "header lines");
    CHECK_CONTAINS(b1, "\nbench triv/add ");
    CHECK_CONTAINS(b1, "\nenv cpu_model ");
    CHECK_CONTAINS(b1, "\nenv isa_dispatched ");
    CHECK_CONTAINS(b1, "\nend 1\n");
    char name[512];
    snprintf(path, sizeof path, "%s/res/baselines/b1", work);
    CHECK_INT_EQ(dir_entries(path, name, sizeof name), 1); /* no tmp file left */
    CHECK_INT_EQ(run("--out", "res/runs", "--list-baselines", NULL), 0);
    CHECK_CONTAINS(R.out, "b1 ");
    CHECK_CONTAINS(R.out, "1 benchmarks");
    CHECK_INT_EQ(run("--baseline-dir", "res/baselines", "--list-baselines", NULL), 0);
    CHECK_CONTAINS(R.out, "b1 ");
    CHECK_INT_EQ(run("--baseline-dir", "elsewhere", "--list-baselines", NULL), 0);
    CHECK_CONTAINS(R.out, "no baselines in elsewhere");
    put_baseline("broken", "tock-baseline 1\n", 16);
    CHECK_INT_EQ(run("--out", "res/runs", "--list-baselines", NULL), 0);
    CHECK_CONTAINS(R.out, "broken");
    CHECK_CONTAINS(R.out, "INVALID");

    printf("--baseline: measured against b1 (exit 0 or 1: timing-dependent)\n");
    int code = run("--out", "res/runs", "--baseline", "b1", TINY, "triv/add", NULL);
    CHECK(code == 0 || code == 1, "--baseline b1 -> 0 or 1 (got %d)", code);
    CHECK_CONTAINS(R.out, "change: [");
    CHECK_CONTAINS(R.out, "two-level bootstrap of both runs");
    char *sj = run_file("summary.json");
    CHECK(sj != NULL, "summary.json");
    if (sj) {
        CHECK_CONTAINS(sj, "\"comparison\": {");
        CHECK_CONTAINS(sj, "\"baseline\": \"b1\"");
        CHECK_CONTAINS(sj, "\"change\": {");
        CHECK_CONTAINS(sj, "\"p_adjusted\": ");
        CHECK_CONTAINS(sj, "\"fdr\": \"benjamini-hochberg\"");
        free(sj);
    }
    char *md = run_file("COMPARE.md");
    CHECK(md != NULL, "COMPARE.md written");
    if (md) {
        CHECK_CONTAINS(md, "comparison with baseline `b1`");
        free(md);
    }
    char *rep = run_file("REPORT.md");
    CHECK(rep != NULL, "REPORT.md written");
    if (rep) { /* the change column: "+x.xx% [lo, hi], verdict" */
        CHECK_CONTAINS(rep, "| change vs baseline [interval], verdict |");
        const char *row = strstr(rep, "| triv/add |");
        const char *eol = row ? strchr(row, '\n') : NULL;
        int ok = 0;
        if (row && eol) {
            char line[1024];
            snprintf(line, sizeof line, "%.*s", (int)(eol - row), row);
            ok = strstr(line, "%, ") != NULL && strstr(line, "%] ") == NULL &&
                 (strstr(line, ", no_change |") || strstr(line, ", within_noise |") ||
                  strstr(line, ", regressed |") || strstr(line, ", improved |") ||
                  strstr(line, ", inconclusive |") || strstr(line, ", within_margin |"));
            printf("    row: %s\n", line);
        }
        CHECK(ok, "triv/add's row ends with its change and verdict");
        free(rep);
    }
    char *csv = run_file("summary.csv");
    if (csv) {
        CHECK_CONTAINS(csv, ",change_point,change_lower,change_upper,p_value,p_adjusted,verdict\n");
        const char *row = strstr(csv, "\ntriv/add,");
        const char *eol = row ? strchr(row + 1, '\n') : NULL;
        CHECK(row && eol &&
                  (memcmp(eol - 10, ",no_change", 10) == 0 ||
                   memcmp(eol - 13, ",within_noise", 13) == 0 ||
                   memcmp(eol - 10, ",regressed", 10) == 0 ||
                   memcmp(eol - 9, ",improved", 9) == 0 ||
                   memcmp(eol - 13, ",inconclusive", 13) == 0 ||
                   memcmp(eol - 14, ",within_margin", 14) == 0),
              "summary.csv's triv/add row ends with a verdict");
        free(csv);
    }
    char *man = run_file("manifest.json");
    if (man) {
        CHECK_CONTAINS(man, "COMPARE.md");
        CHECK_CONTAINS(man, "\"baseline\":\"b1\"");
        free(man);
    }

    printf("missing baselines and missing benchmarks\n");
    CHECK_INT_EQ(run("--out", "res/runs", "--baseline", "nope", TINY, "triv/add", NULL), 2);
    CHECK_CONTAINS(R.err, "--baseline nope");
    CHECK_CONTAINS(R.err, "res/baselines/nope/baseline.txt");
    CHECK_CONTAINS(R.err, "--list-baselines");
    printf("a benchmark new in this build is listed as new, never an error\n");
    code = run("--out", "res/runs", "--baseline", "b1", TINY, "triv/", "--sample-size", "10", NULL);
    CHECK(code == 0 || code == 1, "--baseline with new benchmarks -> 0 or 1 (got %d)", code);
    CHECK_CONTAINS(R.out, "triv/param/1            new: not in the baseline (no verdict)");
    sj = run_file("summary.json");
    if (sj) {
        CHECK_CONTAINS(sj, "\"new\": [");
        CHECK_CONTAINS(sj, "\"triv/param/2\"");
        CHECK_CONTAINS(sj, "\"removed\": []");
        free(sj);
    }
    char *cm = run_file("COMPARE.md");
    if (cm) {
        CHECK_CONTAINS(cm, "New (not in the baseline; no verdict): ");
        CHECK_CONTAINS(cm, "`triv/param/1`");
        CHECK_NOT_CONTAINS(cm, "Removed");
        free(cm);
    }
    code = run("--out", "res/runs", "--baseline", "b1", "--baseline-lenient", TINY, "triv/",
               "--sample-size", "10", NULL);
    CHECK(code == 0 || code == 1, "--baseline-lenient is still accepted -> 0 or 1 (got %d)", code);
    CHECK_CONTAINS(R.out, "triv/param/1            new: not in the baseline");

    printf("a benchmark only the baseline has is listed as removed\n");
    {
        char src[4400], dst[4400], cmd[13800];
        snprintf(src, sizeof src, "%s/res/baselines/b1", work);
        snprintf(dst, sizeof dst, "%s/res/baselines/gone", work);
        snprintf(cmd, sizeof cmd,
                 "mkdir -p '%s' && sed -e 's|^bench triv/add |bench triv/gone |' "
                 "-e 's|^name b1$|name gone|' '%s/baseline.txt' > '%s/baseline.txt'",
                 dst, src, dst);
        CHECK_INT_EQ(system(cmd), 0);
    }
    code =
        run("--out", "res/runs", "--baseline", "gone", TINY, "triv/", "--sample-size", "10", NULL);
    CHECK_INT_EQ(code, 0);
    CHECK_CONTAINS(R.out, "triv/gone               removed: only in the baseline");
    CHECK_CONTAINS(R.out, "triv/add                new: not in the baseline");
    sj = run_file("summary.json");
    if (sj) {
        CHECK_CONTAINS(sj, "\"removed\": [\n      \"triv/gone\"");
        free(sj);
    }
    cm = run_file("COMPARE.md");
    if (cm) {
        CHECK_CONTAINS(cm, "Removed (only in the baseline): `triv/gone`");
        CHECK_CONTAINS(cm, "**0 regressed**, 0 inconclusive");
        free(cm);
    }

    printf("--load-baseline: deterministic verdicts, exit codes\n");
    /* synthetic runs with a fixed +-10% spread, so the verdicts below do not
     * depend on how noisy the measured b1 happened to be */
    {
        char syn[8192];
        int n = snprintf(syn, sizeof syn,
                         "tock-baseline 1\nname syn\ncreated x\nrun r\n"
                         "bench triv/add 40\ntypical 1 0.9 1.1\nmedian 1 0.9 1.1\n");
        for (int i = 1; i <= 40; i++)
            n += snprintf(syn + n, sizeof syn - (size_t)n, "%d %.17g\n", 100 * i,
                          100.0 * i * (0.9 + 0.2 * (double)((i * 7) % 11) / 10.0));
        n += snprintf(syn + n, sizeof syn - (size_t)n, "end 1\n");
        put_baseline("syn", syn, (size_t)n);
        scaled_copy(syn, "fast", 0.5); /* the old run was 2x faster: syn regressed */
        scaled_copy(syn, "slow", 2.0);
    }
    /* the same run on both sides: the interval lies below the margin */
    CHECK_INT_EQ(run("--out", "res/runs", "--load-baseline", "syn", "--baseline", "syn", NULL), 0);
    CHECK_CONTAINS(R.out, "No change in performance detected.");
    sj = run_file("summary.json");
    if (sj) {
        CHECK_CONTAINS(sj, "\"mode\": \"load_baseline\"");
        CHECK_CONTAINS(sj, "\"verdict\": \"no_change\"");
        free(sj);
    }
    /* b1 was measured in a few microseconds: its interval reaches across
     * the margin, so the same run against itself is inconclusive, exit 0 --
     * and 1 with --strict */
    CHECK_INT_EQ(run("--out", "res/runs", "--load-baseline", "b1", "--baseline", "b1",
                     "--max-regression", "0.0001", NULL),
                 0);
    CHECK_CONTAINS(R.out, "1 benchmark is inconclusive (exit status 0; --strict makes it 1)");
    CHECK_INT_EQ(run("--out", "res/runs", "--load-baseline", "b1", "--baseline", "b1",
                     "--max-regression", "0.0001", "--strict", NULL),
                 1);
    CHECK_CONTAINS(R.out, "--strict: exit status 1");
    CHECK_INT_EQ(run("--out", "res/runs", "--load-baseline", "syn", "--baseline", "fast", NULL), 1);
    CHECK_CONTAINS(R.out, "Performance has regressed.");
    CHECK_CONTAINS(R.out, "+100.00%");
    CHECK_CONTAINS(R.out, "1 benchmark regressed (exit status 1)");
    md = run_file("COMPARE.md");
    if (md) {
        CHECK_CONTAINS(md, "**1 regressed**");
        CHECK_CONTAINS(md, "| triv/add | regressed |");
        free(md);
    }
    sj = run_file("summary.json");
    if (sj) {
        CHECK_CONTAINS(sj, "\"verdict\": \"regressed\"");
        CHECK_CONTAINS(sj, "\"regressed\": 1");
        free(sj);
    }
    CHECK_INT_EQ(run("--out", "res/runs", "--load-baseline", "syn", "--baseline", "slow", NULL), 0);
    CHECK_CONTAINS(R.out, "Performance has improved.");
    CHECK_CONTAINS(R.out, "-50.00%");
    /* significant, but a noise band of 99% holds part of the interval */
    /* (the noise-band rule: --max-regression 0) */
    CHECK_INT_EQ(run("--out", "res/runs", "--load-baseline", "syn", "--baseline", "fast",
                     "--noise-threshold", "0.99", "--max-regression", "0", NULL),
                 0);
    CHECK_CONTAINS(R.out, "Change within noise threshold.");
    /* ...a significance level below the smallest possible p-value: the
     * interval lies above the margin, but a regression must also be
     * significant (after Benjamini-Hochberg), so the margin rule says
     * inconclusive (exit 0); the noise-band rule never fires */
    CHECK_INT_EQ(run("--out", "res/runs", "--load-baseline", "syn", "--baseline", "fast",
                     "--significance-level", "0.00001", "--nresamples", "1000", NULL),
                 0);
    CHECK_NOT_CONTAINS(R.out, "Performance has regressed.");
    CHECK_CONTAINS(R.out, "inconclusive");
    CHECK_INT_EQ(run("--out", "res/runs", "--load-baseline", "syn", "--baseline", "fast",
                     "--nresamples", "1000", NULL),
                 1);
    CHECK_CONTAINS(R.out, "Performance has regressed.");
    CHECK_INT_EQ(run("--out", "res/runs", "--load-baseline", "syn", "--baseline", "fast",
                     "--significance-level", "0.00001", "--nresamples", "1000", "--max-regression",
                     "0", NULL),
                 0);
    CHECK_CONTAINS(R.out, "No change in performance detected.");
    CHECK_INT_EQ(
        run("--out", "res/runs", "--load-baseline", "syn", "--baseline", "fast", "--no-fdr", NULL),
        1);
    CHECK_NOT_CONTAINS(R.out, "adjusted");
    sj = run_file("summary.json");
    if (sj) {
        CHECK_CONTAINS(sj, "\"fdr\": \"none\"");
        free(sj);
    }
    CHECK_INT_EQ(run("--out", "res/runs", "--load-baseline", "nope", "--baseline", "b1", NULL), 2);
    CHECK_CONTAINS(R.err, "--load-baseline nope");
    CHECK_INT_EQ(run("--out", "res/runs", "--load-baseline", "b1", "--baseline", "b1", "zzz", NULL),
                 2);
    CHECK_CONTAINS(R.err, "no benchmark matches filter 'zzz'");
    CHECK_INT_EQ(run("--baseline-dir", "res/baselines", "--out", "other/runs", "--load-baseline",
                     "syn", "--baseline", "fast", NULL),
                 1);

    printf("machine fingerprint: warning, --strict-env error\n");
    {
        char *o = strdup(b1);
        char *p = strstr(o, "\nenv cpu_model ");
        size_t n = strlen(o);
        if (p) {
            char *eol = strchr(p + 1, '\n');
            char buf[65536];
            snprintf(buf, sizeof buf, "%.*s\nenv cpu_model Imaginary CPU 9000%s", (int)(p - o), o,
                     eol);
            char *q = strstr(buf, "name b1");
            if (q) memcpy(q, "name ot", 7);
            put_baseline("ot", buf, strlen(buf));
        }
        (void)n;
        free(o);
    }
    CHECK_INT_EQ(run("--out", "res/runs", "--load-baseline", "b1", "--baseline", "ot", NULL), 0);
    CHECK_CONTAINS(R.err, "warning: the machine fingerprint differs from baseline 'ot'");
    CHECK_CONTAINS(R.err, "cpu_model: baseline 'Imaginary CPU 9000'");
    md = run_file("COMPARE.md");
    if (md) {
        CHECK_CONTAINS(md, "Machine fingerprint differs");
        free(md);
    }
    CHECK_INT_EQ(
        run("--out", "res/runs", "--load-baseline", "b1", "--baseline", "ot", "--strict-env", NULL),
        2);
    CHECK_CONTAINS(R.err, "error: the machine fingerprint differs");
    CHECK_CONTAINS(R.err, "cpu_model");
    CHECK_CONTAINS(R.err, "--strict-env: refusing to compare");
    CHECK_INT_EQ(
        run("--out", "res/runs", "--baseline", "ot", "--strict-env", TINY, "triv/add", NULL), 2);
    CHECK_CONTAINS(R.err, "cpu_model");

    printf("malformed baseline files: exit 2 naming file, line and problem\n");
    const char *hdr = "tock-baseline 1\nname bad\ncreated x\nrun r\n";
    char buf[4096];
    expect_bad_baseline("empty", "", 0, "empty file");
    expect_bad_baseline("json", "{\"schema\": \"tock.summary/1\"}\n", 29, "not a tock baseline");
    expect_bad_baseline("version 2", "tock-baseline 2\n", 16, "unsupported baseline version 2");
    expect_bad_baseline("bad header", "tock-baseline one\n", 18, "expected 'tock-baseline 1'");
    expect_bad_baseline("no newline", "tock-baseline 1", 15, "truncated");
    snprintf(buf, sizeof buf, "%s", hdr);
    expect_bad_baseline("no end", buf, strlen(buf), "ends before its 'end' line");
    snprintf(buf, sizeof buf, "%sbench triv/add 3\ntypical 1 1 1\nmedian 1 1 1\n1 2\n", hdr);
    expect_bad_baseline("truncated samples", buf, strlen(buf), "truncated");
    snprintf(buf, sizeof buf, "%sbench triv/add 1000\ntypical 1 1 1\nmedian 1 1 1\n1 2\n", hdr);
    expect_bad_baseline("count beyond the file", buf, strlen(buf), "too short");
    snprintf(buf, sizeof buf, "%sbench triv/add 2\ntypical 1 1 1\nmedian 1 1 1\n1 2\n5 x\nend 1\n",
             hdr);
    expect_bad_baseline("bad number", buf, strlen(buf), "sample 2: expected 'ITERATIONS NS'");
    snprintf(buf, sizeof buf, "%sbench triv/add 2\ntypical 1 1 1\nmedian 1 1 1\n1 2\n0 2\nend 1\n",
             hdr);
    expect_bad_baseline("zero iterations", buf, strlen(buf), "integer 1..2^62");
    snprintf(buf, sizeof buf,
             "%sbench triv/add 2\ntypical 1 1 1\nmedian 1 1 1\n1 2\n1 nan\nend 1\n", hdr);
    expect_bad_baseline("nan", buf, strlen(buf), "ns > 0 in [1e-3, 1e18]");
    snprintf(buf, sizeof buf, "%sbench triv/add 2\ntypical 1 1 1\nmedian 1 1 1\n1 2\n1 2\nend 2\n",
             hdr);
    expect_bad_baseline("wrong count", buf, strlen(buf), "expected 1 benchmarks, found 2");
    snprintf(buf, sizeof buf,
             "%sbench triv/add 2\ntypical 1 1 1\nmedian 1 1 1\n1 2\n1 2\nbench triv/add 2\n"
             "typical 1 1 1\nmedian 1 1 1\n1 2\n1 2\nend 2\n",
             hdr);
    expect_bad_baseline("duplicate", buf, strlen(buf), "duplicate benchmark id 'triv/add'");
    snprintf(buf, sizeof buf, "%sbench triv/add 2\ntypical 2 3 1\nmedian 1 1 1\n1 2\n1 2\nend 1\n",
             hdr);
    expect_bad_baseline("bad interval", buf, strlen(buf), "lower <= point <= upper <= 1e18");
    snprintf(buf, sizeof buf, "%sbench triv/add 2\nmedian 1 1 1\n", hdr);
    expect_bad_baseline("missing typical", buf, strlen(buf),
                        "expected 'typical POINT LOWER UPPER'");
    snprintf(buf, sizeof buf, "%sfrob 1\nend 0\n", hdr);
    expect_bad_baseline("unknown record", buf, strlen(buf), "expected 'env', 'bench' or 'end'");
    snprintf(buf, sizeof buf, "%send 0\nmore\n", hdr);
    expect_bad_baseline("after end", buf, strlen(buf), "content after the 'end' line");
    snprintf(buf, sizeof buf, "tock-baseline 1\r\nname bad\n");
    expect_bad_baseline("crlf", buf, strlen(buf), "carriage return");
    expect_bad_baseline("nul", "tock-baseline 1\nna\0e bad\n", 25, "NUL byte");
    snprintf(buf, sizeof buf, "tock-baseline 1\nname ../x\n");
    expect_bad_baseline("bad name", buf, strlen(buf), "name: expected [A-Za-z0-9._-]+");
    /* a baseline with no benchmarks parses but lacks triv/add */
    snprintf(buf, sizeof buf, "%send 0\n", hdr);
    put_baseline("bad", buf, strlen(buf));
    CHECK_INT_EQ(run("--out", "res/runs", "--load-baseline", "b1", "--baseline", "bad", NULL), 0);
    CHECK_CONTAINS(R.out, "triv/add                new: not in the baseline (no verdict)");

    printf("--ab-worker and --ab\n");
    char before[512];
    snprintf(path, sizeof path, "%s/res/runs", work);
    int nruns = dir_entries(path, before, sizeof before);
    CHECK_INT_EQ(run("--out", "res/runs", "--ab-worker", TINY, "--exact", "triv/add", NULL), 0);
    CHECK(strncmp(R.out, "tock-baseline 1\nname ab-worker\n", 31) == 0, "worker prints a baseline");
    CHECK_CONTAINS(R.out, "\nbench triv/add ");
    CHECK_INT_EQ(dir_entries(path, before, sizeof before), nruns); /* no run directory */
    CHECK_INT_EQ(run("--ab", "/nonexistent/tock", "triv/add", NULL), 2);
    CHECK_CONTAINS(R.err, "--ab /nonexistent/tock: expected an executable");
    /* one look, at 2 rounds: max_rounds, the nominal level */
    code = run("--out", "res/runs", "--ab", target, "--ab-rounds", "2", "--ab-max-rounds", "2",
               TINY, "--exact", "triv/add", NULL);
    CHECK(code == 0 || code == 1, "--ab self -> 0 or 1 (got %d)", code);
    CHECK_CONTAINS(R.out, "A/B round 2 done");
    CHECK_CONTAINS(R.out, "Wilcoxon signed-rank");
    CHECK_CONTAINS(R.out, "A/B:    2 rounds, max_rounds at look 1 of 1 (95% interval)");
    sj = run_file("summary.json");
    if (sj) {
        CHECK_CONTAINS(sj, "\"mode\": \"ab\"");
        CHECK_CONTAINS(sj, "\"rounds\": 2");
        CHECK_CONTAINS(sj, "\"stop\": \"max_rounds\"");
        CHECK_CONTAINS(sj, "\"confidence_level\": 0.95");
        CHECK_CONTAINS(sj, "\"change\": {");
        free(sj);
    }
    char *r1 = run_file("ab/round-001-A.txt"), *r2 = run_file("ab/round-002-B.txt");
    CHECK(r1 && r2, "round outputs kept under ab/");
    char *abman = run_file("manifest.json");
    CHECK_CONTAINS(abman, "\"path\":\"ab/round-001-A.txt\"");
    CHECK_CONTAINS(abman, "\"path\":\"ab/round-002-B.txt\"");
    free(abman);
    free(r1);
    free(r2);
    md = run_file("COMPARE.md");
    if (md) {
        CHECK_CONTAINS(md, "paired A/B");
        CHECK_CONTAINS(md, "(2 ABBA rounds run in "); /* the rounds run, not --ab-rounds */
        free(md);
    }
    sj = run_file("summary.json");
    if (sj) {
        CHECK_CONTAINS(sj, "\"rounds_run\": 2");
        free(sj);
    }

    printf("--ab-budget: what has not settled when it is spent is inconclusive; --strict\n");
    code = run("--out", "res/runs", "--ab", target, "--ab-budget", "0.3", TINY, "--exact",
               "triv/add", NULL);
    CHECK_INT_EQ(code, 0);
    CHECK_CONTAINS(R.out, "--ab-budget 0.3 s spent after");
    CHECK_CONTAINS(R.out, "1 benchmark is inconclusive (exit status 0; --strict makes it 1)");
    md = run_file("COMPARE.md");
    if (md) {
        CHECK_CONTAINS(md, "**--ab-budget spent** (0.3 s): the unsettled benchmarks were judged");
        CHECK_CONTAINS(md, "1 benchmark still undecided");
        CHECK_CONTAINS(md, "of a 0.3 s budget)");
        CHECK_CONTAINS(md, "| triv/add | inconclusive |");
        CHECK_CONTAINS(md, "**0 regressed**, 1 inconclusive");
        free(md);
    }
    sj = run_file("summary.json");
    if (sj) {
        CHECK_CONTAINS(sj, "\"budget_spent\": true");
        free(sj);
    }
    code = run("--out", "res/runs", "--ab", target, "--ab-budget", "0.3", "--strict", TINY,
               "--exact", "triv/add", NULL);
    CHECK_INT_EQ(code, 1);
    CHECK_CONTAINS(R.out, "--strict: exit status 1");
    CHECK_INT_EQ(run("--ab-budget", "10", "triv/add", NULL), 2);
    CHECK_CONTAINS(R.err, "--ab-budget: expected --ab OTHER as well");
    CHECK_INT_EQ(run("--ab", target, "--ab-budget", "0", "triv/add", NULL), 2);

    printf("--ab-first: the named benchmarks are timed alone until they settle\n");
    code = run("--out", "res/runs", "--ab", target, "--ab-rounds", "2", "--ab-max-rounds", "2",
               "--ab-first", "triv/param/2", TINY, "triv/", NULL);
    CHECK(code == 0 || code == 1, "--ab-first -> 0 or 1 (got %d)", code);
    {
        static const char *const have[] = {
            "ab/round-001-A-triv_param_2.txt", "ab/round-001-B-triv_param_2.txt",
            "ab/round-002-B-triv_param_2.txt", "ab/round-003-A-triv_add.txt",
            "ab/round-004-B-triv_param_1.txt", NULL};
        static const char *const lack[] = {"ab/round-001-A.txt", "ab/round-001-A-triv_add.txt",
                                           "ab/round-002-A-triv_param_1.txt",
                                           "ab/round-003-A-triv_param_2.txt", NULL};
        for (int k = 0; have[k]; k++) {
            char *f = run_file(have[k]);
            CHECK(f != NULL, "%s written", have[k]);
            free(f);
        }
        for (int k = 0; lack[k]; k++) {
            char *f = run_file(lack[k]);
            CHECK(f == NULL, "%s not written", lack[k]);
            free(f);
        }
    }
    CHECK_INT_EQ(run("--ab", target, "--ab-first", "triv/nope", "triv/", NULL), 2);
    CHECK_CONTAINS(R.err, "--ab-first: expected ids of selected benchmarks, found 'triv/nope'");
    CHECK_INT_EQ(run("--ab", target, "--ab-first", "triv/param/1", "--exact", "triv/add", NULL), 2);
    CHECK_CONTAINS(R.err, "(not selected by the filter)");

    printf("--ab: a benchmark only one build has is new or removed, not an error\n");
    {
        char with[4400], without[4400];
        snprintf(with, sizeof with, "%s/with_extra.sh", work);
        snprintf(without, sizeof without, "%s/without_extra.sh", work);
        FILE *f = fopen(with, "w");
        if (f) {
            fprintf(f, "#!/bin/sh\nTOCK_CLI_EXTRA=1 exec '%s' \"$@\"\n", target);
            fclose(f);
        }
        f = fopen(without, "w");
        if (f) {
            fprintf(f, "#!/bin/sh\nunset TOCK_CLI_EXTRA; exec '%s' \"$@\"\n", target);
            fclose(f);
        }
        chmod(with, 0755);
        chmod(without, 0755);
        code = run("--out", "res/runs", "--ab", with, "--ab-rounds", "2", "--ab-max-rounds", "2",
                   TINY, "triv/", NULL);
        CHECK(code == 0 || code == 1, "--ab, reference with one more -> 0 or 1 (got %d)", code);
        CHECK_CONTAINS(R.out, "triv/add                change: [");
        md = run_file("COMPARE.md");
        if (md) {
            CHECK_CONTAINS(md, "Removed (only in the reference): `triv/extra`");
            CHECK_NOT_CONTAINS(md, "New (");
            free(md);
        }
        setenv("TOCK_CLI_EXTRA", "1", 1);
        code = run("--out", "res/runs", "--ab", without, "--ab-rounds", "2", "--ab-max-rounds", "2",
                   TINY, "triv/", NULL);
        unsetenv("TOCK_CLI_EXTRA");
        CHECK(code == 0 || code == 1, "--ab, this build with one more -> 0 or 1 (got %d)", code);
        CHECK_CONTAINS(R.out, "triv/extra              new: not in the reference (no verdict)");
        md = run_file("COMPARE.md");
        if (md) {
            CHECK_CONTAINS(md, "New (not in the reference; no verdict): `triv/extra`");
            CHECK_NOT_CONTAINS(md, "| triv/extra |");
            free(md);
        }
        sj = run_file("summary.json");
        if (sj) {
            CHECK_CONTAINS(sj, "\"new\": [\n      \"triv/extra\"");
            free(sj);
        }
    }
    /* a reference that is not a tock program: its output fails to parse */
    code = run("--out", "res/runs", "--ab", "/bin/true", "--ab-rounds", "2", "--ab-max-rounds", "2",
               TINY, "--exact", "triv/add", NULL);
    CHECK_INT_EQ(code, 2);
    CHECK_CONTAINS(R.err, "--ab /bin/true: its --list printed no benchmark matching 'triv/add'");

    free(b1);
    run_free(&R);
    return check_summary();
}
