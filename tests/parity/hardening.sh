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
#   cross MODE (parity.hardening_cross, label cross): the architecture axis
#     when things are missing or break, simulated with environment
#     overrides: an emulator that does not exist (TOCK_PARITY_QEMU_AARCH64=
#     /nonexistent/...: skipped naming the Debian packages; exit 2 when the
#     architecture is named in --arch or with --strict, 0 under --arch all),
#     an emulator that crashes (a script that kills itself with SIGSEGV:
#     exit 139, the run an error naming the signal), a cross compiler that
#     fails (TOCK_PARITY_CC_AARCH64=a script exiting 1: a build error with
#     its log). Each time the native reference row is still compared and the
#     closing line counts the failure. (Fast mode checks a golden of another
#     protocol version: exit 2, both versions named.)
# usage: hardening.sh fast TOCK_PARITY SOURCE WORK
#        hardening.sh matrix|cross TOCK_PARITY SOURCE WORK MATRIX_BUILD_DIR
set -u

mode=${1:-}
tp=${2:-}
src=${3:-}
work=${4:-}
if [[ -z "$tp" || -z "$src" || -z "$work" || ( "$mode" != fast && "$mode" != matrix && "$mode" != cross ) ]]; then
  echo "usage: hardening.sh fast|matrix|cross TOCK_PARITY SOURCE WORK [MATRIX_BUILD_DIR]" >&2
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

  # ---- e: the architecture axis ----
  refused "--arch sparc" "--arch: expected all or a list of x86_64, aarch64, riscv64, i386" \
    "found 'sparc'" -- --quick --arch sparc
  refused "--vl 100" "--vl: expected a whole number 128..2048" "found '100'" -- --quick --vl 100
  refused "--vl 384 (not a power of two)" "--vl: expected powers of two" "found '384'" \
    -- --quick --vl 256,384
  # a golden written by another protocol version (1: before output_nan)
  sed -e 's/"protocol": [0-9]*/"protocol": 1/' "$src/parity/golden.json" >"$work/golden-p1.json"
  refused "--golden of protocol 1" "--golden: $work/golden-p1.json" \
    "field \"protocol\": expected 2, found 1" "another protocol version" "--write-golden" \
    -- --quick --arch x86_64 --golden "$work/golden-p1.json"
elif [[ $mode == cross ]]; then
  # ---- f: cross architectures that cannot be built or run, each named with
  # the reason, and nothing else in the matrix lost (the native reference
  # row is still compared). Uses the matrix tree parity.cross.quick built.
  matrix=${5:-}
  [[ -n "$matrix" ]] || { echo "hardening.sh cross: MATRIX_BUILD_DIR missing" >&2; exit 2; }
  # cross_run LABEL WANT_RC BUILD_DIR -- ENV... -- ARGS...: one tock-parity run.
  cross_run() {
    local label="$1" want="$2" bdir="$3"
    shift 4
    local envs=()
    while [[ "$1" != -- ]]; do envs+=("$1"); shift; done
    shift
    checks=$((checks + 1))
    local rc=0
    env "${envs[@]}" timeout 900 "$tp" --quick --no-golden --threads 1 --source "$src" \
      --build-dir "$bdir" --results "$work/results" "$@" >"$work/out.txt" 2>&1 </dev/null || rc=$?
    echo "--- $label: exit $rc"
    grep -E 'skip |FAILED|^tock-parity: --arch|passed, ' "$work/out.txt" | head -n 12
    [[ $rc -eq $want ]] || fail "$label: expected exit $want, found $rc"
    grep -qE '^scalar-gcc-O2 +x86_64 .* ok [0-9]+/[0-9]+ .*\(reference\)' "$work/out.txt" ||
      fail "$label: the native reference row was lost"
    local last
    last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$work/out.txt" | tail -n 1)
    if [[ $want -ne 0 && "$last" =~ \ 0\ failed$ ]]; then
      fail "$label: exit $rc but the closing line says '$last'"
    fi
  }
  has() { grep -qF -- "$2" "$work/out.txt" || fail "$1: the output lacks '$2'"; }

  # Missing emulator, the architecture named in --arch: skipped and exit 2.
  cross_run "missing qemu-aarch64 (named)" 2 "$matrix" -- \
    TOCK_PARITY_QEMU_AARCH64=/nonexistent/qemu-aarch64 -- --arch aarch64 --isa neon
  has "missing qemu (named)" "missing the emulator /nonexistent/qemu-aarch64 named by TOCK_PARITY_QEMU_AARCH64"
  has "missing qemu (named)" "install the Debian packages: gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user"
  has "missing qemu (named)" "skip  aarch64 (all)"

  # Every cross architecture missing under --arch all: skipped, exit 0; with
  # --strict, exit 2.
  nothing=(TOCK_PARITY_QEMU_AARCH64=/nonexistent/qemu-aarch64
           TOCK_PARITY_QEMU_RISCV64=/nonexistent/qemu-riscv64 TOCK_PARITY_CC_I386=/nonexistent/gcc)
  cross_run "all cross architectures missing (--arch all)" 0 "$matrix" -- "${nothing[@]}" -- \
    --arch all --isa scalar
  has "--arch all" "missing the emulator /nonexistent/qemu-riscv64 named by TOCK_PARITY_QEMU_RISCV64"
  has "--arch all" "missing the compiler /nonexistent/gcc named by TOCK_PARITY_CC_I386"
  has "--arch all" "gcc-multilib (or libc6-dev-i386 lib32gcc-12-dev)"
  cross_run "all cross architectures missing (--arch all --strict)" 2 "$matrix" -- \
    "${nothing[@]}" -- --arch all --isa scalar --strict
  has "--strict" "tock-parity: --arch (--strict): riscv64: missing"

  # An emulator that crashes (SIGSEGV, exit 139): that run is an error with
  # the signal named; the rest of the matrix is compared.
  printf '#!/bin/sh
echo "fake qemu: crashing on purpose" >&2
kill -SEGV $$
' >"$work/crash-qemu"
  chmod +x "$work/crash-qemu"
  cross_run "crashing emulator" 2 "$matrix" -- TOCK_PARITY_QEMU_AARCH64="$work/crash-qemu" -- \
    --arch aarch64 --isa neon
  has "crashing emulator" "run aarch64-neon-gcc-O2 threads 1 FAILED: case runner was killed by signal 11 (SIGSEGV)"
  has "crashing emulator" "fake qemu: crashing on purpose"

  # A cross build that fails (a compiler that refuses everything), in a
  # build tree of its own so that the matrix tree's aarch64 build survives.
  printf '#!/bin/sh
echo "bad-gcc: simulated cross compiler failure" >&2
exit 1
' >"$work/bad-gcc"
  chmod +x "$work/bad-gcc"
  cross_run "failing cross build" 2 "$work/badcc-build" -- TOCK_PARITY_CC_AARCH64="$work/bad-gcc" -- \
    --arch aarch64 --isa neon
  has "failing cross build" "build aarch64-neon-gcc-O2 FAILED: configure failed"
  has "failing cross build" "BUILD ERROR aarch64-neon-gcc-O2"
else
  # ---- d: the closing line never claims success when the exit code is not 0 ----
  matrix=${5:-}
  if [[ -z "$matrix" ]]; then
    echo "hardening.sh matrix: MATRIX_BUILD_DIR missing" >&2
    exit 2
  fi
  checks=$((checks + 1))
  rc=0
  timeout 600 "$tp" --quick --arch x86_64 --isa scalar --threads 1 --compilers gcc,false --no-golden \
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
