/* fmt.c - how numbers and strings look in every output: times and rates with
 * five significant digits in the largest fitting unit (the console and
 * REPORT.md use the same rule, so a figure reads the same everywhere), exact
 * round-trip numbers for machine formats, and escaping for HTML, XML,
 * Markdown and CSV. It must never drop digits a machine format needs: CSV
 * and JSON exports use tock_rep_fmt_exact, never the display form.
 */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void scaled(char *out, size_t cap, double v, const char *unit) {
    double a = fabs(v);
    const char *fmt = a < 10.0 ? "%.4f %s" : a < 100.0 ? "%.3f %s" : a < 1000.0 ? "%.2f %s"
                                                                               : "%.1f %s";
    snprintf(out, cap, fmt, v, unit);
}

void tock_rep_fmt_time(char *out, size_t cap, double ns, int micro) {
    if (!isfinite(ns)) {
        snprintf(out, cap, "n/a");
        return;
    }
    double a = fabs(ns);
    if (a < 1.0)
        scaled(out, cap, ns * 1e3, "ps");
    else if (a < 1e3)
        scaled(out, cap, ns, "ns");
    else if (a < 1e6)
        scaled(out, cap, ns / 1e3, micro ? "\xc2\xb5s" : "us");
    else if (a < 1e9)
        scaled(out, cap, ns / 1e6, "ms");
    else
        scaled(out, cap, ns / 1e9, "s");
}

void tock_rep_fmt_rate(char *out, size_t cap, double per_s, const char *kind) {
    if (!isfinite(per_s) || !kind) {
        snprintf(out, cap, "n/a");
        return;
    }
    int bytes = strcmp(kind, "bytes") == 0;
    static const char *const ub[] = {"B/s", "KiB/s", "MiB/s", "GiB/s", "TiB/s"};
    static const char *const ue[] = {"elem/s", "Kelem/s", "Melem/s", "Gelem/s", "Telem/s"};
    double step = bytes ? 1024.0 : 1000.0;
    int i = 0;
    while (per_s >= step && i < 4) {
        per_s /= step;
        i++;
    }
    scaled(out, cap, per_s, bytes ? ub[i] : ue[i]);
}

void tock_rep_fmt_exact(char *out, size_t cap, double v) {
    if (!isfinite(v)) {
        snprintf(out, cap, "%s", "");
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(out, cap, "%.*g", prec, v);
        if (strtod(out, NULL) == v) return;
    }
}

void tock_rep_put_html(tock_rep_buf *b, const char *s) {
    if (!s) return;
    for (const char *c = s; *c; c++) {
        switch (*c) {
        case '&': tock_rep_puts(b, "&amp;"); break;
        case '<': tock_rep_puts(b, "&lt;"); break;
        case '>': tock_rep_puts(b, "&gt;"); break;
        case '"': tock_rep_puts(b, "&quot;"); break;
        case '\'': tock_rep_puts(b, "&#39;"); break;
        default: tock_rep_put(b, c, 1);
        }
    }
}

void tock_rep_put_xml(tock_rep_buf *b, const char *s) {
    if (!s) return;
    for (const char *c = s; *c; c++) {
        unsigned char u = (unsigned char)*c;
        /* XML 1.0 allows no C0 control other than tab, LF, CR */
        if (u < 0x20 && u != '\t' && u != '\n' && u != '\r') continue;
        char one[2] = {*c, 0};
        tock_rep_put_html(b, one);
    }
}

void tock_rep_put_md(tock_rep_buf *b, const char *s) {
    if (!s) return;
    for (const char *c = s; *c; c++) {
        if (*c == '|') tock_rep_put(b, "\\", 1);
        if (*c == '\n' || *c == '\r') {
            tock_rep_put(b, " ", 1);
            continue;
        }
        tock_rep_put(b, c, 1);
    }
}

void tock_rep_put_csv(tock_rep_buf *b, const char *s) {
    if (!s) return;
    if (!strpbrk(s, ",\"\r\n")) {
        tock_rep_puts(b, s);
        return;
    }
    tock_rep_put(b, "\"", 1);
    for (const char *c = s; *c; c++) {
        if (*c == '"') tock_rep_put(b, "\"", 1);
        tock_rep_put(b, c, 1);
    }
    tock_rep_put(b, "\"", 1);
}
