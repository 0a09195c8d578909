/* registry.c - registration of benchmarks and grids, the constructor path of
 * TOCK_BENCH, user provenance keys, and freeing it all. Registration checks
 * names and duplicates; it never measures.
 */
#include "internal.h"

static int tock__valid_part(const char *s, int allow_slash) {
    if (!s || !*s) return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p <= 0x20 || *p == 0x7f) return 0;
        if (*p == '/' && !allow_slash) return 0;
    }
    return 1;
}

static void tock__bench_free(tock__bench *b) {
    TOCK_FREE(b->id);
    TOCK_FREE(b->group);
    TOCK_FREE(b->name);
    TOCK_FREE(b->parameter);
    TOCK_FREE(b->floor_id);
    TOCK_FREE(b->iters);
    TOCK_FREE(b->ns);
    TOCK_FREE(b->inputs);
    memset(b, 0, sizeof *b);
}

void tock__sample_file_name(const char *id, char *out, size_t cap);
static int tock__valid_word(const char *s);

/* Records a failed registration for tock_main (exit 2 with the reason);
 * the first failure wins. */
void tock__reg_fail(const tock_bench_def *def, int status, const char *fmt, ...) {
    tock__state *S = &tock__S;
    if (S->reg_status < 0) return;
    S->reg_status = status;
    snprintf(S->reg_msg, sizeof S->reg_msg, "%s%s%s", def && def->group ? def->group : "(null)",
             def && def->name ? "/" : "", def && def->name ? def->name : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(S->reg_why, sizeof S->reg_why, fmt, ap);
    va_end(ap);
}

/* Exactly one way to run: routine, run_input (with make_input and a size)
 * or routine_manual; threads only with routine. */
static const char *tock__def_shape_error(const tock_bench_def *d) {
    const int ways = (d->routine != NULL) + (d->run_input != NULL) + (d->routine_manual != NULL);
    if (ways != 1) return "expected exactly one of routine, run_input and routine_manual";
    if (d->run_input && (!d->make_input || d->input_size == 0))
        return "run_input needs make_input and input_size > 0";
    if (!d->run_input && (d->make_input || d->drop_input || d->input_size))
        return "make_input, drop_input and input_size go with run_input";
    if (d->run_input && (d->batch_setup || d->batch_teardown || d->batch_size))
        return "run_input manages its batches: no batch_setup, batch_teardown or batch_size";
    if (d->batch_kind != TOCK_BATCH_SMALL_INPUT && d->batch_kind != TOCK_BATCH_LARGE_INPUT)
        return "batch_kind: expected TOCK_BATCH_SMALL_INPUT or TOCK_BATCH_LARGE_INPUT";
    if (d->threads < 0 || d->threads > 1024) return "threads: expected 0..1024";
    if (d->threads > 1 && (!d->routine || d->batch_setup || d->batch_teardown || d->batch_size))
        return "threads > 1 needs a plain routine (no batches, inputs or manual timing)";
    return NULL;
}

int tock_register(const tock_bench_def *def) { return tock__register_args(def, NULL, 0); }

int tock__register_args(const tock_bench_def *def, const int64_t *args, size_t nargs) {
    tock__state *S = &tock__S;
    S->last_why[0] = '\0';
    if (def && tock__def_shape_error(def)) {
        snprintf(S->last_why, sizeof S->last_why, "%s", tock__def_shape_error(def));
        return TOCK_EINVAL;
    }
    if (!def || !tock__valid_part(def->group, 0) ||
        (def->name && !tock__valid_part(def->name, 0)) ||
        (def->parameter && !tock__valid_part(def->parameter, 1)) ||
        (def->floor_id && !tock__valid_part(def->floor_id, 1)) ||
        def->throughput_kind > TOCK_THROUGHPUT_BYTES ||
        (def->throughput_kind != TOCK_THROUGHPUT_NONE && def->throughput_per_iter == 0) ||
        (def->mode != TOCK_MODE_LATENCY && def->mode != TOCK_MODE_THROUGHPUT) ||
        !(def->published_ns >= 0.0) ||
        (def->parameter_unit &&
         (!tock__valid_word(def->parameter_unit) || strlen(def->parameter_unit) > 31)))
        return TOCK_EINVAL;
    tock__bench b;
    memset(&b, 0, sizeof b);
    size_t len = strlen(def->group) + (def->name ? strlen(def->name) + 1 : 0) +
                 (def->parameter ? strlen(def->parameter) + 1 : 0) + 1;
    b.id = (char *)TOCK_MALLOC(len);
    if (!b.id) return TOCK_ENOMEM;
    snprintf(b.id, len, "%s%s%s%s%s", def->group, def->name ? "/" : "", def->name ? def->name : "",
             def->parameter ? "/" : "", def->parameter ? def->parameter : "");
    /* ids must differ and so must their samples file names ("a/b", "a_b") */
    char fn_new[300], fn_old[300];
    tock__sample_file_name(b.id, fn_new, sizeof fn_new);
    for (size_t i = 0; i < S->nbench; i++) {
        tock__sample_file_name(S->benches[i].id, fn_old, sizeof fn_old);
        if (strcmp(S->benches[i].id, b.id) == 0 || strcmp(fn_old, fn_new) == 0) {
            TOCK_FREE(b.id);
            return TOCK_EDUPLICATE;
        }
    }
    b.def = *def;
    for (size_t a = 0; a < nargs && a < TOCK_MAX_ARGS; a++) b.args[a] = args[a];
    b.nargs = nargs < TOCK_MAX_ARGS ? nargs : TOCK_MAX_ARGS;
    b.group = tock__strdup(def->group);
    b.name = tock__strdup(def->name);
    b.parameter = tock__strdup(def->parameter);
    b.floor_id = tock__strdup(def->floor_id);
    if (!b.group || (def->name && !b.name) || (def->parameter && !b.parameter) ||
        (def->floor_id && !b.floor_id)) {
        tock__bench_free(&b);
        return TOCK_ENOMEM;
    }
    b.def.group = b.group;
    b.def.name = b.name;
    b.def.parameter = b.parameter;
    b.def.floor_id = b.floor_id;
    if (def->parameter_unit) snprintf(b.param_unit, sizeof b.param_unit, "%s", def->parameter_unit);
    b.def.parameter_unit = def->parameter_unit ? b.param_unit : NULL;
    if (S->nbench == S->capbench) {
        size_t cap = S->capbench ? 2 * S->capbench : 16;
        tock__bench *nb = (tock__bench *)TOCK_REALLOC(S->benches, cap * sizeof *nb);
        if (!nb) {
            tock__bench_free(&b);
            return TOCK_ENOMEM;
        }
        S->benches = nb;
        S->capbench = cap;
    }
    S->benches[S->nbench++] = b;
    return 0;
}

static int tock__valid_word(const char *s) {
    if (!s || !*s) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return 0;
    return 1;
}

/* the axis values of point p (first axis slowest) */
void tock__grid_point(const tock_grid_def *d, size_t p, int64_t *out) {
    for (size_t a = d->naxes; a-- > 0;) {
        out[a] = d->axes[a].values[p % d->axes[a].count];
        p /= d->axes[a].count;
    }
}

static int tock__grid_setup(void *user, void **ctx) {
    const tock__grid_slot *sl = (const tock__grid_slot *)user;
    tock__grid *g = sl->g;
    int64_t pt[TOCK_GRID_MAX_AXES];
    tock__grid_point(&g->def, sl->point, pt);
    int rc = g->def.setup(pt, g->def.seed0 + sl->repeat, ctx);
    if (rc < 0 || sl->routine != 0 || !g->def.metrics || g->def.nmetrics == 0) return rc;
    double v[TOCK_GRID_MAX_COLUMNS];
    rc = g->def.metrics(*ctx, v);
    if (rc < 0) {
        if (g->def.teardown) g->def.teardown(*ctx);
        return rc;
    }
    memcpy(g->metric + (sl->point * g->def.repeats + sl->repeat) * g->def.nmetrics, v,
           g->def.nmetrics * sizeof *v);
    return 0;
}

int tock_register_grid(const tock_grid_def *def) {
    tock__state *S = &tock__S;
    if (!def || !tock__valid_part(def->group, 0) || !tock__valid_word(def->name) ||
        def->naxes == 0 || def->naxes > TOCK_GRID_MAX_AXES || def->repeats == 0 ||
        def->repeats > 1000 || def->nroutines == 0 || def->nroutines > TOCK_GRID_MAX_ROUTINES ||
        !def->setup || def->nconstants > TOCK_GRID_MAX_COLUMNS ||
        def->nmetrics > TOCK_GRID_MAX_COLUMNS || (def->nmetrics && !def->metrics))
        return TOCK_EINVAL;
    size_t npoints = 1;
    for (size_t a = 0; a < def->naxes; a++) {
        if (!tock__valid_word(def->axes[a].name) || def->axes[a].count == 0 ||
            !def->axes[a].values || def->axes[a].count > 100000 / npoints)
            return TOCK_EINVAL;
        npoints *= def->axes[a].count;
    }
    for (size_t k = 0; k < def->nroutines; k++)
        if (!tock__valid_word(def->routine_names[k]) || !def->routines[k]) return TOCK_EINVAL;
    for (size_t c = 0; c < def->nconstants; c++)
        if (!tock__valid_word(def->constant_names[c]) || !def->constant_json[c] ||
            !*def->constant_json[c])
            return TOCK_EINVAL;
    for (size_t m = 0; m < def->nmetrics; m++)
        if (!tock__valid_word(def->metric_names[m])) return TOCK_EINVAL;
    for (size_t i = 0; i < S->ngrids; i++)
        if (strcmp(S->grids[i]->def.name, def->name) == 0) return TOCK_EDUPLICATE;
    const size_t nslots = npoints * def->repeats, nb = nslots * def->nroutines;
    tock__grid *g = (tock__grid *)TOCK_MALLOC(sizeof *g);
    tock__grid **ng = (tock__grid **)TOCK_REALLOC(S->grids, (S->ngrids + 1) * sizeof *ng);
    if (ng) S->grids = ng;
    if (!g || !ng) {
        TOCK_FREE(g);
        return TOCK_ENOMEM;
    }
    memset(g, 0, sizeof *g);
    g->def = *def;
    g->npoints = npoints;
    g->bench = (size_t *)TOCK_MALLOC(nb * sizeof *g->bench);
    g->slot = (tock__grid_slot *)TOCK_MALLOC(nb * sizeof *g->slot);
    g->metric = (double *)TOCK_MALLOC((nslots * def->nmetrics + 1) * sizeof *g->metric);
    if (!g->bench || !g->slot || !g->metric) {
        TOCK_FREE(g->bench);
        TOCK_FREE(g->slot);
        TOCK_FREE(g->metric);
        TOCK_FREE(g);
        return TOCK_ENOMEM;
    }
    for (size_t i = 0; i < nslots * def->nmetrics; i++) g->metric[i] = NAN;
    S->grids[S->ngrids++] = g;
    const size_t first = S->nbench;
    for (size_t p = 0; p < npoints; p++) {
        int64_t pt[TOCK_GRID_MAX_AXES];
        tock__grid_point(def, p, pt);
        for (size_t r = 0; r < def->repeats; r++) {
            for (size_t k = 0; k < def->nroutines; k++) {
                char param[512];
                size_t len = (size_t)snprintf(param, sizeof param, "%s/", def->routine_names[k]);
                for (size_t a = 0; a < def->naxes && len < sizeof param; a++)
                    len += (size_t)snprintf(param + len, sizeof param - len, "%s%s=%lld",
                                            a ? "," : "", def->axes[a].name, (long long)pt[a]);
                if (len < sizeof param)
                    len += (size_t)snprintf(param + len, sizeof param - len, "/seed=%llu",
                                            (unsigned long long)(def->seed0 + r));
                if (len >= sizeof param) return TOCK_EINVAL;
                const size_t idx = (p * def->repeats + r) * def->nroutines + k;
                g->slot[idx].g = g;
                g->slot[idx].point = p;
                g->slot[idx].repeat = r;
                g->slot[idx].routine = k;
                tock_bench_def d;
                memset(&d, 0, sizeof d);
                d.group = def->group;
                d.name = def->name;
                d.parameter = param;
                d.routine = def->routines[k];
                d.user = &g->slot[idx];
                d.setup = tock__grid_setup;
                d.teardown = def->teardown;
                d.mode = def->mode;
                d.warm_up_time_s = def->warm_up_time_s;
                d.measurement_time_s = def->measurement_time_s;
                int rc = tock_register(&d);
                if (rc < 0) {
                    /* undo this grid's benchmarks so a failed call leaves no trace */
                    while (S->nbench > first) tock__bench_free(&S->benches[--S->nbench]);
                    S->ngrids--;
                    TOCK_FREE(g->bench);
                    TOCK_FREE(g->slot);
                    TOCK_FREE(g->metric);
                    TOCK_FREE(g);
                    return rc;
                }
                g->bench[idx] = S->nbench - 1;
                S->benches[S->nbench - 1].grid = S->ngrids;
            }
        }
    }
    return 0;
}

void tock__register_ctor(const tock_bench_def *def) {
    int rc = tock_register(def);
    if (rc < 0) tock__reg_fail(def, rc, "%s", tock__S.last_why);
}

int tock_provenance_set(const char *key, const char *value) {
    tock__state *S = &tock__S;
    if (!key || !*key || !value) return TOCK_EINVAL;
    for (size_t i = 0; i < S->nprov; i++) {
        if (strcmp(S->prov_kv[2 * i], key) == 0) {
            char *v = tock__strdup(value);
            if (!v) return TOCK_ENOMEM;
            TOCK_FREE(S->prov_kv[2 * i + 1]);
            S->prov_kv[2 * i + 1] = v;
            return 0;
        }
    }
    if (S->nprov == S->capprov) {
        size_t cap = S->capprov ? 2 * S->capprov : 8;
        char **kv = (char **)TOCK_REALLOC(S->prov_kv, 2 * cap * sizeof *kv);
        if (!kv) return TOCK_ENOMEM;
        S->prov_kv = kv;
        S->capprov = cap;
    }
    char *k = tock__strdup(key), *v = tock__strdup(value);
    if (!k || !v) {
        TOCK_FREE(k);
        TOCK_FREE(v);
        return TOCK_ENOMEM;
    }
    S->prov_kv[2 * S->nprov] = k;
    S->prov_kv[2 * S->nprov + 1] = v;
    S->nprov++;
    return 0;
}

void tock__free_all(void) {
    tock__state *S = &tock__S;
    if (S->filter_is_re) regfree(&S->filter_re);
    S->filter_is_re = 0;
    for (size_t i = 0; i < S->ngrids; i++) {
        TOCK_FREE(S->grids[i]->bench);
        TOCK_FREE(S->grids[i]->slot);
        TOCK_FREE(S->grids[i]->metric);
        TOCK_FREE(S->grids[i]);
    }
    TOCK_FREE(S->grids);
    S->grids = NULL;
    S->ngrids = 0;
    TOCK_FREE(S->fits);
    TOCK_FREE(S->cross);
    S->fits = NULL;
    S->cross = NULL;
    S->nfits = S->ncross = 0;
    for (size_t i = 0; i < S->nbench; i++) tock__bench_free(&S->benches[i]);
    TOCK_FREE(S->benches);
    for (size_t i = 0; i < 2 * S->nprov; i++) TOCK_FREE(S->prov_kv[i]);
    TOCK_FREE(S->prov_kv);
    TOCK_FREE(S->arts);
    S->benches = NULL;
    S->nbench = S->capbench = 0;
    S->prov_kv = NULL;
    S->nprov = S->capprov = 0;
    S->arts = NULL;
    S->narts = S->caparts = 0;
}
