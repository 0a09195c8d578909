/* dump.c: see dump.h. */
#define _POSIX_C_SOURCE 200809L
#include "dump.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sys.h"

const char *const tpar_cls_names[TPAR_CLS_COUNT] = {"signed-zero", "nan-payload", "nan-vs-finite",
                                                    "inf",         "mask",        "value"};

static const char *const elem_names[TCASE_ELEM_COUNT] = {
#define TPAR__ELEM_NAME(id, name, size) name,
    TCASE_ELEM_MAP(TPAR__ELEM_NAME)
#undef TPAR__ELEM_NAME
};
static const size_t elem_sizes[TCASE_ELEM_COUNT] = {
#define TPAR__ELEM_SIZE(id, name, size) size,
    TCASE_ELEM_MAP(TPAR__ELEM_SIZE)
#undef TPAR__ELEM_SIZE
};

void tpar_dump_free(tpar_dump *d) {
    for (size_t i = 0; i < d->n; i++) free(d->segs[i].data);
    free(d->segs);
    memset(d, 0, sizeof *d);
}

int tpar_dump_read(const char *path, tpar_dump *d, char *err, size_t cap) {
    memset(d, 0, sizeof *d);
    FILE *f = fopen(path, "rb");
    if (!f) {
        tpar_fmt(err, cap, "%s: cannot open the dump", path);
        return -1;
    }
    char line[512];
    int version = 0;
    if (!fgets(line, sizeof line, f) || sscanf(line, "TOCKDUMP %d", &version) != 1 ||
        version != TCASE_PROTOCOL_VERSION || !fgets(line, sizeof line, f) ||
        sscanf(line, "case %95s %31s %d", d->case_name, d->group, &d->step) != 3) {
        tpar_fmt(err, cap, "%s: expected a TOCKDUMP %d header", path, TCASE_PROTOCOL_VERSION);
        fclose(f);
        return -1;
    }
    size_t cap_segs = 0;
    for (;;) {
        if (!fgets(line, sizeof line, f)) {
            tpar_fmt(err, cap, "%s: truncated (no 'end' line)", path);
            goto fail;
        }
        if (strcmp(line, "end\n") == 0) break;
        tpar_seg s;
        memset(&s, 0, sizeof s);
        char kind[8], type[8];
        if (sscanf(line, "seg %7s %95s %7s %d %zu %zu %zu %zu", kind, s.name, type, &s.ndims,
                   &s.d[0], &s.d[1], &s.d[2], &s.bytes) != 8 ||
            s.ndims < 1 || s.ndims > TCASE_MAX_DIMS) {
            tpar_fmt(err, cap, "%s: malformed segment line: %.100s", path, line);
            goto fail;
        }
        s.out = strcmp(kind, "out") == 0;
        int t = -1;
        for (int i = 0; i < TCASE_ELEM_COUNT; i++)
            if (strcmp(type, elem_names[i]) == 0) t = i;
        if (t < 0 || s.d[0] * s.d[1] * s.d[2] * elem_sizes[t] != s.bytes) {
            tpar_fmt(err, cap, "%s: segment %s: type '%s' and shape do not match %zu bytes", path,
                     s.name, type, s.bytes);
            goto fail;
        }
        s.type = (tcase_elem)t;
        s.data = tpar_xmalloc(s.bytes + 1);
        if (fread(s.data, 1, s.bytes, f) != s.bytes || fgetc(f) != '\n') {
            free(s.data);
            tpar_fmt(err, cap, "%s: segment %s: data truncated", path, s.name);
            goto fail;
        }
        if (d->n == cap_segs) {
            cap_segs = cap_segs ? cap_segs * 2 : 16;
            d->segs = tpar_xrealloc(d->segs, cap_segs * sizeof *d->segs);
        }
        d->segs[d->n++] = s;
    }
    fclose(f);
    return 0;
fail:
    fclose(f);
    tpar_dump_free(d);
    return -1;
}

/* ---- classification ---- */

tpar_cls tpar_classify_f32(uint32_t a, uint32_t b) {
    bool na = (a & 0x7fffffffu) > 0x7f800000u, nb = (b & 0x7fffffffu) > 0x7f800000u;
    if (na && nb) return TPAR_CLS_NAN_PAYLOAD;
    if (na || nb) return TPAR_CLS_NAN_VS_FINITE;
    if ((a & 0x7fffffffu) == 0x7f800000u || (b & 0x7fffffffu) == 0x7f800000u) return TPAR_CLS_INF;
    if ((a & 0x7fffffffu) == 0 && (b & 0x7fffffffu) == 0) return TPAR_CLS_SIGNED_ZERO;
    return TPAR_CLS_VALUE;
}

tpar_cls tpar_classify_f64(uint64_t a, uint64_t b) {
    const uint64_t abs = 0x7fffffffffffffffull, inf = 0x7ff0000000000000ull;
    bool na = (a & abs) > inf, nb = (b & abs) > inf;
    if (na && nb) return TPAR_CLS_NAN_PAYLOAD;
    if (na || nb) return TPAR_CLS_NAN_VS_FINITE;
    if ((a & abs) == inf || (b & abs) == inf) return TPAR_CLS_INF;
    if ((a & abs) == 0 && (b & abs) == 0) return TPAR_CLS_SIGNED_ZERO;
    return TPAR_CLS_VALUE;
}

/* Sign-magnitude to a line where adjacent floats are adjacent integers. */
static int64_t order32(uint32_t u) {
    return (u & 0x80000000u) ? -(int64_t)(u & 0x7fffffffu) : (int64_t)u;
}
static int64_t order64(uint64_t u) {
    return (u >> 63) ? -(int64_t)(u & 0x7fffffffffffffffull) : (int64_t)u;
}

bool tpar_ulp_f32(uint32_t a, uint32_t b, int64_t *out) {
    if ((a & 0x7fffffffu) > 0x7f800000u || (b & 0x7fffffffu) > 0x7f800000u) return false;
    *out = order32(b) - order32(a);
    return true;
}

bool tpar_ulp_f64(uint64_t a, uint64_t b, int64_t *out) {
    const uint64_t abs = 0x7fffffffffffffffull, inf = 0x7ff0000000000000ull;
    if ((a & abs) > inf || (b & abs) > inf) return false;
    int64_t x = order64(a), y = order64(b);
    /* y - x overflows only when they have opposite signs and are huge. */
    if (y > 0 && x < 0 && y > INT64_MAX + x)
        *out = INT64_MAX;
    else if (y < 0 && x > 0 && y < INT64_MIN + x + 1)
        *out = -INT64_MAX;
    else
        *out = y - x;
    return true;
}

/* ---- comparison ---- */

static void unflatten(const tpar_seg *s, size_t flat, size_t idx[TCASE_MAX_DIMS]) {
    size_t rest = flat;
    for (int k = s->ndims - 1; k >= 0; k--) {
        idx[k] = rest % s->d[k];
        rest /= s->d[k];
    }
}

static uint64_t load_bits(const tpar_seg *s, size_t i) {
    uint64_t v = 0;
    switch (elem_sizes[s->type]) {
    case 1: v = s->data[i]; break;
    case 4: {
        uint32_t u;
        memcpy(&u, s->data + 4 * i, 4);
        v = u;
        break;
    }
    default: memcpy(&v, s->data + 8 * i, 8); break;
    }
    return v;
}

static double as_double(tcase_elem t, uint64_t bits) {
    switch (t) {
    case TCASE_ELEM_F32: {
        uint32_t u = (uint32_t)bits;
        float f;
        memcpy(&f, &u, 4);
        return f;
    }
    case TCASE_ELEM_F64: {
        double x;
        memcpy(&x, &bits, 8);
        return x;
    }
    case TCASE_ELEM_I32: return (double)(int32_t)(uint32_t)bits;
    default: return (double)bits;
    }
}

static bool is_mask_seg(const tpar_seg *s) {
    return s->type == TCASE_ELEM_U8 && strstr(s->name, "mask") != NULL;
}

static bool same_layout(const tpar_seg *a, const tpar_seg *b) {
    return a->out == b->out && a->type == b->type && a->ndims == b->ndims && a->bytes == b->bytes &&
           strcmp(a->name, b->name) == 0 && memcmp(a->d, b->d, sizeof a->d) == 0;
}

void tpar_dump_compare(const tpar_dump *ref, const tpar_dump *got, tpar_diff *o) {
    tpar_dump_compare_nan(ref, got, false, o);
}

void tpar_dump_compare_nan(const tpar_dump *ref, const tpar_dump *got, bool nan_equal,
                           tpar_diff *o) {
    memset(o, 0, sizeof *o);
    if (ref->n != got->n) {
        o->layout_differs = true;
        tpar_fmt(o->layout_note, sizeof o->layout_note,
                 "the reference dumped %zu segments, this build %zu", ref->n, got->n);
        return;
    }
    size_t case_flat = 0;
    for (size_t k = 0; k < ref->n; k++) {
        const tpar_seg *a = &ref->segs[k], *b = &got->segs[k];
        if (!same_layout(a, b)) {
            o->layout_differs = true;
            tpar_fmt(o->layout_note, sizeof o->layout_note,
                     "segment %zu: reference %s (%s, %zu bytes), this build %s (%s, %zu bytes)", k,
                     a->name, elem_names[a->type], a->bytes, b->name, elem_names[b->type],
                     b->bytes);
            return;
        }
        if (!a->out) {
            if (!o->inputs_differ && memcmp(a->data, b->data, a->bytes) != 0) {
                o->inputs_differ = true;
                tpar_fmt(o->input_seg, sizeof o->input_seg, "%s", a->name);
            }
            continue;
        }
        size_t n = a->bytes / elem_sizes[a->type];
        bool fl = a->type == TCASE_ELEM_F32 || a->type == TCASE_ELEM_F64;
        for (size_t i = 0; i < n; i++, case_flat++) {
            o->total++;
            uint64_t x = load_bits(a, i), y = load_bits(b, i);
            if (x == y) continue;
            tpar_cls cls = is_mask_seg(a)              ? TPAR_CLS_MASK
                           : a->type == TCASE_ELEM_F32 ? tpar_classify_f32((uint32_t)x, (uint32_t)y)
                           : a->type == TCASE_ELEM_F64 ? tpar_classify_f64(x, y)
                                                       : TPAR_CLS_VALUE;
            if (nan_equal && cls == TPAR_CLS_NAN_PAYLOAD) continue;
            o->mismatches++;
            o->cls_count[cls]++;
            int64_t ulp = 0;
            bool ulp_ok =
                fl && (a->type == TCASE_ELEM_F32 ? tpar_ulp_f32((uint32_t)x, (uint32_t)y, &ulp)
                                                 : tpar_ulp_f64(x, y, &ulp));
            int64_t mag = ulp < 0 ? -ulp : ulp;
            if (ulp_ok && (!o->has_max || mag > (o->max_ulp < 0 ? -o->max_ulp : o->max_ulp))) {
                o->has_max = true;
                o->max_ulp = ulp;
                tpar_fmt(o->max_seg, sizeof o->max_seg, "%s", a->name);
                o->max_ndims = a->ndims;
                unflatten(a, i, o->max_idx);
            }
            if (o->any) continue;
            o->any = true;
            tpar_fmt(o->seg, sizeof o->seg, "%s", a->name);
            o->type = a->type;
            o->ndims = a->ndims;
            memcpy(o->d, a->d, sizeof o->d);
            unflatten(a, i, o->idx);
            o->flat_seg = i;
            o->flat_case = case_flat;
            o->ref_bits = x;
            o->got_bits = y;
            o->ref_val = as_double(a->type, x);
            o->got_val = as_double(a->type, y);
            o->ulp_valid = ulp_ok;
            o->ulp = ulp;
            o->abs_err = fabs(o->got_val - o->ref_val);
            o->rel_err = o->ref_val != 0 ? o->abs_err / fabs(o->ref_val) : INFINITY;
            o->cls = cls;
            o->inner_len = a->d[a->ndims - 1];
            o->inner_idx = o->idx[a->ndims - 1];
        }
    }
}
