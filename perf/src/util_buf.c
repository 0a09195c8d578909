/* util_buf.c - the growable text buffer of util.h. Growth doubles from 256
 * bytes; an allocation failure is remembered (err) instead of returned from
 * every call, so writers stay straight-line code and check once. */
#include "util.h"

#include <stdio.h>
#include <string.h>

static int tock__buf_reserve(tock__buf *b, size_t extra) {
    if (b->err) return b->err;
    if (b->len + extra + 1 <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) cap *= 2;
    char *p = (char *)TOCK_REALLOC(b->p, cap);
    if (!p) return b->err = TOCK__BUF_ENOMEM;
    b->p = p;
    b->cap = cap;
    return 0;
}

void tock__buf_put(tock__buf *b, const char *s, size_t n) {
    if (tock__buf_reserve(b, n) < 0) return;
    if (n) memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void tock__buf_puts(tock__buf *b, const char *s) { tock__buf_put(b, s, strlen(s)); }

void tock__buf_vprintf(tock__buf *b, const char *fmt, va_list ap) {
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        if (!b->err) b->err = TOCK__BUF_EINVAL;
        return;
    }
    if (tock__buf_reserve(b, (size_t)n) < 0) return;
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void tock__buf_printf(tock__buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    tock__buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void tock__buf_free(tock__buf *b) {
    TOCK_FREE(b->p);
    memset(b, 0, sizeof *b);
}
