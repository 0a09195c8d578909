/* util_csv.c - CSV fields for util.h: the one RFC 4180 escaper that the
 * framework's summary.csv and sweeps/<name>.csv and tock-report's
 * --format csv all use, so a field with a comma, a quote or a line break
 * reads back the same whichever program wrote it. Numbers are written
 * exactly (tock__fmt_g17, shortest round trip); a missing one is an empty
 * field. Nothing here decides the line ending: each table keeps its own. */
#include "util.h"

#include <math.h>
#include <string.h>

void tock__csv_str(tock__buf *b, const char *s) {
    if (!s) return;
    if (!strpbrk(s, ",\"\r\n")) {
        tock__buf_puts(b, s);
        return;
    }
    tock__buf_put(b, "\"", 1);
    for (const char *c = s; *c; c++) {
        if (*c == '"') tock__buf_put(b, "\"", 1);
        tock__buf_put(b, c, 1);
    }
    tock__buf_put(b, "\"", 1);
}

void tock__csv_num(tock__buf *b, double v) {
    tock__buf_put(b, ",", 1);
    if (!isfinite(v)) return;
    char t[40];
    tock__fmt_g17(t, v);
    tock__buf_puts(b, t);
}
