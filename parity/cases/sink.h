/* sink.h: where every parity case puts its bytes. A case is a name, a group,
 * an optional step (the horizon step or call number that locates it in time),
 * input segments and output segments. The sink hashes inputs and outputs
 * separately (XXH3-128 over the raw bytes, in order) and prints one report
 * line per case; for the one case named by --dump it also writes the raw
 * segments to the dump file. It never interprets the numbers it is given. */
#ifndef TCASE_SINK_H
#define TCASE_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../common/protocol.h"

typedef struct tcase_sink tcase_sink;

/* only: run just the cases whose name starts with it (NULL: all).
 * dump_case/dump_path: capture that case's segments (both NULL: no dump). */
int tcase_sink_create(tcase_sink **out, FILE *report, const char *only, const char *dump_case,
                      const char *dump_path);
/* Finishes the dump (atomic rename) and the report. Returns 0, or 2 when the
 * dump case never ran or a write failed (the message is printed). */
int tcase_sink_finish(tcase_sink *s);
void tcase_sink_destroy(tcase_sink *s);

/* True when some wanted case may start with prefix: generators skip whole
 * groups (and their set-up cost) with it. */
bool tcase_sink_wants(const tcase_sink *s, const char *prefix);

/* step < 0: the case has no position in time. The name is printf-formatted. */
void tcase_case_begin(tcase_sink *s, const char *group, int step, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A segment of d0 x d1 x d2 elements (pass 1 for unused dimensions; the last
 * dimension > 1 or the last given is the innermost). The name is formatted. */
void tcase_case_seg(tcase_sink *s, bool is_output, tcase_elem type, const void *data, size_t d0,
                    size_t d1, size_t d2, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
void tcase_case_end(tcase_sink *s);

/* Shorthands for the common one- and two-dimensional segments. */
#define TCASE_IN1(s, t, p, n, ...) tcase_case_seg((s), false, (t), (p), (n), 1, 1, __VA_ARGS__)
#define TCASE_OUT1(s, t, p, n, ...) tcase_case_seg((s), true, (t), (p), (n), 1, 1, __VA_ARGS__)
#define TCASE_IN2(s, t, p, r, c, ...) tcase_case_seg((s), false, (t), (p), (r), (c), 1, __VA_ARGS__)
#define TCASE_OUT2(s, t, p, r, c, ...) tcase_case_seg((s), true, (t), (p), (r), (c), 1, __VA_ARGS__)

/* Fatal set-up failure (a call that must succeed did not): prints where and
 * exits with TCASE_EXIT_ERROR. Case outcomes that are statuses by design
 * are hashed instead. */
#define TCASE_CHECK(call)                                                                          \
    do {                                                                                           \
        int tcase_rc = (call);                                                                     \
        if (tcase_rc != 0) tcase_fatal(__FILE__, __LINE__, #call, tcase_rc);                       \
    } while (0)
_Noreturn void tcase_fatal(const char *file, int line, const char *what, int status);

#endif
