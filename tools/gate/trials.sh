#!/usr/bin/env bash
# trials.sh - real-machine error rates of the tock regression gate.
#
# Runs paired A/B comparisons (tock-perf --ab) of a build against itself
# (A/A: every "regressed" verdict is a false alarm) and of slowed builds
# against the normal one (A/B: "regressed" is a detection), and prints the
# rates. The slowed builds come from configuring with -DTOCK_SLOWDOWN_PCT=P
# (perf/suite/CMakeLists.txt), which builds tock-perf-slow, whose
# state_encoding/compute_features and rssm_prediction/* do P% more kernel
# calls. Too slow for CI (a comparison runs 20 to 300 rounds of ~0.35 s:
# ~10 s for a clear change, up to ~110 s for none); it must never be used
# to judge a real change -- it only measures the gate.
#
# Usage: tools/gate/trials.sh TOCK_PERF [SLOW5 [SLOW2]] 
#   env: TRIALS (default 10), BENCHES (default "state_encoding/compute_features
#        rssm_prediction/1"), ROUNDS and MAX_ROUNDS (--ab-rounds and
#        --ab-max-rounds; default: tock-perf's, 20 and 300), OUT (default
#        /tmp/tock-trials),
#        EXTRA (extra tock-perf flags, e.g. "--measurement-time 0.2")
# Exit status: 0 when the goals hold (A/A <= 1% false regressions, 5% caught
# >= 95%, 2% caught >= 80%), 1 when one is missed, 2 on an error.
set -u
base=${1:?usage: trials.sh TOCK_PERF [SLOW5 [SLOW2]]}
slow5=${2:-}
slow2=${3:-}
trials=${TRIALS:-10}
benches=${BENCHES:-"state_encoding/compute_features rssm_prediction/1"}
rounds=()
[ -n "${ROUNDS:-}" ] && rounds+=(--ab-rounds "$ROUNDS")
[ -n "${MAX_ROUNDS:-}" ] && rounds+=(--ab-max-rounds "$MAX_ROUNDS")
out=${OUT:-/tmp/tock-trials}
extra=${EXTRA:-}
mkdir -p "$out" || exit 2
log="$out/trials.log"
: > "$log"

# one comparison: prints regressed|improved|unchanged, or exits 2
compare() { # cand ref bench
    local rc
    # shellcheck disable=SC2086
    "$1" --ab "$2" "${rounds[@]}" --out "$out/runs" --exact $extra "$3" >> "$log" 2>&1
    rc=$?
    case $rc in
        0) if tail -n 40 "$log" | grep -q "Performance has improved"; then echo improved; else echo unchanged; fi ;;
        1) echo regressed ;;
        *) echo "trials.sh: $1 --ab $2 $3 failed with exit $rc (see $log)" >&2; exit 2 ;;
    esac
}

declare -A n reg imp
for kind in aa ab5 ab2; do n[$kind]=0; reg[$kind]=0; imp[$kind]=0; done
for ((t = 1; t <= trials; t++)); do
    for b in $benches; do
        v=$(compare "$base" "$base" "$b") || exit 2
        n[aa]=$((n[aa] + 1)); [ "$v" = regressed ] && reg[aa]=$((reg[aa] + 1)); [ "$v" = improved ] && imp[aa]=$((imp[aa] + 1))
        echo "trial $t A/A $b: $v"
        if [ -n "$slow5" ]; then
            v=$(compare "$slow5" "$base" "$b") || exit 2
            n[ab5]=$((n[ab5] + 1)); [ "$v" = regressed ] && reg[ab5]=$((reg[ab5] + 1))
            echo "trial $t A/B +5% $b: $v"
        fi
        if [ -n "$slow2" ]; then
            v=$(compare "$slow2" "$base" "$b") || exit 2
            n[ab2]=$((n[ab2] + 1)); [ "$v" = regressed ] && reg[ab2]=$((reg[ab2] + 1))
            echo "trial $t A/B +2% $b: $v"
        fi
    done
done
ok=0
echo "A/A: ${reg[aa]} false regressions (and ${imp[aa]} false improvements) in ${n[aa]} comparisons"
[ $((reg[aa] * 100)) -le "${n[aa]}" ] || ok=1
if [ "${n[ab5]}" -gt 0 ]; then
    echo "A/B +5%: ${reg[ab5]} of ${n[ab5]} detected"
    [ $((reg[ab5] * 100)) -ge $((95 * n[ab5])) ] || ok=1
fi
if [ "${n[ab2]}" -gt 0 ]; then
    echo "A/B +2%: ${reg[ab2]} of ${n[ab2]} detected"
    [ $((reg[ab2] * 100)) -ge $((80 * n[ab2])) ] || ok=1
fi
echo "load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $ok
