#!/usr/bin/env bash
# perf-gate.sh - the pull-request performance check: builds BASE_REF and
# HEAD_REF (default HEAD) of this repository in their own temporary git
# worktrees, runs the paired gate (`HEAD's program --ab BASE's program`),
# and leaves COMPARE.md, junit.xml and the gate's log in the output
# directory. Exit status: the gate's (0 pass, 1 regressed -- or
# inconclusive with --strict in TOCK_GATE_ARGS --, 2 usage or build error).
# It never touches the caller's checkout: the worktrees are detached and
# removed on exit.
#
# Usage: tools/perf-gate.sh BASE_REF [HEAD_REF]
# Environment (all optional):
#   TOCK_GATE_TARGET      the benchmark program's CMake target (tock-perf)
#   TOCK_GATE_CMAKE_ARGS  configure arguments (-DCMAKE_BUILD_TYPE=Release)
#   TOCK_GATE_ARGS        extra gate arguments, e.g. "--ab-budget 600 --strict"
#                         or a FILTER
#   TOCK_GATE_MEASURE     passed as --measure VALUE when the program's --help
#                         lists --measure; unset: plain --ab, which runs the
#                         program's default (instruction counts first when
#                         that mode exists and valgrind is present, then the
#                         timed rounds)
#   TOCK_GATE_OUT         output directory (results/gate)
set -euo pipefail

usage() {
    echo "usage: tools/perf-gate.sh BASE_REF [HEAD_REF]  (see the header of this script)" >&2
    exit 2
}
if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage; fi
case "$1" in -h | --help) sed -n '2,22p' "$0"; exit 0 ;; esac
base_ref=$1
head_ref=${2:-HEAD}
target=${TOCK_GATE_TARGET:-tock-perf}
cmake_args=${TOCK_GATE_CMAKE_ARGS:--DCMAKE_BUILD_TYPE=Release}
out=${TOCK_GATE_OUT:-results/gate}

repo=$(git rev-parse --show-toplevel 2>/dev/null) || {
    echo "perf-gate.sh: not inside a git repository" >&2
    exit 2
}
for ref in "$base_ref" "$head_ref"; do
    git -C "$repo" rev-parse --verify --quiet "$ref^{commit}" >/dev/null || {
        echo "perf-gate.sh: '$ref' is not a commit of $repo" >&2
        exit 2
    }
done
mkdir -p "$out"
out=$(cd "$out" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/perf-gate.XXXXXX")
cleanup() {
    for side in base head; do
        [ -d "$tmp/$side" ] && git -C "$repo" worktree remove --force "$tmp/$side" >/dev/null 2>&1
    done
    git -C "$repo" worktree prune >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
jobs=$(nproc 2>/dev/null || echo 2)

# build SIDE REF -> path of the program
build() {
    local side=$1 ref=$2 src="$tmp/$1"
    git -C "$repo" worktree add --detach --quiet "$src" "$ref"
    echo "perf-gate.sh: building $target at $ref ($(git -C "$src" rev-parse --short HEAD))" >&2
    # shellcheck disable=SC2086 # TOCK_GATE_CMAKE_ARGS is a list of words
    if ! cmake -S "$src" -B "$tmp/build-$side" "${generator[@]}" $cmake_args \
        >"$out/build-$side.log" 2>&1 ||
        ! cmake --build "$tmp/build-$side" --target "$target" -j "$jobs" \
            >>"$out/build-$side.log" 2>&1; then
        echo "perf-gate.sh: building $ref failed; see $out/build-$side.log" >&2
        exit 2
    fi
    local prog
    prog=$(find "$tmp/build-$side" -type f -name "$target" -perm -u+x | head -n 1)
    [ -n "$prog" ] || {
        echo "perf-gate.sh: no program '$target' in the build of $ref" >&2
        exit 2
    }
    # the worktree goes, the program stays: copy it out of the build tree
    cp "$prog" "$tmp/$target-$side"
    echo "$tmp/$target-$side"
}
base_prog=$(build base "$base_ref")
head_prog=$(build head "$head_ref")

gate=(--ab "$base_prog" --out "$out/runs")
if [ -n "${TOCK_GATE_MEASURE:-}" ]; then
    if "$head_prog" --help 2>/dev/null | grep -q -- '--measure'; then
        gate+=(--measure "$TOCK_GATE_MEASURE")
    else
        echo "perf-gate.sh: $target has no --measure; TOCK_GATE_MEASURE ignored" >&2
    fi
fi
# shellcheck disable=SC2206 # TOCK_GATE_ARGS is a list of words
extra=(${TOCK_GATE_ARGS:-})
echo "perf-gate.sh: $head_ref against $base_ref: $target ${gate[*]} ${extra[*]}" >&2
set +e
(cd "$tmp" && "$head_prog" "${gate[@]}" "${extra[@]}") | tee "$out/gate.log"
status=${PIPESTATUS[0]}
set -e

run=$(sed -n 's/^tock: wrote //p' "$out/gate.log" | tail -n 1)
if [ -z "$run" ] || [ ! -f "$run/summary.json" ]; then
    echo "perf-gate.sh: the gate wrote no run (exit status $status); see $out/gate.log" >&2
    [ "$status" -eq 0 ] && status=2
    exit "$status"
fi
cp "$run/COMPARE.md" "$out/COMPARE.md"

# junit.xml from summary.json (tock's own writer: one key per line): one
# testcase per benchmark, a failure for "regressed" in time or in the count
# stage (comparison.count_stage), skipped for new, removed and inconclusive
awk -v suite="perf-gate $head_ref vs $base_ref" '
function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s);
                  gsub(/"/, "\\&quot;", s); return s }
function val(line) { sub(/^[^:]*: "/, "", line); sub(/",?[ \t]*$/, "", line); return line }
function add(id, verdict) { n++; ids[n] = id; verdicts[n] = verdict }
/^          "id": "/ { ccur = val($0); next }
/^          "verdict": "/ { if (val($0) == "regressed") creg[ccur] = 1; next }
/^    "(new|removed)": \[\]/ { next }
/^    "(new|removed)": \[/ { list = ($0 ~ /"new"/) ? "new" : "removed"; next }
list != "" && /^    \]/ { list = ""; next }
list != "" { s = $0; sub(/^[ \t]*"/, "", s); sub(/",?[ \t]*$/, "", s); add(s, list); next }
/^  "benchmarks": \[/ { inb = 1; next }
inb && /^      "id": "/ { cur = val($0); next }
inb && /^        "verdict": "/ { add(cur, val($0)); next }
END {
    for (i = 1; i <= n; i++) {
        if (ids[i] in creg && verdicts[i] != "regressed") verdicts[i] = "regressed in counts"
        if (verdicts[i] ~ /^regressed/) nfail++
        else if (verdicts[i] == "new" || verdicts[i] == "removed" || verdicts[i] == "inconclusive") nskip++
    }
    printf "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    printf "<testsuites>\n<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" skipped=\"%d\">\n",
           esc(suite), n, nfail, nskip
    for (i = 1; i <= n; i++) {
        printf "  <testcase classname=\"tock\" name=\"%s\">", esc(ids[i])
        if (verdicts[i] ~ /^regressed/)
            printf "<failure type=\"regression\" message=\"%s: see COMPARE.md\">verdict %s</failure>", verdicts[i], verdicts[i]
        else if (verdicts[i] == "new" || verdicts[i] == "removed" || verdicts[i] == "inconclusive")
            printf "<skipped message=\"%s\"/>", verdicts[i]
        printf "</testcase>\n"
    }
    printf "</testsuite>\n</testsuites>\n"
}' "$run/summary.json" >"$out/junit.xml.tmp"
mv "$out/junit.xml.tmp" "$out/junit.xml"
echo "perf-gate.sh: wrote $out/COMPARE.md and $out/junit.xml (run $run); exit status $status" >&2
exit "$status"
