#!/usr/bin/env bash
# tools/perf.sh: README's measurement command. Configures the Release build in
# build/release, builds the perf suite (target tock-perf) and runs
# build/release/perf/tock-perf with this script's arguments from the
# repository root; the suite writes results/runs/<UTC timestamp>-<commit>/
# with REPORT.md, and this script prints the report's absolute path alone on
# the last line of stdout, after rendering REPORT.html with tock-report. It
# must never change tracked files and never run the test suite. Figures need a quiet machine: close other heavy work first.
#
# Exit codes: those of tock-perf (0 ok, 1 regression, 2 usage);
# 2 also for missing packages this user cannot install; 1 a build failure.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: tools/perf.sh [--help] [--] [ARGS...]
Builds build/release (Release -O2), runs build/release/perf/tock-perf ARGS...
from the repository root and prints the path of the REPORT.md it wrote under
results/runs/, after rendering REPORT.html beside it with tock-report.
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

echo "tools/perf.sh: $dir has no tock-perf target (configured with TOCK_BUILD_KERNELS=OFF?)" >&2
exit 1
