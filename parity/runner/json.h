/* json.h: a small JSON reader for the hash files tock-parity reads (goldens
 * and --against files). It builds a tree of the whole document and reports
 * the line and column of the first syntax error. Writing is done with
 * tock__str_json (util.h); this file never writes. */
#ifndef TOCK_JSON_H
#define TOCK_JSON_H

#include <stddef.h>

typedef enum { TJ_NULL, TJ_BOOL, TJ_NUM, TJ_STR, TJ_ARR, TJ_OBJ } tock__jtype;

typedef struct tock__json {
  tock__jtype type;
  double num;  /* TJ_NUM, TJ_BOOL (0/1) */
  char *str;   /* TJ_STR */
  size_t n;    /* TJ_ARR, TJ_OBJ: children */
  struct tock__json *items; /* children */
  char **keys; /* TJ_OBJ: key of each child */
} tock__json;

/* Parses text; on error returns NULL and writes "line L, column C: what" to
 * err. Free with tock__json_free. */
tock__json *tock__json_parse(const char *text, char *err, size_t errcap);
void tock__json_free(tock__json *j);
/* The member of an object, or NULL (also when j is not an object). */
const tock__json *tock__json_get(const tock__json *j, const char *key);
/* The string of a member, or NULL when absent or not a string. */
const char *tock__json_str(const tock__json *j, const char *key);

#endif
