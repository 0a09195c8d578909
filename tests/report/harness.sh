# harness.sh - sourced by the tests/report shell tests (browser.sh,
# compare_py.sh): ok/bad count checks the way check.h does, finish prints
# the last line "N passed, N failed" and exits 0 only when nothing failed,
# and fresh_work DIR empties DIR and sets $work to its absolute path.
passed=0
failed=0
ok() { echo "  ok    $*"; passed=$((passed + 1)); }
bad() { echo "  FAIL  $*"; failed=$((failed + 1)); }
finish() {
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]] && exit 0
  exit 1
}
fresh_work() {
  rm -rf "$1"
  mkdir -p "$1"
  work="$(cd "$1" && pwd)"
}
