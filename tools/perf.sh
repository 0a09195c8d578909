#!/usr/bin/env bash
# tools/perf.sh: README's measurement command. Configures the Release build in
# build/release, builds the perf suite (target tock-perf) and runs
# build/release/perf/tock-perf with this script's arguments from the
# repository root; the suite writes results/runs/<UTC timestamp>-<commit>/
# with REPORT.md, and this script prints the report's absolute path alone on
# the last line of stdout. While the suite does not exist yet (no tock-perf
# target in the CMake project), it builds and runs tools/loopbench instead,
# says so, and writes the same kind of run folder itself. It must never change tracked files and never run the
# test suite. Figures need a quiet machine: close other heavy work first.
#
# Exit codes: those of tock-perf (0 ok, 1 regression, 2 usage) or loopbench;
# 2 also for missing packages this user cannot install; 1 a build failure.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: tools/perf.sh [--help] [--] [ARGS...]
Builds build/release (Release -O2), runs build/release/perf/tock-perf ARGS...
from the repository root and prints the path of the REPORT.md it wrote under
results/runs/. Until the perf suite exists, runs build/release/tools/loopbench
ARGS... instead (its flags: --threads N, --isa NAME, --quick) and writes
results/runs/<UTC timestamp>-<commit>/REPORT.md from its output.
"tools/perf.sh -- --help" passes --help on to the program.
USAGE
}

if [[ $# -gt 0 ]]; then
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --) shift ;;
  esac
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

deps_rc=0
tools/deps.sh perf || deps_rc=$?
if [[ $deps_rc -ne 0 ]]; then
  exit "$deps_rc"
fi

jobs="${TOCK_JOBS:-2}"
dir=build/release
gen=()
if [[ ! -f "$dir/CMakeCache.txt" ]] && command -v ninja >/dev/null 2>&1; then
  gen=(-G Ninja)
fi
# Progress goes to stderr so that stdout ends with the report path.
cmake -S "$root" -B "$dir" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release >&2

# Does the configured project define tock-perf? Both the Ninja and the
# Makefile generators list every target's folder in TargetDirectories.txt.
has_target() {
  grep -qE "/$1\.dir\$" "$dir/CMakeFiles/TargetDirectories.txt" 2>/dev/null
}

commit="unknown"
if command -v git >/dev/null 2>&1; then
  commit="$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
  if [[ "$commit" != unknown ]] && [[ -n "$(git -C "$root" status --porcelain \
        --untracked-files=no 2>/dev/null)" ]]; then
    commit="$commit-dirty"
  fi
fi

marker="$(mktemp)"
trap 'rm -f "$marker"' EXIT

if has_target tock-perf; then
  cmake --build "$dir" --target tock-perf tock-report -j "$jobs" >&2
  # The agreed place is build/release/perf/tock-perf; a suite that keeps the
  # default output folder of its own subdirectory is found there instead.
  exe="$dir/perf/tock-perf"
  if [[ ! -x "$exe" ]]; then
    exe="$(find "$dir/perf" -type f -name tock-perf -perm -u+x 2>/dev/null | sort | head -n 1)"
  fi
  if [[ -z "$exe" ]]; then
    echo "tools/perf.sh: built tock-perf but found no executable under $dir/perf" >&2
    exit 1
  fi
  # The run folder's parent: results/runs unless --out says otherwise.
  outdir=results/runs
  prev=""
  for a in "$@"; do
    case "$a" in
      --out=*) outdir="${a#--out=}" ;;
      *) [[ "$prev" == --out ]] && outdir="$a" ;;
    esac
    prev="$a"
  done
  rc=0
  "$exe" "$@" || rc=$?
  report="$(find "$outdir" -name REPORT.md -newer "$marker" 2>/dev/null |
            sort | tail -n 1 || true)"
  if [[ -z "$report" ]]; then
    if [[ $rc -eq 0 ]]; then
      # --help, --list, --version: nothing measured, nothing to point at.
      echo "tools/perf.sh: tock-perf wrote no report (nothing measured)" >&2
      exit 0
    fi
    echo "tools/perf.sh: tock-perf exited $rc and wrote no $outdir/*/REPORT.md" >&2
    exit "$rc"
  fi
  if [[ -x "$dir/tools/report/tock-report" ]]; then
    "$dir/tools/report/tock-report" "$(dirname "$report")" >&2 ||
      echo "tools/perf.sh: tock-report could not write REPORT.html (see above)" >&2
  fi
  [[ "$report" == /* ]] || report="$root/$report"
  echo "$report"
  exit "$rc"
fi

echo "tools/perf.sh: the perf suite (target tock-perf) does not exist yet;" \
     "running tools/loopbench instead (issue 2's ratios)" >&2
cmake --build "$dir" --target loopbench -j "$jobs" >&2

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
run="results/runs/$stamp-$commit"
n=1
while [[ -e "$run" ]]; do
  n=$((n + 1))
  run="results/runs/$stamp-$commit-$n"
done
mkdir -p "$run"

out="$run/loopbench.txt"
rc=0
"$dir/tools/loopbench" "$@" >"$out" || rc=$?
cat "$out"
if ! grep -q '^# loopbench' "$out"; then
  rm -rf "$run"
  echo "tools/perf.sh: loopbench exited $rc before measuring; no report written" >&2
  exit $((rc == 0 ? 1 : rc))
fi

cpu="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || true)"
{
  echo "# tock speed report (tools/loopbench fallback)"
  echo
  echo "The perf suite (target tock-perf) did not exist in this tree, so this"
  echo "report is tools/loopbench's output: minima of timed loops, no"
  echo "confidence intervals."
  echo
  echo "- commit: $commit"
  echo "- date (UTC): $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- machine: ${cpu:-unknown CPU}, $(nproc 2>/dev/null || echo '?') CPUs, $(uname -srm)"
  echo "- compiler: $(grep -m1 '^CMAKE_C_COMPILER:' "$dir/CMakeCache.txt" | sed 's/.*=//')" \
       "($("$(grep -m1 '^CMAKE_C_COMPILER:' "$dir/CMakeCache.txt" | sed 's/.*=//')" \
         --version 2>/dev/null | head -n 1))"
  echo "- command: tools/perf.sh $*"
  echo "- loopbench exit code: $rc"
  echo
  sed -n '/^# loopbench/,$p' "$out" | sed '1,2d'
} >"$run/REPORT.md"

echo "tools/perf.sh: loopbench fallback (no tock-perf target yet)" >&2
echo "$root/$run/REPORT.md"
exit "$rc"
