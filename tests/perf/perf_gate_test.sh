#!/usr/bin/env bash
# perf_gate_test.sh - tools/perf-gate.sh end to end on a temporary git
# repository holding a tiny outside project (two benchmarks over perf/tock.h)
# in two commits, the second with an injected 4x slowdown of one benchmark:
#   - HEAD against itself (an A/A) passes: exit 0, no failure in junit.xml;
#   - the slowed commit against its parent exits 1, junit.xml has a failure
#     for the slowed benchmark only, COMPARE.md names it regressed;
#   - the temporary worktrees are gone afterwards; a bad ref exits 2.
# Usage: perf_gate_test.sh REPO_ROOT WORK_DIR   (label slow: ~1-3 min)
set -euo pipefail
root=$1
work=$2
rm -rf "$work"
mkdir -p "$work/repo"
cd "$work/repo"
git init -q
git config user.email gate@example.invalid
git config user.name gate
cp "$root/perf/tock.h" .
cat >CMakeLists.txt <<'CM'
cmake_minimum_required(VERSION 3.16)
project(demo C)
add_executable(bench bench.c)
target_link_libraries(bench m)
CM
cat >bench.c <<'SRC'
#define TOCK_IMPLEMENTATION
#include "tock.h"

#include <string.h>

#define REPEAT 1 /* the slowed commit raises it */

static unsigned data[512];
static char src[4096], dst[4096];

static void sum(void *ctx, uint64_t iters) {
    (void)ctx;
    for (uint64_t i = 0; i < iters; i++)
        for (int r = 0; r < REPEAT; r++) {
            unsigned s = 0;
            for (int k = 0; k < 512; k++) s += tock_black_box_u64(data[k]);
            tock_black_box_u64(s);
        }
}

static void copy(void *ctx, uint64_t iters) {
    (void)ctx;
    for (uint64_t i = 0; i < iters; i++) {
        memcpy(dst, src, sizeof dst);
        tock_black_box(dst);
    }
}

int main(int argc, char **argv) {
    tock_bench_def a = {.group = "demo", .name = "sum", .routine = sum};
    tock_bench_def b = {.group = "demo", .name = "copy", .routine = copy};
    if (tock_register(&a) != 0 || tock_register(&b) != 0) return 2;
    return tock_main(argc, argv);
}
SRC
git add .
git commit -qm "demo: two benchmarks"
sed -i 's/^#define REPEAT 1 /#define REPEAT 4 /' bench.c
git commit -qam "demo: sum does its work four times"

fail=0
check() { # check WHAT COMMAND...
    if "${@:2}"; then echo "  ok    $1"; else echo "  FAIL  $1"; fail=1; fi
}
gate() { # gate OUT BASE HEAD -> exit status
    set +e
    TOCK_GATE_TARGET=bench TOCK_GATE_OUT="$work/$1" \
        TOCK_GATE_ARGS="--ab-rounds 6 --ab-budget 40" "$root/tools/perf-gate.sh" "$2" "$3" \
        >"$work/$1.out" 2>"$work/$1.err"
    local s=$?
    set -e
    return $s
}

echo "A/A: HEAD against itself passes"
s=0
gate aa HEAD HEAD || s=$?
check "A/A exit 0 (got $s)" test "$s" -eq 0
check "A/A junit.xml has two testcases" grep -q 'tests="2" failures="0"' "$work/aa/junit.xml"
check "A/A COMPARE.md written" grep -q '0 regressed' "$work/aa/COMPARE.md"

echo "the slowed commit against its parent fails on demo/sum only"
s=0
gate slow HEAD~1 HEAD || s=$?
check "slowed exit 1 (got $s)" test "$s" -eq 1
check "junit.xml: one failure" grep -q 'failures="1"' "$work/slow/junit.xml"
check "junit.xml: demo/sum failed" \
    grep -q '<testcase classname="tock" name="demo/sum"><failure type="regression"' \
    "$work/slow/junit.xml"
check "junit.xml: demo/copy did not" \
    grep -q '<testcase classname="tock" name="demo/copy"></testcase>\|name="demo/copy"><skipped' \
    "$work/slow/junit.xml"
check "COMPARE.md: demo/sum regressed" grep -q '| demo/sum | regressed |' "$work/slow/COMPARE.md"

echo "worktrees removed; a bad ref is a usage error"
check "only the main worktree is left" test "$(git worktree list | wc -l)" -eq 1
s=0
gate bad no-such-ref HEAD || s=$?
check "bad ref exit 2 (got $s)" test "$s" -eq 2
check "bad ref named" grep -q "'no-such-ref' is not a commit" "$work/bad.err"
if [ "$fail" -ne 0 ]; then
    for f in aa slow; do
        echo "--- $f.out"
        cat "$work/$f.out"
        echo "--- $f.err"
        cat "$work/$f.err"
    done
fi
exit "$fail"
