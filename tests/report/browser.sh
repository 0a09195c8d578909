#!/usr/bin/env bash
# tests/report/browser.sh: renders real runs and opens them in a real browser.
# Runs perf/examples/example.c (target tock_example) and tests/report/
# grid_example.c (a small 3-axis sweep, two parameterised groups whose
# scaling the run fits, and one plain benchmark) with --quick
# into WORK_DIR/runs and WORK_DIR/grid_runs, renders each REPORT.html with
# tock-report, checks the files statically (figures present, no external
# reference), then a third run of grid_example measured against a baseline
# saved by a fourth (--save-baseline, --baseline): its comparison figures
# (old-vs-new densities, the change's distribution with its interval and
# noise band) per compared benchmark, the grid run's violins and log
# parameter axes, and no comparison figure where there is no comparison.
# Then it loads each in headless Chromium: the page's own
# self-check (#tock-selfcheck) must report every SVG with a non-empty box
# and no script error, Chromium's log must hold no console message, and a
# full-page screenshot is saved as REPORT.png next to the report, and the
# new figures' elements must be in the DOM Chromium built. Every
# Chromium call is limited to 60 s. Without Chromium: as root it is
# installed with apt-get; as anyone else the test prints SKIPPED and passes.
# It must never touch the network: a fresh empty profile, and host
# resolution mapped to nothing.
#
# With OUTSIDE (perf/examples/outside, the outside-project example), the
# same for it: saved as a baseline, measured against it, rendered, and its
# comparison figures, violins (sort, sum, popcount) and the log axis of
# sum/floats (1k..256k) checked in the file and in Chromium's DOM.
#
# usage: browser.sh PATH/TO/tock_example PATH/TO/grid_example PATH/TO/tock-report WORK_DIR [OUTSIDE]
# Last line: "N passed, N failed"; exit 0 when nothing failed.
set -uo pipefail

if [[ $# -ne 4 && $# -ne 5 ]]; then
  echo "usage: $0 PATH/TO/tock_example PATH/TO/grid_example PATH/TO/tock-report WORK_DIR [OUTSIDE]" >&2
  exit 2
fi
example="$1"
grid_example="$2"
report="$3"
work="$4"
outside="${5:-}"
# shellcheck source=harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
fresh_work "$work"

# render NAME PROGRAM: a quick run of PROGRAM into $work/NAME, rendered;
# sets $html (empty on failure)
render() {
  local name="$1" prog="$2"
  html=""
  echo "a real quick run of $(basename "$prog")"
  if "$prog" --quick --out "$work/$name" >"$work/$name.log" 2>&1; then
    ok "$(basename "$prog") --quick"
  else
    bad "$(basename "$prog") --quick exited non-zero (log: $work/$name.log)"
    return
  fi
  local run
  run="$(find "$work/$name" -mindepth 1 -maxdepth 1 -type d | sort | head -n 1)"
  echo "tock-report renders it"
  if "$report" "$run" >"$work/$name.report.log" 2>&1 && [[ -s "$run/REPORT.html" ]]; then
    ok "tock-report wrote $run/REPORT.html"
  else
    bad "tock-report failed (log: $work/$name.report.log)"
    return
  fi
  html="$run/REPORT.html"
  # two figures per ordinary benchmark, at least one per sweep
  local nrec nsweep_rec nsweeps nplain nsvg
  nrec="$(grep -c '"samples_file"' "$run/summary.json")"
  nsweep_rec="$(grep -c '^ *"sweep": ' "$run/summary.json")"
  nsweeps="$(find "$run/sweeps" -name '*.csv' 2>/dev/null | wc -l)"
  nplain=$((nrec - nsweep_rec))
  nsvg="$(grep -o '<svg' "$html" | wc -l)"
  if [[ "$nrec" -gt 0 && "$nsvg" -ge $((2 * nplain + nsweeps)) ]]; then
    ok "$nsvg figures for $nplain benchmarks and $nsweeps sweeps ($nsweep_rec sweep records)"
  else
    bad "$nsvg figures for $nplain benchmarks and $nsweeps sweeps (expected at least" \
        "$((2 * nplain + nsweeps)))"
  fi
  if [[ "$nsweeps" -gt 0 ]]; then
    local nsec
    nsec="$(grep -o '<section id="sweep-' "$html" | wc -l)"
    if [[ "$nsec" -eq "$nsweeps" ]] && grep -q 'id="fig-sweep0-heat"' "$html"; then
      ok "$nsec sweep section(s), with a heat map"
    else
      bad "$nsec sweep sections for $nsweeps sweeps, or no heat map"
    fi
  fi
  local external
  external="$(grep -oE '(https?|ftp)://[^"'"'"' )<]*' "$html" | grep -v '^http://www.w3.org/2000/svg$' || true)"
  if [[ -z "$external" ]]; then
    ok "no external reference (only the SVG namespace)"
  else
    bad "external references: $(echo "$external" | head -n 3 | tr '\n' ' ')"
  fi
  if grep -qE '<script[^>]+src=|<link[^>]+href=|<img[^>]+src=|@import|url\(http' "$html"; then
    bad "the page loads something from another file"
  else
    ok "no script, stylesheet or image is loaded from elsewhere"
  fi
}

render runs "$example"
example_html="$html"
render grid_runs "$grid_example"
grid_html="$html"

# count_in FILE TEXT: how many times TEXT occurs in FILE
count_in() { grep -o -- "$2" "$1" | wc -l; }

# A compared run: the grid example saved as a baseline, then measured again
# against it (--baseline), rendered. Every non-sweep benchmark is compared,
# so each gets the old-vs-new densities and the change's distribution.
echo "a real quick run of $(basename "$grid_example") against a saved baseline"
cmp_html=""
if "$grid_example" --quick --out "$work/base_runs" --save-baseline b1 \
     --baseline-dir "$work/baselines" >"$work/base.log" 2>&1 &&
   { "$grid_example" --quick --out "$work/cmp_runs" --baseline b1 \
       --baseline-dir "$work/baselines" >"$work/cmp.log" 2>&1; [[ $? -le 1 ]]; }; then
  ok "--save-baseline b1, then --baseline b1"
  run="$(find "$work/cmp_runs" -mindepth 1 -maxdepth 1 -type d | sort | head -n 1)"
  if "$report" "$run" >"$work/cmp.report.log" 2>&1 && [[ -s "$run/REPORT.html" ]]; then
    ok "tock-report wrote $run/REPORT.html"
    cmp_html="$run/REPORT.html"
  else
    bad "tock-report failed on the compared run (log: $work/cmp.report.log)"
  fi
else
  bad "the baseline runs failed (logs: $work/base.log, $work/cmp.log)"
fi
# the comparison figures in a file: N compared non-sweep benchmarks
# (0 in a run without a comparison)
cmp_figures() {
  local html="$1" n="$2" what="$3"
  local got
  got="$(count_in "$html" '<polyline class="overlay-old"') $(count_in "$html" '<polyline class="overlay-new"')"
  got+=" $(count_in "$html" '<polygon class="kde-change"') $(count_in "$html" '<line class="change-point"')"
  got+=" $(count_in "$html" '<title>noise band')"
  if [[ "$got" == "$n $n $n $n $n" ]]; then
    ok "$what: old and new densities, change distribution, its interval and noise band x $n"
  else
    bad "$what: overlay old/new, change distribution, change line, noise band: $got (expected $n each)"
  fi
}
if [[ -n "$cmp_html" ]]; then
  echo "the compared run's REPORT.html"
  ncmp="$(grep -c '"verdict": ' "$(dirname "$cmp_html")/summary.json")"
  nsweep_cmp="$(grep -c '^ *"sweep": ' "$(dirname "$cmp_html")/summary.json")"
  cmp_figures "$cmp_html" $((ncmp - nsweep_cmp)) "compared run"
  if [[ "$(count_in "$cmp_html" '<line class="change-ci"')" -eq $((3 * (ncmp - nsweep_cmp))) ]]; then
    ok "two interval markers per change figure (and a legend swatch)"
  else
    bad "$(count_in "$cmp_html" '<line class="change-ci"') interval markers" \
        "(expected $((3 * (ncmp - nsweep_cmp))))"
  fi
fi
if [[ -n "$grid_html" ]]; then
  echo "the grid run (no comparison): violins per group, log axes, no comparison figure"
  cmp_figures "$grid_html" 0 "run without a comparison"
  # groups with >= 2 members: plain has 1, scale 10 (chain and offset over 1..16)
  if [[ "$(count_in "$grid_html" '<svg class="fig" id="fig-violin')" -eq 1 &&
        "$(count_in "$grid_html" '<path class="violin"')" -eq 10 ]]; then
    ok "one violin figure (group scale), 10 violins"
  else
    bad "violins: $(count_in "$grid_html" '<svg class="fig" id="fig-violin') figures," \
        "$(count_in "$grid_html" '<path class="violin"') violins (expected 1 and 10)"
  fi
  # parameters 1..16 span more than 10x: log ticks 1 2 5 10 on both group figures
  if [[ "$(count_in "$grid_html" '<text class="logtick-x"')" -ge 8 ]]; then
    ok "the group figures' parameter axes are logarithmic (1..16 spans > 10x)"
  else
    bad "$(count_in "$grid_html" '<text class="logtick-x"') log-axis ticks (expected >= 8)"
  fi
fi
if [[ -n "$grid_html" ]]; then
  # its two parameterised groups: the run's own fits, drawn and stated
  echo "the grid run's scaling fits in REPORT.html"
  nfit="$(grep -c '"line": ' "$(dirname "$grid_html")/summary.json")"
  nline="$(grep -o '<p class="fitline">' "$grid_html" | wc -l)"
  nsum="$(grep -o '<p class="scaling">Scaling: ' "$grid_html" | wc -l)"
  if [[ "$nfit" -eq 2 && "$nline" -eq 2 && "$nsum" -eq 2 ]]; then
    ok "2 fits in summary.json, stated under their figures and in the summary"
  else
    bad "$nfit fits in summary.json (expected 2), $nline under figures, $nsum in the summary"
  fi
  if grep -q "the run&#39;s fit: " "$grid_html" &&
     ! grep -q 'fitted here from summary.json' "$grid_html"; then
    ok "the group figures draw the run's fit, not one fitted by tock-report"
  else
    bad "a group figure lacks the run's fit or draws a line fitted by tock-report"
  fi
  if grep -q '<article id="crossovers">' "$grid_html"; then
    ok "the crossover of the two groups is listed"
  else
    bad "no crossover listed"
  fi
fi
if [[ -z "$example_html" || -z "$grid_html" ]]; then
  finish
fi

echo "headless Chromium"
browser=""
for c in chromium chromium-browser; do
  if command -v "$c" >/dev/null 2>&1; then
    browser="$(command -v "$c")"
    break
  fi
done
if [[ -z "$browser" ]]; then
  if [[ "$(id -u)" -eq 0 ]]; then
    echo "  chromium is not installed; installing it (root): apt-get install chromium"
    if ! { apt-get update >"$work/apt.log" 2>&1 &&
           DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
             chromium >>"$work/apt.log" 2>&1; }; then
      bad "apt-get install chromium failed (log: $work/apt.log)"
      finish
    fi
    browser="$(command -v chromium)"
  else
    echo "SKIPPED: chromium is not installed and this user cannot install it" \
         "(sudo apt-get install chromium); the browser checks did not run"
    finish
  fi
fi

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --disable-extensions --host-resolver-rules="MAP * ~NOTFOUND")

# The outside-project example, compared with its own saved baseline.
out_html=""
if [[ -n "$outside" ]]; then
  echo "a real quick run of the outside-project example against a saved baseline"
  if "$outside" --quick --out "$work/out_base" --save-baseline o1 \
       --baseline-dir "$work/obaselines" >"$work/obase.log" 2>&1 &&
     { "$outside" --quick --out "$work/out_cmp" --baseline o1 \
         --baseline-dir "$work/obaselines" >"$work/ocmp.log" 2>&1; [[ $? -le 1 ]]; }; then
    ok "outside: --save-baseline o1, then --baseline o1"
    run="$(find "$work/out_cmp" -mindepth 1 -maxdepth 1 -type d | sort | head -n 1)"
    if "$report" "$run" >"$work/ocmp.report.log" 2>&1 && [[ -s "$run/REPORT.html" ]]; then
      out_html="$run/REPORT.html"
      ncmp="$(grep -c '"verdict": ' "$run/summary.json")"
      cmp_figures "$out_html" "$ncmp" "outside compared run"
      nviol="$(count_in "$out_html" '<path class="violin"')"
      if [[ "$nviol" -ge 9 ]]; then
        ok "outside: violins for sort (2), sum/floats and popcount (2): $nviol"
      else
        bad "outside: $nviol violins (expected >= 9: sort 2, sum/floats 5, popcount 2)"
      fi
      if [[ "$(count_in "$out_html" '<text class="logtick-x"')" -ge 3 ]]; then
        ok "outside: sum/floats' parameter axis is logarithmic (1k..256k)"
      else
        bad "outside: no log-axis ticks for sum/floats (1k..256k spans > 10x)"
      fi
      if grep -q 'published\|isa unknown' "$out_html"; then
        bad "outside: the kernels project's published column or ISA row leaked into the report"
      else
        ok "outside: no published column, no ISA row"
      fi
    else
      bad "tock-report failed on the outside compared run (log: $work/ocmp.report.log)"
    fi
  else
    bad "the outside baseline runs failed (logs: $work/obase.log, $work/ocmp.log)"
  fi
fi

# in_browser HTML [CLASS...]: the self-check, the console and a full-page
# screenshot; each CLASS (an SVG element's class) must be in the DOM
# Chromium built, inside a laid-out SVG
in_browser() {
  local html="$1" name
  shift
  local want=("$@")
  name="$(basename "$(dirname "$html")")"
  echo "headless Chromium: $name"
  local nsvg url self profile profile2 rc console height shot sig size
  nsvg="$(grep -o '<svg' "$html" | wc -l)"
  url="file://${html// /%20}"
  profile="$(mktemp -d "$work/profile.XXXXXX")"
  rc=0
  # the same 1280-wide window as the screenshot, so the measured height fits it
  timeout 60 "$browser" "${flags[@]}" --user-data-dir="$profile" --enable-logging=stderr --v=0 \
    --window-size=1280,900 --dump-dom "$url" >"$work/dom.html" 2>"$work/chromium.log" || rc=$?
  if [[ $rc -eq 0 ]]; then
    ok "chromium --dump-dom finished"
  else
    bad "chromium --dump-dom exited $rc (124 = the 60 s limit; log: $work/chromium.log)"
    rm -rf "$profile"
    return
  fi
  self="$(grep -oE 'tock-selfcheck svgs=[0-9]+ empty=[0-9]+ errors=[0-9]+ height=[0-9]+[^<]*' \
          "$work/dom.html" | tail -n 1)"
  echo "  page says: ${self:-nothing}"
  field() { sed -nE "s/.* $1=([0-9]+).*/\\1/p" <<<"$self"; }
  if [[ -z "$self" ]]; then
    bad "the page's self-check did not run (no #tock-selfcheck result in the DOM)"
    rm -rf "$profile"
    return
  fi
  if [[ "$(field svgs)" -eq "$nsvg" ]]; then
    ok "the browser laid out all $nsvg SVGs"
  else
    bad "the browser saw $(field svgs) SVGs, the file has $nsvg"
  fi
  if [[ "$(field empty)" -eq 0 ]]; then
    ok "every SVG has a non-empty bounding box"
  else
    bad "$(field empty) SVGs have an empty bounding box ($self)"
  fi
  local cls indom infile
  for cls in "${want[@]}"; do
    indom="$(count_in "$work/dom.html" "class=\"$cls\"")"
    infile="$(count_in "$html" "class=\"$cls\"")"
    if [[ "$indom" -gt 0 && "$indom" -eq "$infile" ]]; then
      ok "Chromium's DOM holds the $indom elements of class $cls"
    else
      bad "Chromium's DOM holds $indom elements of class $cls, the file $infile"
    fi
  done
  if [[ "$(field errors)" -eq 0 ]]; then
    ok "no script error on the page"
  else
    bad "script errors on the page ($self)"
  fi
  console="$(grep -E ':CONSOLE[(:]|Uncaught' "$work/chromium.log" || true)"
  if [[ -z "$console" ]]; then
    ok "no console message"
  else
    bad "console messages: $(head -n 3 <<<"$console")"
  fi

  # Full page: the window as tall as the page (capped: Chromium refuses
  # surfaces much beyond 16k pixels).
  height="$(field height)"
  [[ "$height" -gt 16000 ]] && height=16000
  [[ "$height" -lt 600 ]] && height=600
  shot="$(dirname "$html")/REPORT.png"
  profile2="$(mktemp -d "$work/profile.XXXXXX")"
  rc=0
  timeout 60 "$browser" "${flags[@]}" --user-data-dir="$profile2" --hide-scrollbars \
    --window-size=1280,"$height" --screenshot="$shot" "$url" >"$work/screenshot.log" 2>&1 || rc=$?
  sig="$(head -c 8 "$shot" 2>/dev/null | od -An -tx1 | tr -d ' \n')"
  size="$(stat -c %s "$shot" 2>/dev/null || echo 0)"
  if [[ $rc -eq 0 && "$sig" == 89504e470d0a1a0a && "$size" -gt 20000 ]]; then
    ok "screenshot saved: $shot (1280x$height, $size bytes)"
  else
    bad "screenshot: exit $rc, $size bytes (log: $work/screenshot.log)"
  fi
  rm -rf "$profile" "$profile2"
}

in_browser "$example_html"
in_browser "$grid_html" violin violin-median logtick-x
[[ -n "$out_html" ]] &&
  in_browser "$out_html" overlay-old overlay-new kde-change change-point violin logtick-x
if [[ -n "$cmp_html" ]]; then
  in_browser "$cmp_html" overlay-old overlay-new kde-change change-point change-ci band-noise \
    violin
fi
finish
