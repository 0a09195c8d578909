/* util.h - the utility layer that tock.h, tock-parity and tock-report share:
 * a growable text buffer, whole-file reads, atomic writes, directory
 * creation, FNV-1a hashing, number and time formatting, quantiles, Markdown
 * tables and a streaming JSON writer. Every program writes a file, hashes an
 * artifact, prints a time or lays out a table the same way because all of
 * them call these functions.
 *
 * It depends on libc, libm and POSIX.1-2008 only, so it can be amalgamated
 * into the single header. It must never print: each function returns a
 * status (0, or -1 with errno set; buffers keep a sticky error) and the
 * caller names the file or flag in its own message.
 */
#ifndef TOCK_UTIL_H
#define TOCK_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Allocation overrides (stb style): define all three of TOCK_MALLOC,
 * TOCK_REALLOC and TOCK_FREE before the implementation, or none. */
#ifndef TOCK_MALLOC
#include <stdlib.h>
#define TOCK_MALLOC(n) malloc(n)
#define TOCK_REALLOC(p, n) realloc((p), (n))
#define TOCK_FREE(p) free(p)
#endif

#if defined(__GNUC__) || defined(__clang__)
#define TOCK__PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define TOCK__PRINTF(a, b)
#endif

/* ---- text buffer ----
 * err is sticky: after a failed growth (TOCK__BUF_ENOMEM) or a bad format
 * (TOCK__BUF_EINVAL) every later write is a no-op, so a writer checks once
 * at the end. The codes equal tock.h's TOCK_ENOMEM and TOCK_EINVAL. */
enum { TOCK__BUF_ENOMEM = -1, TOCK__BUF_EINVAL = -2 };

typedef struct tock__buf {
    char *p; /* NUL-terminated once anything was written */
    size_t len, cap;
    int err;
} tock__buf;

void tock__buf_put(tock__buf *b, const char *s, size_t n);
void tock__buf_puts(tock__buf *b, const char *s);
void tock__buf_printf(tock__buf *b, const char *fmt, ...) TOCK__PRINTF(2, 3);
void tock__buf_vprintf(tock__buf *b, const char *fmt, va_list ap);
void tock__buf_free(tock__buf *b);

/* ---- files ---- */
/* The whole file, NUL-terminated (*len excludes the NUL; len may be NULL).
 * 0, or -1 with errno set (ENOMEM when the buffer could not grow). */
int tock__read_file(const char *path, char **data, size_t *len);
/* An input file a user named (a baseline, a run's summary, a golden file):
 * read only if it is a regular file and at most max bytes, so a FIFO never
 * blocks and /dev/zero never fills memory. 0; TOCK__READ_NOTREG (a FIFO, a
 * device or a directory: opened without blocking and never read);
 * TOCK__READ_TOOBIG; or -1 with errno set. tock__read_error() words it. */
enum { TOCK__READ_NOTREG = -2, TOCK__READ_TOOBIG = -3 };
int tock__read_input(const char *path, size_t max, char **data, size_t *len);
/* "not a regular file", "larger than the 64 MiB limit" or strerror(err) */
const char *tock__read_error(int rc, int err, size_t max, char *buf, size_t cap);
/* path.tmp.<pid> in the same directory, write, fsync, rename over path: a
 * reader sees the old file or the whole new one. 0, or -1 with errno set and
 * no temporary file left. */
int tock__write_atomic(const char *path, const char *data, size_t len);
/* Creates dir and its missing parents (mode 0777 & ~umask); 0 if it exists
 * as a directory afterwards, else -1 with errno set (ENOTDIR, ENAMETOOLONG,
 * ...). */
int tock__mkdirs(const char *dir);
/* fsync of a directory, so a rename inside it survives a crash; best effort. */
void tock__sync_dir(const char *dir);
/* Removes "*.tmp.<pid>" files whose process no longer exists (a SIGKILL
 * between write and rename leaves them), in dir and depth - 1 levels of
 * subdirectories; symbolic links are never followed. The count removed. */
size_t tock__remove_stale_tmp(const char *dir, int depth);
/* What a file of mode m is, for a refusal message: "a regular file", "a
 * symbolic link", "a directory", "a FIFO", "a device", "a socket" or "of
 * another kind". */
const char *tock__mode_kind(mode_t m);
/* 1 if path is a regular file (a directory), else 0. */
int tock__is_file(const char *path);
int tock__is_dir(const char *path);
/* dir + '/' + name in a fresh allocation (NULL when out of memory). */
char *tock__path_join(const char *dir, const char *name);
/* A copy from TOCK_MALLOC; NULL for NULL or when out of memory. */
char *tock__strdup(const char *s);

/* ---- hashing ---- */
/* FNV-1a 64: the artifact hash of manifest.json. It catches accidental edits
 * and truncation; it is not cryptographic and is no signature. */
uint64_t tock__fnv1a64(const void *data, size_t len);
/* One line of a hash file (manifest.fnv1a64 records manifest.json, which
 * cannot list itself): the 16 lowercase hex digits of data's FNV-1a 64, two
 * spaces, name, LF, as sha256sum lays out its lines. */
void tock__fnv1a64_line(tock__buf *b, const void *data, size_t len, const char *name);

/* ---- formatting ---- */
/* Shortest of %.15g/%.16g/%.17g that reads back as the same double, with '.'
 * as the decimal point whatever the locale. */
void tock__fmt_g17(char out[40], double v);
/* Five significant digits in the largest unit that keeps the value >= 1:
 * "1.2345 us", "512.34 ns", "n/a" for a non-finite value. micro != 0 writes
 * the micro sign instead of "us". */
void tock__fmt_time(char *out, size_t cap, double ns, int micro);
/* A rate with binary (bytes != 0: B/s, KiB/s ...) or decimal (elem/s,
 * Kelem/s ...) prefixes, same digits rule. */
void tock__fmt_rate(char *out, size_t cap, double per_s, int bytes);
/* Value v in unit with 4, 3, 2 or 1 decimals as v has 1, 2, 3 or more
 * integer digits. */
void tock__fmt_scaled(char *out, size_t cap, double v, const char *unit);

/* ---- statistics shared by the programs ---- */
/* Quantile p of sorted data by linear interpolation between order
 * statistics (Hyndman-Fan type 7, as R's default): s[floor(h)] + frac(h) *
 * (s[floor(h)+1] - s[floor(h)]) with h = (n-1)p. NAN for n = 0. */
double tock__quantile_sorted(const double *s, size_t n, double p);
/* qsort of doubles in ascending order (NaNs are not expected). */
void tock__sort_doubles(double *x, size_t n);

/* ---- Markdown tables ----
 * A row is "| a | b |": each cell with a space either side. */
/* s as the text of a table cell (also fine in a list item): '|' becomes
 * "\|", a line break (LF or CR) a space, so the row stays one line. NULL
 * writes nothing. */
void tock__md_cell(tock__buf *b, const char *s);
/* one row of n cells, each written with tock__md_cell, and the newline */
void tock__md_row(tock__buf *b, size_t n, const char *const *cell);
/* The header row (head[0..n), as tock__md_row; head NULL: empty headings,
 * "| | |", for a key/value table) and the alignment row: align[i] 'l'
 * "---", 'r' "---:" or 'c' ":---:"; align NULL: all 'l'. */
void tock__md_head(tock__buf *b, size_t n, const char *const *head, const char *align);
/* A row assembled cell by cell, cells of any length: tock__md_next starts a
 * cell and returns the buffer to write its text into, tock__md_add starts one
 * printf-formatted (at most 16 cells; more set text.err), tock__md_emit
 * writes the row with tock__md_row and empties it for the next one. Free
 * with tock__buf_free(&cells.text). */
typedef struct tock__md_cells {
    tock__buf text; /* the cells, each NUL-terminated */
    size_t at[16];  /* where each cell starts in text */
    size_t n;
} tock__md_cells;
tock__buf *tock__md_next(tock__md_cells *r);
void tock__md_add(tock__md_cells *r, const char *fmt, ...) TOCK__PRINTF(2, 3);
void tock__md_emit(tock__buf *b, tock__md_cells *r);

/* ---- CSV fields (RFC 4180) ----
 * summary.csv, sweeps/<name>.csv and tock-report's --format csv: one
 * escaper, so every table quotes the same way. */
/* s as one field: as is, or in double quotes (inner quotes doubled) when it
 * holds a comma, a quote, CR or LF. NULL writes nothing (an empty field). */
void tock__csv_str(tock__buf *b, const char *s);
/* the next numeric field: ',' then v exactly (tock__fmt_g17); a non-finite
 * v leaves the field empty */
void tock__csv_num(tock__buf *b, double v);

/* ---- numbers from the command line ---- */
/* A whole number: decimal digits, or 0x and hex digits; leading zeros are
 * decimal ("010" is 10, never octal 8); no sign, no blanks; lo <= v <= hi.
 * 0, or -1 (and *out untouched). */
int tock__parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out);
/* A finite decimal number (digits, sign, '.', exponent; no nan, inf, hex
 * or blanks) in the range lo..hi, each end open or closed. 0, or -1. */
int tock__parse_f64(const char *s, double lo, int lo_open, double hi, int hi_open, double *out);

/* ---- JSON writer ----
 * Streams JSON into a buffer: keys are NULL inside arrays. Strings are
 * escaped (control characters, quotes, backslashes; invalid UTF-8 bytes
 * become U+FFFD). Numbers are written with tock__fmt_g17; non-finite values
 * as null. pretty != 0 indents by two spaces. */
typedef struct tock__json {
    tock__buf *b;
    int depth;
    int first[32];
    int pretty;
} tock__json;

void tock__json_init(tock__json *j, tock__buf *b, int pretty);
void tock__json_begin(tock__json *j, const char *key, char open);
void tock__json_end(tock__json *j, char close);
void tock__json_string(tock__json *j, const char *key, const char *s);
void tock__json_double(tock__json *j, const char *key, double v);
void tock__json_u64(tock__json *j, const char *key, uint64_t v);
void tock__json_bool(tock__json *j, const char *key, int v);
void tock__json_null(tock__json *j, const char *key);
/* text is already valid JSON */
void tock__json_raw(tock__json *j, const char *key, const char *text);
/* Length of the valid UTF-8 sequence at s (1 to 4), or 0 when it is not one
 * (overlong forms, surrogates, code points above U+10FFFF). */
size_t tock__utf8_len(const unsigned char *s);
/* s as a JSON string literal, quotes included */
void tock__json_escape(tock__buf *b, const char *s);

#endif /* TOCK_UTIL_H */
