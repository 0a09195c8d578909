/* util_md.c - Markdown tables for util.h: the one cell escaper, table layout
 * and row writer that REPORT.md, COMPARE.md and tock-report's tables
 * (--markdown, the README's Performance section, --format markdown) all use,
 * so a table reads the same whichever program wrote it. A row is
 * "| a | b |": the bar, then each cell with a space either side and a
 * closing bar. */
#include "util.h"

void tock__md_cell(tock__buf *b, const char *s) {
    if (!s) return;
    for (const char *c = s; *c; c++) {
        if (*c == '|') tock__buf_put(b, "\\", 1);
        if (*c == '\n' || *c == '\r') { /* a line break would end the row */
            tock__buf_put(b, " ", 1);
            continue;
        }
        tock__buf_put(b, c, 1);
    }
}

void tock__md_row(tock__buf *b, size_t n, const char *const *cell) {
    tock__buf_put(b, "|", 1);
    for (size_t i = 0; i < n; i++) {
        tock__buf_put(b, " ", 1);
        tock__md_cell(b, cell[i]);
        tock__buf_put(b, " |", 2);
    }
    tock__buf_put(b, "\n", 1);
}

void tock__md_head(tock__buf *b, size_t n, const char *const *head, const char *align) {
    if (head) {
        tock__md_row(b, n, head);
    } else {
        tock__buf_put(b, "|", 1);
        for (size_t i = 0; i < n; i++) tock__buf_put(b, " |", 2);
        tock__buf_put(b, "\n", 1);
    }
    tock__buf_put(b, "|", 1);
    for (size_t i = 0; i < n; i++) {
        char a = align ? align[i] : 'l';
        tock__buf_puts(b, a == 'r' ? "---:|" : a == 'c' ? ":---:|" : "---|");
    }
    tock__buf_put(b, "\n", 1);
}

tock__buf *tock__md_next(tock__md_cells *r) {
    if (r->n) tock__buf_put(&r->text, "", 1); /* the previous cell's NUL */
    if (r->n == sizeof r->at / sizeof r->at[0]) {
        if (!r->text.err) r->text.err = TOCK__BUF_EINVAL;
    } else {
        r->at[r->n++] = r->text.len;
    }
    return &r->text;
}

void tock__md_add(tock__md_cells *r, const char *fmt, ...) {
    tock__buf *t = tock__md_next(r);
    va_list ap;
    va_start(ap, fmt);
    tock__buf_vprintf(t, fmt, ap);
    va_end(ap);
}

void tock__md_emit(tock__buf *b, tock__md_cells *r) {
    const char *cell[sizeof r->at / sizeof r->at[0]];
    if (r->n) tock__buf_put(&r->text, "", 1); /* the last cell's NUL */
    for (size_t i = 0; i < r->n; i++) cell[i] = r->text.err ? "" : r->text.p + r->at[i];
    if (r->text.err && !b->err) b->err = r->text.err;
    tock__md_row(b, r->n, cell);
    r->n = 0;
    r->text.len = 0;
}
