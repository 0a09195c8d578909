/* validate.c - tock-report --validate RUN_DIR: is the run directory the one
 * tock-perf wrote? Every file manifest.json lists ("artifacts": summary,
 * provenance, samples, sweeps, REPORT.md, summary.csv, COMPARE.md, the A/B
 * rounds) must be a regular file with the recorded size and FNV-1a 64;
 * manifest.json itself must match the hash the framework wrote right after
 * it into manifest.fnv1a64; and nothing else may be in the directory or
 * below it, except REPORT.html, which tock-report writes after the run:
 * when it does so it writes REPORT.html.fnv1a64 beside it (the same one-line
 * form), and REPORT.html is checked against that file. Empty directories
 * hold nothing and are not reported; symbolic links, FIFOs and devices are
 * never followed or read, and are reported as what they are.
 *
 * Status: 0 everything matches; TOCK_REP_ECHECK (exit 1) a file changed,
 * missing or unlisted, each named on stderr; TOCK_REP_EINPUT (exit 2) not a
 * run directory: no manifest.json, or one that cannot be read or parsed.
 * It reads only byte contents and never the files' meaning (that is the
 * loaders' job), so it works on interrupted runs and broken summaries
 * alike. FNV-1a 64 catches accidents (a truncated copy, an edited number, a
 * stray file), not tampering: anyone can recompute it, so a manifest that
 * validates is no signature.
 */
#include "report.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DEPTH 16 /* directories below the run directory */
#define MAX_HASH_FILE 4096

typedef struct listed {
    const char *path; /* borrowed from the manifest */
    uint64_t bytes;
    const char *hash; /* 16 lowercase hex digits */
} listed;

/* a file recorded by a hash file beside it rather than by the manifest */
typedef struct sibling {
    const char *file, *hash_file;
    int required; /* the hash file must exist (manifest.json's does) */
} sibling;

static const sibling siblings[] = {
    {"manifest.json", "manifest.fnv1a64", 1},
    {"REPORT.html", "REPORT.html.fnv1a64", 0},
};
#define NSIBLINGS (sizeof siblings / sizeof siblings[0])

typedef struct validation {
    const char *dir;
    listed *l;
    size_t n;
    size_t problems, checked;
    int report_html; /* REPORT.html was checked against its hash file */
} validation;

static void problem(validation *v, const char *rel, const char *fmt, ...) TOCK__PRINTF(3, 4);

static void problem(validation *v, const char *rel, const char *fmt, ...) {
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    fprintf(stderr, "tock-report: --validate: %s/%s: %s\n", v->dir, rel, what);
    v->problems++;
}

static int is_hex16(const char *s) {
    if (strlen(s) != 16) return 0;
    for (const char *c = s; *c; c++)
        if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f'))) return 0;
    return 1;
}

/* a relative path inside the directory: no empty, "." or ".." part, not
 * absolute */
static int safe_rel(const char *p) {
    if (!*p || *p == '/') return 0;
    for (const char *s = p; *s;) {
        size_t k = strcspn(s, "/");
        if (k == 0 || (k == 1 && s[0] == '.') || (k == 2 && s[0] == '.' && s[1] == '.')) return 0;
        s += k;
        if (*s == '/') s++;
        if (*s == '\0' && s[-1] == '/') return 0;
    }
    return 1;
}

static int by_path(const void *a, const void *b) {
    return strcmp(((const listed *)a)->path, ((const listed *)b)->path);
}

static const listed *find(const validation *v, const char *rel) {
    listed key = {rel, 0, NULL};
    return v->n ? (const listed *)bsearch(&key, v->l, v->n, sizeof *v->l, by_path) : NULL;
}

static int is_sibling_name(const char *rel) {
    for (size_t i = 0; i < NSIBLINGS; i++)
        if (strcmp(rel, siblings[i].file) == 0 || strcmp(rel, siblings[i].hash_file) == 0) return 1;
    return 0;
}

/* the manifest's "artifacts" into v->l, sorted; prints what is malformed */
static int read_index(validation *v, const char *mpath, json_t *root) {
    if (!json_is_object(root)) {
        fprintf(stderr,
                "tock-report: --validate: %s: expected a JSON object at the top, found "
                "%s: not a run directory's manifest\n",
                mpath, tock_rep_type_name(root));
        return TOCK_REP_EINPUT;
    }
    const char *schema = json_string_value(json_object_get(root, "schema"));
    if (!schema || strcmp(schema, "tock.manifest/1") != 0)
        return tock_rep_bad_field(mpath, "", "schema", "\"tock.manifest/1\"",
                                  json_object_get(root, "schema"));
    json_t *arts = json_object_get(root, "artifacts");
    if (!json_is_array(arts)) return tock_rep_bad_field(mpath, "", "artifacts", "an array", arts);
    v->n = json_array_size(arts);
    v->l = (listed *)calloc(v->n ? v->n : 1, sizeof *v->l);
    if (!v->l) return TOCK_REP_ENOMEM;
    size_t i;
    json_t *a;
    json_array_foreach(arts, i, a) {
        char at[48];
        snprintf(at, sizeof at, "artifacts[%zu]", i);
        if (!json_is_object(a)) return tock_rep_bad_field(mpath, at, NULL, "an object", a);
        json_t *p = json_object_get(a, "path"), *b = json_object_get(a, "bytes"),
               *h = json_object_get(a, "fnv1a64");
        if (!json_is_string(p) || !safe_rel(json_string_value(p)) ||
            is_sibling_name(json_string_value(p)))
            return tock_rep_bad_field(mpath, at, "path",
                                      "a relative path inside the run directory (no '..', "
                                      "not manifest.json or a hash file)",
                                      p);
        if (!json_is_integer(b) || json_integer_value(b) < 0)
            return tock_rep_bad_field(mpath, at, "bytes", "a non-negative integer", b);
        if (!json_is_string(h) || !is_hex16(json_string_value(h)))
            return tock_rep_bad_field(mpath, at, "fnv1a64", "16 lowercase hex digits", h);
        v->l[i].path = json_string_value(p);
        v->l[i].bytes = (uint64_t)json_integer_value(b);
        v->l[i].hash = json_string_value(h);
    }
    qsort(v->l, v->n, sizeof *v->l, by_path);
    for (i = 1; i < v->n; i++)
        if (strcmp(v->l[i - 1].path, v->l[i].path) == 0) {
            fprintf(stderr,
                    "tock-report: --validate: %s: field 'artifacts': '%s' is listed "
                    "twice\n",
                    mpath, v->l[i].path);
            return TOCK_REP_EINPUT;
        }
    return 0;
}

/* rel must be a regular file of `bytes` bytes hashing to `hash`; `by` names
 * the record ("manifest.json records", "REPORT.html.fnv1a64 records");
 * check_bytes 0: the size is not recorded, only the hash. */
static void check_file(validation *v, const char *rel, uint64_t bytes, int check_bytes,
                       const char *hash, const char *by) {
    char *path = tock__path_join(v->dir, rel);
    struct stat st;
    if (!path) {
        problem(v, rel, "%s", tock_rep_strerror(TOCK_REP_ENOMEM));
        return;
    }
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            problem(v, rel, "missing (%s it)", by);
        else
            problem(v, rel, "cannot be examined: %s", strerror(errno));
    } else if (!S_ISREG(st.st_mode)) {
        problem(v, rel, "%s, not a regular file (%s a file)", tock__mode_kind(st.st_mode), by);
    } else if (check_bytes && (uint64_t)st.st_size != bytes) {
        problem(v, rel, "changed: %lld bytes, but %s %" PRIu64 " bytes", (long long)st.st_size, by,
                bytes);
    } else {
        char *data = NULL;
        size_t len = 0;
        int rc = tock__read_input(path, TOCK_REP_MAX_RUN_FILE, &data, &len);
        if (rc != 0) {
            char why[160];
            problem(v, rel, "cannot read: %s",
                    tock__read_error(rc, errno, TOCK_REP_MAX_RUN_FILE, why, sizeof why));
        } else {
            char mine[20];
            snprintf(mine, sizeof mine, "%016" PRIx64, tock__fnv1a64(data, len));
            if (check_bytes && (uint64_t)len != bytes)
                problem(v, rel, "changed: %zu bytes, but %s %" PRIu64 " bytes", len, by, bytes);
            else if (strcmp(mine, hash) != 0)
                problem(v, rel, "changed: FNV-1a 64 %s, but %s %s (%zu bytes)", mine, by, hash,
                        len);
            else
                v->checked++;
        }
        free(data);
    }
    free(path);
}

/* "<16 hex>  <name>\n" (tock__fnv1a64_line's form) exactly; on success
 * line holds the 16 hex digits alone */
static int parse_hash_line(char *line, size_t len, const char *name) {
    size_t nl = strlen(name);
    if (len != 16 + 2 + nl + 1 || memcmp(line + 16, "  ", 2) != 0 ||
        memcmp(line + 18, name, nl) != 0 || line[len - 1] != '\n')
        return 0;
    line[16] = '\0';
    return is_hex16(line);
}

/* a sibling pair: the hash file's one line "<16 hex>  <file>\n", then the
 * file against it */
static void check_sibling(validation *v, const sibling *s) {
    char *fpath = tock__path_join(v->dir, s->file), *hpath = tock__path_join(v->dir, s->hash_file);
    struct stat fst, hst;
    int have_f = fpath && lstat(fpath, &fst) == 0, have_h = hpath && lstat(hpath, &hst) == 0;
    char by[96];
    snprintf(by, sizeof by, "%s records", s->hash_file);
    if (!fpath || !hpath) {
        problem(v, s->file, "%s", tock_rep_strerror(TOCK_REP_ENOMEM));
    } else if (!have_h) {
        if (s->required)
            problem(v, s->hash_file,
                    "missing: %s's own FNV-1a 64 is not recorded (tock-perf "
                    "writes it right after %s)",
                    s->file, s->file);
        else if (have_f)
            problem(v, s->file,
                    "not recorded: no %s beside it (tock-report RUN_DIR writes "
                    "both; render it again)",
                    s->hash_file);
    } else if (!S_ISREG(hst.st_mode)) {
        problem(v, s->hash_file, "%s, not a regular file", tock__mode_kind(hst.st_mode));
    } else {
        char *line = NULL;
        size_t len = 0;
        int rc = tock__read_input(hpath, MAX_HASH_FILE, &line, &len);
        if (rc != 0) {
            char why[160];
            problem(v, s->hash_file, "cannot read: %s",
                    tock__read_error(rc, errno, MAX_HASH_FILE, why, sizeof why));
        } else if (!parse_hash_line(line, len, s->file)) {
            problem(v, s->hash_file, "malformed: expected one line '<16 hex digits>  %s'", s->file);
        } else if (!have_f) {
            problem(v, s->file, "missing (%s it)", by);
        } else {
            check_file(v, s->file, 0, 0, line, by);
            if (strcmp(s->file, "REPORT.html") == 0) v->report_html = 1;
        }
        free(line);
    }
    free(fpath);
    free(hpath);
}

/* every entry below dir/rel (rel "" for the top): files neither listed nor
 * a sibling pair's, and anything that is neither a file nor a directory */
static void walk(validation *v, const char *rel, int depth) {
    char *path = *rel ? tock__path_join(v->dir, rel) : tock__strdup(v->dir);
    DIR *d = path ? opendir(path) : NULL;
    if (!d) {
        problem(v, *rel ? rel : ".", "cannot list: %s", path ? strerror(errno) : "out of memory");
        free(path);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *nm = e->d_name;
        if (nm[0] == '.' && (!nm[1] || (nm[1] == '.' && !nm[2]))) continue;
        char *sub = *rel ? tock__path_join(rel, nm) : tock__strdup(nm);
        char *full = sub ? tock__path_join(v->dir, sub) : NULL;
        struct stat st;
        if (!full) {
            problem(v, rel, "%s", tock_rep_strerror(TOCK_REP_ENOMEM));
        } else if (lstat(full, &st) != 0) {
            problem(v, sub, "cannot be examined: %s", strerror(errno));
        } else if (S_ISDIR(st.st_mode)) {
            if (depth >= MAX_DEPTH)
                problem(v, sub, "unlisted: a directory more than %d levels deep", MAX_DEPTH);
            else
                walk(v, sub, depth + 1);
        } else if (!find(v, sub) && !(depth == 0 && is_sibling_name(sub))) {
            if (S_ISREG(st.st_mode))
                problem(v, sub, "unlisted: manifest.json does not list it");
            else
                problem(v, sub, "unlisted: %s, which no run writes", tock__mode_kind(st.st_mode));
        }
        free(sub);
        free(full);
    }
    closedir(d);
    free(path);
}

int tock_rep_validate(const char *dir_in) {
    size_t dl = strlen(dir_in);
    while (dl > 1 && dir_in[dl - 1] == '/') dl--;
    char *dir = strndup(dir_in, dl);
    if (!dir) return TOCK_REP_ENOMEM;
    validation v = {dir, NULL, 0, 0, 0, 0};
    json_t *root = NULL;
    char *mpath = tock__path_join(dir, "manifest.json"), *mdata = NULL;
    size_t mlen = 0;
    int rc = mpath ? 0 : TOCK_REP_ENOMEM;
    if (!rc && !tock__is_dir(dir)) {
        fprintf(stderr, "tock-report: --validate %s: not a directory\n", dir);
        rc = TOCK_REP_EINPUT;
    }
    if (!rc)
        rc = tock_rep_read_input("--validate", mpath, TOCK_REP_MAX_RUN_FILE,
                                 " (tock writes manifest.json last: without it the run was "
                                 "killed before it finished, or this is not a run directory)",
                                 &mdata, &mlen);
    if (!rc) {
        json_error_t je;
        root = json_loadb(mdata, mlen, JSON_REJECT_DUPLICATES, &je);
        if (!root) {
            fprintf(stderr, "tock-report: --validate: %s: not valid JSON: line %d: %s\n", mpath,
                    je.line, je.text);
            rc = TOCK_REP_EINPUT;
        }
    }
    if (!rc) rc = read_index(&v, mpath, root);
    if (!rc) {
        for (size_t i = 0; i < NSIBLINGS; i++) check_sibling(&v, &siblings[i]);
        for (size_t i = 0; i < v.n; i++)
            check_file(&v, v.l[i].path, v.l[i].bytes, 1, v.l[i].hash, "manifest.json records");
        walk(&v, "", 0);
        if (v.problems) {
            fprintf(stderr,
                    "tock-report: --validate: %s: %zu problem%s: the directory is not "
                    "the one its manifest records (FNV-1a 64 catches accidents, not "
                    "tampering)\n",
                    dir, v.problems, v.problems == 1 ? "" : "s");
            rc = TOCK_REP_ECHECK;
        } else {
            const char *status = json_string_value(json_object_get(root, "status"));
            printf("tock-report: %s: valid%s%s%s: %zu files match manifest.json's sizes and "
                   "FNV-1a 64 hashes, manifest.json matches manifest.fnv1a64%s, and nothing "
                   "unlisted is there (the hashes catch accidents, not tampering)\n",
                   dir, status ? " (run " : "", status ? status : "", status ? ")" : "", v.n,
                   v.report_html ? ", REPORT.html matches REPORT.html.fnv1a64" : "");
        }
    }
    json_decref(root);
    free(v.l);
    free(mdata);
    free(mpath);
    free(dir);
    return rc;
}
