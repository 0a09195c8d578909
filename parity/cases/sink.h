/* sink.h: where every parity case puts its bytes. A case is a name, a group,
 * an optional step (the horizon step or call number that locates it in time),
 * input segments and output segments. The sink hashes inputs and outputs
 * separately (XXH3-128 over the raw bytes, in order) and prints one report
 * line per case; for the one case named by --dump it also writes the raw
 * segments to the dump file. It never interprets the numbers it is given. */
#ifndef TOCK_SINK_H
#define TOCK_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../common/protocol.h"

typedef struct tock__sink tock__sink;

/* only: run just the cases whose name starts with it (NULL: all).
 * dump_case/dump_path: capture that case's segments (both NULL: no dump). */
int tock__sink_create(tock__sink **out, FILE *report, const char *only,
                      const char *dump_case, const char *dump_path);
/* Finishes the dump (atomic rename) and the report. Returns 0, or 2 when the
 * dump case never ran or a write failed (the message is printed). */
int tock__sink_finish(tock__sink *s);
void tock__sink_destroy(tock__sink *s);

/* True when some wanted case may start with prefix: generators skip whole
 * groups (and their set-up cost) with it. */
bool tock__sink_wants(const tock__sink *s, const char *prefix);

/* step < 0: the case has no position in time. The name is printf-formatted. */
void tock__case_begin(tock__sink *s, const char *group, int step, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A segment of d0 x d1 x d2 elements (pass 1 for unused dimensions; the last
 * dimension > 1 or the last given is the innermost). The name is formatted. */
void tock__case_seg(tock__sink *s, bool is_output, tock_elem type, const void *data,
                    size_t d0, size_t d1, size_t d2, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
void tock__case_end(tock__sink *s);

/* Shorthands for the common one- and two-dimensional segments. */
#define TOCK_IN1(s, t, p, n, ...) tock__case_seg((s), false, (t), (p), (n), 1, 1, __VA_ARGS__)
#define TOCK_OUT1(s, t, p, n, ...) tock__case_seg((s), true, (t), (p), (n), 1, 1, __VA_ARGS__)
#define TOCK_IN2(s, t, p, r, c, ...) \
  tock__case_seg((s), false, (t), (p), (r), (c), 1, __VA_ARGS__)
#define TOCK_OUT2(s, t, p, r, c, ...) \
  tock__case_seg((s), true, (t), (p), (r), (c), 1, __VA_ARGS__)

/* Fatal set-up failure (a call that must succeed did not): prints where and
 * exits with TOCK_CASES_EXIT_ERROR. Case outcomes that are statuses by design
 * are hashed instead. */
#define TOCK_CHECK(call)                                                  \
  do {                                                                    \
    int tock__rc = (call);                                                \
    if (tock__rc != 0) tock__fatal(__FILE__, __LINE__, #call, tock__rc); \
  } while (0)
_Noreturn void tock__fatal(const char *file, int line, const char *what, int status);

#endif
