/* output.c - where a rendering goes: the messages of tock-report's status
 * codes, atomic writes of a finished file (tock__write_atomic: name.tmp.<pid>,
 * fsync, rename, so a reader never sees half a report) with the error named
 * here, and a buffer sent to stdout or a file. The buffer, the files and the
 * hash are util.h's; this file only adds tock-report's messages. It must
 * never write a file in place: a crash leaves either the old file or the new
 * one.
 */
#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

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

int tock_rep_write(const char *path, const char *data, size_t len) {
    if (tock__write_atomic(path, data, len) == 0) return 0;
    int e = errno;
    fprintf(stderr, "tock-report: cannot write %s: %s\n", path, strerror(e));
    return e == ENOMEM ? TOCK_REP_ENOMEM : TOCK_REP_EIO;
}

int tock_rep_emit(const tock__buf *b, const char *path) {
    if (b->err) {
        fprintf(stderr, "tock-report: %s\n", tock_rep_strerror(b->err));
        return b->err;
    }
    if (path) return tock_rep_write(path, b->p ? b->p : "", b->len);
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
