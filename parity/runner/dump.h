/* dump.h: reading case dumps (../common/protocol.h) and comparing two of
 * them element by element: the first difference (segment, multi-dimensional
 * and flat index, both values as bits and %.9g, signed ULP distance,
 * absolute and relative error, lane position and tail membership, class),
 * the mismatch count and the largest ULP distance. Pure functions of the
 * two dumps: no processes, no files written. */
#ifndef TPAR_DUMP_H
#define TPAR_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/protocol.h"

typedef struct {
    char name[TCASE_NAME_MAX];
    bool out;
    tcase_elem type;
    int ndims;
    size_t d[TCASE_MAX_DIMS];
    size_t bytes;
    unsigned char *data;
} tpar_seg;

typedef struct {
    char case_name[TCASE_NAME_MAX];
    char group[32];
    int step;
    tpar_seg *segs;
    size_t n;
} tpar_dump;

int tpar_dump_read(const char *path, tpar_dump *d, char *err, size_t cap);
void tpar_dump_free(tpar_dump *d);

/* Difference classes, in the order the report lists them. */
typedef enum {
    TPAR_CLS_SIGNED_ZERO,
    TPAR_CLS_NAN_PAYLOAD,
    TPAR_CLS_NAN_VS_FINITE,
    TPAR_CLS_INF,
    TPAR_CLS_MASK,
    TPAR_CLS_VALUE,
    TPAR_CLS_COUNT
} tpar_cls;
extern const char *const tpar_cls_names[TPAR_CLS_COUNT];

/* Class of a differing f32 pair (bits a != b). "nan-vs-finite" covers a NaN
 * against any non-NaN (an infinity included); "inf" an infinity against a
 * finite number or the other infinity. */
tpar_cls tpar_classify_f32(uint32_t a, uint32_t b);
tpar_cls tpar_classify_f64(uint64_t a, uint64_t b);
/* Signed distance b - a in units in the last place (+0 and -0 are 0 apart);
 * false when either is NaN. Saturates at +-INT64_MAX. */
bool tpar_ulp_f32(uint32_t a, uint32_t b, int64_t *out);
bool tpar_ulp_f64(uint64_t a, uint64_t b, int64_t *out);

typedef struct {
    bool layout_differs;
    char layout_note[256];
    bool inputs_differ;
    char input_seg[TCASE_NAME_MAX];
    size_t total, mismatches;
    size_t cls_count[TPAR_CLS_COUNT];
    /* the first difference */
    bool any;
    char seg[TCASE_NAME_MAX];
    tcase_elem type;
    int ndims;
    size_t d[TCASE_MAX_DIMS], idx[TCASE_MAX_DIMS];
    size_t flat_seg, flat_case;
    uint64_t ref_bits, got_bits;
    double ref_val, got_val;
    bool ulp_valid;
    int64_t ulp;
    double abs_err, rel_err;
    tpar_cls cls;
    size_t inner_len, inner_idx;
    /* the largest |ULP| over comparable float elements */
    bool has_max;
    int64_t max_ulp;
    char max_seg[TCASE_NAME_MAX];
    int max_ndims;
    size_t max_idx[TCASE_MAX_DIMS];
} tpar_diff;

void tpar_dump_compare(const tpar_dump *ref, const tpar_dump *got, tpar_diff *out);
/* The same; with nan_equal, two NaNs are equal whatever their payloads (a
 * build for another architecture: which NaN an operation returns is that
 * architecture's rule, protocol.h), so the first difference is a real one. */
void tpar_dump_compare_nan(const tpar_dump *ref, const tpar_dump *got, bool nan_equal,
                           tpar_diff *out);

#endif
