# fma-cc.sh: compiler launcher for tock-parity --mutation fma (test only).
# CMake runs "sh fma-cc.sh <compiler> <args...>" for every compile of a
# mutated variant; for the AVX2 kernel file alone it appends -mfma and
# -ffp-contract=fast after the project's -ffp-contract=off (the last one
# wins), letting the compiler fuse a*b+c into one rounding. Parity must then
# fail. Never use this launcher for a real build.
case " $* " in
  *kernels_avx2.c*) exec "$@" -mfma -ffp-contract=fast ;;
esac
exec "$@"
