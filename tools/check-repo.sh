#!/usr/bin/env bash
# tools/check-repo.sh: small checks of the repository's own contract, run by
# ctest (tests/CMakeLists.txt). It only reads files and runs tools/deps.sh in
# its simulated non-root mode; it must never install, build or change anything.
#
#   tools/check-repo.sh quickstart    README's "## Quick start" has one fenced
#                                     block with exactly tools/perf.sh then
#                                     tools/test.sh, and .ci/run calls the
#                                     second and nothing else
#   tools/check-repo.sh deps-nonroot  tools/deps.sh as a non-root user with a
#                                     missing package exits 2 and prints the
#                                     apt-get command
# Exit codes: 0 pass, 1 check failed, 2 usage error, 77 skipped (ctest's
# SKIP_RETURN_CODE: deps-nonroot on a system without dpkg-query).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fail() { echo "check-repo: FAIL: $*" >&2; exit 1; }

check_quickstart() {
  local readme="$root/README.md" ci="$root/.ci/run"
  [[ -f "$readme" ]] || fail "README.md not found at $readme"
  [[ -f "$ci" ]] || fail ".ci/run not found at $ci"
  # The section runs from its heading to the next "## " heading.
  local section
  section="$(awk '/^## /{ins = ($0 ~ /^## Quick start[[:space:]]*$/); next} ins' "$readme")"
  [[ -n "$section" ]] || fail "README.md: no '## Quick start' section (or it is empty)"
  local fences
  fences="$(grep -cE '^[[:space:]]*```' <<<"$section" || true)"
  [[ "$fences" == 2 ]] ||
    fail "README.md Quick start: expected exactly one fenced block (2 fence lines), found $fences fence lines"
  local cmds
  cmds="$(awk '/^[[:space:]]*```/{f = !f; next} f && NF && $1 !~ /^#/' <<<"$section")"
  local n
  n="$(grep -c . <<<"$cmds" || true)"
  [[ "$n" == 2 ]] || fail "README.md Quick start: expected exactly 2 commands, found $n: $(tr '\n' ';' <<<"$cmds")"
  local first second
  first="$(sed -n 1p <<<"$cmds" | sed -E 's/^[[:space:]]+|[[:space:]]+$//g')"
  second="$(sed -n 2p <<<"$cmds" | sed -E 's/^[[:space:]]+|[[:space:]]+$//g')"
  [[ "$first" == "tools/perf.sh" ]] || fail "README.md Quick start: first command is '$first', expected 'tools/perf.sh'"
  [[ "$second" == "tools/test.sh" ]] || fail "README.md Quick start: second command is '$second', expected 'tools/test.sh'"
  [[ -x "$root/$first" ]] || fail "$first is not executable"
  [[ -x "$root/$second" ]] || fail "$second is not executable"

  # .ci/run: besides the shebang, comments, 'set -euo pipefail' and a cd to the
  # repository root, its only command is README's test command.
  local body
  body="$(grep -vE '^[[:space:]]*(#|$)' "$ci" |
          grep -vE '^[[:space:]]*set -euo pipefail[[:space:]]*$' |
          grep -vE '^[[:space:]]*cd ' || true)"
  local m
  m="$(grep -c . <<<"$body" || true)"
  [[ "$m" == 1 ]] || fail ".ci/run: expected one command besides set/cd, found $m: $(tr '\n' ';' <<<"$body")"
  grep -qE "^[[:space:]]*(exec[[:space:]]+)?(bash[[:space:]]+)?(\./)?${second}[[:space:]]*$" <<<"$body" ||
    fail ".ci/run: its command is '$body', expected README's test command '$second'"
  grep -qE '^set -euo pipefail' "$ci" || fail ".ci/run: no 'set -euo pipefail'"
  echo "check-repo: quickstart ok: '$first' then '$second'; .ci/run runs '$second'"
}

check_deps_nonroot() {
  local out rc=0
  if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "check-repo: deps-nonroot skipped: no dpkg-query (not a Debian-like system)"
    exit 77
  fi
  out="$(TOCK_DEPS_ASSUME_NONROOT=1 TOCK_DEPS_EXTRA=tock-no-such-package \
         "$root/tools/deps.sh" test 2>&1 >/dev/null)" || rc=$?
  [[ $rc == 2 ]] || fail "tools/deps.sh as non-root with a missing package: exit $rc, expected 2; output: $out"
  grep -qE 'sudo apt-get install -y( --no-install-recommends)? .*tock-no-such-package' <<<"$out" ||
    fail "tools/deps.sh as non-root: expected 'sudo apt-get install -y ... tock-no-such-package' on stderr, found: $out"
  # Usage errors are exit 2 as well, and must not be confused with the above.
  rc=0
  "$root/tools/deps.sh" no-such-command >/dev/null 2>&1 || rc=$?
  [[ $rc == 2 ]] || fail "tools/deps.sh no-such-command: exit $rc, expected 2"
  echo "check-repo: deps-nonroot ok: exit 2 and: $(grep 'apt-get install' <<<"$out")"
}

case "${1:-}" in
  quickstart) check_quickstart ;;
  deps-nonroot) check_deps_nonroot ;;
  *) echo "usage: tools/check-repo.sh quickstart|deps-nonroot" >&2; exit 2 ;;
esac
