/* test_report_cmp.c - the comparison figures of REPORT.html (old-vs-new
 * densities, the change's distribution with the decided interval and the
 * noise band), the violin per group, log axes on a group spanning more than
 * 10x, the decided (median) change in the change column, and the kernels
 * project's published column and ISA row left out when a run declares
 * none. Fixture runs (report_fixture.c) with a baseline file or A/B rounds
 * written here; every sample is made up.
 */
#include "report_fixture.h"

#include <stdarg.h>
#include <sys/stat.h>

/* a growing text */
typedef struct text {
    char *p;
    size_t len, cap;
} text;

static void bl_printf(text *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bl_printf(text *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char tmp[512];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if (b->len + (size_t)n + 1 > b->cap) {
        b->cap = 2 * (b->len + (size_t)n + 1);
        b->p = (char *)realloc(b->p, b->cap);
        if (!b->p) exit(2);
    }
    memcpy(b->p + b->len, tmp, (size_t)n + 1);
    b->len += (size_t)n;
}

/* the baseline text format: "bench ID N", typical, median, N samples of
 * `typical` ns per iteration times (1 + 0.02 sin i) */
static void put_bench(text *b, const spec *s, double scale) {
    double t = s->typical * scale;
    bl_printf(b, "bench %s %d\n", s->id, NSAMP);
    bl_printf(b, "typical %.17g %.17g %.17g\n", t, 0.9 * t, 1.1 * t);
    bl_printf(b, "median %.17g %.17g %.17g\n", t, 0.97 * t, 1.03 * t);
    for (int i = 1; i <= NSAMP; i++)
        bl_printf(b, "%d %.17g\n", 10 * i, 10.0 * i * t * (1.0 + 0.02 * sin(1.3 * i)));
}

/* a baseline file holding run `run_id` and the compared benchmarks (0..4)
 * at `scale` times their fixture time */
static void write_baseline(const char *path, const char *run_id, double scale) {
    text b = {0};
    bl_printf(&b, "tock-baseline 1\nname main\ncreated 2025-12-31T00:00:00Z\nrun %s\n", run_id);
    bl_printf(&b, "env arch x86_64\n");
    for (size_t k = 0; k < 5; k++) put_bench(&b, &specs[k], scale);
    bl_printf(&b, "end 5\n");
    spit(path, b.p, b.len);
    free(b.p);
}

/* the fixture's comparison pointed at a baseline file */
static void point_at(const char *dir, const char *file, const char *run_id) {
    char path[4096];
    PATHF(path, "%s/summary.json", dir);
    json_t *s = json_load_file(path, 0, NULL);
    json_t *c = json_object_get(s, "comparison");
    json_object_set_new(c, "baseline_file", json_string(file));
    json_object_set_new(c, "baseline_run", json_string(run_id));
    write_json(dir, "summary.json", s);
    json_decref(s);
    rehash(dir);
}

static void check_cmp_figures(const char *h, size_t n) {
    CHECK_INT_EQ(count(h, "<polyline class=\"overlay-old\""), n);
    CHECK_INT_EQ(count(h, "<polyline class=\"overlay-new\""), n);
    CHECK_INT_EQ(count(h, "<polygon class=\"kde-change\""), n);
    CHECK_INT_EQ(count(h, "<line class=\"change-point\""), n);
    /* lower and upper, and each figure's legend swatch */
    CHECK_INT_EQ(count(h, "<line class=\"change-ci\""), 3 * n);
    CHECK_INT_EQ(count(h, "<rect class=\"band-noise\" x="), 2 * n); /* band, swatch */
    CHECK_INT_EQ(count(h, "<title>noise band"), n);
}

static void test_baseline_figures(void) {
    char dir[4096], bl[4096];
    PATHF(dir, "%s/cmp_baseline", work);
    PATHF(bl, "%s/cmp_baseline.txt", work);
    make_run(dir, F_COMPARED);
    write_baseline(bl, "20251231T000000Z-base", 1.1);
    point_at(dir, bl, "20251231T000000Z-base");
    /* the decided change is the median's: typical +30%, median +12% */
    set_summary_field(dir, 3, "change",
                      json_text("{\"typical\": {\"point\": 0.30, \"lower\": 0.27, \"upper\": "
                                "0.33}, \"median\": {\"point\": 0.12, \"lower\": 0.09, "
                                "\"upper\": 0.15}, \"p_value\": 0.001, \"p_adjusted\": 0.004, "
                                "\"verdict\": \"regressed\"}"));

    printf("--baseline run: the old side from the baseline file, both densities and the "
           "change's distribution per compared benchmark\n");
    char *h = render(&html_quiet, dir);
    check_cmp_figures(h, 5);
    CHECK_CONTAINS_ALL(h, "id=\"fig-overlay3\"", "id=\"fig-change3\"",
                       "<desc>Kernel densities of 20 old and 20 new per-iteration times",
                       "old: the baseline (20 samples)", "new: this run (20 samples)",
                       "noise band \xc2\xb1"
                       "1%",
                       "bootstrap of the median change (2000 resamples, here)");
    /* the change marked is the decided one: the median's +12% [+9%, +15%] */
    char *c3 = between(h, "id=\"fig-change3\"", "</svg>");
    CHECK_CONTAINS_ALL(c3, ">+12.00%</text>", ">+9.00%</text>", ">+15.00%</text>");
    CHECK_LACKS(c3, "+30.00%");
    free(c3);

    printf("the change column shows the change the verdict was decided on\n");
    char *sum = between(h, "<section id=\"summary\">", "</section>");
    CHECK_CONTAINS(sum, "+12.00%<span class=\"verdict regressed\">regressed</span></span> "
                        "<span class=\"muted nowrap\">[+9.00%, +15.00%]</span>");
    CHECK_LACKS(sum, "+30.00%");
    free(sum);
    free(h);
    static const invocation md = {
        .arg = {"@A", "--format", "markdown"},
        .status = -1,
        .out = {"| +12.00% [+9.00%, +15.00%] regressed |", "change vs baseline (decided)"},
        .lacks = {"+30.00%"}};
    expect_invocations(&md, 1, dir, NULL);

    printf("the same report twice: the bootstrap is seeded\n");
    char *h1 = render(&html_quiet, dir), *h2 = render(&html_quiet, dir);
    CHECK(h1 && h2 && strcmp(h1, h2) == 0, "two renderings are byte-identical");
    free(h1);
    free(h2);

    printf("a baseline file saved again since: no stand-in, the reason instead\n");
    write_baseline(bl, "20260105T000000Z-other", 1.1);
    static const invocation saved_again = {
        .arg = {"@A"}, .status = 0, .err = {"density plots are left out", "saved again since"}};
    h = render(&saved_again, dir);
    check_cmp_figures(h, 0);
    CHECK_CONTAINS(h, "comparison samples not available: the baseline file");
    free(h);

    printf("a baseline file that is gone: the reason instead\n");
    remove(bl);
    static const invocation gone = {.arg = {"@A"}, .status = 0, .err = {"cannot be read"}};
    h = render(&gone, dir);
    check_cmp_figures(h, 0);
    CHECK_CONTAINS(h, "cannot be read");
    free(h);
}

static void test_ab_figures(void) {
    char dir[4096], path[4096];
    PATHF(dir, "%s/cmp_ab", work);
    make_run(dir, F_COMPARED);
    printf("--ab run: the old and new sides from the stored rounds ab/round-*-{A,B}.txt\n");
    PATHF(path, "%s/ab", dir);
    mkdir(path, 0755);
    for (int side = 0; side < 2; side++) {
        char rel[64];
        PATHF(rel, "ab/round-001-%c.txt", side ? 'A' : 'B');
        PATHF(path, "%s/%s", dir, rel);
        write_baseline(path, "ab-worker", side ? 1.0 : 1.2);
        char mpath[4096];
        PATHF(mpath, "%s/manifest.json", dir);
        json_t *m = json_load_file(mpath, 0, NULL);
        json_array_append_new(json_object_get(m, "artifacts"), json_pack("{s:s}", "path", rel));
        write_json(dir, "manifest.json", m);
        json_decref(m);
    }
    PATHF(path, "%s/summary.json", dir);
    json_t *s = json_load_file(path, 0, NULL);
    json_t *c = json_object_get(s, "comparison");
    json_object_set_new(c, "mode", json_string("ab"));
    json_object_set_new(c, "reference", json_string("./old-build"));
    write_json(dir, "summary.json", s);
    json_decref(s);
    rehash(dir);
    char *h = render(&html_quiet, dir);
    check_cmp_figures(h, 5);
    CHECK_CONTAINS(h, "old: the A/B reference (B) (20 samples)");
    CHECK_CONTAINS(h, "the A/B reference, every round pooled");
    free(h);

    printf("a malformed round file: an input error naming it and the line\n");
    edit_file(dir, "ab/round-001-A.txt", "\n10 ", "\nten ");
    expect_input_error("a malformed A/B round", dir, "ab/round-001-A.txt",
                       "expected 'ITERATIONS NS'");
}

static void test_no_comparison(void) {
    char dir[4096];
    PATHF(dir, "%s/cmp_none", work);
    make_run(dir, 0);
    printf("a run without a comparison has no comparison figure; its 3-member group a "
           "violin, linear axes (parameters 1..10)\n");
    char *h = render(&html_quiet, dir);
    check_cmp_figures(h, 0);
    CHECK_LACKS_ALL(h, "id=\"fig-overlay", "id=\"fig-change", "change vs baseline");
    CHECK_INT_EQ(count(h, "<svg class=\"fig\" id=\"fig-violin"), 1);
    CHECK_INT_EQ(count(h, "<path class=\"violin\""), 3);
    CHECK_INT_EQ(count(h, "<line class=\"violin-median\""), 3);
    CHECK_CONTAINS_ALL(h, "<section id=\"violins\"><h2>Groups compared</h2>",
                       "<span class=\"id\">rssm_prediction</span> <span class=\"muted\">3 "
                       "members</span>",
                       "<text class=\"member\"");
    CHECK_LACKS_ALL(h, "class=\"logtick-x\"", "(log scale)");
    free(h);

    printf("a group whose parameters span more than 10x: log axes with 1-2-5 ticks\n");
    set_summary_field(dir, 2, "parameter", json_string("100"));
    h = render(&html_quiet, dir);
    char *g = between(h, "id=\"fig-group0\"", "</svg>");
    CHECK_CONTAINS_ALL(g, "horizon (log scale)", "<text class=\"logtick-x\"", ">1</text>",
                       ">10</text>", ">100</text>", ">50</text>");
    CHECK_INT_EQ(count(g, "class=\"logtick-x\""), 7); /* 1 2 5 10 20 50 100 */
    free(g);
    free(h);
}

static void test_kernels_only_fields(void) {
    char dir[4096];
    PATHF(dir, "%s/plain_run", work);
    make_run(dir, 0);
    printf("a run that declares published figures and an ISA shows them\n");
    char *h = render(&html_quiet, dir);
    CHECK_CONTAINS_ALL(h, "ratio to published</th>", "<tr><th>ISA</th><td>avx2</td></tr>",
                       "Ratios to published figures");
    free(h);
    static const invocation md_with = {.arg = {"@A", "--markdown"},
                                       .status = 0,
                                       .out = {"| throughput | published |", "ISA avx2"}};
    expect_invocations(&md_with, 1, dir, NULL);

    printf("a run that declares neither: no published column, no ISA row\n");
    for (size_t k = 0; k < NSPEC; k++) {
        set_summary_field(dir, k, "published_ns", NULL);
        set_summary_field(dir, k, "published_ratio", NULL);
    }
    char path[4096];
    PATHF(path, "%s/provenance.json", dir);
    json_t *p = json_load_file(path, 0, NULL);
    json_object_del(json_object_get(p, "user"), "isa_dispatched");
    write_json(dir, "provenance.json", p);
    json_decref(p);
    rehash(dir);
    h = render(&html_quiet, dir);
    CHECK_LACKS_ALL(h, "published", "<th>ISA</th>", "isa unknown", "not recorded");
    CHECK_CONTAINS(h, "<th class=\"num\">fit residual</th></tr>");
    free(h);
    static const invocation md_without[] = {
        {.arg = {"@A", "--markdown"},
         .status = 0,
         .out = {"| throughput |\n"},
         .lacks = {"published", "ISA", "Published"}},
        {.arg = {"@A", "--format", "markdown"},
         .status = 0,
         .out = {"| outliers |"},
         .lacks = {"published", "ISA"}},
    };
    expect_invocations(md_without, NELEM(md_without), dir, NULL);
}

void test_comparison_figures(void) {
    test_baseline_figures();
    test_ab_figures();
    test_no_comparison();
    test_kernels_only_fields();
}
