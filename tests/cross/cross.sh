#!/usr/bin/env bash
# tests/cross/cross.sh: the cross-architecture kernel tests (tests/cross/
# CMakeLists.txt). Two modes:
#
#   cross.sh build TREE SRC DIR CMAKE GENERATOR MAKE CLANG
#     configure (first time) and build the cross tree TREE in DIR with
#     cmake/toolchains/, pinned to its ISA, TOCK_BUILD_PARITY=OFF; build only
#     what the runs need (test_kernels_parity, test_threads_isa,
#     test_kernel_hashes); then check the object code of libht.a for fused
#     multiply-adds (none may exist: the contracts forbid FMA) and, for
#     riscv64-gcc, that configuring left the rvv row out with its message.
#     Writes DIR/cross-build-ok on success.
#   cross.sh run TREE VARIANT QEMU_CPU VL_BITS DIR NATIVE_HASHES CLANG CTEST
#     run the tree's core.kernels_parity and core.threads_isa (the latter in
#     its TOCK_TEST_SHORT mode) through its own
#     ctest (so through CMAKE_CROSSCOMPILING_EMULATOR: qemu-user, with
#     QEMU_CPU selecting the CPU and vector length), require that the tree's
#     ISA was really checked and active, run test_kernel_hashes <isa> the
#     same way and compare its lines with NATIVE_HASHES (the host build's
#     program): every kernel, and a short model run, must hash the same as
#     on x86-64. VL_BITS (or -) is the SVE / RVV vector length the run must
#     report.
#
# Trees: aarch64-neon aarch64-sve riscv64-rvv riscv64-gcc i386-scalar
# i386-sse2. A missing compiler, C library or emulator is exit 77 (ctest's
# SKIP_RETURN_CODE) with a "SKIPPED:" line naming the Debian packages
# (tools/deps.sh test installs them); nothing passes without running.
# Exit codes: 0 pass, 1 fail, 2 usage, 77 skipped.
set -uo pipefail

usage() {
  sed -n '2,/^set -uo/p' "${BASH_SOURCE[0]}" | sed -n 's/^# \{0,1\}//p' >&2
  exit 2
}

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

skip() {
  echo "SKIPPED: $*"
  exit 77
}

[[ $# -ge 1 ]] || usage
mode="$1"
shift

# ---- what each tree is ----
# tree_setup TREE CLANG: sets toolchain, isa, triple, qemu, objdump, the
# Debian packages, fma_re (fused multiply-add mnemonics in objdump -d) and
# need_clang.
tree_setup() {
  local tree="$1" clang="$2"
  need_clang=0
  qemu=""
  case "$tree" in
    aarch64-neon | aarch64-sve)
      toolchain=aarch64-linux-gnu.cmake
      triple=aarch64-linux-gnu
      isa="${tree#aarch64-}"
      qemu=qemu-aarch64
      cc=aarch64-linux-gnu-gcc
      objdump=aarch64-linux-gnu-objdump
      packages="gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user"
      # NEON/FP (fmla fmls fmadd ...) and SVE (fmad fmsb fnmla ...) fused forms
      fma_re='[[:space:]](fn?ml[as]|fn?m(add|sub)|fn?ma[db]|fn?msb)[[:space:]]'
      ;;
    riscv64-rvv | riscv64-gcc)
      triple=riscv64-linux-gnu
      qemu=qemu-riscv64
      objdump=riscv64-linux-gnu-objdump
      packages="gcc-riscv64-linux-gnu libc6-dev-riscv64-cross qemu-user"
      if [[ "$tree" == riscv64-rvv ]]; then
        toolchain=riscv64-linux-gnu-clang.cmake
        isa=rvv
        need_clang=1
        cc="$clang"
        packages="clang-19 $packages"
      else
        toolchain=riscv64-linux-gnu.cmake
        isa=scalar
        cc=riscv64-linux-gnu-gcc
      fi
      # vfmacc vfnmacc vfmsac vfnmsac vfmadd vfnmadd vfmsub vfnmsub, and
      # the scalar fmadd.s/.d fmsub fnmadd fnmsub
      fma_re='[[:space:]](vfn?m(acc|sac|add|sub)\.|fn?m(add|sub)\.[sdhq][[:space:]])'
      ;;
    i386-scalar | i386-sse2)
      toolchain=i386-linux-gnu.cmake
      triple=i386-linux-gnu
      isa="${tree#i386-}"
      cc=gcc
      objdump=objdump
      packages="gcc libc6-dev-i386 lib32gcc-12-dev"
      # FMA3/FMA4 (the AVX2 and AVX-512 files are built too)
      fma_re='[[:space:]]vfn?m(add|sub)[0-9a-z]*[[:space:]]'
      ;;
    *) echo "cross.sh: unknown tree '$tree'" >&2; exit 2 ;;
  esac
}

# need_tools: exit 77 naming the packages when something is missing.
need_tools() {
  local tree="$1" what=""
  if [[ $need_clang == 1 ]]; then
    [[ -n "$cc" && "$cc" != *NOTFOUND* ]] && command -v "$cc" >/dev/null 2>&1 ||
      what="clang >= 17 (tried clang-21 .. clang-17)"
    command -v riscv64-linux-gnu-gcc >/dev/null 2>&1 || what="${what:+$what, }riscv64-linux-gnu-gcc"
  else
    command -v "$cc" >/dev/null 2>&1 || what="$cc"
  fi
  if [[ "$triple" == i386-linux-gnu ]]; then
    case "$(uname -m)" in
      x86_64 | i?86) ;;
      *) skip "$tree: the i386 tests run the binaries natively and need an x86 host (this is $(uname -m))" ;;
    esac
    if [[ -z "$what" ]]; then
      local probe
      probe="$(mktemp -d)"
      printf '#include <stdio.h>\nint main(void) { puts("ok"); return 0; }\n' >"$probe/p.c"
      if ! "$cc" -m32 -msse2 -mfpmath=sse "$probe/p.c" -o "$probe/p" >/dev/null 2>&1 ||
        [[ "$("$probe/p" 2>/dev/null)" != ok ]]; then
        what="a working gcc -m32 (32-bit C library and libgcc)"
      fi
      rm -rf "$probe"
    fi
  else
    [[ -f "/usr/$triple/include/stdio.h" ]] || what="${what:+$what, }the $triple C library (/usr/$triple)"
    command -v "$qemu" >/dev/null 2>&1 || what="${what:+$what, }$qemu"
  fi
  command -v "$objdump" >/dev/null 2>&1 || what="${what:+$what, }$objdump"
  if [[ -n "$what" ]]; then
    skip "$tree: missing $what; install the Debian packages: $packages (as root: tools/deps.sh test)"
  fi
}

# ---- build ----
do_build() {
  [[ $# -eq 7 ]] || usage
  local tree="$1" src="$2" dir="$3" cmake="$4" generator="$5" make="$6" clang="$7"
  tree_setup "$tree" "$clang"
  need_tools "$tree"
  rm -f "$dir/cross-build-ok"
  mkdir -p "$dir" || fail "cannot create $dir"
  local log="$dir/cross-configure.log"
  # The host's compiler settings must not leak into a cross build.
  unset CC CFLAGS CPPFLAGS LDFLAGS PKG_CONFIG_PATH PKG_CONFIG_LIBDIR QEMU_CPU
  local start=$SECONDS
  if [[ ! -f "$dir/CMakeCache.txt" ]]; then
    local args=(-S "$src" -B "$dir" -G "$generator" -DCMAKE_BUILD_TYPE=Release
      "-DCMAKE_TOOLCHAIN_FILE=$src/cmake/toolchains/$toolchain"
      -DTOCK_BUILD_PARITY=OFF -DTOCK_INSTALL=OFF "-DTOCK_ISA=$isa")
    [[ "$make" != "" && "$make" != *NOTFOUND* ]] && args+=("-DCMAKE_MAKE_PROGRAM=$make")
    [[ $need_clang == 1 ]] && args+=("-DTOCK_CLANG=$clang")
    echo "configure: cmake ${args[*]}"
    if ! "$cmake" "${args[@]}" >"$log" 2>&1; then
      cat "$log"
      rm -f "$dir/CMakeCache.txt" # configure again next time
      fail "$tree: configuring the cross tree failed (log above)"
    fi
  fi
  grep -E '^-- core: ' "$log" || true
  if [[ "$tree" == riscv64-gcc ]]; then
    grep -q 'core: ISA row rvv left out: src/kernels_rvv.c needs clang >= 17' "$log" ||
      fail "$tree: configuring with GCC did not report the rvv row as left out"
    grep -q 'core: kernel tables built: scalar$' "$log" ||
      fail "$tree: a GCC riscv64 build must build the scalar table only"
  fi
  if ! "$cmake" --build "$dir" --parallel 2 --target test_kernels_parity test_threads_isa \
    test_kernel_hashes ht >"$dir/cross-build.log" 2>&1; then
    tail -n 60 "$dir/cross-build.log"
    fail "$tree: building the cross tree failed (log above; full log $dir/cross-build.log)"
  fi
  echo "built $tree (isa $isa) in $((SECONDS - start)) s"

  # No fused multiply-add anywhere in the library (ht_kernels.h: no FMA).
  local lib
  lib="$(find "$dir/core" -name 'libht.a' | head -n 1)"
  [[ -n "$lib" ]] || fail "$tree: libht.a not found under $dir/core"
  local dis fused
  dis="$("$objdump" -d "$lib")" || fail "$tree: $objdump -d $lib failed"
  fused="$(grep -E "$fma_re" <<<"$dis" || true)"
  if [[ -n "$fused" ]]; then
    echo "$fused" | head -n 20
    fail "$tree: libht.a contains fused multiply-add instructions (above); the kernels and" \
      "the scalar reference must use separate multiplies and adds (-ffp-contract=off)"
  fi
  echo "checked: no fused multiply-add in $(basename "$lib") ($(grep -c $'\t' <<<"$dis") instructions," \
    "$objdump -d | grep -E '$fma_re')"
  touch "$dir/cross-build-ok"
}

# ---- run ----
do_run() {
  [[ $# -eq 8 ]] || usage
  local tree="$1" variant="$2" cpu="$3" vl="$4" dir="$5" native="$6" clang="$7" ctest_bin="$8"
  tree_setup "$tree" "$clang"
  need_tools "$tree"
  [[ -f "$dir/cross-build-ok" ]] ||
    fail "$tree: the cross tree $dir was not built (its cross.$tree.build test failed or did not run)"
  [[ -x "$native" ]] || fail "native test_kernel_hashes not found at $native"
  local start=$SECONDS
  if [[ "$cpu" != "-" ]]; then
    export QEMU_CPU="$cpu"
    echo "QEMU_CPU=$QEMU_CPU"
  else
    unset QEMU_CPU
  fi
  local emu=()
  if [[ -n "$qemu" && "$triple" != i386-linux-gnu ]]; then
    emu=("$(command -v "$qemu")" -L "/usr/$triple")
  fi

  # 1. The tree's own core tests, through its ctest and emulator. Quick mode
  # (TOCK_TEST_SHORT=1) for core.threads_isa only: its shorter horizons still
  # compare every thread count on the pinned table, and cut its time under
  # qemu from ~20 s to a few (SVE 2048). core.kernels_parity runs in full.
  export TOCK_TEST_SHORT=1
  local log="$dir/cross-run-$variant.log"
  "$ctest_bin" --test-dir "$dir" -R '^core\.(kernels_parity|threads_isa)$' -V >"$log" 2>&1
  local rc=$?
  grep -E '(checked|SKIPPED): ' "$log" | sed -E 's/^[0-9]+: //' | grep -vE 'thread count|x[0-9]+ thread' || true
  grep -E 'tests passed|Passed|Failed|\*\*\*' "$log" | sed -E 's/^ +//' || true
  if [[ $rc -ne 0 ]]; then
    grep -E 'FAIL' "$log" | head -n 30
    fail "$tree/$variant: core tests failed under ${emu[*]:-native} (log $log)"
  fi
  local ntests
  ntests="$(grep -cE 'Test +#[0-9]+: core\.(kernels_parity|threads_isa) \.+ +Passed' "$log")"
  [[ "$ntests" == 2 ]] || fail "$tree/$variant: expected 2 passed core tests, found $ntests (log $log)"
  if [[ "$isa" != scalar ]]; then
    grep -qE "checked: $isa \([0-9]+ passed, 0 failed" "$log" ||
      fail "$tree/$variant: core.kernels_parity did not check the $isa table (CPU $cpu; log $log)"
  fi
  grep -qE "test_threads_isa: active isa $isa," "$log" ||
    fail "$tree/$variant: core.threads_isa did not run on $isa (log $log)"

  # 2. Kernel and model hashes against the host's x86-64 build.
  local got="$dir/cross-hashes-$variant.txt" want="$dir/native-hashes-$variant.txt"
  "$native" >"$want" || fail "native test_kernel_hashes failed (tables disagree on the host?)"
  "${emu[@]}" "$dir/tests/core/test_kernel_hashes" "$isa" >"$got" 2>&1
  rc=$?
  grep -E '^# (kernel hashes|sve_vl_bits|rvv_vlen_bits|model)' "$got" || true
  [[ $rc -eq 0 ]] || { grep -E 'MISMATCH|MISSING' "$got"; fail "$tree/$variant: test_kernel_hashes $isa failed (output $got)"; }
  if [[ "$vl" != "-" ]]; then
    grep -qE "^# (sve_vl_bits|rvv_vlen_bits) $vl\$" "$got" ||
      fail "$tree/$variant: the run did not use a $vl-bit vector length (QEMU_CPU=$cpu; output $got)"
  fi
  local d
  d="$(diff <(grep -v '^#' "$want") <(grep -v '^#' "$got"))"
  if [[ -n "$d" ]]; then
    echo "$d"
    fail "$tree/$variant: hashes differ from the native x86-64 build (< native, > $tree;" \
      "a 'model' line alone differing points at libm's log/cos, not the kernels)"
  fi
  echo "checked: $(grep -vc '^#' "$got") hashes (every kernel and the model) equal to native $(uname -m)"
  echo "ran $tree/$variant in $((SECONDS - start)) s"
}

case "$mode" in
  build) do_build "$@" ;;
  run) do_run "$@" ;;
  *) usage ;;
esac
