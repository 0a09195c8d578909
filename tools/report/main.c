/* main.c - tock-report's command line: which rendering of a stored run to
 * produce and where to put it. The exports are one table (formats[]): the
 * usage text, the check of --format, its message and the dispatch come
 * from it. Exit status: 0 ok; 1 a regression or inconclusive verdict
 * (junit), a README that does not match the run it cites or lacks the
 * section, or a run directory that does not match its manifest
 * (--validate) (--agree exits 0 however little two runs agree); 2 a usage
 * error, or a run directory with a missing or malformed file. It must never
 * run a benchmark or write anything into the run directory but REPORT.html
 * and its hash file REPORT.html.fnv1a64, and never replace an --out target
 * that is not a regular file.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the exports: one row each ----
 * The usage text, the check of --format and its message, and the dispatch
 * are all generated from this table, so adding an export is one row (and
 * its writer, a tock_rep_export_fn). */
typedef struct export_format {
    const char *name;
    /* the text beside the name in --help; each '\n' starts a line indented
     * under the first */
    const char *help;
    tock_rep_export_fn *write;
    int load;                          /* TOCK_REP_LOAD_* the writer needs */
    int (*gate)(const tock_rep_run *); /* verdicts that exit 1 (NULL: none) */
} export_format;

static const export_format formats[] = {
    {"gbench",
     "Google Benchmark JSON, one entry per benchmark\n"
     "(real_time = typical time): compare.py,\n"
     "github-action-benchmark (tool: googlecpp), Bencher\n"
     "(bencher run --adapter cpp_google)",
     tock_rep_gbench, 0, NULL},
    {"gbench-samples",
     "Google Benchmark JSON as with --benchmark_repetitions:\n"
     "every sample a repetition, then the _mean, _median,\n"
     "_stddev, _cv and _typical aggregates; for compare.py's\n"
     "U test (compare.py -a benchmarks OLD.json NEW.json)",
     tock_rep_gbench_samples, TOCK_REP_LOAD_SAMPLES, NULL},
    {"bmf",
     "Bencher Metric Format (bencher run --adapter json):\n"
     "latency in ns with its interval, and throughput",
     tock_rep_bmf, 0, NULL},
    {"csv", "one row per benchmark with run and machine columns", tock_rep_csv, 0, NULL},
    {"markdown", "one table row per benchmark", tock_rep_md_table, 0, NULL},
    {"junit",
     "JUnit XML, a failure per regression verdict\n"
     "and per inconclusive one (an A/B comparison stopped\n"
     "before its first look must not look green); exit 1\n"
     "when there is any",
     tock_rep_junit, 0, tock_rep_gate},
};
#define NFORMATS (sizeof formats / sizeof formats[0])

static const export_format *format_named(const char *name) {
    for (size_t k = 0; k < NFORMATS; k++)
        if (strcmp(name, formats[k].name) == 0) return &formats[k];
    return NULL;
}

/* "    gbench              Google ...\n" and its further lines, indented to
 * the same column as the other options' help */
static void usage_formats(FILE *f) {
    for (size_t k = 0; k < NFORMATS; k++) {
        fprintf(f, "    %-20s", formats[k].name);
        for (const char *c = formats[k].help; *c; c++) {
            fputc(*c, f);
            if (*c == '\n') fputs("                        ", f);
        }
        fputc('\n', f);
    }
}

/* "gbench, gbench-samples, ... or junit" */
static void format_list(FILE *f) {
    for (size_t k = 0; k < NFORMATS; k++)
        fprintf(f, "%s%s", k == 0 ? "" : k + 1 < NFORMATS ? ", " : " or ", formats[k].name);
}

static void usage(FILE *f) {
    fputs("usage: tock-report RUN_DIR [--baseline NAME] [--out FILE]\n"
          "       tock-report RUN_DIR --markdown [--out FILE]\n"
          "       tock-report RUN_DIR --format FORMAT [--out FILE]\n"
          "       tock-report RUN_DIR --update-readme README.md\n"
          "       tock-report --check-readme README.md\n"
          "       tock-report --agree RUN_A RUN_B [--out FILE]\n"
          "       tock-report --validate RUN_DIR\n"
          "\n"
          "Renders a tock run directory from its stored artifacts (summary.json,\n"
          "samples/*.csv, sweeps/*, provenance.json, manifest.json); nothing is re-run.\n"
          "Input files are read only if they are regular files (a FIFO or device is\n"
          "refused, never read) of at most 256 MiB (a README: 64 MiB).\n"
          "\n"
          "  (default)             write RUN_DIR/REPORT.html (or --out FILE): summary\n"
          "                        table, densities, sample scatter, parameter fits,\n"
          "                        a section per sweep (sweeps/<name>.csv, .jsonl),\n"
          "                        provenance; one self-contained file\n"
          "                        (RUN_DIR/REPORT.html.fnv1a64 beside it records its\n"
          "                        hash for --validate)\n"
          "  --baseline NAME       require the run's stored comparison against\n"
          "                        baseline NAME (tock-perf --baseline NAME); a run that\n"
          "                        holds one shows the change column anyway\n"
          "  --markdown            the publishable latency table (horizon table, then\n"
          "                        one line per other benchmark and per sweep, then\n"
          "                        the machine)\n"
          "  --format FORMAT       an export:\n",
          f);
    usage_formats(f);
    fputs("  --out FILE            write there (atomically) instead of stdout\n"
          "                        ('-': stdout); a FILE that exists and is not a\n"
          "                        regular file (a symbolic link, FIFO, device or\n"
          "                        directory) is refused, never replaced\n"
          "  --update-readme FILE  copy summary/provenance/manifest.json to\n"
          "                        results/published/<run>/ beside FILE and replace\n"
          "                        FILE's '## Performance' section with the table\n"
          "  --check-readme FILE   check that section against the run it cites\n"
          "                        (exit 1 when it differs or when FILE has no\n"
          "                        '## Performance' section)\n"
          "  --agree RUN_A RUN_B   run-to-run agreement: for every id in both runs,\n"
          "                        whether the typical-time intervals overlap and the\n"
          "                        difference B / A - 1; ids in one run only; then\n"
          "                        'agree: N of M ids (P%) have overlapping typical\n"
          "                        intervals' (and the same for sweep records and the\n"
          "                        others when there are sweep records). Exit 0 (it\n"
          "                        measures, it does not gate), 2 on bad input\n"
          "  --validate RUN_DIR    check the run directory against its manifest: every\n"
          "                        file manifest.json lists (summary, provenance,\n"
          "                        samples, sweeps, REPORT.md, summary.csv, COMPARE.md,\n"
          "                        ab/ rounds) with its recorded size and FNV-1a 64,\n"
          "                        manifest.json against manifest.fnv1a64, REPORT.html\n"
          "                        against REPORT.html.fnv1a64, and nothing unlisted\n"
          "                        (empty directories aside). Exit 0 valid, 1 a file\n"
          "                        changed, missing or unlisted (each named), 2 not a\n"
          "                        run directory. The hashes catch accidents (a\n"
          "                        truncated copy, an edit, a stray file), not\n"
          "                        tampering: anyone can recompute them, so a manifest\n"
          "                        is no signature\n"
          "  -h, --help, -V, --version\n"
          "\n"
          "Exit status: 0 ok; 1 a regression or inconclusive verdict (junit), a README\n"
          "that does not match its run or has no Performance section, or a run\n"
          "directory that does not match its manifest (--validate); 2 usage error or\n"
          "missing/malformed input.\n",
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

/* "RUN_DIR/name" into *out (malloc'd); TOCK_REP_ENOMEM */
static int run_path(const char *dir, const char *name, char **out) {
    *out = tock__path_join(dir, name);
    return *out ? 0 : TOCK_REP_ENOMEM;
}

/* REPORT.html into RUN_DIR (with its hash file), --out FILE, or stdout
 * (--out -) */
static int write_html(const tock_rep_run *run, const char *out) {
    tock__buf b = {0};
    int rc = tock_rep_html(run, &b);
    if (!rc && b.err) rc = b.err;
    if (!rc && out) {
        rc = tock_rep_emit(&b, out);
        if (!rc && strcmp(out, "-") != 0) printf("%s\n", out);
    } else if (!rc) {
        char *path = NULL, *hash = NULL;
        rc = run_path(run->dir, "REPORT.html", &path);
        if (!rc) rc = run_path(run->dir, "REPORT.html.fnv1a64", &hash);
        if (!rc) rc = tock_rep_write_hashed(path, hash, "REPORT.html", b.p, b.len);
        if (!rc) printf("%s\n", path);
        free(path);
        free(hash);
    }
    if (rc == TOCK_REP_ENOMEM || (rc < 0 && b.err))
        fprintf(stderr, "tock-report: %s\n", tock_rep_strerror(rc));
    tock__buf_free(&b);
    return rc;
}

int main(int argc, char **argv) {
    const char *dir = NULL, *dir2 = NULL, *baseline = NULL, *format = NULL, *out = NULL,
               *update = NULL, *check = NULL;
    int markdown = 0, agree = 0, validate = 0;
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
        if (strcmp(a, "--validate") == 0) {
            validate = 1;
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
            fprintf(stderr,
                    "tock-report: expected at most two run directories (with --agree), "
                    "found '%s', '%s' and '%s'\n",
                    dir, dir2, a);
            return 2;
        }
        if (dir)
            dir2 = a;
        else
            dir = a;
    }
    int modes = markdown + (format != NULL) + (update != NULL) + (check != NULL) + agree + validate;
    if (modes > 1) {
        fprintf(stderr, "tock-report: --markdown, --format, --update-readme, --check-readme, "
                        "--agree and --validate exclude each other\n");
        return 2;
    }
    /* a target that is no regular file is refused before anything is read */
    if (out && strcmp(out, "-") != 0 && tock_rep_check_target("--out", out) != 0) return 2;
    if (validate) {
        if (!dir || dir2 || out || baseline) {
            fprintf(stderr, "tock-report: --validate takes one RUN_DIR (and no --out or "
                            "--baseline)\n");
            return 2;
        }
        return exit_code(tock_rep_validate(dir));
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
    const export_format *fmt = format ? format_named(format) : NULL;
    if (format && !fmt) {
        fprintf(stderr, "tock-report: --format: expected ");
        format_list(stderr);
        fprintf(stderr, ", found '%s'\n", format);
        return 2;
    }
    if (update && out) {
        fprintf(stderr, "tock-report: --update-readme writes the README it is given; --out "
                        "does not apply\n");
        return 2;
    }
    if (update && tock_rep_check_target("--update-readme", update) != 0) return 2;
    int html = modes == 0;
    if (baseline && !html) {
        fprintf(stderr, "tock-report: --baseline applies to REPORT.html only\n");
        return 2;
    }
    tock_rep_run run;
    /* the samples and sweep files feed REPORT.html only (and the exports
     * whose row asks for them): the other exports and the Markdown need
     * summary.json (the published folder holds nothing else) */
    int rc =
        tock_rep_load(dir,
                      html ? TOCK_REP_LOAD_SAMPLES | TOCK_REP_LOAD_SWEEPS | TOCK_REP_LOAD_COMPARISON
                      : fmt ? fmt->load
                            : 0,
                      &run);
    if (rc < 0) {
        tock_rep_free(&run);
        return 2;
    }
    if (baseline && !(run.has_comparison && strcmp(run.cmp_against, baseline) == 0)) {
        /* tock-report renders stored comparisons only: the test, the FDR
         * correction and the verdicts are tock-perf's, made while measuring */
        if (run.has_comparison)
            fprintf(stderr,
                    "tock-report: --baseline %s: %s/summary.json compares against '%s', "
                    "not '%s'\n",
                    baseline, run.dir, run.cmp_against, baseline);
        else
            fprintf(stderr,
                    "tock-report: --baseline %s: %s/summary.json holds no comparison; "
                    "measure with tock-perf --baseline %s (the run then stores the "
                    "changes and verdicts this report shows)\n",
                    baseline, run.dir, baseline);
        tock_rep_free(&run);
        return 2;
    }
    if (run.interrupted)
        fprintf(stderr,
                "tock-report: %s: the run was interrupted: %llu of %llu selected "
                "benchmarks were measured; rendering what completed\n",
                run.dir, (unsigned long long)run.measured, (unsigned long long)run.selected);
    if (html) {
        rc = write_html(&run, out);
    } else if (update) {
        rc = tock_rep_update_readme(&run, update);
    } else {
        tock__buf b = {0};
        rc = markdown ? tock_rep_md_published(&run, run.dir, &b) : fmt->write(&run, &b);
        if (!rc) rc = tock_rep_emit(&b, out);
        if (!rc && fmt && fmt->gate) rc = fmt->gate(&run);
        if (rc < 0 && rc != TOCK_REP_ECHECK && (rc == TOCK_REP_ENOMEM || b.err))
            fprintf(stderr, "tock-report: %s\n", tock_rep_strerror(rc));
        tock__buf_free(&b);
    }
    tock_rep_free(&run);
    return exit_code(rc);
}
