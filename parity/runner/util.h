/* util.h: the small system helpers tock-parity needs: a growable string,
 * whole-file reads, atomic writes (temporary file + rename, so a reader
 * never sees half a report), mkdir -p, a monotonic clock and a PATH search.
 * Nothing here knows about parity. */
#ifndef TOCK_UTIL_H
#define TOCK_UTIL_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
  char *s;
  size_t len, cap;
} tock__str;

void tock__str_printf(tock__str *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tock__str_append(tock__str *b, const char *s, size_t n);
/* Appends s as a JSON string literal, quotes included. */
void tock__str_json(tock__str *b, const char *s);
void tock__str_free(tock__str *b);

/* Reads a whole file, NUL-terminated; returns 0 or -1 (errno set). */
int tock__read_file(const char *path, char **data, size_t *len);
/* Writes path.tmp.<pid>, fsyncs and renames it over path; 0 or -1. */
int tock__write_atomic(const char *path, const char *data, size_t len);
/* Creates dir and its parents (mode 0777 & umask); 0 or -1. */
int tock__mkdir_p(const char *dir);
bool tock__is_file(const char *path);
bool tock__is_dir(const char *path);
/* Seconds on CLOCK_MONOTONIC. */
double tock__now(void);
/* Resolves a program name through PATH (a name with '/' is checked as is).
 * Returns 0 and writes the path, or -1 when not found. */
int tock__which(const char *name, char *out, size_t cap);
/* Absolute version of a path (the file need not exist); 0 or -1. */
int tock__abspath(const char *path, char *out, size_t cap);
/* snprintf that always terminates and never triggers -Wformat-truncation:
 * notes and paths here are truncated on purpose when they are too long. */
int tock__fmt(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Aborts with a message on allocation failure: tock-parity has no useful
 * way to continue without memory. */
void *tock__xmalloc(size_t n);
void *tock__xrealloc(void *p, size_t n);
char *tock__xstrdup(const char *s);

#endif
