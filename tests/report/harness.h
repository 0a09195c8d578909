/* harness.h - file and process helpers for the tock-report tests: slurp,
 * spit, rm_rf, mkdir_p, exists, PATHF and run_tool (spawns a program without
 * a shell and captures its exit status, stdout and stderr). The assertions
 * (CHECK, CHECK_INT_EQ, CHECK_CONTAINS, CHECK_LACKS, check_summary ...) are
 * the common core's, tests/common/check.h, included here. Nothing here may
 * depend on NDEBUG.
 */
#ifndef TOCK_TESTS_REPORT_HARNESS_H
#define TOCK_TESTS_REPORT_HARNESS_H

#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h" /* tests/common/check.h: the assertion core */

extern char **environ;

/* ---- files ---- */

/* a path that does not fit is a broken test set-up, not a check */
static inline int path_fits(int n, size_t cap) {
    if (n < 0 || (size_t)n >= cap) {
        printf("test set-up: a path is longer than %zu bytes\n", cap);
        exit(2);
    }
    return n;
}
#define PATHF(buf, ...) path_fits(snprintf((buf), sizeof(buf), __VA_ARGS__), sizeof(buf))

static inline char *slurp(const char *path, size_t *len) {
    if (len) *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *p = (char *)malloc(cap);
    while (p) {
        if (n + 1 >= cap) {
            char *q = (char *)realloc(p, cap *= 2);
            if (!q) {
                free(p);
                p = NULL;
                break;
            }
            p = q;
        }
        size_t got = fread(p + n, 1, cap - n - 1, f);
        if (got == 0) break;
        n += got;
    }
    fclose(f);
    if (!p) return NULL;
    p[n] = '\0';
    if (len) *len = n;
    return p;
}

static inline int spit(const char *path, const char *data, size_t len) {
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    size_t w = fwrite(data, 1, len, f);
    return fclose(f) == 0 && w == len ? 0 : -1;
}

static inline int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static inline void rm_rf(const char *path) { nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS); }

static inline void mkdir_p(const char *path) {
    char tmp[4096];
    PATHF(tmp, "%s", path);
    for (char *c = tmp + 1; *c; c++)
        if (*c == '/') {
            *c = '\0';
            mkdir(tmp, 0755);
            *c = '/';
        }
    mkdir(tmp, 0755);
}

static inline int exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0;
}

/* ---- processes ---- */

typedef struct run_result {
    int status;    /* exit status, or 128 + signal */
    int timed_out; /* killed (SIGKILL) after the time limit */
    char *out, *err;
} run_result;

static inline void run_free(run_result *r) {
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

/* argv[0] is the program; NULL-terminated. Output goes through files in
 * scratch (a directory). A program still running after `seconds` (0: no
 * limit) is killed with SIGKILL: status 137 and timed_out set, so a hang
 * fails the check instead of the whole test. */
static inline run_result run_tool_within(const char *scratch, char *const argv[], int seconds) {
    run_result r = {-1, 0, NULL, NULL};
    char po[4096], pe[4096];
    PATHF(po, "%s/stdout.txt", scratch);
    PATHF(pe, "%s/stderr.txt", scratch);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, po, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, pe, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        printf("  cannot spawn %s\n", argv[0]);
        return r;
    }
    int st = 0;
    if (seconds > 0) {
        struct timespec tick = {0, 10 * 1000 * 1000};
        long left = (long)seconds * 100;
        pid_t w;
        while ((w = waitpid(pid, &st, WNOHANG)) == 0 && left-- > 0) nanosleep(&tick, NULL);
        if (w == 0) {
            kill(pid, SIGKILL);
            r.timed_out = 1;
            printf("  %s still ran after %d s: killed\n", argv[0], seconds);
            while (waitpid(pid, &st, 0) < 0) {}
        }
    } else {
        while (waitpid(pid, &st, 0) < 0) {}
    }
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    r.out = slurp(po, NULL);
    r.err = slurp(pe, NULL);
    if (!r.out) r.out = calloc(1, 1);
    if (!r.err) r.err = calloc(1, 1);
    return r;
}

static inline run_result run_tool(const char *scratch, char *const argv[]) {
    return run_tool_within(scratch, argv, 0);
}

#endif /* TOCK_TESTS_REPORT_HARNESS_H */
