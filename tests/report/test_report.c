/* test_report.c - the tock-report test program: main and the tests of
 * REPORT.html, the Markdown, fits, --agree, exports, comparisons and bad
 * input; the sweep, README and hardening tests are in test_report_more.c,
 * the fixture in report_fixture.c. Together they drive tock-report on run directories this test writes
 * itself (so every expected number is known): REPORT.html, the publishable
 * Markdown, the four export formats, --update-readme / --check-readme, the
 * run's own scaling fits and crossovers (and runs without them), --agree
 * between two runs with known overlaps, the sweep sections (a 3-axis and a
 * 1-axis grid: their figures, table and record counts, their records left
 * out of the summary table), and the bad-input paths (missing, corrupt,
 * truncated or edited files, including sweeps/, missing fields,
 * interrupted runs, usage errors). Hardening: --out (and the README of
 * --update-readme) refuses a symbolic link, FIFO or directory and '-' is
 * stdout; no input file that is a FIFO, /dev/zero or over the size limit
 * makes it block or read (every such run is killed after 20 s, so a hang
 * fails a check); an "inconclusive" verdict fails JUnit and shows in
 * REPORT.html and the Markdown; --validate names every changed, missing or
 * unlisted file. It must never depend on a measured time: the fixture's
 * numbers are made up and fixed.
 *
 * usage: tock_test_report PATH/TO/tock-report WORK_DIR
 */
#include "report_fixture.h"

void test_html(void) {
    printf("REPORT.html of a complete run\n");
    char dir[4096];
    PATHF(dir, "%s/good", work);
    make_run(dir, 0);
    static const invocation html = {.arg = {"@A"}, .status = 0, .out = {"REPORT.html"}};
    char *h = render(&html, dir);
    CHECK(h != NULL, "REPORT.html exists");
    /* one group figure, the violin of rssm_prediction's 3 members (the only
     * group with two or more), plus two per benchmark */
    CHECK_INT_EQ(count(h, "<svg"), 2 + 2 * NSPEC);
    CHECK_INT_EQ(count(h, "</svg>"), 2 + 2 * NSPEC);
    CHECK_CONTAINS(h, "<title>tock run 20260101T000000Z-abc</title>");
    CHECK_CONTAINS(h, "rssm_prediction/{horizon}");
    /* least squares through (1, 100 us), (5, 400 us), (10, 700 us):
     * slope 2700 / 40.667 = 66.393 us, intercept 400 - 66.393 * 16/3 = 45.902 us */
    CHECK_CONTAINS_ALL(h, "b = 66.393 \xc2\xb5s per horizon", "a = 45.902 \xc2\xb5s",
                       "Tukey fences, 1.5 IQR", "class=\"fence-severe\"", "100.00 \xc2\xb5s",
                       "Test CPU, 8 cores", "avx2",
                       "fixture &lt;&amp;&gt; &quot;quoted&quot;", /* escaped */
                       "id=\"tock-selfcheck\"");
    CHECK_LACKS_ALL(h, "Incomplete run", "<script src", "https://", "<link");
    CHECK_INT_EQ(count(h, "http://"), count(h, "xmlns=\"http://www.w3.org/2000/svg\""));
    /* a run without "fits" (written before the framework fitted): the line
     * fitted here, labelled so, and nothing about fits it does not have */
    CHECK_CONTAINS(h, "least squares: 45.902 \xc2\xb5s + 66.393 \xc2\xb5s per horizon");
    CHECK_CONTAINS(h, "The line is fitted here from summary.json; it is not a measurement of "
                      "its own.</p>");
    CHECK_CONTAINS(h, ">horizon</text>");
    CHECK_LACKS_ALL(h, "Scaling:", "class=\"fitline\"", "The run stored no scaling fit",
                    "Crossovers");
    char *gf = between(h, "id=\"fig-group0\"", "</svg>");
    CHECK_INT_EQ(count(gf, "<polygon class=\"band\""), 0);
    CHECK_INT_EQ(count(gf, "<polyline class=\"fit\""), 1);
    free(gf);
    free(h);
    char tmp[4096];
    PATHF(tmp, "%s/REPORT.html.tmp", dir);
    CHECK(!exists(tmp), "no temporary file left behind");

    printf("--out writes elsewhere and leaves the run alone\n");
    char other[4096];
    PATHF(other, "%s/elsewhere.html", work);
    run_result r = tool2(dir, "--out", other, NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    CHECK(exists(other), "the --out file exists");
    run_free(&r);
}

void test_markdown(void) {
    printf("--markdown: the publishable table\n");
    char dir[4096];
    PATHF(dir, "%s/good", work);
    static const invocation md = {
        .arg = {"@A", "--markdown"},
        .status = 0,
        .out = {"| horizon | time | 95% interval | throughput | published |",
                "| 1 | 100.00 us | [90.000 us, 110.00 us] | 10.000 Kelem/s | 50.000 us (2.00x) |",
                "| 10 | 700.00 us |",
                "- `state_history/record_step`: 5.5000 ns [4.9500 ns, 6.0500 ns]; published "
                "2.4000 ns (2.29x)",
                "Machine: Test CPU, 8 cores (x86_64, ISA avx2, 8 logical CPUs), 1 thread, gcc "
                "12.2.0."},
        .lacks = {"- `rssm_prediction/1`" /* in the table, not repeated */, "Scaling",
                  "Crossover"}};
    expect_invocations(&md, 1, dir, NULL);
}

void test_fits_html(void) {
    printf("REPORT.html of a run with fits: the run's own line, stated verbatim\n");
    char dir[4096];
    PATHF(dir, "%s/fits", work);
    make_run(dir, F_FITS);
    char *h = render(&html_quiet, dir);
    CHECK_INT_EQ(count(h, "<svg"), 2 + 2 * NSPEC); /* group figure and violin */

    printf("the summary: one line per fit, linked to its figure when it has one\n");
    char *sum = between(h, "<section id=\"summary\">", "<table");
    CHECK_CONTAINS(sum, "<p class=\"scaling\">Scaling: <a href=\"#group0\"><strong>" FIT_LINE
                        "</strong>, R&sup2; = 0.9987</a> <span class=\"muted\">(the run's own "
                        "fit, 95% wild-bootstrap intervals)</span></p>");
    CHECK_CONTAINS(sum, "<p class=\"scaling\">Scaling: <strong>" FIT2_LINE "</strong>, R&sup2; = "
                        "0.9500 <span");
    CHECK_INT_EQ(count(sum, "<p class=\"scaling\">"), 2);
    free(sum);

    printf("the group figure draws the stored fit, not one of its own\n");
    char *grp = between(h, "<article id=\"group0\">", "</article>");
    CHECK_CONTAINS_ALL(grp,
                       "<h3><span class=\"id\">rssm_prediction/{horizon}</span></h3>\n"
                       "<p class=\"fitline\"><strong>" FIT_LINE "</strong>, R&sup2; = 0.9987 "
                       "<span class=\"muted\">(the run's own fit, 95% wild-bootstrap "
                       "intervals)</span></p>",
                       ">the run&#39;s fit: 20.000 \xc2\xb5s + 68.000 \xc2\xb5s per "
                       "step</text>",
                       ">slope&#39;s 95% interval (at the fitted intercept)</text>",
                       ">horizon [step]</text>");
    CHECK_INT_EQ(count(grp, "<polygon class=\"band\""), 1);
    CHECK_INT_EQ(count(grp, "<polyline class=\"fit\""), 1);
    CHECK_LACKS(grp, "66.393");
    CHECK_LACKS(grp, "least squares");
    CHECK_LACKS(grp, "fitted here");
    CHECK_CONTAINS(grp, "The run's own scaling fit (summary.json &ldquo;fits&rdquo;, made by tock "
                        "when the run was measured): a relative weighted least-squares line "
                        "time = a + b &middot; horizon through the 3 typical times (step 1..10), "
                        "with 95% wild-bootstrap intervals: b is the cost of one more step, "
                        "a = 20.000 \xc2\xb5s [10.000 \xc2\xb5s, 30.000 \xc2\xb5s] the fixed "
                        "cost of a call, R&sup2; = 0.9987.");
    CHECK_CONTAINS(grp, "O(n) was the best complexity class in 97% of the resamples.");
    /* residuals against 20 us + 68 us n: +12 us, +40 us, 0 */
    CHECK_CONTAINS(grp, "<td class=\"num\">+12.000 \xc2\xb5s</td>");
    CHECK_CONTAINS(grp, "<td class=\"num\">+40.000 \xc2\xb5s</td>");
    CHECK_CONTAINS(grp, "<td class=\"num\">0</td>");
    free(grp);

    printf("the crossovers, listed under the fits\n");
    char *cr = between(h, "<article id=\"crossovers\">", "</article>");
    CHECK_CONTAINS(cr, "<li>" CROSS_AT "</li>");
    CHECK_CONTAINS(cr, "<li>" CROSS_UNCLEAR "</li>");
    free(cr);
    const char *g0 = h ? strstr(h, "id=\"group0\"") : NULL,
               *c0 = h ? strstr(h, "id=\"crossovers\"") : NULL,
               *be = h ? strstr(h, "<section id=\"benchmarks\"") : NULL;
    CHECK(g0 && c0 && be && g0 < c0 && c0 < be, "crossovers after the group figures, in their "
                                                "section");
    free(h);

    printf("a run with an empty \"fits\": the line fitted here, and why\n");
    set_summary_top(dir, "fits", json_array());
    set_summary_top(dir, "crossovers", json_array());
    h = render(&html_ok, dir);
    CHECK_CONTAINS(h, "b = 66.393 \xc2\xb5s per horizon");
    CHECK_CONTAINS(h, "it is not a measurement of its own. The run stored no scaling fit for "
                      "this group (tock fits groups with at least three distinct parameter "
                      "values above zero).</p>");
    CHECK_LACKS(h, "Scaling:");
    CHECK_LACKS(h, "id=\"crossovers\"");
    free(h);
}

void test_fits_markdown(void) {
    printf("--markdown of a run with fits: the fit line under its table\n");
    char dir[4096];
    PATHF(dir, "%s/fits_md", work);
    make_run(dir, F_FITS);
    EXPECT(
        dir, NULL, .arg = {"@A", "--markdown"}, .status = 0,
        .out = {"| 10 | 700.00 us | [630.00 us, 770.00 us] | 14.286 Kelem/s | 280.00 us "
                "(2.50x) |\n\nScaling (the run's own fit, 95% wild-bootstrap intervals): " FIT_LINE
                ", R^2 = 0.9987.\n\nScaling (the run's own fit, 95% wild-bootstrap "
                "intervals): " FIT2_LINE ", R^2 = 0.9500.\n\nCrossovers of the fitted "
                "groups:\n\n- " CROSS_AT "\n- " CROSS_UNCLEAR "\n\nOther benchmarks:\n\n"});
}

static const bad_case bad_fits[] = {
    {"\"fits\" not an array", B_TOP, "fits", "{}", NULL, 0, "summary.json: field 'fits'",
     "expected an array, found an object"},
    {"a fit without its fields", B_TOP, "fits", "[{\"group\": \"rssm_prediction\"}]", NULL, 0,
     "field 'fits[0].points'", "a non-negative integer"},
    {"a fit without a group", B_TOP, "fits", "[{\"unit\": \"us\"}]", NULL, 0,
     "field 'fits[0].group'", "a string"},
    {"a crossover of an unknown kind", B_TOP, "crossovers",
     "[{\"a\": \"a\", \"b\": \"b\", \"kind\": \"sideways\", \"at\": {\"point\": 1.0, "
     "\"lower\": 0.0, \"upper\": 2.0}, \"lo\": 1.0, \"hi\": 10.0, \"share_a_below\": 0.4, "
     "\"share_b_below\": 0.1, \"share_cross\": 0.5, \"text\": \"t\"}]",
     NULL, 0, "field 'crossovers[0].kind'", "found \"sideways\""},
    {"\"crossovers\" not an array", B_TOP, "crossovers", "\"none\"", NULL, 0, "field 'crossovers'",
     "an array"},
};

void test_fits_bad_input(void) {
    char dir[4096];
    PATHF(dir, "%s/fits_bad", work);
    expect_bad_cases(dir, F_FITS, bad_fits, NELEM(bad_fits));

    make_run(dir, F_FITS);
    set_summary_top(dir, "fits",
                    json_pack("[o]", fit_json("rssm_prediction", FIT_LINE, 1.0, 2.0, 0.9, 1.0)));
    {
        char path[4096];
        PATHF(path, "%s/summary.json", dir);
        json_t *sj = json_load_file(path, 0, NULL);
        json_object_set_new(
            json_object_get(json_array_get(json_object_get(sj, "fits"), 0), "slope"), "upper",
            json_string("wide"));
        write_json(dir, "summary.json", sj);
        json_decref(sj);
        rehash(dir);
    }
    expect_input_error("a fit's slope bound not a number", dir, "field 'fits[0].slope.upper'",
                       "expected a number or null, found a string");
}

/* ---- --agree ---- */

void test_agree(void) {
    char a[4096], b[4096];
    PATHF(a, "%s/agree_a", work);
    PATHF(b, "%s/agree_b", work);

    printf("--agree: a run against itself: every interval overlaps\n");
    make_run(a, 0);
    EXPECT(a, b, .arg = {"--agree", "@A", "@A"}, .status = 0,
           .out = {"\nagree: 6 of 6 ids (100.0%) have overlapping typical intervals\n",
                   "only in A: none\nonly in B: none\n"},
           .lacks = {"sweep"});

    printf("--agree: known overlaps, a touching pair, ids in one run only\n");
    make_run(b, 0);
    /* rssm_prediction/1: [90, 110] us vs [95, 115] us: overlap, +5% */
    set_summary_field(b, 0, "typical", est(105e3, 95e3, 115e3));
    /* state_history/record_step: [4.95, 6.05] ns vs [6.1, 7.9] ns: apart */
    set_summary_field(b, 3, "typical", est(7.0, 6.1, 7.9));
    /* weight_delta/clone: [765, 935] ns vs [935, 1100] ns: touching counts */
    set_summary_field(b, 4, "typical", est(1000.0, 1.1 * 850.0, 1100.0));
    set_summary_field(b, 2, "id", json_string("rssm_prediction/20"));
    drop_bench(b, 5); /* reference/weight_stream_step */
    run_result r = tool2("--agree", a, b, NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    char want[1024];
    PATHF(want,
          "A: %s (run 20260101T000000Z-abc, 95%% intervals)\nB: %s (run "
          "20260101T000000Z-abc, 95%% intervals)\n",
          a, b);
    CHECK(strncmp(r.out, want, strlen(want)) == 0, "the header names both runs");
    CHECK_CONTAINS_ALL(r.out,
                       "\nID                         overlap      diff  A typical [lower, "
                       "upper]              B typical [lower, upper]\n",
                       "\nrssm_prediction/1          yes        +5.00%  100.00 us "
                       "[90.000 us, 110.00 us]      105.00 us [95.000 us, 115.00 us]\n",
                       "\nrssm_prediction/5          yes        +0.00%  ",
                       "\nstate_history/record_step  no        +27.27%  5.5000 ns "
                       "[4.9500 ns, 6.0500 ns]      7.0000 ns [6.1000 ns, 7.9000 ns]\n",
                       "\nweight_delta/clone         yes       +17.65%  ",
                       "\nonly in A (2): rssm_prediction/10 reference/weight_stream_step\n"
                       "only in B (1): rssm_prediction/20\n"
                       "agree: 3 of 4 ids (75.0%) have overlapping typical intervals\n");
    CHECK(r.out && r.out[0] && strstr(r.out, "agree: 3 of 4") &&
              strcmp(strstr(r.out, "agree: 3 of 4"), "agree: 3 of 4 ids (75.0%) have "
                                                     "overlapping typical intervals\n") == 0,
          "the agree line is the last");
    CHECK_LACKS(r.out, "agree (sweep records)");
    run_free(&r);

    printf("--agree: sweep records counted apart as well\n");
    make_run(a, F_SWEEP);
    make_run(b, F_SWEEP);
    set_summary_field(b, NSPEC, "typical", est(1e6, 0.9e6, 1.1e6)); /* one sweep record far off */
    EXPECT(a, b, .arg = {"--agree", "@A", "@B"}, .status = 0,
           .out = {"agree (sweep records): 34 of 35 ids (97.1%) have overlapping typical "
                   "intervals\nagree (other records): 6 of 6 ids (100.0%) have overlapping "
                   "typical intervals\nagree: 40 of 41 ids (97.6%) have overlapping typical "
                   "intervals\n",
                   "  (sweep cc)\n", "  (sweep line)\n"});

    printf("--agree --out writes the file\n");
    char outp[4096];
    PATHF(outp, "%s/agree.txt", work);
    r = tool2("--agree", a, b, "--out", outp);
    CHECK_INT_EQ(r.status, 0);
    char *t = slurp(outp, NULL);
    CHECK_CONTAINS(t, "agree: 40 of 41 ids (97.6%)");
    free(t);
    run_free(&r);

    printf("--agree: bad input exits 2 naming the file\n");
    char path[4096];
    PATHF(path, "%s/summary.json", b);
    remove(path);
    EXPECT(a, b, .arg = {"--agree", "@A", "@B"}, .status = 2,
           .err = {"agree_b/summary.json: cannot read"});
    make_run(b, 0);
    spit(path, "{\"schema\": \"tock.summary/1\", \"benchmarks\": [", 43);
    rehash(b);
    EXPECT(a, b, .arg = {"--agree", "@B", "@A"}, .status = 2,
           .err = {"agree_b/summary.json: not valid JSON"});

    printf("--agree: usage errors exit 2\n");
    static const invocation agree_usage[] = {
        {.arg = {"--agree", "@A"}, .status = 2, .err = {"--agree takes two run directories"}},
        {.arg = {"--agree", "@A", "@A", "--markdown"}, .status = 2, .err = {"exclude each other"}},
        {.arg = {"@A", "@B"}, .status = 2, .err = {"expected one RUN_DIR"}},
        {.arg = {"--agree", "@A", "@A", "@A"}, .status = 2, .err = {"at most two run directories"}},
    };
    expect_invocations(agree_usage, NELEM(agree_usage), a, b);
}

/* Google Benchmark's time units (and Bencher's cpp_google reads these too) */
static int gbench_unit(const char *u) {
    return u && (strcmp(u, "ns") == 0 || strcmp(u, "us") == 0 || strcmp(u, "ms") == 0 ||
                 strcmp(u, "s") == 0);
}

/* What the consumers of --format gbench read, field by field (tests/report/
 * compare_py.sh runs the real compare.py; the other two are not installable
 * here, so their parsers' reads are checked as their sources spell them):
 *  - github-action-benchmark, tool 'googlecpp': for every entry of
 *    "benchmarks": name (the chart series, so one entry per name), real_time
 *    (the value), time_unit (unit = time_unit + "/iter"), and iterations,
 *    cpu_time, threads (the tooltip); an empty array is an error there.
 *  - Bencher, adapter cpp_google: context.caches (an array of objects),
 *    name (1..1024 characters; a repeated name overwrites), real_time (a
 *    number), time_unit (ps, ns, us, ms or s).
 *  - compare.py: name, real_time, cpu_time, time_unit (entries without them
 *    are skipped silently), run_type, and the sort keys family_index,
 *    per_family_instance_index, repetition_index. */
static void consumers_gbench(json_t *g) {
    json_t *arr = json_object_get(g, "benchmarks"), *caches, *b, *c;
    caches = json_object_get(json_object_get(g, "context"), "caches");
    int caches_ok = json_is_array(caches);
    size_t i, j;
    json_array_foreach(caches, i, c) {
        if (!json_is_object(c)) caches_ok = 0;
    }
    CHECK(caches_ok, "Bencher: context.caches is an array of objects");
    CHECK(json_array_size(arr) > 0, "github-action-benchmark: at least one benchmark");
    int ok = 1, unique = 1;
    json_array_foreach(arr, i, b) {
        const char *name = json_string_value(json_object_get(b, "name"));
        if (!name || !*name || strlen(name) > 1024) ok = 0;
        if (!json_is_number(json_object_get(b, "real_time")) ||
            !json_is_number(json_object_get(b, "cpu_time")) ||
            !json_is_integer(json_object_get(b, "iterations")) ||
            !json_is_integer(json_object_get(b, "threads")) ||
            !gbench_unit(json_string_value(json_object_get(b, "time_unit"))))
            ok = 0;
        for (j = 0; j < i && name; j++) {
            const char *other = json_string_value(json_object_get(json_array_get(arr, j), "name"));
            if (other && strcmp(other, name) == 0) unique = 0;
        }
    }
    CHECK(ok, "every entry has name, real_time, cpu_time, iterations, threads and a Google "
              "Benchmark time_unit (github-action-benchmark, Bencher, compare.py)");
    CHECK(unique, "one entry per name (github-action-benchmark's series, Bencher's key)");
}

static double num_at(json_t *b, const char *key) {
    return json_number_value(json_object_get(b, key));
}

static int str_is(json_t *b, const char *key, const char *want) {
    const char *v = json_string_value(json_object_get(b, key));
    return v && strcmp(v, want) == 0;
}

/* tock-report dir --format format: exit 0 and JSON on stdout, returned */
static json_t *export_json(const char *dir, const char *format) {
    run_result r = tool2(dir, "--format", format, NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    json_error_t e;
    json_t *g = json_loads(r.out, 0, &e);
    CHECK(g != NULL, "output is JSON (%s)", g ? "ok" : e.text);
    run_free(&r);
    return g;
}

static void test_gbench_samples(const char *dir) {
    printf("--format gbench-samples: every sample a repetition, then the aggregates\n");
    json_t *g = export_json(dir, "gbench-samples");
    json_t *arr = json_object_get(g, "benchmarks");
    static const char *const aggs[] = {"mean", "median", "stddev", "cv", "typical"};
    CHECK_INT_EQ(json_array_size(arr), NSPEC * (NSAMP + 5));
    int reps_ok = 1, times_ok = 1, aggs_ok = 1, values_ok = 1;
    for (size_t k = 0; k < NSPEC; k++) {
        const spec *s = &specs[k];
        uint64_t d = s->typical > 1e5 ? 1 : s->typical > 100 ? 50 : 20000; /* as make_run */
        size_t base = k * (NSAMP + 5);
        for (int i = 0; i < NSAMP; i++) {
            json_t *b = json_array_get(arr, base + (size_t)i);
            double f = 1.0 + 0.03 * sin(1.7 * (i + 1)) + (i + 1 == 7 ? 2.0 : 0.0);
            json_int_t iters = (json_int_t)(d * (uint64_t)(i + 1));
            if (!str_is(b, "name", s->id) || !str_is(b, "run_name", s->id) ||
                !str_is(b, "run_type", "iteration") ||
                json_integer_value(json_object_get(b, "repetitions")) != NSAMP ||
                json_integer_value(json_object_get(b, "repetition_index")) != i ||
                json_integer_value(json_object_get(b, "iterations")) != iters)
                reps_ok = 0;
            double t = num_at(b, "real_time");
            if (fabs(t / (s->typical * f) - 1.0) > 1e-12 || num_at(b, "cpu_time") != t ||
                !str_is(b, "time_unit", "ns"))
                times_ok = 0;
        }
        for (size_t a = 0; a < 5; a++) {
            json_t *b = json_array_get(arr, base + NSAMP + a);
            char name[256];
            PATHF(name, "%s_%s", s->id, aggs[a]);
            if (!str_is(b, "name", name) || !str_is(b, "run_name", s->id) ||
                !str_is(b, "run_type", "aggregate") || !str_is(b, "aggregate_name", aggs[a]) ||
                !str_is(b, "aggregate_unit", a == 3 ? "percentage" : "time") ||
                json_object_get(b, "repetition_index") != NULL ||
                json_integer_value(json_object_get(b, "repetitions")) != NSAMP ||
                json_integer_value(json_object_get(b, "iterations")) != NSAMP)
                aggs_ok = 0;
        }
        /* summary.json's figures, as the fixture wrote them */
        double mean = s->typical * 1.02, sd = s->typical * 0.1;
        double want[5] = {mean, s->typical, sd, sd / mean, s->typical};
        for (size_t a = 0; a < 5; a++)
            if (num_at(json_array_get(arr, base + NSAMP + a), "real_time") != want[a])
                values_ok = 0;
    }
    CHECK(reps_ok, "NSAMP repetitions per benchmark: name, repetitions, repetition_index, "
                   "iterations of each sample");
    CHECK(times_ok, "real_time of a repetition is its sample's ns / iterations");
    CHECK(aggs_ok, "aggregates _mean, _median, _stddev, _cv (percentage), _typical");
    CHECK(values_ok, "aggregate values are summary.json's mean, median, std_dev, std_dev/mean "
                     "and typical");
    json_t *typ = json_array_get(arr, NSAMP + 4);
    CHECK(num_at(typ, "typical_lower_ns") == 0.9 * specs[0].typical,
          "_typical carries the interval");
    json_decref(g);
}

static void test_bmf(const char *dir) {
    printf("--format bmf: Bencher Metric Format\n");
    json_t *g = export_json(dir, "bmf");
    CHECK(json_is_object(g), "a JSON object of benchmarks");
    CHECK_INT_EQ(json_object_size(g), NSPEC);
    int shape = 1, exact = 1;
    const char *id;
    json_t *measures, *m;
    json_object_foreach(g, id, measures) {
        const char *mname;
        if (!json_is_object(measures) || json_object_size(measures) == 0) shape = 0;
        json_object_foreach(measures, mname, m) {
            /* BMF: "value" required, "lower_value" and "upper_value" optional
             * numbers, nothing else; a measure slug is at most 64 characters */
            if (!json_is_number(json_object_get(m, "value")) || strlen(mname) > 64) shape = 0;
            const char *key;
            json_t *v;
            json_object_foreach(m, key, v) {
                if (!json_is_number(v) ||
                    (strcmp(key, "value") != 0 && strcmp(key, "lower_value") != 0 &&
                     strcmp(key, "upper_value") != 0))
                    shape = 0;
            }
        }
    }
    for (size_t k = 0; k < NSPEC; k++) {
        json_t *lat = json_object_get(json_object_get(g, specs[k].id), "latency");
        if (num_at(lat, "value") != specs[k].typical ||
            num_at(lat, "lower_value") != 0.9 * specs[k].typical ||
            num_at(lat, "upper_value") != 1.1 * specs[k].typical)
            exact = 0;
    }
    CHECK(shape, "every benchmark maps measures to {value, lower_value, upper_value} numbers");
    CHECK(exact, "latency is the typical time with its interval, in ns");
    json_t *b = json_object_get(g, "rssm_prediction/1");
    CHECK(json_object_get(b, "throughput") != NULL, "element throughput is Bencher's throughput");
    CHECK(num_at(json_object_get(b, "throughput"), "value") == 1.0 / (100e3 * 1e-9),
          "throughput value is the stored per-second rate");
    b = json_object_get(g, "weight_delta/clone");
    CHECK(json_object_get(b, "bytes-per-second") != NULL && !json_object_get(b, "throughput"),
          "byte throughput is its own measure, bytes-per-second");
    CHECK_INT_EQ(json_object_size(json_object_get(g, "state_history/record_step")), 1);
    json_decref(g);
}

void test_exports(void) {
    char dir[4096];
    PATHF(dir, "%s/good", work);

    printf("--format gbench: Google Benchmark JSON\n");
    json_t *g = export_json(dir, "gbench");
    json_t *ctx = json_object_get(g, "context"), *arr = json_object_get(g, "benchmarks");
    CHECK(json_is_object(ctx), "context is an object");
    CHECK(json_is_array(json_object_get(ctx, "caches")), "context.caches is an array (Bencher)");
    CHECK(json_is_string(json_object_get(ctx, "date")), "context.date is a string");
    CHECK(json_is_integer(json_object_get(ctx, "num_cpus")), "context.num_cpus is an integer");
    CHECK_INT_EQ(json_array_size(arr), NSPEC);
    size_t i;
    json_t *b;
    int fields_ok = 1, exact = 1;
    json_array_foreach(arr, i, b) {
        static const char *const str_keys[] = {"name", "run_name", "run_type", "time_unit"};
        static const char *const int_keys[] = {"family_index", "per_family_instance_index",
                                               "repetitions",  "repetition_index",
                                               "threads",      "iterations"};
        for (size_t k = 0; k < 4; k++)
            if (!json_is_string(json_object_get(b, str_keys[k]))) fields_ok = 0;
        for (size_t k = 0; k < 6; k++)
            if (!json_is_integer(json_object_get(b, int_keys[k]))) fields_ok = 0;
        if (!json_is_number(json_object_get(b, "real_time")) ||
            !json_is_number(json_object_get(b, "cpu_time")))
            fields_ok = 0;
        if (json_number_value(json_object_get(b, "real_time")) != specs[i].typical) exact = 0;
    }
    CHECK(fields_ok, "every benchmark has the Google Benchmark fields with their types");
    CHECK(exact, "real_time reads back exactly as summary.json's typical time");
    b = json_array_get(arr, 1);
    CHECK(strcmp(json_string_value(json_object_get(b, "run_type")), "iteration") == 0,
          "run_type is \"iteration\"");
    CHECK(strcmp(json_string_value(json_object_get(b, "time_unit")), "ns") == 0, "time_unit ns");
    CHECK_INT_EQ(json_integer_value(json_object_get(b, "family_index")), 0);
    CHECK_INT_EQ(json_integer_value(json_object_get(b, "per_family_instance_index")), 1);
    CHECK(json_is_number(json_object_get(json_array_get(arr, 4), "bytes_per_second")),
          "bytes throughput becomes bytes_per_second");
    b = json_array_get(arr, 3); /* the fixture's CPU time and counters */
    CHECK_DBL_EQ(num_at(b, "cpu_time"), 4.5);
    CHECK_DBL_EQ(num_at(b, "lookups"), 3.0);
    CHECK_DBL_EQ(num_at(b, "median_ns"), specs[3].typical); /* not the counter's 1 */
    CHECK_DBL_EQ(num_at(json_array_get(arr, 2), "cpu_time"), specs[2].typical);
    consumers_gbench(g);
    json_decref(g);

    test_gbench_samples(dir);
    test_bmf(dir);

    printf("--format csv, --format markdown\n");
    static const invocation tables[] = {
        {.arg = {"@A", "--format", "csv"},
         .status = 0,
         .out = {"run_id,status,commit,", ",\"Test CPU, 8 cores\",x86_64,avx2,1,rssm_prediction/1,",
                 ",rssm_prediction,,1,latency,100000,90000,"},
         .counts = {{"\r\n", 1 + NSPEC}}},
        {.arg = {"@A", "--format", "markdown"},
         .status = 0,
         .out = {"| `weight_delta/clone` | latency | 850.00 ns |"},
         .counts = {{"\n| `", NSPEC}}},
    };
    expect_invocations(tables, NELEM(tables), dir, NULL);

    printf("--format junit, --out\n");
    char xml[4096];
    PATHF(xml, "%s/junit.xml", work);
    run_result r = tool2(dir, "--format", "junit", "--out", xml);
    CHECK_INT_EQ(r.status, 0);
    char *x = slurp(xml, NULL);
    CHECK(x != NULL, "junit.xml written");
    CHECK_INT_EQ(count(x, "<testcase "), NSPEC);
    CHECK_CONTAINS(x, "failures=\"0\"");
    CHECK_LACKS(x, "<failure");
    CHECK_CONTAINS(x, "<system-out>state_history/record_step: typical 5.5000 ns");
    CHECK_CONTAINS(x, "value=\"Test CPU, 8 cores\"");
    free(x);
    run_free(&r);

    printf("--format junit with a regression verdict: one failure, exit 1\n");
    char reg[4096];
    PATHF(reg, "%s/compared", work);
    make_run(reg, F_COMPARED);
    static const invocation junit = {
        .arg = {"@A", "--format", "junit"},
        .status = 1,
        .out = {"failures=\"1\"", "change +12.00% [+9.00%, +15.00%]; verdict regressed</failure>"},
        .err = {"1 benchmark regressed"},
        .counts = {{"<failure ", 1}}};
    expect_invocations(&junit, 1, reg, NULL);
}

void test_comparison(void) {
    char dir[4096], good[4096];
    PATHF(dir, "%s/compared", work);
    PATHF(good, "%s/good", work);
    make_run(dir, F_COMPARED);

    printf("a run compared against a baseline shows the changes and verdicts\n");
    static const invocation html = {.arg = {"@A", "--baseline", "main"}, .status = 0};
    char *h = render(&html, dir);
    CHECK_CONTAINS_ALL(h, "change vs baseline (decided)</th>",
                       "Compared against baseline <code>main</code>: 1 regressed, 1 improved.",
                       "+12.00%<span class=\"verdict regressed\">regressed</span></span> "
                       "<span class=\"muted nowrap\">[+9.00%, +15.00%]</span>",
                       "-8.00%", "verdict improved", "not in the baseline",
                       "differs from the baseline's:</strong> threads: baseline &#39;2&#39;, "
                       "current &#39;1&#39;.");
    free(h);
    static const invocation md = {
        .arg = {"@A", "--format", "markdown"},
        .status = -1,
        .out = {"| +12.00% [+9.00%, +15.00%] regressed |", "Change against baseline `main`"}};
    expect_invocations(&md, 1, dir, good);

    printf("--baseline names a comparison the run must hold\n");
    static const invocation named[] = {
        {.arg = {"@A", "--baseline", "other"},
         .status = 2,
         .err = {"compares against 'main', not 'other'"}},
        {.arg = {"@B", "--baseline", "main"},
         .status = 2,
         .err = {"holds no comparison", "tock-perf --baseline main"}},
        {.arg = {"@A", "--baseline", "main", "--format", "csv"}, .status = 2},
    };
    expect_invocations(named, NELEM(named), dir, good);

    static const bad_case verdict = {
        "a malformed verdict is an input error naming the field",
        B_FIELD,
        "change",
        "{\"typical\": {\"point\": 0.1, \"lower\": 0.0, \"upper\": 0.2}, \"verdict\": \"worse\"}",
        NULL,
        0,
        "field 'benchmarks[0].change.verdict'",
        "found \"worse\""};
    expect_bad_cases(dir, F_COMPARED, &verdict, 1);
}

void test_interrupted(void) {
    printf("an interrupted run renders what completed and says so\n");
    char dir[4096];
    PATHF(dir, "%s/interrupted", work);
    make_run(dir, F_INTERRUPTED);
    char *h = render(&html_interrupted, dir);
    CHECK_CONTAINS(h, "Incomplete run: interrupted.");
    CHECK_CONTAINS(h, "4 of 6 selected benchmarks were measured");
    CHECK_CONTAINS(h, "weight_delta/clone</span> (interrupted before completion)");
    /* the banner comes before the summary table */
    const char *ban = h ? strstr(h, "Incomplete run") : NULL,
               *sum = h ? strstr(h, "id=\"summary\"") : NULL;
    CHECK(ban && sum && ban < sum, "the banner is at the top");
    CHECK_INT_EQ(count(h, "<svg"), 2 + 2 * (NSPEC - 2)); /* group figure and violin */
    free(h);
    static const invocation partial[] = {
        {.arg = {"@A", "--format", "junit"}, .status = 0, .counts = {{"<skipped ", 2}}},
        {.arg = {"@A", "--markdown"},
         .status = -1,
         .out = {"**Incomplete run (interrupted): 4 of 6 selected benchmarks measured.**"}},
    };
    expect_invocations(partial, NELEM(partial), dir, NULL);
}

/* one bad-input case: exit 2 and a message containing every needle */
static const bad_case bad_inputs[] = {
    {"manifest.json missing (killed run)", B_REMOVE, "manifest.json", NULL, NULL, 0,
     "manifest.json", "manifest.json last"},
    {"summary.json missing", B_REMOVE, "summary.json", NULL, NULL, 0, "summary.json",
     "cannot read"},
    {"summary.json not JSON", B_WRITE, "summary.json",
     "{\"schema\": \"tock.summary/1\", \"benchmarks\": ", NULL, 0, "summary.json: not valid JSON",
     "line"},
    {"summary.json of another schema", B_WRITE, "summary.json",
     "{\"schema\": \"tock.summary/2\", \"benchmarks\": []}", NULL, 0, "field 'schema'",
     "tock.summary/1"},
    {"summary.json truncated", B_TRUNCATE, "summary.json", NULL, NULL, 0, "summary.json",
     "changed after the run"},
    {"a missing field", B_FIELD, "typical", NULL, NULL, 2, "summary.json",
     "field 'benchmarks[2].typical': expected an object"},
    {"a field of the wrong type", B_FIELD, "samples", "\"twenty\"", NULL, 0,
     "'benchmarks[0].samples'", "expected a non-negative integer, found a string"},
    {"a bad enum value", B_FIELD, "throughput", "{\"kind\": \"apples\"}", NULL, 1,
     "benchmarks[1].throughput.kind", "apples"},
    {"a samples file missing", B_REMOVE, "samples/weight_delta_clone.csv", NULL, NULL, 0,
     "samples/weight_delta_clone.csv", "cannot read"},
    {"a samples row that is not numbers", B_WRITE, "samples/weight_delta_clone.csv",
     "iterations,ns\n1,2\n2,x\n", NULL, 0, "weight_delta_clone.csv line 3", "\"2,x\""},
    {"fewer sample rows than summary.json says", B_WRITE, "samples/weight_delta_clone.csv",
     "iterations,ns\n1,2\n2,4\n", NULL, 0, "2 rows", "records 20 samples"},
    {"a samples header", B_WRITE, "samples/weight_delta_clone.csv", "iters;ns\n", NULL, 0, "line 1",
     "iterations,ns"},
    {"provenance.json without its fields", B_WRITE, "provenance.json",
     "{\"schema\": \"tock.provenance/1\", \"git\": {}}", NULL, 0, "provenance.json",
     "field 'compiler'"},
    {"manifest.json not an object", B_WRITE, "manifest.json", "[1, 2]", NULL, 0, "manifest.json",
     "JSON object"},
};

void test_bad_input(void) {
    char dir[4096], path[4096];
    PATHF(dir, "%s/bad", work);

    expect_input_error("not a directory", "/nonexistent/tock/run", "manifest.json", "killed");
    expect_bad_cases(dir, 0, bad_inputs, NELEM(bad_inputs));

    printf("exports only need the JSON files; a missing samples file is no error there\n");
    make_run(dir, 0);
    PATHF(path, "%s/samples/weight_delta_clone.csv", dir);
    remove(path);
    static const invocation json_only[] = {{.arg = {"@A", "--format", "gbench"}, .status = 0},
                                           {.arg = {"@A", "--format", "bmf"}, .status = 0}};
    expect_invocations(json_only, NELEM(json_only), dir, NULL);
    printf("--format gbench-samples needs the samples: a missing file is an error\n");
    run_result r = tool2(dir, "--format", "gbench-samples", NULL, NULL);
    CHECK_INT_EQ(r.status, 2);
    CHECK_CONTAINS(r.err, "weight_delta_clone.csv");
    CHECK(r.out == NULL || r.out[0] == '\0', "nothing on stdout");
    run_free(&r);
}

/* ---- sweeps ---- */

/* the text from the first `from` up to the next `to` after it (malloc'd;
 * empty when `from` is absent) */

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s PATH/TO/tock-report WORK_DIR\n", argv[0]);
        return 2;
    }
    tool = argv[1];
    work = argv[2];
    rm_rf(work);
    mkdir_p(work);
    PATHF(scratch, "%s", work);
    test_html();
    test_markdown();
    test_fits_html();
    test_fits_markdown();
    test_fits_bad_input();
    test_agree();
    test_exports();
    test_comparison();
    test_interrupted();
    test_bad_input();
    test_sweep_html();
    test_sweep_exports();
    test_sweep_bad_input();
    test_sweep_interrupted();
    test_usage();
    test_readme();
    test_readme_fits();
    test_out_targets();
    test_inputs();
    test_inconclusive();
    test_validate();
    test_comparison_figures();
    test_user_api();
    return check_summary();
}
