/* ht_status.h: the status codes every fallible ht_ function returns.
 * One X-macro list generates the enum, the name and the message, so a code can
 * never exist without its text. Codes are 0 (ok) or negative; never reuse one. */
#ifndef HT_STATUS_H
#define HT_STATUS_H

#define HT_STATUS_MAP(X)                                                                           \
    X(OK, 0, "ok")                                                                                 \
    X(ENULL, -1, "a required pointer argument is NULL")                                            \
    X(EDIM, -2, "a dimension is zero, inconsistent or larger than supported")                      \
    X(ENOMEM, -3, "memory allocation failed")                                                      \
    X(ENONFINITE, -4, "an input value is NaN or infinite")                                         \
    X(ERANGE, -5, "an argument is outside its allowed range")                                      \
    X(EISA, -6, "the CPU does not support the requested instruction set")                          \
    X(ETHREAD, -7, "a worker thread could not be started")                                         \
    X(ECAPACITY, -8, "the output buffer is too small for the request")

typedef enum {
#define HT__STATUS_ENUM(name, code, msg) HT_##name = code,
    HT_STATUS_MAP(HT__STATUS_ENUM)
#undef HT__STATUS_ENUM
} ht_status;

/* "HT_EDIM" for -2; "HT_UNKNOWN" for a code not in the map. */
const char *ht_status_name(int status);
/* Human-readable sentence for a status code. */
const char *ht_status_message(int status);

#endif
