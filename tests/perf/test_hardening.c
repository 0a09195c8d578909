/* test_hardening.c - what a careless or hostile user of tock-perf found
 * (issue 12), each reproduction replayed through the CLI of cli_target
 * (argv[1]) in a scratch directory (argv[2]):
 *   - a --save-baseline directory that cannot be used is refused before
 *     anything is measured, and nothing is written;
 *   - SIGTERM and SIGHUP stop a run like SIGINT: the finished benchmarks are
 *     kept, the run is marked interrupted, exit 128 + signal;
 *   - temporary files of a process that is gone are removed by a later run;
 *   - a FIFO or /dev/zero as baseline.txt is refused at once, never read;
 *   - an --ab program that never exits is ended after --ab-timeout;
 *   - numbers are read strictly: "010" is ten, a sign, a blank, nan, a hex
 *     float or a fraction where a count is expected are usage errors;
 *   - a bare 'env' line in a baseline and a near-PATH_MAX --out get messages
 *     that say what is wrong.
 * Every wait has a generous timeout; no assertion is on a measured time.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>

#include "check.h"
#include "proc.h"

static const char *target, *work;
static run_result R;

/* cli_target with the given flags, NULL-terminated; exit status */
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

static void put_file(const char *path, const char *text) {
    FILE *f = fopen(path, "wb");
    if (!f) return;
    fputs(text, f);
    fclose(f);
}

/* a pid that belonged to a process which has ended */
static long dead_pid(void) {
    char *argv[] = {"/bin/true", NULL};
    char o[4200], e[4200];
    snprintf(o, sizeof o, "%s/true.out", work);
    snprintf(e, sizeof e, "%s/true.err", work);
    pid_t pid = spawn_prog(argv, o, e);
    wait_code(pid, 10.0);
    return (long)pid;
}

/* starts a run, waits for its first benchmark's samples, sends sig */
static void signal_mid_run(int sig, int want) {
    char out[4200], name[256], path[4800], op[4300], ep[4300];
    snprintf(out, sizeof out, "%s/runs_sig%d", work, sig);
    snprintf(op, sizeof op, "%s/sig.out", work);
    snprintf(ep, sizeof ep, "%s/sig.err", work);
    char *args[] = {(char *)target,
                    "--warm-up-time",
                    "0.05",
                    "--measurement-time",
                    "1",
                    "--target-precision",
                    "0",
                    "--nresamples",
                    "1000",
                    "--epochs",
                    "1",
                    "--out",
                    out,
                    NULL};
    pid_t pid = spawn_prog(args, op, ep);
    CHECK_TRUE(pid > 0);
    int seen = 0;
    struct timespec nap = {0, 10000000};
    for (int i = 0; i < 3000 && !seen; i++) {
        if (dir_entries(out, name, sizeof name) == 1) {
            snprintf(path, sizeof path, "%s/%s/samples/triv_add.csv", out, name);
            seen = access(path, F_OK) == 0;
        }
        if (!seen) nanosleep(&nap, NULL);
    }
    CHECK(seen, "signal %d: the first benchmark completed", sig);
    kill(pid, sig);
    CHECK_INT_EQ(wait_code(pid, 30.0), want);
    snprintf(path, sizeof path, "%s/%s/manifest.json", out, name);
    char *man = slurp(path, NULL);
    CHECK_CONTAINS(man, "\"status\": \"interrupted\"");
    free(man);
    snprintf(path, sizeof path, "%s/%s/summary.json", out, name);
    char *sum = slurp(path, NULL);
    CHECK_CONTAINS(sum, "\"id\": \"triv/add\"");
    free(sum);
}

int main(int argc, char **argv) {
    if (argc != 3 || argv[1][0] != '/' || argv[2][0] != '/') {
        fprintf(stderr, "usage: test_hardening CLI_TARGET WORK_DIR (absolute paths)\n");
        return 2;
    }
    target = argv[1];
    work = argv[2];
    rm_rf(work);
    mkdir_p(work);
    if (chdir(work) != 0) {
        fprintf(stderr, "test_hardening: cannot enter %s\n", work);
        return 2;
    }
    char path[4800], dir[4300];

    printf("--save-baseline into a directory that cannot exist: refused before measuring\n");
    snprintf(path, sizeof path, "%s/a-file", work);
    put_file(path, "not a directory\n");
    CHECK_INT_EQ(run("--quick", "--out", "res1/runs", "--save-baseline", "x", "--baseline-dir",
                     path, "triv/add", NULL),
                 2);
    CHECK_CONTAINS(R.err, "--save-baseline x: cannot create or write the directory");
    CHECK_NOT_CONTAINS(R.out, "benchmark, timer"); /* nothing was measured */
    snprintf(dir, sizeof dir, "%s/res1/runs", work);
    char name[256];
    CHECK_INT_EQ(dir_entries(dir, name, sizeof name) > 0, 0);

    printf("SIGTERM and SIGHUP keep the finished benchmarks, exit 128 + signal\n");
    signal_mid_run(SIGTERM, 128 + SIGTERM);
    signal_mid_run(SIGHUP, 128 + SIGHUP);

    printf("an --ab run stopped before its first look is inconclusive, with a COMPARE.md\n");
    {
        char out[4200], nm[256], pth[4800], op[4300], ep[4300];
        snprintf(out, sizeof out, "%s/runs_ab", work);
        snprintf(op, sizeof op, "%s/ab.out", work);
        snprintf(ep, sizeof ep, "%s/ab.err", work);
        char *args[] = {(char *)target,
                        "--ab",
                        (char *)target,
                        "--ab-rounds",
                        "20",
                        "--warm-up-time",
                        "0.01",
                        "--measurement-time",
                        "0.03",
                        "--nresamples",
                        "1000",
                        "--exact",
                        "triv/add",
                        "--out",
                        out,
                        NULL};
        pid_t pid = spawn_prog(args, op, ep);
        CHECK_TRUE(pid > 0);
        int seen = 0;
        struct timespec nap = {0, 10000000};
        for (int i = 0; i < 6000 && !seen; i++) {
            char *o = slurp(op, NULL);
            seen = o && strstr(o, "A/B round 3 done") != NULL;
            free(o);
            if (!seen) nanosleep(&nap, NULL);
        }
        CHECK(seen, "three A/B rounds done");
        kill(pid, SIGTERM);
        CHECK_INT_EQ(wait_code(pid, 60.0), 128 + SIGTERM);
        CHECK_INT_EQ(dir_entries(out, nm, sizeof nm), 1);
        snprintf(pth, sizeof pth, "%s/%s/summary.json", out, nm);
        char *sum = slurp(pth, NULL);
        CHECK_CONTAINS(sum, "\"verdict\": \"inconclusive\"");
        CHECK_NOT_CONTAINS(sum, "\"verdict\": \"no_change\"");
        free(sum);
        snprintf(pth, sizeof pth, "%s/%s/COMPARE.md", out, nm);
        char *cmp = slurp(pth, NULL);
        CHECK_CONTAINS(cmp, "**Interrupted** (signal 15)");
        CHECK_CONTAINS(cmp, "| triv/add | inconclusive |");
        free(cmp);
    }

    printf("temporary files of ended processes are removed by the next run\n");
    long dead = dead_pid();
    char stale1[4400], stale2[4400], live[4400];
    snprintf(dir, sizeof dir, "%s/res2/runs/20200101T000000Z-old", work);
    mkdir_p(dir);
    snprintf(stale1, sizeof stale1, "%s/summary.json.tmp.%ld", dir, dead);
    snprintf(live, sizeof live, "%s/summary.csv.tmp.%ld", dir, (long)getpid());
    put_file(stale1, "{");
    put_file(live, "x");
    snprintf(dir, sizeof dir, "%s/res2/baselines/old", work);
    mkdir_p(dir);
    snprintf(stale2, sizeof stale2, "%s/baseline.txt.tmp.%ld", dir, dead);
    put_file(stale2, "tock-baseline");
    CHECK_INT_EQ(run("--quick", "--out", "res2/runs", "--exact", "triv/add", NULL), 0);
    CHECK(access(stale1, F_OK) != 0, "a dead process's run file is removed");
    CHECK(access(stale2, F_OK) != 0, "a dead process's baseline file is removed");
    CHECK(access(live, F_OK) == 0, "a live process's file is kept");
    CHECK_CONTAINS(R.err, "removed 2 temporary files left by ended processes");

    printf("a FIFO or /dev/zero as baseline.txt: refused at once\n");
    snprintf(dir, sizeof dir, "%s/res3/baselines/fifo", work);
    mkdir_p(dir);
    snprintf(path, sizeof path, "%s/baseline.txt", dir);
    CHECK_INT_EQ(mkfifo(path, 0600), 0);
    CHECK_INT_EQ(run("--quick", "--out", "res3/runs", "--baseline", "fifo", "triv/add", NULL), 2);
    CHECK_CONTAINS(R.err, "fifo/baseline.txt: not a regular file");
    CHECK_INT_EQ(run("--out", "res3/runs", "--list-baselines", NULL), 0);
    CHECK_CONTAINS(R.out, "INVALID");
    CHECK_CONTAINS(R.out, "not a regular file");
    snprintf(dir, sizeof dir, "%s/res3/baselines/zero", work);
    mkdir_p(dir);
    snprintf(path, sizeof path, "%s/baseline.txt", dir);
    CHECK_INT_EQ(symlink("/dev/zero", path), 0);
    CHECK_INT_EQ(run("--quick", "--out", "res3/runs", "--baseline", "zero", "triv/add", NULL), 2);
    CHECK_CONTAINS(R.err, "zero/baseline.txt: not a regular file");

    printf("an --ab program that never exits is ended after --ab-timeout\n");
    snprintf(path, sizeof path, "%s/hang.sh", work);
    put_file(path, "#!/bin/sh\nexec sleep 600\n");
    chmod(path, 0755);
    CHECK_INT_EQ(run("--out", "res4/runs", "--ab", path, "--ab-timeout", "1", "--warm-up-time",
                     "0.01", "--measurement-time", "0.02", "--nresamples", "1000", "--exact",
                     "triv/add", NULL),
                 2);
    CHECK_CONTAINS(R.err, "did not finish within 1 s (--ab-timeout); ended it");

    printf("numbers: decimal with leading zeros, nothing else\n");
    CHECK_INT_EQ(run("--quick", "--out", "res5/runs", "--threads", "010", "--seed", "0777",
                     "--exact", "triv/add", NULL),
                 0);
    snprintf(dir, sizeof dir, "%s/res5/runs", work);
    CHECK_INT_EQ(dir_entries(dir, name, sizeof name), 1);
    snprintf(path, sizeof path, "%s/%s/manifest.json", dir, name);
    char *man = slurp(path, NULL);
    CHECK_CONTAINS(man, "\"threads\":10,");
    CHECK_CONTAINS(man, "\"seed\":777,");
    free(man);
    static const struct {
        const char *flag, *value;
    } bad[] = {
        {"--seed", "\t-1"},         {"--seed", " 5"},
        {"--seed", "-1"},           {"--seed", "+5"},
        {"--seed", "0x"},           {"--seed", "18446744073709551616"},
        {"--threads", "1.5"},       {"--sample-size", "1e2"},
        {"--warm-up-time", "nan"},  {"--warm-up-time", "0x1p-3"},
        {"--warm-up-time", " 0.1"}, {"--ab-timeout", "inf"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int code = run(bad[i].flag, bad[i].value, "--list", NULL);
        CHECK(code == 2, "%s '%s' -> exit 2 (got %d)", bad[i].flag, bad[i].value, code);
        CHECK_CONTAINS(R.err, bad[i].flag);
    }

    printf("a bare 'env' line in a baseline says what an env line needs\n");
    CHECK_INT_EQ(run("--quick", "--out", "res6/runs", "--save-baseline", "good", "--exact",
                     "triv/add", NULL),
                 0);
    snprintf(path, sizeof path, "%s/res6/baselines/good/baseline.txt", work);
    char *bl = slurp(path, NULL);
    CHECK_TRUE(bl != NULL);
    if (bl) {
        char *at = strstr(bl, "\nenv ");
        snprintf(dir, sizeof dir, "%s/res6/baselines/bare", work);
        mkdir_p(dir);
        snprintf(path, sizeof path, "%s/baseline.txt", dir);
        FILE *f = fopen(path, "wb");
        if (f && at) {
            fwrite(bl, 1, (size_t)(at - bl) + 1, f);
            fputs("env\n", f);
            fputs(at + 1, f);
        }
        if (f) fclose(f);
        free(bl);
    }
    CHECK_INT_EQ(run("--out", "res6/runs", "--load-baseline", "good", "--baseline", "bare", NULL),
                 2);
    CHECK_CONTAINS(R.err, "env: expected 'env KEY VALUE', found 'env' alone");

    printf("a near-PATH_MAX --out is named as too long, before anything is created\n");
    char longp[4200];
    size_t k = (size_t)snprintf(longp, sizeof longp, "%s/", work);
    while (k + 101 < 4000) {
        memset(longp + k, 'd', 100);
        longp[k + 100] = '/';
        k += 101;
    }
    longp[k] = '\0';
    CHECK_INT_EQ(run("--quick", "--out", longp, "--exact", "triv/add", NULL), 2);
    CHECK_CONTAINS(R.err, "path too long");
    CHECK_NOT_CONTAINS(R.out, "benchmark, timer");

    run_free(&R);
    return check_summary();
}
