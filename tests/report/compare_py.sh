#!/usr/bin/env bash
# tests/report/compare_py.sh: tock-report's Google Benchmark exports load in
# Google Benchmark's own compare.py (Debian libbenchmark-tools, which ships
# it as /usr/share/benchmark/compare.py; it needs python3-numpy and
# python3-scipy). Two real quick runs of perf/examples/example.c (target
# tock_example) are exported with --format gbench and --format
# gbench-samples, and compare.py must, with exit 0 and nothing on stderr:
#   benchmarks OLD NEW             list every benchmark id, with the exported
#                                  real_time as "Time Old" / "Time New"
#   -a benchmarks OLD NEW          (gbench-samples) run its U test on every
#                                  id, over as many repetitions as the run
#                                  has samples, and list the aggregates
#   filters RUN F1 F2              compare two ids of one run
#   benchmarksfiltered A F B F     compare one family across the two runs
# The numbers are checked through compare.py's --dump_to_json output. No
# measured time is asserted on. Without compare.py (or a python3 that has
# numpy and scipy): as root the packages are installed with apt-get (as
# tools/deps.sh test does); as anyone else the test prints SKIPPED and
# passes.
#
# usage: compare_py.sh PATH/TO/tock_example PATH/TO/tock-report WORK_DIR
# Last line: "N passed, N failed"; exit 0 when nothing failed.
set -uo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: $0 PATH/TO/tock_example PATH/TO/tock-report WORK_DIR" >&2
  exit 2
fi
example="$1"
report="$2"
work="$3"
# shellcheck source=harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
fresh_work "$work"

# ---- compare.py and a python3 that can run it ----
compare="${TOCK_COMPARE_PY:-/usr/share/benchmark/compare.py}"
pkgs=(libbenchmark-tools python3-numpy python3-scipy)
find_python() {
  py=""
  # Debian's python3 first: a python3 earlier on PATH (pyenv, a venv) may
  # lack the Debian-packaged numpy and scipy
  for c in /usr/bin/python3 "$(command -v python3 2>/dev/null)"; do
    if [[ -n "$c" && -x "$c" ]] && "$c" -c 'import numpy, scipy.stats' >/dev/null 2>&1; then
      py="$c"
      return 0
    fi
  done
  return 1
}
have_tools() { [[ -f "$compare" ]] && find_python; }

echo "Google Benchmark's compare.py"
if ! have_tools; then
  if [[ "$(id -u)" -eq 0 ]]; then
    echo "  compare.py or numpy/scipy missing; installing (root): apt-get install ${pkgs[*]}"
    if ! { apt-get update >"$work/apt.log" 2>&1 &&
           DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
             "${pkgs[@]}" >>"$work/apt.log" 2>&1; }; then
      bad "apt-get install ${pkgs[*]} failed (log: $work/apt.log)"
      finish
    fi
    if ! have_tools; then
      bad "after installing ${pkgs[*]}: no $compare, or no python3 that imports numpy and scipy"
      finish
    fi
  else
    echo "SKIPPED: $compare or a python3 with numpy and scipy is missing and this user" \
         "cannot install them (sudo apt-get install ${pkgs[*]}); compare.py did not run"
    finish
  fi
fi
version="$(dpkg-query -W -f='${Version}' libbenchmark-tools 2>/dev/null || echo unknown)"
ok "compare.py: $compare (libbenchmark-tools $version), $py ($("$py" --version 2>&1))"

# ---- two real runs and their exports ----
echo "two quick runs of perf/examples/example.c, exported"
for side in a b; do
  if ! "$example" --quick --out "$work/runs-$side" >"$work/example-$side.log" 2>&1; then
    bad "tock_example --quick ($side) exited non-zero (log: $work/example-$side.log)"
    finish
  fi
  run="$(find "$work/runs-$side" -mindepth 1 -maxdepth 1 -type d | sort | head -n 1)"
  for f in gbench gbench-samples; do
    if ! "$report" "$run" --format "$f" --out "$work/$side-$f.json" 2>"$work/report.err"; then
      bad "tock-report --format $f ($side): $(head -c 300 "$work/report.err")"
      finish
    fi
  done
done
ok "runs a and b exported as gbench and gbench-samples"
mapfile -t ids < <("$example" --list | sed -E 's/: [a-z]+$//')
if [[ ${#ids[@]} -lt 2 ]]; then
  bad "tock_example --list gave ${#ids[@]} ids (expected at least 2)"
  finish
fi

# runs compare.py; $1 is a name for the output files, the rest its arguments
cp_run() {
  local tag="$1"
  shift
  local rc=0
  "$py" "$compare" --no-color "$@" >"$work/$tag.out" 2>"$work/$tag.err" || rc=$?
  if [[ $rc -eq 0 && ! -s "$work/$tag.err" ]] && ! grep -q 'WARNING' "$work/$tag.out"; then
    ok "compare.py $* (exit 0, no warning)"
    return 0
  fi
  bad "compare.py $*: exit $rc; stderr: $(head -c 400 "$work/$tag.err");" \
      "warnings: $(grep -m 2 WARNING "$work/$tag.out")"
  return 1
}
# the first column of compare.py's table rows
rows() { awk 'NR > 3 { print $1 }' "$work/$1.out"; }

echo "compare.py benchmarks: one entry per benchmark"
if cp_run benchmarks -d "$work/benchmarks.diff.json" benchmarks "$work/a-gbench.json" \
     "$work/b-gbench.json"; then
  missing=()
  for id in "${ids[@]}"; do rows benchmarks | grep -Fxq -- "$id" || missing+=("$id"); done
  if [[ ${#missing[@]} -eq 0 ]]; then
    ok "every one of the ${#ids[@]} ids has its row"
  else
    bad "ids without a row: ${missing[*]}"
  fi
  rows benchmarks | grep -Fxq OVERALL_GEOMEAN && ok "OVERALL_GEOMEAN row" ||
    bad "no OVERALL_GEOMEAN row"
  # compare.py's numbers are the exported ones: real_time of a and b per id
  check="$("$py" - "$work/a-gbench.json" "$work/b-gbench.json" \
             "$work/benchmarks.diff.json" <<'PY'
import json, sys
a, b, diff = (json.load(open(p)) for p in sys.argv[1:4])
old = {x["name"]: x for x in a["benchmarks"]}
new = {x["name"]: x for x in b["benchmarks"]}
bad = []
for d in diff:
    if d["name"] == "OVERALL_GEOMEAN":
        continue
    m = d["measurements"]
    if d["time_unit"] != "ns" or len(m) != 1:
        bad.append("%s: unit %s, %d rows" % (d["name"], d["time_unit"], len(m)))
        continue
    o, n = old[d["name"]], new[d["name"]]
    want = (o["real_time"], n["real_time"], o["cpu_time"], n["cpu_time"],
            n["real_time"] / o["real_time"] - 1)
    got = (m[0]["real_time"], m[0]["real_time_other"], m[0]["cpu_time"],
           m[0]["cpu_time_other"], m[0]["time"])
    if any(abs(g - w) > 1e-12 * max(1.0, abs(w)) for g, w in zip(got, want)):
        bad.append("%s: %r != %r" % (d["name"], got, want))
print("ok %d" % (len(diff) - 1) if not bad else "; ".join(bad[:3]))
PY
)"
  if [[ "$check" == "ok ${#ids[@]}" ]]; then
    ok "Time Old/New and the change are the exported real_time values (--dump_to_json)"
  else
    bad "compare.py's numbers: $check"
  fi
fi

echo "compare.py -a benchmarks on gbench-samples: the U test over the samples"
if cp_run samples -a -d "$work/samples.diff.json" benchmarks "$work/a-gbench-samples.json" \
     "$work/b-gbench-samples.json"; then
  missing=()
  for id in "${ids[@]}"; do
    for suffix in _pvalue _mean _median _stddev _cv _typical; do
      rows samples | grep -Fxq -- "$id$suffix" || missing+=("$id$suffix")
    done
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    ok "every id has its U test row and its five aggregate rows"
  else
    bad "rows missing: ${missing[*]:0:6}"
  fi
  check="$("$py" - "$work/a-gbench-samples.json" "$work/b-gbench-samples.json" \
             "$work/samples.diff.json" <<'PY'
import json, sys
a, b, diff = (json.load(open(p)) for p in sys.argv[1:4])
def reps(run):
    n = {}
    for x in run["benchmarks"]:
        if x["run_type"] == "iteration":
            n[x["name"]] = n.get(x["name"], 0) + 1
    return n
na, nb = reps(a), reps(b)
bad, tested = [], 0
for d in diff:
    if d["run_type"] != "iteration":
        continue
    u = d["utest"]
    if not u:
        bad.append("%s: no U test" % d["name"])
        continue
    tested += 1
    if (u["nr_of_repetitions"], u["nr_of_repetitions_other"]) != (na[d["name"]], nb[d["name"]]):
        bad.append("%s: %d vs %d repetitions" % (d["name"], u["nr_of_repetitions"],
                                                 u["nr_of_repetitions_other"]))
    if not (0.0 <= u["time_pvalue"] <= 1.0):
        bad.append("%s: p %r" % (d["name"], u["time_pvalue"]))
print("ok %d" % tested if not bad else "; ".join(bad[:3]))
PY
)"
  if [[ "$check" == "ok ${#ids[@]}" ]]; then
    ok "U test on every id, repetitions = the samples of each run, p in [0, 1]"
  else
    bad "U test: $check"
  fi
fi

echo "compare.py filters and benchmarksfiltered"
esc() { sed -E 's/[][\.*^$+?(){}|]/\\&/g' <<<"$1"; }
f1="$(esc "${ids[0]}")\$"
f2="$(esc "${ids[1]}")\$"
if cp_run filters filters "$work/a-gbench.json" "$f1" "$f2"; then
  if grep -Fq -- "[$f1 vs. $f2]" "$work/filters.out"; then
    ok "one row compares ${ids[0]} with ${ids[1]}"
  else
    bad "no '[$f1 vs. $f2]' row"
  fi
fi
family="${ids[-1]%%/*}/"
nfam=0
for id in "${ids[@]}"; do [[ "$id" == "$family"* ]] && nfam=$((nfam + 1)); done
if cp_run filtered benchmarksfiltered "$work/a-gbench.json" "$family" \
     "$work/b-gbench.json" "$family"; then
  n="$(grep -cF "[$family vs. $family]" "$work/filtered.out")"
  if [[ "$n" -eq "$nfam" ]]; then
    ok "family $family: $n rows, one per id"
  else
    bad "family $family: $n rows, expected $nfam"
  fi
fi
finish
