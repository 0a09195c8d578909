/* buf.c - the growable text buffer every renderer writes into, and the file
 * helpers: whole-file reads, atomic writes (name.tmp.<pid>, fsync, rename,
 * so a reader never sees half a report), mkdir -p, and the FNV-1a 64 hash
 * manifest.json records. It must never write a file in place: a crash leaves
 * either the old file or the new one.
 */
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *tock_rep_strerror(int status) {
    switch (status) {
    case 0: return "ok";
#define TOCK_REP__MSG(name, code, msg) \
    case code: return msg;
        TOCK_REP_ERROR_MAP(TOCK_REP__MSG)
#undef TOCK_REP__MSG
    default: return "unknown error";
    }
}

static int grow(tock_rep_buf *b, size_t extra) {
    if (b->err) return b->err;
    if (b->len + extra + 1 <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2) return b->err = TOCK_REP_ENOMEM;
        cap *= 2;
    }
    char *p = (char *)realloc(b->p, cap);
    if (!p) return b->err = TOCK_REP_ENOMEM;
    b->p = p;
    b->cap = cap;
    return 0;
}

void tock_rep_put(tock_rep_buf *b, const char *s, size_t n) {
    if (grow(b, n) < 0) return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void tock_rep_puts(tock_rep_buf *b, const char *s) { tock_rep_put(b, s, strlen(s)); }

void tock_rep_printf(tock_rep_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->err = TOCK_REP_EIO;
        return;
    }
    if (grow(b, (size_t)n) < 0) return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void tock_rep_buf_free(tock_rep_buf *b) {
    free(b->p);
    memset(b, 0, sizeof *b);
}

int tock_rep_read_file(const char *path, char **data, size_t *len) {
    *data = NULL;
    if (len) *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return TOCK_REP_EIO;
    tock_rep_buf b = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) tock_rep_put(&b, chunk, got);
    int bad = ferror(f);
    fclose(f);
    if (bad || b.err) {
        tock_rep_buf_free(&b);
        return bad ? TOCK_REP_EIO : TOCK_REP_ENOMEM;
    }
    if (!b.p) {
        b.p = (char *)calloc(1, 1);
        if (!b.p) return TOCK_REP_ENOMEM;
    }
    *data = b.p;
    if (len) *len = b.len;
    return 0;
}

int tock_rep_write_atomic(const char *path, const char *data, size_t len) {
    size_t cap = strlen(path) + 32;
    char *tmp = (char *)malloc(cap);
    if (!tmp) return TOCK_REP_ENOMEM;
    snprintf(tmp, cap, "%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        fprintf(stderr, "tock-report: cannot create %s: %s\n", tmp, strerror(errno));
        free(tmp);
        return TOCK_REP_EIO;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            fprintf(stderr, "tock-report: cannot write %s: %s\n", tmp, strerror(errno));
            close(fd);
            unlink(tmp);
            free(tmp);
            return TOCK_REP_EIO;
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        fprintf(stderr, "tock-report: cannot flush %s: %s\n", tmp, strerror(errno));
        unlink(tmp);
        free(tmp);
        return TOCK_REP_EIO;
    }
    if (rename(tmp, path) != 0) {
        fprintf(stderr, "tock-report: cannot rename %s to %s: %s\n", tmp, path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return TOCK_REP_EIO;
    }
    free(tmp);
    return 0;
}

int tock_rep_emit(const tock_rep_buf *b, const char *path) {
    if (b->err) {
        fprintf(stderr, "tock-report: %s\n", tock_rep_strerror(b->err));
        return b->err;
    }
    if (path) return tock_rep_write_atomic(path, b->p ? b->p : "", b->len);
    if (b->len && fwrite(b->p, 1, b->len, stdout) != b->len) {
        fprintf(stderr, "tock-report: cannot write to stdout\n");
        return TOCK_REP_EIO;
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, "tock-report: cannot write to stdout\n");
        return TOCK_REP_EIO;
    }
    return 0;
}

char *tock_rep_strdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *p = (char *)malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

char *tock_rep_join(const char *dir, const char *name) {
    size_t a = strlen(dir), c = strlen(name);
    char *p = (char *)malloc(a + c + 2);
    if (!p) return NULL;
    memcpy(p, dir, a);
    size_t k = a;
    if (k && p[k - 1] != '/') p[k++] = '/';
    memcpy(p + k, name, c + 1);
    return p;
}

int tock_rep_mkdirs(const char *path) {
    char *p = tock_rep_strdup(path);
    if (!p) return TOCK_REP_ENOMEM;
    for (char *c = p + 1;; c++) {
        if (*c == '/' || *c == '\0') {
            char save = *c;
            *c = '\0';
            if (mkdir(p, 0755) != 0 && errno != EEXIST) {
                fprintf(stderr, "tock-report: cannot create directory %s: %s\n", p,
                        strerror(errno));
                free(p);
                return TOCK_REP_EIO;
            }
            *c = save;
            if (save == '\0') break;
        }
    }
    free(p);
    return 0;
}

uint64_t tock_rep_fnv1a64(const void *data, size_t len) {
    const unsigned char *s = (const unsigned char *)data;
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < len; i++) {
        h ^= s[i];
        h *= 0x100000001b3u;
    }
    return h;
}
