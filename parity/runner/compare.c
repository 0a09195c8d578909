/* compare.c: see compare.h. */
#include "compare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "runs.h"
#include "sys.h"

size_t tpar_universe_group(tpar_universe *u, const char *group) {
    for (size_t i = 0; i < u->n_groups; i++)
        if (strcmp(u->groups[i], group) == 0) return i;
    if (u->n_groups == sizeof u->groups / sizeof u->groups[0]) return u->n_groups - 1;
    tpar_fmt(u->groups[u->n_groups], sizeof u->groups[0], "%s", group);
    return u->n_groups++;
}

void tpar_universe_build(tpar_universe *u, tpar_run *ref, tpar_cases *golden) {
    memset(u, 0, sizeof *u);
    if (ref && ref->state == TR_OK)
        for (size_t i = 0; i < ref->cases.n; i++) tpar_cases_push(&u->cases, &ref->cases.v[i]);
    if (golden)
        for (size_t i = 0; i < golden->n; i++)
            if (!tpar_cases_find(&u->cases, golden->v[i].name))
                tpar_cases_push(&u->cases, &golden->v[i]);
    for (size_t i = 0; i < u->cases.n; i++) tpar_universe_group(u, u->cases.v[i].group);
}

void tpar_universe_free(tpar_universe *u) { tpar_cases_free(&u->cases); }

/* Whether two records' outputs agree: bit for bit within one architecture;
 * across architectures on the NaN-canonical hash (protocol.h), since which
 * NaN an operation returns is the architecture's rule. */
static bool same_output(const tpar_case *a, const tpar_case *b, bool across) {
    if (!across) return strcmp(a->out, b->out) == 0;
    return a->out_nan[0] && strcmp(a->out_nan, b->out_nan) == 0;
}

static unsigned against_file(tpar_cases *file, const tpar_case *c, unsigned differ,
                             unsigned missing, bool across) {
    if (!file) return 0;
    const tpar_case *g = tpar_cases_find(file, c->name);
    if (!g) return missing;
    return strcmp(g->in, c->in) != 0 || !same_output(g, c, across) ? differ : 0;
}

bool tpar_case_excluded(const tpar_run *run, const char *name) {
    const tpar_arch *x = tpar_arch_get(run->var->arch);
    if (run->var->native) return false;
    for (size_t i = 0; x->libm_prefix[i]; i++)
        if (strncmp(name, x->libm_prefix[i], strlen(x->libm_prefix[i])) == 0) return true;
    return false;
}

void tpar_compare(tpar_universe *u, tpar_run *runs, size_t nr, tpar_run *ref, tpar_cases *golden,
                  tpar_cases *against) {
    for (size_t r = 0; r < nr; r++) {
        tpar_run *run = &runs[r];
        if (run->state != TR_OK) continue;
        run->verdict = calloc(u->cases.n ? u->cases.n : 1, 1);
        if (!run->verdict) {
            fprintf(stderr, "tock-parity: out of memory\n");
            exit(2);
        }
        /* The golden and the reference are x86-64 (native) hashes; --against
         * may come from anywhere, so it is compared NaN-canonically when
         * this run or the file is not native. */
        bool across = !run->var->native;
        for (size_t i = 0; i < u->cases.n; i++) {
            const char *name = u->cases.v[i].name;
            const tpar_case *c = tpar_cases_find(&run->cases, name);
            unsigned v = 0;
            if (tpar_case_excluded(run, name)) {
                run->excluded++;
                continue;
            }
            if (!c) {
                v = TPAR_V_MISSING;
            } else {
                const tpar_case *rc =
                    ref && ref->state == TR_OK ? tpar_cases_find(&ref->cases, name) : NULL;
                if (!rc) {
                    v |= TPAR_V_REF; /* the reference lacks what this run has */
                } else {
                    if (!same_output(rc, c, across)) v |= TPAR_V_REF;
                    if (strcmp(rc->in, c->in) != 0) v |= TPAR_V_INPUT;
                }
                v |= against_file(golden, c, TPAR_V_GOLDEN, TPAR_V_NO_GOLDEN, across);
                v |= against_file(against, c, TPAR_V_AGAINST, TPAR_V_NO_AGAINST, across);
            }
            run->verdict[i] = (unsigned char)v;
            if (v)
                run->failed++;
            else
                run->passed++;
        }
        for (size_t i = 0; i < run->cases.n; i++)
            if (tpar_cases_pos(&u->cases, run->cases.v[i].name) == (size_t)-1) {
                run->extra++;
                run->failed++;
            }
    }
}

bool tpar_builds_agree(const tpar_run *runs, size_t nr, size_t n_universe) {
    for (size_t r = 0; r < nr; r++) {
        const tpar_run *run = &runs[r];
        if (run->state == TR_FAILED) return false;
        if (run->state != TR_OK) continue;
        if (!run->verdict || run->extra) return false;
        for (size_t i = 0; i < n_universe; i++)
            if (run->verdict[i] & (TPAR_V_MISSING | TPAR_V_REF | TPAR_V_INPUT)) return false;
    }
    return true;
}

void tpar_verdict_text(unsigned v, char *out, size_t cap) {
    static const struct {
        unsigned bit;
        const char *text;
    } names[] = {
        {TPAR_V_MISSING, "missing"},
        {TPAR_V_REF, "reference"},
        {TPAR_V_INPUT, "input"},
        {TPAR_V_GOLDEN, "golden"},
        {TPAR_V_NO_GOLDEN, "not-in-golden"},
        {TPAR_V_AGAINST, "against"},
        {TPAR_V_NO_AGAINST, "not-in-against"},
        {TPAR_V_EXTRA, "extra"},
    };
    out[0] = '\0';
    size_t len = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (v & names[i].bit) {
            int n = tpar_fmt(out + len, cap - len, "%s%s", len ? "+" : "", names[i].text);
            if (n < 0 || (size_t)n >= cap - len) break;
            len += (size_t)n;
        }
}
