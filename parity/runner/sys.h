/* sys.h: what tock-parity needs beyond the shared utility layer. The
 * buffer, whole-file reads, capped input reads, atomic writes, mkdir -p,
 * is_file/is_dir, FNV-1a, JSON string escaping and the strict number
 * parsers come from perf/src/util.h (library tock_util), included here.
 * This file adds a monotonic clock, a PATH search, absolute paths, an
 * snprintf for deliberate truncation, allocation that exits on failure, and
 * the checks and writes of the files and directories a user names for
 * output. Nothing here knows about parity. */
#ifndef TPAR_SYS_H
#define TPAR_SYS_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h" /* the shared layer: tock__buf, tock__read_input, ... */

/* The cap of every hash file tock-parity reads (--golden, --against): the
 * goldens of 361 cases are 59 KB, so 16 MiB leaves room for 250 times as
 * many cases and still keeps a hostile file from filling memory. */
#define TPAR_INPUT_MAX ((size_t)16 << 20)

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
/* Exit with a message on allocation failure: tock-parity has no useful way
 * to continue without memory. tpar_xbuf does the same for a tock__buf whose
 * sticky error is set (call it once a buffer is complete). */
void *tpar_xmalloc(size_t n);
void *tpar_xrealloc(void *p, size_t n);
char *tpar_xstrdup(const char *s);
void tpar_xbuf(const tock__buf *b);

/* ---- output paths ----
 * A file tock-parity writes is written to a temporary file and renamed over
 * the target, which would silently turn a symbolic link, a FIFO or a device
 * (/dev/stdout) into a regular file. So a target that exists and is not a
 * regular file is refused, before the run (tpar_check_output_*) and again
 * when it is written (tpar_write_file). Messages go to err without the flag;
 * the caller prefixes it. */

/* path can take a file written at the end of the run: it is "-" (standard
 * output), or it does not exist or is a regular file, in a directory where a
 * file can be created (checked by creating and removing one). 0, or -1. */
int tpar_check_output_file(const char *path, char *err, size_t cap);
/* dir is a directory in which a file can be created, or can be created
 * (the nearest ancestor that exists is such a directory). Creates nothing
 * but a probe file it removes at once. 0, or -1. */
int tpar_check_output_dir(const char *dir, char *err, size_t cap);
/* Writes data atomically to path unless path exists and is not a regular
 * file. 0, or -1 with "PATH: ..." in err. */
int tpar_write_file(const char *path, const char *data, size_t len, char *err, size_t cap);
/* Writes all of data to a file descriptor (standard output for "-"); 0 or
 * -1 with errno set. */
int tpar_write_fd(int fd, const char *data, size_t len);

#endif
