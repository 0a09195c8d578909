/* util_fmt.c - how numbers look in every output of the repository: exact
 * round-trip numbers for machine formats, and times and rates with five
 * significant digits for people (the console, REPORT.md, REPORT.html and the
 * parity report all use these, so a figure reads the same everywhere). */
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

void tock__fmt_g17(char out[40], double v) {
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(out, 40, "%.*g", prec, v);
        if (prec == 17 || strtod(out, NULL) == v) break;
    }
    /* the host program may have switched LC_NUMERIC to a comma locale;
     * strtod above read in that locale, so the round trip held */
    for (char *c = out; *c; c++)
        if (*c == ',') *c = '.';
}

void tock__fmt_scaled(char *out, size_t cap, double v, const char *unit) {
    double a = fabs(v);
    const char *fmt = a < 10.0     ? "%.4f %s"
                      : a < 100.0  ? "%.3f %s"
                      : a < 1000.0 ? "%.2f %s"
                                   : "%.1f %s";
    snprintf(out, cap, fmt, v, unit);
}

void tock__fmt_time(char *out, size_t cap, double ns, int micro) {
    if (!isfinite(ns)) {
        snprintf(out, cap, "n/a");
        return;
    }
    double a = fabs(ns);
    if (a < 1.0)
        tock__fmt_scaled(out, cap, ns * 1e3, "ps");
    else if (a < 1e3)
        tock__fmt_scaled(out, cap, ns, "ns");
    else if (a < 1e6)
        tock__fmt_scaled(out, cap, ns / 1e3, micro ? "\xc2\xb5s" : "us");
    else if (a < 1e9)
        tock__fmt_scaled(out, cap, ns / 1e6, "ms");
    else
        tock__fmt_scaled(out, cap, ns / 1e9, "s");
}

void tock__fmt_rate(char *out, size_t cap, double per_s, int bytes) {
    if (!isfinite(per_s)) {
        snprintf(out, cap, "n/a");
        return;
    }
    static const char *const ub[] = {"B/s", "KiB/s", "MiB/s", "GiB/s", "TiB/s"};
    static const char *const ue[] = {"elem/s", "Kelem/s", "Melem/s", "Gelem/s", "Telem/s"};
    double step = bytes ? 1024.0 : 1000.0;
    int i = 0;
    while (per_s >= step && i < 4) {
        per_s /= step;
        i++;
    }
    tock__fmt_scaled(out, cap, per_s, bytes ? ub[i] : ue[i]);
}
