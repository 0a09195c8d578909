/* main.c - tock-report's command line: which rendering of a stored run to
 * produce and where to put it. Exit status: 0 ok; 1 a regression verdict
 * (junit) or a README that does not match the run it cites (--agree exits 0
 * however little two runs agree); 2 a usage error, or a run directory with
 * a missing or malformed file. It must never run a
 * benchmark or write anything into the run directory but REPORT.html.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f) {
    fputs("usage: tock-report RUN_DIR [--baseline NAME] [--out FILE]\n"
          "       tock-report RUN_DIR --markdown [--out FILE]\n"
          "       tock-report RUN_DIR --format FORMAT [--out FILE]\n"
          "       tock-report RUN_DIR --update-readme README.md\n"
          "       tock-report --check-readme README.md\n"
          "       tock-report --agree RUN_A RUN_B [--out FILE]\n"
          "\n"
          "Renders a tock run directory from its stored artifacts (summary.json,\n"
          "samples/*.csv, sweeps/*, provenance.json, manifest.json); nothing is re-run.\n"
          "\n"
          "  (default)             write RUN_DIR/REPORT.html (or --out FILE): summary\n"
          "                        table, densities, sample scatter, parameter fits,\n"
          "                        a section per sweep (sweeps/<name>.csv, .jsonl),\n"
          "                        provenance; one self-contained file\n"
          "  --baseline NAME       require the run's stored comparison against\n"
          "                        baseline NAME (tock-perf --baseline NAME); a run that\n"
          "                        holds one shows the change column anyway\n"
          "  --markdown            the publishable latency table (horizon table, then\n"
          "                        one line per other benchmark and per sweep, then\n"
          "                        the machine)\n"
          "  --format FORMAT       an export:\n"
          "    gbench              Google Benchmark JSON, one entry per benchmark\n"
          "                        (real_time = typical time): compare.py,\n"
          "                        github-action-benchmark (tool: googlecpp), Bencher\n"
          "                        (bencher run --adapter cpp_google)\n"
          "    gbench-samples      Google Benchmark JSON as with --benchmark_repetitions:\n"
          "                        every sample a repetition, then the _mean, _median,\n"
          "                        _stddev, _cv and _typical aggregates; for compare.py's\n"
          "                        U test (compare.py -a benchmarks OLD.json NEW.json)\n"
          "    bmf                 Bencher Metric Format (bencher run --adapter json):\n"
          "                        latency in ns with its interval, and throughput\n"
          "    csv                 one row per benchmark with run and machine columns\n"
          "    markdown            one table row per benchmark\n"
          "    junit               JUnit XML, a failure per regression verdict\n"
          "  --out FILE            write there (atomically) instead of stdout\n"
          "  --update-readme FILE  copy summary/provenance/manifest.json to\n"
          "                        results/published/<run>/ beside FILE and replace\n"
          "                        FILE's '## Performance' section with the table\n"
          "  --check-readme FILE   check that section against the run it cites\n"
          "  --agree RUN_A RUN_B   run-to-run agreement: for every id in both runs,\n"
          "                        whether the typical-time intervals overlap and the\n"
          "                        difference B / A - 1; ids in one run only; then\n"
          "                        'agree: N of M ids (P%) have overlapping typical\n"
          "                        intervals' (and the same for sweep records and the\n"
          "                        others when there are sweep records). Exit 0 (it\n"
          "                        measures, it does not gate), 2 on bad input\n"
          "  -h, --help, -V, --version\n"
          "\n"
          "Exit status: 0 ok, 1 a regression verdict (junit) or a README that does\n"
          "not match its run, 2 usage error or missing/malformed input.\n",
          f);
}

static int exit_code(int rc) {
    if (rc == 0) return 0;
    if (rc == TOCK_REP_ECHECK) return 1;
    return 2;
}

/* "--flag VALUE" or "--flag=VALUE"; returns 1 when argv[*i] is that flag */
static int flag_value(int argc, char **argv, int *i, const char *flag, const char **out) {
    size_t n = strlen(flag);
    if (strncmp(argv[*i], flag, n) != 0) return 0;
    if (argv[*i][n] == '=') {
        *out = argv[*i] + n + 1;
        return 1;
    }
    if (argv[*i][n] != '\0') return 0;
    if (*i + 1 >= argc) {
        fprintf(stderr, "tock-report: %s needs a value\n", flag);
        *out = NULL;
        return -1;
    }
    *out = argv[++*i];
    return 1;
}

/* --agree: only summary.json (and the manifest and provenance it is checked
 * against) of each run is read */
static int agree_runs(const char *dir_a, const char *dir_b, const char *out) {
    tock_rep_run a, b;
    int rc = tock_rep_load(dir_a, 0, &a);
    if (rc == 0) {
        rc = tock_rep_load(dir_b, 0, &b);
        if (rc == 0) {
            tock__buf t = {0};
            rc = tock_rep_agree(&a, &b, &t);
            if (!rc) rc = tock_rep_emit(&t, out);
            if (rc == TOCK_REP_ENOMEM) fprintf(stderr, "tock-report: %s\n", tock_rep_strerror(rc));
            tock__buf_free(&t);
        }
        tock_rep_free(&b);
    }
    tock_rep_free(&a);
    return rc ? 2 : 0;
}

int main(int argc, char **argv) {
    const char *dir = NULL, *dir2 = NULL, *baseline = NULL, *format = NULL, *out = NULL,
               *update = NULL, *check = NULL;
    int markdown = 0, agree = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
            printf("tock-report %s (jansson %s)\n", TOCK_REPORT_VERSION, JANSSON_VERSION);
            return 0;
        }
        if (strcmp(a, "--markdown") == 0) {
            markdown = 1;
            continue;
        }
        if (strcmp(a, "--agree") == 0) {
            agree = 1;
            continue;
        }
        if ((r = flag_value(argc, argv, &i, "--baseline", &baseline)) ||
            (r = flag_value(argc, argv, &i, "--format", &format)) ||
            (r = flag_value(argc, argv, &i, "--out", &out)) ||
            (r = flag_value(argc, argv, &i, "--update-readme", &update)) ||
            (r = flag_value(argc, argv, &i, "--check-readme", &check))) {
            if (r < 0) return 2;
            continue;
        }
        if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "tock-report: unknown option '%s' (try --help)\n", a);
            return 2;
        }
        if (dir2) {
            fprintf(stderr, "tock-report: expected at most two run directories (with --agree), "
                            "found '%s', '%s' and '%s'\n", dir, dir2, a);
            return 2;
        }
        if (dir)
            dir2 = a;
        else
            dir = a;
    }
    int modes = markdown + (format != NULL) + (update != NULL) + (check != NULL) + agree;
    if (modes > 1) {
        fprintf(stderr, "tock-report: --markdown, --format, --update-readme, --check-readme and "
                        "--agree exclude each other\n");
        return 2;
    }
    if (agree) {
        if (!dir || !dir2 || baseline) {
            fprintf(stderr, "tock-report: --agree takes two run directories, RUN_A RUN_B (and "
                            "no --baseline)\n");
            return 2;
        }
        return agree_runs(dir, dir2, out);
    }
    if (dir2) {
        fprintf(stderr, "tock-report: expected one RUN_DIR, found '%s' and '%s'\n", dir, dir2);
        return 2;
    }
    if (check) {
        if (dir || out || baseline) {
            fprintf(stderr, "tock-report: --check-readme takes no RUN_DIR, --out or --baseline "
                            "(the README names its run)\n");
            return 2;
        }
        return exit_code(tock_rep_check_readme(check));
    }
    if (!dir) {
        fprintf(stderr, "tock-report: expected a RUN_DIR (try --help)\n");
        return 2;
    }
    static const char *const formats[] = {"gbench", "gbench-samples", "bmf", "csv", "markdown",
                                          "junit"};
    int known = 0;
    for (size_t k = 0; format && k < sizeof formats / sizeof formats[0]; k++)
        if (strcmp(format, formats[k]) == 0) known = 1;
    if (format && !known) {
        fprintf(stderr, "tock-report: --format: expected gbench, gbench-samples, bmf, csv, "
                        "markdown or junit, found '%s'\n", format);
        return 2;
    }
    int want_samples = modes == 0 || (format && strcmp(format, "gbench-samples") == 0);
    if (update && out) {
        fprintf(stderr, "tock-report: --update-readme writes the README it is given; --out "
                        "does not apply\n");
        return 2;
    }
    int html = modes == 0;
    if (baseline && !html) {
        fprintf(stderr, "tock-report: --baseline applies to REPORT.html only\n");
        return 2;
    }
    tock_rep_run run;
    /* the sweep files feed REPORT.html only: exports and the Markdown need
     * summary.json (the published folder holds nothing else) */
    int rc = tock_rep_load(dir, (want_samples ? TOCK_REP_LOAD_SAMPLES : 0) |
                                    (html ? TOCK_REP_LOAD_SWEEPS : 0), &run);
    if (rc < 0) {
        tock_rep_free(&run);
        return 2;
    }
    if (baseline && !(run.has_comparison && strcmp(run.cmp_against, baseline) == 0)) {
        /* tock-report renders stored comparisons only: the test, the FDR
         * correction and the verdicts are tock-perf's, made while measuring */
        if (run.has_comparison)
            fprintf(stderr, "tock-report: --baseline %s: %s/summary.json compares against '%s', "
                            "not '%s'\n", baseline, run.dir, run.cmp_against, baseline);
        else
            fprintf(stderr, "tock-report: --baseline %s: %s/summary.json holds no comparison; "
                            "measure with tock-perf --baseline %s (the run then stores the "
                            "changes and verdicts this report shows)\n",
                    baseline, run.dir, baseline);
        tock_rep_free(&run);
        return 2;
    }
    if (run.interrupted)
        fprintf(stderr, "tock-report: %s: the run was interrupted: %llu of %llu selected "
                        "benchmarks were measured; rendering what completed\n",
                run.dir, (unsigned long long)run.measured, (unsigned long long)run.selected);
    tock__buf b = {0};
    size_t failed = 0;
    if (update) {
        rc = tock_rep_update_readme(&run, update);
    } else if (markdown) {
        rc = tock_rep_md_published(&run, run.dir, &b);
        if (!rc) rc = tock_rep_emit(&b, out);
    } else if (format) {
        if (strcmp(format, "gbench") == 0)
            rc = tock_rep_gbench(&run, 0, &b);
        else if (strcmp(format, "gbench-samples") == 0)
            rc = tock_rep_gbench(&run, 1, &b);
        else if (strcmp(format, "bmf") == 0)
            rc = tock_rep_bmf(&run, &b);
        else if (strcmp(format, "csv") == 0)
            rc = tock_rep_csv(&run, &b);
        else if (strcmp(format, "markdown") == 0)
            rc = tock_rep_md_table(&run, &b);
        else
            rc = tock_rep_junit(&run, &b, &failed);
        if (!rc) rc = tock_rep_emit(&b, out);
        if (!rc && failed) {
            fprintf(stderr, "tock-report: %zu benchmark%s regressed\n", failed,
                    failed == 1 ? "" : "s");
            rc = TOCK_REP_ECHECK;
        }
    } else {
        char *path = out ? NULL : tock__path_join(run.dir, "REPORT.html");
        rc = tock_rep_html(&run, &b);
        if (!rc && !out && !path) rc = TOCK_REP_ENOMEM;
        if (!rc) rc = tock_rep_write(out ? out : path, b.p, b.len);
        if (!rc) printf("%s\n", out ? out : path);
        free(path);
    }
    if (rc < 0 && rc != TOCK_REP_ECHECK && (rc == TOCK_REP_ENOMEM || b.err))
        fprintf(stderr, "tock-report: %s\n", tock_rep_strerror(rc));
    tock__buf_free(&b);
    tock_rep_free(&run);
    return exit_code(rc);
}
