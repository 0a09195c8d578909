/* cmp_load.c - the samples of both sides of a stored comparison, for the
 * comparison figures: an A/B run's rounds (ab/round-NNN-A.txt and -B.txt,
 * in the run and in its manifest), or the baseline file(s) a --baseline or
 * --load-baseline run read, in the baseline text format ("bench ID N",
 * "typical ...", "median ...", then N lines "ITERATIONS NS"). It must never
 * draw on samples other than the ones the comparison used: a baseline file
 * saved again since (its "run" line differs), gone or malformed leaves the
 * figures out with the reason, never a stand-in.
 */
#include "report.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void why_f(char *why, size_t cap, const char *fmt, ...) TOCK__PRINTF(3, 4);
static void why_f(char *why, size_t cap, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, cap, fmt, ap);
    va_end(ap);
}

static tock_rep_bench *bench_of(tock_rep_run *run, const char *id) {
    for (size_t i = 0; i < run->nb; i++)
        if (run->b[i].has_change && strcmp(run->b[i].id, id) == 0) return &run->b[i];
    return NULL;
}

/* the next line of *at, NUL-terminated in place; NULL at the end */
static char *next_line(char **at) {
    char *s = *at;
    if (!s || !*s) return NULL;
    char *nl = strchr(s, '\n');
    if (nl) {
        *nl = '\0';
        *at = nl + 1;
    } else {
        *at = s + strlen(s);
    }
    return s;
}

/* grows *t by n doubles; 0 or -1 */
static int grow(double **t, size_t have, size_t n) {
    double *p = (double *)realloc(*t, (have + n) * sizeof *p);
    if (!p) return -1;
    *t = p;
    return 0;
}

int tock_rep_cmp_parse(tock_rep_run *run, char *text, int side, const char *want_run, char *why,
                       size_t cap) {
    char *at = text, *line;
    size_t lineno = 0;
    int seen_run = 0;
    while ((line = next_line(&at)) != NULL) {
        lineno++;
        if (lineno == 1 && strncmp(line, "tock-baseline ", 14) != 0) {
            why_f(why, cap, "line 1: not a tock baseline (expected 'tock-baseline 1')");
            return -1;
        }
        if (strncmp(line, "run ", 4) == 0 && !seen_run) {
            seen_run = 1;
            if (want_run && strcmp(line + 4, want_run) != 0) {
                why_f(why, cap,
                      "it now holds run %.60s, not run %.60s the comparison read (saved "
                      "again since)",
                      line + 4, want_run);
                return -1;
            }
            continue;
        }
        if (strncmp(line, "bench ", 6) != 0) continue;
        char *id = line + 6, *sp = strrchr(id, ' ');
        char *end = NULL;
        errno = 0;
        unsigned long long n = sp ? strtoull(sp + 1, &end, 10) : 0;
        if (!sp || sp == id || errno || !end || *end || n < 1 || n > 100000000ULL) {
            why_f(why, cap, "line %zu: expected 'bench ID N'", lineno);
            return -1;
        }
        *sp = '\0';
        tock_rep_bench *b = bench_of(run, id);
        double **t = b ? (side ? &b->new_t : &b->old_t) : NULL;
        size_t *have = b ? (side ? &b->n_new : &b->n_old) : NULL;
        if (t && grow(t, *have, (size_t)n) != 0) {
            why_f(why, cap, "out of memory");
            return -1;
        }
        /* "typical" and "median" lines, then the samples */
        for (unsigned long long k = 0; k < n + 2; k++) {
            char *s = next_line(&at);
            lineno++;
            if (!s) {
                why_f(why, cap, "line %zu: truncated inside bench %.60s", lineno, id);
                return -1;
            }
            if (k < 2) {
                if (strncmp(s, k ? "median " : "typical ", k ? 7 : 8) != 0) {
                    why_f(why, cap, "line %zu: expected '%s POINT LOWER UPPER'", lineno,
                          k ? "median" : "typical");
                    return -1;
                }
                continue;
            }
            char *c1 = NULL, *c2 = NULL;
            errno = 0;
            double it = strtod(s, &c1), ns = c1 ? strtod(c1, &c2) : NAN;
            if (errno || c1 == s || !c2 || c2 == c1 || *c2 || !(it >= 1.0) || !isfinite(it) ||
                !(ns > 0.0) || !isfinite(ns)) {
                why_f(why, cap, "line %zu: expected 'ITERATIONS NS' (positive numbers)", lineno);
                return -1;
            }
            if (t) (*t)[(*have)++] = ns / it;
        }
    }
    if (want_run && !seen_run) {
        why_f(why, cap, "it has no 'run' line");
        return -1;
    }
    return 0;
}

static void drop_all(tock_rep_run *run) {
    for (size_t i = 0; i < run->nb; i++) {
        free(run->b[i].old_t);
        free(run->b[i].new_t);
        run->b[i].old_t = run->b[i].new_t = NULL;
        run->b[i].n_old = run->b[i].n_new = 0;
    }
}

/* a baseline file outside the run: read and parsed, or the note says why */
static int from_file(tock_rep_run *run, const char *path, int side, const char *want_run) {
    char *data = NULL, why[256];
    size_t len = 0;
    int rc = tock__read_input(path, TOCK_REP_MAX_RUN_FILE, &data, &len);
    if (rc != 0) {
        char reason[160];
        tock__read_error(rc, errno, TOCK_REP_MAX_RUN_FILE, reason, sizeof reason);
        snprintf(run->cmp_note, sizeof run->cmp_note,
                 "the baseline file %.160s cannot be read (%.120s)", path, reason);
        free(data);
        return -1;
    }
    rc = tock_rep_cmp_parse(run, data, side, want_run, why, sizeof why);
    free(data);
    if (rc != 0) {
        snprintf(run->cmp_note, sizeof run->cmp_note, "the baseline file %.160s: %.200s", path,
                 why);
        return -1;
    }
    return 0;
}

/* an A/B run's rounds: every ab/round-*-A.txt (new) and -B.txt (old) */
static int from_rounds(tock_rep_run *run) {
    json_t *arts = json_object_get(run->manifest_root, "artifacts"), *a;
    size_t i, nfiles = 0;
    json_array_foreach(arts, i, a) {
        const char *p = json_string_value(json_object_get(a, "path"));
        size_t l = p ? strlen(p) : 0;
        if (!p || strncmp(p, "ab/round-", 9) != 0 || l < 15) continue;
        int side;
        if (strcmp(p + l - 6, "-A.txt") == 0)
            side = 1;
        else if (strcmp(p + l - 6, "-B.txt") == 0)
            side = 0;
        else
            continue;
        char *path = NULL, *data = NULL, why[256];
        size_t len = 0;
        int rc = tock_rep_read_artifact(run, p, &path, &data, &len);
        if (!rc && tock_rep_cmp_parse(run, data, side, NULL, why, sizeof why) != 0) {
            fprintf(stderr, "tock-report: %s: %s\n", path, why);
            rc = strcmp(why, "out of memory") == 0 ? TOCK_REP_ENOMEM : TOCK_REP_EINPUT;
        }
        free(path);
        free(data);
        if (rc) return rc;
        nfiles++;
    }
    if (nfiles == 0)
        snprintf(run->cmp_note, sizeof run->cmp_note,
                 "the run stored no A/B rounds (ab/round-*.txt)");
    return 0;
}

int tock_rep_cmp_load(tock_rep_run *run) {
    run->cmp_note[0] = '\0';
    if (!run->has_comparison) return 0;
    if (strcmp(run->cmp_mode, "ab") == 0) {
        int rc = from_rounds(run);
        if (rc) drop_all(run);
        return rc;
    }
    if (!run->cmp_baseline_file) {
        snprintf(run->cmp_note, sizeof run->cmp_note,
                 "summary.json does not name the baseline file the comparison read");
        return 0;
    }
    int loaded = strcmp(run->cmp_mode, "load_baseline") == 0;
    int ok = from_file(run, run->cmp_baseline_file, 0, run->cmp_baseline_run) == 0;
    if (ok && loaded) {
        if (!run->cmp_loaded_file) {
            snprintf(run->cmp_note, sizeof run->cmp_note,
                     "summary.json does not name the loaded baseline file");
            ok = 0;
        } else {
            ok = from_file(run, run->cmp_loaded_file, 1, NULL) == 0;
        }
    } else if (ok) {
        /* the new side: this run's samples/<id>.csv */
        for (size_t i = 0; i < run->nb && ok; i++) {
            tock_rep_bench *b = &run->b[i];
            if (!b->has_change || !b->n) continue;
            b->new_t = (double *)malloc(b->n * sizeof *b->new_t);
            if (!b->new_t) {
                drop_all(run);
                return TOCK_REP_ENOMEM;
            }
            for (size_t k = 0; k < b->n; k++) b->new_t[k] = b->ns[k] / b->iters[k];
            b->n_new = b->n;
        }
    }
    if (!ok) {
        drop_all(run);
        fprintf(stderr, "tock-report: note: the comparison's density plots are left out: %s\n",
                run->cmp_note);
    }
    return 0;
}
