/* check.h - assertions and process helpers for the tock-report tests.
 *
 * Every check prints what it compares and, on failure, both operands (texts
 * are cut to 600 bytes); checks count and never abort, so one failure cannot
 * hide the next. run_tool() spawns a program without a shell and captures
 * its exit status, stdout and stderr. Nothing here may depend on NDEBUG.
 */
#ifndef TOCK_TESTS_REPORT_CHECK_H
#define TOCK_TESTS_REPORT_CHECK_H

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

extern char **environ;

static int check__passed, check__failed;

static inline void check__report(int ok, const char *file, int line, const char *what) {
    if (ok) {
        check__passed++;
        printf("  ok    %s\n", what);
    } else {
        check__failed++;
        printf("  FAIL  %s  (%s:%d)\n", what, file, line);
    }
}

/* the description is cut at 1 KiB: using snprintf's result tells gcc the
 * cut is expected (no -Wformat-truncation) */
#define CHECK(cond, ...)                                                        \
    do {                                                                        \
        char check__w[1024];                                                    \
        int check__len = snprintf(check__w, sizeof check__w, __VA_ARGS__);      \
        (void)check__len;                                                       \
        check__report((cond) != 0, __FILE__, __LINE__, check__w);               \
    } while (0)

#define CHECK_INT_EQ(a, b)                                                      \
    do {                                                                        \
        long long check__a = (long long)(a), check__b = (long long)(b);         \
        CHECK(check__a == check__b, "%s == %s  (%lld vs %lld)", #a, #b,         \
              check__a, check__b);                                              \
    } while (0)

/* haystack contains needle; the haystack is printed when it does not */
#define CHECK_CONTAINS(hay, needle)                                             \
    do {                                                                        \
        const char *check__h = (hay) ? (hay) : "", *check__n = (needle);        \
        int check__ok = strstr(check__h, check__n) != NULL;                     \
        CHECK(check__ok, "%s contains \"%s\"", #hay, check__n);                 \
        if (!check__ok) printf("        text was: %.600s\n", check__h);         \
    } while (0)

#define CHECK_LACKS(hay, needle)                                                \
    do {                                                                        \
        const char *check__h = (hay) ? (hay) : "", *check__n = (needle);        \
        const char *check__at = strstr(check__h, check__n);                     \
        CHECK(check__at == NULL, "%s lacks \"%s\"", #hay, check__n);            \
        if (check__at) printf("        found at: %.200s\n", check__at);         \
    } while (0)

static inline int check_summary(void) {
    printf("%d passed, %d failed\n", check__passed, check__failed);
    return check__failed ? 1 : 0;
}

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
    int status; /* exit status, or 128 + signal */
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
static inline run_result run_tool_within(const char *scratch, char *const argv[],
                                          int seconds) {
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
            while (waitpid(pid, &st, 0) < 0) {
            }
        }
    } else {
        while (waitpid(pid, &st, 0) < 0) {
        }
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

#endif /* TOCK_TESTS_REPORT_CHECK_H */
