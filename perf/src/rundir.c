/* rundir.c - the run directory: its name, creation before anything is
 * measured, atomic artifact writes recorded for the manifest, and the
 * per-benchmark samples files.
 */
#include "internal.h"

void tock__utc(char *out, size_t cap, const char *fmt, time_t t) {
    struct tm tm;
    if (!gmtime_r(&t, &tm)) {
        snprintf(out, cap, "unknown");
        return;
    }
    strftime(out, cap, fmt, &tm);
}

/* <out>/<UTC YYYYmmddTHHMMSSZ>-<commit>[-k]/ and its samples/ folder. */
int tock__make_run_dir(tock__state *S) {
    const char *out = S->cfg.out_dir;
    /* the longest file of a run: <out>/<run id>/samples/<id>.csv.tmp.<pid>,
     * with an id of up to 300 bytes; refuse before creating anything */
    enum { TOCK__RUN_FILE_ROOM = 64 + 340 };
    if (strlen(out) + TOCK__RUN_FILE_ROOM >= TOCK__PATH) {
        fprintf(stderr,
                "tock: --out %.200s...: path too long (%zu bytes; the run's files need "
                "it below %d)\n",
                out, strlen(out), TOCK__PATH - TOCK__RUN_FILE_ROOM);
        return TOCK_EIO;
    }
    if (tock__mkdirs(out) != 0) {
        fprintf(stderr, "tock: --out %s: cannot create or use the output directory: %s\n", out,
                strerror(errno));
        return TOCK_EIO;
    }
    time_t now = time(NULL);
    char ts[32], commit[64];
    tock__utc(ts, sizeof ts, "%Y%m%dT%H%M%SZ", now);
    tock__utc(S->started_iso, sizeof S->started_iso, "%Y-%m-%dT%H:%M:%SZ", now);
    snprintf(commit, sizeof commit, "%.12s", TOCK_GIT_COMMIT);
    for (char *c = commit; *c; c++)
        if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
              *c == '-' || *c == '_' || *c == '.'))
            *c = '_';
    for (int k = 1; k < 100; k++) {
        if (k == 1)
            snprintf(S->run_id, sizeof S->run_id, "%s-%s", ts, commit);
        else
            snprintf(S->run_id, sizeof S->run_id, "%s-%s-%d", ts, commit, k);
        if (snprintf(S->run_dir, sizeof S->run_dir, "%s/%s", out, S->run_id) >=
            (int)sizeof S->run_dir) {
            fprintf(stderr, "tock: --out %s: path too long\n", out);
            return TOCK_EIO;
        }
        if (mkdir(S->run_dir, 0777) == 0) {
            char sdir[TOCK__PATH + 16];
            snprintf(sdir, sizeof sdir, "%s/samples", S->run_dir);
            if (mkdir(sdir, 0777) == 0) return 0;
            int e = errno;
            rmdir(S->run_dir);
            fprintf(stderr, "tock: --out %s: cannot create %s: %s\n", out, sdir, strerror(e));
            return TOCK_EIO;
        }
        if (errno != EEXIST) break;
    }
    fprintf(stderr, "tock: --out %s: cannot create the run directory %s: %s\n", out, S->run_dir,
            strerror(errno));
    return TOCK_EIO;
}

/* Lists a file of the run directory (relative path, its bytes) in the
 * manifest's artifact index, replacing an earlier entry of the same path. */
int tock__artifact_record(tock__state *S, const char *rel, const void *p, size_t len) {
    size_t i;
    for (i = 0; i < S->narts; i++)
        if (strcmp(S->arts[i].path, rel) == 0) break;
    if (i == S->narts) {
        if (S->narts == S->caparts) {
            size_t cap = S->caparts ? 2 * S->caparts : 16;
            tock__artifact *na = (tock__artifact *)TOCK_REALLOC(S->arts, cap * sizeof *na);
            if (!na) return TOCK_ENOMEM;
            S->arts = na;
            S->caparts = cap;
        }
        S->narts++;
    }
    snprintf(S->arts[i].path, sizeof S->arts[i].path, "%s", rel);
    S->arts[i].bytes = len;
    S->arts[i].hash = tock__fnv1a64(p ? p : "", len);
    return 0;
}

/* A file of the run directory, written atomically (tock__write_atomic: a
 * reader sees the old file or the whole new one) and recorded for the
 * manifest. */
int tock__write_artifact(tock__state *S, const char *rel, const tock__buf *b) {
    if (b->err) return b->err;
    char path[TOCK__PATH + 300];
    snprintf(path, sizeof path, "%s/%s", S->run_dir, rel);
    if (tock__write_atomic(path, b->p ? b->p : "", b->len) != 0) {
        fprintf(stderr, "tock: cannot write %s: %s\n", path, strerror(errno));
        return TOCK_EIO;
    }
    return tock__artifact_record(S, rel, b->p, b->len);
}

/* samples/<id>.csv: '/' -> '_', and anything outside [A-Za-z0-9._-] -> '_' */
void tock__sample_file_name(const char *id, char *out, size_t cap) {
    size_t k = 0;
    k += (size_t)snprintf(out, cap, "samples/");
    for (const char *c = id; *c && k + 5 < cap; c++) {
        char ch = *c;
        int ok = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                 ch == '.' || ch == '-' || ch == '_';
        out[k++] = ok ? ch : '_';
    }
    snprintf(out + k, cap - k, ".csv");
}

int tock__write_samples(tock__state *S, const tock__bench *b) {
    tock__buf buf = {0};
    tock__buf_puts(&buf, "iterations,ns\n");
    for (size_t i = 0; i < b->n; i++) {
        char t[40];
        tock__fmt_g17(t, b->ns[i]);
        tock__buf_printf(&buf, "%llu,%s\n", (unsigned long long)b->iters[i], t);
    }
    char rel[300];
    tock__sample_file_name(b->id, rel, sizeof rel);
    int rc = tock__write_artifact(S, rel, &buf);
    tock__buf_free(&buf);
    return rc;
}
