/* baseline_file.c - the baseline file reader: parses baseline.txt into a
 * tock_baseline and rejects anything malformed with the line and what was
 * expected. It must never trust a number it has not range-checked; the
 * fuzzer in tests/perf drives it.
 */
#include "internal.h"

void tock_baseline_free(tock_baseline *b) {
    if (!b) return;
    TOCK_FREE(b->name);
    TOCK_FREE(b->created);
    TOCK_FREE(b->run_id);
    for (size_t i = 0; i < 2 * b->nenv; i++) TOCK_FREE(b->env[i]);
    TOCK_FREE(b->env);
    for (size_t i = 0; i < b->nbench; i++) {
        TOCK_FREE(b->benches[i].id);
        TOCK_FREE(b->benches[i].iters);
        TOCK_FREE(b->benches[i].ns);
    }
    TOCK_FREE(b->benches);
    memset(b, 0, sizeof *b);
}

const char *tock_baseline_env(const tock_baseline *b, const char *key) {
    for (size_t i = 0; b && i < b->nenv; i++)
        if (strcmp(b->env[2 * i], key) == 0) return b->env[2 * i + 1];
    return NULL;
}

static char *tock__strndup(const char *s, size_t n) {
    char *p = (char *)TOCK_MALLOC(n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* tokens of a line; a field is a maximal run of non-space bytes */
static size_t tock__split(char *line, char **tok, size_t cap) {
    size_t n = 0;
    char *p = line;
    while (*p) {
        while (*p == ' ') p++;
        if (!*p) break;
        if (n < cap) tok[n] = p;
        n++;
        while (*p && *p != ' ') p++;
        if (*p) *p++ = '\0';
    }
    return n;
}

static int tock__parse_num(const char *s, double *v) {
    char *end = NULL;
    errno = 0;
    double x = strtod(s, &end);
    if (!*s || errno != 0 || !end || *end || !isfinite(x)) return -1;
    *v = x;
    return 0;
}

static int tock__parse_count(const char *s, uint64_t max, uint64_t *v) {
    if (*s < '0' || *s > '9') return -1;
    uint64_t x = 0;
    for (const char *c = s; *c; c++) {
        if (*c < '0' || *c > '9') return -1;
        if (x > (max - (uint64_t)(*c - '0')) / 10) return -1;
        x = 10 * x + (uint64_t)(*c - '0');
    }
    *v = x;
    return 0;
}

int tock__valid_name(const char *s) {
    if (!*s || *s == '.' || strlen(s) > 100) return 0;
    for (const char *c = s; *c; c++)
        if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
              *c == '.' || *c == '-' || *c == '_'))
            return 0;
    return 1;
}

#define TOCK__BL_FAIL(...)                                                                         \
    do {                                                                                           \
        if (err && errcap) snprintf(err, errcap, __VA_ARGS__);                                     \
        rc = TOCK_EINVAL;                                                                          \
        goto fail;                                                                                 \
    } while (0)
#define TOCK__BL_NOMEM()                                                                           \
    do {                                                                                           \
        if (err && errcap) snprintf(err, errcap, "line %zu: out of memory", lineno);               \
        rc = TOCK_ENOMEM;                                                                          \
        goto fail;                                                                                 \
    } while (0)

/* Bounds that keep every later product and ratio finite: no timer resolves
 * below a picosecond per sample, and 1e18 ns is 31 years. With iterations
 * <= 2^62, x*y <= 5e36 and a ratio of medians stays within ~1e40. */
#define TOCK__BL_MIN_NS 1e-3
#define TOCK__BL_MAX_NS 1e18

int tock_baseline_parse(const char *text, size_t len, tock_baseline *out, char *err,
                        size_t errcap) {
    if (!out || (!text && len)) return TOCK_EINVAL;
    memset(out, 0, sizeof *out);
    if (err && errcap) err[0] = '\0';
    int rc = 0;
    size_t lineno = 0, pos = 0, cap_env = 0, cap_b = 0;
    /* states: 0 header, 1 name, 2 created, 3 run, 4 env/bench/end, 5 typical,
     * 6 median, 7 samples, 8 after end */
    int st = 0, mode_seen = 0;
    size_t want = 0; /* samples left in the current bench */
    tock_baseline_bench *cur = NULL;
    char *line = (char *)TOCK_MALLOC(TOCK_BASELINE_MAX_LINE + 1);
    if (!line) TOCK__BL_NOMEM();
    if (len == 0)
        TOCK__BL_FAIL("line 1: empty file (expected 'tock-baseline %d')", TOCK_BASELINE_VERSION);
    while (pos < len) {
        lineno++;
        const char *nl = (const char *)memchr(text + pos, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - (text + pos)) : len - pos;
        if (!nl) TOCK__BL_FAIL("line %zu: truncated (no newline at the end of the file)", lineno);
        if (ll > TOCK_BASELINE_MAX_LINE)
            TOCK__BL_FAIL("line %zu: longer than %d bytes", lineno, TOCK_BASELINE_MAX_LINE);
        if (memchr(text + pos, '\0', ll)) TOCK__BL_FAIL("line %zu: contains a NUL byte", lineno);
        if (memchr(text + pos, '\r', ll))
            TOCK__BL_FAIL("line %zu: contains a carriage return (expected '\\n' line ends)",
                          lineno);
        memcpy(line, text + pos, ll);
        line[ll] = '\0';
        pos += ll + 1;
        if (st == 8) TOCK__BL_FAIL("line %zu: content after the 'end' line", lineno);
        char *tok[12];
        char raw[64];
        snprintf(raw, sizeof raw, "%s", line);
        /* env keeps the rest of its line: split it by hand first */
        if (st == 4 && strcmp(line, "env") == 0)
            TOCK__BL_FAIL("line %zu: env: expected 'env KEY VALUE', found 'env' alone", lineno);
        if (st == 4 && strncmp(line, "env ", 4) == 0) {
            char *k = line + 4, *sp = strchr(k, ' ');
            if (!sp || sp == k) TOCK__BL_FAIL("line %zu: env: expected 'env KEY VALUE'", lineno);
            *sp = '\0';
            if (out->nenv == cap_env) {
                size_t nc = cap_env ? 2 * cap_env : 8;
                char **ne = (char **)TOCK_REALLOC(out->env, 2 * nc * sizeof *ne);
                if (!ne) TOCK__BL_NOMEM();
                out->env = ne;
                cap_env = nc;
            }
            char *kk = tock__strndup(k, strlen(k)), *vv = tock__strndup(sp + 1, strlen(sp + 1));
            if (!kk || !vv) {
                TOCK_FREE(kk);
                TOCK_FREE(vv);
                TOCK__BL_NOMEM();
            }
            out->env[2 * out->nenv] = kk;
            out->env[2 * out->nenv + 1] = vv;
            out->nenv++;
            continue;
        }
        size_t nt = tock__split(line, tok, 12);
        if (nt == 0) TOCK__BL_FAIL("line %zu: empty line", lineno);
        switch (st) {
        case 0: {
            if (strcmp(tok[0], "tock-baseline") != 0)
                TOCK__BL_FAIL("line 1: not a tock baseline (expected 'tock-baseline %d', found "
                              "'%.40s')",
                              TOCK_BASELINE_VERSION, raw);
            uint64_t v;
            if (nt != 2 || tock__parse_count(tok[1], 1000000, &v) != 0)
                TOCK__BL_FAIL("line 1: expected 'tock-baseline %d', found '%.40s'",
                              TOCK_BASELINE_VERSION, raw);
            if (v != TOCK_BASELINE_VERSION)
                TOCK__BL_FAIL("line 1: unsupported baseline version %llu (this tock reads "
                              "version %d)",
                              (unsigned long long)v, TOCK_BASELINE_VERSION);
            st = 1;
            break;
        }
        case 1:
        case 2:
        case 3: {
            static const char *const key[4] = {"", "name", "created", "run"};
            if (strcmp(tok[0], key[st]) != 0 || nt != 2)
                TOCK__BL_FAIL("line %zu: expected '%s VALUE', found '%.40s'", lineno, key[st], raw);
            if (st == 1 && !tock__valid_name(tok[1]))
                TOCK__BL_FAIL("line %zu: name: expected [A-Za-z0-9._-]+ not starting with '.', "
                              "found '%.40s'",
                              lineno, tok[1]);
            char *v = tock__strndup(tok[1], strlen(tok[1]));
            if (!v) TOCK__BL_NOMEM();
            if (st == 1)
                out->name = v;
            else if (st == 2)
                out->created = v;
            else
                out->run_id = v;
            st++;
            break;
        }
        case 4: {
            if (strcmp(tok[0], "end") == 0) {
                uint64_t c;
                if (nt != 2 || tock__parse_count(tok[1], UINT64_MAX / 2, &c) != 0)
                    TOCK__BL_FAIL("line %zu: expected 'end NBENCH', found '%.40s'", lineno, raw);
                if (c != out->nbench)
                    TOCK__BL_FAIL("line %zu: end: expected %zu benchmarks, found %llu (records "
                                  "lost?)",
                                  lineno, out->nbench, (unsigned long long)c);
                st = 8;
                break;
            }
            if (strcmp(tok[0], "mode") == 0) {
                if (nt != 2 || (strcmp(tok[1], "instructions") != 0 && strcmp(tok[1], "time")))
                    TOCK__BL_FAIL("line %zu: expected 'mode instructions' or 'mode time', found "
                                  "'%.40s'",
                                  lineno, raw);
                if (mode_seen || out->nbench)
                    TOCK__BL_FAIL("line %zu: 'mode' must come once, before the first benchmark",
                                  lineno);
                mode_seen = 1;
                out->mode =
                    strcmp(tok[1], "instructions") == 0 ? TOCK_BASELINE_COUNTS : TOCK_BASELINE_TIME;
                break;
            }
            if (strcmp(tok[0], "counts") == 0) {
                if (out->mode != TOCK_BASELINE_COUNTS)
                    TOCK__BL_FAIL("line %zu: a 'counts' record in a time baseline (expected "
                                  "'mode instructions' first)",
                                  lineno);
                uint64_t ci;
                if (nt != 3 + TOCK_COUNT_NEVENTS || tock__parse_count(tok[2], 1u << 30, &ci) ||
                    ci == 0)
                    TOCK__BL_FAIL("line %zu: expected 'counts ID N' (N >= 1) and %d event "
                                  "values, found '%.40s'",
                                  lineno, TOCK_COUNT_NEVENTS, raw);
                double ev[TOCK_COUNT_NEVENTS];
                for (int k = 0; k < TOCK_COUNT_NEVENTS; k++)
                    if (tock__parse_num(tok[3 + k], &ev[k]) || fabs(ev[k]) > TOCK__BL_MAX_NS)
                        TOCK__BL_FAIL("line %zu: counts %.40s: %s: expected a finite number "
                                      "with |x| <= 1e18, found '%.40s'",
                                      lineno, tok[1], tock_count_event_names[k], tok[3 + k]);
                for (size_t i = 0; i < out->nbench; i++)
                    if (strcmp(out->benches[i].id, tok[1]) == 0)
                        TOCK__BL_FAIL("line %zu: duplicate benchmark id '%.40s'", lineno, tok[1]);
                if (out->nbench == cap_b) {
                    size_t nc = cap_b ? 2 * cap_b : 16;
                    tock_baseline_bench *nb =
                        (tock_baseline_bench *)TOCK_REALLOC(out->benches, nc * sizeof *nb);
                    if (!nb) TOCK__BL_NOMEM();
                    out->benches = nb;
                    cap_b = nc;
                }
                cur = &out->benches[out->nbench++];
                memset(cur, 0, sizeof *cur);
                if (!(cur->id = tock__strndup(tok[1], strlen(tok[1])))) TOCK__BL_NOMEM();
                memcpy(cur->counts, ev, sizeof ev);
                cur->count_iters = ci;
                break;
            }
            if (strcmp(tok[0], "bench") != 0)
                TOCK__BL_FAIL(
                    "line %zu: expected 'env', 'bench' or 'end' (or 'mode', 'counts' in a "
                    "count baseline), found '%.40s'",
                    lineno, raw);
            if (out->mode == TOCK_BASELINE_COUNTS)
                TOCK__BL_FAIL("line %zu: a 'bench' record in a count baseline (mode "
                              "instructions)",
                              lineno);
            uint64_t n;
            if (nt != 3 || tock__parse_count(tok[2], 100000000, &n) != 0 || n < 2)
                TOCK__BL_FAIL("line %zu: expected 'bench ID N' with N >= 2 samples, found "
                              "'%.40s'",
                              lineno, raw);
            /* every sample needs >= 4 bytes ("1 1\n"): reject counts the file cannot hold */
            if (n > (len - pos) / 4)
                TOCK__BL_FAIL("line %zu: bench %.40s: %llu samples announced but the file is "
                              "too short (truncated?)",
                              lineno, tok[1], (unsigned long long)n);
            for (size_t i = 0; i < out->nbench; i++)
                if (strcmp(out->benches[i].id, tok[1]) == 0)
                    TOCK__BL_FAIL("line %zu: duplicate benchmark id '%.40s'", lineno, tok[1]);
            if (out->nbench == cap_b) {
                size_t nc = cap_b ? 2 * cap_b : 16;
                tock_baseline_bench *nb =
                    (tock_baseline_bench *)TOCK_REALLOC(out->benches, nc * sizeof *nb);
                if (!nb) TOCK__BL_NOMEM();
                out->benches = nb;
                cap_b = nc;
            }
            cur = &out->benches[out->nbench++];
            memset(cur, 0, sizeof *cur);
            cur->id = tock__strndup(tok[1], strlen(tok[1]));
            cur->iters = (double *)TOCK_MALLOC((size_t)n * sizeof(double));
            cur->ns = (double *)TOCK_MALLOC((size_t)n * sizeof(double));
            if (!cur->id || !cur->iters || !cur->ns) TOCK__BL_NOMEM();
            want = (size_t)n;
            st = 5;
            break;
        }
        case 5:
        case 6: {
            const char *key = st == 5 ? "typical" : "median";
            tock_estimate e;
            if (strcmp(tok[0], key) != 0 || nt != 4 || tock__parse_num(tok[1], &e.point) ||
                tock__parse_num(tok[2], &e.lower) || tock__parse_num(tok[3], &e.upper))
                TOCK__BL_FAIL("line %zu: bench %s: expected '%s POINT LOWER UPPER' (finite "
                              "numbers), found '%.40s'",
                              lineno, cur->id, key, raw);
            if (!(e.point > 0.0) || !(e.lower <= e.point) || !(e.point <= e.upper) ||
                e.upper > TOCK__BL_MAX_NS)
                TOCK__BL_FAIL("line %zu: bench %s: %s: expected 0 < point, lower <= point <= "
                              "upper <= 1e18, found '%.40s'",
                              lineno, cur->id, key, raw);
            if (st == 5)
                cur->typical = e;
            else
                cur->median = e;
            st++;
            break;
        }
        case 7: {
            uint64_t it;
            double ns;
            if (nt != 2 || tock__parse_count(tok[0], UINT64_C(1) << 62, &it) != 0 || it == 0 ||
                tock__parse_num(tok[1], &ns) != 0 || !(ns >= TOCK__BL_MIN_NS) ||
                !(ns <= TOCK__BL_MAX_NS))
                TOCK__BL_FAIL("line %zu: bench %s: sample %zu: expected 'ITERATIONS NS' (integer "
                              "1..2^62, ns > 0 in [1e-3, 1e18]), found '%.40s'",
                              lineno, cur->id, cur->n + 1, raw);
            cur->iters[cur->n] = (double)it;
            cur->ns[cur->n] = ns;
            cur->n++;
            break;
        }
        default: break;
        }
        if (st == 7 && cur && cur->n == want) st = 4; /* the last sample was read */
    }
    if (st != 8)
        TOCK__BL_FAIL("line %zu: truncated: the file ends before its 'end' line", lineno + 1);
    TOCK_FREE(line);
    return 0;
fail:
    TOCK_FREE(line);
    tock_baseline_free(out);
    return rc;
}
#undef TOCK__BL_FAIL
#undef TOCK__BL_NOMEM
