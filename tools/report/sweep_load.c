/* sweep_load.c - the sweeps (grids) of a run. Which sweeps there are comes
 * from the records' "sweep" fields in summary.json (and from sweeps/ files
 * in manifest.json's artifact index); for REPORT.html their per-point rows
 * come from sweeps/<name>.jsonl, read by field name, while sweeps/<name>.csv
 * gives the column order (run_id, axes, constants, time_<routine>_mean and
 * _std, mem_peak_bytes_max, <metric>_mean [and _std]) and must agree with
 * the .jsonl row for row. The axis names are the point part of the records'
 * ids (".../epoch/D=3,K=9,T=96/seed=1" names D, K, T), so a header that does
 * not start with them is an error. Every missing or malformed file, line or
 * field is an error naming it. Last, the queries the sweep's section and
 * figures ask of a loaded sweep (an axis's levels, the fastest and slowest
 * point). It must never re-aggregate the records: the per-point means and
 * deviations are the ones the run wrote.
 */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the index: sweeps named by records and by the manifest ---- */

typedef struct span {
    const char *p;
    size_t n;
} span;

/* a record's routine, point and seed=S parts; part[0].p NULL: no sweep */
typedef struct idparts {
    span part[3];
} idparts;

static int span_eq(span a, span b) { return a.n == b.n && memcmp(a.p, b.p, a.n) == 0; }

/* id = group/name/ROUTINE/POINT/seed=S: part[0] ROUTINE, [1] POINT, [2] seed=S
 * (read from the end: the group and name are the grid's own) */
static int id_parts(const char *id, span part[3]) {
    const char *c = id + strlen(id);
    for (int k = 2; k >= 0; k--) {
        const char *sl = c;
        while (sl > id && sl[-1] != '/') sl--;
        if (sl == id) return -1;
        part[k].p = sl;
        part[k].n = (size_t)(c - sl);
        if (part[k].n == 0) return -1;
        c = sl - 1;
    }
    return strncmp(part[2].p, "seed=", 5) == 0 && memchr(part[1].p, '=', part[1].n) ? 0 : -1;
}

static tock_rep_sweep *find_or_add(tock_rep_run *run, const char *name, size_t n) {
    for (size_t k = 0; k < run->nsw; k++)
        if (strlen(run->sw[k].name) == n && memcmp(run->sw[k].name, name, n) == 0)
            return &run->sw[k];
    tock_rep_sweep *sw = (tock_rep_sweep *)realloc(run->sw, (run->nsw + 1) * sizeof *sw);
    if (!sw) return NULL;
    run->sw = sw;
    tock_rep_sweep *s = &sw[run->nsw];
    memset(s, 0, sizeof *s);
    s->name = strndup(name, n);
    if (!s->name) return NULL;
    run->nsw++;
    return s;
}

/* distinct values of part k among the sweep's records (ip[i]: record i's
 * id parts); with out, their text joined by ", " */
static size_t distinct(const tock_rep_run *run, const tock_rep_sweep *s, const idparts *ip, int k,
                       tock__buf *out) {
    size_t n = 0;
    for (size_t i = 0; i < run->nb; i++) {
        const tock_rep_bench *x = &run->b[i];
        const span *a = ip[i].part;
        if (!a[0].p || strcmp(x->sweep, s->name) != 0) continue;
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = ip[j].part[0].p && span_eq(a[k], ip[j].part[k]) &&
                   strcmp(run->b[j].sweep, s->name) == 0;
        if (seen) continue;
        if (out) {
            if (n) tock__buf_puts(out, ", ");
            tock__buf_put(out, a[k].p, a[k].n);
        }
        n++;
    }
    return n;
}

/* run->sw from the records (their id parts into parts[]) and the manifest */
static int index_records(tock_rep_run *run, idparts *parts) {
    for (size_t i = 0; i < run->nb; i++) {
        const tock_rep_bench *x = &run->b[i];
        span *part = parts[i].part;
        if (!x->sweep) continue;
        if (id_parts(x->id, part) < 0) {
            part[0].p = NULL;
            fprintf(stderr,
                    "tock-report: %s/summary.json: field 'benchmarks[%zu].id': a point "
                    "of sweep '%s' must read group/name/ROUTINE/A=a,B=b/seed=S, found "
                    "\"%s\"\n",
                    run->dir, i, x->sweep, x->id);
            return TOCK_REP_EINPUT;
        }
        tock_rep_sweep *s = find_or_add(run, x->sweep, strlen(x->sweep));
        if (!s) return TOCK_REP_ENOMEM;
        if (!s->nrecords) {
            /* "D=3,K=9,T=96" -> "D,K,T" */
            tock__buf ax = {0};
            const char *c = part[1].p, *end = part[1].p + part[1].n;
            while (c < end) {
                const char *eq = memchr(c, '=', (size_t)(end - c));
                const char *comma = memchr(c, ',', (size_t)(end - c));
                if (!comma) comma = end;
                if (ax.len) tock__buf_puts(&ax, ",");
                tock__buf_put(&ax, c, (size_t)((eq && eq < comma ? eq : comma) - c));
                c = comma + 1;
            }
            if (ax.err) return ax.err;
            s->rec_axes = ax.p;
        }
        s->nrecords++;
        run->nsweep_records++;
    }
    /* sweeps the manifest lists without records (no point measured) */
    json_t *arts = json_object_get(run->manifest_root, "artifacts"), *a;
    size_t i;
    json_array_foreach(arts, i, a) {
        const char *p = json_string_value(json_object_get(a, "path"));
        size_t n = p ? strlen(p) : 0;
        if (n < 12 || strncmp(p, "sweeps/", 7) != 0 || strcmp(p + n - 4, ".csv") != 0) continue;
        if (!find_or_add(run, p + 7, n - 11)) return TOCK_REP_ENOMEM;
    }
    return 0;
}

int tock_rep_sweeps_index(tock_rep_run *run) {
    idparts *parts = (idparts *)calloc(run->nb ? run->nb : 1, sizeof *parts);
    if (!parts) return TOCK_REP_ENOMEM;
    int rc = index_records(run, parts);
    for (size_t k = 0; k < run->nsw && !rc; k++) {
        tock_rep_sweep *s = &run->sw[k];
        tock__buf r = {0};
        s->rec_points = distinct(run, s, parts, 1, NULL);
        s->rec_repeats = distinct(run, s, parts, 2, NULL);
        distinct(run, s, parts, 0, &r);
        if (!r.p) tock__buf_puts(&r, "");
        rc = r.err;
        s->rec_routines = r.p;
    }
    free(parts);
    return rc;
}

/* ---- the files ---- */

typedef struct file {
    char *path, *data;
    size_t len;
    char **line; /* non-empty lines, NUL-terminated in data */
    size_t *lineno, nline;
} file;

static void file_free(file *f) {
    free(f->path);
    free(f->data);
    free(f->line);
    free(f->lineno);
    memset(f, 0, sizeof *f);
}

static int file_read(const tock_rep_run *run, const char *rel, file *f) {
    memset(f, 0, sizeof *f);
    int rc = tock_rep_read_artifact(run, rel, &f->path, &f->data, &f->len);
    if (rc) return rc;
    size_t cap = 1;
    for (size_t i = 0; i < f->len; i++) cap += f->data[i] == '\n';
    f->line = (char **)malloc(cap * sizeof *f->line);
    f->lineno = (size_t *)malloc(cap * sizeof *f->lineno);
    if (!f->line || !f->lineno) return TOCK_REP_ENOMEM;
    char *c = f->data;
    for (size_t no = 1; c && *c; no++) {
        char *nl = strchr(c, '\n');
        if (nl) *nl = '\0';
        size_t l = strlen(c);
        if (l && c[l - 1] == '\r') c[--l] = '\0';
        if (l) {
            f->line[f->nline] = c;
            f->lineno[f->nline++] = no;
        }
        c = nl ? nl + 1 : NULL;
    }
    return 0;
}

/* one CSV line split in place (RFC 4180 quotes, no line break inside a
 * field); returns the number of fields, or -1 for a stray quote */
static long csv_split(char *line, char **field, size_t cap) {
    size_t n = 0;
    char *r = line, *w = line;
    for (;;) {
        if (n == cap) return -1;
        field[n++] = w;
        if (*r == '"') {
            for (r++;; r++) {
                if (*r == '\0') return -1;
                if (*r == '"' && r[1] != '"') break;
                if (*r == '"') r++;
                *w++ = *r;
            }
            r++;
            if (*r != ',' && *r != '\0') return -1;
        } else {
            for (; *r && *r != ','; r++) {
                if (*r == '"') return -1;
                *w++ = *r;
            }
        }
        if (*r == '\0') {
            *w = '\0';
            return (long)n;
        }
        r++;
        *w++ = '\0';
    }
}

static size_t count_fields(const char *line) {
    size_t n = 1;
    for (; *line; line++) n += *line == ',';
    return n;
}

static int ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* "time_X_mean", "time_X_std" with the same non-empty X */
static int time_pair(const char *m, const char *sd) {
    size_t a = strlen(m), b = strlen(sd);
    return a > 10 && strncmp(m, "time_", 5) == 0 && ends_with(m, "_mean") && b == a - 1 &&
           strncmp(sd, m, a - 5) == 0 && strcmp(sd + a - 5, "_std") == 0;
}

static int bad_header(const file *f, const char *what, const char *found) {
    fprintf(stderr, "tock-report: %s line %zu: expected %s, found \"%.120s\"\n", f->path,
            f->lineno[0], what, found);
    return TOCK_REP_EINPUT;
}

/* the axis names: those of the records' ids, else the ones the first row's
 * run_id spells (A1-B10 with columns A, B) */
static int axes_of(tock_rep_sweep *s, char **h, size_t nh, char **row, size_t nrow) {
    tock__buf want = {0};
    size_t na = 0;
    if (s->rec_axes) {
        tock__buf_puts(&want, s->rec_axes);
        na = count_fields(s->rec_axes);
    } else if (row) {
        for (size_t k = 1; k < nh && k < nrow && !na; k++) {
            tock__buf id = {0};
            for (size_t i = 1; i <= k; i++)
                tock__buf_printf(&id, "%s%s%s", i > 1 ? "-" : "", h[i], row[i]);
            if (id.p && strcmp(id.p, row[0]) == 0) na = k;
            tock__buf_free(&id);
        }
        for (size_t i = 1; i <= na; i++) tock__buf_printf(&want, "%s%s", i > 1 ? "," : "", h[i]);
    }
    if (want.err) return want.err;
    s->naxes = na;
    s->axis = (char **)calloc(na ? na : 1, sizeof *s->axis);
    if (!s->axis) {
        tock__buf_free(&want);
        return TOCK_REP_ENOMEM;
    }
    const char *c = want.p;
    for (size_t i = 0; i < na; i++) {
        const char *comma = strchr(c, ',');
        size_t n = comma ? (size_t)(comma - c) : strlen(c);
        s->axis[i] = strndup(c, n);
        if (!s->axis[i]) {
            tock__buf_free(&want);
            return TOCK_REP_ENOMEM;
        }
        c += n + 1;
    }
    tock__buf_free(&want);
    return 0;
}

/* the header: run_id, the axes, constants, time pairs, memory, metrics;
 * found is the header line as read, for messages */
static int header(tock_rep_sweep *s, const file *f, char **h, size_t nh, const char *found) {
    if (strcmp(h[0], "run_id") != 0) return bad_header(f, "a header starting with run_id", found);
    for (size_t i = 0; i < s->naxes; i++)
        if (1 + i >= nh || strcmp(h[1 + i], s->axis[i]) != 0) {
            char what[300];
            snprintf(what, sizeof what,
                     "the axes %s after run_id (the point part of the "
                     "sweep's benchmark ids in summary.json)",
                     s->rec_axes ? s->rec_axes : "");
            return bad_header(f, what, found);
        }
    size_t mem = 0;
    for (size_t j = 1 + s->naxes; j < nh && !mem; j++)
        if (strcmp(h[j], "mem_peak_bytes_max") == 0) mem = j;
    if (!mem) return bad_header(f, "a mem_peak_bytes_max column", found);
    size_t t0 = mem;
    while (t0 >= 3 + s->naxes && time_pair(h[t0 - 2], h[t0 - 1])) t0 -= 2;
    if (t0 == mem)
        return bad_header(f, "time_<routine>_mean,time_<routine>_std before mem_peak_bytes_max",
                          found);
    s->nconst = t0 - 1 - s->naxes;
    for (size_t c = 1 + s->naxes; c < t0; c++) /* a broken pair, not a constant */
        if (strncmp(h[c], "time_", 5) == 0 && (ends_with(h[c], "_mean") || ends_with(h[c], "_std")))
            return bad_header(f,
                              "time_<routine>_mean,time_<routine>_std pairs before "
                              "mem_peak_bytes_max",
                              found);
    s->nroutines = (mem - t0) / 2;
    size_t nm = 0;
    for (size_t c = mem + 1; c < nh; c++) nm += !ends_with(h[c], "_std");
    s->cname = (char **)calloc(s->nconst + 1, sizeof *s->cname);
    s->cvalue = (char **)calloc(s->nconst + 1, sizeof *s->cvalue);
    s->routine = (char **)calloc(s->nroutines, sizeof *s->routine);
    s->metric = (char **)calloc(nm + 1, sizeof *s->metric);
    s->metric_std = (int *)calloc(nm + 1, sizeof *s->metric_std);
    if (!s->cname || !s->cvalue || !s->routine || !s->metric || !s->metric_std)
        return TOCK_REP_ENOMEM;
    for (size_t c = 0; c < s->nconst; c++)
        if (!(s->cname[c] = tock__strdup(h[1 + s->naxes + c]))) return TOCK_REP_ENOMEM;
    for (size_t k = 0; k < s->nroutines; k++)
        if (!(s->routine[k] = strndup(h[t0 + 2 * k] + 5, strlen(h[t0 + 2 * k]) - 10)))
            return TOCK_REP_ENOMEM;
    for (size_t c = mem + 1; c < nh;) {
        size_t l = strlen(h[c]);
        if (l <= 5 || !ends_with(h[c], "_mean")) {
            char what[300];
            snprintf(what, sizeof what, "<metric>_mean after mem_peak_bytes_max, not \"%.80s\"",
                     h[c]);
            return bad_header(f, what, found);
        }
        char *m = strndup(h[c], l - 5);
        if (!m) return TOCK_REP_ENOMEM;
        s->metric[s->nmetrics] = m;
        int sd = c + 1 < nh && strlen(h[c + 1]) == l - 1 && strncmp(h[c + 1], m, l - 5) == 0 &&
                 strcmp(h[c + 1] + l - 5, "_std") == 0;
        s->metric_std[s->nmetrics++] = sd;
        c += sd ? 2 : 1;
    }
    return 0;
}

static int bad_value(const file *f, size_t line, const char *key, const char *expected,
                     const json_t *v) {
    fprintf(stderr, "tock-report: %s line %zu: field '%s': expected %s, found %s\n", f->path, line,
            key, expected, tock_rep_type_name(v));
    return TOCK_REP_EINPUT;
}

/* a number, or null (NAN); times are stored in seconds and kept in ns */
static int get_number(const file *f, size_t line, json_t *o, const char *key, double scale,
                      double *out) {
    json_t *v = json_object_get(o, key);
    if (json_is_null(v)) {
        *out = NAN;
        return 0;
    }
    if (!json_is_number(v)) return bad_value(f, line, key, "a number or null", v);
    *out = json_number_value(v) * scale;
    return 0;
}

static int get_count(const file *f, size_t line, json_t *o, const char *key, int nullable,
                     double *out) {
    json_t *v = json_object_get(o, key);
    if (nullable && json_is_null(v)) {
        *out = NAN;
        return 0;
    }
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return bad_value(f, line, key,
                         nullable ? "a non-negative integer or null" : "a non-negative integer", v);
    *out = (double)json_integer_value(v);
    return 0;
}

/* one .jsonl line into row p */
static int row(tock_rep_sweep *s, const file *f, size_t p, const char *csv_id, const file *csv) {
    size_t ln = f->lineno[p];
    json_error_t e;
    json_t *o = json_loads(f->line[p], JSON_REJECT_DUPLICATES, &e);
    if (!o) {
        fprintf(stderr, "tock-report: %s line %zu: not valid JSON (column %d): %s\n", f->path, ln,
                e.column, e.text);
        return TOCK_REP_EINPUT;
    }
    int rc = 0;
    char key[320];
    json_t *id = json_object_get(o, "run_id");
    if (!json_is_object(o)) {
        fprintf(stderr, "tock-report: %s line %zu: expected a JSON object, found %s\n", f->path, ln,
                tock_rep_type_name(o));
        rc = TOCK_REP_EINPUT;
    } else if (!json_is_string(id)) {
        rc = bad_value(f, ln, "run_id", "a string", id);
    } else if (strcmp(json_string_value(id), csv_id) != 0) {
        fprintf(stderr,
                "tock-report: %s line %zu: run_id \"%s\", but %s line %zu has \"%s\": "
                "the two files disagree\n",
                f->path, ln, json_string_value(id), csv->path, csv->lineno[p + 1], csv_id);
        rc = TOCK_REP_EINPUT;
    }
    if (!rc && !(s->run_id[p] = tock__strdup(json_string_value(id)))) rc = TOCK_REP_ENOMEM;
    for (size_t a = 0; a < s->naxes && !rc; a++) {
        json_t *v = json_object_get(o, s->axis[a]);
        if (!json_is_integer(v))
            rc = bad_value(f, ln, s->axis[a], "an integer (an axis)", v);
        else
            s->ax[p * s->naxes + a] = (int64_t)json_integer_value(v);
    }
    for (size_t c = 0; c < s->nconst && !rc; c++) {
        json_t *v = json_object_get(o, s->cname[c]);
        if (!v)
            rc = bad_value(f, ln, s->cname[c], "a JSON value (a constant column)", v);
        else if (p == 0 && !(s->cvalue[c] = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY)))
            rc = TOCK_REP_ENOMEM;
    }
    for (size_t k = 0; k < s->nroutines && !rc; k++) {
        snprintf(key, sizeof key, "time_%s_mean", s->routine[k]);
        rc = get_number(f, ln, o, key, 1e9, &s->t_mean[p * s->nroutines + k]);
        snprintf(key, sizeof key, "time_%s_std", s->routine[k]);
        if (!rc) rc = get_number(f, ln, o, key, 1e9, &s->t_std[p * s->nroutines + k]);
    }
    if (!rc) rc = get_count(f, ln, o, "mem_peak_bytes_max", 1, &s->mem[p]);
    for (size_t m = 0; m < s->nmetrics && !rc; m++) {
        snprintf(key, sizeof key, "%s_mean", s->metric[m]);
        rc = get_number(f, ln, o, key, 1.0, &s->m_mean[p * s->nmetrics + m]);
        s->m_std[p * s->nmetrics + m] = NAN;
        snprintf(key, sizeof key, "%s_std", s->metric[m]);
        if (!rc && s->metric_std[m])
            rc = get_number(f, ln, o, key, 1.0, &s->m_std[p * s->nmetrics + m]);
    }
    double reps = 0.0;
    if (!rc) rc = get_count(f, ln, o, "repeats", 0, &reps);
    s->repeats[p] = (uint64_t)reps;
    json_decref(o);
    return rc;
}

static int alloc_rows(tock_rep_sweep *s, size_t n) {
    size_t m = n ? n : 1;
    s->run_id = (char **)calloc(m, sizeof *s->run_id);
    s->ax = (int64_t *)calloc(m * (s->naxes ? s->naxes : 1), sizeof *s->ax);
    s->t_mean = (double *)calloc(m * s->nroutines, sizeof *s->t_mean);
    s->t_std = (double *)calloc(m * s->nroutines, sizeof *s->t_std);
    s->mem = (double *)calloc(m, sizeof *s->mem);
    s->m_mean = (double *)calloc(m * (s->nmetrics ? s->nmetrics : 1), sizeof *s->m_mean);
    s->m_std = (double *)calloc(m * (s->nmetrics ? s->nmetrics : 1), sizeof *s->m_std);
    s->repeats = (uint64_t *)calloc(m, sizeof *s->repeats);
    if (!s->run_id || !s->ax || !s->t_mean || !s->t_std || !s->mem || !s->m_mean || !s->m_std ||
        !s->repeats)
        return TOCK_REP_ENOMEM;
    s->npoints = n;
    return 0;
}

static int load_files(const tock_rep_run *run, tock_rep_sweep *s, const char *rcsv,
                      const char *rjl) {
    file csv, jl;
    char **h = NULL, **r = NULL;
    char *found = NULL; /* the header as read */
    memset(&jl, 0, sizeof jl);
    int rc = file_read(run, rcsv, &csv);
    if (!rc) rc = file_read(run, rjl, &jl);
    size_t nh = 0;
    if (!rc && csv.nline == 0) {
        fprintf(stderr, "tock-report: %s: empty file (expected a header starting with run_id)\n",
                csv.path);
        rc = TOCK_REP_EINPUT;
    }
    if (!rc) {
        nh = count_fields(csv.line[0]);
        h = (char **)malloc(nh * sizeof *h);
        found = tock__strdup(csv.line[0]);
        if (!h || !found) rc = TOCK_REP_ENOMEM;
    }
    if (!rc && csv_split(csv.line[0], h, nh) != (long)nh)
        rc = bad_header(&csv, "a CSV header (a quote is not closed)", found);
    size_t nrows = rc ? 0 : csv.nline - 1;
    if (!rc && jl.nline != nrows) {
        fprintf(stderr,
                "tock-report: %s: %zu lines, but %s has %zu rows: the two files "
                "disagree\n",
                jl.path, jl.nline, csv.path, nrows);
        rc = TOCK_REP_EINPUT;
    }
    /* every row as many fields as the header; the first row names the axes
     * when no record does */
    char *first = NULL;
    if (!rc && nrows) {
        first = tock__strdup(csv.line[1]);
        r = (char **)malloc(nh * sizeof *r);
        if (!first || !r) rc = TOCK_REP_ENOMEM;
    }
    if (!rc) {
        long n1 = first ? csv_split(first, r, nh) : 0;
        rc = axes_of(s, h, nh, n1 == (long)nh ? r : NULL, (size_t)(n1 > 0 ? n1 : 0));
    }
    if (!rc) rc = header(s, &csv, h, nh, found);
    if (!rc) rc = alloc_rows(s, nrows);
    for (size_t p = 0; p < nrows && !rc; p++) {
        char *line = csv.line[p + 1];
        size_t want = nh;
        long got = (long)count_fields(line) >= (long)nh ? csv_split(line, r, nh) : -2;
        if (got != (long)want) {
            fprintf(stderr,
                    "tock-report: %s line %zu: expected %zu comma-separated fields, as "
                    "in the header%s\n",
                    csv.path, csv.lineno[p + 1], want,
                    got == -1 ? " (a quote is not closed, or there are more fields)" : "");
            rc = TOCK_REP_EINPUT;
            break;
        }
        rc = row(s, &jl, p, r[0], &csv);
    }
    free(first);
    free(found);
    free(h);
    free(r);
    file_free(&csv);
    file_free(&jl);
    return rc;
}

int tock_rep_sweeps_load(tock_rep_run *run) {
    for (size_t k = 0; k < run->nsw; k++) {
        tock_rep_sweep *s = &run->sw[k];
        char rcsv[300], rjl[300];
        snprintf(rcsv, sizeof rcsv, "sweeps/%s.csv", s->name);
        snprintf(rjl, sizeof rjl, "sweeps/%s.jsonl", s->name);
        int lc = tock_rep_listed(run, rcsv), lj = tock_rep_listed(run, rjl);
        if (!lc && !lj && run->interrupted) continue; /* killed before the files: html says so */
        if (!lc && !lj) {
            fprintf(stderr,
                    "tock-report: %s/manifest.json: 'artifacts' lists neither %s nor %s, "
                    "but summary.json holds %zu benchmark records of sweep '%s' (a "
                    "complete run writes both files)\n",
                    run->dir, rcsv, rjl, s->nrecords, s->name);
            return TOCK_REP_EINPUT;
        }
        if (!lc || !lj) {
            fprintf(stderr,
                    "tock-report: %s/manifest.json: 'artifacts' lists %s but not %s (a "
                    "run writes both files of sweep '%s')\n",
                    run->dir, lc ? rcsv : rjl, lc ? rjl : rcsv, s->name);
            return TOCK_REP_EINPUT;
        }
        s->listed = 1;
        int rc = load_files(run, s, rcsv, rjl);
        if (rc) return rc;
        s->loaded = 1;
    }
    return 0;
}

static void free_names(char **v, size_t n) {
    for (size_t i = 0; v && i < n; i++) free(v[i]);
    free(v);
}

void tock_rep_sweeps_free(tock_rep_run *run) {
    for (size_t k = 0; k < run->nsw; k++) {
        tock_rep_sweep *s = &run->sw[k];
        free(s->name);
        free(s->rec_routines);
        free(s->rec_axes);
        free_names(s->axis, s->naxes);
        free_names(s->routine, s->nroutines);
        free_names(s->metric, s->nmetrics);
        free_names(s->cname, s->nconst);
        free_names(s->cvalue, s->nconst);
        free_names(s->run_id, s->npoints);
        free(s->metric_std);
        free(s->ax);
        free(s->t_mean);
        free(s->t_std);
        free(s->mem);
        free(s->m_mean);
        free(s->m_std);
        free(s->repeats);
    }
    free(run->sw);
    run->sw = NULL;
    run->nsw = 0;
}

/* ---- queries on a loaded sweep ---- */

size_t tock_rep_sweep_levels(const tock_rep_sweep *s, size_t axis, int64_t *out) {
    size_t n = 0;
    for (size_t i = 0; i < s->npoints; i++) {
        int64_t v = s->ax[i * s->naxes + axis];
        size_t k = 0;
        while (k < n && out[k] < v) k++;
        if (k < n && out[k] == v) continue;
        memmove(out + k + 1, out + k, (n - k) * sizeof *out);
        out[k] = v;
        n++;
    }
    return n;
}

size_t tock_rep_sweep_extreme(const tock_rep_sweep *s, int dir) {
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < s->npoints; i++) {
        double m = s->t_mean[i * s->nroutines];
        if (!isfinite(m)) continue;
        if (best == SIZE_MAX ||
            (dir < 0 ? m < s->t_mean[best * s->nroutines] : m > s->t_mean[best * s->nroutines]))
            best = i;
    }
    return best;
}
