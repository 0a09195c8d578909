/* agree.c - run-to-run agreement (tock-report --agree RUN_A RUN_B): for every
 * benchmark id in both runs, whether the two typical-time intervals
 * [lower, upper] overlap and how far apart the points are (B / A - 1), then
 * the ids found in one run only, and the share of ids whose intervals
 * overlap: over every id, and separately over the sweep (grid point)
 * records and the others when there are any. It is a measurement, not a
 * gate: nothing here decides a pass. It must never compare anything but the
 * stored typical times and intervals.
 */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct key {
    const char *id;
    size_t i;
} key;

static int by_id(const void *x, const void *y) {
    return strcmp(((const key *)x)->id, ((const key *)y)->id);
}

/* by id, then by position: the first of equal ids comes first */
static int by_id_pos(const void *x, const void *y) {
    int c = by_id(x, y);
    if (c) return c;
    size_t i = ((const key *)x)->i, j = ((const key *)y)->i;
    return (i > j) - (i < j);
}

/* "42.542 us [33.729 us, 56.237 us]" */
static void interval_text(char *out, size_t cap, const tock_rep_est *e) {
    char p[40], lo[40], hi[40];
    tock__fmt_time(p, sizeof p, e->point, 0);
    tock__fmt_time(lo, sizeof lo, e->lower, 0);
    tock__fmt_time(hi, sizeof hi, e->upper, 0);
    snprintf(out, cap, "%s [%s, %s]", p, lo, hi);
}

typedef struct tally {
    size_t overlap, checked, unchecked;
} tally;

static void tally_line(tock__buf *b, const char *label, const tally *t) {
    tock__buf_printf(b, "%s: %zu of %zu ids (", label, t->overlap, t->checked);
    if (t->checked)
        tock__buf_printf(b, "%.1f%%", 100.0 * (double)t->overlap / (double)t->checked);
    else
        tock__buf_puts(b, "n/a");
    tock__buf_puts(b, ") have overlapping typical intervals");
    if (t->unchecked) tock__buf_printf(b, "; %zu without a finite interval left out", t->unchecked);
    tock__buf_puts(b, "\n");
}

static void only_in(tock__buf *b, const char *which, const tock_rep_run *run, const char *matched) {
    size_t n = 0;
    for (size_t i = 0; i < run->nb; i++) n += !matched[i];
    tock__buf_printf(b, "only in %s", which);
    if (n == 0) {
        tock__buf_puts(b, ": none\n");
        return;
    }
    tock__buf_printf(b, " (%zu):", n);
    for (size_t i = 0; i < run->nb; i++)
        if (!matched[i]) tock__buf_printf(b, " %s", run->b[i].id);
    tock__buf_puts(b, "\n");
}

static double conf_pct(const tock_rep_run *run) {
    return 100.0 * (isfinite(run->confidence) ? run->confidence : 0.95);
}

int tock_rep_agree(const tock_rep_run *ra, const tock_rep_run *rb, tock__buf *b) {
    key *idx = (key *)malloc((rb->nb ? rb->nb : 1) * sizeof *idx);
    char *ma = (char *)calloc(ra->nb ? ra->nb : 1, 1), *mb = (char *)calloc(rb->nb ? rb->nb : 1, 1);
    size_t *pair = (size_t *)malloc((ra->nb ? ra->nb : 1) * sizeof *pair);
    if (!idx || !ma || !mb || !pair) {
        free(idx);
        free(ma);
        free(mb);
        free(pair);
        return TOCK_REP_ENOMEM;
    }
    for (size_t i = 0; i < rb->nb; i++) idx[i] = (key){rb->b[i].id, i};
    qsort(idx, rb->nb, sizeof *idx, by_id_pos);
    /* pairs: the first unpaired record of the same id in B (ids are unique
     * in a run; a repeated one pairs in order) */
    size_t width = 2, nsweep = 0;
    for (size_t i = 0; i < ra->nb; i++) {
        key k = {ra->b[i].id, 0};
        const key *hit = rb->nb ? (const key *)bsearch(&k, idx, rb->nb, sizeof *idx, by_id) : NULL;
        while (hit && hit > idx && strcmp(hit[-1].id, k.id) == 0) hit--;
        while (hit && hit < idx + rb->nb && strcmp(hit->id, k.id) == 0 && mb[hit->i]) hit++;
        if (!hit || hit == idx + rb->nb || strcmp(hit->id, k.id) != 0) continue;
        pair[i] = hit->i;
        ma[i] = mb[hit->i] = 1;
        size_t l = strlen(k.id);
        if (l > width) width = l;
        nsweep += ra->b[i].sweep || rb->b[hit->i].sweep;
    }
    tock__buf_printf(b, "A: %s (run %s, %.0f%% intervals)\nB: %s (run %s, %.0f%% intervals)\n",
                     ra->dir, ra->run_id, conf_pct(ra), rb->dir, rb->run_id, conf_pct(rb));
    tock__buf_puts(b, "overlap: the typical-time intervals [lower, upper] of A and B share a "
                      "point; diff = B / A - 1 of the typical times (positive: B is slower)\n\n");
    tock__buf_printf(b, "%-*s  overlap      diff  %-36s  %s\n", (int)width, "ID",
                     "A typical [lower, upper]", "B typical [lower, upper]");
    tally all = {0, 0, 0}, sw = {0, 0, 0}, rest = {0, 0, 0};
    for (size_t i = 0; i < ra->nb; i++) {
        if (!ma[i]) continue;
        const tock_rep_bench *x = &ra->b[i], *y = &rb->b[pair[i]];
        const tock_rep_est *ea = &x->typical, *eb = &y->typical;
        int finite = isfinite(ea->lower) && isfinite(ea->upper) && isfinite(eb->lower) &&
                     isfinite(eb->upper);
        int overlap = finite && ea->lower <= eb->upper && eb->lower <= ea->upper;
        tally *t = (x->sweep || y->sweep) ? &sw : &rest;
        if (finite) {
            all.checked++;
            t->checked++;
            all.overlap += (size_t)overlap;
            t->overlap += (size_t)overlap;
        } else {
            all.unchecked++;
            t->unchecked++;
        }
        char ta[128], tb[128], d[32];
        interval_text(ta, sizeof ta, ea);
        interval_text(tb, sizeof tb, eb);
        double diff = eb->point / ea->point - 1.0;
        if (isfinite(diff))
            snprintf(d, sizeof d, "%+.2f%%", 100.0 * diff);
        else
            snprintf(d, sizeof d, "n/a");
        tock__buf_printf(b, "%-*s  %-7s  %8s  %-36s  %s", (int)width, x->id,
                         finite ? (overlap ? "yes" : "no") : "n/a", d, ta, tb);
        const char *sname = x->sweep ? x->sweep : y->sweep;
        if (sname) tock__buf_printf(b, "  (sweep %s)", sname);
        tock__buf_puts(b, "\n");
    }
    if (all.checked + all.unchecked == 0) tock__buf_puts(b, "(no id is in both runs)\n");
    tock__buf_puts(b, "\n");
    only_in(b, "A", ra, ma);
    only_in(b, "B", rb, mb);
    if (nsweep) {
        tally_line(b, "agree (sweep records)", &sw);
        tally_line(b, "agree (other records)", &rest);
    }
    tally_line(b, "agree", &all);
    free(idx);
    free(ma);
    free(mb);
    free(pair);
    return b->err;
}
