/* sys.c: see sys.h. POSIX only (fork-based orchestration is POSIX anyway). */
#define _POSIX_C_SOURCE 200809L
#include "sys.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int tpar_fmt(char *out, size_t cap, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out, cap, fmt, ap);
    va_end(ap);
    return n;
}

static void out_of_memory(size_t n) {
    fprintf(stderr, "tock-parity: out of memory (%zu bytes)\n", n);
    exit(2);
}

void *tpar_xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) out_of_memory(n);
    return p;
}

void *tpar_xrealloc(void *p, size_t n) {
    void *q = realloc(p, n ? n : 1);
    if (!q) out_of_memory(n);
    return q;
}

char *tpar_xstrdup(const char *s) {
    char *d = tock__strdup(s);
    if (!d) out_of_memory(strlen(s) + 1);
    return d;
}

void tpar_xbuf(const tock__buf *b) {
    if (b->err) out_of_memory(b->cap);
}

double tpar_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int tpar_which(const char *name, char *out, size_t cap) {
    if (strchr(name, '/')) {
        if (access(name, X_OK) != 0) return -1;
        return snprintf(out, cap, "%s", name) < (int)cap ? 0 : -1;
    }
    const char *path = getenv("PATH");
    if (!path) path = "/usr/local/bin:/usr/bin:/bin";
    while (*path) {
        const char *colon = strchr(path, ':');
        size_t len = colon ? (size_t)(colon - path) : strlen(path);
        if (len > 0 && (size_t)snprintf(out, cap, "%.*s/%s", (int)len, path, name) < cap &&
            access(out, X_OK) == 0 && tock__is_file(out))
            return 0;
        path += len + (colon ? 1 : 0);
    }
    return -1;
}

int tpar_abspath(const char *path, char *out, size_t cap) {
    if (path[0] == '/') return snprintf(out, cap, "%s", path) < (int)cap ? 0 : -1;
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) return -1;
    return snprintf(out, cap, "%s/%s", cwd, path) < (int)cap ? 0 : -1;
}

/* ---- output paths ---- */

/* 0 when path does not exist or is a regular file (not followed if it is a
 * symbolic link); else -1 and the reason. */
static int not_special(const char *path, char *err, size_t cap) {
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT) return 0;
        tpar_fmt(err, cap, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (S_ISREG(st.st_mode)) return 0;
    tpar_fmt(err, cap, "%s: exists and is %s, not a regular file; refusing to replace it with one",
             path, tock__mode_kind(st.st_mode));
    return -1;
}

/* Creates and removes a file in dir: the one sure test that a file can be
 * created there (access() says yes to root on a read-only mount or /proc). */
static int probe_dir(const char *dir, char *err, size_t cap) {
    char probe[PATH_MAX + 64];
    if (tpar_fmt(probe, sizeof probe, "%s/.tock-parity-probe.%ld", dir, (long)getpid()) >=
        (int)sizeof probe) {
        tpar_fmt(err, cap, "%s: %s", dir, strerror(ENAMETOOLONG));
        return -1;
    }
    int fd = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        tpar_fmt(err, cap, "cannot create a file in %s: %s", dir, strerror(errno));
        return -1;
    }
    close(fd);
    unlink(probe);
    return 0;
}

int tpar_check_output_file(const char *path, char *err, size_t cap) {
    if (strcmp(path, "-") == 0) return 0;
    if (!*path) {
        tpar_fmt(err, cap, "an empty path");
        return -1;
    }
    if (not_special(path, err, cap) != 0) return -1;
    char dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    if (!slash)
        tpar_fmt(dir, sizeof dir, ".");
    else if (slash == path)
        tpar_fmt(dir, sizeof dir, "/");
    else if ((size_t)(slash - path) < sizeof dir)
        tpar_fmt(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    else {
        tpar_fmt(err, cap, "%s: %s", path, strerror(ENAMETOOLONG));
        return -1;
    }
    char why[PATH_MAX + 128];
    if (probe_dir(dir, why, sizeof why) != 0) {
        tpar_fmt(err, cap, "%s: %s", path, why);
        return -1;
    }
    return 0;
}

int tpar_check_output_dir(const char *dir, char *err, size_t cap) {
    char at[PATH_MAX];
    if (!*dir || tpar_fmt(at, sizeof at, "%s", dir) >= (int)sizeof at) {
        tpar_fmt(err, cap, "%s: %s", dir, strerror(*dir ? ENAMETOOLONG : ENOENT));
        return -1;
    }
    /* dir, or the nearest ancestor that exists (the rest is created later) */
    struct stat st;
    while (stat(at, &st) != 0) {
        if (errno != ENOENT) {
            tpar_fmt(err, cap, "%s: %s: %s", dir, at, strerror(errno));
            return -1;
        }
        char *slash = strrchr(at, '/');
        if (!slash) {
            tpar_fmt(at, sizeof at, ".");
        } else if (slash == at) {
            at[1] = '\0';
        } else {
            *slash = '\0';
        }
    }
    if (!S_ISDIR(st.st_mode)) {
        if (strcmp(at, dir) == 0)
            tpar_fmt(err, cap, "%s: exists and is %s, not a directory", dir,
                     tock__mode_kind(st.st_mode));
        else
            tpar_fmt(err, cap, "%s: cannot be created: %s is %s, not a directory", dir, at,
                     tock__mode_kind(st.st_mode));
        return -1;
    }
    char why[PATH_MAX + 128];
    if (probe_dir(at, why, sizeof why) != 0) {
        tpar_fmt(err, cap, "%s: %s", dir, why);
        return -1;
    }
    return 0;
}

int tpar_write_file(const char *path, const char *data, size_t len, char *err, size_t cap) {
    if (not_special(path, err, cap) != 0) return -1;
    if (tock__write_atomic(path, data, len) != 0) {
        tpar_fmt(err, cap, "%s: cannot write: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

int tpar_write_fd(int fd, const char *data, size_t len) {
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            if (w == 0) errno = EIO;
            return -1;
        }
        off += (size_t)w;
    }
    return 0;
}
