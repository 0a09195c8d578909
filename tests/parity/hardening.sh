#!/usr/bin/env bash
# hardening.sh: the hostile trial's reproductions against tock-parity's
# command line, each a check that failed before the fix.
#   fast MODE (parity.hardening): refusals that must come at once, before
#     anything is configured, built or run: output paths that exist and are
#     not regular files (a symbolic link to /dev/stdout, to a file, a FIFO, a
#     directory), output paths that cannot be created (/proc/x.json, the
#     whole --quick matrix must not run first), --against and --golden
#     inputs that are not regular files or are too large, and numeric flags
#     that are not numbers in range (nan, 2.5, 1.5, -1, 1e3, inf, " 2").
#     Every refusal: exit 2, a message naming the flag and what was found,
#     no "N passed" line, no build directory, the target untouched.
#   matrix MODE (parity.hardening_matrix): one real run in which a build
#     fails (compiler "false") next to one that works: exit 2 and the
#     closing "N passed, N failed" line must count the failure (it used to
#     say "361 passed, 0 failed"), and --emit - must write the hashes, and
#     only them, to standard output.
# usage: hardening.sh fast TOCK_PARITY SOURCE WORK
#        hardening.sh matrix TOCK_PARITY SOURCE WORK MATRIX_BUILD_DIR
set -u

mode=${1:-}
tp=${2:-}
src=${3:-}
work=${4:-}
if [[ -z "$tp" || -z "$src" || -z "$work" || ( "$mode" != fast && "$mode" != matrix ) ]]; then
  echo "usage: hardening.sh fast|matrix TOCK_PARITY SOURCE WORK [MATRIX_BUILD_DIR]" >&2
  exit 2
fi
rm -rf "$work"
mkdir -p "$work"
failures=0
checks=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# refused LABEL NEEDLE... -- ARGS...: tock-parity ARGS must exit 2 within 30 s
# without starting the matrix, and its standard error must contain every
# NEEDLE (fixed strings).
refused() {
  local label="$1"
  shift
  local needles=()
  while [[ "$1" != -- ]]; do
    needles+=("$1")
    shift
  done
  shift
  checks=$((checks + 1))
  local out="$work/out.txt" err="$work/err.txt" rc=0 start=$SECONDS
  timeout 30 "$tp" --source "$src" --build-dir "$work/build" --results "$work/results" "$@" \
    >"$out" 2>"$err" </dev/null || rc=$?
  local took=$((SECONDS - start))
  if [[ $rc -ne 2 ]]; then
    fail "$label: expected exit 2, found $rc (after $took s)"
  fi
  for n in "${needles[@]}"; do
    grep -qF -- "$n" "$err" || fail "$label: the message lacks '$n'"
  done
  if grep -qE '^tock-parity \(|[0-9]+ passed, [0-9]+ failed' "$out"; then
    fail "$label: the matrix was started or a result line printed"
  fi
  if [[ -e "$work/build" ]]; then
    fail "$label: the build directory $work/build was created"
    rm -rf "$work/build"
  fi
  if [[ $took -gt 20 ]]; then
    fail "$label: took $took s (refusals must come before anything runs)"
  fi
  echo "--- $label: exit $rc: $(head -c 300 "$err" | tr '\n' ' ')"
}

if [[ $mode == fast ]]; then
  # ---- a: output paths that exist and are not regular files ----
  ln -s /dev/stdout "$work/stdout-link"
  refused "--emit symlink to /dev/stdout" "--emit $work/stdout-link" "symbolic link" \
    -- --quick --emit "$work/stdout-link"
  [[ -L "$work/stdout-link" && "$(readlink "$work/stdout-link")" == /dev/stdout ]] ||
    fail "--emit symlink: the symbolic link was replaced"

  echo "precious" >"$work/precious.txt"
  ln -s "$work/precious.txt" "$work/file-link"
  refused "--emit symlink to a file" "--emit $work/file-link" "symbolic link" \
    -- --quick --isa scalar --threads 1 --emit "$work/file-link"
  [[ -L "$work/file-link" && "$(cat "$work/precious.txt")" == precious ]] ||
    fail "--emit symlink to a file: the link or its target changed"

  mkfifo "$work/fifo"
  refused "--emit FIFO" "--emit $work/fifo" "FIFO" \
    -- --quick --isa scalar --threads 1 --emit "$work/fifo"
  [[ -p "$work/fifo" ]] || fail "--emit FIFO: the FIFO was replaced"

  mkdir "$work/adir"
  refused "--emit directory" "--emit $work/adir" "directory" \
    -- --quick --isa scalar --threads 1 --emit "$work/adir"

  refused "--write-golden over a symlink" "--golden" "$work/file-link" "symbolic link" \
    -- --quick --isa scalar --threads 1 --write-golden --golden "$work/file-link"
  [[ -L "$work/file-link" ]] || fail "--write-golden: the symbolic link was replaced"

  refused "--results is a file" "--results $work/precious.txt" "not a directory" \
    -- --quick --isa scalar --threads 1 --results "$work/precious.txt"

  # ---- d: a bad output path is noticed before the matrix, not after ----
  refused "--emit /proc/x.json (the hostile trial's --quick run)" "--emit /proc/x.json" \
    "cannot create a file in /proc" -- --quick --emit /proc/x.json

  # ---- b: inputs that are not regular files or too large ----
  refused "--against a directory" "--against" "$work/adir" "not a regular file" \
    -- --quick --isa scalar --threads 1 --against "$work/adir"
  refused "--against a FIFO (no writer: must not block)" "--against" "$work/fifo" \
    "not a regular file" -- --quick --isa scalar --threads 1 --against "$work/fifo"
  refused "--against /dev/zero" "--against" "/dev/zero" "not a regular file" \
    -- --quick --isa scalar --threads 1 --against /dev/zero
  truncate -s 170M "$work/big.json" # sparse: no disk used
  refused "--against 170 MB" "--against" "$work/big.json" "16 MiB" \
    -- --quick --isa scalar --threads 1 --against "$work/big.json"
  rm -f "$work/big.json"
  refused "--golden a directory" "--golden" "$work/adir" "not a regular file" \
    -- --quick --isa scalar --threads 1 --golden "$work/adir"

  # ---- c: numbers ----
  for fv in "--run-timeout nan" "--run-timeout inf" "--build-timeout 0x10" "--opt 2.5" \
            "--opt 4" "--jobs nan" "--jobs 0" "--jobs 2x" "--threads 1.5" "--threads 1,-1" \
            "--threads 65" "--max-diagnoses 1e3" "--max-diagnoses -1"; do
    flag=${fv%% *}
    value=${fv#* }
    found=${value##*,}
    refused "$flag '$value'" "$flag: expected" "found '$found'" \
      -- --quick --isa scalar --threads 1 "$flag" "$value"
  done
  refused "--jobs ' 2' (a blank)" "--jobs: expected" "found ' 2'" \
    -- --quick --isa scalar --threads 1 --jobs " 2"
else
  # ---- d: the closing line never claims success when the exit code is not 0 ----
  matrix=${5:-}
  if [[ -z "$matrix" ]]; then
    echo "hardening.sh matrix: MATRIX_BUILD_DIR missing" >&2
    exit 2
  fi
  checks=$((checks + 1))
  rc=0
  timeout 600 "$tp" --quick --isa scalar --threads 1 --compilers gcc,false --no-golden \
    --source "$src" --build-dir "$matrix" --results "$work/results" --emit - \
    >"$work/emit.json" 2>"$work/console.txt" </dev/null || rc=$?
  cat "$work/console.txt"
  # the closing line is looked for in both streams: only the count matters here
  cat "$work/console.txt" "$work/emit.json" >"$work/both.txt"
  [[ $rc -eq 2 ]] || fail "a failed build: expected exit 2, found $rc"
  grep -q 'build scalar-false-O2 FAILED' "$work/both.txt" ||
    fail "the build with compiler 'false' did not fail as the test intends"
  last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$work/both.txt" | tail -n 1)
  if [[ -z "$last" ]]; then
    fail "no closing 'N passed, N failed' line"
  elif [[ "$last" =~ ^[0-9]+\ passed,\ 0\ failed$ ]]; then
    fail "exit $rc but the closing line claims success: '$last'"
  fi
  report=$(ls -d "$work"/results/*/ 2>/dev/null | tail -n 1)
  if [[ -z "$report" ]] || ! grep -qE '"failed": [1-9]' "$report/report.json" ||
     grep -qE '"summary": "[0-9]+ passed, 0 failed"' "$report/report.json"; then
    fail "report.json does not count the failed build as failed"
  fi
  # --emit -: the hashes, and nothing else, on standard output
  checks=$((checks + 1))
  head -n 2 "$work/emit.json" | grep -q '"format": "tock-parity-hashes"' ||
    fail "--emit -: standard output does not start with a hash file"
  [[ "$(tail -n 1 "$work/emit.json")" == "}" ]] || fail "--emit -: the hash file is incomplete"
  if grep -qE 'passed|^tock-parity|^\[' "$work/emit.json"; then
    fail "--emit -: console output on standard output"
  fi
fi

echo "$checks checks, $failures failed"
[[ $failures -eq 0 ]]
