/* util_json.c - the streaming JSON writer of util.h (summary.json,
 * manifest.json, provenance.json, parity reports). It must always produce
 * a file that parses: invalid UTF-8 becomes U+FFFD and non-finite numbers
 * null. */
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void tock__json_init(tock__json *j, tock__buf *b, int pretty) {
    memset(j, 0, sizeof *j);
    j->b = b;
    j->pretty = pretty;
    j->first[0] = 1;
}

/* Length of a valid UTF-8 sequence at s, or 0 if invalid (overlongs,
 * surrogates and code points above U+10FFFF are invalid). */
size_t tock__utf8_len(const unsigned char *s) {
    unsigned c = s[0];
    if (c < 0x80) return 1;
    size_t n;
    unsigned min;
    if ((c & 0xE0) == 0xC0) {
        n = 2;
        min = 0x80;
        c &= 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3;
        min = 0x800;
        c &= 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4;
        min = 0x10000;
        c &= 0x07;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    return n;
}

/* Escapes quotes, backslashes and control characters; invalid UTF-8 bytes
 * become U+FFFD so the file always parses. */
void tock__json_escape(tock__buf *b, const char *s) {
    const unsigned char *p = (const unsigned char *)s;
    tock__buf_put(b, "\"", 1);
    while (*p) {
        unsigned c = *p;
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            tock__buf_put(b, e, 2);
            p++;
        } else if (c < 0x20) {
            switch (c) {
            case '\n': tock__buf_puts(b, "\\n"); break;
            case '\r': tock__buf_puts(b, "\\r"); break;
            case '\t': tock__buf_puts(b, "\\t"); break;
            case '\b': tock__buf_puts(b, "\\b"); break;
            case '\f': tock__buf_puts(b, "\\f"); break;
            default: tock__buf_printf(b, "\\u%04x", c); break;
            }
            p++;
        } else if (c < 0x80) {
            tock__buf_put(b, (const char *)p, 1);
            p++;
        } else {
            size_t n = tock__utf8_len(p);
            if (n == 0) {
                tock__buf_puts(b, "\\ufffd");
                p++;
            } else {
                tock__buf_put(b, (const char *)p, n);
                p += n;
            }
        }
    }
    tock__buf_put(b, "\"", 1);
}

static void tock__json_key(tock__json *j, const char *key) {
    if (!j->first[j->depth]) tock__buf_put(j->b, ",", 1);
    j->first[j->depth] = 0;
    if (j->pretty && j->depth > 0) {
        tock__buf_put(j->b, "\n", 1);
        for (int i = 0; i < j->depth; i++) tock__buf_put(j->b, "  ", 2);
    }
    if (key) {
        tock__json_escape(j->b, key);
        tock__buf_puts(j->b, j->pretty ? ": " : ":");
    }
}

void tock__json_begin(tock__json *j, const char *key, char open) {
    tock__json_key(j, key);
    tock__buf_put(j->b, &open, 1);
    if (j->depth < 31) j->depth++;
    j->first[j->depth] = 1;
}

void tock__json_end(tock__json *j, char close) {
    int empty = j->first[j->depth];
    if (j->depth > 0) j->depth--;
    if (j->pretty && !empty) {
        tock__buf_put(j->b, "\n", 1);
        for (int i = 0; i < j->depth; i++) tock__buf_put(j->b, "  ", 2);
    }
    tock__buf_put(j->b, &close, 1);
    if (j->depth == 0 && j->pretty) tock__buf_put(j->b, "\n", 1);
}

void tock__json_string(tock__json *j, const char *key, const char *s) {
    tock__json_key(j, key);
    if (s)
        tock__json_escape(j->b, s);
    else
        tock__buf_puts(j->b, "null");
}

void tock__json_double(tock__json *j, const char *key, double v) {
    tock__json_key(j, key);
    if (!isfinite(v)) {
        tock__buf_puts(j->b, "null");
        return;
    }
    char t[40];
    tock__fmt_g17(t, v);
    tock__buf_puts(j->b, t);
}

void tock__json_u64(tock__json *j, const char *key, uint64_t v) {
    tock__json_key(j, key);
    tock__buf_printf(j->b, "%llu", (unsigned long long)v);
}

void tock__json_bool(tock__json *j, const char *key, int v) {
    tock__json_key(j, key);
    tock__buf_puts(j->b, v ? "true" : "false");
}

void tock__json_null(tock__json *j, const char *key) {
    tock__json_key(j, key);
    tock__buf_puts(j->b, "null");
}

void tock__json_raw(tock__json *j, const char *key, const char *text) {
    tock__json_key(j, key);
    tock__buf_puts(j->b, text);
}
