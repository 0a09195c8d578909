#!/usr/bin/env bash
# tools/deps.sh: makes sure the Debian packages a tock command needs are
# installed, so that tools/test.sh and tools/perf.sh work on a fresh Debian 12
# machine that has only the base system. As root it installs what is missing
# (apt-get); as anyone else it prints the exact install command and exits 2.
# It must never install anything that is not on the lists below, never touch
# the build tree, and never remove or upgrade packages.
#
# Usage: tools/deps.sh [test|perf|all]     (default: all)
# Exit codes: 0 everything present (or installed now); 2 packages are missing
# and this user cannot install them, or a usage error; 1 apt-get failed.
#
# Environment (mainly for tests/CMakeLists.txt's repo.deps_nonroot):
#   TOCK_DEPS_ASSUME_NONROOT=1  behave as a non-root user even when root
#   TOCK_DEPS_EXTRA="pkg ..."   extra packages to require (a fake one simulates
#                               a missing package)
#   TOCK_DEPS_SKIP=1            skip the check (non-Debian systems, by choice)
set -euo pipefail

# What each command needs. Ninja is the generator the scripts and presets use,
# so ninja-build stands for "make or ninja-build". clang is in the list because
# the parity matrix builds with both compilers; the sanitizer runtimes (libasan,
# libubsan, libtsan) come with gcc. libc6-dev is only a Recommends of gcc, and
# we install with --no-install-recommends: without it there is no <stdio.h>.
# libjansson-dev: JSON reading for tools/report (tock-report).
# valgrind: tock-perf --measure instructions (callgrind counts; its
# <valgrind/callgrind.h> client requests are compiled in when present).
BASE_PKGS=(cmake gcc libc6-dev clang ninja-build pkg-config libxxhash-dev git libjansson-dev
           valgrind)
# chromium: the report's real-browser test (tests/report/browser.sh).
# libbenchmark-tools (Google Benchmark's compare.py) with python3-numpy and
# python3-scipy: the report's compare.py test (tests/report/compare_py.sh).
# The cross-architecture kernel tests (tests/cross): the aarch64 and riscv64
# cross compilers and C libraries, qemu-user to run them, clang-19 for the
# RVV intrinsics (GCC 12 has none; clang drives riscv64-linux-gnu's linker),
# and for i386 the -m32 C library and libgcc (libc6-dev-i386,
# lib32gcc-12-dev: what gcc -m32 uses of gcc-multilib, which itself
# conflicts with the Debian cross compilers).
CROSS_PKGS=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc-riscv64-linux-gnu
            libc6-dev-riscv64-cross qemu-user clang-19 libc6-dev-i386 lib32gcc-12-dev)
TEST_PKGS=("${BASE_PKGS[@]}" chromium libbenchmark-tools python3-numpy python3-scipy
           "${CROSS_PKGS[@]}")
# OpenBLAS is only the benchmark's reference implementation (the perf suite
# compares against cblas_sgemv); the kernels never use it.
PERF_PKGS=("${BASE_PKGS[@]}" libopenblas-dev)

usage() {
  cat <<'USAGE'
usage: tools/deps.sh [test|perf|all]
  test  packages tools/test.sh needs: cmake gcc libc6-dev clang ninja-build
        pkg-config libxxhash-dev git libjansson-dev valgrind chromium libbenchmark-tools
        python3-numpy python3-scipy, and for the cross-architecture tests
        gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc-riscv64-linux-gnu
        libc6-dev-riscv64-cross qemu-user clang-19 libc6-dev-i386
        lib32gcc-12-dev
  perf  the base set (test's without chromium, libbenchmark-tools, the
        python3 packages and the cross ones), plus libopenblas-dev
        (benchmark reference only)
  all   the union (default)
As root, missing packages are installed with apt-get; otherwise the command
to run is printed to stderr and the exit code is 2.
USAGE
}

what="all"
case "${1:-all}" in
  test) what="test" ;;
  perf) what="perf" ;;
  all) what="all" ;;
  -h|--help) usage; exit 0 ;;
  *) echo "tools/deps.sh: unknown argument '$1' (expected test, perf or all)" >&2
     usage >&2; exit 2 ;;
esac
if [[ $# -gt 1 ]]; then
  echo "tools/deps.sh: expected at most one argument, found $#" >&2
  usage >&2; exit 2
fi

if [[ "${TOCK_DEPS_SKIP:-0}" == 1 ]]; then
  echo "deps: TOCK_DEPS_SKIP=1, not checking packages" >&2
  exit 0
fi

case "$what" in
  test) pkgs=("${TEST_PKGS[@]}") ;;
  perf) pkgs=("${PERF_PKGS[@]}") ;;
  *) pkgs=("${TEST_PKGS[@]}" libopenblas-dev) ;;
esac
if [[ -n "${TOCK_DEPS_EXTRA:-}" ]]; then
  read -r -a extra <<<"$TOCK_DEPS_EXTRA"
  pkgs+=("${extra[@]}")
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "deps: dpkg-query not found: not a Debian-like system, so packages are" \
       "not checked. Needed (Debian names): ${pkgs[*]}" >&2
  exit 0
fi

missing=()
for p in "${pkgs[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

is_root=0
if [[ "$(id -u)" == 0 && "${TOCK_DEPS_ASSUME_NONROOT:-0}" != 1 ]]; then
  is_root=1
fi

if [[ $is_root == 0 ]]; then
  {
    echo "deps: missing Debian packages: ${missing[*]}"
    echo "deps: install them with:"
    echo "sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
  } >&2
  exit 2
fi

echo "deps: installing missing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! apt-get update </dev/null >&2; then
  echo "deps: apt-get update failed" >&2
  exit 1
fi
if ! apt-get install -y --no-install-recommends "${missing[@]}" </dev/null >&2; then
  echo "deps: apt-get install failed for: ${missing[*]}" >&2
  exit 1
fi
exit 0
