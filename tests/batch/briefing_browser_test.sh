#!/usr/bin/env bash
# The HTML briefing page in a real headless browser (Debian's chromium): it
# loads with no console errors, both maps are laid out visibly, and a hover
# target (the <title> of Timbuktu's area) carries the level and the quote.
# A screenshot is left in the test folder for a person to look at.
# Usage: briefing_browser_test.sh THREATMAP_BINARY WORK_DIR
set -euo pipefail
bin=$1 work=$2
command -v chromium >/dev/null 2>&1 || { echo "chromium not installed: skipped"; exit 77; }
rm -rf "$work" && mkdir -p "$work"
"$bin" render -q --report --format png,svg,pdf --out "$work/out"
page="$work/out/minusma-2017-briefing.html"
[[ -s $page ]] || { echo "FAIL: no briefing page"; exit 1; }
# The check script is added to a copy: the product page itself carries no test code.
python3 - "$page" "$work/check.html" <<'PY'
import sys
html = open(sys.argv[1], encoding="utf-8").read()
check = """<script>
window.addEventListener('load', function () {
  var figs = document.querySelectorAll('figure svg'), visible = 0;
  figs.forEach(function (s) { var r = s.getBoundingClientRect(); if (r.width > 300 && r.height > 150) visible++; });
  var t = document.querySelector('[id$="area-ML-6"] title');
  var out = document.createElement('pre');
  out.id = 'threatmap-check';
  out.textContent = 'maps=' + figs.length + ';visible=' + visible + ';title=' + (t ? t.textContent.replace(/\\n/g, ' | ') : 'none');
  document.body.appendChild(out);
});
</script>"""
open(sys.argv[2], "w", encoding="utf-8").write(html.replace("</body>", check + "</body>"))
PY
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$work/profile")
timeout 120 env -u FONTCONFIG_FILE chromium "${flags[@]}" --enable-logging=stderr --v=0 --virtual-time-budget=5000 \
  --dump-dom "file://$work/check.html" > "$work/dom.html" 2> "$work/console.log" || true
timeout 120 env -u FONTCONFIG_FILE chromium "${flags[@]}" --window-size=1200,2400 --screenshot="$work/briefing.png" \
  "file://$page" >/dev/null 2>&1 || true
result=$(grep -o 'maps=[0-9]*;visible=[0-9]*;title=[^<]*' "$work/dom.html" | tail -1 || true)
echo "browser: $result"
fail=0
[[ $result == maps=2\;visible=2\;* ]] || { echo "FAIL: expected 2 visible maps"; fail=1; }
[[ $result == *"Timbuktu"*"dreiging"* ]] || { echo "FAIL: the hover title of Timbuktu lacks the Dutch quote"; fail=1; }
if grep -E 'CONSOLE.*(Uncaught|Error|error)' "$work/console.log"; then echo "FAIL: console errors"; fail=1; fi
[[ -s $work/briefing.png ]] || { echo "FAIL: no screenshot"; fail=1; }
env -u FONTCONFIG_FILE pdftotext "$work/out/minusma-2017-briefing.pdf" "$work/pack.txt"
grep -q "Kamerstuk 29 521" "$work/pack.txt" || { echo "FAIL: PDF pack text not selectable"; fail=1; }
grep -q "IED threat" "$work/pack.txt" || { echo "FAIL: PDF pack lacks the IED title"; fail=1; }
[[ $fail == 0 ]] && echo "screenshot: $work/briefing.png"
exit $fail
