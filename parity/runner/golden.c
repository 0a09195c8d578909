/* golden.c: see golden.h. */
#define _POSIX_C_SOURCE 200809L
#include "golden.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "runs.h"
#include "sys.h"

/* No control characters: names are printed in messages and reports. */
static bool printable(const char *s) {
    for (; *s; s++)
        if ((unsigned char)*s < 0x20) return false;
    return true;
}

static bool hex32(const char *s) {
    if (!s || strlen(s) != 32) return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))) return false;
    return true;
}

int tpar_hashes_read(const char *path, tpar_cases *out, char *err, size_t cap) {
    char *text;
    size_t len;
    int rrc = tock__read_input(path, TPAR_INPUT_MAX, &text, &len);
    if (rrc != 0) {
        char why[128];
        tpar_fmt(err, cap, "%s: cannot read: %s", path,
                 tock__read_error(rrc, errno, TPAR_INPUT_MAX, why, sizeof why));
        return -1;
    }
    /* The parser stops at a NUL byte: one inside the file would hide the rest. */
    if (strlen(text) != len) {
        tpar_fmt(err, cap, "%s: not valid JSON: a NUL byte at offset %zu", path, strlen(text));
        free(text);
        return -1;
    }
    char perr[256];
    tpar_json *root = tpar_json_parse(text, perr, sizeof perr);
    free(text);
    if (!root) {
        tpar_fmt(err, cap, "%s: not valid JSON: %s", path, perr);
        return -1;
    }
    int rc = -1;
    const char *format = tpar_json_str(root, "format");
    const tpar_json *version = tpar_json_get(root, "version");
    const tpar_json *protocol = tpar_json_get(root, "protocol");
    const tpar_json *cases = tpar_json_get(root, "cases");
    if (!format || strcmp(format, "tock-parity-hashes") != 0) {
        const tpar_json *f = tpar_json_get(root, "format");
        tpar_fmt(err, cap, "%s: field \"format\": expected \"tock-parity-hashes\", found %s%s%s",
                 path, format ? "\"" : "",
                 format ? format
                 : f    ? "a value that is not a string"
                        : "no such field",
                 format ? "\"" : "");
    } else if (!version || version->type != TJ_NUM || version->num != 1) {
        tpar_fmt(err, cap, "%s: field \"version\": expected 1", path);
    } else if (!protocol || protocol->type != TJ_NUM || protocol->num != TCASE_PROTOCOL_VERSION) {
        char found[64];
        if (protocol && protocol->type == TJ_NUM)
            tpar_fmt(found, sizeof found, "%g", protocol->num);
        else
            tpar_fmt(found, sizeof found, "%s",
                     protocol ? "a value that is not a number" : "no such field");
        tpar_fmt(err, cap,
                 "%s: field \"protocol\": expected %d, found %s: the file was written by "
                 "another protocol version of tock-parity-cases (the case set or the hashes "
                 "changed since); regenerate it with --write-golden",
                 path, TCASE_PROTOCOL_VERSION, found);
    } else if (!cases || cases->type != TJ_ARR) {
        tpar_fmt(err, cap, "%s: field \"cases\": expected an array", path);
    } else {
        rc = 0;
        for (size_t i = 0; i < cases->n && rc == 0; i++) {
            const tpar_json *e = &cases->items[i];
            const char *name = tpar_json_str(e, "case"), *group = tpar_json_str(e, "group");
            const char *in = tpar_json_str(e, "input"), *o = tpar_json_str(e, "output");
            const char *on = tpar_json_str(e, "output_nan");
            const tpar_json *step = tpar_json_get(e, "step");
            tpar_case c;
            memset(&c, 0, sizeof c);
            /* -1 (no step) or a step number; absent means -1 */
            bool step_ok = !step || (step->type == TJ_NUM && step->num >= -1 &&
                                     step->num <= INT_MAX && step->num == (double)(int)step->num);
            if (!name || !name[0] || strlen(name) >= sizeof c.name || !printable(name) || !group ||
                !group[0] || strlen(group) >= sizeof c.group || !printable(group)) {
                tpar_fmt(err, cap,
                         "%s: cases[%zu]: expected string fields \"case\" (1 to %zu bytes) and "
                         "\"group\" (1 to %zu), without control characters",
                         path, i, sizeof c.name - 1, sizeof c.group - 1);
                rc = -1;
            } else if (!hex32(in) || !hex32(o) || !hex32(on)) {
                tpar_fmt(err, cap,
                         "%s: cases[%zu] (%s): \"input\", \"output\" and \"output_nan\" must "
                         "be 32 lowercase hex digits, found \"%s\", \"%s\" and \"%s\"",
                         path, i, name, in ? in : "?", o ? o : "?", on ? on : "?");
                rc = -1;
            } else if (!step_ok) {
                tpar_fmt(err, cap,
                         "%s: cases[%zu] (%s): \"step\" must be -1 or a whole number "
                         "0..%d",
                         path, i, name, INT_MAX);
                rc = -1;
            } else if (tpar_cases_find(out, name)) {
                tpar_fmt(err, cap, "%s: cases[%zu]: case \"%s\" appears twice", path, i, name);
                rc = -1;
            } else {
                tpar_fmt(c.name, sizeof c.name, "%s", name);
                tpar_fmt(c.group, sizeof c.group, "%s", group);
                c.step = step ? (int)step->num : -1;
                memcpy(c.in, in, 33);
                memcpy(c.out, o, 33);
                memcpy(c.out_nan, on, 33);
                tpar_cases_push(out, &c);
            }
        }
    }
    tpar_json_free(root);
    return rc;
}

void tpar_hashes_format(tock__buf *b, const tpar_cases *cases, const tpar_hash_meta *m) {
    tock__buf_printf(
        b,
        "{\n  \"format\": \"tock-parity-hashes\",\n  \"version\": 1,\n"
        "  \"protocol\": %d,\n  \"hash\": \"XXH3-128 of the raw bytes (output_nan: with "
        "every NaN canonical)\",\n"
        "  \"generated_by\": ",
        TCASE_PROTOCOL_VERSION);
    tock__json_escape(b, m->generated_by);
    tock__buf_printf(b, ",\n  \"commit\": ");
    tock__json_escape(b, m->commit);
    tock__buf_printf(b, ",\n  \"cpu\": ");
    tock__json_escape(b, m->cpu);
    tock__buf_printf(b, ",\n  \"builds_agree\": %s,\n  \"builds\": [",
                     m->builds_agree ? "true" : "false");
    for (size_t i = 0; i < m->n_builds; i++) {
        tock__buf_printf(b, "%s", i ? ", " : "");
        tock__json_escape(b, m->builds[i]);
    }
    tock__buf_printf(b, "],\n  \"threads\": [");
    for (size_t i = 0; i < m->n_threads; i++)
        tock__buf_printf(b, "%s%u", i ? ", " : "", m->threads[i]);
    tock__buf_printf(b, "],\n  \"cases\": [\n");
    for (size_t i = 0; i < cases->n; i++) {
        const tpar_case *c = &cases->v[i];
        tock__buf_printf(b, "    {\"case\": ");
        tock__json_escape(b, c->name);
        tock__buf_printf(b, ", \"group\": ");
        tock__json_escape(b, c->group);
        tock__buf_printf(b,
                         ", \"step\": %d, \"input\": \"%s\", \"output\": \"%s\", "
                         "\"output_nan\": \"%s\"}%s\n",
                         c->step, c->in, c->out, c->out_nan, i + 1 < cases->n ? "," : "");
    }
    tock__buf_printf(b, "  ]\n}\n");
}

int tpar_hashes_write(const char *path, const tpar_cases *cases, const tpar_hash_meta *m, char *err,
                      size_t cap) {
    tock__buf b = {0};
    tpar_hashes_format(&b, cases, m);
    tpar_xbuf(&b);
    int rc = tpar_write_file(path, b.p, b.len, err, cap);
    tock__buf_free(&b);
    return rc;
}
