#!/usr/bin/env bash
# tests/report/browser.sh: renders real runs and opens them in a real browser.
# Runs perf/examples/example.c (target tock_example) and tests/report/
# grid_example.c (a small 3-axis sweep, two parameterised groups whose
# scaling the run fits, and one plain benchmark) with --quick
# into WORK_DIR/runs and WORK_DIR/grid_runs, renders each REPORT.html with
# tock-report, checks the files statically (figures present, no external
# reference), then loads each in headless Chromium: the page's own
# self-check (#tock-selfcheck) must report every SVG with a non-empty box
# and no script error, Chromium's log must hold no console message, and a
# full-page screenshot is saved as REPORT.png next to the report. Every
# Chromium call is limited to 60 s. Without Chromium: as root it is
# installed with apt-get; as anyone else the test prints SKIPPED and passes.
# It must never touch the network: a fresh empty profile, and host
# resolution mapped to nothing.
#
# usage: browser.sh PATH/TO/tock_example PATH/TO/grid_example PATH/TO/tock-report WORK_DIR
# Last line: "N passed, N failed"; exit 0 when nothing failed.
set -uo pipefail

if [[ $# -ne 4 ]]; then
  echo "usage: $0 PATH/TO/tock_example PATH/TO/grid_example PATH/TO/tock-report WORK_DIR" >&2
  exit 2
fi
example="$1"
grid_example="$2"
report="$3"
work="$4"
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

# in_browser HTML: the self-check, the console and a full-page screenshot
in_browser() {
  local html="$1" name
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
in_browser "$grid_html"
finish
