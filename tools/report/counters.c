/* counters.c - the run's user counters (tock_counter; summary.json
 * "counters" per benchmark): their values as the console and REPORT.md
 * write them, REPORT.html's Counters section, and the counter names the CSV
 * export makes columns of. A counter's value is null when the framework had
 * no measured sample to divide by; it reads "n/a".
 */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tock_rep_has_counters(const tock_rep_run *run) {
    for (size_t i = 0; i < run->nb; i++)
        if (run->b[i].counters) return 1;
    return 0;
}

double tock_rep_counter_value(const json_t *c) {
    const json_t *v = json_object_get(c, "value");
    return json_is_number(v) ? json_number_value(v) : NAN;
}

const char *tock_rep_counter_kind(const json_t *c) {
    const char *k = json_string_value(json_object_get(c, "kind"));
    return k ? k : "";
}

/* REPORT.md's form (perf/src/counters.c): "12.5/iter", "1.25 G/s", "7" */
void tock_rep_fmt_counter(char *out, size_t cap, const json_t *c) {
    double v = tock_rep_counter_value(c);
    const char *kind = tock_rep_counter_kind(c);
    if (!isfinite(v)) {
        snprintf(out, cap, "n/a");
    } else if (strcmp(kind, "per_second") == 0) {
        static const char *const pre[] = {"", " k", " M", " G", " T"};
        int k = 0;
        while (fabs(v) >= 1000.0 && k < 4) {
            v /= 1000.0;
            k++;
        }
        snprintf(out, cap, "%.4g%s/s", v, k ? pre[k] : " ");
    } else {
        snprintf(out, cap, "%.6g%s", v, strcmp(kind, "per_iteration") == 0 ? "/iter" : "");
    }
}

int tock_rep_counter_names(const tock_rep_run *run, const char ***names, size_t *n) {
    *names = NULL;
    *n = 0;
    size_t cap = 0;
    for (size_t i = 0; i < run->nb; i++) {
        const char *key;
        json_t *c;
        json_object_foreach(run->b[i].counters, key, c) {
            size_t k = 0;
            while (k < *n && strcmp((*names)[k], key) != 0) k++;
            if (k < *n) continue;
            if (*n == cap) {
                cap = cap ? 2 * cap : 16;
                const char **p = (const char **)realloc((void *)*names, cap * sizeof *p);
                if (!p) {
                    free((void *)*names);
                    *names = NULL;
                    *n = 0;
                    return TOCK_REP_ENOMEM;
                }
                *names = p;
            }
            (*names)[(*n)++] = key;
        }
    }
    return 0;
}

void tock_rep_html_counters(tock__buf *b, const tock_rep_run *run) {
    if (!tock_rep_has_counters(run)) return;
    tock__buf_puts(b, "<section id=\"counters\"><h2>Counters</h2>\n<p class=\"muted\">What each "
                      "benchmark reported with <code>tock_counter</code>: per iteration (over the "
                      "measured samples' iterations), per second (over their time) or plain (the "
                      "last value given).</p>\n<div class=\"scroll\"><table class=\"sum\">"
                      "<thead><tr><th>benchmark</th><th>counter</th><th class=\"num\">value</th>"
                      "<th>kind</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < run->nb; i++) {
        const tock_rep_bench *x = &run->b[i];
        const char *key;
        json_t *c;
        /* a link to the benchmark's own section, where there is one */
        const int linked = !run->counts_mode && !x->sweep;
        json_object_foreach(x->counters, key, c) {
            char v[64];
            tock_rep_fmt_counter(v, sizeof v, c);
            if (linked)
                tock__buf_printf(b, "<tr><td><a href=\"#b%zu\"><code>", i);
            else
                tock__buf_puts(b, "<tr><td><code>");
            tock_rep_put_html(b, x->id);
            tock__buf_puts(b, linked ? "</code></a></td><td><code>" : "</code></td><td><code>");
            tock_rep_put_html(b, key);
            tock__buf_puts(b, "</code></td><td class=\"num\">");
            tock_rep_put_html(b, v);
            tock__buf_puts(b, "</td><td>");
            tock_rep_put_html(b, tock_rep_counter_kind(c));
            tock__buf_puts(b, "</td></tr>\n");
        }
    }
    tock__buf_puts(b, "</tbody></table></div></section>\n");
}
