/* runs.c: see runs.h. */
#define _POSIX_C_SOURCE 200809L
#include "runs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sys.h"

/* The last lines of a file, for error messages. */
static void tail_of(const char *path, char *out, size_t cap) {
    char *data;
    size_t len;
    out[0] = '\0';
    if (tock__read_file(path, &data, &len) != 0) return;
    size_t start = len, lines = 0;
    while (start > 0 && lines < 6) {
        start--;
        if (data[start] == '\n' && start + 1 < len) lines++;
    }
    tpar_fmt(out, cap, "%s", data + start + (data[start] == '\n'));
    size_t n = strlen(out);
    while (n && out[n - 1] == '\n') out[--n] = '\0';
    free(data);
}

static bool is_hex32(const char *s) {
    if (strlen(s) != 32) return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))) return false;
    return true;
}

void tpar_run_parse(tpar_run *run, int exit_code) {
    char *data;
    size_t len;
    if (tock__read_file(run->out_path, &data, &len) != 0) {
        run->state = TR_FAILED;
        tpar_fmt(run->note, sizeof run->note, "%s: cannot read the case runner's report",
                 run->out_path);
        return;
    }
    int version = -1;
    long done = -1;
    char *save = NULL;
    size_t lineno = 0;
    char bad[256] = "";
    for (char *line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        lineno++;
        if (strncmp(line, "case ", 5) == 0) {
            tpar_case c;
            memset(&c, 0, sizeof c);
            char name[256], group[64];
            if (sscanf(line, "case %255s %63s %d %32s %32s %llu %32s", name, group, &c.step, c.in,
                       c.out, &c.bytes, c.out_nan) != 7 ||
                strlen(name) >= sizeof c.name || strlen(group) >= sizeof c.group ||
                !is_hex32(c.in) || !is_hex32(c.out) || !is_hex32(c.out_nan)) {
                if (!bad[0]) tpar_fmt(bad, sizeof bad, "line %zu: malformed case line", lineno);
                continue;
            }
            memcpy(c.name, name, strlen(name) + 1);
            memcpy(c.group, group, strlen(group) + 1);
            tpar_cases_push(&run->cases, &c);
        } else if (strncmp(line, "tock-parity-cases ", 18) == 0) {
            version = atoi(line + 18);
        } else if (strncmp(line, "isa ", 4) == 0) {
            sscanf(line, "isa %15s %15s", run->forced, run->dispatched);
        } else if (strncmp(line, "vector ", 7) == 0) {
            run->vector_bits = (unsigned)strtoul(line + 7, NULL, 10);
        } else if (strncmp(line, "compiler ", 9) == 0) {
            tpar_fmt(run->compiler_line, sizeof run->compiler_line, "%s", line + 9);
        } else if (strncmp(line, "done ", 5) == 0) {
            done = atol(line + 5);
        } else if (strncmp(line, "skip ", 5) == 0) {
            tpar_fmt(run->note, sizeof run->note, "%s", line + 5);
        }
    }
    free(data);
    if (exit_code == TCASE_EXIT_SKIP) {
        run->state = TR_SKIPPED;
        if (!run->note[0]) tpar_fmt(run->note, sizeof run->note, "the case runner skipped");
        return;
    }
    run->state = TR_FAILED;
    const char *want = ht_isa_name(run->var->isa);
    if (exit_code != 0) {
        char tail[400];
        tail_of(run->err_path, tail, sizeof tail);
        char how[64];
        if (exit_code > 128 && exit_code < 128 + 65)
            tpar_fmt(how, sizeof how, "was killed by signal %d%s", exit_code - 128,
                     exit_code - 128 == 11  ? " (SIGSEGV)"
                     : exit_code - 128 == 6 ? " (SIGABRT)"
                                            : "");
        else
            tpar_fmt(how, sizeof how, "exited with %d", exit_code);
        tpar_fmt(run->note, sizeof run->note, "case runner %s; %s: %s", how, run->err_path,
                 tail[0] ? tail : "(no output)");
    } else if (version != TCASE_PROTOCOL_VERSION) {
        tpar_fmt(run->note, sizeof run->note,
                 "%s: expected protocol version %d, found %d (stale build?)", run->out_path,
                 TCASE_PROTOCOL_VERSION, version);
    } else if (bad[0]) {
        tpar_fmt(run->note, sizeof run->note, "%s: %s", run->out_path, bad);
    } else if (done < 0 || (size_t)done != run->cases.n) {
        tpar_fmt(run->note, sizeof run->note,
                 "%s: report truncated: expected 'done %zu', found %s%ld", run->out_path,
                 run->cases.n, done < 0 ? "no done line, " : "done ", done);
    } else if (strcmp(run->dispatched, want) != 0 || strcmp(run->forced, want) != 0) {
        tpar_fmt(run->note, sizeof run->note,
                 "the build is pinned to %s but the case runner reports forced=%s and "
                 "dispatched=%s",
                 want, run->forced, run->dispatched);
    } else if (run->var->vl && run->vector_bits != run->var->vl) {
        tpar_fmt(run->note, sizeof run->note,
                 "the run used %u-bit vectors, expected %u (emulator %s -cpu %s)", run->vector_bits,
                 run->var->vl, run->var->emu, run->var->cpu);
    } else {
        run->state = TR_OK;
    }
}
