/* util.h: the small system helpers tock-parity needs: a growable string,
 * whole-file reads, atomic writes (temporary file + rename, so a reader
 * never sees half a report), mkdir -p, a monotonic clock and a PATH search.
 * Nothing here knows about parity. */
#ifndef TPAR_UTIL_H
#define TPAR_UTIL_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
  char *s;
  size_t len, cap;
} tpar_str;

void tpar_str_printf(tpar_str *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tpar_str_append(tpar_str *b, const char *s, size_t n);
/* Appends s as a JSON string literal, quotes included. */
void tpar_str_json(tpar_str *b, const char *s);
void tpar_str_free(tpar_str *b);

/* Reads a whole file, NUL-terminated; returns 0 or -1 (errno set). */
int tpar_read_file(const char *path, char **data, size_t *len);
/* Writes path.tmp.<pid>, fsyncs and renames it over path; 0 or -1. */
int tpar_write_atomic(const char *path, const char *data, size_t len);
/* Creates dir and its parents (mode 0777 & umask); 0 or -1. */
int tpar_mkdir_p(const char *dir);
bool tpar_is_file(const char *path);
bool tpar_is_dir(const char *path);
/* Seconds on CLOCK_MONOTONIC. */
double tpar_now(void);
/* Resolves a program name through PATH (a name with '/' is checked as is).
 * Returns 0 and writes the path, or -1 when not found. */
int tpar_which(const char *name, char *out, size_t cap);
/* Absolute version of a path (the file need not exist); 0 or -1. */
int tpar_abspath(const char *path, char *out, size_t cap);
/* snprintf that always terminates and never triggers -Wformat-truncation:
 * notes and paths here are truncated on purpose when they are too long. */
int tpar_fmt(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Aborts with a message on allocation failure: tock-parity has no useful
 * way to continue without memory. */
void *tpar_xmalloc(size_t n);
void *tpar_xrealloc(void *p, size_t n);
char *tpar_xstrdup(const char *s);

#endif
