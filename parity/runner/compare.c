/* compare.c: see compare.h. */
#include "compare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runs.h"
#include "util.h"

size_t tock__universe_group(tock__universe *u, const char *group) {
  for (size_t i = 0; i < u->n_groups; i++)
    if (strcmp(u->groups[i], group) == 0) return i;
  if (u->n_groups == sizeof u->groups / sizeof u->groups[0]) return u->n_groups - 1;
  tock__fmt(u->groups[u->n_groups], sizeof u->groups[0], "%s", group);
  return u->n_groups++;
}

void tock__universe_build(tock__universe *u, tock__run *ref, tock__cases *golden) {
  memset(u, 0, sizeof *u);
  if (ref && ref->state == TR_OK)
    for (size_t i = 0; i < ref->cases.n; i++) tock__cases_push(&u->cases, &ref->cases.v[i]);
  if (golden)
    for (size_t i = 0; i < golden->n; i++)
      if (!tock__cases_find(&u->cases, golden->v[i].name))
        tock__cases_push(&u->cases, &golden->v[i]);
  for (size_t i = 0; i < u->cases.n; i++) tock__universe_group(u, u->cases.v[i].group);
}

void tock__universe_free(tock__universe *u) { tock__cases_free(&u->cases); }

static unsigned against_file(tock__cases *file, const tock__case *c, unsigned differ,
                             unsigned missing) {
  if (!file) return 0;
  const tock__case *g = tock__cases_find(file, c->name);
  if (!g) return missing;
  return strcmp(g->in, c->in) != 0 || strcmp(g->out, c->out) != 0 ? differ : 0;
}

void tock__compare(tock__universe *u, tock__run *runs, size_t nr, tock__run *ref,
                   tock__cases *golden, tock__cases *against) {
  for (size_t r = 0; r < nr; r++) {
    tock__run *run = &runs[r];
    if (run->state != TR_OK) continue;
    run->verdict = calloc(u->cases.n ? u->cases.n : 1, 1);
    if (!run->verdict) {
      fprintf(stderr, "tock-parity: out of memory\n");
      exit(2);
    }
    for (size_t i = 0; i < u->cases.n; i++) {
      const char *name = u->cases.v[i].name;
      const tock__case *c = tock__cases_find(&run->cases, name);
      unsigned v = 0;
      if (!c) {
        v = TOCK_V_MISSING;
      } else {
        const tock__case *rc = ref && ref->state == TR_OK ? tock__cases_find(&ref->cases, name)
                                                          : NULL;
        if (!rc) {
          v |= TOCK_V_REF; /* the reference lacks what this run has */
        } else {
          if (strcmp(rc->out, c->out) != 0) v |= TOCK_V_REF;
          if (strcmp(rc->in, c->in) != 0) v |= TOCK_V_INPUT;
        }
        v |= against_file(golden, c, TOCK_V_GOLDEN, TOCK_V_NO_GOLDEN);
        v |= against_file(against, c, TOCK_V_AGAINST, TOCK_V_NO_AGAINST);
      }
      run->verdict[i] = (unsigned char)v;
      if (v) run->failed++;
      else run->passed++;
    }
    for (size_t i = 0; i < run->cases.n; i++)
      if (tock__cases_pos(&u->cases, run->cases.v[i].name) == (size_t)-1) {
        run->extra++;
        run->failed++;
      }
  }
}

bool tock__builds_agree(const tock__run *runs, size_t nr, size_t n_universe) {
  for (size_t r = 0; r < nr; r++) {
    const tock__run *run = &runs[r];
    if (run->state == TR_FAILED) return false;
    if (run->state != TR_OK) continue;
    if (!run->verdict || run->extra) return false;
    for (size_t i = 0; i < n_universe; i++)
      if (run->verdict[i] & (TOCK_V_MISSING | TOCK_V_REF | TOCK_V_INPUT)) return false;
  }
  return true;
}

void tock__verdict_text(unsigned v, char *out, size_t cap) {
  static const struct {
    unsigned bit;
    const char *text;
  } names[] = {
      {TOCK_V_MISSING, "missing"},       {TOCK_V_REF, "reference"},
      {TOCK_V_INPUT, "input"},           {TOCK_V_GOLDEN, "golden"},
      {TOCK_V_NO_GOLDEN, "not-in-golden"}, {TOCK_V_AGAINST, "against"},
      {TOCK_V_NO_AGAINST, "not-in-against"}, {TOCK_V_EXTRA, "extra"},
  };
  out[0] = '\0';
  size_t len = 0;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (v & names[i].bit) {
      int n = tock__fmt(out + len, cap - len, "%s%s", len ? "+" : "", names[i].text);
      if (n < 0 || (size_t)n >= cap - len) break;
      len += (size_t)n;
    }
}
