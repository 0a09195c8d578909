/* jsonv.h - a strict JSON syntax checker for the tests (RFC 8259 grammar).
 *
 * Used to prove every JSON file tock.h writes parses, without python3 or jq
 * (neither is a project dependency). It validates only; it must never be
 * used to extract values (tests use substring checks on tock's fixed layout).
 */
#ifndef TOCK_TESTS_PERF_JSONV_H
#define TOCK_TESTS_PERF_JSONV_H

#include <string.h>

typedef struct jsonv {
    const char *p, *end;
    int depth;
} jsonv;

static void jsonv__ws(jsonv *v) {
    while (v->p < v->end && (*v->p == ' ' || *v->p == '\t' || *v->p == '\n' || *v->p == '\r'))
        v->p++;
}

static int jsonv__value(jsonv *v);

static int jsonv__lit(jsonv *v, const char *lit) {
    size_t n = strlen(lit);
    if ((size_t)(v->end - v->p) < n || memcmp(v->p, lit, n) != 0) return 0;
    v->p += n;
    return 1;
}

static int jsonv__hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int jsonv__string(jsonv *v) {
    if (v->p >= v->end || *v->p != '"') return 0;
    v->p++;
    while (v->p < v->end) {
        unsigned char c = (unsigned char)*v->p;
        if (c == '"') {
            v->p++;
            return 1;
        }
        if (c < 0x20) return 0;
        if (c == '\\') {
            v->p++;
            if (v->p >= v->end) return 0;
            char e = *v->p;
            if (e == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (v->p + i >= v->end || !jsonv__hex(v->p[i])) return 0;
                v->p += 5;
                continue;
            }
            if (!strchr("\"\\/bfnrt", e)) return 0;
        }
        v->p++;
    }
    return 0;
}

static int jsonv__digits(jsonv *v) {
    const char *s = v->p;
    while (v->p < v->end && *v->p >= '0' && *v->p <= '9') v->p++;
    return v->p > s;
}

static int jsonv__number(jsonv *v) {
    if (v->p < v->end && *v->p == '-') v->p++;
    if (v->p < v->end && *v->p == '0')
        v->p++;
    else if (!jsonv__digits(v))
        return 0;
    if (v->p < v->end && *v->p == '.') {
        v->p++;
        if (!jsonv__digits(v)) return 0;
    }
    if (v->p < v->end && (*v->p == 'e' || *v->p == 'E')) {
        v->p++;
        if (v->p < v->end && (*v->p == '+' || *v->p == '-')) v->p++;
        if (!jsonv__digits(v)) return 0;
    }
    return 1;
}

static int jsonv__container(jsonv *v, char open, char close) {
    if (++v->depth > 64) return 0;
    v->p++; /* open */
    (void)open;
    jsonv__ws(v);
    if (v->p < v->end && *v->p == close) {
        v->p++;
        v->depth--;
        return 1;
    }
    for (;;) {
        jsonv__ws(v);
        if (close == '}') {
            if (!jsonv__string(v)) return 0;
            jsonv__ws(v);
            if (v->p >= v->end || *v->p != ':') return 0;
            v->p++;
        }
        if (!jsonv__value(v)) return 0;
        jsonv__ws(v);
        if (v->p < v->end && *v->p == ',') {
            v->p++;
            continue;
        }
        if (v->p < v->end && *v->p == close) {
            v->p++;
            v->depth--;
            return 1;
        }
        return 0;
    }
}

static int jsonv__value(jsonv *v) {
    jsonv__ws(v);
    if (v->p >= v->end) return 0;
    switch (*v->p) {
    case '{': return jsonv__container(v, '{', '}');
    case '[': return jsonv__container(v, '[', ']');
    case '"': return jsonv__string(v);
    case 't': return jsonv__lit(v, "true");
    case 'f': return jsonv__lit(v, "false");
    case 'n': return jsonv__lit(v, "null");
    default: return jsonv__number(v);
    }
}

/* 1 if text[0..len) is exactly one JSON value (surrounding whitespace allowed). */
static int jsonv_valid(const char *text, size_t len) {
    jsonv v = {text, text + len, 0};
    if (!jsonv__value(&v)) return 0;
    jsonv__ws(&v);
    return v.p == v.end;
}

#endif
