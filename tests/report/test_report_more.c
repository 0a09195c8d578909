/* test_report_more.c - the second half of the tock-report test program
 * (see test_report.c): the sweep sections, usage errors, --update-readme and
 * --check-readme, and the hardening: --out targets, inputs that are FIFOs,
 * devices or too large, inconclusive verdicts, --validate.
 */
#include "report_fixture.h"

void test_sweep_html(void) {
    printf("REPORT.html of a run with two sweeps\n");
    char dir[4096];
    PATHF(dir, "%s/sweep", work);
    make_run(dir, F_SWEEP);
    char *h = render(&html_quiet, dir);
    /* the group figure and its violin, two per ordinary benchmark, two for
     * cc, one for line */
    CHECK_INT_EQ(count(h, "<svg"), 2 + 2 * NSPEC + 3);
    CHECK_INT_EQ(count(h, "</svg>"), 2 + 2 * NSPEC + 3);
    CHECK_CONTAINS(h, "<a href=\"#sweep-cc\">Sweep cc</a><a href=\"#sweep-line\">Sweep line</a>");

    printf("the sweep records stay out of the summary table, the figures and the groups\n");
    char *sum = between(h, "<section id=\"summary\">", "</section>");
    CHECK_LACKS(sum, "sweep/cc/");
    CHECK_LACKS(sum, "sweep/line/");
    CHECK_CONTAINS(sum, "state_history/record_step");
    CHECK_CONTAINS(sum, "32 benchmark records of sweep <code>cc</code>: see <a "
                        "href=\"#sweep-cc\">Sweep cc</a>.");
    CHECK_CONTAINS(sum, "3 benchmark records of sweep <code>line</code>");
    free(sum);
    char *benches = between(h, "<section id=\"benchmarks\">", "</section>");
    CHECK_LACKS(benches, "sweep/");
    CHECK_INT_EQ(count(benches, "<article "), NSPEC);
    free(benches);
    CHECK_LACKS(h, "sweep/cc/{");
    CHECK_INT_EQ(count(h, "<svg class=\"fig\" id=\"fig-group"), 1);

    printf("the cc section: grid, record count, fastest and slowest, table\n");
    char *cc = between(h, "<section id=\"sweep-cc\"", "</section>");
    CHECK_CONTAINS_ALL(cc, "<h2>Sweep <code>cc</code></h2>",
                       "8 points over D {3, 6} &times; K {3, 9} &times; T {48, 96}, 2 repeats "
                       "each; routines <code>epoch</code>, <code>forward</code>.",
                       "Constant columns: <code>depths = [1,2,3]</code>.",
                       "covers the <strong>32 benchmark records</strong>",
                       "fastest <span class=\"id\">D3-K3-T48</span> <strong>432.00 "
                       "ns</strong>, slowest <span class=\"id\">D6-K9-T96</span> "
                       "<strong>5.1840 \xc2\xb5s</strong>: slowest / fastest = "
                       "<strong>12.00&times;</strong>",
                       "<td class=\"num\">432.00 &plusmn; 8.64 ns</td>", /* epoch */
                       "<td class=\"num\">43.200 ns</td>",               /* forward, no std */
                       /* forward at D6-K9-T96 */
                       "<td class=\"num\">518.40 &plusmn; 10.37 ns</td>",
                       "<td class=\"num\">5.859 KiB</td>",
                       "<td class=\"num\">0.9 &plusmn; 0.01</td><td class=\"num\">0.96</td>",
                       "D3-K3-T48</span><span class=\"tag\">fastest</span>");
    CHECK_INT_EQ(count(cc, "<tr><td><span class=\"id\">"), CC_POINTS);

    printf("the cc time figure: a dot per point and routine, error bars, run_id labels\n");
    char *tf = between(cc, "<svg class=\"fig\" id=\"fig-sweep0-time\"", "</svg>");
    CHECK_INT_EQ(count(tf, "<circle class=\"pt sw0\""), CC_POINTS + 1); /* + the legend's */
    CHECK_INT_EQ(count(tf, "<circle class=\"pt sw1\""), CC_POINTS + 1);
    CHECK_INT_EQ(count(tf, "class=\"errbar sw0\""), CC_POINTS);
    CHECK_INT_EQ(count(tf, "class=\"errbar sw1\""), CC_POINTS - 1); /* no std at the first */
    CHECK_CONTAINS_ALL(tf, ">D3-K3-T48</text>", ">D6-K9-T96</text>",
                       "mean time per call (log scale)", ">1 \xc2\xb5s</text>",
                       "grid point (run_id: D, K, T)", "epoch: mean \xc2\xb1 std over the repeats");
    free(tf);
    CHECK_CONTAINS(cc, "Logarithmic time axis: the times span more than 30&times;.");

    printf("the cc heat map: D x K cells averaged over T, labelled, with a colour scale\n");
    char *hm = between(cc, "<svg class=\"fig\" id=\"fig-sweep0-heat\"", "</svg>");
    CHECK_INT_EQ(count(hm, "<rect class=\"cell\""), 4);
    CHECK_INT_EQ(count(hm, "<text class=\"cell-value"), 4);
    /* (3 * 3 * 48 + 3 * 3 * 96) / 2 = 648; (6 * 9 * 48 + 6 * 9 * 96) / 2 = 3888 */
    CHECK_CONTAINS_ALL(hm, ">648.00 ns</text>", ">3.8880 \xc2\xb5s</text>",
                       "<title>D=3, K=3: 648.00 ns (mean of 2 points)</title>",
                       "<g class=\"scale\">", ">\xc2\xb5s</text>", /* the scale's unit */
                       ">3.89</text>");                            /* its top end */
    free(hm);
    CHECK_CONTAINS(cc, "Each cell is averaged over the remaining axes (T)</strong>: it is the "
                       "mean of the points that share its two values (2 per cell)");
    free(cc);

    printf("the one-axis sweep: a time figure, no heat map, and why\n");
    char *ln = between(h, "<section id=\"sweep-line\"", "</section>");
    CHECK_CONTAINS(ln, "3 points over N {1, 2, 4}, 1 repeat each; routine <code>run</code>.");
    CHECK_CONTAINS(ln, "id=\"fig-sweep1-time\"");
    CHECK_LACKS(ln, "fig-sweep1-heat");
    CHECK_CONTAINS(ln, "One axis: no heat map");
    CHECK_CONTAINS(ln, "run: mean (no std: one repeat)");
    CHECK_LACKS(ln, "class=\"errbar");
    CHECK_CONTAINS_ALL(ln, "mean time per call (\xc2\xb5s)", /* 1 to 4 us: linear */
                       "<td class=\"num\">2.0000 \xc2\xb5s</td>", "Peak heap not recorded",
                       "<strong>4.00&times;</strong>");
    free(ln);
    free(h);
}

void test_sweep_exports(void) {
    char dir[4096];
    PATHF(dir, "%s/sweep", work);
    printf("--markdown: one line per sweep instead of its records\n");
    static const invocation md = {
        .arg = {"@A", "--markdown"},
        .status = 0,
        .out = {"- `cc`: 32 benchmark records over 8 points (D x K x T), 2 repeats, routines "
                "epoch, forward\n",
                "- `line`: 3 benchmark records over 3 points (N), 1 repeat, routine run\n",
                "- `state_history/record_step`", "| 10 | 700.00 us |"},
        .lacks = {"sweep/"}};
    expect_invocations(&md, 1, dir, NULL);

    printf("the exports keep the sweep records: they are benchmarks\n");
    run_result r = tool2(dir, "--format", "gbench", NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    json_t *g = json_loads(r.out, 0, NULL);
    CHECK_INT_EQ(json_array_size(json_object_get(g, "benchmarks")), NSPEC + SWEEP_RECORDS);
    json_decref(g);
    run_free(&r);
    static const invocation exports[] = {
        {.arg = {"@A", "--format", "bmf"},
         .status = -1,
         .out = {"\"sweep/cc/epoch/D=3,K=3,T=48/seed=1\": {"}},
        {.arg = {"@A", "--format", "csv"},
         .status = -1,
         /* the fixture's counters (benchmark 3) are the last columns */
         .out = {",stop_reason,achieved_precision,sweep,counter_lookups,counter_median_ns\r\n"},
         .counts = {{"\r\n", 1 + NSPEC + SWEEP_RECORDS}, {",cc,,\r\n", CC_RECORDS}}},
        {.arg = {"@A", "--format", "junit"},
         .status = -1,
         .counts = {{"<testcase ", NSPEC + SWEEP_RECORDS}}},
        {.arg = {"@A", "--format", "markdown"},
         .status = -1,
         .counts = {{"\n| `", NSPEC + SWEEP_RECORDS}}},
    };
    expect_invocations(exports, NELEM(exports), dir, NULL);
}

static const bad_case bad_sweeps[] = {
    {"a listed sweep csv missing", B_REMOVE, "sweeps/cc.csv", NULL, NULL, 0, "sweeps/cc.csv",
     "cannot read"},
    {"a listed sweep jsonl missing", B_REMOVE, "sweeps/line.jsonl", NULL, NULL, 0,
     "sweeps/line.jsonl", "cannot read"},
    {"a jsonl line that is not JSON", B_EDIT, "sweeps/cc.jsonl", "\n{\"run_id\":\"D3-K3-T96\"",
     "\n{\"run_id\":\"D3-K3-T96\",", 0, "sweeps/cc.jsonl line 2", "not valid JSON"},
    {"a jsonl field of the wrong type", B_EDIT, "sweeps/cc.jsonl", "\"time_epoch_mean\":",
     "\"time_epoch_mean\":\"fast\",\"x\":", 0, "sweeps/cc.jsonl line 1: field 'time_epoch_mean'",
     "expected a number or null, found a string"},
    {"a jsonl line without an axis", B_EDIT, "sweeps/cc.jsonl", "\"D\":3,", "", 0, "field 'D'",
     "an integer (an axis)"},
    {"a csv header with the axes out of order", B_EDIT, "sweeps/cc.csv", "run_id,D,K,T,",
     "run_id,K,D,T,", 0, "sweeps/cc.csv line 1", "the axes D,K,T after run_id"},
    {"a csv header without the memory column", B_EDIT, "sweeps/cc.csv", ",mem_peak_bytes_max,",
     ",mem,", 0, "sweeps/cc.csv line 1", "mem_peak_bytes_max"},
    {"a csv row with a field missing", B_EDIT, "sweeps/cc.csv", "D6-K9-T96,6,9,96,",
     "D6-K9-T96,6,9,", 0, "sweeps/cc.csv line 9", "comma-separated fields"},
    {"csv and jsonl disagree on a run_id", B_EDIT, "sweeps/cc.csv", "D3-K3-T96,", "D3-K3-T97,", 0,
     "sweeps/cc.jsonl line 2", "the two files disagree"},
    {"more jsonl lines than csv rows", B_EDIT, "sweeps/line.jsonl", "{\"run_id\":\"N4\"",
     "{\"run_id\":\"N4\"}\n{\"run_id\":\"N8\"", 0, "sweeps/line.jsonl: 4 lines",
     "sweeps/line.csv has 3 rows"},
    {"a sweep csv truncated after the run", B_TRUNCATE, "sweeps/cc.csv", NULL, NULL, 0,
     "sweeps/cc.csv", "changed after the run"},
    {"a complete run whose sweep files are not listed", B_UNLIST, "sweeps/cc.csv",
     "sweeps/cc.jsonl", NULL, 0, "lists neither sweeps/cc.csv nor sweeps/cc.jsonl",
     "32 benchmark records of sweep 'cc'"},
    {"only one of a sweep's files listed", B_UNLIST, "sweeps/line.jsonl", NULL, NULL, 0,
     "lists sweeps/line.csv but not sweeps/line.jsonl", NULL},
    {"a sweep record whose id is not a grid point", B_FIELD, "id", "\"sweep-without-parts\"", NULL,
     NSPEC, "field 'benchmarks[6].id'", "group/name/ROUTINE/A=a,B=b/seed=S"},
};

void test_sweep_bad_input(void) {
    char dir[4096], path[4096];
    PATHF(dir, "%s/sweep_bad", work);
    expect_bad_cases(dir, F_SWEEP, bad_sweeps, NELEM(bad_sweeps));

    printf("exports and --markdown read no sweep file: a broken one is no error there\n");
    make_run(dir, F_SWEEP);
    PATHF(path, "%s/sweeps/cc.csv", dir);
    remove(path);
    static const invocation summary_only[] = {
        {.arg = {"@A", "--format", "gbench"}, .status = 0},
        {.arg = {"@A", "--markdown"}, .status = 0, .out = {"- `cc`: 32 benchmark records"}},
    };
    expect_invocations(summary_only, NELEM(summary_only), dir, NULL);
}

void test_sweep_interrupted(void) {
    char dir[4096];
    PATHF(dir, "%s/sweep_interrupted", work);

    printf("an interrupted run without sweep files: no sweep section, and it says why\n");
    make_run(dir, F_SWEEP | F_INTERRUPTED | F_NO_SWEEP_FILES);
    char *h = render(&html_interrupted, dir);
    CHECK_CONTAINS(h, "Incomplete run: interrupted.");
    CHECK_CONTAINS(h, "<strong>Sweep <code>cc</code> is incomplete:</strong> the run stopped "
                      "before writing <code>sweeps/cc.csv</code>, so its section is left out; "
                      "its 32 benchmark records are in summary.json and the exports.");
    CHECK_LACKS(h, "<section id=\"sweep-");
    CHECK_LACKS(h, "href=\"#sweep-");
    CHECK_CONTAINS(h, "32 benchmark records of sweep <code>cc</code>: not shown");
    char *sum = between(h, "<section id=\"summary\">", "</section>");
    CHECK_LACKS(sum, "sweep/cc/");
    free(sum);
    CHECK_INT_EQ(count(h, "<svg"), 2 + 2 * (NSPEC - 2)); /* group figure and violin */
    free(h);
    static const invocation md = {
        .arg = {"@A", "--markdown"}, .status = 0, .out = {"- `cc`: 32 benchmark records"}};
    expect_invocations(&md, 1, dir, NULL);

    printf("an interrupted run with its sweep files: the section says it is partial\n");
    make_run(dir, F_SWEEP | F_INTERRUPTED);
    h = render(&html_ok, dir);
    CHECK_CONTAINS(h, "<section id=\"sweep-cc\"");
    CHECK_CONTAINS(h, "<strong>The run was interrupted:</strong> these are the points measured "
                      "before it stopped.");
    CHECK_LACKS(h, "is incomplete:</strong>");
    free(h);
}

static const invocation usage_errors[] = {
    {.arg = {NULL}, .status = 2, .err = {"expected a RUN_DIR"}},
    {.arg = {"@A", "--no-such-flag"}, .status = 2, .err = {"unknown option '--no-such-flag'"}},
    {.arg = {"@A", "--format", "yaml"},
     .status = 2,
     .err = {"expected gbench, gbench-samples, bmf, csv, markdown or junit, found 'yaml'"}},
    {.arg = {"@A", "--format"}, .status = 2},
    {.arg = {"@A", "--markdown", "--format", "csv"}, .status = 2},
    {.arg = {"--help"},
     .status = 0,
     .out = {"--update-readme", "tock-report --agree RUN_A RUN_B [--out FILE]"}},
};

void test_usage(void) {
    printf("usage errors exit 2\n");
    char dir[4096];
    PATHF(dir, "%s/good", work);
    expect_invocations(usage_errors, NELEM(usage_errors), dir, NULL);
}

void test_readme(void) {
    char repo[4096], readme[4096], run[4096], path[4096];
    PATHF(repo, "%s/repo", work);
    PATHF(readme, "%s/README.md", repo);
    PATHF(run, "%s/results/runs/20260101T000000Z-abc", repo);
    rm_rf(repo);
    make_run(run, 0);
    static const char before[] = "# demo\n\nIntro text.\n\n```sh\n## Performance\n```\n\n"
                                 "## Performance\n\nold numbers\n\n### kept? no: inside\n\n"
                                 "## Later\n\nkeep me\n";
    spit(readme, before, sizeof before - 1);

    printf("--update-readme replaces the section and publishes the run\n");
    EXPECT(readme, run, .arg = {"@B", "--update-readme", "@A"}, .status = 0);
    char *t = slurp(readme, NULL);
    CHECK_CONTAINS_ALL(t,
                       "# demo\n\nIntro text.\n\n```sh\n## Performance\n```\n\n"
                       "## Performance\n\n<!-- tock-report --update-readme: results/published/"
                       "20260101T000000Z-abc (tock-report --check-readme",
                       "| 5 | 400.00 us |",
                       "Run `results/published/20260101T000000Z-abc` (commit abc, started "
                       "2026-01-01T00:00:00Z).",
                       "comparison.\n\n## Later\n\nkeep me\n");
    CHECK_LACKS(t, "old numbers");
    CHECK_INT_EQ(count(t, "\n## Performance\n"), 2); /* the fenced one and the real one */
    free(t);
    static const char *const files[] = {"summary.json", "provenance.json", "manifest.json"};
    for (int i = 0; i < 3; i++) {
        char a[4096], b[4096];
        PATHF(a, "%s/%s", run, files[i]);
        PATHF(b, "%s/results/published/20260101T000000Z-abc/%s", repo, files[i]);
        size_t na = 0, nb = 0;
        char *da = slurp(a, &na), *db = slurp(b, &nb);
        CHECK(da && db && na == nb && memcmp(da, db, na) == 0, "published %s is a byte copy",
              files[i]);
        free(da);
        free(db);
    }

    printf("--check-readme passes on what --update-readme wrote\n");
    EXPECT(readme, run, .arg = {"--check-readme", "@A"}, .status = 0,
           .out = {"matches results/published/20260101T000000Z-abc (6 benchmarks)"});

    printf("--update-readme is idempotent\n");
    t = slurp(readme, NULL);
    EXPECT(readme, run, .arg = {"@B", "--update-readme", "@A"}, .status = 0);
    char *t2 = slurp(readme, NULL);
    CHECK(t && t2 && strcmp(t, t2) == 0, "a second update changes nothing");
    free(t2);

    printf("--check-readme fails on an edited number, naming the line\n");
    {
        char *edited = replace_first(t, "| 5 | 400.00 us |", "| 5 | 300.00 us |");
        if (edited) spit(readme, edited, strlen(edited));
        free(edited);
        run_result r = tool2("--check-readme", readme, NULL, NULL, NULL);
        CHECK_INT_EQ(r.status, 1);
        CHECK_CONTAINS_ALL(r.err, "differs", "| 5 | 300.00 us |", "| 5 | 400.00 us |");
        run_free(&r);
        spit(readme, t, strlen(t));
    }

    printf("--check-readme fails when the cited run is not in the checkout\n");
    PATHF(path, "%s/results/published", repo);
    rm_rf(path);
    EXPECT(readme, run, .arg = {"--check-readme", "@A"}, .status = 1,
           .err = {"not in this checkout"});

    printf("--check-readme refuses a citation of results/runs/ (not committed)\n");
    {
        char *edited =
            replace_first(t, "update-readme: results/published/", "update-readme: results/runs/");
        if (edited) spit(readme, edited, strlen(edited));
        free(edited);
        EXPECT(readme, run, .arg = {"--check-readme", "@A"}, .status = 1,
               .err = {"results/runs/ is not committed"});
    }
    free(t);

    printf("a README without the section: the check fails (exit 1), update appends it\n");
    static const char plain[] = "# demo\n\n## Usage\n\nrun it";
    spit(readme, plain, sizeof plain - 1);
    EXPECT(readme, run, .arg = {"--check-readme", "@A"}, .status = 1,
           .err = {"has no '## Performance' section: the section is missing"});
    EXPECT(readme, run, .arg = {"@B", "--update-readme", "@A"}, .status = 0);
    t = slurp(readme, NULL);
    CHECK_CONTAINS(t, "# demo\n\n## Usage\n\nrun it\n\n## Performance\n\n<!-- tock-report");
    free(t);
    EXPECT(readme, run, .arg = {"--check-readme", "@A"}, .status = 0);

    printf("a hand-written section without the marker fails the check\n");
    static const char hand[] = "# demo\n\n## Performance\n\nfast, trust me\n";
    spit(readme, hand, sizeof hand - 1);
    EXPECT(readme, run, .arg = {"--check-readme", "@A"}, .status = 1,
           .err = {"cannot be traced to a run"});

    printf("an interrupted run is not published\n");
    char irun[4096];
    PATHF(irun, "%s/results/runs/interrupted", repo);
    make_run(irun, F_INTERRUPTED);
    EXPECT(readme, irun, .arg = {"@B", "--update-readme", "@A"}, .status = 2,
           .err = {"interrupted"});
    t = slurp(readme, NULL);
    CHECK(t && strcmp(t, hand) == 0, "the README is unchanged");
    free(t);
}

void test_readme_fits(void) {
    char repo[4096], readme[4096], run[4096];
    PATHF(repo, "%s/repo_fits", work);
    PATHF(readme, "%s/README.md", repo);
    PATHF(run, "%s/results/runs/20260101T000000Z-abc", repo);
    rm_rf(repo);
    make_run(run, F_FITS);
    static const char before[] = "# demo\n\n## Performance\n\nold\n";
    spit(readme, before, sizeof before - 1);
    printf("--update-readme of a run with fits: the fit line, and --check-readme passes\n");
    EXPECT(readme, run, .arg = {"@B", "--update-readme", "@A"}, .status = 0);
    char *t = slurp(readme, NULL);
    CHECK_CONTAINS(t, "| 10 | 700.00 us |");
    CHECK_CONTAINS(t, "\n\nScaling (the run's own fit, 95% wild-bootstrap intervals): " FIT_LINE
                      ", R^2 = 0.9987.\n\n");
    EXPECT(readme, run, .arg = {"--check-readme", "@A"}, .status = 0);
    printf("--check-readme fails when the fit line was edited\n");
    char *edited = replace_first(t, "68.0 us/step", "60.0 us/step");
    if (edited) spit(readme, edited, strlen(edited));
    free(edited);
    EXPECT(readme, run, .arg = {"--check-readme", "@A"}, .status = 1, .err = {"60.0 us/step"});
    free(t);
}

/* ---- hardening: what a hostile or careless environment does ---- */

/* tock-report with the arguments up to the first NULL, killed after 20 s:
 * no input may make it block */
static run_result tool_args(const char *const *args) {
    char *argv[12] = {(char *)tool};
    for (int i = 0; i < 10 && args[i]; i++) argv[i + 1] = (char *)args[i];
    return run_tool_within(scratch, argv, 20);
}

static int is_kind(const char *path, mode_t kind) {
    struct stat st;
    return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == kind;
}

/* --out FILE (and --update-readme's README) is replaced by a rename: a
 * target that exists and is not a regular file is refused, never replaced */
void test_out_targets(void) {
    char dir[4096], keep[4096], link[4096], fifo[4096], sub[4096], readme[4096];
    PATHF(dir, "%s/out_targets", work);
    make_run(dir, 0);
    PATHF(keep, "%s/keep.txt", work);
    PATHF(link, "%s/out-link", work);
    PATHF(fifo, "%s/out-fifo", work);
    PATHF(sub, "%s/out-dir", work);
    PATHF(readme, "%s/README-link.md", work);
    spit(keep, "keep\n", 5);
    remove(link);
    remove(fifo);
    remove(readme);
    rm_rf(sub);
    CHECK(symlink(keep, link) == 0, "set-up: a symbolic link to keep.txt");
    CHECK(mkfifo(fifo, 0644) == 0, "set-up: a FIFO");
    mkdir_p(sub);
    CHECK(symlink(keep, readme) == 0, "set-up: a README that is a symbolic link");
    static const struct {
        const char *what;
        const char *args[6]; /* "@D": the run; "@T": the target */
    } modes[] = {
        {"REPORT.html", {"@D", "--out", "@T"}},
        {"--format csv", {"@D", "--format", "csv", "--out", "@T"}},
        {"--markdown", {"@D", "--markdown", "--out", "@T"}},
        {"--agree", {"--agree", "@D", "@D", "--out", "@T"}},
    };
    const struct {
        const char *path, *kind;
        mode_t type;
    } targets[] = {{link, "a symbolic link", S_IFLNK},
                   {fifo, "a FIFO", S_IFIFO},
                   {sub, "a directory", S_IFDIR}};
    for (size_t m = 0; m < NELEM(modes); m++)
        for (size_t t = 0; t < NELEM(targets); t++) {
            printf("--out refuses %s (%s)\n", targets[t].kind, modes[m].what);
            const char *args[8] = {NULL};
            for (size_t i = 0; i < 6 && modes[m].args[i]; i++)
                args[i] = strcmp(modes[m].args[i], "@D") == 0   ? dir
                          : strcmp(modes[m].args[i], "@T") == 0 ? targets[t].path
                                                                : modes[m].args[i];
            run_result r = tool_args(args);
            CHECK_INT_EQ(r.status, 2);
            CHECK_CONTAINS(r.err, "--out");
            CHECK_CONTAINS(r.err, targets[t].path);
            CHECK_CONTAINS(r.err, targets[t].kind);
            CHECK(is_kind(targets[t].path, targets[t].type), "%s is still %s", targets[t].path,
                  targets[t].kind);
            run_free(&r);
        }
    char *k = slurp(keep, NULL);
    CHECK(k && strcmp(k, "keep\n") == 0, "the link's target is untouched");
    free(k);

    printf("--update-readme refuses a README that is a symbolic link\n");
    {
        const char *args[] = {dir, "--update-readme", readme, NULL};
        run_result r = tool_args(args);
        CHECK_INT_EQ(r.status, 2);
        CHECK_CONTAINS_ALL(r.err, "--update-readme", "a symbolic link");
        CHECK(is_kind(readme, S_IFLNK), "the README link is still a link");
        run_free(&r);
    }

    printf("--out - writes to stdout, directly\n");
    static const struct {
        const char *args[6];
        const char *out;
    } dash[] = {
        {{"@D", "--format", "csv", "--out", "-"}, "run_id,status,commit,"},
        {{"@D", "--out", "-"}, "<title>tock run 20260101T000000Z-abc</title>"},
        {{"@D", "--markdown", "--out", "-"}, "| 5 | 400.00 us |"},
    };
    for (size_t m = 0; m < NELEM(dash); m++) {
        const char *args[8] = {NULL};
        for (size_t i = 0; i < 6 && dash[m].args[i]; i++)
            args[i] = strcmp(dash[m].args[i], "@D") == 0 ? dir : dash[m].args[i];
        run_result r = tool_args(args);
        CHECK_INT_EQ(r.status, 0);
        CHECK_CONTAINS(r.out, dash[m].out);
        run_free(&r);
    }
    CHECK(!exists("-"), "no file named '-' was written");
}

/* every input is read only if it is a regular file of bounded size: a FIFO
 * must not block, /dev/zero must not fill memory, a huge file is refused
 * before it is read */
typedef enum { I_FIFO, I_ZERO, I_HUGE } input_kind;

typedef struct input_case {
    const char *what;
    int flags;       /* make_run flags of the run */
    const char *rel; /* the run file replaced ("@README": the README) */
    input_kind kind;
    const char *args[6]; /* "@D": the run; "@E": a second, good run; "@R": the README */
    int status;
    const char *n1, *n2;
} input_case;

static const input_case input_cases[] = {
    {"summary.json is a FIFO",
     0,
     "summary.json",
     I_FIFO,
     {"@D"},
     2,
     "summary.json",
     "not a regular file"},
    {"summary.json is /dev/zero",
     0,
     "summary.json",
     I_ZERO,
     {"@D"},
     2,
     "summary.json",
     "not a regular file"},
    {"summary.json is larger than the limit",
     0,
     "summary.json",
     I_HUGE,
     {"@D"},
     2,
     "summary.json",
     "256 MiB limit"},
    {"manifest.json is a FIFO",
     0,
     "manifest.json",
     I_FIFO,
     {"@D", "--markdown"},
     2,
     "manifest.json",
     "not a regular file"},
    {"provenance.json is /dev/zero",
     0,
     "provenance.json",
     I_ZERO,
     {"@D", "--format", "gbench"},
     2,
     "provenance.json",
     "not a regular file"},
    {"a samples file is a FIFO",
     0,
     "samples/weight_delta_clone.csv",
     I_FIFO,
     {"@D"},
     2,
     "samples/weight_delta_clone.csv",
     "not a regular file"},
    {"a samples file is /dev/zero",
     0,
     "samples/weight_delta_clone.csv",
     I_ZERO,
     {"@D", "--format", "gbench-samples"},
     2,
     "weight_delta_clone.csv",
     "not a regular file"},
    {"a sweep file is a FIFO",
     F_SWEEP,
     "sweeps/cc.jsonl",
     I_FIFO,
     {"@D"},
     2,
     "sweeps/cc.jsonl",
     "not a regular file"},
    {"--agree: the second run's summary.json is a FIFO",
     0,
     "summary.json",
     I_FIFO,
     {"--agree", "@E", "@D"},
     2,
     "summary.json",
     "not a regular file"},
    {"--check-readme: the README is a FIFO",
     0,
     "@README",
     I_FIFO,
     {"--check-readme", "@R"},
     2,
     "--check-readme",
     "not a regular file"},
    {"--check-readme: the README is larger than the limit",
     0,
     "@README",
     I_HUGE,
     {"--check-readme", "@R"},
     2,
     "--check-readme",
     "64 MiB limit"},
    {"--update-readme: the README is /dev/zero",
     0,
     "@README",
     I_ZERO,
     {"@D", "--update-readme", "@R"},
     2,
     "--update-readme",
     "a symbolic link"},
    {"--validate: summary.json is a FIFO",
     0,
     "summary.json",
     I_FIFO,
     {"--validate", "@D"},
     1,
     "summary.json",
     "a FIFO, not a regular file"},
    {"--validate: manifest.json is a FIFO",
     0,
     "manifest.json",
     I_FIFO,
     {"--validate", "@D"},
     2,
     "manifest.json",
     "not a regular file"},
};

void test_inputs(void) {
    char dir[4096], good[4096], readme[4096];
    PATHF(dir, "%s/inputs", work);
    PATHF(good, "%s/inputs_good", work);
    PATHF(readme, "%s/inputs_README.md", work);
    make_run(good, 0);
    for (size_t k = 0; k < NELEM(input_cases); k++) {
        const input_case *c = &input_cases[k];
        printf("input: %s\n", c->what);
        make_run(dir, c->flags);
        char path[4096];
        if (strcmp(c->rel, "@README") == 0)
            PATHF(path, "%s", readme);
        else
            PATHF(path, "%s/%s", dir, c->rel);
        remove(path);
        if (c->kind == I_FIFO) {
            CHECK(mkfifo(path, 0644) == 0, "set-up: %s is a FIFO", c->rel);
        } else if (c->kind == I_ZERO) {
            CHECK(symlink("/dev/zero", path) == 0, "set-up: %s -> /dev/zero", c->rel);
        } else {
            /* sparse: no disk used; over either limit */
            int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            CHECK(fd >= 0 && ftruncate(fd, (off_t)257 << 20) == 0, "set-up: %s of 257 MiB", c->rel);
            if (fd >= 0) close(fd);
        }
        const char *args[8] = {NULL};
        for (size_t i = 0; i < 6 && c->args[i]; i++)
            args[i] = strcmp(c->args[i], "@D") == 0   ? dir
                      : strcmp(c->args[i], "@E") == 0 ? good
                      : strcmp(c->args[i], "@R") == 0 ? readme
                                                      : c->args[i];
        run_result r = tool_args(args);
        CHECK(!r.timed_out, "tock-report returned (it did not block)");
        CHECK_INT_EQ(r.status, c->status);
        CHECK_CONTAINS(r.err, c->n1);
        CHECK_CONTAINS(r.err, c->n2);
        run_free(&r);
        remove(path);
    }
}

/* an A/B comparison stopped before its first look: verdict "inconclusive" */
void test_inconclusive(void) {
    char dir[4096];
    PATHF(dir, "%s/inconclusive", work);
    make_run(dir, F_COMPARED);
    set_summary_field(dir, 0, "change",
                      json_pack("{s:o,s:o,s:f,s:f,s:s}", "typical", est(0.004, -0.026, 0.034),
                                "median", est(0.004, -0.026, 0.034), "p_value", 0.5, "p_adjusted",
                                0.6, "verdict", "inconclusive"));
    printf("--format junit: an inconclusive verdict is a failure, never green\n");
    static const invocation junit = {
        .arg = {"@A", "--format", "junit"},
        .status = 1,
        .out = {"failures=\"2\"", "type=\"inconclusive\"",
                "message=\"inconclusive: the A/B comparison stopped before its first look",
                "verdict inconclusive</failure>"},
        .err = {"1 benchmark regressed", "1 benchmark is inconclusive"},
        .counts = {{"<failure ", 2}}};
    expect_invocations(&junit, 1, dir, NULL);
    printf("REPORT.html, markdown and csv show it as inconclusive\n");
    static const invocation html = {.arg = {"@A", "--baseline", "main"}, .status = 0};
    char *h = render(&html, dir);
    CHECK_CONTAINS_ALL(h, "<span class=\"verdict inconclusive\">inconclusive</span>",
                       "1 regressed, 1 improved, 1 inconclusive",
                       "<div class=\"banner bad\"><strong>Compared against");
    free(h);
    static const invocation others[] = {
        {.arg = {"@A", "--format", "markdown"},
         .status = 0,
         .out = {"| +0.40% [-2.60%, +3.40%] inconclusive |"}},
        {.arg = {"@A", "--format", "csv"}, .status = 0, .out = {"rssm_prediction/1,"}},
    };
    expect_invocations(others, NELEM(others), dir, NULL);
}

/* --validate: one thing changed in a fresh fixture run, and what it says */
typedef enum {
    V_NONE,          /* the fresh run */
    V_APPEND,        /* a byte appended to rel (the manifest not updated) */
    V_FLIP,          /* a byte of rel changed, same size */
    V_REMOVE,        /* rel deleted */
    V_STRAY,         /* a file rel added */
    V_STRAY_FIFO,    /* a FIFO rel added */
    V_SYMLINK,       /* rel replaced by a symbolic link to a copy of itself */
    V_RENDER,        /* REPORT.html rendered first */
    V_RENDER_EDIT,   /* rendered, then REPORT.html edited */
    V_RENDER_UNHASH, /* rendered, then REPORT.html.fnv1a64 deleted */
    V_MANIFEST_EDIT, /* a value in manifest.json changed (still valid JSON) */
    V_MANIFEST_TEXT, /* manifest.json replaced by text (manifest.fnv1a64 updated) */
} vchange;

typedef struct validate_case {
    const char *what;
    vchange how;
    const char *rel, *text;
    int status;
    const char *n1, *n2;
} validate_case;

static const validate_case validate_cases[] = {
    {"a fresh run validates", V_NONE, NULL, NULL, 0, "valid (run complete)", "nothing unlisted"},
    {"after tock-report wrote REPORT.html", V_RENDER, NULL, NULL, 0,
     "REPORT.html matches REPORT.html.fnv1a64", "not tampering"},
    {"summary.json grew", V_APPEND, "summary.json", NULL, 1, "summary.json: changed",
     "manifest.json records"},
    {"a samples byte changed", V_FLIP, "samples/state_history_record_step.csv", NULL, 1,
     "samples/state_history_record_step.csv: changed: FNV-1a 64", "1 problem"},
    {"a sweep file deleted", V_REMOVE, "sweeps/cc.jsonl", NULL, 1, "sweeps/cc.jsonl: missing",
     "manifest.json records it"},
    {"a stray file", V_STRAY, "notes.txt", "hello", 1, "notes.txt: unlisted",
     "manifest.json does not list it"},
    {"a stray file in samples/", V_STRAY, "samples/extra.csv", "iterations,ns\n", 1,
     "samples/extra.csv: unlisted", NULL},
    {"a stray FIFO (not opened)", V_STRAY_FIFO, "pipe", NULL, 1, "pipe: unlisted: a FIFO", NULL},
    {"a listed file replaced by a symbolic link", V_SYMLINK, "provenance.json", NULL, 1,
     "provenance.json: a symbolic link, not a regular file", NULL},
    {"manifest.json edited", V_MANIFEST_EDIT, NULL, NULL, 1, "manifest.json: changed",
     "manifest.fnv1a64 records"},
    {"manifest.fnv1a64 missing", V_REMOVE, "manifest.fnv1a64", NULL, 1, "manifest.fnv1a64: missing",
     "own FNV-1a 64 is not recorded"},
    {"manifest.fnv1a64 malformed", V_STRAY, "manifest.fnv1a64", "0123  manifest.json\n", 1,
     "manifest.fnv1a64: malformed", NULL},
    {"REPORT.html edited", V_RENDER_EDIT, NULL, NULL, 1, "REPORT.html: changed",
     "REPORT.html.fnv1a64 records"},
    {"REPORT.html without its hash file", V_RENDER_UNHASH, NULL, NULL, 1,
     "REPORT.html: not recorded", "REPORT.html.fnv1a64"},
    {"no manifest.json: not a run directory", V_REMOVE, "manifest.json", NULL, 2, "manifest.json",
     "not a run directory"},
    {"manifest.json not JSON", V_MANIFEST_TEXT, NULL, "{\"artifacts\": [", 2,
     "manifest.json: not valid JSON", NULL},
    {"manifest.json lists a path outside the run", V_MANIFEST_TEXT, NULL,
     "{\"schema\": \"tock.manifest/1\", \"artifacts\": [{\"path\": \"../x\", \"bytes\": 1, "
     "\"fnv1a64\": \"0000000000000000\"}]}",
     2, "field 'artifacts[0].path'", "no '..'"},
};

void test_validate(void) {
    char dir[4096];
    PATHF(dir, "%s/validate", work);
    for (size_t k = 0; k < NELEM(validate_cases); k++) {
        const validate_case *c = &validate_cases[k];
        printf("--validate: %s\n", c->what);
        make_run(dir, F_SWEEP);
        char path[4096], other[4096];
        if (c->rel) PATHF(path, "%s/%s", dir, c->rel);
        if (c->how == V_RENDER || c->how == V_RENDER_EDIT || c->how == V_RENDER_UNHASH) {
            const char *args[] = {dir, NULL};
            run_result r = tool_args(args);
            CHECK_INT_EQ(r.status, 0);
            run_free(&r);
        }
        switch (c->how) {
        case V_NONE:
        case V_RENDER: break;
        case V_APPEND: {
            FILE *f = fopen(path, "ab");
            if (f) {
                fputc('\n', f);
                fclose(f);
            }
            break;
        }
        case V_FLIP: {
            size_t n = 0;
            char *t = slurp(path, &n);
            if (t && n > 20) t[20] = t[20] == '7' ? '8' : '7';
            if (t) spit(path, t, n);
            free(t);
            break;
        }
        case V_REMOVE: remove(path); break;
        case V_STRAY: spit(path, c->text, strlen(c->text)); break;
        case V_STRAY_FIFO: CHECK(mkfifo(path, 0644) == 0, "set-up: a FIFO"); break;
        case V_SYMLINK:
            PATHF(other, "%s/../validate-copy.json", dir);
            rename(path, other);
            CHECK(symlink(other, path) == 0, "set-up: %s is a link", c->rel);
            break;
        case V_RENDER_EDIT: edit_file(dir, "REPORT.html", "<title>", "<title>edited "); break;
        case V_RENDER_UNHASH:
            PATHF(path, "%s/REPORT.html.fnv1a64", dir);
            remove(path);
            break;
        case V_MANIFEST_EDIT: {
            PATHF(path, "%s/manifest.json", dir);
            char *t = slurp(path, NULL),
                 *e = replace_first(t, "\"exit_code\": 0", "\"exit_code\": 1");
            CHECK(e != NULL, "fixture: manifest.json holds exit_code 0");
            if (e) spit(path, e, strlen(e));
            free(t);
            free(e);
            break;
        }
        case V_MANIFEST_TEXT:
            PATHF(path, "%s/manifest.json", dir);
            spit(path, c->text, strlen(c->text));
            hash_manifest(dir);
            break;
        }
        const char *args[] = {"--validate", dir, NULL};
        run_result r = tool_args(args);
        CHECK(!r.timed_out, "tock-report returned");
        CHECK_INT_EQ(r.status, c->status);
        const char *text = c->status == 0 ? r.out : r.err;
        if (c->n1) CHECK_CONTAINS(text, c->n1);
        if (c->n2) CHECK_CONTAINS(text, c->n2);
        run_free(&r);
    }
    printf("--validate: usage\n");
    static const invocation usage_cases[] = {
        {.arg = {"--validate"}, .status = 2, .err = {"--validate takes one RUN_DIR"}},
        {.arg = {"--validate", "@A", "--out", "x"}, .status = 2, .err = {"no --out"}},
        {.arg = {"--validate", "@A", "--markdown"}, .status = 2, .err = {"exclude each other"}},
        {.arg = {"--validate", "/nonexistent/tock/run"}, .status = 2, .err = {"not a directory"}},
    };
    expect_invocations(usage_cases, NELEM(usage_cases), dir, NULL);
}
