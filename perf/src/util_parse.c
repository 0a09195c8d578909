/* util_parse.c - the one number parser of every program in the repository
 * (tock.h's flags, tock-parity's, tock-report's). Strict by design: a flag
 * value that is not exactly a number in range is an error, never a guess.
 * strtoull alone reads "010" as octal 8, skips leading blanks and accepts a
 * minus sign ("-1" becomes 2^64-1); strtod accepts "nan", "inf" and hex
 * floats. Nothing here prints. */
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int tock__hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int tock__parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out) {
    if (!s || !*s) return -1;
    unsigned base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
        if (!*s) return -1;
    }
    uint64_t v = 0;
    for (; *s; s++) {
        int d = base == 16 ? tock__hexval(*s) : (*s >= '0' && *s <= '9' ? *s - '0' : -1);
        if (d < 0) return -1;
        if (v > (UINT64_MAX - (uint64_t)d) / base) return -1; /* overflow */
        v = v * base + (uint64_t)d;
    }
    if (v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

int tock__parse_f64(const char *s, double lo, int lo_open, double hi, int hi_open, double *out) {
    if (!s || !*s) return -1;
    /* digits, one sign at the start or after the exponent, '.', 'e': no
     * blanks, no nan/inf, no hex floats */
    for (const char *c = s; *c; c++)
        if (!strchr("0123456789+-.eE", *c)) return -1;
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (errno != 0 || !end || *end != '\0' || !isfinite(v)) return -1;
    if (lo_open ? !(v > lo) : !(v >= lo)) return -1;
    if (hi_open ? !(v < hi) : !(v <= hi)) return -1;
    *out = v;
    return 0;
}
