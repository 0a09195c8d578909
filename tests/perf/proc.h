/* proc.h - process and file helpers for the tests that drive a tock binary.
 *
 * Spawns the program with posix_spawn (SIGINT reset to its default, so a
 * test run from a shell that ignores SIGINT still exercises the handler),
 * captures stdout and stderr through files, and reads or removes run
 * directories. POSIX only; it must never use a shell (no system()), so paths
 * with spaces or quotes are passed through untouched.
 */
#ifndef TOCK_TESTS_PERF_PROC_H
#define TOCK_TESTS_PERF_PROC_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* Whole file as a NUL-terminated heap string (NULL if unreadable). */
static inline char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    char *p = (char *)malloc(cap);
    for (;;) {
        if (!p) break;
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
        n += got;
        if (got == 0) break;
    }
    fclose(f);
    if (!p) return NULL;
    p[n] = '\0';
    if (len) *len = n;
    return p;
}

static inline void rm_rf(const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
                char sub[4096];
                if (snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) >= (int)sizeof sub)
                    continue;
                rm_rf(sub);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

static inline void mkdir_p(const char *path) {
    char p[4096];
    snprintf(p, sizeof p, "%s", path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        mkdir(p, 0777);
        *s = '/';
    }
    mkdir(p, 0777);
}

/* Number of entries (not . or ..) in dir; the first one's name to out. */
static inline int dir_entries(const char *dir, char *out, size_t cap) {
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        if (n == 0 && out) snprintf(out, cap, "%s", e->d_name);
        n++;
    }
    closedir(d);
    return n;
}

static inline pid_t spawn_prog(char *const argv[], const char *out_path, const char *err_path) {
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    sigset_t def, empty;
    pid_t pid = -1;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawnattr_init(&at);
    sigemptyset(&def);
    sigaddset(&def, SIGINT);
    sigemptyset(&empty);
    posix_spawnattr_setsigdefault(&at, &def);
    posix_spawnattr_setsigmask(&at, &empty);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    if (posix_spawn(&pid, argv[0], &fa, &at, argv, environ) != 0) pid = -1;
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    return pid;
}

/* Exit status, 128 + signal number if killed, -1 on error or after
 * timeout_s seconds (the child is then killed). */
static inline int wait_code(pid_t pid, double timeout_s) {
    struct timespec t0, now, nap = {0, 5000000};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        int st;
        pid_t r = waitpid(pid, &st, WNOHANG);
        if (r == pid) {
            if (WIFEXITED(st)) return WEXITSTATUS(st);
            if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
            return -1;
        }
        if (r < 0 && errno != EINTR) return -1;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if ((double)(now.tv_sec - t0.tv_sec) + (double)(now.tv_nsec - t0.tv_nsec) / 1e9 >
            timeout_s) {
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            return -1;
        }
        nanosleep(&nap, NULL);
    }
}

typedef struct run_result {
    int code;
    char *out, *err;
} run_result;

/* Runs argv (argv[0] a path) to completion, capturing output in work_dir. */
static inline int run_capture(const char *work_dir, char *const argv[], run_result *r) {
    char op[4096], ep[4096];
    snprintf(op, sizeof op, "%s/stdout.txt", work_dir);
    snprintf(ep, sizeof ep, "%s/stderr.txt", work_dir);
    pid_t pid = spawn_prog(argv, op, ep);
    r->code = pid > 0 ? wait_code(pid, 120.0) : -1;
    r->out = slurp(op, NULL);
    r->err = slurp(ep, NULL);
    if (!r->out) r->out = (char *)calloc(1, 1);
    if (!r->err) r->err = (char *)calloc(1, 1);
    return r->code;
}

static inline void run_free(run_result *r) {
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

/* FNV-1a 64, restated here so the manifest check does not trust tock.h. */
static inline uint64_t test_fnv1a64(const char *p, size_t n) {
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 0x100000001b3u;
    }
    return h;
}

#endif
