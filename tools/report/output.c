/* output.c - where a rendering goes: the messages of tock-report's status
 * codes, atomic writes of a finished file (tock__write_atomic: name.tmp.<pid>,
 * fsync, rename, so a reader never sees half a report) with the error named
 * here, and a buffer sent to stdout or a file. The buffer, the files and the
 * hash are util.h's; this file only adds tock-report's messages. It must
 * never write a file in place: a crash leaves either the old file or the new
 * one. Because the rename replaces whatever the name pointed at, a target
 * that exists and is not a regular file (a symbolic link, a FIFO, a device
 * such as /dev/stdout, a directory) is refused, never silently replaced.
 */
#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

const char *tock_rep_strerror(int status) {
    switch (status) {
    case 0: return "ok";
#define TOCK_REP__MSG(name, code, msg)                                                             \
    case code: return msg;
        TOCK_REP_ERROR_MAP(TOCK_REP__MSG)
#undef TOCK_REP__MSG
    default: return "unknown error";
    }
}

int tock_rep_check_target(const char *flag, const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0 || S_ISREG(st.st_mode)) return 0; /* absent, or a file */
    fprintf(stderr,
            "tock-report: %s%s%s exists and is %s, not a regular file: refusing to "
            "replace it (the file is written to a temporary name and renamed over "
            "the target)%s\n",
            flag ? flag : "", flag ? " " : "", path, tock__mode_kind(st.st_mode),
            flag && strcmp(flag, "--out") == 0 ? "; --out - writes to stdout" : "");
    return TOCK_REP_EUSAGE;
}

int tock_rep_write(const char *flag, const char *path, const char *data, size_t len) {
    int rc = tock_rep_check_target(flag, path);
    if (rc) return rc;
    if (tock__write_atomic(path, data, len) == 0) return 0;
    int e = errno;
    fprintf(stderr, "tock-report: cannot write %s: %s\n", path, strerror(e));
    return e == ENOMEM ? TOCK_REP_ENOMEM : TOCK_REP_EIO;
}

int tock_rep_write_hashed(const char *path, const char *hash_path, const char *name,
                          const char *data, size_t len) {
    int rc = tock_rep_write(NULL, path, data, len);
    if (rc) return rc;
    tock__buf line = {0};
    tock__fnv1a64_line(&line, data, len, name);
    rc = line.err ? line.err : tock_rep_write(NULL, hash_path, line.p, line.len);
    tock__buf_free(&line);
    return rc;
}

int tock_rep_emit(const tock__buf *b, const char *path) {
    if (b->err) {
        fprintf(stderr, "tock-report: %s\n", tock_rep_strerror(b->err));
        return b->err;
    }
    if (path && strcmp(path, "-") != 0)
        return tock_rep_write("--out", path, b->p ? b->p : "", b->len);
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
