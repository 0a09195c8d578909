/* json.h: a small JSON reader for the hash files tock-parity reads (goldens
 * and --against files). It builds a tree of the whole document and reports
 * the line and column of the first syntax error (json.c lists what it
 * refuses). Writing is done with the shared layer's tock__json_escape
 * (perf/src/util.h); this file never writes. */
#ifndef TPAR_JSON_H
#define TPAR_JSON_H

#include <stddef.h>

typedef enum { TJ_NULL, TJ_BOOL, TJ_NUM, TJ_STR, TJ_ARR, TJ_OBJ } tpar_jtype;

typedef struct tpar_json {
    tpar_jtype type;
    double num;              /* TJ_NUM, TJ_BOOL (0/1) */
    char *str;               /* TJ_STR */
    size_t n;                /* TJ_ARR, TJ_OBJ: children */
    struct tpar_json *items; /* children */
    char **keys;             /* TJ_OBJ: key of each child */
} tpar_json;

/* Parses text; on error returns NULL and writes "line L, column C: what" to
 * err. Free with tpar_json_free. */
tpar_json *tpar_json_parse(const char *text, char *err, size_t errcap);
void tpar_json_free(tpar_json *j);
/* The member of an object, or NULL (also when j is not an object). */
const tpar_json *tpar_json_get(const tpar_json *j, const char *key);
/* The string of a member, or NULL when absent or not a string. */
const char *tpar_json_str(const tpar_json *j, const char *key);

#endif
