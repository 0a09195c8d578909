/* test_sigint.c - Ctrl-C keeps the completed benchmarks and exits 130.
 *
 * Starts cli_target (argv[1]) with a 1 s budget and no early stop, waits
 * until the first benchmark's samples file appears (it is written as soon as
 * that benchmark completes), sends SIGINT, and checks: exit status 130, the
 * manifest says interrupted, the completed benchmark is in summary.json with
 * its samples, the never-started one is listed as not measured. The only
 * clock use is a generous timeout, never an assertion on a measured time.
 */
#define _POSIX_C_SOURCE 200809L

#include "check.h"
#include "proc.h"

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: test_sigint CLI_TARGET WORK_DIR\n");
        return 2;
    }
    const char *work = argv[2];
    rm_rf(work);
    mkdir_p(work);
    char out[1024], name[256], rd[1400], path[4096], op[1100], ep[1100];
    snprintf(out, sizeof out, "%s/runs", work);
    snprintf(op, sizeof op, "%s/stdout.txt", work);
    snprintf(ep, sizeof ep, "%s/stderr.txt", work);
    char *args[] = {argv[1], "--warm-up-time",
                    "0.05",  "--measurement-time",
                    "1",     "--target-precision",
                    "0",     "--nresamples",
                    "1000",  "--epochs",
                    "1",     "--out",
                    out,     NULL};

    printf("SIGINT after the first benchmark completes\n");
    pid_t pid = spawn_prog(args, op, ep);
    CHECK_TRUE(pid > 0);
    int seen = 0;
    struct timespec nap = {0, 10000000};
    for (int i = 0; i < 3000 && !seen; i++) { /* up to 30 s */
        if (dir_entries(out, name, sizeof name) == 1) {
            snprintf(path, sizeof path, "%s/%s/samples/triv_add.csv", out, name);
            seen = access(path, F_OK) == 0;
        }
        if (!seen) nanosleep(&nap, NULL);
    }
    CHECK(seen, "samples/triv_add.csv appeared (first benchmark completed)");
    kill(pid, SIGINT);
    int code = wait_code(pid, 30.0);
    CHECK_INT_EQ(code, 130);
    char *err = slurp(ep, NULL);
    CHECK_CONTAINS(err, "interrupted");
    free(err);

    snprintf(rd, sizeof rd, "%s/%s", out, name);
    snprintf(path, sizeof path, "%s/manifest.json", rd);
    char *man = slurp(path, NULL);
    CHECK_CONTAINS(man, "\"status\": \"interrupted\"");
    CHECK_CONTAINS(man, "\"exit_code\": 130");
    CHECK_CONTAINS(man, "\"id\": \"triv/batched\""); /* never started: listed as not measured */
    free(man);
    snprintf(path, sizeof path, "%s/summary.json", rd);
    char *sum = slurp(path, NULL);
    CHECK_CONTAINS(sum, "\"status\": \"interrupted\"");
    CHECK_CONTAINS(sum, "\"id\": \"triv/add\"");
    CHECK_NOT_CONTAINS(sum, "\"id\": \"triv/batched\"");
    free(sum);
    snprintf(path, sizeof path, "%s/REPORT.md", rd);
    char *rep = slurp(path, NULL);
    CHECK_CONTAINS(rep, "Status: **interrupted**");
    CHECK_CONTAINS(rep, "| triv/add |");
    free(rep);
    snprintf(path, sizeof path, "%s/samples/triv_add.csv", rd);
    char *s = slurp(path, NULL);
    CHECK(s && strncmp(s, "iterations,ns\n", 14) == 0, "completed benchmark's samples kept");
    free(s);

    printf("SIGINT after pass 1 of 3: every benchmark kept from its first epoch\n");
    snprintf(out, sizeof out, "%s/runs3", work);
    char *args3[] = {argv[1], "--warm-up-time",
                     "0.02",  "--measurement-time",
                     "0.9",   "--target-precision",
                     "0",     "--nresamples",
                     "1000",  "--epochs",
                     "3",     "--out",
                     out,     NULL};
    pid = spawn_prog(args3, op, ep);
    CHECK_TRUE(pid > 0);
    seen = 0;
    for (int i = 0; i < 3000 && !seen; i++) {
        char *o = slurp(op, NULL);
        seen = o && strstr(o, "tock: pass 1/3 done") != NULL;
        free(o);
        if (!seen) nanosleep(&nap, NULL);
    }
    CHECK(seen, "stdout says pass 1/3 is done");
    kill(pid, SIGINT);
    code = wait_code(pid, 30.0);
    CHECK_INT_EQ(code, 130);
    CHECK_INT_EQ(dir_entries(out, name, sizeof name), 1);
    snprintf(path, sizeof path, "%s/%s/summary.json", out, name);
    sum = slurp(path, NULL);
    CHECK_CONTAINS(sum, "\"status\": \"interrupted\"");
    CHECK_CONTAINS(sum, "\"id\": \"triv/add\"");
    CHECK_CONTAINS(sum, "\"id\": \"triv/batched\"");
    CHECK_CONTAINS(sum, "\"stop_reason\": \"interrupted\"");
    CHECK_NOT_CONTAINS(sum, "\"stop_reason\": \"sample_limit\"");
    free(sum);
    snprintf(path, sizeof path, "%s/%s/samples/triv_batched.csv", out, name);
    s = slurp(path, NULL);
    CHECK(s && strncmp(s, "iterations,ns\n", 14) == 0, "first-epoch samples kept");
    free(s);

    printf("SIGINT during --ab rounds: the completed rounds judged, stop interrupted\n");
    snprintf(out, sizeof out, "%s/runs_ab", work);
    char *args_ab[] = {argv[1],    "--ab",           argv[1], "--ab-rounds",
                       "500",      "--warm-up-time", "0.01",  "--measurement-time",
                       "0.03",     "--nresamples",   "1000",  "--exact",
                       "triv/add", "--out",          out,     NULL};
    pid = spawn_prog(args_ab, op, ep);
    CHECK_TRUE(pid > 0);
    seen = 0;
    for (int i = 0; i < 3000 && !seen; i++) {
        char *o = slurp(op, NULL);
        seen = o && strstr(o, "tock: A/B round 3 done") != NULL;
        free(o);
        if (!seen) nanosleep(&nap, NULL);
    }
    CHECK(seen, "stdout says A/B round 3 is done");
    kill(pid, SIGINT);
    code = wait_code(pid, 30.0);
    CHECK_INT_EQ(code, 130);
    CHECK_INT_EQ(dir_entries(out, name, sizeof name), 1);
    snprintf(path, sizeof path, "%s/%s/summary.json", out, name);
    sum = slurp(path, NULL);
    CHECK_CONTAINS(sum, "\"status\": \"interrupted\"");
    CHECK_CONTAINS(sum, "\"id\": \"triv/add\"");
    CHECK_CONTAINS(sum, "\"stop\": \"interrupted\"");
    CHECK_CONTAINS(sum, "\"change\": {");
    free(sum);
    snprintf(path, sizeof path, "%s/%s/manifest.json", out, name);
    man = slurp(path, NULL);
    CHECK_CONTAINS(man, "\"status\": \"interrupted\"");
    free(man);

    printf("SIGINT during the first warm-up: nothing measured, still a manifest\n");
    snprintf(out, sizeof out, "%s/runs2", work);
    char *args2[] = {argv[1], "--warm-up-time", "5", "--out", out, NULL};
    pid = spawn_prog(args2, op, ep);
    seen = 0;
    for (int i = 0; i < 3000 && !seen; i++) {
        if (dir_entries(out, name, sizeof name) == 1) {
            snprintf(path, sizeof path, "%s/%s/provenance.json", out, name);
            seen = access(path, F_OK) == 0; /* written just before measuring starts */
        }
        if (!seen) nanosleep(&nap, NULL);
    }
    CHECK(seen, "run started (provenance.json written)");
    kill(pid, SIGINT);
    code = wait_code(pid, 30.0);
    CHECK_INT_EQ(code, 130);
    snprintf(path, sizeof path, "%s/%s/manifest.json", out, name);
    man = slurp(path, NULL);
    CHECK_CONTAINS(man, "\"status\": \"interrupted\"");
    CHECK_CONTAINS(man, "\"benchmarks_measured\": 0");
    free(man);
    return check_summary();
}
