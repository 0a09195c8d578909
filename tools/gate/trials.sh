#!/usr/bin/env bash
# trials.sh - real-machine error rates of the tock regression gate.
#
# Runs paired A/B comparisons (tock-perf --ab) with one binary,
# tock-perf-slow (configure with -DTOCK_TEST_SLOWDOWN=ON): it is tock-perf
# plus a registration decorator that adds TOCK_SLOWDOWN_PCT percent (an
# environment variable) to each benchmark's unchanged routine
# (perf/suite/slowdown.c). A/A: both sides at 0% (every "regressed" verdict
# is a false alarm). A/B: the candidate at P%, the reference at 0%
# ("regressed" is a detection). Both sides run the same binary, so they
# share code layout and only the known slowdown differs. The reference side
# is a two-line wrapper script that sets TOCK_SLOWDOWN_PCT=0. Too slow for
# CI (a comparison runs 20 to 300 rounds of ~0.35 s: ~10 s for a clear
# change, up to ~110 s for none); it must never be used to judge a real
# change -- it only measures the gate.
#
# Usage: tools/gate/trials.sh TOCK_PERF_SLOW
#   env: TRIALS (default 10), PCTS (slowdowns in %, default "5 2"; "" for
#        A/A only),
#        BENCHES (default "state_encoding/compute_features
#        rssm_prediction/1"), ROUNDS and MAX_ROUNDS (--ab-rounds and
#        --ab-max-rounds; default: tock-perf's, 20 and 300), OUT (default
#        /tmp/tock-trials), EXTRA (extra tock-perf flags)
# Output: one line per comparison, then the rates; the full logs in
# $OUT/trials.log. Exit status: 0 when the goals hold (A/A <= 1% false
# regressions, 5% caught >= 95%, 2% caught >= 80%; other slowdowns are
# reported, not judged), 1 when one is missed, 2 on an error.
set -u
usage() { sed -n '2,/^$/s/^# \{0,1\}//p' "$0" >&2; exit 2; }
[ $# -eq 1 ] || usage
slow=$1
[ -x "$slow" ] || { echo "trials.sh: $slow: expected an executable tock-perf-slow" >&2; exit 2; }
slow=$(cd "$(dirname "$slow")" && pwd)/$(basename "$slow")
trials=${TRIALS:-10}
pcts=${PCTS-"5 2"}
benches=${BENCHES:-"state_encoding/compute_features rssm_prediction/1"}
out=${OUT:-/tmp/tock-trials}
extra=${EXTRA:-}
rounds=()
[ -n "${ROUNDS:-}" ] && rounds+=(--ab-rounds "$ROUNDS")
[ -n "${MAX_ROUNDS:-}" ] && rounds+=(--ab-max-rounds "$MAX_ROUNDS")
mkdir -p "$out" || exit 2
log="$out/trials.log"
: > "$log"
# a build that lacks the hook would make every A/B an A/A: refuse it
if TOCK_SLOWDOWN_PCT=x "$slow" --list >/dev/null 2>&1; then
    echo "trials.sh: $slow ignores TOCK_SLOWDOWN_PCT: expected tock-perf-slow (-DTOCK_TEST_SLOWDOWN=ON)" >&2
    exit 2
fi
ref="$out/reference.sh"
printf '#!/bin/sh\nTOCK_SLOWDOWN_PCT=0 exec "%s" "$@"\n' "$slow" > "$ref" && chmod +x "$ref" || exit 2

# one comparison: prints regressed|improved|unchanged, or exits 2
compare() { # pct bench
    local rc
    # shellcheck disable=SC2086
    TOCK_SLOWDOWN_PCT=$1 "$slow" --ab "$ref" "${rounds[@]}" --out "$out/runs" --exact $extra "$2" >> "$log" 2>&1
    rc=$?
    case $rc in
        0) if tail -n 40 "$log" | grep -q "Performance has improved"; then echo improved; else echo unchanged; fi ;;
        1) echo regressed ;;
        *) echo "trials.sh: TOCK_SLOWDOWN_PCT=$1 $slow --ab $ref $2 failed with exit $rc (see $log)" >&2; exit 2 ;;
    esac
}

declare -A n reg imp
for p in 0 $pcts; do n[$p]=0; reg[$p]=0; imp[$p]=0; done
for ((t = 1; t <= trials; t++)); do
    for b in $benches; do
        for p in 0 $pcts; do
            v=$(compare "$p" "$b") || exit 2
            n[$p]=$((n[$p] + 1))
            [ "$v" = regressed ] && reg[$p]=$((reg[$p] + 1))
            [ "$v" = improved ] && imp[$p]=$((imp[$p] + 1))
            if [ "$p" = 0 ]; then echo "trial $t A/A $b: $v"; else echo "trial $t A/B +$p% $b: $v"; fi
        done
    done
done
ok=0
echo "A/A: ${reg[0]} false regressions (and ${imp[0]} false improvements) in ${n[0]} comparisons"
[ $((reg[0] * 100)) -le "${n[0]}" ] || ok=1
for p in $pcts; do
    echo "A/B +$p%: ${reg[$p]} of ${n[$p]} detected"
    case $p in
        5) [ $((reg[$p] * 100)) -ge $((95 * n[$p])) ] || ok=1 ;;
        2) [ $((reg[$p] * 100)) -ge $((80 * n[$p])) ] || ok=1 ;;
    esac
done
echo "load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $ok
