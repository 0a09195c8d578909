/* json.c: recursive-descent JSON reader (RFC 8259 subset: \u escapes of the
 * Basic Multilingual Plane only, which hash files never need beyond ASCII).
 * Depth is capped so a hostile file cannot exhaust the stack. */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MAX_DEPTH 64

typedef struct {
  const char *s, *p;
  char *err;
  size_t errcap;
  int failed;
} parser;

static void fail(parser *ps, const char *what) {
  if (ps->failed) return;
  ps->failed = 1;
  size_t line = 1, col = 1;
  for (const char *q = ps->s; q < ps->p; q++) {
    if (*q == '\n') {
      line++;
      col = 1;
    } else {
      col++;
    }
  }
  tpar_fmt(ps->err, ps->errcap, "line %zu, column %zu: %s", line, col, what);
}

static void ws(parser *ps) {
  while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r') ps->p++;
}

static void value(parser *ps, tpar_json *out, int depth);

static char *string(parser *ps) {
  if (*ps->p != '"') {
    fail(ps, "expected a string");
    return NULL;
  }
  ps->p++;
  tpar_str b = {0};
  tpar_str_append(&b, "", 0);
  for (;;) {
    unsigned char c = (unsigned char)*ps->p;
    if (c == '\0' || c < 0x20) {
      fail(ps, "unterminated string or control character in string");
      tpar_str_free(&b);
      return NULL;
    }
    ps->p++;
    if (c == '"') break;
    if (c != '\\') {
      tpar_str_append(&b, (const char *)&c, 1);
      continue;
    }
    char e = *ps->p++;
    const char *map = "\"\"\\\\//b\bf\fn\nr\rt\t";
    const char *m = NULL;
    for (const char *q = map; *q; q += 2)
      if (*q == e) m = q;
    if (m) {
      tpar_str_append(&b, m + 1, 1);
    } else if (e == 'u') {
      unsigned v = 0;
      for (int i = 0; i < 4; i++) {
        char h = *ps->p++;
        v <<= 4;
        if (h >= '0' && h <= '9') v |= (unsigned)(h - '0');
        else if (h >= 'a' && h <= 'f') v |= (unsigned)(h - 'a' + 10);
        else if (h >= 'A' && h <= 'F') v |= (unsigned)(h - 'A' + 10);
        else {
          fail(ps, "bad \\u escape");
          tpar_str_free(&b);
          return NULL;
        }
      }
      char u[3];
      if (v < 0x80) {
        u[0] = (char)v;
        tpar_str_append(&b, u, 1);
      } else if (v < 0x800) {
        u[0] = (char)(0xc0 | (v >> 6));
        u[1] = (char)(0x80 | (v & 0x3f));
        tpar_str_append(&b, u, 2);
      } else {
        u[0] = (char)(0xe0 | (v >> 12));
        u[1] = (char)(0x80 | ((v >> 6) & 0x3f));
        u[2] = (char)(0x80 | (v & 0x3f));
        tpar_str_append(&b, u, 3);
      }
    } else {
      fail(ps, "unknown escape in string");
      tpar_str_free(&b);
      return NULL;
    }
  }
  return b.s;
}

static void push(tpar_json *out, size_t *cap) {
  if (out->n == *cap) {
    *cap = *cap ? *cap * 2 : 8;
    out->items = tpar_xrealloc(out->items, *cap * sizeof *out->items);
    if (out->type == TJ_OBJ) out->keys = tpar_xrealloc(out->keys, *cap * sizeof *out->keys);
  }
  memset(&out->items[out->n], 0, sizeof out->items[0]);
  out->n++;
}

static void container(parser *ps, tpar_json *out, int depth, char close) {
  size_t cap = 0;
  ps->p++;
  ws(ps);
  if (*ps->p == close) {
    ps->p++;
    return;
  }
  for (;;) {
    ws(ps);
    push(out, &cap);
    if (close == '}') {
      out->keys[out->n - 1] = string(ps);
      if (ps->failed) {
        out->n--;
        return;
      }
      ws(ps);
      if (*ps->p != ':') {
        fail(ps, "expected ':' after an object key");
        return;
      }
      ps->p++;
    }
    value(ps, &out->items[out->n - 1], depth + 1);
    if (ps->failed) return;
    ws(ps);
    if (*ps->p == ',') {
      ps->p++;
      continue;
    }
    if (*ps->p == close) {
      ps->p++;
      return;
    }
    fail(ps, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
    return;
  }
}

static void value(parser *ps, tpar_json *out, int depth) {
  if (depth > MAX_DEPTH) {
    fail(ps, "nesting deeper than 64");
    return;
  }
  ws(ps);
  char c = *ps->p;
  if (c == '{') {
    out->type = TJ_OBJ;
    container(ps, out, depth, '}');
  } else if (c == '[') {
    out->type = TJ_ARR;
    container(ps, out, depth, ']');
  } else if (c == '"') {
    out->type = TJ_STR;
    out->str = string(ps);
  } else if (strncmp(ps->p, "true", 4) == 0) {
    out->type = TJ_BOOL;
    out->num = 1;
    ps->p += 4;
  } else if (strncmp(ps->p, "false", 5) == 0) {
    out->type = TJ_BOOL;
    ps->p += 5;
  } else if (strncmp(ps->p, "null", 4) == 0) {
    out->type = TJ_NULL;
    ps->p += 4;
  } else if (c == '-' || (c >= '0' && c <= '9')) {
    char *end;
    out->type = TJ_NUM;
    out->num = strtod(ps->p, &end);
    if (end == ps->p) fail(ps, "bad number");
    ps->p = end;
  } else {
    fail(ps, "expected a value");
  }
}

static void release(tpar_json *j) {
  for (size_t i = 0; i < j->n; i++) {
    release(&j->items[i]);
    if (j->keys) free(j->keys[i]);
  }
  free(j->items);
  free(j->keys);
  free(j->str);
}

tpar_json *tpar_json_parse(const char *text, char *err, size_t errcap) {
  parser ps = {text, text, err, errcap, 0};
  tpar_json *root = tpar_xmalloc(sizeof *root);
  memset(root, 0, sizeof *root);
  value(&ps, root, 0);
  ws(&ps);
  if (!ps.failed && *ps.p) fail(&ps, "text after the document");
  if (ps.failed) {
    tpar_json_free(root);
    return NULL;
  }
  return root;
}

void tpar_json_free(tpar_json *j) {
  if (!j) return;
  release(j);
  free(j);
}

const tpar_json *tpar_json_get(const tpar_json *j, const char *key) {
  if (!j || j->type != TJ_OBJ) return NULL;
  for (size_t i = 0; i < j->n; i++)
    if (j->keys[i] && strcmp(j->keys[i], key) == 0) return &j->items[i];
  return NULL;
}

const char *tpar_json_str(const tpar_json *j, const char *key) {
  const tpar_json *v = tpar_json_get(j, key);
  return v && v->type == TJ_STR ? v->str : NULL;
}
