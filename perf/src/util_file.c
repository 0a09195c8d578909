/* util_file.c - files and directories for util.h: whole-file reads, atomic
 * writes (temporary file, fsync, rename), mkdir -p and path helpers. Every
 * program of the repository writes through tock__write_atomic, so no reader
 * ever sees half a file. Nothing here prints. */
#include "util.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
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

int tock__read_input(const char *path, size_t max, char **data, size_t *len) {
    *data = NULL;
    if (len) *len = 0;
    /* O_NONBLOCK: opening a FIFO with no writer returns at once */
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) return -1;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return TOCK__READ_NOTREG;
    }
    if ((uint64_t)st.st_size > (uint64_t)max) {
        close(fd);
        return TOCK__READ_TOOBIG;
    }
    tock__buf b = {0};
    char chunk[65536];
    for (;;) {
        ssize_t got = read(fd, chunk, sizeof chunk);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            int e = errno;
            close(fd);
            tock__buf_free(&b);
            errno = e;
            return -1;
        }
        if (got == 0) break;
        if (b.len + (size_t)got > max) { /* it grew while being read */
            close(fd);
            tock__buf_free(&b);
            return TOCK__READ_TOOBIG;
        }
        tock__buf_put(&b, chunk, (size_t)got);
    }
    close(fd);
    if (!b.p) tock__buf_put(&b, "", 0);
    if (b.err) {
        tock__buf_free(&b);
        errno = ENOMEM;
        return -1;
    }
    *data = b.p;
    if (len) *len = b.len;
    return 0;
}

const char *tock__read_error(int rc, int err, size_t max, char *buf, size_t cap) {
    if (rc == TOCK__READ_NOTREG)
        snprintf(buf, cap, "not a regular file (a directory, FIFO or device is never read)");
    else if (rc == TOCK__READ_TOOBIG)
        snprintf(buf, cap, "larger than the %zu MiB limit of an input file", max >> 20);
    else
        snprintf(buf, cap, "%s", strerror(err));
    return buf;
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

/* "<name>.tmp.<pid>" -> pid, else 0 */
static long tock__tmp_pid(const char *name) {
    const char *t = strstr(name, ".tmp.");
    if (!t) return 0;
    for (const char *n; (n = strstr(t + 1, ".tmp.")) != NULL;) t = n;
    const char *d = t + 5;
    if (!*d) return 0;
    long pid = 0;
    for (; *d; d++) {
        if (*d < '0' || *d > '9' || pid > 100000000L) return 0;
        pid = pid * 10 + (*d - '0');
    }
    return pid;
}

size_t tock__remove_stale_tmp(const char *dir, int depth) {
    DIR *d = opendir(dir);
    if (!d) return 0;
    size_t removed = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
            continue;
        char *p = tock__path_join(dir, e->d_name);
        if (!p) break;
        struct stat st;
        if (lstat(p, &st) == 0) {
            long pid = S_ISREG(st.st_mode) ? tock__tmp_pid(e->d_name) : 0;
            if (pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH) {
                if (unlink(p) == 0) removed++;
            } else if (S_ISDIR(st.st_mode) && depth > 1) {
                removed += tock__remove_stale_tmp(p, depth - 1);
            }
        }
        TOCK_FREE(p);
    }
    closedir(d);
    return removed;
}

const char *tock__mode_kind(mode_t m) {
    if (S_ISREG(m)) return "a regular file";
    if (S_ISLNK(m)) return "a symbolic link";
    if (S_ISDIR(m)) return "a directory";
    if (S_ISFIFO(m)) return "a FIFO";
    if (S_ISCHR(m) || S_ISBLK(m)) return "a device";
    if (S_ISSOCK(m)) return "a socket";
    return "of another kind";
}
