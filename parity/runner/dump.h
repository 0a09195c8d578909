/* dump.h: reading case dumps (../common/protocol.h) and comparing two of
 * them element by element: the first difference (segment, multi-dimensional
 * and flat index, both values as bits and %.9g, signed ULP distance,
 * absolute and relative error, lane position and tail membership, class),
 * the mismatch count and the largest ULP distance. Pure functions of the
 * two dumps: no processes, no files written. */
#ifndef TOCK_DUMP_H
#define TOCK_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/protocol.h"

typedef struct {
  char name[TOCK_NAME_MAX];
  bool out;
  tock_elem type;
  int ndims;
  size_t d[TOCK_MAX_DIMS];
  size_t bytes;
  unsigned char *data;
} tock__seg;

typedef struct {
  char case_name[TOCK_NAME_MAX];
  char group[32];
  int step;
  tock__seg *segs;
  size_t n;
} tock__dump;

int tock__dump_read(const char *path, tock__dump *d, char *err, size_t cap);
void tock__dump_free(tock__dump *d);

/* Difference classes, in the order the report lists them. */
typedef enum {
  TOCK_CLS_SIGNED_ZERO,
  TOCK_CLS_NAN_PAYLOAD,
  TOCK_CLS_NAN_VS_FINITE,
  TOCK_CLS_INF,
  TOCK_CLS_MASK,
  TOCK_CLS_VALUE,
  TOCK_CLS_COUNT
} tock__cls;
extern const char *const tock__cls_names[TOCK_CLS_COUNT];

/* Class of a differing f32 pair (bits a != b). "nan-vs-finite" covers a NaN
 * against any non-NaN (an infinity included); "inf" an infinity against a
 * finite number or the other infinity. */
tock__cls tock__classify_f32(uint32_t a, uint32_t b);
tock__cls tock__classify_f64(uint64_t a, uint64_t b);
/* Signed distance b - a in units in the last place (+0 and -0 are 0 apart);
 * false when either is NaN. Saturates at +-INT64_MAX. */
bool tock__ulp_f32(uint32_t a, uint32_t b, int64_t *out);
bool tock__ulp_f64(uint64_t a, uint64_t b, int64_t *out);

typedef struct {
  bool layout_differs;
  char layout_note[256];
  bool inputs_differ;
  char input_seg[TOCK_NAME_MAX];
  size_t total, mismatches;
  size_t cls_count[TOCK_CLS_COUNT];
  /* the first difference */
  bool any;
  char seg[TOCK_NAME_MAX];
  tock_elem type;
  int ndims;
  size_t d[TOCK_MAX_DIMS], idx[TOCK_MAX_DIMS];
  size_t flat_seg, flat_case;
  uint64_t ref_bits, got_bits;
  double ref_val, got_val;
  bool ulp_valid;
  int64_t ulp;
  double abs_err, rel_err;
  tock__cls cls;
  size_t inner_len, inner_idx;
  /* the largest |ULP| over comparable float elements */
  bool has_max;
  int64_t max_ulp;
  char max_seg[TOCK_NAME_MAX];
  int max_ndims;
  size_t max_idx[TOCK_MAX_DIMS];
} tock__diff;

void tock__dump_compare(const tock__dump *ref, const tock__dump *got, tock__diff *out);

#endif
