/* count_parse.c - reading one callgrind output file (one dump of a count
 * run): the label the client request gave it and the totals of the nine
 * events tock counts, and the estimated cycles. Pure: no files, no
 * processes; tests/perf feeds it good and broken text.
 */
#include "internal.h"

const char *const tock_count_event_names[TOCK_COUNT_NEVENTS] = {
#define TOCK__EV_NAME(id, name) name,
    TOCK_COUNT_EVENTS(TOCK__EV_NAME)
#undef TOCK__EV_NAME
};

double tock_count_est_cycles(const double ev[TOCK_COUNT_NEVENTS]) {
    return ev[TOCK_EV_IR] + 10.0 * (ev[TOCK_EV_I1MR] + ev[TOCK_EV_D1MR] + ev[TOCK_EV_D1MW]) +
           100.0 * (ev[TOCK_EV_ILMR] + ev[TOCK_EV_DLMR] + ev[TOCK_EV_DLMW]);
}

#define TOCK__CG_MAX_EVENTS 64

/* "events: A B C" -> names in place (tokens of the line after the key) */
static size_t tock__cg_words(char *s, char **w, size_t cap) {
    size_t n = 0;
    for (char *p = s; *p;) {
        while (*p == ' ' || *p == '\t') p++;
        if (!*p) break;
        if (n < cap) w[n] = p;
        n++;
        while (*p && *p != ' ' && *p != '\t') p++;
        if (*p) *p++ = '\0';
    }
    return n;
}

/* The format (callgrind_format in valgrind's docs): header lines "key: value";
 * "events:" names the columns; "summary:" (or, failing that, "totals:")
 * holds the part's totals, trailing zero columns omitted; the dump's
 * trigger is "desc: Trigger: Client Request: <label>". */
int tock__cg_parse(const char *text, size_t len, tock__cg_part *out, char *err, size_t errcap) {
    memset(out, 0, sizeof *out);
    if (err && errcap) err[0] = '\0';
    char line[4096];
    char *names[TOCK__CG_MAX_EVENTS];
    char names_line[4096] = "";
    char summary[4096] = "", totals[4096] = "";
    size_t nnames = 0, pos = 0, lineno = 0;
    int header_seen = 0;
    while (pos < len) {
        const char *nl = (const char *)memchr(text + pos, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - (text + pos)) : len - pos;
        lineno++;
        size_t cl = ll < sizeof line - 1 ? ll : sizeof line - 1;
        memcpy(line, text + pos, cl);
        line[cl] = '\0';
        pos += ll + (nl ? 1 : 0);
        if (lineno == 1 && strncmp(line, "# callgrind format", 18) == 0) header_seen = 1;
        if (strncmp(line, "events:", 7) == 0)
            snprintf(names_line, sizeof names_line, "%s", line + 7);
        else if (strncmp(line, "summary:", 8) == 0)
            snprintf(summary, sizeof summary, "%s", line + 8);
        else if (strncmp(line, "totals:", 7) == 0)
            snprintf(totals, sizeof totals, "%s", line + 7);
        else if (strncmp(line, "desc: Trigger: Client Request: ", 31) == 0)
            snprintf(out->label, sizeof out->label, "%.511s", line + 31);
    }
    if (!header_seen || !names_line[0]) {
        snprintf(err, errcap,
                 "not a callgrind output file (expected '# callgrind format' and an 'events:' "
                 "line)");
        return TOCK_EINVAL;
    }
    nnames = tock__cg_words(names_line, names, TOCK__CG_MAX_EVENTS);
    if (nnames > TOCK__CG_MAX_EVENTS) {
        snprintf(err, errcap, "more than %d events on the 'events:' line", TOCK__CG_MAX_EVENTS);
        return TOCK_EINVAL;
    }
    char *vals = summary[0] ? summary : totals;
    if (!vals[0]) {
        snprintf(err, errcap, "no 'summary:' or 'totals:' line");
        return TOCK_EINVAL;
    }
    char *v[TOCK__CG_MAX_EVENTS + 1];
    size_t nv = tock__cg_words(vals, v, TOCK__CG_MAX_EVENTS + 1);
    if (nv > nnames) {
        snprintf(err, errcap, "the summary has %zu values for %zu events", nv, nnames);
        return TOCK_EINVAL;
    }
    for (int k = 0; k < TOCK_COUNT_NEVENTS; k++) {
        size_t col = nnames;
        for (size_t c = 0; c < nnames; c++)
            if (strcmp(names[c], tock_count_event_names[k]) == 0) col = c;
        if (col == nnames) {
            snprintf(err, errcap,
                     "event %s is missing from the 'events:' line (was callgrind run with "
                     "--cache-sim=yes?)",
                     tock_count_event_names[k]);
            return TOCK_EINVAL;
        }
        uint64_t x = 0;
        if (col < nv && tock__parse_u64(v[col], 0, UINT64_MAX, &x) != 0) {
            snprintf(err, errcap, "event %s: expected a count, found '%.40s'",
                     tock_count_event_names[k], v[col]);
            return TOCK_EINVAL;
        }
        out->ev[k] = (double)x; /* omitted trailing columns are 0 */
    }
    return 0;
}
