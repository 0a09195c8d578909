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

int tock__hashes_read(const char *path, tock__cases *out, char *err, size_t cap) {
  char *text;
  size_t len;
  if (tock__read_file(path, &text, &len) != 0) {
    tock__fmt(err, cap, "%s: cannot read: %s", path, strerror(errno));
    return -1;
  }
  char perr[256];
  tock__json *root = tock__json_parse(text, perr, sizeof perr);
  free(text);
  if (!root) {
    tock__fmt(err, cap, "%s: not valid JSON: %s", path, perr);
    return -1;
  }
  int rc = -1;
  const char *format = tock__json_str(root, "format");
  const tock__json *version = tock__json_get(root, "version");
  const tock__json *protocol = tock__json_get(root, "protocol");
  const tock__json *cases = tock__json_get(root, "cases");
  if (!format || strcmp(format, "tock-parity-hashes") != 0) {
    const tock__json *f = tock__json_get(root, "format");
    tock__fmt(err, cap, "%s: field \"format\": expected \"tock-parity-hashes\", found %s%s%s",
              path, format ? "\"" : "",
              format ? format : f ? "a value that is not a string" : "no such field",
              format ? "\"" : "");
  } else if (!version || version->type != TJ_NUM || version->num != 1) {
    tock__fmt(err, cap, "%s: field \"version\": expected 1", path);
  } else if (!protocol || protocol->type != TJ_NUM ||
             protocol->num != TOCK_PROTOCOL_VERSION) {
    tock__fmt(err, cap,
             "%s: field \"protocol\": expected %d (the case set changed since this file "
             "was written; regenerate it)",
             path, TOCK_PROTOCOL_VERSION);
  } else if (!cases || cases->type != TJ_ARR) {
    tock__fmt(err, cap, "%s: field \"cases\": expected an array", path);
  } else {
    rc = 0;
    for (size_t i = 0; i < cases->n && rc == 0; i++) {
      const tock__json *e = &cases->items[i];
      const char *name = tock__json_str(e, "case"), *group = tock__json_str(e, "group");
      const char *in = tock__json_str(e, "input"), *o = tock__json_str(e, "output");
      const tock__json *step = tock__json_get(e, "step");
      tock__case c;
      memset(&c, 0, sizeof c);
      if (!name || strlen(name) >= sizeof c.name || !group || strlen(group) >= sizeof c.group) {
        tock__fmt(err, cap, "%s: cases[%zu]: expected string fields \"case\" and \"group\"",
                 path, i);
        rc = -1;
      } else if (!hex32(in) || !hex32(o)) {
        tock__fmt(err, cap,
                 "%s: cases[%zu] (%s): \"input\" and \"output\" must be 32 lowercase hex "
                 "digits, found \"%s\" and \"%s\"",
                 path, i, name, in ? in : "?", o ? o : "?");
        rc = -1;
      } else if (tock__cases_find(out, name)) {
        tock__fmt(err, cap, "%s: cases[%zu]: case \"%s\" appears twice", path, i, name);
        rc = -1;
      } else {
        tock__fmt(c.name, sizeof c.name, "%s", name);
        tock__fmt(c.group, sizeof c.group, "%s", group);
        c.step = step && step->type == TJ_NUM ? (int)step->num : -1;
        memcpy(c.in, in, 33);
        memcpy(c.out, o, 33);
        tock__cases_push(out, &c);
      }
    }
  }
  tock__json_free(root);
  return rc;
}

int tock__hashes_write(const char *path, const tock__cases *cases, const tock__hash_meta *m,
                       char *err, size_t cap) {
  tock__str b = {0};
  tock__str_printf(&b, "{\n  \"format\": \"tock-parity-hashes\",\n  \"version\": 1,\n"
                       "  \"protocol\": %d,\n  \"hash\": \"XXH3-128 of the raw bytes\",\n"
                       "  \"generated_by\": ",
                   TOCK_PROTOCOL_VERSION);
  tock__str_json(&b, m->generated_by);
  tock__str_printf(&b, ",\n  \"commit\": ");
  tock__str_json(&b, m->commit);
  tock__str_printf(&b, ",\n  \"cpu\": ");
  tock__str_json(&b, m->cpu);
  tock__str_printf(&b, ",\n  \"builds_agree\": %s,\n  \"builds\": [",
                   m->builds_agree ? "true" : "false");
  for (size_t i = 0; i < m->n_builds; i++) {
    tock__str_printf(&b, "%s", i ? ", " : "");
    tock__str_json(&b, m->builds[i]);
  }
  tock__str_printf(&b, "],\n  \"threads\": [");
  for (size_t i = 0; i < m->n_threads; i++)
    tock__str_printf(&b, "%s%u", i ? ", " : "", m->threads[i]);
  tock__str_printf(&b, "],\n  \"cases\": [\n");
  for (size_t i = 0; i < cases->n; i++) {
    const tock__case *c = &cases->v[i];
    tock__str_printf(&b, "    {\"case\": ");
    tock__str_json(&b, c->name);
    tock__str_printf(&b, ", \"group\": ");
    tock__str_json(&b, c->group);
    tock__str_printf(&b, ", \"step\": %d, \"input\": \"%s\", \"output\": \"%s\"}%s\n", c->step,
                     c->in, c->out, i + 1 < cases->n ? "," : "");
  }
  tock__str_printf(&b, "  ]\n}\n");
  int rc = tock__write_atomic(path, b.s, b.len);
  if (rc != 0) tock__fmt(err, cap, "%s: cannot write: %s", path, strerror(errno));
  tock__str_free(&b);
  return rc;
}
