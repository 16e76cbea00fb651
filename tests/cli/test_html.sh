#!/bin/bash
# test_html.sh: `report html` pages from the fixture CSVs, read back as
# text and opened in a real browser (Debian's chromium-headless-shell,
# headless, as root with --no-sandbox; host names resolve to nothing):
#   - the page: its sections, an inline SVG and a values table per chart
#     (as many as `report chart` draws from the same inputs), the host's
#     layout from a topo CSV or from this machine, the comparison's
#     p-values, the fit verdicts, a long series summarised;
#   - in the browser: no console message, no URL in the net log (the
#     checks are first shown to catch a page that logs and fetches), the
#     DOM's headings, tables and SVGs, a screenshot of the requested size
#     that is not blank (far larger than a blank page's, taken the same
#     way in the same run);
#   - hostile text (a guest named <script>..., a host named <img
#     onerror=...>) stays text: the DOM's title is the escaped text.
# Usage: tests/cli/test_html.sh [NUMAPROBE_BINARY]
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
bin=${1:-build/numaprobe}
F=tests/fixtures/charts
R=tests/fixtures/report
H=tests/fixtures/4node-hmat
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---- the page as text ---------------------------------------------------------
"$bin" topo --format csv --sysfs-root $H/sys --proc-root $H/proc >"$tmp/topo.csv"
inputs="$F/bench-8node.csv $F/loaded.csv $F/sweep.csv $F/c2c.csv $F/stats-3.csv $F/placement.csv $F/fit.csv"
"$bin" report html $inputs "$tmp/topo.csv" --out "$tmp/all.html" >"$tmp/out" 2>"$tmp/err"
check_eq "report html: exits 0" 0 $?
check_empty "report html: nothing on stdout" "$tmp/out"
check_empty "report html: nothing on stderr" "$tmp/err"
have_gnuplot=no
command -v gnuplot >/dev/null 2>&1 && have_gnuplot=yes
if [ $have_gnuplot = yes ]; then
	"$bin" report chart $inputs --out "$tmp/charts" --format svg >"$tmp/charts.list"
	charts=$(wc -l <"$tmp/charts.list")
	check_eq "page: an inline SVG for each chart report chart draws ($charts)" "$charts" \
		"$(grep -c '^<svg' "$tmp/all.html")"
else
	skip "charts inlined" "gnuplot is not installed (scripts/setup.sh installs gnuplot-nox)"
	charts=$(grep -c '<section class="chart"' "$tmp/all.html")
fi
check_eq "page: a values table for each chart" "$charts" \
	"$(grep -c '<p class="cap">The values the chart shows</p>' "$tmp/all.html")"
check_eq "page: the sections, in order" \
	"inputs host bench stats placement" "$(grep -o '<h2 id="[a-z]*"' "$tmp/all.html" | cut -d'"' -f2 | tr '\n' ' ' | sed 's/ $//')"
check_eq "page: self-contained: no src=, no <link>, no <script>, no @import" "" \
	"$(grep -oiE '<script|<link|src=|@import' "$tmp/all.html")"
check_contains "host: from the topo CSV given" "<p>From $tmp/topo.csv.</p>" "$tmp/all.html"
check_contains "host: node 2 of the 4-node fixture, memory only, tier 22" \
	'<tr><th scope="row">2</th><td></td><td class="n">0</td><td class="n">1</td><td class="n">256.0</td><td class="n">255.9</td><td class="n">2</td><td class="n">4</td><td class="n">4</td><td class="n">22</td><td class="n">2</td></tr>' \
	"$tmp/all.html"
check_contains "host: the SLIT row of node 0" \
	'<tr><th scope="row">0</th><td class="n">10</td><td class="n">21</td><td class="n">17</td><td class="n">28</td></tr>' \
	"$tmp/all.html"
check_contains "8-node heatmap table: CPU node 7's row, 90 ns on its own node" \
	'<tr><th scope="row">7</th><td class="n">195.0</td><td class="n">180.0</td><td class="n">165.0</td><td class="n">150.0</td><td class="n">135.0</td><td class="n">120.0</td><td class="n">105.0</td><td class="n">90.0</td></tr>' \
	"$tmp/all.html"
check_contains "loaded table: level 2 of the measured run" \
	'<tr><th scope="row">0</th><td class="n">0</td><td>read</td><td class="n">2</td><td class="n">16201</td><td class="n">151.7</td></tr>' \
	"$tmp/all.html"
check_contains "fit: a guest that fits, its row green" '<tr class="verdict-better"><th scope="row">small</th><td>yes</td>' "$tmp/all.html"
check_contains "fit: a guest that does not, its row red" '<tr class="verdict-worse"><th scope="row">cxl</th><td>no</td>' "$tmp/all.html"
check_contains "fit chart's table: node 1's 16 GiB of room, 6 of it classic-2cell's" \
	'<tr><th scope="row">1</th><td class="n">16.00</td><td class="n">0.00</td><td class="n">6.00</td><td class="n">0.00</td></tr>' "$tmp/all.html"
check_contains "inputs: the stats file's host, run and first and last sample" \
	'<td>kvmhost</td><td>c4a7c4a7c4a7c4a7</td><td>(none)</td><td>2026-12-01T10:00:00.000Z</td><td>2026-12-01T10:02:00.000Z</td>' \
	"$tmp/all.html"

# before and after: report compare's p-values beside the bars
"$bin" report html $R/bench-before.csv $R/bench-after.csv --out "$tmp/cmp.html" 2>"$tmp/err"
check_eq "before/after page: exits 0" 0 $?
check_contains "before/after: the comparison's row, its p-value and verdict (as report compare --format csv)" \
	"$("$bin" report compare $R/bench-before.csv $R/bench-after.csv --format csv | awk -F, '$1 == "latency" && $5 == 1 { print $NF; exit }')" "$tmp/cmp.html"
check_contains "before/after: the worse-or-better row coloured" '<tr class="verdict-better"><th scope="row">latency</th>' "$tmp/cmp.html"
check_contains "before/after: the layout not given (no topo CSV, another host)" '<p class="note">host layout not given' "$tmp/cmp.html"

# two bench runs with nothing in common: the page says why there is no
# comparison (and, under the sanitizers, leaks nothing on the way)
"$bin" report html "$F/sweep.csv" "$F/c2c.csv" --out "$tmp/nocmp.html" 2>"$tmp/err"
check_eq "two unrelated bench runs: exits 0, nothing on stderr" "0 " "$? $(cat "$tmp/err")"
check_contains "two unrelated bench runs: report compare's reason on the page" \
	"<p class=\"note\">no comparison: $F/sweep.csv and $F/c2c.csv have no rows in common" "$tmp/nocmp.html"

# two stats files: report compare's table of them
"$bin" report html "$F/stats-3.csv" "$F/stats-zero.csv" --out "$tmp/scmp.html" 2>"$tmp/err"
check_eq "two stats files: exits 0" 0 $?
check_contains "two stats files: the comparison's caption" \
	'<p class="cap">report compare of the two stats files: each series&#39; means' "$tmp/scmp.html"
check_contains "two stats files: node 0's numa_miss rate, its means and why no verdict (as report compare --format csv)" \
	'<tr><th scope="row">node</th><td></td><td class="n">0</td><td>numa_miss_per_s</td><td>1/s</td><td class="n">444.8945</td><td class="n">0.0000</td><td class="n">2</td><td class="n">2</td><td class="n">-100.00</td><td></td><td></td><td></td><td>too few samples</td></tr>' \
	"$tmp/scmp.html"

# this machine's layout when the CSV names it: a stats CSV of this host
"$bin" stats --system-only --interval 0.05 --count 2 --quiet --append "$tmp/here.csv" 2>/dev/null
"$bin" report html "$tmp/here.csv" --out "$tmp/here.html" 2>"$tmp/err"
check_contains "host: this machine's, named by the CSV" "<p>From this machine, $(uname -n)" "$tmp/here.html"
check_eq "host: this machine's nodes, one row each" "$(ls -d /sys/devices/system/node/node[0-9]* | wc -l)" \
	"$(sed -n '/Nodes: CPUs/,/<\/table>/p' "$tmp/here.html" | grep -c '<tr><th scope="row">')"

# a long series: 250 samples a minute apart (the rows of the fixture's
# second sample, its guest with a comma in its name left out), node 0's
# numa_miss rate 2i + 1 at sample i: summarised, the chart keeps every point
awk -F, 'NR == 1 { print; next } $1 ~ /T10:01:00/ && !/"/ { rows[++n] = $0 }
	END { for (i = 0; i < 250; i++) for (r = 1; r <= n; r++) {
		split(rows[r], f, ","); f[1] = sprintf("2026-12-01T%02d:%02d:00.000Z", 10 + int(i / 60), i % 60)
		if (f[8] == 0 && f[9] == "numa_miss_per_s") f[10] = 2 * i + 1
		line = f[1]; for (k = 2; k <= 11; k++) line = line "," f[k]; print line } }' \
	"$F/stats-3.csv" >"$tmp/long.csv"
"$bin" report html "$tmp/long.csv" --out "$tmp/long.html" 2>"$tmp/err"
check_eq "long series: exits 0" 0 $?
check_contains "long series: summarised per series, more than 200 rows" \
	'<p class="cap">250 samples from 2026-12-01 10:00:00 to 2026-12-01 14:09:00 UTC, summarised per series (more than 200)</p>' "$tmp/long.html"
check_contains "long series: node 0's numa_miss rate 1, 3 ... 499: min 1, median 250, max 499, last 499" \
	'<tr><th scope="row">node0 numa_<wbr>miss_<wbr>per_<wbr>s (allocations per second)</th><td class="n">250</td><td class="n">1</td><td class="n">250</td><td class="n">499</td><td class="n">499</td></tr>' \
	"$tmp/long.html"
if [ $have_gnuplot = yes ]; then
	# the inlined SVG, its ids unprefixed, read as test_charts.sh reads one
	sed -n '/<section class="chart" id="chart-long-numa-miss">/,/<\/section>/p' "$tmp/long.html" |
		sed 's/id="c[0-9]*-/id="/g' >"$tmp/long-numa-miss.svg"
	check_eq "long series: the chart still draws every sample of node 0's rate (250 points and the key's)" 251 \
		"$(awk -f tests/helpers/svg_facts.awk "$tmp/long-numa-miss.svg" | awk -F'\t' '$1 == "plot" && $2 == 1 && $3 == "points" { print $4 }')"
fi

# hostile text: a guest and a host that are markup
sed 's/"web,1"/"<script>document.title=\x27pwned\x27<\/script> ""\&amp; \xc3\xa9"/; s/,kvmhost,/,"<img src=x onerror=alert(1)>",/' \
	"$F/stats-3.csv" >"$tmp/hostile.csv"
"$bin" report html "$tmp/hostile.csv" --out "$tmp/hostile.html" 2>"$tmp/err"
check_eq "hostile: exits 0" 0 $?
check_eq "hostile: the page holds no tag from the input" "" \
	"$(grep -oE '<script|<img' "$tmp/hostile.html")"
check_contains "hostile: the guest's name shown as text, escaped" \
	'<h3>Guest &lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt; &quot;&amp;amp; é: memory per host node (stacked)</h3>' \
	"$tmp/hostile.html"

# without gnuplot: the page still, its tables, a note; a warning, exit 0
mkdir -p "$tmp/nognuplot"
ln -sf "$(command -v sh)" "$tmp/nognuplot/sh"
PATH=$tmp/nognuplot "$bin" report html "$F/stats-3.csv" --out "$tmp/nog.html" 2>"$tmp/err"
check_eq "without gnuplot: exits 0, the page written" "0 yes" "$? $([ -s "$tmp/nog.html" ] && echo yes)"
check_eq "without gnuplot: a warning on stderr" \
	"numaprobe report: warning: gnuplot is not installed (apt-get install gnuplot-nox): no chart is drawn; the tables hold every value" \
	"$(cat "$tmp/err")"
check_eq "without gnuplot: no SVG, each chart's table still there (6)" "0 6" \
	"$(grep -c '<svg' "$tmp/nog.html") $(grep -c '<p class="cap">The values the chart shows</p>' "$tmp/nog.html")"
check_contains "without gnuplot: each chart says why it has no image" \
	'<p class="note">no image: gnuplot is not installed' "$tmp/nog.html"
# no directory left behind in TMPDIR
mkdir -p "$tmp/tmpdir"
TMPDIR=$tmp/tmpdir "$bin" report html "$F/stats-3.csv" --out "$tmp/t.html" 2>/dev/null
check_eq "the charts' working directory is removed" "" "$(ls -A "$tmp/tmpdir")"

# errors: what, where, what was expected; nothing written
printf 'a,b\n1,2\n' >"$tmp/other.csv"
"$bin" report html "$tmp/other.csv" --out "$tmp/none.html" 2>"$tmp/err"
check_eq "not a numaprobe CSV: exits 1" 1 $?
check_contains "not a numaprobe CSV: says which file and what is expected" \
	"$tmp/other.csv: not a numaprobe bench, stats, placement, fit or topo CSV" "$tmp/err"
check_eq "not a numaprobe CSV: no page written" "no" "$([ -e "$tmp/none.html" ] && echo yes || echo no)"
"$bin" topo --format json --sysfs-root $H/sys --proc-root $H/proc >"$tmp/topo.json"
"$bin" report html "$tmp/topo.json" --out "$tmp/none.html" 2>"$tmp/err"
check_eq "topo JSON: exits 1, no page" "1 no" "$? $([ -e "$tmp/none.html" ] && echo yes || echo no)"
check_eq "topo JSON: says it reads CSV, and which" \
	"numaprobe report: $tmp/topo.json: JSON: report html reads numaprobe's CSVs (for the host's layout: numaprobe topo --format csv)" \
	"$(cat "$tmp/err")"
"$bin" report html "$F/stats-3.csv" 2>"$tmp/err"
check_eq "no --out: exits 2" 2 $?
check_contains "no --out: says what is expected" "expected one or more CSV files and --out REPORT.html" "$tmp/err"

# ---- in the browser -------------------------------------------------------------
browser=$(command -v chromium-headless-shell || command -v chromium || true)
if [ -z "$browser" ]; then
	fail "pages opened in a browser" "chromium-headless-shell is not installed (scripts/setup.sh installs it)"
	finish
	exit
fi
# open PAGE NAME [FLAGS...]: the DOM into $tmp/NAME.dom, the log and net log beside it
open_page() {
	local page=$1 name=$2
	shift 2
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 \
		--log-net-log="$tmp/$name.net" --host-resolver-rules='MAP * ~NOTFOUND' \
		"$@" "file://$page" >"$tmp/$name.dom" 2>"$tmp/$name.log"
}
consoles() { grep -c 'CONSOLE' "$tmp/$1.log"; }
urls() { grep -o '"url":"[^"]*"' "$tmp/$1.net" | sort -u | grep -vF "\"url\":\"file://$2\"" | tr '\n' ' '; }

# the checks catch what they look for: a page that logs and fetches
printf '<!DOCTYPE html><html><body><img src="http://example.invalid/x.png"><script>console.log("hello")</script></body></html>\n' >"$tmp/control.html"
open_page "$tmp/control.html" control --dump-dom
check_eq "control page: its console message is seen" 1 "$(consoles control)"
check_eq "control page: its fetch is seen in the net log" '"url":"http://example.invalid/x.png" ' "$(urls control "$tmp/control.html")"

for page in all cmp hostile; do
	open_page "$tmp/$page.html" "$page" --dump-dom
	check_eq "browser, $page: exits 0" 0 $?
	check_eq "browser, $page: no console message" 0 "$(consoles "$page")"
	check_eq "browser, $page: no URL fetched (the net log holds none but the file's own)" "" "$(urls "$page" "$tmp/$page.html")"
done
check_eq "DOM: the section headings" \
	"Inputs: when and where each was measured|Host layout|Measurements: latency, bandwidth, loaded latency, working-set sweep, core to core|Over time: per-node rates, memory, tiering and guests|Placement and fit" \
	"$(grep -o '<h2 id="[a-z]*">[^<]*' "$tmp/all.dom" | sed 's/.*>//' | tr '\n' '|' | sed 's/|$//')"
if [ $have_gnuplot = yes ]; then
	check_eq "DOM: an SVG element for each chart ($charts)" "$charts" "$(grep -o '<svg' "$tmp/all.dom" | wc -l)"
fi
# tables: inputs, system, nodes, SLIT, HMAT, one per chart, the fit's and the placement's
check_eq "DOM: the tables (5 of the inputs and host, one per chart, placement and fit)" "$((5 + charts + 2))" \
	"$(grep -o '<table' "$tmp/all.dom" | wc -l)"
check_eq "DOM, hostile: the title is the escaped host name, unchanged by the guest's script" \
	'<title>numaprobe report: &lt;img src=x onerror=alert(1)&gt;</title>' \
	"$(grep -o '<title>numaprobe[^<]*</title>' "$tmp/hostile.dom")"
check_eq "DOM, hostile: no img or script element came from the input" "" \
	"$(grep -oE '<img|<script' "$tmp/hostile.dom")"

# a screenshot of the requested size, not blank
printf '<!DOCTYPE html><html><body></body></html>\n' >"$tmp/blank.html"
for page in all blank; do
	(cd "$tmp" && open_page "$tmp/$page.html" "shot-$page" --screenshot="$tmp/$page.png" --window-size=1200,900)
done
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 "x" $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }'; }
check_eq "screenshot: a PNG of the window's size" "89504e470d0a1a0a 1200x900" \
	"$(head -c 8 "$tmp/all.png" | od -An -tx1 | tr -d ' \n') $(png_size "$tmp/all.png")"
page_bytes=$(wc -c <"$tmp/all.png")
blank_bytes=$(wc -c <"$tmp/blank.png")
check_eq "screenshot: not blank (its PNG at least 10 times a blank page's: $page_bytes against $blank_bytes bytes)" yes \
	"$([ "$page_bytes" -ge $((10 * blank_bytes)) ] && echo yes || echo no)"
finish
