/* fuzz_hashes.c: seeded mutation fuzzing of tock-parity's hash-file reader
 * (golden.c and json.c), the code that reads --golden and --against files
 * from other machines. It loads a real hash file (parity/golden.json), then
 * N inputs derived from it by seeded byte mutations (bit flips, structural
 * bytes, inserted tokens, deletions, duplications, truncations, rewritten
 * "step" values), plus fixed hostile inputs. Every load must either fail
 * with a message that names the file, or succeed with a result the rest of
 * tock-parity can trust: every case named (1 to 95 bytes of valid UTF-8,
 * no control characters), unique, two 32-digit lowercase hex hashes, a step
 * of -1 or more, and a file that writes back and reads back the same. It
 * never crashes; under the sanitizer build (tock-parity-fuzz-hashes-asan)
 * it never reads out of bounds, leaks or overflows either.
 *
 * usage: tock-parity-fuzz-hashes SEED_FILE WORK_DIR [ITERATIONS [SEED]]
 * Deterministic: the same SEED gives the same inputs. A failing input is
 * kept as WORK_DIR/problem-<n>.json. Exit 0 no problem, 1 problems, 2 usage. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "golden.h"
#include "runs.h"
#include "sys.h"

static int problems;
static char work[4096];

static uint64_t splitmix(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static size_t below(uint64_t *s, size_t n) { return n ? (size_t)(splitmix(s) % n) : 0; }

/* Plain write (no fsync: thousands of inputs). */
static int put_file(const char *path, const char *data, size_t len) {
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    size_t w = len ? fwrite(data, 1, len, f) : 0;
    return fclose(f) == 0 && w == len ? 0 : -1;
}

/* 1 to max-1 bytes of valid UTF-8 without control characters. */
static const char *bad_text(const char *s, size_t max) {
    size_t n = strlen(s);
    if (n == 0) return "empty";
    if (n >= max) return "too long";
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        if (*p < 0x20) return "a control character";
        size_t k = tock__utf8_len(p);
        if (!k) return "invalid UTF-8";
        p += k;
    }
    return NULL;
}

static int hex32(const char *s) {
    if (strlen(s) != 32) return 0;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))) return 0;
    return 1;
}

/* What is wrong with a list the reader accepted, or NULL. */
static const char *bad_cases(tpar_cases *c, char *why, size_t cap) {
    for (size_t i = 0; i < c->n; i++) {
        const tpar_case *k = &c->v[i];
        const char *b = bad_text(k->name, sizeof k->name);
        if (!b) b = bad_text(k->group, sizeof k->group);
        if (b)
            snprintf(why, cap, "cases[%zu]: name or group is %s", i, b);
        else if (!hex32(k->in) || !hex32(k->out))
            snprintf(why, cap, "cases[%zu] (%s): a hash is not 32 lowercase hex digits", i,
                     k->name);
        else if (k->step < -1)
            snprintf(why, cap, "cases[%zu] (%s): step %d", i, k->name, k->step);
        else if (tpar_cases_pos(c, k->name) != i)
            snprintf(why, cap, "cases[%zu] (%s): the name appears twice", i, k->name);
        else
            continue;
        return why;
    }
    return NULL;
}

/* Writes what was read and reads it back: the same cases must come out. */
static const char *bad_round_trip(tpar_cases *c, char *why, size_t cap) {
    const char *builds[] = {"scalar-gcc-O2"};
    unsigned threads[] = {1};
    tpar_hash_meta m = {"fuzz", "fuzz", builds, 1, threads, 1, "scalar", true};
    tock__buf b = {0};
    tpar_hashes_format(&b, c, &m);
    char path[4200], err[4400];
    snprintf(path, sizeof path, "%s/round-trip.json", work);
    if (b.err || put_file(path, b.p, b.len) != 0) {
        tock__buf_free(&b);
        snprintf(why, cap, "cannot write %.300s", path);
        return why;
    }
    tock__buf_free(&b);
    tpar_cases back = {0};
    const char *r = NULL;
    if (tpar_hashes_read(path, &back, err, sizeof err) != 0) {
        snprintf(why, cap, "written back, it does not read: %.300s", err);
        r = why;
    } else if (back.n != c->n) {
        snprintf(why, cap, "written back, %zu cases read as %zu", c->n, back.n);
        r = why;
    } else {
        for (size_t i = 0; i < c->n && !r; i++) {
            const tpar_case *x = &c->v[i], *y = &back.v[i];
            if (strcmp(x->name, y->name) || strcmp(x->group, y->group) || x->step != y->step ||
                strcmp(x->in, y->in) || strcmp(x->out, y->out)) {
                snprintf(why, cap, "cases[%zu] (%s) reads back differently", i, x->name);
                r = why;
            }
        }
    }
    tpar_cases_free(&back);
    return r;
}

static size_t loaded, rejected;

/* Loads path; expect: 1 must load, -1 must be refused, 0 either. msg_has:
 * text the refusal must contain (NULL: any). */
static void check_path(const char *path, const char *label, int expect, const char *msg_has,
                       const char *data, size_t len) {
    tpar_cases c = {0};
    char err[4400] = "", why[512];
    int rc = tpar_hashes_read(path, &c, err, sizeof err);
    const char *bad = NULL;
    if (rc != 0 && rc != -1) {
        snprintf(why, sizeof why, "returned %d", rc);
        bad = why;
    } else if (rc != 0) {
        rejected++;
        if (!err[0] || strncmp(err, path, strlen(path)) != 0)
            bad = "refused without a message naming the file";
        else if (expect > 0) {
            snprintf(why, sizeof why, "must load, was refused: %.300s", err);
            bad = why;
        } else if (msg_has && !strstr(err, msg_has)) {
            snprintf(why, sizeof why, "refused, but the message lacks \"%s\": %.300s", msg_has,
                     err);
            bad = why;
        }
    } else {
        loaded++;
        if (expect < 0)
            bad = "must be refused, was accepted";
        else if (!(bad = bad_cases(&c, why, sizeof why)))
            bad = bad_round_trip(&c, why, sizeof why);
    }
    tpar_cases_free(&c);
    if (bad) {
        printf("PROBLEM %s: %s\n", label, bad);
        if (data) {
            char kept[4200];
            snprintf(kept, sizeof kept, "%s/problem-%d.json", work, problems);
            put_file(kept, data, len);
            printf("  input kept as %s\n", kept);
        }
        problems++;
    }
}

static void check_text(const char *label, const char *data, size_t len, int expect,
                       const char *msg_has) {
    char path[4200];
    snprintf(path, sizeof path, "%s/input.json", work);
    if (put_file(path, data, len) != 0) {
        printf("PROBLEM %s: cannot write %s: %s\n", label, path, strerror(errno));
        problems++;
        return;
    }
    check_path(path, label, expect, msg_has, data, len);
}

/* A valid file of one case whose "step" is the text given. */
static void check_step(const char *step, int expect) {
    char text[512], label[96];
    snprintf(text, sizeof text,
             "{\"format\": \"tock-parity-hashes\", \"version\": 1, \"protocol\": %d, \"cases\": "
             "[{\"case\": \"k\", \"group\": \"g\", \"step\": %s, \"input\": \"%032d\", "
             "\"output\": \"%032d\", \"output_nan\": \"%032d\"}]}",
             TCASE_PROTOCOL_VERSION, step, 0, 1, 1);
    snprintf(label, sizeof label, "fixed: \"step\": %s", step);
    check_text(label, text, strlen(text), expect, expect < 0 ? "step" : NULL);
}

/* A valid file of one case whose name is the JSON string body given. */
static void check_name(const char *label, const char *name, int expect) {
    char text[512];
    snprintf(text, sizeof text,
             "{\"format\": \"tock-parity-hashes\", \"version\": 1, \"protocol\": %d, \"cases\": "
             "[{\"case\": \"%s\", \"group\": \"g\", \"step\": -1, \"input\": \"%032d\", "
             "\"output\": \"%032d\", \"output_nan\": \"%032d\"}]}",
             TCASE_PROTOCOL_VERSION, name, 0, 1, 1);
    check_text(label, text, strlen(text), expect, NULL);
}

static void fixed_inputs(const char *seed, size_t seed_len) {
    check_text("fixed: the seed file", seed, seed_len, 1, NULL);
    static const struct {
        const char *label, *text;
    } refuse[] = {
        {"empty file", ""},
        {"only whitespace", " \n\t "},
        {"open brace", "{"},
        {"open string", "\""},
        {"backslash at the end", "\"\\"},
        {"\\u at the end", "\"\\u12"},
        {"not JSON", "tock-parity-hashes"},
        {"nan", "{\"format\": \"tock-parity-hashes\", \"version\": nan}"},
        {"-nan", "{\"format\": \"tock-parity-hashes\", \"version\": -nan}"},
        {"-inf", "{\"format\": \"tock-parity-hashes\", \"version\": -inf}"},
        {"hex number", "{\"format\": \"tock-parity-hashes\", \"version\": 0x1}"},
        {"huge number", "{\"format\": \"tock-parity-hashes\", \"version\": 1e999}"},
        {"leading zero", "{\"format\": \"tock-parity-hashes\", \"version\": 01}"},
        {"bare minus", "[-]"},
        {"dot without digits", "[1.]"},
        {"exponent without digits", "[1e]"},
        {"trailing comma", "[1,]"},
        {"two documents", "{} {}"},
        {"array at the top", "[]"},
        {"cases not an array",
         "{\"format\": \"tock-parity-hashes\", \"version\": 1, \"protocol\": 2, \"cases\": 7}"},
        /* a golden of protocol 1 (before output_nan): refused, naming why */
        {"protocol 1",
         "{\"format\": \"tock-parity-hashes\", \"version\": 1, \"protocol\": 1, \"cases\": []}"},
    };
    for (size_t i = 0; i < sizeof refuse / sizeof refuse[0]; i++) {
        char label[128];
        snprintf(label, sizeof label, "fixed: %s", refuse[i].label);
        check_text(label, refuse[i].text, strlen(refuse[i].text), -1, NULL);
    }
    /* A NUL after a complete document must not hide what follows. */
    char nul[] = "{}\0garbage";
    check_text("fixed: NUL byte after the document", nul, sizeof nul - 1, -1, "NUL");
    /* Steps: -1 (none) or a whole number that fits an int. */
    check_step("-1", 1);
    check_step("0", 1);
    check_step("75", 1);
    check_step("-2", -1);
    check_step("1.5", -1);
    check_step("1e300", -1);
    check_step("-1e300", -1);
    check_step("2147483648", -1);
    check_step("\"3\"", -1);
    /* Names: escapes that decode to control characters, NUL or surrogates,
   * raw invalid UTF-8, empty. */
    check_name("fixed: name with \\u00e9", "caf\\u00e9", 1);
    check_name("fixed: name with an escaped quote", "a\\\"b", 1);
    check_name("fixed: name with \\u0000", "a\\u0000b", -1);
    check_name("fixed: name with \\u001b", "a\\u001b[31mb", -1);
    check_name("fixed: name with \\r", "a\\rb", -1);
    check_name("fixed: name with a lone surrogate", "a\\ud800b", -1);
    check_name("fixed: name with invalid UTF-8",
               "a\xff"
               "b",
               -1);
    check_name("fixed: name with an overlong UTF-8 form",
               "a\xc0\xaf"
               "b",
               -1);
    check_name("fixed: empty name", "", -1);
    /* Deep nesting and a flood of tiny values. */
    tock__buf b = {0};
    for (int i = 0; i < 5000; i++) tock__buf_put(&b, "[", 1);
    check_text("fixed: 5000 nested arrays", b.p, b.len, -1, "nesting");
    tock__buf_free(&b);
    tock__buf_put(&b, "[", 1);
    for (int i = 0; i < 1100000; i++) tock__buf_put(&b, "0,", 2);
    tock__buf_put(&b, "0]", 2);
    if (!b.err) check_text("fixed: 1.1 million values", b.p, b.len, -1, "values");
    tock__buf_free(&b);
    /* Files that are not regular or too large are never read. */
    char path[4200];
    check_path(work, "fixed: a directory", -1, "not a regular file", NULL, 0);
    snprintf(path, sizeof path, "%s/fifo", work);
    unlink(path);
    if (mkfifo(path, 0600) == 0) {
        check_path(path, "fixed: a FIFO without a writer", -1, "not a regular file", NULL, 0);
        unlink(path);
    }
    check_path("/dev/zero", "fixed: /dev/zero", -1, "not a regular file", NULL, 0);
    snprintf(path, sizeof path, "%s/big.json", work);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0 && ftruncate(fd, (off_t)170 << 20) == 0) /* sparse: no disk used */
        check_path(path, "fixed: a 170 MiB file", -1, "16 MiB", NULL, 0);
    if (fd >= 0) close(fd);
    unlink(path);
}

static const char *const tokens[] = {"1e999",
                                     "-1",
                                     "-2",
                                     "9999999999",
                                     "1.5",
                                     "\\u0000",
                                     "\\u001b",
                                     "\\ud800",
                                     "\\u00e9",
                                     "[[[[[[[[",
                                     "]]]]",
                                     "{\"a\":",
                                     "null",
                                     "true",
                                     "\"",
                                     "\\",
                                     "\xff",
                                     "\xc3\xa9",
                                     "\xc0\xaf",
                                     "-0",
                                     "0.5",
                                     "1e-400",
                                     "0x10",
                                     "nan",
                                     "-inf",
                                     ",",
                                     ":",
                                     "\"step\": 1e300,",
                                     "{\"case\": \"x\"}",
                                     "\"cases\": []"};
static const char interesting[] = {'"', '\\', '{', '}', '[', ']', ',',  ':',  '0', '9',
                                   '-', '.',  'e', 'u', 'x', ' ', '\n', '\0', 0x7f};
static const char *const steps[] = {"-2", "1e300", "1.5", "-1e300", "2147483648",
                                    "0",  "75",    "-1",  "007",    "-0"};

static void mutate(tock__buf *m, const char *seed, size_t seed_len, uint64_t *rng) {
    m->len = 0;
    tock__buf_put(m, seed, seed_len);
    size_t ops = 1 + below(rng, 4);
    for (size_t k = 0; k < ops && !m->err; k++) {
        size_t at = below(rng, m->len + 1), n;
        switch (below(rng, 8)) {
        case 0: /* flip a bit */
            if (m->len) m->p[below(rng, m->len)] ^= (char)(1u << below(rng, 8));
            break;
        case 1: /* a structural or special byte */
            if (m->len)
                m->p[below(rng, m->len)] = interesting[below(rng, sizeof interesting)];
            else
                tock__buf_put(m, "{", 1);
            break;
        case 2: { /* insert a token */
            const char *t = tokens[below(rng, sizeof tokens / sizeof tokens[0])];
            size_t tl = strlen(t), old = m->len;
            tock__buf_put(m, t, tl); /* grow, then open the gap */
            if (m->err) break;
            memmove(m->p + at + tl, m->p + at, old - at);
            memcpy(m->p + at, t, tl);
            break;
        }
        case 3: /* delete a range */
            n = 1 + below(rng, 64);
            if (at + n > m->len) n = m->len - at;
            memmove(m->p + at, m->p + at + n, m->len - at - n);
            m->len -= n;
            m->p[m->len] = '\0';
            break;
        case 4: /* truncate */
            m->len = at;
            if (m->p) m->p[m->len] = '\0';
            break;
        case 5: { /* duplicate a range elsewhere */
            if (!m->len) break;
            size_t from = below(rng, m->len);
            n = 1 + below(rng, 256);
            if (from + n > m->len) n = m->len - from;
            char *copy = malloc(n);
            if (!copy) break;
            memcpy(copy, m->p + from, n);
            size_t old = m->len;
            tock__buf_put(m, copy, n);
            if (!m->err) {
                memmove(m->p + at + n, m->p + at, old - at);
                memcpy(m->p + at, copy, n);
            }
            free(copy);
            break;
        }
        default: { /* rewrite one "step" value */
            size_t count = 0;
            for (char *p = m->p; p && (p = strstr(p, "\"step\": ")) != NULL; p++) count++;
            if (!count) break;
            size_t pick = below(rng, count);
            char *p = m->p;
            for (;;) {
                p = strstr(p, "\"step\": ");
                if (pick-- == 0) break;
                p++;
            }
            char *v = p + 8, *e = v;
            while (*e && *e != ',' && *e != '}') e++;
            const char *s = steps[below(rng, sizeof steps / sizeof steps[0])];
            tock__buf t = {0};
            tock__buf_put(&t, m->p, (size_t)(v - m->p));
            tock__buf_puts(&t, s);
            tock__buf_put(&t, e, m->len - (size_t)(e - m->p));
            if (t.err) {
                tock__buf_free(&t);
                break;
            }
            tock__buf_free(m);
            *m = t;
            break;
        }
        }
    }
}

int main(int argc, char **argv) {
    if (argc < 3 || argc > 5) {
        fprintf(stderr, "usage: tock-parity-fuzz-hashes SEED_FILE WORK_DIR [ITERATIONS [SEED]]\n");
        return 2;
    }
    uint64_t iterations = 2000, seed = 20261202;
    if ((argc > 3 && tock__parse_u64(argv[3], 0, 100000000, &iterations) != 0) ||
        (argc > 4 && tock__parse_u64(argv[4], 0, UINT64_MAX, &seed) != 0)) {
        fprintf(stderr, "tock-parity-fuzz-hashes: ITERATIONS and SEED are whole numbers\n");
        return 2;
    }
    snprintf(work, sizeof work, "%s", argv[2]);
    if (tock__mkdirs(work) != 0) {
        fprintf(stderr, "tock-parity-fuzz-hashes: %s: %s\n", work, strerror(errno));
        return 2;
    }
    char *text;
    size_t len;
    if (tock__read_file(argv[1], &text, &len) != 0) {
        fprintf(stderr, "tock-parity-fuzz-hashes: %s: %s\n", argv[1], strerror(errno));
        return 2;
    }
    fixed_inputs(text, len);
    size_t fixed_loaded = loaded, fixed_rejected = rejected;
    printf("fixed inputs: %zu loaded, %zu refused, %d problems\n", fixed_loaded, fixed_rejected,
           problems);
    tock__buf m = {0};
    for (uint64_t i = 0; i < iterations; i++) {
        uint64_t rng = seed ^ (i * 0x2545f4914f6cdd1dull);
        mutate(&m, text, len, &rng);
        if (m.err) {
            printf("PROBLEM: out of memory building input %llu\n", (unsigned long long)i);
            problems++;
            break;
        }
        char label[96];
        snprintf(label, sizeof label, "mutated input %llu (seed %llu)", (unsigned long long)i,
                 (unsigned long long)seed);
        check_text(label, m.p ? m.p : "", m.len, 0, NULL);
    }
    tock__buf_free(&m);
    free(text);
    printf("%llu mutated inputs (seed %llu): %zu loaded, %zu refused with a message\n",
           (unsigned long long)iterations, (unsigned long long)seed, loaded - fixed_loaded,
           rejected - fixed_rejected);
    printf("%s: %d problems\n", problems ? "FAIL" : "PASS", problems);
    return problems ? 1 : 0;
}
