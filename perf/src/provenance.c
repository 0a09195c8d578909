/* provenance.c - what machine and build produced a run: CPU, flags, kernel,
 * governor, compiler, and provenance.json. It reads /proc and /sys and
 * never fails a run for a file it cannot read (it records 'unknown').
 */
#include "internal.h"

/* First line of a small file (sysfs), newline stripped; -1 if unreadable. */
static int tock__read_line(const char *path, char *out, size_t cap) {
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    int ok = fgets(out, (int)cap, f) != NULL;
    fclose(f);
    if (!ok) return -1;
    out[strcspn(out, "\n")] = '\0';
    return 0;
}

int tock__has_word(const char *list, const char *word) {
    size_t n = strlen(word);
    for (const char *p = list; p && (p = strstr(p, word)) != NULL; p += n) {
        int start = p == list || p[-1] == ' ' || p[-1] == '\t';
        int end = p[n] == '\0' || p[n] == ' ' || p[n] == '\n';
        if (start && end) return 1;
    }
    return 0;
}

/* Reads the first processor block of /proc/cpuinfo only: on a 128-core
 * machine the file is ~200 KB of repeats. */
static void tock__read_cpuinfo(tock__cpuinfo *ci) {
    memset(ci, 0, sizeof *ci);
    snprintf(ci->model, sizeof ci->model, "unreadable");
    FILE *f = fopen("/proc/cpuinfo", "r");
    size_t cap = 16384;
    char *line = (char *)TOCK_MALLOC(cap);
    if (f && line) {
        char impl[64] = "", part[64] = "";
        while (fgets(line, (int)cap, f)) {
            if (line[0] == '\n') break;
            line[strcspn(line, "\n")] = '\0';
            char *colon = strchr(line, ':');
            if (!colon) continue;
            char *val = colon + 1;
            while (*val == ' ') val++;
            char *kend = colon;
            while (kend > line && (kend[-1] == ' ' || kend[-1] == '\t')) kend--;
            *kend = '\0';
            if (strcmp(line, "model name") == 0) {
                snprintf(ci->model, sizeof ci->model, "%s", val);
            } else if ((strcmp(line, "flags") == 0 || strcmp(line, "Features") == 0) &&
                       !ci->flags) {
                ci->flags = tock__strdup(val);
            } else if (strcmp(line, "CPU implementer") == 0) {
                snprintf(impl, sizeof impl, "%s", val);
            } else if (strcmp(line, "CPU part") == 0) {
                snprintf(part, sizeof part, "%s", val);
            }
        }
        if (strcmp(ci->model, "unreadable") == 0 && impl[0])
            snprintf(ci->model, sizeof ci->model, "implementer %s part %s", impl, part);
    }
    if (f) fclose(f);
    TOCK_FREE(line);
    if (!ci->flags) ci->flags = tock__strdup("unreadable");
    ci->has_hypervisor_flag = ci->flags && tock__has_word(ci->flags, "hypervisor");
}

static void tock__read_or(const char *path, char *out, size_t cap) {
    if (tock__read_line(path, out, cap) != 0 || !out[0]) snprintf(out, cap, "unreadable");
}

void tock__gather_prov(tock__prov *p) {
    memset(p, 0, sizeof *p);
    tock__read_cpuinfo(&p->ci);
    p->un_ok = uname(&p->un) == 0;
    tock__read_or("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", p->governor,
                  sizeof p->governor);
    tock__read_or("/sys/devices/system/cpu/cpu0/cpufreq/scaling_driver", p->driver,
                  sizeof p->driver);
    char v[64];
    if (tock__read_line("/sys/devices/system/cpu/cpufreq/boost", v, sizeof v) == 0)
        snprintf(p->boost, sizeof p->boost, "%s", strcmp(v, "1") == 0 ? "on" : "off");
    else if (tock__read_line("/sys/devices/system/cpu/intel_pstate/no_turbo", v, sizeof v) == 0)
        snprintf(p->boost, sizeof p->boost, "%s", strcmp(v, "0") == 0 ? "on" : "off");
    else
        snprintf(p->boost, sizeof p->boost, "unreadable");
    tock__read_or("/sys/devices/system/cpu/smt/active", p->smt_active, sizeof p->smt_active);
    tock__read_or("/sys/devices/system/cpu/smt/control", p->smt_control, sizeof p->smt_control);
    tock__read_or("/sys/hypervisor/type", p->hyp_type, sizeof p->hyp_type);
    tock__read_or("/sys/devices/system/clocksource/clocksource0/current_clocksource",
                  p->clocksource, sizeof p->clocksource);
    tock__read_or("/proc/loadavg", p->loadavg, sizeof p->loadavg);
    p->ncpu = -1;
#ifdef _SC_NPROCESSORS_ONLN
    p->ncpu = sysconf(_SC_NPROCESSORS_ONLN);
#endif
}

const char *tock__compiler_id(void) {
#if defined(__clang__)
    return "clang";
#elif defined(__GNUC__)
    return "gcc";
#else
    return "unknown";
#endif
}

const char *tock__compiler_version(void) {
#ifdef __VERSION__
    return __VERSION__;
#else
    return "unknown";
#endif
}

const char *tock__arch(void) {
#if defined(__x86_64__)
    return "x86_64";
#elif defined(__aarch64__)
    return "aarch64";
#elif defined(__i386__)
    return "i386";
#else
    return "unknown";
#endif
}

int tock__write_provenance(tock__state *S, const tock__prov *p) {
    tock__buf buf = {0};
    tock__json j;
    char date[32];
    tock__utc(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", time(NULL));
    tock__json_init(&j, &buf, 1);
    tock__json_begin(&j, NULL, '{');
    tock__json_string(&j, "schema", "tock.provenance/1");
    tock__json_string(&j, "run_id", S->run_id);
    tock__json_string(&j, "date_utc", date);
    tock__json_string(&j, "started_utc", S->started_iso);
    tock__json_string(&j, "tock_version", TOCK_VERSION_STRING);
    tock__json_begin(&j, "git", '{');
    tock__json_string(&j, "commit", TOCK_GIT_COMMIT);
    tock__json_bool(&j, "dirty", TOCK_GIT_DIRTY);
    tock__json_end(&j, '}');
    tock__json_begin(&j, "compiler", '{');
    tock__json_string(&j, "id", tock__compiler_id());
    tock__json_string(&j, "version", tock__compiler_version());
    tock__json_string(&j, "flags", TOCK_COMPILE_FLAGS);
    tock__json_string(&j, "note",
                      "compiler and version are those of the file that "
                      "defines TOCK_IMPLEMENTATION");
    tock__json_end(&j, '}');
    tock__json_string(&j, "arch", tock__arch());
    tock__json_u64(&j, "threads", (uint64_t)S->cfg.threads);
    tock__json_begin(&j, "cpu", '{');
    tock__json_string(&j, "model", p->ci.model);
    tock__json_string(&j, "flags", p->ci.flags);
    if (p->ncpu > 0)
        tock__json_u64(&j, "logical_cpus", (uint64_t)p->ncpu);
    else
        tock__json_string(&j, "logical_cpus", "unreadable");
    tock__json_string(&j, "governor", p->governor);
    tock__json_string(&j, "scaling_driver", p->driver);
    tock__json_string(&j, "boost", p->boost);
    tock__json_string(&j, "smt_active", p->smt_active);
    tock__json_string(&j, "smt_control", p->smt_control);
    tock__json_string(&j, "loadavg_at_start", p->loadavg);
    tock__json_end(&j, '}');
    tock__json_begin(&j, "kernel", '{');
    tock__json_string(&j, "sysname", p->un_ok ? p->un.sysname : "unreadable");
    tock__json_string(&j, "release", p->un_ok ? p->un.release : "unreadable");
    tock__json_string(&j, "version", p->un_ok ? p->un.version : "unreadable");
    tock__json_string(&j, "machine", p->un_ok ? p->un.machine : "unreadable");
    tock__json_string(&j, "clocksource", p->clocksource);
    tock__json_end(&j, '}');
    tock__json_begin(&j, "hypervisor", '{');
    tock__json_bool(&j, "cpuinfo_flag", p->ci.has_hypervisor_flag);
    tock__json_string(&j, "type", p->hyp_type);
    tock__json_end(&j, '}');
    const tock__timer *t = &S->timer;
    tock__json_begin(&j, "timer", '{');
    tock__json_string(&j, "source", tock__timer_name(t->source));
    tock__json_string(&j, "note", t->note);
    tock__json_double(&j, "frequency_hz", t->hz);
    tock__json_double(&j, "overhead_ns", t->overhead_ns);
    tock__json_double(&j, "resolution_ns", t->resolution_ns);
    tock__json_double(&j, "nominal_resolution_ns", t->nominal_resolution_ns);
    tock__json_double(&j, "min_sample_ns", t->min_sample_ns);
#if TOCK__COUNTER_KIND == 1
    tock__json_bool(&j, "constant_tsc", t->constant_tsc);
    tock__json_bool(&j, "nonstop_tsc", t->nonstop_tsc);
#endif
    if (t->cntfrq_hz > 0) tock__json_double(&j, "cntfrq_hz", t->cntfrq_hz);
    tock__json_end(&j, '}');
    tock__json_begin(&j, "user", '{');
    for (size_t i = 0; i < S->nprov; i++)
        tock__json_string(&j, S->prov_kv[2 * i], S->prov_kv[2 * i + 1]);
    tock__json_end(&j, '}');
    tock__json_end(&j, '}');
    int rc = tock__write_artifact(S, "provenance.json", &buf);
    tock__buf_free(&buf);
    return rc;
}
