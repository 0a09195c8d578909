/* fuzz_run.c - seeded mutation fuzzing of tock-report on real run
 * directories: each case copies one of the given runs, applies one to three
 * seeded corruptions (truncation, flipped bytes, a deleted line, a JSON key
 * deleted or given a value of another type, a number replaced by a string or
 * a huge value, garbage inserted, a file emptied, removed or replaced by a
 * FIFO) to
 * summary.json, manifest.json, provenance.json, a samples or sweeps file or
 * another file of the run, and in half the cases recomputes the manifest's
 * sizes and hashes (and manifest.fnv1a64) so the corruption reaches the
 * parsers instead of stopping at the hash check. Then tock-report runs on
 * the copy three times: --validate, the default rendering, and one export
 * (--format gbench-samples, junit or csv, --markdown, or --agree against the
 * intact run). Each run must end within 20 s with exit status 0, 1 or 2, a
 * non-zero status must come with a message on stderr, no sanitizer may
 * report, and --validate must not call a corrupted copy valid unless the
 * manifest was recomputed for it.
 *
 * Everything follows from the seed: case k uses its own generator seeded
 * from (seed, k), so TOCK_FUZZ_CASE=k replays that case alone, and a failing
 * case's directory is kept as WORK_DIR/fail-<k>. It prints the seed, the
 * count and the time on its last line.
 *
 * usage: tock_report_fuzz TOCK_REPORT WORK_DIR SEED COUNT RUN_DIR...
 *   (TOCK_FUZZ_SEED and TOCK_FUZZ_COUNT override SEED and COUNT)
 */
#include "harness.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <time.h>

#define MAX_FILES 4096
#define TIME_LIMIT 20

static const char *tool, *work;
static char scratch[4096];

/* ---- the generator: splitmix64, one stream per case ---- */
static uint64_t rng_state;
static uint64_t rnd(void) {
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}
static size_t below(size_t n) { return n ? (size_t)(rnd() % n) : 0; }

/* ---- files ---- */
static uint64_t fnv1a64(const char *p, size_t n) {
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 0x100000001b3u;
    }
    return h;
}

/* the regular files below dir, as paths relative to it */
static char *files[MAX_FILES];
static size_t nfiles;
static size_t walk_base;

static int collect(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st;
    (void)ftw;
    if (flag == FTW_F && nfiles < MAX_FILES) files[nfiles++] = strdup(path + walk_base);
    return 0;
}

static void list_files(const char *dir) {
    for (size_t i = 0; i < nfiles; i++) free(files[i]);
    nfiles = 0;
    walk_base = strlen(dir) + 1;
    nftw(dir, collect, 16, FTW_PHYS);
}

static const char *copy_to;
static size_t copy_base;
static int copy_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)ftw;
    char to[4096];
    PATHF(to, "%s%s", copy_to, path + copy_base);
    if (flag == FTW_D) {
        mkdir(to, 0755);
    } else if (flag == FTW_F && S_ISREG(st->st_mode)) {
        size_t n = 0;
        char *d = slurp(path, &n);
        if (d) spit(to, d, n);
        free(d);
    }
    return 0;
}

static void copy_tree(const char *from, const char *to) {
    rm_rf(to);
    copy_to = to;
    copy_base = strlen(from);
    nftw(from, copy_one, 16, FTW_PHYS);
}

/* manifest.json's sizes and hashes from the files, then manifest.fnv1a64:
 * the corruption then passes the hash checks and reaches the parsers */
static void rehash(const char *dir) {
    char path[4096];
    struct stat ms;
    PATHF(path, "%s/manifest.json", dir);
    /* a corruption may have made either manifest file a FIFO: opening it
     * would block the harness, so it is left as the corruption made it */
    if (lstat(path, &ms) == 0 && !S_ISREG(ms.st_mode)) return;
    json_t *m = json_load_file(path, 0, NULL);
    json_t *arts = json_object_get(m, "artifacts"), *a;
    size_t i;
    json_array_foreach(arts, i, a) {
        const char *rel = json_string_value(json_object_get(a, "path"));
        if (!rel || strstr(rel, "..")) continue;
        char p[4096], hx[20];
        PATHF(p, "%s/%s", dir, rel);
        struct stat st;
        if (lstat(p, &st) != 0 || !S_ISREG(st.st_mode)) continue; /* never open a FIFO */
        size_t n = 0;
        char *d = slurp(p, &n);
        if (!d) continue; /* a removed file stays listed */
        PATHF(hx, "%016" PRIx64, fnv1a64(d, n));
        json_object_set_new(a, "bytes", json_integer((json_int_t)n));
        json_object_set_new(a, "fnv1a64", json_string(hx));
        free(d);
    }
    if (m) {
        char *s = json_dumps(m, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (s) spit(path, s, strlen(s));
        free(s);
        json_decref(m);
    }
    size_t n = 0;
    char *d = slurp(path, &n), line[64];
    if (!d) return;
    int len = PATHF(line, "%016" PRIx64 "  manifest.json\n", fnv1a64(d, n));
    free(d);
    PATHF(path, "%s/manifest.fnv1a64", dir);
    if (lstat(path, &ms) == 0 && !S_ISREG(ms.st_mode)) return;
    spit(path, line, (size_t)len);
}

/* ---- corruptions ---- */
static const char *const replacements[] = {
    "\"x\"", "1e999", "-1", "18446744073709551616", "0",    "null", "-0",    "1e-320",
    "NaN",   "[]",    "{}", "9223372036854775807",  "\"\"", "true", "1e308", "-1e308",
    "0x10",  ""};

static void put_json_value(json_t *o, const char *key) {
    switch (below(10)) {
    case 0: json_object_set_new(o, key, json_string("x")); break;
    case 1: json_object_set_new(o, key, json_real(1e308)); break;
    case 2: json_object_set_new(o, key, json_integer(-1)); break;
    case 3: json_object_set_new(o, key, json_integer(0)); break;
    case 4: json_object_set_new(o, key, json_null()); break;
    case 5: json_object_set_new(o, key, json_true()); break;
    case 6: json_object_set_new(o, key, json_array()); break;
    case 7: json_object_set_new(o, key, json_object()); break;
    case 8: json_object_set_new(o, key, json_integer(INT64_MAX)); break;
    default: json_object_del(o, key); break;
    }
}

/* every object in v, depth first */
static void objects_of(json_t *v, json_t **out, size_t *n, size_t cap) {
    if (json_is_object(v)) {
        if (*n < cap) out[(*n)++] = v;
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x) objects_of(x, out, n, cap);
    } else if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) objects_of(x, out, n, cap);
    }
}

/* one corruption of dir/rel; describes it into what; returns 1 when the
 * file's bytes (or its existence) changed */
static int corrupt(const char *dir, const char *rel, char *what, size_t cap) {
    char path[4096];
    PATHF(path, "%s/%s", dir, rel);
    struct stat st;
    size_t n = 0;
    char *d = lstat(path, &st) == 0 && S_ISREG(st.st_mode) ? slurp(path, &n) : NULL;
    if (!d) {
        snprintf(what, cap, "%s: gone or not a regular file, left alone", rel);
        return 0;
    }
    char *out = NULL;
    size_t on = 0;
    int op = (int)below(10);
    switch (op) {
    case 0: /* truncate */
        on = n ? below(n) : 0;
        out = malloc(on + 1);
        memcpy(out, d, on);
        snprintf(what, cap, "%s: truncated to %zu of %zu bytes", rel, on, n);
        break;
    case 1: { /* flip 1..8 bytes */
        out = malloc(n + 1);
        memcpy(out, d, n);
        on = n;
        int k = 1 + (int)below(8);
        for (int i = 0; i < k && n; i++) out[below(n)] ^= (char)(1 + below(255));
        snprintf(what, cap, "%s: %d bytes flipped", rel, k);
        break;
    }
    case 2: { /* delete a line */
        size_t lines = 1;
        for (size_t i = 0; i < n; i++) lines += d[i] == '\n';
        size_t want = below(lines), at = 0, line = 0;
        while (at < n && line < want) line += d[at++] == '\n';
        size_t end = at;
        while (end < n && d[end] != '\n') end++;
        if (end < n) end++;
        out = malloc(n + 1);
        memcpy(out, d, at);
        memcpy(out + at, d + end, n - end);
        on = n - (end - at);
        snprintf(what, cap, "%s: line %zu deleted", rel, want + 1);
        break;
    }
    case 3: { /* a number replaced */
        size_t starts[4096], ns = 0;
        for (size_t i = 0; i < n && ns < 4096; i++)
            if ((d[i] >= '0' && d[i] <= '9') && (i == 0 || !(d[i - 1] >= '0' && d[i - 1] <= '9')))
                starts[ns++] = i;
        if (!ns) break;
        size_t s = starts[below(ns)], e = s;
        while (e < n && ((d[e] >= '0' && d[e] <= '9') || d[e] == '.' || d[e] == 'e' ||
                         d[e] == 'E' || d[e] == '-' || d[e] == '+'))
            e++;
        const char *r = replacements[below(sizeof replacements / sizeof *replacements)];
        size_t rl = strlen(r);
        out = malloc(n + rl + 1);
        memcpy(out, d, s);
        memcpy(out + s, r, rl);
        memcpy(out + s + rl, d + e, n - e);
        on = n - (e - s) + rl;
        snprintf(what, cap, "%s: the number at byte %zu replaced by %s", rel, s, r);
        break;
    }
    case 4: { /* a JSON key deleted or retyped */
        json_t *root = json_loadb(d, n, 0, NULL);
        json_t *objs[4096];
        size_t no = 0;
        objects_of(root, objs, &no, 4096);
        if (!no) {
            json_decref(root);
            break;
        }
        json_t *o = objs[below(no)];
        size_t nk = json_object_size(o), pick = below(nk), i = 0;
        const char *key = NULL, *k;
        json_t *x;
        json_object_foreach(o, k, x) if (i++ == pick) key = k;
        if (!key) {
            json_decref(root);
            break;
        }
        char kept[128];
        snprintf(kept, sizeof kept, "%s", key);
        put_json_value(o, kept);
        char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        json_decref(root);
        if (!s) break;
        on = strlen(s);
        out = malloc(on + 1);
        memcpy(out, s, on);
        free(s);
        snprintf(what, cap, "%s: key '%.60s' deleted or retyped", rel, kept);
        break;
    }
    case 5: { /* garbage inserted */
        size_t at = below(n + 1), g = 1 + below(64);
        out = malloc(n + g + 1);
        memcpy(out, d, at);
        for (size_t i = 0; i < g; i++) out[at + i] = (char)rnd();
        memcpy(out + at + g, d + at, n - at);
        on = n + g;
        snprintf(what, cap, "%s: %zu random bytes inserted at %zu", rel, g, at);
        break;
    }
    case 6: /* emptied */
        out = malloc(1);
        on = 0;
        snprintf(what, cap, "%s: emptied", rel);
        break;
    case 7: { /* a line duplicated */
        size_t at = below(n + 1);
        while (at > 0 && d[at - 1] != '\n') at--;
        size_t end = at;
        while (end < n && d[end] != '\n') end++;
        if (end < n) end++;
        size_t l = end - at;
        out = malloc(n + l + 1);
        memcpy(out, d, end);
        memcpy(out + end, d + at, l);
        memcpy(out + end + l, d + end, n - end);
        on = n + l;
        snprintf(what, cap, "%s: a line duplicated", rel);
        break;
    }
    case 8: /* replaced by a FIFO: reading it would block */
        free(d);
        snprintf(what, cap, "%s: replaced by a FIFO", rel);
        return remove(path) == 0 && mkfifo(path, 0644) == 0;
    default: /* removed */
        free(d);
        snprintf(what, cap, "%s: removed", rel);
        return remove(path) == 0;
    }
    int changed = 0;
    if (out) {
        changed = on != n || memcmp(out, d, n) != 0;
        spit(path, out, on);
    } else {
        snprintf(what, cap, "%s: no place for corruption %d, left alone", rel, op);
    }
    free(out);
    free(d);
    return changed;
}

/* a file of the run, weighted towards the ones tock-report parses */
static const char *pick_file(void) {
    static const char *const named[] = {"summary.json", "manifest.json", "provenance.json"};
    size_t r = below(100);
    if (r < 30) return named[0];
    if (r < 45) return named[1];
    if (r < 55) return named[2];
    const char *prefix = r < 75 ? "samples/" : r < 90 ? "sweeps/" : "";
    const char *cand[MAX_FILES];
    size_t nc = 0;
    for (size_t i = 0; i < nfiles; i++)
        if (strncmp(files[i], prefix, strlen(prefix)) == 0) cand[nc++] = files[i];
    return nc ? cand[below(nc)] : named[0];
}

/* ---- one case ---- */
static int has_sanitizer_report(const char *err) {
    return strstr(err, "Sanitizer") || strstr(err, "runtime error:") || strstr(err, "==ERROR");
}

static size_t runs_done, by_status[3]; /* runs that exited 0, 1, 2 */

/* 1 when the run broke a rule; prints why */
static int run_checked(size_t k, const char *const *args, int must_fail) {
    char *argv[10] = {(char *)tool};
    for (int i = 0; i < 8 && args[i]; i++) argv[i + 1] = (char *)args[i];
    run_result r = run_tool_within(scratch, argv, TIME_LIMIT);
    runs_done++;
    if (r.status >= 0 && r.status <= 2) by_status[r.status]++;
    const char *why = NULL;
    if (r.timed_out)
        why = "did not end within the time limit";
    else if (r.status < 0 || r.status > 2)
        why = "exit status outside 0, 1, 2 (a crash?)";
    else if (has_sanitizer_report(r.err))
        why = "a sanitizer reported";
    else if (r.status != 0 && !r.err[0])
        why = "a non-zero status without a message";
    else if (must_fail && r.status == 0)
        why = "--validate called a corrupted copy valid";
    if (why) {
        printf("FAIL case %zu: tock-report", k);
        for (int i = 0; args[i]; i++) printf(" %s", args[i]);
        printf(": %s (status %d)\n  stderr: %.1500s\n", why, r.status, r.err);
    }
    run_free(&r);
    return why != NULL;
}

static int one_case(size_t k, uint64_t seed, char *const *runs, size_t nruns) {
    rng_state = seed ^ (0xd1b54a32d192ed03u * (uint64_t)(k + 1));
    const char *src = runs[below(nruns)];
    char dir[4096];
    PATHF(dir, "%s/case", work);
    copy_tree(src, dir);
    list_files(dir);
    size_t nmut = 1 + below(3);
    int changed = 0, manifest_hit = 0;
    char what[3][400];
    for (size_t m = 0; m < nmut; m++) {
        const char *rel = pick_file();
        manifest_hit |= strcmp(rel, "manifest.json") == 0;
        changed |= corrupt(dir, rel, what[m], sizeof what[m]);
    }
    int rehashed = !manifest_hit && below(2) == 0;
    if (rehashed) rehash(dir);
    printf("case %zu: %s;", k, src + strlen(src) - (strlen(src) > 40 ? 40 : strlen(src)));
    for (size_t m = 0; m < nmut; m++) printf(" %s;", what[m]);
    printf("%s\n", rehashed ? " manifest recomputed" : "");
    int bad = 0;
    const char *validate[] = {"--validate", dir, NULL};
    bad |= run_checked(k, validate, changed && !rehashed);
    const char *render[] = {dir, NULL};
    bad |= run_checked(k, render, 0);
    static const char *const exports[][3] = {{"--format", "gbench-samples"},
                                             {"--format", "junit"},
                                             {"--format", "csv"},
                                             {"--markdown"},
                                             {"--agree"}};
    size_t e = below(sizeof exports / sizeof *exports);
    const char *args[5] = {NULL};
    if (strcmp(exports[e][0], "--agree") == 0) {
        args[0] = "--agree";
        args[1] = src;
        args[2] = dir;
    } else {
        args[0] = dir;
        args[1] = exports[e][0];
        args[2] = exports[e][1];
    }
    bad |= run_checked(k, args, 0);
    if (bad) {
        char keep[4096];
        PATHF(keep, "%s/fail-%zu", work, k);
        rm_rf(keep);
        rename(dir, keep);
        printf("  kept as %s; replay: TOCK_FUZZ_SEED=0x%" PRIx64 " TOCK_FUZZ_CASE=%zu\n", keep,
               seed, k);
    }
    return bad;
}

static int parse_u64(const char *s, uint64_t *out) {
    if (!s || !*s) return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || *end) return -1;
    *out = v;
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 6) {
        fprintf(stderr, "usage: %s TOCK_REPORT WORK_DIR SEED COUNT RUN_DIR...\n", argv[0]);
        return 2;
    }
    tool = argv[1];
    work = argv[2];
    uint64_t seed, count, only = UINT64_MAX;
    const char *es = getenv("TOCK_FUZZ_SEED"), *ec = getenv("TOCK_FUZZ_COUNT"),
               *ek = getenv("TOCK_FUZZ_CASE");
    if (parse_u64(es && *es ? es : argv[3], &seed) || parse_u64(ec && *ec ? ec : argv[4], &count) ||
        (ek && *ek && parse_u64(ek, &only))) {
        fprintf(stderr,
                "%s: SEED, COUNT (TOCK_FUZZ_SEED, TOCK_FUZZ_COUNT) and TOCK_FUZZ_CASE "
                "must be whole numbers\n",
                argv[0]);
        return 2;
    }
    rm_rf(work);
    mkdir_p(work);
    PATHF(scratch, "%s", work);
    for (int i = 5; i < argc; i++) {
        char man[4096];
        PATHF(man, "%s/manifest.json", argv[i]);
        if (!exists(man)) {
            fprintf(stderr, "%s: %s is not a run directory (no manifest.json)\n", argv[0], argv[i]);
            return 2;
        }
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    size_t failed = 0, cases = 0;
    for (uint64_t k = 0; k < count; k++) {
        if (only != UINT64_MAX && k != only) continue;
        failed += (size_t)one_case((size_t)k, seed, argv + 5, (size_t)(argc - 5));
        cases++;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    list_files(work); /* frees the last list */
    for (size_t i = 0; i < nfiles; i++) free(files[i]);
    printf("fuzz: seed 0x%" PRIx64 ", %zu cases, %zu tock-report runs (exit 0: %zu, 1: %zu, "
           "2: %zu), %.1f s: %zu failed\n",
           seed, cases, runs_done, by_status[0], by_status[1], by_status[2], s, failed);
    return failed ? 1 : 0;
}
