#!/usr/bin/env bash
# tools/test.sh: README's test command. Builds tock and runs every ctest test
# in up to three phases: (1) the normal Release -O2 build in build/test with
# all tests, (2) an ASan+UBSan build in build/asan with all tests but those
# labelled parity or slow, (3) a TSan build in build/tsan with the tests
# labelled threads. It ends with one line "N passed, N failed" counting ctest
# tests over all phases, and exits non-zero when any phase failed. It must
# never change a tracked file, never run benchmarks that need a quiet machine,
# and never need more than the packages tools/deps.sh installs. Budget: well
# under 20 minutes on 2 cores (CI's limit is 90).
#
# Exit codes: 0 all phases passed; 1 a build or a test failed; 2 usage error
# or missing packages that this user cannot install.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: tools/test.sh [--fast] [--help]
  --fast   only phase 1 (normal build, all tests); skip the sanitizer phases
  --help   this text
Phases: 1 build/test  Release -O2, ctest (all tests)
        2 build/asan  ASan+UBSan, ctest -LE 'parity|slow'
        3 build/tsan  TSan, ctest -L threads
The last line is "N passed, N failed" over all phases (", N skipped" follows
when tests were skipped); a phase that cannot configure or build counts as
one failed test.
USAGE
}

fast=0
for arg in "$@"; do
  case "$arg" in
    --fast) fast=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "tools/test.sh: unknown flag '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# Missing packages: deps.sh installs them as root, else prints the command
# and exits 2, which we pass on.
deps_rc=0
tools/deps.sh test || deps_rc=$?
if [[ $deps_rc -ne 0 ]]; then
  exit "$deps_rc"
fi

jobs="${TOCK_JOBS:-2}"
generator=()
if command -v ninja >/dev/null 2>&1; then
  generator=(-G Ninja)
fi

# Sanitizer reports must fail the test that triggered them, with a stack.
# Not detect_stack_use_after_return: its fake stack frames are only 32-byte
# aligned, and GCC 12 spills AVX-512 locals with 64-byte aligned stores
# (vmovdqa64), so the AVX-512 kernels crash under it for no fault of theirs.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}"

logdir="$root/build/test-logs"
mkdir -p "$logdir"

total_passed=0
total_failed=0
total_skipped=0
failed_phases=()

# configure DIR ARGS...: a build tree configured before keeps its generator
# (CMake refuses to switch generators in place).
configure() {
  local dir="$1"; shift
  local gen=("${generator[@]}")
  if [[ -f "$dir/CMakeCache.txt" ]]; then
    gen=()
  fi
  cmake -S "$root" -B "$dir" "${gen[@]}" "$@"
}

# count_ctest LOG: prints "passed failed skipped" for one ctest run. ctest closes
# with "100% tests passed, 0 tests failed out of 12" (or "No tests were
# found!!!"); passed = total - failed.
count_ctest() {
  local log="$1" line failed total skipped
  line="$(grep -E '[0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)"
  if [[ -z "$line" ]]; then
    echo 0 0 0
    return
  fi
  failed="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")"
  total="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$line")"
  # Skipped tests (SKIP_RETURN_CODE) are in the total but listed under "The
  # following tests did not run" with "(Skipped)": they did not pass.
  skipped="$(grep -cE '^[[:space:]]+[0-9]+ - .*\(Skipped\)[[:space:]]*$' "$log" || true)"
  echo "$((total - failed - skipped)) $failed $skipped"
}

# run_ctest LOG [PREFIX-COMMAND... --] CTEST-ARGS...: runs ctest (under the
# prefix command if one is given), tees LOG, returns ctest's status.
run_ctest() {
  local log="$1"; shift
  local prefix=()
  if [[ "${1:-}" == setarch ]]; then
    while [[ "$1" != -- ]]; do prefix+=("$1"); shift; done
    shift
  fi
  local rc=0
  "${prefix[@]}" ctest "$@" 2>&1 | tee "$log" || rc=$?
  return "$rc"
}

tally() {
  local log="$1" p f k
  read -r p f k < <(count_ctest "$log")
  total_passed=$((total_passed + p))
  total_failed=$((total_failed + f))
  total_skipped=$((total_skipped + k))
}

header() {
  echo
  echo "==== tools/test.sh: phase $1: $2 ===="
}

# phase NAME DIR NO-TESTS-POLICY CTEST-FILTER... -- CMAKE-ARGS...
phase() {
  local name="$1" dir="$2" notests="$3"; shift 3
  local filter=()
  while [[ $# -gt 0 && "$1" != -- ]]; do filter+=("$1"); shift; done
  shift
  local log="$logdir/$name.log"
  local started=$SECONDS

  if ! configure "$dir" "$@"; then
    echo "tools/test.sh: phase $name: configure failed" >&2
    failed_phases+=("$name(configure)"); total_failed=$((total_failed + 1)); return
  fi
  if ! cmake --build "$dir" -j "$jobs"; then
    echo "tools/test.sh: phase $name: build failed" >&2
    failed_phases+=("$name(build)"); total_failed=$((total_failed + 1)); return
  fi

  local rc=0
  # A test without its own TIMEOUT gets 15 minutes: a hang must fail the
  # phase long before CI's 90-minute limit.
  local args=(--test-dir "$dir" --output-on-failure -j "$jobs" --no-tests="$notests"
              --timeout "${TOCK_TEST_TIMEOUT:-900}" "${filter[@]}")
  run_ctest "$log" "${args[@]}" || rc=$?

  # ThreadSanitizer cannot map its shadow memory when the kernel randomises
  # mmap with more bits than its runtime's layout expects (vm.mmap_rnd_bits =
  # 32 on some 6.x distribution kernels): rerun with address randomisation off
  # for ctest and everything it starts.
  if [[ $rc -ne 0 && "$name" == tsan ]] &&
     grep -q 'unexpected memory mapping' "$log"; then
    echo "tools/test.sh: TSan hit 'unexpected memory mapping'; rerunning under setarch -R"
    if setarch "$(uname -m)" -R true 2>/dev/null; then
      rc=0
      run_ctest "$log" setarch "$(uname -m)" -R -- "${args[@]}" || rc=$?
    else
      echo "tools/test.sh: setarch -R is not permitted here; TSan cannot run" >&2
    fi
  fi

  tally "$log"
  if [[ $rc -ne 0 ]]; then
    failed_phases+=("$name")
    # A ctest failure with no parsed failure (a crash of ctest itself, or no
    # tests where tests are required) still has to show in the count.
    if ! grep -qE '[1-9][0-9]* tests? failed out of' "$log"; then
      total_failed=$((total_failed + 1))
    fi
  fi
  echo "---- phase $name took $((SECONDS - started)) s"
}

header 1 "Release -O2 build in build/test, all tests"
phase test build/test error -- \
  -DCMAKE_BUILD_TYPE=Release -DTOCK_OPT_LEVEL=2

if [[ $fast -eq 0 ]]; then
  # -O1 -g without NDEBUG: asserts stay on and the sanitizers see real frames.
  header 2 "ASan+UBSan build in build/asan, all tests but labels parity and slow"
  phase asan build/asan error -LE 'parity|slow' -- \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" \
    -DTOCK_SANITIZE_ADDRESS=ON -DTOCK_BUILD_PARITY=OFF

  header 3 "TSan build in build/tsan, tests labelled threads"
  phase tsan build/tsan error -L threads -- \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" \
    -DTOCK_SANITIZE_THREAD=ON -DTOCK_BUILD_PARITY=OFF
else
  echo
  echo "tools/test.sh: --fast: sanitizer phases skipped"
fi

echo
if [[ ${#failed_phases[@]} -gt 0 ]]; then
  echo "tools/test.sh: failed phases: ${failed_phases[*]} (logs in build/test-logs/)"
fi
if [[ $total_skipped -gt 0 ]]; then
  echo "$total_passed passed, $total_failed failed, $total_skipped skipped"
else
  echo "$total_passed passed, $total_failed failed"
fi
if [[ ${#failed_phases[@]} -gt 0 ]]; then
  exit 1
fi
exit 0
