/* baseline.c - saved baselines: the machine fingerprint, writing baseline.txt
 * atomically, listing and loading them, and the environment check between
 * a run and the baseline it is compared with.
 */
#include "internal.h"

/* The fingerprint: what must match for two runs' times to be comparable. */
#define TOCK__FP_KEYS(X) X(arch) X(cpu_model) X(compiler) X(flags) X(threads) X(isa_dispatched)

static const char *tock__prov_user(const tock__state *S, const char *key) {
    for (size_t i = 0; i < S->nprov; i++)
        if (strcmp(S->prov_kv[2 * i], key) == 0) return S->prov_kv[2 * i + 1];
    return NULL;
}

/* the current value of a fingerprint key, in buf; NULL when unknown */
static const char *tock__fp_current(const tock__state *S, const tock__prov *p, const char *key,
                                    char *buf, size_t cap) {
    if (strcmp(key, "arch") == 0) return tock__arch();
    if (strcmp(key, "cpu_model") == 0) return p->ci.model;
    if (strcmp(key, "compiler") == 0) {
        snprintf(buf, cap, "%s %s", tock__compiler_id(), tock__compiler_version());
        return buf;
    }
    if (strcmp(key, "flags") == 0) return TOCK_COMPILE_FLAGS;
    if (strcmp(key, "threads") == 0) {
        snprintf(buf, cap, "%d", S->cfg.threads);
        return buf;
    }
    return tock__prov_user(S, key);
}

/* env lines: every value on one line (newlines would end the record) */
static void tock__bl_env(tock__buf *b, const char *key, const char *val) {
    tock__buf_printf(b, "env %s ", key);
    for (const char *c = val && *val ? val : "unknown"; *c; c++) {
        char ch = (*c == '\n' || *c == '\r') ? ' ' : *c;
        tock__buf_put(b, &ch, 1);
    }
    tock__buf_puts(b, "\n");
}

void tock__bl_text(tock__state *S, const tock__prov *p, const char *name, tock__buf *b) {
    char date[32], tmp[512];
    tock__utc(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", time(NULL));
    tock__buf_printf(b, "tock-baseline %d\nname %s\ncreated %s\nrun %s\n", TOCK_BASELINE_VERSION,
                     name, date, S->run_id[0] ? S->run_id : "none");
    const int counts = S->cfg.measure == TOCK__MEASURE_INSTRUCTIONS;
    if (counts) tock__buf_puts(b, "mode instructions\n");
#define TOCK__FP_WRITE(k) tock__bl_env(b, #k, tock__fp_current(S, p, #k, tmp, sizeof tmp));
    TOCK__FP_KEYS(TOCK__FP_WRITE)
#undef TOCK__FP_WRITE
    tock__bl_env(b, "commit", TOCK_GIT_COMMIT);
    tock__bl_env(b, "tock_version", TOCK_VERSION_STRING);
    size_t nb = 0;
    for (size_t i = 0; counts && i < S->counts.nbench; i++) {
        const tock_baseline_bench *x = &S->counts.benches[i];
        tock__buf_printf(b, "counts %s %llu", x->id, (unsigned long long)x->count_iters);
        for (int k = 0; k < TOCK_COUNT_NEVENTS; k++) {
            char a[40];
            tock__fmt_g17(a, x->counts[k]);
            tock__buf_printf(b, " %s", a);
        }
        tock__buf_puts(b, "\n");
        nb++;
    }
    for (size_t i = 0; !counts && i < S->nbench; i++) {
        const tock__bench *x = &S->benches[i];
        if (x->state != TOCK__DONE) continue;
        char a[40], c[40], d[40];
        tock__buf_printf(b, "bench %s %zu\n", x->id, x->n);
        tock__fmt_g17(a, x->an.est.slope.point);
        tock__fmt_g17(c, x->an.est.slope.lower);
        tock__fmt_g17(d, x->an.est.slope.upper);
        tock__buf_printf(b, "typical %s %s %s\n", a, c, d);
        tock__fmt_g17(a, x->an.est.median.point);
        tock__fmt_g17(c, x->an.est.median.lower);
        tock__fmt_g17(d, x->an.est.median.upper);
        tock__buf_printf(b, "median %s %s %s\n", a, c, d);
        for (size_t k = 0; k < x->n; k++) {
            tock__fmt_g17(a, x->ns[k]);
            tock__buf_printf(b, "%llu %s\n", (unsigned long long)x->iters[k], a);
        }
        nb++;
    }
    tock__buf_printf(b, "end %zu\n", nb);
}

/* <baseline dir>: --baseline-dir, else baselines/ beside --out's last part */
void tock__bl_root(tock__state *S) {
    if (S->cfg.baseline_dir) {
        snprintf(S->bl_root, sizeof S->bl_root, "%s", S->cfg.baseline_dir);
        return;
    }
    char o[TOCK__PATH];
    snprintf(o, sizeof o, "%s", S->cfg.out_dir);
    size_t n = strlen(o);
    while (n > 1 && o[n - 1] == '/') o[--n] = '\0';
    char *sl = strrchr(o, '/');
    if (!sl)
        snprintf(S->bl_root, sizeof S->bl_root, "baselines");
    else if (sl == o)
        snprintf(S->bl_root, sizeof S->bl_root, "/baselines");
    else {
        *sl = '\0';
        snprintf(S->bl_root, sizeof S->bl_root, "%s/baselines", o);
    }
}

/* --save-baseline: the baseline directory must be usable before anything
 * is measured (as --out is), so a bad path costs no measurement. 0, or
 * TOCK_EIO after saying why. */
int tock__check_baseline_dir(tock__state *S) {
    char dir[TOCK__PATH + 128];
    snprintf(dir, sizeof dir, "%s/%s", S->bl_root, S->cfg.save_baseline);
    if (tock__mkdirs(dir) != 0 || access(dir, W_OK | X_OK) != 0) {
        fprintf(stderr, "tock: --save-baseline %s: cannot create or write the directory %s: %s\n",
                S->cfg.save_baseline, dir, strerror(errno));
        return TOCK_EIO;
    }
    return 0;
}

int tock__save_baseline(tock__state *S, const tock__prov *p) {
    const char *name = S->cfg.save_baseline;
    char dir[TOCK__PATH + 128], path[TOCK__PATH + 160];
    snprintf(dir, sizeof dir, "%s/%s", S->bl_root, name);
    snprintf(path, sizeof path, "%s/baseline.txt", dir);
    tock__buf b = {0};
    tock__bl_text(S, p, name, &b);
    if (b.err) return b.err;
    if (tock__mkdirs(dir) != 0 || tock__write_atomic(path, b.p, b.len) != 0) {
        fprintf(stderr, "tock: --save-baseline %s: cannot write %s: %s\n", name, path,
                strerror(errno));
        tock__buf_free(&b);
        return TOCK_EIO;
    }
    tock__sync_dir(dir);
    tock__buf_free(&b);
    printf("tock: saved baseline '%s' (%s)\n", name, path);
    return 0;
}

/* Loads <root>/<name>/baseline.txt; messages name the flag, the file and the line. */
int tock__load_baseline(tock__state *S, const char *flag, const char *name, tock_baseline *bl,
                        char *path, size_t cap) {
    snprintf(path, cap, "%s/%s/baseline.txt", S->bl_root, name);
    size_t len = 0;
    char *text = NULL, why[128];
    int rrc = tock__read_input(path, TOCK__MAX_INPUT, &text, &len);
    if (rrc != 0) {
        fprintf(stderr, "tock: %s %s: cannot read %s: %s (try --list-baselines)\n", flag, name,
                path, tock__read_error(rrc, errno, TOCK__MAX_INPUT, why, sizeof why));
        return TOCK_EIO;
    }
    char err[256];
    int rc = tock_baseline_parse(text, len, bl, err, sizeof err);
    TOCK_FREE(text);
    if (rc < 0) {
        fprintf(stderr, "tock: %s %s: %s: %s\n", flag, name, path, err);
        return rc;
    }
    if (strcmp(bl->name, name) != 0)
        fprintf(stderr, "tock: warning: %s: the file names baseline '%s' (copied or renamed?)\n",
                path, bl->name);
    return 0;
}

static int tock__cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int tock__list_baselines(tock__state *S) {
    DIR *d = opendir(S->bl_root);
    if (!d) {
        if (errno == ENOENT) {
            printf("no baselines in %s\n", S->bl_root);
            return 0;
        }
        fprintf(stderr, "tock: --list-baselines: cannot read %s: %s\n", S->bl_root,
                strerror(errno));
        return TOCK_EIO;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!tock__valid_name(e->d_name)) continue;
        if (n == cap) {
            size_t nc = cap ? 2 * cap : 16;
            char **nn = (char **)TOCK_REALLOC(names, nc * sizeof *nn);
            if (!nn) {
                rc = TOCK_ENOMEM;
                break;
            }
            names = nn;
            cap = nc;
        }
        if (!(names[n] = tock__strdup(e->d_name))) {
            rc = TOCK_ENOMEM;
            break;
        }
        n++;
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, tock__cmp_str);
    for (size_t i = 0; i < n && rc == 0; i++) {
        char path[TOCK__PATH + 256];
        snprintf(path, sizeof path, "%s/%s/baseline.txt", S->bl_root, names[i]);
        size_t len = 0;
        char *text = NULL, why[128];
        int rrc = tock__read_input(path, TOCK__MAX_INPUT, &text, &len);
        if (rrc == -1 && errno == ENOENT) continue; /* a directory that is not a baseline */
        if (rrc != 0) {
            printf("%-24s INVALID: %s: %s\n", names[i], path,
                   tock__read_error(rrc, errno, TOCK__MAX_INPUT, why, sizeof why));
            continue;
        }
        tock_baseline bl;
        char err[256];
        if (tock_baseline_parse(text, len, &bl, err, sizeof err) == 0) {
            const char *isa = tock_baseline_env(&bl, "isa_dispatched");
            printf("%-24s %s  %3zu benchmarks  run %s%s%s%s\n", names[i], bl.created, bl.nbench,
                   bl.run_id, isa ? "  isa " : "", isa ? isa : "",
                   bl.mode == TOCK_BASELINE_COUNTS ? "  instruction counts" : "");
            tock_baseline_free(&bl);
        } else {
            printf("%-24s INVALID: %s: %s\n", names[i], path, err);
        }
        TOCK_FREE(text);
    }
    for (size_t i = 0; i < n; i++) TOCK_FREE(names[i]);
    TOCK_FREE(names);
    if (n == 0 && rc == 0) printf("no baselines in %s\n", S->bl_root);
    return rc;
}

const tock_baseline_bench *tock__bl_find(const tock_baseline *bl, const char *id) {
    for (size_t i = 0; i < bl->nbench; i++)
        if (strcmp(bl->benches[i].id, id) == 0) return &bl->benches[i];
    return NULL;
}

/* Compares the fingerprint of `old` with `cur_bl` (another baseline) or, when
 * NULL, with this process. Returns the number of differences; prints each. */
size_t tock__env_check(tock__state *S, const tock__prov *p, const tock_baseline *old,
                       const tock_baseline *cur_bl) {
    static const char *const keys[] = {
#define TOCK__FP_NAME(k) #k,
        TOCK__FP_KEYS(TOCK__FP_NAME)
#undef TOCK__FP_NAME
    };
    size_t nd = 0;
    char tmp[512];
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *a = tock_baseline_env(old, keys[i]);
        const char *b = cur_bl ? tock_baseline_env(cur_bl, keys[i])
                               : tock__fp_current(S, p, keys[i], tmp, sizeof tmp);
        char bb[600];
        snprintf(bb, sizeof bb, "%s", b && *b ? b : "unknown");
        for (char *c = bb; *c; c++)
            if (*c == '\n' || *c == '\r') *c = ' ';
        if (strcmp(a ? a : "unknown", bb) == 0) continue;
        nd++;
        tock__buf_printf(&S->env_diff, "%s: baseline '%s', %s '%s'\n", keys[i], a ? a : "unknown",
                         cur_bl ? "loaded" : "current", bb);
    }
    S->nenv_diff = nd;
    if (nd) {
        fprintf(stderr,
                "tock: %s: the machine fingerprint differs from baseline '%s' in %zu "
                "key%s:\n%s",
                S->cfg.strict_env ? "error" : "warning", old->name, nd, nd == 1 ? "" : "s",
                S->env_diff.p ? S->env_diff.p : "");
        if (S->cfg.strict_env) fprintf(stderr, "tock: --strict-env: refusing to compare\n");
    }
    return nd;
}
