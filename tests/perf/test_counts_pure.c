/* test_counts_pure.c - the pure parts of --measure instructions on
 * synthetic text: a callgrind dump's label and events (omitted trailing
 * columns are 0; garbage, missing cache events and extra values are errors
 * naming the problem), est. cycles, count baselines (the mode marker and
 * its records, each misuse rejected with its line) and the exact count
 * verdicts at the threshold. No valgrind, no timing.
 */
#define _POSIX_C_SOURCE 200809L
#define TOCK_IMPLEMENTATION
#include "tock.h"

#include "check.h"

/* a pointer, so CHECK_CONTAINS's NULL test is not on an array */
static const char *msg(const char *s) { return s; }

static const char *const dump =
    "# callgrind format\nversion: 1\ncreator: callgrind-3.19.0\npart: 2\n\n"
    "desc: I1 cache: 32768 B, 64 B, 8-way associative\n"
    "desc: Trigger: Client Request: tock:grp/name/7:8\n\n"
    "positions: line\nevents: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw\n"
    "summary: 1000 300 200 4 5 6\n\nfn=(1) main\n0 1000 300 200 4 5 6\n"
    "totals: 990 300 200 4 5 6\n";

static void test_parse(void) {
    tock__cg_part p;
    char err[256];
    CHECK_INT_EQ(tock__cg_parse(dump, strlen(dump), &p, err, sizeof err), 0);
    CHECK_STR_EQ(p.label, "tock:grp/name/7:8");
    /* summary wins over totals; omitted trailing columns are 0 */
    CHECK_DBL_EQ(p.ev[TOCK_EV_IR], 1000.0);
    CHECK_DBL_EQ(p.ev[TOCK_EV_DW], 200.0);
    CHECK_DBL_EQ(p.ev[TOCK_EV_D1MW], 6.0);
    CHECK_DBL_EQ(p.ev[TOCK_EV_DLMW], 0.0);
    /* Ir + 10 (4 + 5 + 6) + 100 x 0 */
    CHECK_DBL_EQ(tock_count_est_cycles(p.ev), 1150.0);
    const double ev[TOCK_COUNT_NEVENTS] = {1, 0, 0, 1, 1, 1, 1, 1, 1};
    CHECK_DBL_EQ(tock_count_est_cycles(ev), 1.0 + 30.0 + 300.0);

    const char *garbage = "hello\nworld\n";
    CHECK_INT_EQ(tock__cg_parse(garbage, strlen(garbage), &p, err, sizeof err), TOCK_EINVAL);
    CHECK_CONTAINS(msg(err), "not a callgrind output file");
    const char *nocache = "# callgrind format\nevents: Ir\nsummary: 5\n";
    CHECK_INT_EQ(tock__cg_parse(nocache, strlen(nocache), &p, err, sizeof err), TOCK_EINVAL);
    CHECK_CONTAINS(msg(err), "event Dr is missing");
    const char *extra = "# callgrind format\nevents: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw\n"
                        "summary: 1 2 3 4 5 6 7 8 9 10\n";
    CHECK_INT_EQ(tock__cg_parse(extra, strlen(extra), &p, err, sizeof err), TOCK_EINVAL);
    CHECK_CONTAINS(msg(err), "10 values for 9 events");
    const char *nosum = "# callgrind format\nevents: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw\n";
    CHECK_INT_EQ(tock__cg_parse(nosum, strlen(nosum), &p, err, sizeof err), TOCK_EINVAL);
    CHECK_CONTAINS(msg(err), "no 'summary:'");
    const char *badnum = "# callgrind format\nevents: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw\n"
                         "summary: 1 x\n";
    CHECK_INT_EQ(tock__cg_parse(badnum, strlen(badnum), &p, err, sizeof err), TOCK_EINVAL);
    CHECK_CONTAINS(msg(err), "event Dr: expected a count");
}

#define HEAD "tock-baseline 1\nname c\ncreated 2026-01-01T00:00:00Z\nrun r\n"

static int parse(const char *text, tock_baseline *bl, char *err) {
    return tock_baseline_parse(text, strlen(text), bl, err, 256);
}

static void test_baseline_records(void) {
    tock_baseline bl;
    char err[256];
    CHECK_INT_EQ(parse(HEAD
                       "mode instructions\nenv isa_dispatched avx2\n"
                       "counts a/b 4 100 20 10 1 2 3 0 0 0.25\ncounts a/c 4 5 0 0 0 0 0 0 0 0\n"
                       "end 2\n",
                       &bl, err),
                 0);
    CHECK_INT_EQ(bl.mode, TOCK_BASELINE_COUNTS);
    CHECK_U64_EQ(bl.nbench, 2);
    CHECK_DBL_EQ(bl.benches[0].counts[TOCK_EV_IR], 100.0);
    CHECK_DBL_EQ(bl.benches[0].counts[TOCK_EV_DLMW], 0.25);
    CHECK_U64_EQ(bl.benches[0].count_iters, 4);
    tock_baseline_free(&bl);

    CHECK_INT_EQ(parse(HEAD "counts a/b 4 1 2 3 4 5 6 7 8 9\nend 1\n", &bl, err), TOCK_EINVAL);
    CHECK_CONTAINS(msg(err), "a 'counts' record in a time baseline");
    CHECK_INT_EQ(parse(HEAD "mode instructions\nbench a/b 2\n", &bl, err), TOCK_EINVAL);
    CHECK_CONTAINS(msg(err), "a 'bench' record in a count baseline");
    CHECK_INT_EQ(parse(HEAD "mode instructions\ncounts a/b 4 1 2 3\nend 1\n", &bl, err),
                 TOCK_EINVAL);
    CHECK_CONTAINS(msg(err), "line 6: expected 'counts ID N' (N >= 1) and 9 event values");
    CHECK_INT_EQ(
        parse(HEAD "mode instructions\ncounts a/b 4 1 2 3 4 5 6 7 8 nan\nend 1\n", &bl, err),
        TOCK_EINVAL);
    CHECK_CONTAINS(msg(err), "DLmw: expected a finite number");
    CHECK_INT_EQ(parse(HEAD "mode instructions\ncounts a/b 4 1 2 3 4 5 6 7 8 9\n"
                            "mode instructions\nend 1\n",
                       &bl, err),
                 TOCK_EINVAL);
    CHECK_CONTAINS(msg(err), "'mode' must come once, before the first benchmark");
    CHECK_INT_EQ(parse(HEAD "mode cycles\nend 0\n", &bl, err), TOCK_EINVAL);
    CHECK_CONTAINS(msg(err), "expected 'mode instructions' or 'mode time'");
    CHECK_INT_EQ(parse(HEAD "mode instructions\ncounts a/b 4 1 2 3 4 5 6 7 8 9\n"
                            "counts a/b 4 1 2 3 4 5 6 7 8 9\nend 2\n",
                       &bl, err),
                 TOCK_EINVAL);
    CHECK_CONTAINS(msg(err), "duplicate benchmark id");
    CHECK_INT_EQ(parse(HEAD "mode instructions\ncounts a/b 0 1 2 3 4 5 6 7 8 9\nend 1\n", &bl, err),
                 TOCK_EINVAL);
}

static void test_compare(void) {
    tock_baseline old, cur;
    char err[256];
    /* est. cycles: a 1000, b 1000, c 1000 (old); new a +0.4%, b +0.6%, c -1%, d new */
    CHECK_INT_EQ(parse(HEAD "mode instructions\ncounts a 4 1000 0 0 0 0 0 0 0 0\n"
                            "counts b 4 900 0 0 10 0 0 0 0 0\ncounts c 4 1000 0 0 0 0 0 0 0 0\n"
                            "end 3\n",
                       &old, err),
                 0);
    CHECK_INT_EQ(parse(HEAD "mode instructions\ncounts a 4 1004 0 0 0 0 0 0 0 0\n"
                            "counts b 4 906 0 0 10 0 0 0 0 0\ncounts c 4 990 0 0 0 0 0 0 0 0\n"
                            "counts d 4 1 0 0 0 0 0 0 0 0\nend 4\n",
                       &cur, err),
                 0);
    tock__count_verdict *v = NULL;
    size_t n = 0, nreg = 0;
    CHECK_INT_EQ(tock__count_compare(&old, &cur, 0.005, &v, &n, &nreg), 0);
    CHECK_U64_EQ(n, 4);
    CHECK_U64_EQ(nreg, 1);
    CHECK_INT_EQ(v[0].kind, TOCK__CV_UNCHANGED);
    CHECK_NEAR(v[0].cycles_change, 0.004, 1e-12);
    CHECK_INT_EQ(v[1].kind, TOCK__CV_REGRESSED);
    CHECK_NEAR(v[1].cycles_change, 0.006, 1e-12);
    CHECK_NEAR(v[1].change[TOCK_EV_IR], 6.0 / 900.0, 1e-12);
    CHECK_DBL_EQ(v[1].change[TOCK_EV_I1MR], 0.0);
    CHECK_INT_EQ(v[2].kind, TOCK__CV_IMPROVED);
    CHECK_INT_EQ(v[3].kind, TOCK__CV_MISSING);
    CHECK_STR_EQ(tock__count_verdict_name(v[1].kind), "regressed");
    TOCK_FREE(v);
    /* a wider threshold: nothing regressed */
    CHECK_INT_EQ(tock__count_compare(&old, &cur, 0.02, &v, &n, &nreg), 0);
    CHECK_U64_EQ(nreg, 0);
    CHECK_INT_EQ(v[2].kind, TOCK__CV_UNCHANGED);
    TOCK_FREE(v);
    /* a time baseline cannot be compared as counts */
    old.mode = TOCK_BASELINE_TIME;
    CHECK_INT_EQ(tock__count_compare(&old, &cur, 0.005, &v, &n, &nreg), TOCK_EINVAL);
    tock_baseline_free(&old);
    tock_baseline_free(&cur);
}

int main(void) {
    test_parse();
    test_baseline_records();
    test_compare();
    return check_summary();
}
