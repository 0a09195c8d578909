/* golden.c: see golden.h. */
#define _POSIX_C_SOURCE 200809L
#include "golden.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "runs.h"
#include "util.h"

static bool hex32(const char *s) {
  if (!s || strlen(s) != 32) return false;
  for (; *s; s++)
    if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))) return false;
  return true;
}

int tpar_hashes_read(const char *path, tpar_cases *out, char *err, size_t cap) {
  char *text;
  size_t len;
  if (tpar_read_file(path, &text, &len) != 0) {
    tpar_fmt(err, cap, "%s: cannot read: %s", path, strerror(errno));
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
             format ? format : f ? "a value that is not a string" : "no such field",
             format ? "\"" : "");
  } else if (!version || version->type != TJ_NUM || version->num != 1) {
    tpar_fmt(err, cap, "%s: field \"version\": expected 1", path);
  } else if (!protocol || protocol->type != TJ_NUM ||
             protocol->num != TCASE_PROTOCOL_VERSION) {
    tpar_fmt(err, cap,
             "%s: field \"protocol\": expected %d (the case set changed since this file "
             "was written; regenerate it)",
             path, TCASE_PROTOCOL_VERSION);
  } else if (!cases || cases->type != TJ_ARR) {
    tpar_fmt(err, cap, "%s: field \"cases\": expected an array", path);
  } else {
    rc = 0;
    for (size_t i = 0; i < cases->n && rc == 0; i++) {
      const tpar_json *e = &cases->items[i];
      const char *name = tpar_json_str(e, "case"), *group = tpar_json_str(e, "group");
      const char *in = tpar_json_str(e, "input"), *o = tpar_json_str(e, "output");
      const tpar_json *step = tpar_json_get(e, "step");
      tpar_case c;
      memset(&c, 0, sizeof c);
      if (!name || strlen(name) >= sizeof c.name || !group || strlen(group) >= sizeof c.group) {
        tpar_fmt(err, cap, "%s: cases[%zu]: expected string fields \"case\" and \"group\"",
                 path, i);
        rc = -1;
      } else if (!hex32(in) || !hex32(o)) {
        tpar_fmt(err, cap,
                 "%s: cases[%zu] (%s): \"input\" and \"output\" must be 32 lowercase hex "
                 "digits, found \"%s\" and \"%s\"",
                 path, i, name, in ? in : "?", o ? o : "?");
        rc = -1;
      } else if (tpar_cases_find(out, name)) {
        tpar_fmt(err, cap, "%s: cases[%zu]: case \"%s\" appears twice", path, i, name);
        rc = -1;
      } else {
        tpar_fmt(c.name, sizeof c.name, "%s", name);
        tpar_fmt(c.group, sizeof c.group, "%s", group);
        c.step = step && step->type == TJ_NUM ? (int)step->num : -1;
        memcpy(c.in, in, 33);
        memcpy(c.out, o, 33);
        tpar_cases_push(out, &c);
      }
    }
  }
  tpar_json_free(root);
  return rc;
}

int tpar_hashes_write(const char *path, const tpar_cases *cases, const tpar_hash_meta *m,
                      char *err, size_t cap) {
  tpar_str b = {0};
  tpar_str_printf(&b, "{\n  \"format\": \"tock-parity-hashes\",\n  \"version\": 1,\n"
                       "  \"protocol\": %d,\n  \"hash\": \"XXH3-128 of the raw bytes\",\n"
                       "  \"generated_by\": ",
                   TCASE_PROTOCOL_VERSION);
  tpar_str_json(&b, m->generated_by);
  tpar_str_printf(&b, ",\n  \"commit\": ");
  tpar_str_json(&b, m->commit);
  tpar_str_printf(&b, ",\n  \"cpu\": ");
  tpar_str_json(&b, m->cpu);
  tpar_str_printf(&b, ",\n  \"builds_agree\": %s,\n  \"builds\": [",
                  m->builds_agree ? "true" : "false");
  for (size_t i = 0; i < m->n_builds; i++) {
    tpar_str_printf(&b, "%s", i ? ", " : "");
    tpar_str_json(&b, m->builds[i]);
  }
  tpar_str_printf(&b, "],\n  \"threads\": [");
  for (size_t i = 0; i < m->n_threads; i++)
    tpar_str_printf(&b, "%s%u", i ? ", " : "", m->threads[i]);
  tpar_str_printf(&b, "],\n  \"cases\": [\n");
  for (size_t i = 0; i < cases->n; i++) {
    const tpar_case *c = &cases->v[i];
    tpar_str_printf(&b, "    {\"case\": ");
    tpar_str_json(&b, c->name);
    tpar_str_printf(&b, ", \"group\": ");
    tpar_str_json(&b, c->group);
    tpar_str_printf(&b, ", \"step\": %d, \"input\": \"%s\", \"output\": \"%s\"}%s\n", c->step,
                    c->in, c->out, i + 1 < cases->n ? "," : "");
  }
  tpar_str_printf(&b, "  ]\n}\n");
  int rc = tpar_write_atomic(path, b.s, b.len);
  if (rc != 0) tpar_fmt(err, cap, "%s: cannot write: %s", path, strerror(errno));
  tpar_str_free(&b);
  return rc;
}
