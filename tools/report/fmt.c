/* fmt.c - how strings look in each output format: escaping for HTML and
 * XML (Markdown cells and CSV fields: util.h's tock__md_cell and
 * tock__csv_str), and a time written into a buffer. The numbers themselves
 * are util.h's: times and rates with five significant digits
 * (tock__fmt_time, tock__fmt_rate: the console and REPORT.md use the same
 * rule, so a figure reads the same everywhere) and exact round-trip numbers
 * for machine formats (tock__fmt_g17). It must never drop digits a machine
 * format needs: CSV and JSON exports use tock__fmt_g17, never the display
 * form.
 */
#include "report.h"

void tock_rep_put_time(tock__buf *b, double ns, int micro) {
    char t[40];
    tock__fmt_time(t, sizeof t, ns, micro);
    tock__buf_puts(b, t);
}

void tock_rep_put_html(tock__buf *b, const char *s) {
    if (!s) return;
    for (const char *c = s; *c; c++) {
        switch (*c) {
        case '&': tock__buf_puts(b, "&amp;"); break;
        case '<': tock__buf_puts(b, "&lt;"); break;
        case '>': tock__buf_puts(b, "&gt;"); break;
        case '"': tock__buf_puts(b, "&quot;"); break;
        case '\'': tock__buf_puts(b, "&#39;"); break;
        default: tock__buf_put(b, c, 1);
        }
    }
}

void tock_rep_put_xml(tock__buf *b, const char *s) {
    if (!s) return;
    for (const char *c = s; *c; c++) {
        unsigned char u = (unsigned char)*c;
        /* XML 1.0 allows no C0 control other than tab, LF, CR */
        if (u < 0x20 && u != '\t' && u != '\n' && u != '\r') continue;
        char one[2] = {*c, 0};
        tock_rep_put_html(b, one);
    }
}
