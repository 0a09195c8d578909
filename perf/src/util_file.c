/* util_file.c - files and directories for util.h: whole-file reads, atomic
 * writes (temporary file, fsync, rename), mkdir -p and path helpers. Every
 * program of the repository writes through tock__write_atomic, so no reader
 * ever sees half a file. Nothing here prints. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

int tock__read_file(const char *path, char **data, size_t *len) {
    *data = NULL;
    if (len) *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    tock__buf b = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) tock__buf_put(&b, chunk, got);
    int bad = ferror(f);
    int e = errno;
    fclose(f);
    if (bad || b.err) {
        tock__buf_free(&b);
        errno = bad ? (e ? e : EIO) : ENOMEM;
        return -1;
    }
    if (!b.p) tock__buf_put(&b, "", 0);
    if (b.err) {
        errno = ENOMEM;
        return -1;
    }
    *data = b.p;
    if (len) *len = b.len;
    return 0;
}

int tock__write_atomic(const char *path, const char *data, size_t len) {
    size_t cap = strlen(path) + 32;
    char *tmp = (char *)TOCK_MALLOC(cap);
    if (!tmp) {
        errno = ENOMEM;
        return -1;
    }
    snprintf(tmp, cap, "%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0) {
        int e = errno;
        TOCK_FREE(tmp);
        errno = e;
        return -1;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            int e = w < 0 ? errno : EIO;
            close(fd);
            unlink(tmp);
            TOCK_FREE(tmp);
            errno = e;
            return -1;
        }
        off += (size_t)w;
    }
    /* EINVAL: the file system cannot sync (some FUSE mounts); not fatal */
    if ((fsync(fd) != 0 && errno != EINVAL) || close(fd) != 0 || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        TOCK_FREE(tmp);
        errno = e;
        return -1;
    }
    TOCK_FREE(tmp);
    return 0;
}

int tock__mkdirs(const char *dir) {
    size_t n = strlen(dir);
    if (n == 0) {
        errno = ENOENT;
        return -1;
    }
    if (n >= 4096) {
        errno = ENAMETOOLONG;
        return -1;
    }
    char p[4096];
    memcpy(p, dir, n + 1);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) return -1;
        *s = '/';
    }
    if (mkdir(p, 0777) != 0 && errno != EEXIST) return -1;
    struct stat st;
    if (stat(p, &st) != 0) return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

void tock__sync_dir(const char *dir) {
    int fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

int tock__is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int tock__is_dir(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *tock__strdup(const char *s) {
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *p = (char *)TOCK_MALLOC(n);
    if (p) memcpy(p, s, n);
    return p;
}

char *tock__path_join(const char *dir, const char *name) {
    size_t a = strlen(dir), c = strlen(name);
    char *p = (char *)TOCK_MALLOC(a + c + 2);
    if (!p) return NULL;
    memcpy(p, dir, a);
    size_t k = a;
    if (k && p[k - 1] != '/') p[k++] = '/';
    memcpy(p + k, name, c + 1);
    return p;
}
