#!/usr/bin/env bash
# tests/report/browser.sh: renders a real run and opens it in a real browser.
# Runs perf/examples/example.c (target tock_example) with --quick into
# WORK_DIR/runs, renders REPORT.html with tock-report, checks the file
# statically (figures present, no external reference), then loads it in
# headless Chromium: the page's own self-check (#tock-selfcheck) must report
# every SVG with a non-empty box and no script error, Chromium's log must hold
# no console message, and a full-page screenshot is saved as REPORT.png next
# to the report. Every Chromium call is limited to 60 s. Without Chromium:
# as root it is installed with apt-get; as anyone else the test prints
# SKIPPED and passes. It must never touch the network: a fresh empty
# profile, and host resolution mapped to nothing.
#
# usage: browser.sh PATH/TO/tock_example PATH/TO/tock-report WORK_DIR
# Last line: "N passed, N failed"; exit 0 when nothing failed.
set -uo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: $0 PATH/TO/tock_example PATH/TO/tock-report WORK_DIR" >&2
  exit 2
fi
example="$1"
report="$2"
work="$3"
passed=0
failed=0
ok() { echo "  ok    $*"; passed=$((passed + 1)); }
bad() { echo "  FAIL  $*"; failed=$((failed + 1)); }
finish() {
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]] && exit 0
  exit 1
}

rm -rf "$work"
mkdir -p "$work"
work="$(cd "$work" && pwd)"

echo "a real quick run of perf/examples/example.c"
if "$example" --quick --out "$work/runs" >"$work/example.log" 2>&1; then
  ok "tock_example --quick"
else
  bad "tock_example --quick exited non-zero (log: $work/example.log)"
  finish
fi
run="$(find "$work/runs" -mindepth 1 -maxdepth 1 -type d | sort | head -n 1)"
html="$run/REPORT.html"

echo "tock-report renders it"
if "$report" "$run" >"$work/report.log" 2>&1 && [[ -s "$html" ]]; then
  ok "tock-report wrote $html"
else
  bad "tock-report failed (log: $work/report.log)"
  finish
fi
nbench="$(grep -c '"samples_file"' "$run/summary.json")"
nsvg="$(grep -o '<svg' "$html" | wc -l)"
if [[ "$nbench" -gt 0 && "$nsvg" -ge $((2 * nbench)) ]]; then
  ok "$nsvg figures for $nbench benchmarks (two each, plus parameter groups)"
else
  bad "$nsvg figures for $nbench benchmarks (expected at least two each)"
fi
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

url="file://${html// /%20}"
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --disable-extensions --host-resolver-rules="MAP * ~NOTFOUND")

profile="$(mktemp -d "$work/profile.XXXXXX")"
rc=0
# the same 1280-wide window as the screenshot, so the measured height fits it
timeout 60 "$browser" "${flags[@]}" --user-data-dir="$profile" --enable-logging=stderr --v=0 \
  --window-size=1280,900 --dump-dom "$url" >"$work/dom.html" 2>"$work/chromium.log" || rc=$?
if [[ $rc -eq 0 ]]; then
  ok "chromium --dump-dom finished"
else
  bad "chromium --dump-dom exited $rc (124 = the 60 s limit; log: $work/chromium.log)"
  finish
fi
self="$(grep -oE 'tock-selfcheck svgs=[0-9]+ empty=[0-9]+ errors=[0-9]+ height=[0-9]+[^<]*' \
        "$work/dom.html" | tail -n 1)"
echo "  page says: ${self:-nothing}"
field() { sed -nE "s/.* $1=([0-9]+).*/\\1/p" <<<"$self"; }
if [[ -z "$self" ]]; then
  bad "the page's self-check did not run (no #tock-selfcheck result in the DOM)"
  finish
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
shot="$run/REPORT.png"
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
finish
