/* fit_load.c - reads summary.json's "fits" and "crossovers": the scaling
 * fit perf/tock.h made of each parameterised group (cost per unit of the
 * parameter with its interval, log-log exponent, complexity class, and its
 * one-line statement) and the crossovers of pairs of fitted groups. Runs
 * written before the framework fitted anything have neither key, and load
 * as before (has_fits 0); when a key is present, every element must be well
 * formed, and an error names the field. It must never compute a fit of its
 * own: these are the run's numbers, shown as stored.
 */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int str(const char *file, json_t *o, const char *path, const char *key, int required,
               const char **out) {
    json_t *v = json_object_get(o, key);
    *out = json_is_string(v) ? json_string_value(v) : NULL;
    if (*out || (!required && (!v || json_is_null(v)))) return 0;
    return tock_rep_bad_field(file, path, key, "a string", v);
}

/* a number, or null (how tock writes a non-finite one): NAN */
static int num(const char *file, json_t *o, const char *path, const char *key, double *out) {
    json_t *v = json_object_get(o, key);
    *out = json_is_number(v) ? json_number_value(v) : NAN;
    if (json_is_number(v) || json_is_null(v)) return 0;
    return tock_rep_bad_field(file, path, key, "a number or null", v);
}

static int est(const char *file, json_t *o, const char *path, const char *key, tock_rep_est *e) {
    json_t *v = json_object_get(o, key);
    if (!json_is_object(v))
        return tock_rep_bad_field(file, path, key, "an object {point, lower, upper}", v);
    char p[96];
    snprintf(p, sizeof p, "%s.%s", path, key);
    int rc = num(file, v, p, "point", &e->point);
    if (!rc) rc = num(file, v, p, "lower", &e->lower);
    if (!rc) rc = num(file, v, p, "upper", &e->upper);
    return rc;
}

static int load_fit(const char *file, json_t *o, const char *p, tock_rep_fit *f) {
    if (!json_is_object(o)) return tock_rep_bad_field(file, p, NULL, "an object", o);
    const char *unit = NULL;
    json_t *pts = json_object_get(o, "points");
    int rc = str(file, o, p, "group", 1, &f->group);
    if (!rc) rc = str(file, o, p, "parameter_unit", 0, &f->parameter_unit);
    if (!rc && !(json_is_integer(pts) && json_integer_value(pts) >= 0))
        rc = tock_rep_bad_field(file, p, "points", "a non-negative integer", pts);
    if (!rc) f->points = (uint64_t)json_integer_value(pts);
    if (!rc) rc = num(file, o, p, "parameter_min", &f->parameter_min);
    if (!rc) rc = num(file, o, p, "parameter_max", &f->parameter_max);
    if (!rc) rc = str(file, o, p, "unit", 0, &unit);
    static const char *const units[] = {"ns", NULL};
    if (!rc && unit) rc = tock_rep_check_enum(file, p, "unit", unit, units);
    if (!rc) rc = est(file, o, p, "intercept", &f->intercept);
    if (!rc) rc = est(file, o, p, "slope", &f->slope);
    if (!rc) rc = num(file, o, p, "r2", &f->r2);
    if (!rc) rc = est(file, o, p, "exponent", &f->exponent);
    if (!rc) rc = str(file, o, p, "bigo", 1, &f->bigo);
    if (!rc) rc = num(file, o, p, "bigo_share", &f->bigo_share);
    if (!rc) rc = str(file, o, p, "line", 1, &f->line);
    if (!f->parameter_unit) f->parameter_unit = "";
    return rc;
}

static int load_cross(const char *file, json_t *o, const char *p, tock_rep_cross *c) {
    if (!json_is_object(o)) return tock_rep_bad_field(file, p, NULL, "an object", o);
    int rc = str(file, o, p, "a", 1, &c->a);
    if (!rc) rc = str(file, o, p, "b", 1, &c->b);
    if (!rc) rc = str(file, o, p, "kind", 1, &c->kind);
    static const char *const kinds[] = {"at", "a_below", "b_below", "unclear", NULL};
    if (!rc) rc = tock_rep_check_enum(file, p, "kind", c->kind, kinds);
    if (!rc) rc = est(file, o, p, "at", &c->at);
    if (!rc) rc = num(file, o, p, "lo", &c->lo);
    if (!rc) rc = num(file, o, p, "hi", &c->hi);
    if (!rc) rc = num(file, o, p, "share_a_below", &c->share_a_below);
    if (!rc) rc = num(file, o, p, "share_b_below", &c->share_b_below);
    if (!rc) rc = num(file, o, p, "share_cross", &c->share_cross);
    if (!rc) rc = str(file, o, p, "text", 1, &c->text);
    return rc;
}

int tock_rep_fits_load(tock_rep_run *run, const char *file) {
    json_t *fits = json_object_get(run->summary_root, "fits");
    json_t *cross = json_object_get(run->summary_root, "crossovers");
    if (fits && !json_is_array(fits))
        return tock_rep_bad_field(file, "fits", NULL, "an array", fits);
    if (cross && !json_is_array(cross))
        return tock_rep_bad_field(file, "crossovers", NULL, "an array", cross);
    run->has_fits = fits != NULL;
    size_t nf = json_array_size(fits), nc = json_array_size(cross);
    if (nf && !(run->fit = (tock_rep_fit *)calloc(nf, sizeof *run->fit))) return TOCK_REP_ENOMEM;
    if (nc && !(run->cross = (tock_rep_cross *)calloc(nc, sizeof *run->cross)))
        return TOCK_REP_ENOMEM;
    size_t i;
    json_t *o;
    char p[48];
    json_array_foreach(fits, i, o) {
        snprintf(p, sizeof p, "fits[%zu]", i);
        int rc = load_fit(file, o, p, &run->fit[i]);
        if (rc) return rc;
        run->nfit = i + 1;
    }
    json_array_foreach(cross, i, o) {
        snprintf(p, sizeof p, "crossovers[%zu]", i);
        int rc = load_cross(file, o, p, &run->cross[i]);
        if (rc) return rc;
        run->ncross = i + 1;
    }
    return 0;
}

const tock_rep_fit *tock_rep_fit_of(const tock_rep_run *run, const char *group, const char *name) {
    size_t gl = strlen(group);
    for (size_t i = 0; i < run->nfit; i++) {
        const char *k = run->fit[i].group;
        if (strncmp(k, group, gl) != 0) continue;
        if (name ? (k[gl] == '/' && strcmp(k + gl + 1, name) == 0) : k[gl] == '\0')
            return &run->fit[i];
    }
    return NULL;
}
