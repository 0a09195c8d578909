/* artifact.c - a run directory's files as the loaders read them: each one
 * whole, and only if it is a regular file of at most TOCK_REP_MAX_RUN_FILE
 * bytes (util.h's tock__read_input: a FIFO never blocks, /dev/zero never
 * fills memory), checked against the size and FNV-1a 64
 * manifest.json records for it (tock__fnv1a64), and the error messages every
 * loader words the same way: which file, which field, what was expected and
 * what was found. load.c, sweep_load.c and fit_load.c use these; this file
 * uses none of theirs. It must never accept a listed file whose bytes differ
 * from the manifest's record: such a file changed after the run.
 */
#include "report.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *tock_rep_type_name(const json_t *v) {
    if (!v) return "nothing (the field is missing)";
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
    return "an unknown value";
}

/* "prefix.key", or whichever of the two there is */
static void field_name(char *out, size_t cap, const char *prefix, const char *key) {
    const char *p = prefix ? prefix : "";
    snprintf(out, cap, "%s%s%s", p, *p && key ? "." : "", key ? key : "");
}

int tock_rep_bad_field(const char *file, const char *prefix, const char *key, const char *expected,
                       const json_t *found) {
    char name[256];
    field_name(name, sizeof name, prefix, key);
    fprintf(stderr, "tock-report: %s: field '%s': expected %s, found %s\n", file, name, expected,
            tock_rep_type_name(found));
    return TOCK_REP_EINPUT;
}

int tock_rep_check_enum(const char *file, const char *prefix, const char *key, const char *value,
                        const char *const *allowed) {
    size_t n = 0;
    while (allowed[n]) {
        if (strcmp(value, allowed[n]) == 0) return 0;
        n++;
    }
    tock__buf want = {0};
    for (size_t i = 0; i < n; i++)
        tock__buf_printf(&want, "%s\"%s\"", i == 0 ? "" : i + 1 < n ? ", " : " or ", allowed[i]);
    char name[256];
    field_name(name, sizeof name, prefix, key);
    fprintf(stderr, "tock-report: %s: field '%s': expected %s, found \"%s\"\n", file, name,
            want.err ? "another value" : want.p, value);
    tock__buf_free(&want);
    return TOCK_REP_EINPUT;
}

/* manifest.json's record of rel in 'artifacts' (its index through *at) */
static json_t *record_of(const tock_rep_run *run, const char *rel, size_t *at) {
    json_t *arts = json_object_get(run->manifest_root, "artifacts"), *a;
    size_t i;
    json_array_foreach(arts, i, a) {
        const char *p = json_string_value(json_object_get(a, "path"));
        if (p && strcmp(p, rel) == 0) {
            if (at) *at = i;
            return a;
        }
    }
    return NULL;
}

int tock_rep_listed(const tock_rep_run *run, const char *rel) {
    return record_of(run, rel, NULL) != NULL;
}

int tock_rep_read_input(const char *flag, const char *path, size_t max, const char *why,
                        char **data, size_t *len) {
    int rc = tock__read_input(path, max, data, len);
    if (rc == 0) return 0;
    int e = errno;
    if (rc == -1 && e == ENOMEM) {
        fprintf(stderr, "tock-report: %s: %s\n", path, tock_rep_strerror(TOCK_REP_ENOMEM));
        return TOCK_REP_ENOMEM;
    }
    char reason[160];
    tock__read_error(rc, e, max, reason, sizeof reason);
    if (flag)
        fprintf(stderr, "tock-report: %s: cannot read %s: %s%s\n", flag, path, reason,
                why ? why : "");
    else
        fprintf(stderr, "tock-report: %s: cannot read: %s%s\n", path, reason, why ? why : "");
    return TOCK_REP_EINPUT;
}

int tock_rep_read_run_file(const tock_rep_run *run, const char *rel, const char *why, char **path,
                           char **data, size_t *len) {
    *data = NULL;
    *len = 0;
    *path = tock__path_join(run->dir, rel);
    if (!*path) return TOCK_REP_ENOMEM;
    return tock_rep_read_input(NULL, *path, TOCK_REP_MAX_RUN_FILE, why, data, len);
}

/* the manifest's record of rel must match the bytes read */
static int verify(const tock_rep_run *run, const char *rel, const char *path, const char *data,
                  size_t len) {
    size_t i = 0;
    json_t *a = record_of(run, rel, &i);
    if (!a) {
        fprintf(stderr,
                "tock-report: %s: not listed in %s/manifest.json 'artifacts', so it "
                "cannot be checked against the run\n",
                path, run->dir);
        return TOCK_REP_EINPUT;
    }
    json_t *bytes = json_object_get(a, "bytes");
    const char *hx = json_string_value(json_object_get(a, "fnv1a64"));
    char mine[20];
    snprintf(mine, sizeof mine, "%016" PRIx64, tock__fnv1a64(data, len));
    if (!json_is_integer(bytes) || !hx) {
        fprintf(stderr,
                "tock-report: %s/manifest.json: field 'artifacts[%zu]' (%s): expected "
                "\"bytes\" (integer) and \"fnv1a64\" (string)\n",
                run->dir, i, rel);
        return TOCK_REP_EINPUT;
    }
    if ((uint64_t)json_integer_value(bytes) != (uint64_t)len || strcmp(hx, mine) != 0) {
        fprintf(stderr,
                "tock-report: %s: %zu bytes with FNV-1a 64 %s, but manifest.json records "
                "%" JSON_INTEGER_FORMAT " bytes with %s: the file changed after the run "
                "(truncated or edited)\n",
                path, len, mine, json_integer_value(bytes), hx);
        return TOCK_REP_EINPUT;
    }
    return 0;
}

int tock_rep_read_artifact(const tock_rep_run *run, const char *rel, char **path, char **data,
                           size_t *len) {
    int rc = tock_rep_read_run_file(run, rel, NULL, path, data, len);
    if (!rc) rc = verify(run, rel, *path, *data, *len);
    return rc;
}
