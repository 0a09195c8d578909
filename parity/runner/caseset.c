/* caseset.c: the case list of runs.h (tpar_cases_*): an array in report
 * order with an open-addressing index over the names, built on the first
 * lookup after a change. Apart from the matrix so that the hash-file reader
 * (golden.c) links without the kernels. */
#include <stdlib.h>
#include <string.h>

#include "runs.h"
#include "sys.h"

static size_t name_hash(const char *s) { return (size_t)tock__fnv1a64(s, strlen(s)); }

/* Enters case i into the index unless its name is there (first wins). */
static void index_insert(tpar_cases *c, size_t i) {
    size_t mask = c->index_cap - 1, h = name_hash(c->v[i].name) & mask;
    while (c->index[h] != (size_t)-1) {
        if (strcmp(c->v[c->index[h]].name, c->v[i].name) == 0) return;
        h = (h + 1) & mask;
    }
    c->index[h] = i;
}

void tpar_cases_push(tpar_cases *c, const tpar_case *rec) {
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 256;
        c->v = tpar_xrealloc(c->v, c->cap * sizeof *c->v);
    }
    c->v[c->n++] = *rec;
    /* Kept up to date while at most half full, else rebuilt (twice as large)
   * on the next lookup: a reader that looks up every case it pushes stays
   * linear. */
    if (c->index && c->n * 2 <= c->index_cap) {
        index_insert(c, c->n - 1);
        return;
    }
    free(c->index);
    c->index = NULL;
    c->index_cap = 0;
}

static void build_index(tpar_cases *c) {
    size_t cap = 16;
    while (cap < c->n * 2) cap *= 2;
    c->index = tpar_xmalloc(cap * sizeof *c->index);
    for (size_t i = 0; i < cap; i++) c->index[i] = (size_t)-1;
    c->index_cap = cap;
    for (size_t i = 0; i < c->n; i++) index_insert(c, i);
}

size_t tpar_cases_pos(tpar_cases *c, const char *name) {
    if (c->n == 0) return (size_t)-1;
    if (!c->index) build_index(c);
    size_t h = name_hash(name) & (c->index_cap - 1);
    while (c->index[h] != (size_t)-1) {
        if (strcmp(c->v[c->index[h]].name, name) == 0) return c->index[h];
        h = (h + 1) & (c->index_cap - 1);
    }
    return (size_t)-1;
}

const tpar_case *tpar_cases_find(tpar_cases *c, const char *name) {
    size_t p = tpar_cases_pos(c, name);
    return p == (size_t)-1 ? NULL : &c->v[p];
}

void tpar_cases_free(tpar_cases *c) {
    free(c->v);
    free(c->index);
    memset(c, 0, sizeof *c);
}
