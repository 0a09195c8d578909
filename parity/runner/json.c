/* json.c: recursive-descent JSON reader, strict RFC 8259 (valid UTF-8
 * only) minus \u escapes of surrogates and of NUL (hash files never need
 * them, and a NUL would cut a C string short). Hostile input is bounded:
 * depth is capped so the stack holds, the number of values is capped so a
 * file of "[0,0,0,..." cannot turn into a tree many times its size, strings
 * are allocated at their own length, and numbers must be finite JSON numbers
 * (no nan, inf, hex or leading zeros). */
#include "json.h"

#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sys.h"

#define MAX_DEPTH 64
/* A hash file holds about 7 values per case (361 cases: 2.6 thousand). */
#define MAX_VALUES ((size_t)1 << 20)

typedef struct {
    const char *s, *p;
    char *err;
    size_t errcap;
    int failed;
    size_t values;
    tock__buf scratch; /* the string being decoded */
} parser;

static void fail(parser *ps, const char *what) {
    if (ps->failed) return;
    ps->failed = 1;
    size_t line = 1, col = 1;
    for (const char *q = ps->s; q < ps->p; q++) {
        if (*q == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    tpar_fmt(ps->err, ps->errcap, "line %zu, column %zu: %s", line, col, what);
}

static void ws(parser *ps) {
    while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r') ps->p++;
}

static void value(parser *ps, tpar_json *out, int depth);

static char *string(parser *ps) {
    if (*ps->p != '"') {
        fail(ps, "expected a string");
        return NULL;
    }
    ps->p++;
    tock__buf *b = &ps->scratch;
    b->len = 0;
    tock__buf_put(b, "", 0);
    for (;;) {
        unsigned char c = (unsigned char)*ps->p;
        if (c == '\0' || c < 0x20) {
            fail(ps, "unterminated string or control character in string");
            return NULL;
        }
        if (c == '"') {
            ps->p++;
            break;
        }
        if (c >= 0x80) {
            size_t n = tock__utf8_len((const unsigned char *)ps->p);
            if (n == 0) {
                fail(ps, "invalid UTF-8 in string");
                return NULL;
            }
            tock__buf_put(b, ps->p, n);
            ps->p += n;
            continue;
        }
        if (c != '\\') {
            tock__buf_put(b, ps->p++, 1);
            continue;
        }
        char e = ps->p[1];
        const char *map = "\"\"\\\\//b\bf\fn\nr\rt\t";
        const char *m = NULL;
        for (const char *q = map; *q && e; q += 2)
            if (*q == e) m = q;
        if (m) {
            tock__buf_put(b, m + 1, 1);
            ps->p += 2;
        } else if (e == 'u') {
            unsigned v = 0;
            for (int i = 2; i < 6; i++) {
                char h = ps->p[i];
                v <<= 4;
                if (h >= '0' && h <= '9')
                    v |= (unsigned)(h - '0');
                else if (h >= 'a' && h <= 'f')
                    v |= (unsigned)(h - 'a' + 10);
                else if (h >= 'A' && h <= 'F')
                    v |= (unsigned)(h - 'A' + 10);
                else {
                    ps->p += i;
                    fail(ps, "bad \\u escape");
                    return NULL;
                }
            }
            if (v == 0 || (v >= 0xd800 && v <= 0xdfff)) {
                fail(ps, v == 0 ? "\\u0000 in a string (a NUL would cut it short)"
                                : "\\u escape of a surrogate (not supported)");
                return NULL;
            }
            ps->p += 6;
            char u[3];
            if (v < 0x80) {
                u[0] = (char)v;
                tock__buf_put(b, u, 1);
            } else if (v < 0x800) {
                u[0] = (char)(0xc0 | (v >> 6));
                u[1] = (char)(0x80 | (v & 0x3f));
                tock__buf_put(b, u, 2);
            } else {
                u[0] = (char)(0xe0 | (v >> 12));
                u[1] = (char)(0x80 | ((v >> 6) & 0x3f));
                u[2] = (char)(0x80 | (v & 0x3f));
                tock__buf_put(b, u, 3);
            }
        } else {
            ps->p++;
            fail(ps, "unknown escape in string");
            return NULL;
        }
    }
    tpar_xbuf(b);
    char *out = tpar_xmalloc(b->len + 1);
    memcpy(out, b->p, b->len + 1);
    return out;
}

/* A JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, finite as a
 * double. The text is converted with the shared strict parser. */
static void number(parser *ps, tpar_json *out) {
    const char *q = ps->p;
    if (*q == '-') q++;
    if (*q == '0')
        q++;
    else if (*q >= '1' && *q <= '9')
        while (*q >= '0' && *q <= '9') q++;
    else {
        ps->p = q;
        fail(ps, "bad number");
        return;
    }
    if (*q == '.') {
        q++;
        if (!(*q >= '0' && *q <= '9')) {
            ps->p = q;
            fail(ps, "bad number: no digit after '.'");
            return;
        }
        while (*q >= '0' && *q <= '9') q++;
    }
    if (*q == 'e' || *q == 'E') {
        q++;
        if (*q == '+' || *q == '-') q++;
        if (!(*q >= '0' && *q <= '9')) {
            ps->p = q;
            fail(ps, "bad number: no digit in the exponent");
            return;
        }
        while (*q >= '0' && *q <= '9') q++;
    }
    char text[64];
    size_t n = (size_t)(q - ps->p);
    if (n >= sizeof text) {
        fail(ps, "number longer than 63 characters");
        return;
    }
    memcpy(text, ps->p, n);
    text[n] = '\0';
    if (tock__parse_f64(text, -DBL_MAX, 0, DBL_MAX, 0, &out->num) != 0) {
        fail(ps, "number out of the range of a double");
        return;
    }
    out->type = TJ_NUM;
    ps->p = q;
}

static void push(tpar_json *out, size_t *cap) {
    if (out->n == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        out->items = tpar_xrealloc(out->items, *cap * sizeof *out->items);
        if (out->type == TJ_OBJ) out->keys = tpar_xrealloc(out->keys, *cap * sizeof *out->keys);
    }
    memset(&out->items[out->n], 0, sizeof out->items[0]);
    out->n++;
}

static void container(parser *ps, tpar_json *out, int depth, char close) {
    size_t cap = 0;
    ps->p++;
    ws(ps);
    if (*ps->p == close) {
        ps->p++;
        return;
    }
    for (;;) {
        ws(ps);
        push(out, &cap);
        if (close == '}') {
            out->keys[out->n - 1] = string(ps);
            if (ps->failed) {
                out->n--;
                return;
            }
            ws(ps);
            if (*ps->p != ':') {
                fail(ps, "expected ':' after an object key");
                return;
            }
            ps->p++;
        }
        value(ps, &out->items[out->n - 1], depth + 1);
        if (ps->failed) return;
        ws(ps);
        if (*ps->p == ',') {
            ps->p++;
            continue;
        }
        if (*ps->p == close) {
            ps->p++;
            return;
        }
        fail(ps, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
        return;
    }
}

static void value(parser *ps, tpar_json *out, int depth) {
    if (depth > MAX_DEPTH) {
        fail(ps, "nesting deeper than 64");
        return;
    }
    if (++ps->values > MAX_VALUES) {
        fail(ps, "more than 1048576 values (a hash file has about 7 per case)");
        return;
    }
    ws(ps);
    char c = *ps->p;
    if (c == '{') {
        out->type = TJ_OBJ;
        container(ps, out, depth, '}');
    } else if (c == '[') {
        out->type = TJ_ARR;
        container(ps, out, depth, ']');
    } else if (c == '"') {
        out->type = TJ_STR;
        out->str = string(ps);
    } else if (strncmp(ps->p, "true", 4) == 0) {
        out->type = TJ_BOOL;
        out->num = 1;
        ps->p += 4;
    } else if (strncmp(ps->p, "false", 5) == 0) {
        out->type = TJ_BOOL;
        ps->p += 5;
    } else if (strncmp(ps->p, "null", 4) == 0) {
        out->type = TJ_NULL;
        ps->p += 4;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        number(ps, out);
    } else {
        fail(ps, "expected a value");
    }
}

static void release(tpar_json *j) {
    for (size_t i = 0; i < j->n; i++) {
        release(&j->items[i]);
        if (j->keys) free(j->keys[i]);
    }
    free(j->items);
    free(j->keys);
    free(j->str);
}

tpar_json *tpar_json_parse(const char *text, char *err, size_t errcap) {
    parser ps;
    memset(&ps, 0, sizeof ps);
    ps.s = ps.p = text;
    ps.err = err;
    ps.errcap = errcap;
    tpar_json *root = tpar_xmalloc(sizeof *root);
    memset(root, 0, sizeof *root);
    value(&ps, root, 0);
    ws(&ps);
    if (!ps.failed && *ps.p) fail(&ps, "text after the document");
    tock__buf_free(&ps.scratch);
    if (ps.failed) {
        tpar_json_free(root);
        return NULL;
    }
    return root;
}

void tpar_json_free(tpar_json *j) {
    if (!j) return;
    release(j);
    free(j);
}

const tpar_json *tpar_json_get(const tpar_json *j, const char *key) {
    if (!j || j->type != TJ_OBJ) return NULL;
    for (size_t i = 0; i < j->n; i++)
        if (j->keys[i] && strcmp(j->keys[i], key) == 0) return &j->items[i];
    return NULL;
}

const char *tpar_json_str(const tpar_json *j, const char *key) {
    const tpar_json *v = tpar_json_get(j, key);
    return v && v->type == TJ_STR ? v->str : NULL;
}
