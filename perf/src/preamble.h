/* tock.h - a single-header measurement framework for C benchmarks.
 *
 * It registers benchmarks, times them with an invariant cycle counter (or
 * CLOCK_MONOTONIC), samples linearly, estimates with an OLS slope and a seeded
 * percentile bootstrap, stops once the interval is tight enough, and writes a
 * self-describing run directory. It must never change what it measures: the
 * timed region holds the user's routine and two counter reads and nothing
 * else; it starts no threads unless a benchmark asks (.threads = n), depends
 * on nothing but libc (with POSIX threads) and libm, and must
 * never be built with fast-math optimisations (the statistics assume IEEE
 * arithmetic).
 *
 * ------------------------------------------------------------------------
 * Usage (stb style). In exactly one C file:
 *
 *     #define TOCK_IMPLEMENTATION
 *     #include "tock.h"          <- FIRST include of that file (see below)
 *
 *     static void add_loop(void *ctx, uint64_t iters) {
 *         uint64_t x = 1;
 *         for (uint64_t i = 0; i < iters; i++) x = tock_black_box_u64(x + 3);
 *         (void)ctx;
 *     }
 *     int main(int argc, char **argv) {
 *         static const tock_bench_def d = { .group = "demo", .name = "add",
 *                                           .routine = add_loop };
 *         if (tock_register(&d) < 0) return 2;
 *         return tock_main(argc, argv);
 *     }
 *
 * or register with the constructor macro and let TOCK_MAIN() write main:
 *
 *     TOCK_BENCH(demo, add) { ...body using ctx and iters... }
 *     TOCK_MAIN()
 *
 * Other files only `#include "tock.h"` for the declarations.
 *
 * Feature macros: the implementation uses POSIX.1-2008 (clock_gettime, fsync,
 * sigaction...). Under -std=c11 glibc hides those unless _POSIX_C_SOURCE is
 * defined before the first system header, so tock.h defines it itself when
 * TOCK_IMPLEMENTATION is set -- which only works if tock.h is the first
 * include of that file. Otherwise compile that file with
 * -D_POSIX_C_SOURCE=200809L (or -D_GNU_SOURCE); a clear #error says so.
 *
 * The routine contract. A benchmark routine is
 *     void routine(void *ctx, uint64_t iters);
 * and must run its body exactly `iters` times. The framework times the whole
 * call, so the per-iteration cost of the harness is zero: no indirect call,
 * no counter read, no bookkeeping per iteration. A body of one
 * tock_black_box_u64(i) measures the loop itself (~1 cycle, ~0.3 ns).
 * tock_main() measures, writes, and frees the registry: call it once.
 * Managed inputs (run_input, TOCK_BENCH_INPUT) are the exception: one
 * indirect call per input, the price of "use one input" (Criterion's
 * iter_batched pays the same closure call).
 *
 * Method (Criterion-like). Warm-up runs the routine with doubling iteration
 * counts until --warm-up-time has passed and yields an estimate e of ns/iter.
 * Sample i (i = 1..N) then runs i*d iterations, with d chosen so the N samples
 * fill 95% of --measurement-time and sample 1 lasts >= 1000 timer ticks (a tick
 * is the larger of the counter's step and the cost of one reading). The
 * typical time is the OLS slope through the origin of (iterations, ns); mean,
 * median, standard deviation and MAD are of the per-iteration times ns/iters.
 * Every estimate gets a percentile bootstrap interval (10,000 resamples by
 * default, xoshiro256** seeded from --seed and the benchmark id, so rerunning
 * the analysis gives identical bits). Outliers are classified with Tukey's
 * fences (1.5 and 3 IQR), counted and reported, never removed.
 * Adaptive stop: from sample 10 on, every 5th sample, once 10% of the budget
 * is spent, a 2,000-resample slope bootstrap checks whether the interval
 * half-width / slope <= --target-precision (a fraction). The 10% floor keeps
 * a fast routine from stopping on 10 samples taken within ~2 ms, a window
 * too short to see scheduler ticks (4 ms at HZ=250) or frequency changes.
 * Otherwise the benchmark ends when all N samples are taken or
 * the measurement budget is spent (at least 10 samples are always taken, so a
 * routine slower than budget/55 overruns the budget). tock_stop_decide() is
 * the pure decision function.
 * Epochs (--epochs E, default 4; --quick 2): a benchmark is measured in E
 * epochs, each with a fresh set-up and warm-up and 1/E of the budget, spread
 * over the run in passes over the suite (pass k measures epoch k of every
 * benchmark). Drift between passes (frequency, neighbours, page placement)
 * then shows up as spread between epochs, and the two-level bootstrap
 * (tock_stats_bootstrap_epochs: resample epochs, then samples within them)
 * puts it inside the interval, so two back-to-back runs agree within their
 * intervals. Stop reason "epoch_spread": the epochs disagree by more than
 * the target allows.
 * Memory (opt-in, TOCK_COUNT_ALLOCATIONS before the implementation): glibc's
 * malloc family is wrapped to count live bytes and calls; per benchmark
 * summary.json "memory" gives the heap peak during a timed call above what
 * it started with, allocations per iteration, the heap its set-up left, and
 * the process's max RSS (null where not counted; off under ASan/TSan).
 * Grids (tock_register_grid): named integer axes x repeats x routines, each
 * point a benchmark; sweeps/<name>.csv and .jsonl after the run.
 * Scaling (tock_fit_scaling): every group of numeric parameters with >= 3
 * distinct values gets its cost per unit (parameter_unit) with an interval,
 * the log-log exponent and a complexity class, on the console, in REPORT.md
 * ("## Scaling") and in summary.json ("fits", "crossovers").
 *
 * Run directory: <--out>/<UTC YYYYmmddTHHMMSSZ>-<TOCK_GIT_COMMIT>[-k]/, created
 * (and so checked writable) before anything is measured. Every file is
 * written to name.tmp.<pid>, fsync'ed and renamed into place.
 *   samples/<id, '/' -> '_'>.csv  "iterations,ns", one row per sample; written
 *                                 as soon as that benchmark completes
 *   provenance.json  commit, dirty, compiler, flags, CPU, kernel, governor,
 *                    boost, SMT, hypervisor, load, timer (source, frequency,
 *                    overhead, resolution), date, tock_provenance_set() keys
 *   summary.json     {"schema": "tock.summary/1", "benchmarks": [...]}: per
 *                    id typical (the slope), mean, median, std_dev, mad as
 *                    {point, lower, upper} in ns, min, samples, iterations,
 *                    outliers, throughput, stop_reason, precision, ratios
 *                    memory, epochs; "fits" and "crossovers" (scaling)
 *   summary.csv      the same numbers, one row per benchmark (with the
 *                    change, p-values and verdict when comparing)
 *   REPORT.md        provenance summary, the latency table (a change
 *                    column when comparing), scaling lines, sweeps
 *   sweeps/<name>.csv, .jsonl  one row per grid point (grids)
 *   manifest.json    written last: status "complete" or "interrupted", the
 *                    config (compact JSON) and its FNV-1a 64 hash, and every
 *                    other file with its size and FNV-1a 64 hash. A run
 *                    directory without manifest.json is incomplete (killed).
 *   manifest.fnv1a64 right after it: manifest.json's own FNV-1a 64, one line
 *                    "<16 hex digits>  manifest.json". tock-report --validate
 *                    checks every listed file, this hash, and that nothing
 *                    unlisted is there. The hashes catch accidents (a
 *                    truncated copy, an edit), not tampering: anyone can
 *                    recompute them, so they are no signature.
 * JSON numbers are the shortest of %.15g/%.16g/%.17g that reads back exactly;
 * non-finite values are written as null.
 *
 *   COMPARE.md       with --baseline/--load-baseline/--ab: ready to paste into
 *                    a pull request; changed benchmarks first, then a count
 *   ab/round-NNN-{A,B}.txt  with --ab: each worker's output (baseline format)
 *
 * Baselines and the regression gate. --save-baseline NAME writes
 * <dir>/NAME/baseline.txt (format: see "baseline files" below; <dir> is
 * --baseline-dir, else baselines/ beside --out's last component, so the
 * default is results/baselines). --baseline NAME compares each measured
 * benchmark with its samples there; --load-baseline NEW --baseline OLD
 * compares two saved runs without measuring (Criterion's semantics). Per
 * benchmark: the relative change new/old - 1 of the typical time (slope)
 * and of the median per-iteration time, each with a percentile interval
 * from a two-level bootstrap of both runs (epochs, then samples within
 * them: tock_compare_epochs), and its bootstrap p-value. Across the suite
 * the p-values are adjusted by Benjamini-Hochberg (--no-fdr: raw).
 * Verdict (the margin rule, tock_change_decide_margin): regressed when the
 * whole interval of the median change lies above --max-regression (0.05),
 * inconclusive when it straddles it; below it, improved / within noise /
 * no change / within margin by the adjusted p < --significance-level (0.05)
 * and the +-1% --noise-threshold. --max-regression 0: the noise-band rule
 * (tock_change_decide). A benchmark only one side has is "new" or
 * "removed", never judged.
 * Paired A/B (--ab OTHER): this program (A, the candidate) and OTHER (B, the
 * reference) run as child processes (--ab-worker) in ABBA order, sequentially:
 * first judged after --ab-rounds (20) rounds, then every 10, at a stricter
 * level, and stopped once the margin decides, at most --ab-max-rounds
 * (300; see tock_ab_settle), all within --ab-budget (300 s; its end is
 * the last look, undecided is inconclusive: exit 0, 1 with --strict);
 * --ab-first IDS times those first; each benchmark is judged on the per-round log
 * ratios of the lower quartile of the per-iteration times (robust to the
 * interference that only ever adds time): Hodges-Lehmann change with its
 * distribution-free interval, Wilcoxon signed-rank p-value; same verdict
 * rule. Machine fingerprint: arch, cpu_model, compiler, flags, threads and
 * the user key isa_dispatched are stored in a baseline; a difference is a
 * warning naming the key (--strict-env: exit 2). Measured false-alarm and
 * detection rates: tests/perf/test_gate_sim.c (simulated), tools/gate/
 * trials.sh (this machine).
 * Instruction counts (--measure instructions): the program re-runs itself
 * under valgrind's callgrind (TOCK_VALGRIND or valgrind on PATH; the client
 * requests of <valgrind/callgrind.h> are compiled in when that header
 * exists) at 1 thread and reports per iteration Ir, Dr, Dw, I1mr, D1mr,
 * D1mw, ILmr, DLmr, DLmw and est. cycles = Ir + 10 x L1 misses + 100 x LL
 * misses (iai-callgrind's weights). Counts repeat exactly; their
 * comparisons (--baseline, --load-baseline, --ab) are exact, with
 * --count-threshold (0.005) on est. cycles.
 *
 * Exit status of tock_main: 0 ok, 1 a benchmark failed (set-up error) or a
 * comparison found a regression (with --strict: or was inconclusive), 2
 * usage or input error (bad flag, missing, truncated or malformed baseline,
 * --strict-env difference), 128 + N stopped by
 * signal N (130 SIGINT, 143 SIGTERM, 129 SIGHUP: completed benchmarks are
 * kept and the run is marked interrupted).
 */

#if defined(TOCK_IMPLEMENTATION) && !defined(_POSIX_C_SOURCE) && !defined(_XOPEN_SOURCE) &&        \
    !defined(_GNU_SOURCE) && !defined(_DEFAULT_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
