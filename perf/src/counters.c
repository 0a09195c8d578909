/* counters.c - user counters (tock_counter): what a routine reports beside
 * its time, per iteration, per second or as a plain value, and how they
 * are printed in the console, summary.json, summary.csv and REPORT.md.
 */
#include "internal.h"

static pthread_mutex_t tock__counter_mutex = PTHREAD_MUTEX_INITIALIZER;

/* built-in columns of a result a counter may not shadow */
static const char *const tock__reserved[] = {"time",       "typical", "mean",    "median",
                                             "min",        "samples", "threads", "throughput",
                                             "iterations", "cpu"};

const char *tock__counter_kind(int flags) {
    return flags == TOCK_COUNTER_PER_ITERATION ? "per_iteration"
           : flags == TOCK_COUNTER_RATE        ? "per_second"
                                               : "plain";
}

/* the message of a misused counter, kept for the console; the benchmark
 * fails and the run exits 2 */
static int tock__counter_fail(tock__bench *b, const char *fmt, const char *name, const char *more) {
    if (!b->err_msg[0]) snprintf(b->err_msg, sizeof b->err_msg, fmt, name, more);
    return TOCK_EINVAL;
}

static int tock__counter_locked(tock__bench *b, const char *name, double value, int flags) {
    if (!name || !*name || strlen(name) > 31)
        return tock__counter_fail(b, "counter '%s': expected a name of 1..31 characters%s",
                                  name ? name : "(null)", "");
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_'))
            return tock__counter_fail(b, "counter '%s': expected [A-Za-z0-9_] only%s", name, "");
    if (flags != TOCK_COUNTER_PLAIN && flags != TOCK_COUNTER_PER_ITERATION &&
        flags != TOCK_COUNTER_RATE)
        return tock__counter_fail(b, "counter '%s': unknown flags%s", name, "");
    for (size_t i = 0; i < sizeof tock__reserved / sizeof *tock__reserved; i++)
        if (strcmp(name, tock__reserved[i]) == 0)
            return tock__counter_fail(b, "counter '%s': the name of a built-in column%s", name,
                                      "; choose another");
    if (!isfinite(value))
        return tock__counter_fail(b, "counter '%s': expected a finite value%s", name, "");
    tock__counter *c = NULL;
    for (size_t i = 0; i < b->ncounters; i++)
        if (strcmp(b->counters[i].name, name) == 0) c = &b->counters[i];
    if (c && c->flags != flags)
        return tock__counter_fail(b, "counter '%s': given before as %s, now as another kind", name,
                                  tock__counter_kind(c->flags));
    if (!c) {
        if (b->ncounters == TOCK_MAX_COUNTERS)
            return tock__counter_fail(b, "counter '%s': more than 16 counters%s", name, "");
        c = &b->counters[b->ncounters++];
        memset(c, 0, sizeof *c);
        snprintf(c->name, sizeof c->name, "%s", name);
        c->flags = flags;
    }
    c->last = value;
    if (b->counting) c->sum += value;
    return 0;
}

int tock_counter(const char *name, double value, int flags) {
    tock__bench *b = tock__cur;
    if (!b) return TOCK_EINVAL; /* outside a benchmark */
    pthread_mutex_lock(&tock__counter_mutex);
    int rc = tock__counter_locked(b, name, value, flags);
    pthread_mutex_unlock(&tock__counter_mutex);
    return rc;
}

/* the reported value: 0, or TOCK_TOOFEW when a per-iteration or rate
 * counter has no measured sample to divide by */
int tock__counter_value(const tock__bench *b, const tock__counter *c, double *v) {
    *v = NAN;
    if (c->flags == TOCK_COUNTER_PLAIN)
        *v = c->last;
    else if (c->flags == TOCK_COUNTER_PER_ITERATION && b->count_iters > 0)
        *v = c->sum / (double)b->count_iters;
    else if (c->flags == TOCK_COUNTER_RATE && b->count_ns > 0.0)
        *v = c->sum / (b->count_ns / 1e9);
    return isnan(*v) ? TOCK_ETOOFEW : 0;
}

/* one value with its unit: "12.5/iter", "1.25 G/s", "7" */
static void tock__fmt_counter(char *out, size_t cap, const tock__bench *b, const tock__counter *c) {
    double v;
    if (tock__counter_value(b, c, &v) < 0) {
        snprintf(out, cap, "n/a");
        return;
    }
    if (c->flags == TOCK_COUNTER_RATE) {
        static const char *const pre[] = {"", " k", " M", " G", " T"};
        int k = 0;
        while (fabs(v) >= 1000.0 && k < 4) {
            v /= 1000.0;
            k++;
        }
        snprintf(out, cap, "%.4g%s/s", v, k ? pre[k] : " ");
    } else {
        snprintf(out, cap, "%.6g%s", v, c->flags == TOCK_COUNTER_PER_ITERATION ? "/iter" : "");
    }
}

void tock__print_counters(const tock__bench *b) {
    if (b->ncounters == 0) return;
    printf("%24scounters:", "");
    for (size_t i = 0; i < b->ncounters; i++) {
        char v[48];
        tock__fmt_counter(v, sizeof v, b, &b->counters[i]);
        printf("%s %s %s", i ? "," : "", b->counters[i].name, v);
    }
    printf("\n");
}

/* "counters": {"name": {"value": v, "kind": "per_iteration"}, ...} */
void tock__json_counters(tock__json *j, const tock__bench *b) {
    tock__json_begin(j, "counters", '{');
    for (size_t i = 0; i < b->ncounters; i++) {
        const tock__counter *c = &b->counters[i];
        double v;
        tock__json_begin(j, c->name, '{');
        const int pretty = j->pretty;
        j->pretty = 0; /* one line per counter */
        if (tock__counter_value(b, c, &v) == 0)
            tock__json_double(j, "value", v);
        else
            tock__json_null(j, "value");
        tock__json_string(j, "kind", tock__counter_kind(c->flags));
        tock__json_end(j, '}');
        j->pretty = pretty;
    }
    tock__json_end(j, '}');
}

/* REPORT.md: one table row per counter of a finished benchmark */
void tock__report_counters(tock__state *S, tock__buf *buf) {
    size_t n = 0;
    for (size_t i = 0; i < S->nbench; i++)
        if (S->benches[i].state == TOCK__DONE) n += S->benches[i].ncounters;
    if (n == 0) return;
    static const char *const head[4] = {"benchmark", "counter", "value", "kind"};
    tock__buf_puts(buf, "\n## Counters\n\n");
    tock__md_head(buf, 4, head, "llrl");
    for (size_t i = 0; i < S->nbench; i++) {
        const tock__bench *b = &S->benches[i];
        if (b->state != TOCK__DONE) continue;
        for (size_t k = 0; k < b->ncounters; k++) {
            char v[48];
            tock__fmt_counter(v, sizeof v, b, &b->counters[k]);
            const char *row[4] = {b->id, b->counters[k].name, v,
                                  tock__counter_kind(b->counters[k].flags)};
            tock__md_row(buf, 4, row);
        }
    }
}

/* summary.csv's counter columns: every counter name of a finished
 * benchmark once, in order of first appearance (names borrowed from the
 * benchmarks; free(*names)). 0, or TOCK_ENOMEM. */
int tock__counter_columns(tock__state *S, const char ***names, size_t *n) {
    size_t total = 0;
    *names = NULL;
    *n = 0;
    for (size_t i = 0; i < S->nbench; i++)
        if (S->benches[i].state == TOCK__DONE) total += S->benches[i].ncounters;
    if (total == 0) return 0;
    *names = (const char **)malloc(total * sizeof **names);
    if (!*names) return TOCK_ENOMEM;
    for (size_t i = 0; i < S->nbench; i++) {
        const tock__bench *b = &S->benches[i];
        if (b->state != TOCK__DONE) continue;
        for (size_t k = 0; k < b->ncounters; k++) {
            size_t j = 0;
            while (j < *n && strcmp((*names)[j], b->counters[k].name) != 0) j++;
            if (j == *n) (*names)[(*n)++] = b->counters[k].name;
        }
    }
    return 0;
}

/* one summary.csv cell per column name: the benchmark's value, empty when
 * it has no such counter or no value */
void tock__csv_counters(tock__buf *buf, const tock__bench *b, const char *const *names, size_t n) {
    for (size_t j = 0; j < n; j++) {
        double v = NAN;
        for (size_t k = 0; k < b->ncounters; k++)
            if (strcmp(b->counters[k].name, names[j]) == 0)
                tock__counter_value(b, &b->counters[k], &v);
        tock__csv_num(buf, v);
    }
}
