/* report_fixture.h - what the tock-report test programs share: the fixture
 * run they write (every number known in advance), the ways to break it, and
 * the table-driven invocation checks. Implemented in report_fixture.c; the
 * checks count into the program's one closing line (CHECK_SHARED_COUNTERS).
 */
#ifndef TOCK_TESTS_REPORT_FIXTURE_H
#define TOCK_TESTS_REPORT_FIXTURE_H

#define CHECK_SHARED_COUNTERS
#include "harness.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>

/* the program under test, the scratch directory, and a path buffer */
extern const char *tool, *work;
extern char scratch[4096];

typedef struct spec {
    const char *id, *group, *name, *param;
    double typical, published;
    const char *tp_kind;
    uint64_t tp_per_iter;
    const char *floor_id;
} spec;

#define NSPEC 6 /* entries of specs[] (checked in report_fixture.c) */
#define NSAMP 20

/* F_SWEEP adds the sweeps below; F_NO_SWEEP_FILES leaves out their files
 * (their records stay), as a run stopped before writing them would */
/* F_FITS adds summary.json "fits" and "crossovers" (fits_json below) */
enum { F_INTERRUPTED = 1, F_COMPARED = 2, F_SWEEP = 4, F_NO_SWEEP_FILES = 8, F_FITS = 16 };

/* ---- the fixture's sweeps ----
 * cc: D {3, 6} x K {3, 9} x T {48, 96}, 2 repeats, routines epoch and
 * forward; epoch's mean is D * K * T ns (432 ns to 5.184 us, 12x), forward's
 * a tenth of it (so the times span 120x: a log axis), std 2% (forward's is
 * null at the first point); peak heap D * 1000 bytes; constant depths
 * [1,2,3]; metrics rmse (with std) and overshoot (without).
 * line: N {1, 2, 4}, 1 repeat, routine run at N us, no std, no heap, no
 * metrics: one axis, so no heat map. */
#define CC_POINTS 8
#define CC_RECORDS (CC_POINTS * 2 * 2)
#define LINE_RECORDS 3
#define SWEEP_RECORDS (CC_RECORDS + LINE_RECORDS)

/* ---- the fixture's scaling fits ----
 * rssm_prediction: a = 20 us [10, 30], b = 68 us/step [60, 76] (not the
 * least-squares line through the fixture's points, 45.902 + 66.393 n, so a
 * figure that shows 68 us drew the stored fit); residuals against it:
 * +12 us at 1, +40 us at 5, 0 at 10. other/group: a fit without a figure
 * (no such benchmarks). Crossovers: one "at", one "unclear" with null "at". */
#define FIT_LINE "rssm_prediction: 68.0 us/step [60.0, 76.0], exponent 0.93 [0.85, 1.01], O(n)"
#define FIT2_LINE "other/group: 1.50 us/step [1.20, 1.80], exponent 1.10 [0.90, 1.30], O(n)"
#define CROSS_AT "rssm_prediction and other/group cross at 4.2 step [3.1, 5.5]"
#define CROSS_UNCLEAR                                                                              \
    "other/group vs rssm_prediction over 1..10 step: unclear (other/group below in 40%, "          \
    "rssm_prediction below in 10%, crossing inside in 50% of resamples)"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* every needle of a list found in (or absent from) hay: one check each, as
 * if written out one by one */
#define CHECK_CONTAINS_ALL(hay, ...)                                                               \
    do {                                                                                           \
        static const char *const check__all[] = {__VA_ARGS__};                                     \
        for (size_t check__i = 0; check__i < NELEM(check__all); check__i++)                        \
            CHECK_CONTAINS(hay, check__all[check__i]);                                             \
    } while (0)
#define CHECK_LACKS_ALL(hay, ...)                                                                  \
    do {                                                                                           \
        static const char *const check__all[] = {__VA_ARGS__};                                     \
        for (size_t check__i = 0; check__i < NELEM(check__all); check__i++)                        \
            CHECK_LACKS(hay, check__all[check__i]);                                                \
    } while (0)

/* One bad-input case: a fresh fixture run, one thing broken in it, then
 * tock-report must exit 2 naming n1 and n2 (expect_input_error). */
typedef enum {
    B_REMOVE,   /* file deleted */
    B_WRITE,    /* file replaced by text (the manifest rehashed, unless it is the file) */
    B_TRUNCATE, /* file cut to half its length after the run (the manifest not updated) */
    B_EDIT,     /* the first text in file replaced by to (the manifest rehashed) */
    B_UNLIST,   /* file, and text when set, removed from the manifest's index */
    B_FIELD,    /* summary.json benchmarks[bench].<file> set to the JSON text (NULL: removed) */
    B_TOP       /* summary.json's top-level <file> set to the JSON text */
} breakage;

typedef struct bad_case {
    const char *what;
    breakage how;
    const char *file; /* a path in the run, or a summary.json key (B_FIELD, B_TOP) */
    const char *text, *to;
    size_t bench;
    const char *n1, *n2; /* the message must name these (NULL: nothing more) */
} bad_case;

/* One invocation of tock-report and what it must do: arguments up to the
 * first NULL ("@A" and "@B" stand for run directories given at run time),
 * the exit status (-1: not checked), whether stderr must be empty (quiet),
 * texts stdout and stderr must contain, texts stdout must lack, and texts
 * stdout holds exactly n times (each list up to its first NULL). */
typedef struct invocation {
    const char *arg[5];
    int status, quiet;
    const char *out[5], *err[2], *lacks[3];
    struct {
        const char *text;
        size_t n;
    } counts[2];
} invocation;

/* one invocation written in place: EXPECT(A, B, .arg = {...}, .status = ...) */
#define EXPECT(A, B, ...) expect_invocations(&(const invocation){__VA_ARGS__}, 1, (A), (B))

extern const spec specs[NSPEC];
extern const invocation html_quiet, html_ok, html_interrupted;

/* fixture runs, their files and their manifest */
uint64_t fnv1a64(const char *p, size_t n);
json_t *est(double p, double lo, double hi);
void write_json(const char *dir, const char *name, json_t *v);
void hash_manifest(const char *dir);
void rehash(const char *dir);
json_t *bench_record(const char *dir, json_t *arts, const spec *s, size_t k, int flags);
void num_or_null(char *out, size_t cap, double v);
void add_sweeps(const char *dir, json_t *arts, json_t *benches, int flags);
json_t *fit_json(const char *group, const char *line, double a, double b, double r2, double share);
json_t *cross_json(const char *a, const char *b, const char *kind, json_t *at, const char *text);
void add_fits(json_t *sum);
void make_run(const char *dir, int flags);
run_result tool2(const char *a1, const char *a2, const char *a3, const char *a4, const char *a5);
size_t count(const char *hay, const char *needle);
void edit_summary(const char *dir, long bench, const char *key, json_t *val);
void set_summary_field(const char *dir, size_t bench, const char *key, json_t *val);
void set_summary_top(const char *dir, const char *key, json_t *val);
void drop_bench(const char *dir, size_t bench);
char *replace_first(const char *text, const char *from, const char *to);
json_t *json_text(const char *text);
void expect_bad_cases(const char *dir, int flags, const bad_case *c, size_t n);
void expect_invocations(const invocation *c, size_t n, const char *A, const char *B);
char *render(const invocation *c, const char *dir);
void expect_input_error(const char *what, const char *dir, const char *n1, const char *n2);
char *between(const char *text, const char *from, const char *to);
void unlist(const char *dir, const char *rel);
void edit_file(const char *dir, const char *rel, const char *from, const char *to);

/* the groups of tests, one file each */
void test_html(void);
void test_markdown(void);
void test_fits_html(void);
void test_fits_markdown(void);
void test_fits_bad_input(void);
void test_agree(void);
void test_exports(void);
void test_comparison(void);
void test_interrupted(void);
void test_bad_input(void);
void test_sweep_html(void);
void test_sweep_exports(void);
void test_sweep_bad_input(void);
void test_sweep_interrupted(void);
void test_usage(void);
void test_readme(void);
void test_readme_fits(void);
void test_out_targets(void);
void test_inputs(void);
void test_inconclusive(void);
void test_validate(void);
void test_comparison_figures(void); /* test_report_cmp.c */
void test_user_api(void);           /* test_report_user.c */

#endif /* TOCK_TESTS_REPORT_FIXTURE_H */
