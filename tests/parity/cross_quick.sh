#!/usr/bin/env bash
# cross_quick.sh: the quick cross-architecture matrix (ctest parity.cross.quick,
# label cross): one variant per SIMD family -- aarch64 NEON, aarch64 SVE at
# 256 bits, riscv64 RVV at 256 bits (clang), i386 SSE2 -- built by gcc (rvv:
# clang), -O2, at 1 and 2 threads, each under qemu-user (i386 natively),
# compared with the x86-64 reference run and parity/golden.json. Passes only
# when tock-parity exits 0, its closing line says "N passed, 0 failed", and
# its report.json shows every family compared at both thread counts with the
# vector length asked for.
# usage: cross_quick.sh TOCK_PARITY SOURCE MATRIX_BUILD_DIR RESULTS
# Exit: 0 pass, 1 fail, 2 usage, 77 skipped (a cross toolchain or qemu is
# missing: tock-parity names the Debian packages; tools/deps.sh test installs them).
set -u
tp=${1:-}
src=${2:-}
matrix=${3:-}
results=${4:-}
if [[ -z "$tp" || -z "$src" || -z "$matrix" || -z "$results" ]]; then
  echo "usage: cross_quick.sh TOCK_PARITY SOURCE MATRIX_BUILD_DIR RESULTS" >&2
  exit 2
fi
rm -rf "$results"
mkdir -p "$results"
start=$SECONDS
rc=0
"$tp" --quick --arch aarch64,riscv64,i386 --isa neon,sve,rvv,sse2 --vl 256 --threads 1,2 \
  --source "$src" --build-dir "$matrix" --results "$results" </dev/null >"$results/console.txt" \
  2>&1 || rc=$?
cat "$results/console.txt"
echo "cross_quick.sh: tock-parity exited with $rc after $((SECONDS - start)) s"
if [[ $rc -eq 2 ]] && grep -q 'install the Debian packages' "$results/console.txt" &&
  grep -q '^tock-parity: --arch: ' "$results/console.txt"; then
  echo "SKIPPED: a cross toolchain or emulator is missing (see above)"
  exit 77
fi
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
[[ $rc -eq 0 ]] || fail "expected exit 0, found $rc"
last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$results/console.txt" | tail -n 1)
[[ "$last" =~ ^[1-9][0-9]*\ passed,\ 0\ failed$ ]] || fail "closing line: '$last'"
grep -q '^goldens: compared with ' "$results/console.txt" || fail "not compared with the goldens"
grep -qE '^emulated runs: [0-9]+, ' "$results/console.txt" || fail "no emulated-time line"
report=$(ls -d "$results"/*/ 2>/dev/null | tail -n 1)
json="$report/report.json"
[[ -f "$json" ]] || { fail "no report.json under $results"; exit 1; }
# one line per run in report.json: "build", "arch", "vector_bits", ..., "status"
for want in "aarch64-neon-gcc-O2 aarch64 0 neon" "aarch64-sve256-gcc-O2 aarch64 256 sve" \
  "riscv64-rvv256-clang-O2 riscv64 256 rvv" "i386-sse2-gcc-O2 i386 0 sse2"; do
  read -r build arch bits isa <<<"$want"
  for t in 1 2; do
    grep -qE "\"build\": \"$build\", \"arch\": \"$arch\", \"vector_bits\": $bits, \"excluded\": [0-9]+, \"threads\": $t, \"status\": \"compared\", \"reference\": false, \"dispatched\": \"$isa\".*\"failed\": 0," \
      "$json" || fail "$build threads $t: not compared on $isa at $bits bits with 0 failures"
  done
done
grep -q '| build | arch | vl | threads |' "$report/report.md" || fail "report.md lacks the arch and vl columns"
echo "$failures failed checks"
[[ $failures -eq 0 ]]
