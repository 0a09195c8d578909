/* test_report_user.c - what tock-report makes of the user API's fields
 * (tock.h's tock_counter, .threads, CPU time) and REPORT.html's in-page
 * links: the Counters section and the CPU time column appear only in runs
 * that have them; every "#..." link of the page, the header navigation
 * included, names an id the page has, in a time run, a run with sweeps and
 * fits, and a count run (--measure instructions, which has no Benchmarks
 * section); the gbench export's per-benchmark threads; the CSV export's
 * counter_<name> columns. Fixture runs (report_fixture.c); numbers made up.
 */
#include "report_fixture.h"

/* every href="#x" of html has an element id="x"; returns how many links
 * were checked, and checks each */
static size_t check_links(const char *html, const char *what) {
    size_t n = 0;
    int ok = 1;
    for (const char *p = html; (p = strstr(p, "href=\"#")) != NULL; n++) {
        p += strlen("href=\"#");
        const char *end = strchr(p, '"');
        if (!end) break;
        char id[512];
        int len = snprintf(id, sizeof id, "id=\"%.*s\"", (int)(end - p), p);
        if (len < 0 || (size_t)len >= sizeof id || !strstr(html, id)) {
            ok = 0;
            printf("  %s: no element with %s\n", what, id);
        }
        p = end;
    }
    CHECK(ok, "%s: every in-page link (%zu) names an id the page has", what, n);
    return n;
}

/* the header navigation's text */
static char *nav_of(const char *html) { return between(html, "<nav>", "</nav>"); }

/* a count run's summary.json (tock-perf --measure instructions) in place of
 * the fixture's: the same ids, "counts" instead of times */
static void make_count_run(const char *dir) {
    char path[4096];
    make_run(dir, 0);
    PATHF(path, "%s/summary.json", dir);
    json_t *s = json_load_file(path, 0, NULL);
    json_t *arr = json_object_get(s, "benchmarks"), *out = json_array();
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        json_t *c = json_pack("{s:I}", "iterations", (json_int_t)100);
        for (int k = 0; k < 9; k++) {
            static const char *const ev[9] = {"Ir",   "Dr",   "Dw",   "I1mr", "D1mr",
                                              "D1mw", "ILmr", "DLmr", "DLmw"};
            json_object_set_new(c, ev[k], json_real(1000.0 * (double)(i + 1) + k));
        }
        json_object_set_new(c, "est_cycles", json_real(1500.0 * (double)(i + 1)));
        json_t *r = json_pack("{s:O,s:O,s:O,s:O,s:O,s:o}", "id", json_object_get(o, "id"), "group",
                              json_object_get(o, "group"), "name", json_object_get(o, "name"),
                              "parameter", json_object_get(o, "parameter"), "mode",
                              json_object_get(o, "mode"), "counts", c);
        json_array_append_new(out, r);
    }
    json_object_set_new(s, "benchmarks", out);
    json_object_set_new(s, "measure", json_string("instructions"));
    write_json(dir, "summary.json", s);
    json_decref(s);
    rehash(dir);
}

static void test_counters_html(void) {
    char dir[4096];
    PATHF(dir, "%s/user", work);
    make_run(dir, 0);
    printf("REPORT.html: the fixture's counters and CPU time (benchmark 3)\n");
    char *h = render(&html_ok, dir);
    char *sec = between(h, "<section id=\"counters\">", "</section>");
    CHECK_CONTAINS_ALL(sec, "<h2>Counters</h2>", "<th>counter</th>", "<th>kind</th>",
                       "<code>lookups</code></td><td class=\"num\">3/iter</td><td>per_iteration",
                       "<code>median_ns</code></td><td class=\"num\">1</td><td>plain");
    CHECK_INT_EQ(count(sec, "<tr><td>"), 2); /* one row per counter, no more */
    char link[256];
    snprintf(link, sizeof link, "<a href=\"#b3\"><code>%s</code></a>", specs[3].id);
    CHECK_CONTAINS(sec, link);
    char *nav = nav_of(h);
    CHECK_CONTAINS_ALL(nav, "<a href=\"#counters\">Counters</a>",
                       "<a href=\"#benchmarks\">Benchmarks</a>");
    CHECK_CONTAINS_ALL(h, ">CPU time</th>", "CPU time 4.5000 ns");
    check_links(h, "time run with counters");
    free(nav);
    free(sec);
    free(h);

    printf("REPORT.html: a run without counters or CPU time has no such section or column\n");
    set_summary_field(dir, 3, "counters", json_object()); /* the framework's empty object */
    set_summary_field(dir, 3, "cpu", json_null());
    h = render(&html_ok, dir);
    CHECK_LACKS_ALL(h, "id=\"counters\"", "href=\"#counters\"", "CPU time");
    check_links(h, "time run without counters");
    free(h);

    printf("REPORT.html: a plain and a per-second counter, a null value\n");
    set_summary_field(dir, 1, "counters",
                      json_pack("{s:{s:f,s:s},s:{s:n,s:s}}", "bytes_moved", "value", 2.5e9, "kind",
                                "per_second", "hits", "value", "kind", "per_iteration"));
    h = render(&html_ok, dir);
    CHECK_CONTAINS_ALL(h, "<code>bytes_moved</code></td><td class=\"num\">2.5 G/s</td>",
                       "<code>hits</code></td><td class=\"num\">n/a</td>");
    free(h);
}

static void test_nav_links(void) {
    char dir[4096];
    PATHF(dir, "%s/user-sweep", work);
    make_run(dir, F_SWEEP | F_FITS | F_COMPARED);
    printf("REPORT.html with sweeps, fits and a comparison: every link has its target\n");
    char *h = render(&html_ok, dir);
    CHECK(check_links(h, "sweep run") > NSPEC, "the links include the summary's");
    char *nav = nav_of(h);
    CHECK_CONTAINS_ALL(nav, "href=\"#sweep-cc\"", "href=\"#groups\"", "href=\"#benchmarks\"");
    free(nav);
    free(h);

    PATHF(dir, "%s/user-count", work);
    make_count_run(dir);
    printf("REPORT.html of a count run: no Benchmarks link, every link has its target\n");
    h = render(&html_ok, dir);
    CHECK_CONTAINS(h, "<h2>Instruction counts</h2>");
    nav = nav_of(h);
    CHECK_CONTAINS_ALL(nav, "href=\"#summary\"", "href=\"#provenance\"");
    CHECK_LACKS_ALL(nav, "#benchmarks", "#groups", "#counters");
    check_links(h, "count run");
    free(nav);
    free(h);
}

static void test_user_exports(void) {
    char dir[4096];
    PATHF(dir, "%s/user-exports", work);
    make_run(dir, 0);
    printf("--format gbench: threads is the benchmark's own .threads when recorded\n");
    set_summary_field(dir, 2, "threads",
                      json_pack("{s:i,s:f,s:f}", "count", 4, "per_thread_ns_per_iteration", 10.0,
                                "start_skew_ns", 5.0));
    set_summary_field(dir, 1, "threads", json_null());
    run_result r = tool2(dir, "--format", "gbench", NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    json_t *g = json_loads(r.out, 0, NULL), *arr = json_object_get(g, "benchmarks");
    CHECK_INT_EQ(json_array_size(arr), NSPEC);
    CHECK_INT_EQ(json_integer_value(json_object_get(json_array_get(arr, 2), "threads")), 4);
    CHECK_INT_EQ(json_integer_value(json_object_get(json_array_get(arr, 1), "threads")), 1);
    CHECK_INT_EQ(json_integer_value(json_object_get(json_array_get(arr, 0), "threads")), 1);
    json_decref(g);
    run_free(&r);
    printf("--format gbench-samples: the same threads in every entry of benchmark 2\n");
    r = tool2(dir, "--format", "gbench-samples", NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    g = json_loads(r.out, 0, NULL);
    arr = json_object_get(g, "benchmarks");
    size_t i, n2 = 0, n2_ok = 0;
    json_t *e;
    json_array_foreach(arr, i, e) {
        if (strcmp(json_string_value(json_object_get(e, "run_name")), specs[2].id) != 0) continue;
        n2++;
        n2_ok += json_integer_value(json_object_get(e, "threads")) == 4;
    }
    CHECK(n2 > 0 && n2 == n2_ok, "every entry of %s has threads 4 (%zu of %zu)", specs[2].id, n2_ok,
          n2);
    json_decref(g);
    run_free(&r);

    printf("--format csv: one counter_<name> column per counter name\n");
    set_summary_field(dir, 0, "counters",
                      json_pack("{s:{s:f,s:s}}", "lookups", "value", 0.125, "kind", "plain"));
    r = tool2(dir, "--format", "csv", NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    CHECK_CONTAINS(r.out, ",sweep,counter_lookups,counter_median_ns\r\n");
    CHECK_INT_EQ(count(r.out, "counter_"), 2);        /* a name two benchmarks share: one column */
    CHECK_CONTAINS(r.out, ",,0.125,\r\n");            /* benchmark 0: lookups only */
    CHECK_CONTAINS(r.out, ",,3,1\r\n");               /* benchmark 3: both */
    CHECK_INT_EQ(count(r.out, ",,,\r\n"), NSPEC - 2); /* the rest: empty cells */
    run_free(&r);
    printf("--format csv: no counter columns in a run without counters\n");
    set_summary_field(dir, 0, "counters", NULL);
    set_summary_field(dir, 3, "counters", NULL);
    r = tool2(dir, "--format", "csv", NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    CHECK_CONTAINS(r.out, ",achieved_precision,sweep\r\n");
    CHECK_LACKS(r.out, "counter_");
    run_free(&r);
}

void test_user_api(void) {
    test_counters_html();
    test_nav_links();
    test_user_exports();
}
