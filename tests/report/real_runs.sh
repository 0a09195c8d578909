#!/usr/bin/env bash
# tests/report/real_runs.sh: the real run directories that report.validate
# and report.fuzz check (ctest fixture report_real_runs). Two quick runs of
# tests/report/grid_example.c, each moved to a fixed name: WORK_DIR/grid (a
# 3-axis sweep, fitted groups, a plain benchmark: samples, sweeps,
# REPORT.md, summary.csv) and WORK_DIR/ab (a paired A/B of the plain
# benchmark against the same program, two rounds: COMPARE.md and
# ab/round-*.txt as well). No check here depends on a measured time.
#
# usage: real_runs.sh PATH/TO/grid_example WORK_DIR
# Last line: "N passed, N failed"; exit 0 when nothing failed.
set -uo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 PATH/TO/grid_example WORK_DIR" >&2
  exit 2
fi
grid_example="$1"
# shellcheck source=harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
fresh_work "$2"

# one_run NAME ARGS...: grid_example ARGS into $work/NAME.out, its one run
# directory moved to $work/NAME
one_run() {
  local name="$1"; shift
  if "$grid_example" "$@" --out "$work/$name.out" >"$work/$name.log" 2>&1; then
    local run
    run="$(find "$work/$name.out" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
    if [[ -n "$run" ]] && mv "$run" "$work/$name"; then
      ok "$name: $(basename "$run")"
      return
    fi
  fi
  bad "$name: grid_example $* failed (log: $work/$name.log)"
}
echo "a quick run of the grid example"
one_run grid --quick
echo "a paired A/B run of its plain benchmark (COMPARE.md, ab/ rounds)"
one_run ab --quick --ab "$grid_example" --ab-rounds 2 --ab-max-rounds 2 plain
for run in "$work/grid" "$work/ab"; do
  line="$(cat "$run/manifest.fnv1a64" 2>/dev/null)"
  if [[ "$line" =~ ^[0-9a-f]{16}\ \ manifest\.json$ && \
        "$(wc -l <"$run/manifest.fnv1a64")" -eq 1 ]]; then
    ok "$(basename "$run")/manifest.fnv1a64 is one line: $line"
  else
    bad "$(basename "$run")/manifest.fnv1a64: expected '<16 hex>  manifest.json', found '$line'"
  fi
done
finish
