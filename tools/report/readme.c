/* readme.c - publishes a run's latency table in README.md and checks it.
 * --update-readme copies the run's summary.json, provenance.json and
 * manifest.json to results/published/<run>/ beside the README (run folders
 * under results/runs/ are not committed), then replaces the "## Performance"
 * section (up to the next "# " or "## " heading outside code fences; appended
 * at the end when missing) with the publishable table citing that folder.
 * --check-readme regenerates the section from the cited folder and compares
 * it byte for byte; a README without the section fails the check (exit 1).
 * Files are read with tock__read_input (regular files only, size-capped).
 * It must never edit anything outside the section, and never write
 * README.md in place (tmp + rename; a symbolic link is refused, not
 * replaced).
 */
#include "report.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADING "## Performance"
#define MARKER "<!-- tock-report --update-readme: "
#define MARKER_END " (tock-report --check-readme checks this section against it) -->"

typedef struct section {
    size_t start, end; /* [start, end) of the heading line through the section */
    int found;
} section;

static int is_heading_line(const char *line, size_t len) {
    while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t')) len--;
    return len == strlen(HEADING) && memcmp(line, HEADING, len) == 0;
}

static int ends_section(const char *line, size_t len) {
    return (len >= 3 && memcmp(line, "## ", 3) == 0) || (len >= 2 && memcmp(line, "# ", 2) == 0);
}

static void find_section(const char *t, size_t n, section *s) {
    memset(s, 0, sizeof *s);
    s->start = s->end = n;
    int fence = 0;
    size_t i = 0;
    while (i < n) {
        const char *nl = memchr(t + i, '\n', n - i);
        size_t len = nl ? (size_t)(nl - (t + i)) : n - i;
        const char *line = t + i;
        if ((len >= 3 && memcmp(line, "```", 3) == 0) ||
            (len >= 3 && memcmp(line, "~~~", 3) == 0)) {
            fence = !fence;
        } else if (!fence) {
            if (!s->found && is_heading_line(line, len)) {
                s->found = 1;
                s->start = i;
            } else if (s->found && ends_section(line, len)) {
                s->end = i;
                return;
            }
        }
        i += len + (nl ? 1 : 0);
    }
    s->end = n;
}

/* the section as --update-readme writes it, without the blank line that
 * separates it from a following heading */
static int make_section(const tock_rep_run *run, const char *cite, tock__buf *b) {
    tock__buf_puts(b, HEADING "\n\n" MARKER);
    tock__buf_puts(b, cite);
    tock__buf_puts(b, MARKER_END "\n\n");
    return tock_rep_md_published(run, cite, b);
}

static char *dir_of(const char *path) {
    const char *slash = strrchr(path, '/');
    if (!slash) return tock__strdup(".");
    if (slash == path) return tock__strdup("/");
    return strndup(path, (size_t)(slash - path));
}

static int same_dir(const char *a, const char *b) {
    char ra[PATH_MAX], rb[PATH_MAX];
    if (!realpath(a, ra) || !realpath(b, rb)) return 0;
    return strcmp(ra, rb) == 0;
}

static int copy_file(const char *from, const char *to) {
    char *data;
    size_t len;
    int rc = tock_rep_read_input(NULL, from, TOCK_REP_MAX_RUN_FILE, NULL, &data, &len);
    if (!rc) rc = tock_rep_write(NULL, to, data, len);
    free(data);
    return rc;
}

static int trim_len(const char *s, size_t n) {
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ')) n--;
    return (int)n;
}

int tock_rep_update_readme(const tock_rep_run *run, const char *readme) {
    if (run->interrupted) {
        fprintf(stderr,
                "tock-report: %s: the run was interrupted (manifest.json status "
                "\"interrupted\"); publish a complete run\n",
                run->dir);
        return TOCK_REP_EINPUT;
    }
    char *text = NULL;
    size_t n = 0;
    int rc = tock_rep_read_input("--update-readme", readme, TOCK_REP_MAX_README, NULL, &text, &n);
    if (rc) {
        free(text);
        return rc;
    }
    char *root = dir_of(readme);
    char cite[512];
    snprintf(cite, sizeof cite, "results/published/%s", run->name);
    char *pub = root ? tock__path_join(root, cite) : NULL;
    tock__buf sec = {0}, out = {0};
    if (!pub) rc = TOCK_REP_ENOMEM;
    if (!rc && !same_dir(run->dir, pub)) {
        static const char *const files[] = {"summary.json", "provenance.json", "manifest.json"};
        if (tock__mkdirs(pub) != 0) {
            fprintf(stderr, "tock-report: cannot create directory %s: %s\n", pub, strerror(errno));
            rc = TOCK_REP_EIO;
        }
        for (size_t i = 0; i < 3 && !rc; i++) {
            char *from = tock__path_join(run->dir, files[i]), *to = tock__path_join(pub, files[i]);
            rc = from && to ? copy_file(from, to) : TOCK_REP_ENOMEM;
            free(from);
            free(to);
        }
    }
    if (!rc) rc = make_section(run, cite, &sec);
    if (!rc) {
        section s;
        find_section(text, n, &s);
        tock__buf_put(&out, text, s.start);
        if (!s.found && n) {
            /* appended: one blank line before the new heading */
            if (text[n - 1] != '\n') tock__buf_puts(&out, "\n");
            if (n < 2 || text[n - 2] != '\n' || text[n - 1] != '\n') tock__buf_puts(&out, "\n");
        }
        tock__buf_put(&out, sec.p, sec.len);
        if (s.end < n) {
            tock__buf_puts(&out, "\n");
            tock__buf_put(&out, text + s.end, n - s.end);
        }
        rc = out.err ? out.err : tock_rep_write("--update-readme", readme, out.p, out.len);
    }
    if (!rc)
        fprintf(stderr,
                "tock-report: %s: the Performance section now cites %s/; commit that "
                "folder together with the README\n",
                readme, cite);
    tock__buf_free(&sec);
    tock__buf_free(&out);
    free(pub);
    free(root);
    free(text);
    return rc;
}

int tock_rep_check_readme(const char *readme) {
    char *text = NULL;
    size_t n = 0;
    int rc = tock_rep_read_input("--check-readme", readme, TOCK_REP_MAX_README, NULL, &text, &n);
    if (rc) {
        free(text);
        return rc;
    }
    section s;
    find_section(text, n, &s);
    if (!s.found) {
        /* a check that finds nothing to check must not pass: a README whose
         * section was deleted would otherwise stay green */
        fprintf(stderr,
                "tock-report: %s has no '" HEADING "' section: the section is "
                "missing, so nothing ties the README to a run; write it with "
                "tock-report RUN_DIR --update-readme %s\n",
                readme, readme);
        free(text);
        return TOCK_REP_ECHECK;
    }
    const char *sec = text + s.start;
    size_t slen = s.end - s.start;
    char *m = NULL;
    for (size_t i = 0; i + strlen(MARKER) <= slen; i++)
        if (memcmp(sec + i, MARKER, strlen(MARKER)) == 0) {
            m = (char *)sec + i + strlen(MARKER);
            break;
        }
    if (!m) {
        fprintf(stderr,
                "tock-report: %s: the '" HEADING "' section has no '%s...' line, so "
                "its figures cannot be traced to a run; regenerate it with "
                "tock-report RUN_DIR --update-readme %s\n",
                readme, MARKER, readme);
        free(text);
        return TOCK_REP_ECHECK;
    }
    size_t cl = strcspn(m, " \n");
    char cite[512];
    if (cl == 0 || cl >= sizeof cite) {
        fprintf(stderr, "tock-report: %s: the tock-report marker cites no path\n", readme);
        free(text);
        return TOCK_REP_ECHECK;
    }
    memcpy(cite, m, cl);
    cite[cl] = '\0';
    if (cite[0] == '/' || strstr(cite, "..")) {
        fprintf(stderr,
                "tock-report: %s cites '%s': expected a path inside the repository "
                "(results/published/<run>)\n",
                readme, cite);
        rc = TOCK_REP_ECHECK;
    } else if (strncmp(cite, "results/runs/", 13) == 0) {
        fprintf(stderr,
                "tock-report: %s cites '%s', but results/runs/ is not committed "
                "(.gitignore): a clean checkout cannot verify it. Publish with "
                "--update-readme, which copies the run to results/published/<run>/, "
                "and commit that folder\n",
                readme, cite);
        rc = TOCK_REP_ECHECK;
    }
    char *root = dir_of(readme);
    char *dir = root && !rc ? tock__path_join(root, cite) : NULL;
    if (!rc && !dir) rc = TOCK_REP_ENOMEM;
    if (!rc && !tock__is_dir(dir)) {
        fprintf(stderr,
                "tock-report: %s cites %s/, which is not in this checkout: the "
                "published run must be committed with the README (--update-readme "
                "writes summary.json, provenance.json and manifest.json there)\n",
                readme, cite);
        rc = TOCK_REP_ECHECK;
    }
    tock_rep_run run;
    int loaded = 0;
    tock__buf want = {0};
    if (!rc) {
        rc = tock_rep_load(dir, 0, &run);
        loaded = 1;
        if (rc < 0)
            fprintf(stderr, "tock-report: %s: the cited run %s cannot be read\n", readme, cite);
    }
    if (!rc) rc = make_section(&run, cite, &want);
    if (!rc) {
        int a = trim_len(sec, slen), b = trim_len(want.p, want.len);
        if (a == b && memcmp(sec, want.p, (size_t)a) == 0) {
            printf("tock-report: %s: the Performance section matches %s (%zu benchmarks)\n", readme,
                   cite, run.nb);
        } else {
            /* report the first line that differs, with its README line number */
            size_t line = 1, i = 0, headline = 1;
            for (size_t k = 0; k < s.start; k++) headline += text[k] == '\n';
            while (i < (size_t)a && i < (size_t)b && sec[i] == want.p[i]) line += sec[i++] == '\n';
            size_t ls = i;
            while (ls > 0 && sec[ls - 1] != '\n') ls--;
            int ha = (int)strcspn(sec + ls, "\n"), hb = (int)strcspn(want.p + ls, "\n");
            if (ls + (size_t)ha > (size_t)a) ha = a - (int)ls;
            if (ls + (size_t)hb > (size_t)b) hb = b - (int)ls;
            fprintf(stderr,
                    "tock-report: %s line %zu differs from what %s gives:\n"
                    "  README: %.*s\n  run:    %.*s\n"
                    "Regenerate with tock-report RUN_DIR --update-readme %s\n",
                    readme, headline + line - 1, cite, ha < 0 ? 0 : ha, sec + ls, hb < 0 ? 0 : hb,
                    want.p + ls, readme);
            rc = TOCK_REP_ECHECK;
        }
    }
    if (loaded) tock_rep_free(&run);
    tock__buf_free(&want);
    free(dir);
    free(root);
    free(text);
    return rc;
}
