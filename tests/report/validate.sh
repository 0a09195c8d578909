#!/usr/bin/env bash
# tests/report/validate.sh: tock-report --validate on the real runs that
# real_runs.sh wrote (fixture report_real_runs). A fresh run validates
# (exit 0), also after tock-report rendered REPORT.html into it; then, each
# on a fresh copy: REPORT.md edited, summary.csv deleted, a stray file added,
# manifest.json edited, COMPARE.md edited and an A/B round deleted each give
# exit 1 naming the file, and a directory without manifest.json exits 2.
# --validate reads only bytes, so nothing here depends on a measured time.
#
# usage: validate.sh PATH/TO/tock-report REAL_RUNS_DIR WORK_DIR
# Last line: "N passed, N failed"; exit 0 when nothing failed.
set -uo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: $0 PATH/TO/tock-report REAL_RUNS_DIR WORK_DIR" >&2
  exit 2
fi
report="$1"
real="$2"
# shellcheck source=harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
fresh_work "$3"

grid="$real/grid"
ab="$real/ab"
if [[ ! -f "$grid/manifest.json" || ! -f "$ab/manifest.json" ]]; then
  bad "no real runs under $real (report.real_runs must run first)"
  finish
fi

# expect STATUS NEEDLE DIR: tock-report --validate DIR exits STATUS and its
# output (stdout for 0, stderr otherwise) contains NEEDLE
expect() {
  local want="$1" needle="$2" dir="$3" rc=0
  "$report" --validate "$dir" >"$work/out.txt" 2>"$work/err.txt" || rc=$?
  local text="$work/err.txt"
  [[ "$want" -eq 0 ]] && text="$work/out.txt"
  if [[ "$rc" -eq "$want" ]] && grep -qF -- "$needle" "$text"; then
    ok "exit $rc, says: $needle"
  else
    bad "exit $rc (expected $want); output lacks '$needle':"
    sed 's/^/        /' "$work/out.txt" "$work/err.txt" | head -n 20
  fi
}

# fresh NAME SRC: a copy of the run SRC as $work/NAME, in $copy
fresh() {
  copy="$work/$1"
  rm -rf "$copy"
  cp -a "$2" "$copy"
}

for src in "$grid" "$ab"; do
  echo "a fresh run validates: $(basename "$src")"
  expect 0 "valid (run complete)" "$src"
done

echo "after tock-report rendered REPORT.html (and REPORT.html.fnv1a64) into it"
fresh rendered "$grid"
if "$report" "$copy" >/dev/null 2>"$work/render.err" && [[ -s "$copy/REPORT.html.fnv1a64" ]]; then
  ok "rendered, with REPORT.html.fnv1a64"
else
  bad "tock-report did not render with its hash file: $(cat "$work/render.err")"
fi
expect 0 "REPORT.html matches REPORT.html.fnv1a64" "$copy"

echo "REPORT.md edited"
fresh report_md "$grid"
echo "edited" >>"$copy/REPORT.md"
expect 1 "REPORT.md: changed" "$copy"

echo "summary.csv deleted"
fresh summary_csv "$grid"
rm "$copy/summary.csv"
expect 1 "summary.csv: missing" "$copy"

echo "a stray file"
fresh stray "$grid"
echo "stray" >"$copy/sweeps/notes.txt"
expect 1 "sweeps/notes.txt: unlisted" "$copy"

echo "manifest.json edited (still valid JSON)"
fresh manifest "$grid"
sed -i 's/"exit_code": 0/"exit_code": 3/' "$copy/manifest.json"
expect 1 "manifest.json: changed" "$copy"

echo "COMPARE.md edited"
fresh compare_md "$ab"
echo "edited" >>"$copy/COMPARE.md"
expect 1 "COMPARE.md: changed" "$copy"

echo "an A/B round deleted"
fresh round "$ab"
rm "$copy/ab/round-001-A.txt"
expect 1 "ab/round-001-A.txt: missing" "$copy"

echo "no manifest.json: not a run directory"
fresh no_manifest "$grid"
rm "$copy/manifest.json"
expect 2 "not a run directory" "$copy"

echo "tock-report's own outputs agree with the run (--format csv is the run's numbers)"
rc=0
"$report" "$grid" --format csv >"$work/export.csv" 2>"$work/export.err" || rc=$?
rows="$(($(grep -c $'\r$' "$work/export.csv") - 1))"
nrec="$(grep -c '"samples_file"' "$grid/summary.json")"
if [[ "$rc" -eq 0 && "$rows" -eq "$nrec" ]]; then
  ok "--format csv: $rows rows for $nrec benchmarks"
else
  bad "--format csv exited $rc with $rows rows for $nrec benchmarks"
fi
finish
