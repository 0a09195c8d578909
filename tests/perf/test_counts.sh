#!/usr/bin/env bash
# test_counts.sh - tock-perf --measure instructions, through real runs.
#
#   test_counts.sh target COUNT_TARGET COUNT_TARGET_NOCG WORK REAL [TOCK_REPORT]
#       counts of tests/perf/count_target.c: files, repeatability, exact
#       comparisons (--baseline, --load-baseline, --ab) and every bad input
#       (no valgrind, a failing one, unparsable output, mode mismatches,
#       --threads 2, a build without callgrind.h). REAL=0 (a sanitizer
#       build, which valgrind cannot run, or no valgrind installed): only
#       the checks that need no real valgrind. With TOCK_REPORT: its
#       exports and tables of a count run (csv, gbench, bmf, markdown, html).
#   test_counts.sh suite TOCK_PERF WORK
#       the whole suite counted twice: every benchmark's counts identical.
# Exit 0 pass, 1 fail.
set -u
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

# runs "$@" in $WORK, stdout+stderr to $WORK/out.txt; sets rc
run() { (cd "$WORK" && "$@") >"$WORK/out.txt" 2>&1; rc=$?; }
expect_rc() { # want what
  if [ "$rc" -ne "$1" ]; then
    fail "$2: exit $rc, expected $1"
    sed 's/^/    /' "$WORK/out.txt" >&2
  else ok "$2 (exit $1)"; fi
}
expect_out() { # text what
  if grep -qF -- "$1" "$WORK/out.txt"; then ok "$2"; else
    fail "$2: output lacks '$1'"
    sed 's/^/    /' "$WORK/out.txt" >&2
  fi
}
nruns() { find "$WORK/results/runs" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l; }
latest() { ls -dt "$WORK"/results/runs/*/ | head -1; }
# the id,... rows of a run's summary.csv (the counts), header dropped
counts_of() { tail -n +2 "$1/summary.csv"; }

mode=$1
shift
if [ "$mode" = suite ]; then
  PERF=$1 WORK=$2
  rm -rf "$WORK" && mkdir -p "$WORK"
  for k in 1 2; do
    run "$PERF" --measure instructions --out "results/runs"
    expect_rc 0 "suite count run $k"
    cp "$(latest)/summary.csv" "$WORK/counts$k.csv"
    sleep 1 # run ids have a one-second clock
  done
  n=$(($(wc -l <"$WORK/counts1.csv") - 1))
  [ "$n" -gt 50 ] || fail "suite: only $n benchmarks counted"
  if cmp -s "$WORK/counts1.csv" "$WORK/counts2.csv"; then
    ok "suite: $n benchmarks, identical counts in two runs"
  else
    fail "suite: counts differ between two runs"
    diff "$WORK/counts1.csv" "$WORK/counts2.csv" | head -20 >&2
  fi
  [ "$fails" -eq 0 ] || exit 1
  exit 0
fi

T=$1 NOCG=$2 WORK=$3 REAL=$4 REPORT=${5:-}
rm -rf "$WORK" && mkdir -p "$WORK/tmp" "$WORK/fake"
export TMPDIR="$WORK/tmp" # scratch directories must be gone after every run
unset TOCK_COUNT_EXTRA TOCK_VALGRIND

# ---- no real valgrind needed ----
run "$T" --measure instructions --threads 2
expect_rc 2 "--threads 2 with counts"
expect_out "1 thread only" "--threads 2 names the problem"
run "$T" --measure bogus
expect_rc 2 "--measure bogus"
run "$T" --count-threshold 0.01
expect_rc 2 "--count-threshold without --measure instructions"
run "$NOCG" --measure instructions
expect_rc 2 "a build without <valgrind/callgrind.h>"
expect_out "install valgrind (apt-get install valgrind)" "no callgrind.h says what to install"

before=$(nruns)
run env TOCK_VALGRIND=/nonexistent/valgrind "$T" --measure instructions
expect_rc 2 "TOCK_VALGRIND=/nonexistent"
expect_out "TOCK_VALGRIND=/nonexistent/valgrind" "a missing TOCK_VALGRIND is named"
run env PATH=/nonexistent "$T" --measure instructions
expect_rc 2 "no valgrind on PATH"
expect_out "valgrind not found on PATH" "no valgrind on PATH is named"

printf '#!/bin/sh\necho "fake valgrind: failing" >&2\nexit 1\n' >"$WORK/fake/fail"
chmod +x "$WORK/fake/fail"
run env TOCK_VALGRIND="$WORK/fake/fail" "$T" --measure instructions
expect_rc 2 "a valgrind that exits 1"
expect_out "valgrind failed" "a failing valgrind is named"

# writes garbage where callgrind writes its first dump
cat >"$WORK/fake/garbage" <<'EOF'
#!/bin/sh
for a in "$@"; do
  case $a in --callgrind-out-file=*) f=${a#--callgrind-out-file=};; esac
done
printf 'this is not\na callgrind file\n' >"$f.1"
exit 0
EOF
chmod +x "$WORK/fake/garbage"
run env TOCK_VALGRIND="$WORK/fake/garbage" "$T" --measure instructions
expect_rc 2 "unparsable callgrind output"
expect_out "not a callgrind output file" "unparsable output is named"
# a callgrind file without the cache events (no --cache-sim)
cat >"$WORK/fake/nocache" <<'EOF'
#!/bin/sh
for a in "$@"; do
  case $a in --callgrind-out-file=*) f=${a#--callgrind-out-file=};; esac
done
printf '# callgrind format\nevents: Ir\ndesc: Trigger: Client Request: tock:count/loop:4\nsummary: 100\n' >"$f.1"
exit 0
EOF
chmod +x "$WORK/fake/nocache"
run env TOCK_VALGRIND="$WORK/fake/nocache" "$T" --measure instructions
expect_rc 2 "callgrind output without cache events"
expect_out "event Dr is missing" "the missing event is named"
# a fake valgrind that writes known dumps: the per-iteration arithmetic
# (count(2n) - count(n)) / n and the files, without real valgrind (so a
# sanitizer build checks the dump reading too)
cat >"$WORK/fake/known" <<'EOF'
#!/bin/sh
for a in "$@"; do
  case $a in --callgrind-out-file=*) f=${a#--callgrind-out-file=};; esac
done
k=0
dump() { # label Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw
  k=$((k + 1))
  l=$1; shift
  printf '# callgrind format\nversion: 1\ndesc: Trigger: Client Request: %s\n' "$l" >"$f.$k"
  printf 'events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw\nsummary: %s\n' "$*" >>"$f.$k"
}
dump tock:count/loop:4 1000 400 40 4 8 0 1
dump tock:count/loop:8 1400 600 80 4 12 4 1
dump tock:count/batched:4 50 5
dump tock:count/batched:8 90 9
dump other:label 7
printf 'isa_dispatched\tfake\n' >"$TOCK_COUNT_CHILD/child-prov.txt"
echo ok >"$TOCK_COUNT_CHILD/child-done.txt"
EOF
chmod +x "$WORK/fake/known"
if "$T" --help | grep -q -- '--measure'; then
  run env TOCK_VALGRIND="$WORK/fake/known" "$T" --measure instructions --out results/known
  expect_rc 0 "known dumps"
  K=$(ls -d "$WORK"/results/known/*/ | head -1)
  # loop: Ir (1400-1000)/4 = 100, Dr 50, Dw 10, I1mr 0, D1mr 1, D1mw 1, ILmr 0;
  # est. cycles 100 + 10 x 2 = 120; batched: Ir 10, Dr 1
  grep -q '^count/loop,4,100,50,10,0,1,1,0,0,0,120,' "$K/summary.csv" ||
    fail "known dumps: count/loop row $(grep count/loop "$K/summary.csv")"
  grep -q '^count/batched,4,10,1,0,0,0,0,0,0,0,10,' "$K/summary.csv" ||
    fail "known dumps: count/batched row $(grep count/batched "$K/summary.csv")"
  grep -q '"isa_counted": "fake"' "$K/summary.json" || fail "known dumps: the child's ISA"
  grep -q '| ISA counted | fake |' "$K/REPORT.md" || fail "known dumps: REPORT.md's ISA"
  rm -rf "$WORK/results/known"
fi
[ "$(nruns)" -eq "$before" ] || fail "bad input left a run directory in results/runs"
[ -z "$(ls -A "$WORK/tmp")" ] || fail "bad input left scratch files in TMPDIR: $(ls "$WORK/tmp")"
ok "bad input: no run directory, no scratch files left"

if [ "$REAL" != 1 ]; then
  echo "test_counts: no real valgrind here (or a sanitizer build): real counting not tested"
  [ "$fails" -eq 0 ] || exit 1
  exit 0
fi

# ---- real counts ----
run "$T" --measure instructions
expect_rc 0 "count run"
R1=$(latest)
for f in summary.json summary.csv REPORT.md provenance.json manifest.json; do
  [ -f "$R1/$f" ] || fail "count run: $f missing"
done
grep -q '"measure": "instructions"' "$R1/summary.json" || fail "summary.json: no measure"
grep -q '"est_cycles"' "$R1/summary.json" || fail "summary.json: no est_cycles"
grep -q 'iai-callgrind' "$R1/summary.json" || fail "summary.json: the formula's source"
grep -q '| est. cycles |' "$R1/REPORT.md" || fail "REPORT.md: no counts table"
grep -q 'ISA counted\|isa' "$R1/REPORT.md" || true
ir=$(awk -F, '$1=="count/loop"{print $3}' "$R1/summary.csv")
# 100 dependent steps of a multiply-add loop: a few hundred instructions
awk -v x="$ir" 'BEGIN{exit !(x >= 200 && x <= 2000)}' || fail "count/loop Ir $ir not in [200, 2000]"
bir=$(awk -F, '$1=="count/batched"{print $3}' "$R1/summary.csv")
[ -n "$bir" ] || fail "count/batched not counted"
ok "count/loop Ir per iteration $ir, count/batched $bir"
sleep 1
run "$T" --measure instructions
R2=$(latest)
if cmp -s <(counts_of "$R1") <(counts_of "$R2"); then ok "two runs: identical counts"; else
  fail "two runs: counts differ"
  diff <(counts_of "$R1") <(counts_of "$R2") >&2
fi
# 10 more steps: Ir per iteration grows
run env TOCK_COUNT_EXTRA=100 "$T" --measure instructions
ir2=$(awk -F, '$1=="count/loop"{print $3}' "$(latest)/summary.csv")
awk -v a="$ir" -v b="$ir2" 'BEGIN{exit !(b > 1.5 * a)}' || fail "200 steps ($ir2) not > 1.5 x 100 steps ($ir)"

# baselines: exact verdicts, exit 1 on regression
run "$T" --measure instructions --save-baseline c0
expect_rc 0 "save a count baseline"
grep -q '^mode instructions$' "$WORK/results/baselines/c0/baseline.txt" || fail "count baseline has no mode line"
run "$T" --measure instructions --baseline c0
expect_rc 0 "same program vs its count baseline"
expect_out "unchanged" "unchanged verdict"
run env TOCK_COUNT_EXTRA=10 "$T" --measure instructions --baseline c0
expect_rc 1 "10% more steps vs the baseline"
grep -q '| count/loop | regressed |' "$(latest)/COMPARE.md" || fail "COMPARE.md: count/loop not regressed"
grep -q '"verdict": "regressed"' "$(latest)/summary.json" || fail "summary.json: no regressed verdict"
run env TOCK_COUNT_EXTRA=10 "$T" --measure instructions --baseline c0 --count-threshold 0.5
expect_rc 0 "the same change inside --count-threshold 0.5"
run env TOCK_COUNT_EXTRA=10 "$T" --measure instructions --save-baseline c10
run "$T" --measure instructions --baseline c10 --load-baseline c0
expect_rc 0 "--load-baseline: fewer steps"
grep -q '| count/loop | improved |' "$(latest)/COMPARE.md" || fail "COMPARE.md: count/loop not improved"
run "$T" --measure instructions --baseline c0 --load-baseline c10
expect_rc 1 "--load-baseline: more steps"

# mode mismatches
run "$T" --baseline c0 --quick
expect_rc 2 "a count baseline in a time run"
expect_out "holds instruction counts" "count baseline in time mode is named"
run "$T" --quick --warm-up-time 0.01 --measurement-time 0.05 --save-baseline t0
run "$T" --measure instructions --baseline t0
expect_rc 2 "a time baseline in a count run"
expect_out "holds times" "time baseline in count mode is named"

# --ab: the other program counted too (a wrapper with 10 more steps)
printf '#!/bin/sh\nTOCK_COUNT_EXTRA=10 exec "%s" "$@"\n' "$T" >"$WORK/fake/slower"
printf '#!/bin/sh\nTOCK_COUNT_EXTRA=0 exec "%s" "$@"\n' "$T" >"$WORK/fake/faster"
chmod +x "$WORK"/fake/*
run "$T" --measure instructions --ab "$WORK/fake/slower"
expect_rc 0 "--ab against a slower reference"
grep -q '| count/loop | improved |' "$(latest)/COMPARE.md" || fail "--ab: count/loop not improved"
run env TOCK_COUNT_EXTRA=10 "$T" --measure instructions --ab "$WORK/fake/faster"
expect_rc 1 "--ab against a faster reference"
expect_out "regressed (exit status 1)" "--ab regression announced"
run "$T" --measure instructions --ab "$WORK/fake/fail"
expect_rc 2 "--ab with a failing other program"
[ -z "$(ls -A "$WORK/tmp")" ] || fail "scratch files left in TMPDIR: $(ls "$WORK/tmp")"

# the timed --ab gate's first stage (gate_stage.c): counts of both builds,
# then timed rounds. Short rounds and budget: only the stage is judged here.
G=(--ab-rounds 6 --ab-budget 20 --warm-up-time 0.01 --measurement-time 0.02)
run env TOCK_COUNT_EXTRA=10 "$T" --ab "$WORK/fake/slower" "${G[@]}"
expect_rc 0 "gate: A/A (same counts)"
expect_out "gate stage 1: 0 regressed, 0 improved, 2 unchanged" "gate: stage 1 in the console"
grep -q 'Stage 1, instruction counts.*\*\*0 regressed\*\*' "$(latest)/COMPARE.md" ||
  fail "gate: COMPARE.md lacks stage 1"
python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["comparison"]["count_stage"]; sys.exit(0 if c["ran"] and len(c["benchmarks"]) == 2 else 1)' "$(latest)/summary.json" ||
  fail "gate: summary.json count_stage"
run env TOCK_COUNT_EXTRA=10 "$T" --ab "$WORK/fake/faster" "${G[@]}"
expect_rc 1 "gate: a count regression fails the gate"
expect_out "count/loop" "gate: the regressed benchmark is named"
grep -q '| count/loop | regressed |' "$(latest)/COMPARE.md" || fail "gate: count/loop regressed row"
run "$T" --ab "$WORK/fake/slower" --ab-counts off "${G[@]}"
expect_rc 0 "gate: --ab-counts off"
python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["comparison"]["count_stage"]; sys.exit(0 if not c["ran"] and c["note"].startswith("off") else 1)' "$(latest)/summary.json" ||
  fail "gate: --ab-counts off not recorded"
before=$(nruns)
run env TOCK_VALGRIND=/nonexistent "$T" --ab "$WORK/fake/slower" --ab-counts on "${G[@]}"
expect_rc 2 "gate: --ab-counts on without valgrind"
expect_out "the count stage cannot run" "gate: why the required stage cannot run"
[ "$(nruns)" -eq "$before" ] || fail "gate: a run directory was left by a stage that could not run"
run env TOCK_VALGRIND=/nonexistent "$T" --ab "$WORK/fake/slower" "${G[@]}"
expect_rc 0 "gate: auto without valgrind runs the timed stage"
expect_out "gate stage 1 (instruction counts) skipped" "gate: auto says it skipped the counts"
run env TOCK_VALGRIND="$WORK/fake/fail" "$T" --ab "$WORK/fake/slower" "${G[@]}"
expect_rc 0 "gate: auto with a failing valgrind runs the timed stage"
expect_out "warning: gate stage 1 (instruction counts) failed" "gate: auto warns of a failing valgrind"
run "$T" --ab "$WORK/fake/slower" --ab-counts on --threads 2 "${G[@]}"
expect_rc 2 "gate: --ab-counts on --threads 2"
# the report section below reads a count run: make it the latest again
sleep 1
run env TOCK_COUNT_EXTRA=10 "$T" --measure instructions --ab "$WORK/fake/faster"

# tock-report on a count run (the last written: count/loop regressed under --ab)
if [ -n "$REPORT" ]; then
  R=$(latest)
  R=${R%/}
  run "$REPORT" "$R" --format csv --out "$WORK/r.csv"
  expect_rc 0 "tock-report csv of a count run"
  head -1 "$WORK/r.csv" | grep -q ',Ir,Dr,Dw,I1mr,D1mr,D1mw,ILmr,DLmr,DLmw,est_cycles,' ||
    fail "csv: no count columns"
  grep -q ',count/loop,.*,regressed' "$WORK/r.csv" || fail "csv: count/loop verdict"
  run "$REPORT" "$R" --format gbench --out "$WORK/r.gbench"
  expect_rc 0 "tock-report gbench of a count run"
  grep -q '"Ir": ' "$WORK/r.gbench" || fail "gbench: no Ir user counter"
  grep -q '"est_cycles": ' "$WORK/r.gbench" || fail "gbench: no est_cycles counter"
  run "$REPORT" "$R" --format bmf --out "$WORK/r.bmf"
  expect_rc 0 "tock-report bmf of a count run"
  grep -q '"instructions"' "$WORK/r.bmf" || fail "bmf: no instructions measure"
  grep -q '"estimated-cycles"' "$WORK/r.bmf" || fail "bmf: no estimated-cycles measure"
  run "$REPORT" "$R" --markdown
  expect_rc 0 "tock-report --markdown of a count run"
  expect_out "| \`count/loop\` |" "markdown: counts table row"
  expect_out "iai-callgrind" "markdown: the formula's source"
  run "$REPORT" "$R"
  expect_rc 0 "tock-report REPORT.html of a count run"
  grep -q '<h2>Instruction counts</h2>' "$R/REPORT.html" || fail "html: no counts table"
  run "$REPORT" --validate "$R"
  expect_rc 0 "tock-report --validate of a count run"
fi

[ "$fails" -eq 0 ] || { echo "test_counts: $fails failure(s)" >&2; exit 1; }
echo "test_counts: all passed"
