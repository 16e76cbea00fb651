#!/bin/bash
# test_charts.sh: every chart kind of `report chart`, rendered as SVG from
# the fixture CSVs of tests/fixtures/charts, and checked for what it
# shows (tests/helpers/svg_facts.awk reads the SVG): its title, axis
# labels, tick labels (a time tick is two lines, MM-DD over the time), key
# entries exactly as the columns are named (no _ turned into a
# subscript), the number of series and of points in each, a heatmap's
# printed values; and that gnuplot printed nothing. Edge cases: one
# sample, all zeros, one node, eight nodes.
# Usage: tests/cli/test_charts.sh [NUMAPROBE_BINARY]
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
bin=${1:-build/numaprobe}
F=tests/fixtures/charts
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! command -v gnuplot >/dev/null 2>&1; then
	skip "charts drawn by gnuplot" "gnuplot is not installed (scripts/setup.sh installs gnuplot-nox)"
	finish
	exit
fi

# render NAME CSV...: the SVGs of the CSVs into $tmp/NAME, stderr checked
render() {
	name=$1
	shift
	"$bin" report chart "$@" --out "$tmp/$name" --format svg >"$tmp/$name.list" 2>"$tmp/$name.err"
	check_eq "$name: report chart exits 0" 0 $?
	check_empty "$name: nothing on stderr (no gnuplot warning)" "$tmp/$name.err"
}
facts() { awk -f tests/helpers/svg_facts.awk "$tmp/$1.svg"; }
# the texts outside the plots, '|'-joined, after the ticks of the y axis
texts() { facts "$1" | awk -F'\t' '$1 == "text" { printf "%s|", $2 }' | sed 's/|$//'; }
# each plot's first text (its key entry), '|'-joined, in plot order
keys() { facts "$1" | awk -F'\t' '$1 == "plot" && $3 == "text" && !seen[$2]++ { printf "%s|", $4 }' | sed 's/|$//'; }
# plot N's count of WHAT (points, paths, boxes, texts)
count() {
	facts "$1" | awk -F'\t' -v n="$2" -v w="$3" '
		$1 == "plot" && $2 == n && $3 == w { print $4; found = 1 }
		$1 == "plot" && $2 == n && $3 == "text" && w == "texts" { c++ }
		END { if (w == "texts") print c + 0; else if (!found) print "none" }'
}
plots() { facts "$1" | awk -F'\t' '$1 == "plot" && $3 == "points"' | wc -l; }
# the texts of plot N, sorted numerically, space-joined
labels() { facts "$1" | awk -F'\t' -v n="$2" '$1 == "plot" && $2 == n && $3 == "text" { print $4 }' | sort -n | tr '\n' ' ' | sed 's/ $//'; }

# ---- bench: 8 nodes (a synthetic matrix), 1 node (measured here) ------------
render b8 "$F/bench-8node.csv"
check_eq "8 nodes: one latency, one read bandwidth and one c2c heatmap" \
	"$tmp/b8/bench-8node-latency-heatmap.svg $tmp/b8/bench-8node-bandwidth-heatmap-read.svg $tmp/b8/bench-8node-c2c-heatmap.svg" \
	"$(tr '\n' ' ' <"$tmp/b8.list" | sed 's/ $//')"
c=b8/bench-8node-latency-heatmap
check_eq "8-node latency heatmap: title, axes 0-7, labels, colour box in ns" \
	"0|1|2|3|4|5|6|7|0|1|2|3|4|5|6|7|CPU node|memory node| 80| 100| 120| 140| 160| 180| 200|ns per load|Latency, ns per load (median)" \
	"$(texts $c)"
check_eq "8-node latency heatmap: 64 cells drawn" 64 "$(count $c 1 boxes)"
# the fixture: 90 ns local, 15 ns more per node of distance
want=$(for a in 0 1 2 3 4 5 6 7; do for b in 0 1 2 3 4 5 6 7; do d=$((a > b ? a - b : b - a)); echo "$((90 + 15 * d)).0"; done; done | sort -n | tr '\n' ' ' | sed 's/ $//')
check_eq "8-node latency heatmap: every cell prints its median" "$want" "$(labels $c 2)"
# y of the first text TEXT in the SVG (its group's translate)
text_y() { grep -B1 -m1 -F "<text>$2</text>" "$tmp/$1.svg" | sed -n 's/.*translate([0-9.]*,\([0-9.]*\)).*/\1/p' | head -n 1; }
check_eq "8-node latency heatmap: CPU node 0 is the top row, as in the table beside it" "yes" \
	"$(awk -v a="$(text_y $c 0)" -v b="$(text_y $c 7)" 'BEGIN { print (a + 0 < b + 0) ? "yes" : "no" }')"
check_eq "8-node latency heatmap: CPU 0 > memory 7 (195.0) is drawn in the top row" "yes" \
	"$(awk -v a="$(text_y $c 0)" -v v="$(text_y $c 195.0)" 'BEGIN { d = a - v; print (d < 10 && d > -10) ? "yes" : "no" }')"
c=b8/bench-8node-bandwidth-heatmap-read
check_eq "8-node bandwidth heatmap: title and colour box in MB/s" \
	"MB/s|Bandwidth read, MB/s (median)" "$(texts $c | awk -F'|' '{ print $(NF - 1) "|" $NF }')"
want=$(for a in 0 1 2 3 4 5 6 7; do for b in 0 1 2 3 4 5 6 7; do d=$((a > b ? a - b : b - a)); if [ $a = $b ]; then echo 20000; else echo $((12000 - 500 * d)); fi; done; done | sort -n | tr '\n' ' ' | sed 's/ $//')
check_eq "8-node bandwidth heatmap: every cell prints its median" "$want" "$(labels $c 2)"
c=b8/bench-8node-c2c-heatmap
check_eq "8-node c2c heatmap: title, axes of CPU a and b, colour box in ns" \
	"node of CPU a|node of CPU b|Core to core, ns (half the round trip; median over CPU pairs), the line on a's node" \
	"$(texts $c | tr '|' '\n' | grep -v '^ *[0-9]*$' | tr '\n' '|' | sed 's/|ns|/|/; s/|$//')"
want=$(for a in 0 1 2 3 4 5 6 7; do for b in 0 1 2 3 4 5 6 7; do d=$((a > b ? a - b : b - a)); if [ $a = $b ]; then echo 60.0; else echo "$((120 + 10 * d)).0"; fi; done; done | sort -n | tr '\n' ' ' | sed 's/ $//')
check_eq "8-node c2c heatmap: every pair prints its median" "$want" "$(labels $c 2)"

render b1 "$F/bench-1node.csv"
c=b1/bench-1node-latency-heatmap
check_eq "1-node latency heatmap: one cell, its value printed, a colour box around it" \
	"1 142.9" "$(count $c 1 boxes) $(labels $c 2)"
check_eq "1-node latency heatmap: the axes name node 0" "0|0|CPU node|memory node" \
	"$(texts $c | cut -d'|' -f1-4)"

# ---- loaded, sweep, c2c of this machine (measured, 1 node) -------------------
render loaded "$F/loaded.csv"
c=loaded/loaded-loaded
check_eq "loaded: title and axis labels with units" \
	"latency, ns per load|injected bandwidth, MB/s|Loaded latency: the chase's ns per load against the injected MB/s" \
	"$(texts $c | awk -F'|' '{ print $(NF - 2) "|" $(NF - 1) "|" $NF }')"
check_eq "loaded: one series, keyed by its CPU node, memory and mix" "CPU 0 > mem 0, read" "$(keys $c)"
check_eq "loaded: one point per level (3) and the key's sample" 4 "$(count $c 1 points)"
render sweep "$F/sweep.csv"
c=sweep/sweep-sweep
check_eq "sweep: title, labels, log-2 ticks of KiB" \
	"latency, ns per load|working set, KiB (log scale)|Latency over working-set sizes, ns per load (median)| 1024| 2048| 4096| 8192| 16384" \
	"$(texts $c | tr '|' '\n' | grep -v '^ *[0-9]*\.*[0-9]*$' | tr '\n' '|'; texts $c | tr '|' '\n' | grep -E '^ ?[0-9]{4,5}$' | tr '\n' '|' | sed 's/|$//')"
check_eq "sweep: one point per size (5) and the key's sample" 6 "$(count $c 1 points)"
check_eq "sweep of another host: no cache level marked" "" "$(texts $c | tr '|' '\n' | grep '^L[0-9] ')"
# the same sweep as if measured here: this machine's levels within 1-16 MiB
sed "s/,fixture-host,/,$(hostname),/" "$F/sweep.csv" >"$tmp/here.csv"
render here "$tmp/here.csv"
levels=0
for d in /sys/devices/system/cpu/cpu0/cache/index*; do
	[ -r "$d/size" ] && [ "$(cat "$d/type")" != Instruction ] || continue
	kib=$(sed 's/K$//' "$d/size")
	case $kib in *M) kib=$((${kib%M} * 1024)) ;; esac
	[ "$kib" -ge 1024 ] && [ "$kib" -le 16384 ] && levels=$((levels + 1))
done
check_eq "sweep measured here: each of this machine's cache levels within the sizes is marked" \
	"$levels" "$(texts here/here-sweep | tr '|' '\n' | grep -cE '^L[0-9] [0-9]+ (KiB|MiB)$')"
render c2c "$F/c2c.csv"
check_eq "c2c of one node: one pair's median, printed" "1 167.0" \
	"$(count c2c/c2c-c2c-heatmap 1 boxes) $(labels c2c/c2c-c2c-heatmap 2)"

# ---- placement --------------------------------------------------------------------
render placement "$F/placement.csv"
c=placement/placement-local-fraction
check_eq "placement: keys" "with cells|without (one cell)" "$(keys $c)"
check_eq "placement: a bar per cell in each series (2) and the key's" "3 3" \
	"$(count $c 1 paths) $(count $c 2 paths)"
check_eq "placement: each cell named on the x axis, y axis 0-1, title" \
	" 0| 0.2| 0.4| 0.6| 0.8| 1|classic-2cell cell 0|classic-2cell cell 1|local fraction|Local fraction per guest cell: with the cells against without" \
	"$(texts $c)"

# ---- fit: report fit --format csv of four guests on the 2-node capabilities ----
render fit "$F/fit.csv"
check_eq "fit: a memory and a vCPU chart" "$tmp/fit/fit-fit-memory.svg $tmp/fit/fit-fit-vcpus.svg" \
	"$(tr '\n' ' ' <"$tmp/fit.list" | sed 's/ $//')"
c=fit/fit-fit-memory
check_eq "fit: the room, then the guests that fit numbered in order (cxl does not fit)" \
	"room before the guests|1 small|2 classic-2cell|3 small" "$(keys $c)"
check_eq "fit: axes, ticks of 2 GiB to the 16 GiB room, the two host nodes" \
	" 0| 2| 4| 6| 8| 10| 12| 14| 16|0|1|memory, GiB|host node|Fit: memory each guest takes per host node (stacked), in the room there" \
	"$(texts $c)"
check_eq "fit: a room outline per node (and the key's); a box per guest where it takes memory (and the key's)" \
	"3 2 2 2" "$(count $c 1 paths) $(count $c 2 boxes) $(count $c 3 boxes) $(count $c 4 boxes)"
check_eq "fit, vCPUs: whole ticks up to the 4 places of each node" " 0| 1| 2| 3| 4|0|1|vCPU places" \
	"$(texts fit/fit-fit-vcpus | cut -d'|' -f1-8)"

# ---- stats: three samples, one sample, all zeros -------------------------------
render s3 "$F/stats-3.csv"
check_eq "stats, 3 samples: six charts (two guests' with a comma in one name)" \
	"$tmp/s3/stats-3-numa-miss.svg $tmp/s3/stats-3-memory-used.svg $tmp/s3/stats-3-tiering.svg $tmp/s3/stats-3-refaults.svg $tmp/s3/stats-3-guest-db-memory.svg $tmp/s3/stats-3-guest-web_1-fabac582-memory.svg" \
	"$(tr '\n' ' ' <"$tmp/s3.list" | sed 's/ $//')"
c=s3/stats-3-numa-miss
check_eq "numa_miss: keys are the series' names exactly (no subscripts)" \
	"node0 numa_miss_per_s|node0 other_node_per_s|node1 numa_miss_per_s|node1 other_node_per_s" "$(keys $c)"
check_eq "numa_miss: rates of 2 samples in each of the 4 series (and the key's sample)" "4 3 3 3 3" \
	"$(plots $c) $(count $c 1 points) $(count $c 2 points) $(count $c 3 points) $(count $c 4 points)"
check_eq "numa_miss: time ticks are MM-DD over HH:MM:SS (a span under ten minutes), UTC" \
	"12-01|10:01:00|12-01|10:01:10|12-01|10:01:20|12-01|10:01:30|12-01|10:01:40|12-01|10:01:50|12-01|10:02:00|allocations per second|time, UTC|numa_miss and other_node per second, per node" \
	"$(texts $c | tr '|' '\n' | grep -v '^ [0-9]*$' | tr '\n' '|' | sed 's/|$//')"
check_eq "numa_miss: no tick shows a literal \\n" "" "$(texts $c | grep -F '\n')"
# the same samples an hour apart: ticks without seconds
sed 's/T10:01:00/T11:00:00/; s/T10:02:00/T12:00:00/' "$F/stats-3.csv" >"$tmp/hours.csv"
render hours "$tmp/hours.csv"
check_eq "numa_miss, rates over an hour: time ticks are MM-DD over HH:MM" \
	"12-01|11:00|12-01|11:10|12-01|11:20|12-01|11:30|12-01|11:40|12-01|11:50|12-01|12:00" \
	"$(texts hours/hours-numa-miss | tr '|' '\n' | grep -E '^[0-9]{2}[-:][0-9]{2}(:[0-9]{2})?$' | tr '\n' '|' | sed 's/|$//')"
c=s3/stats-3-tiering
check_eq "tiering: the promotion events of each node, named as in nodeN/vmstat" \
	"node0 pgpromote_success|node0 pgpromote_candidate|node1 pgpromote_success|node1 pgpromote_candidate" "$(keys $c)"
check_eq "tiering: title and unit" "pages per second|time, UTC|Pages promoted to and demoted from each node, per second" \
	"$(texts $c | awk -F'|' '{ print $(NF - 2) "|" $(NF - 1) "|" $NF }')"
c=s3/stats-3-guest-web_1-fabac582-memory
check_eq "guest web,1: its name, comma and all, in the title" "Guest web,1: memory per host node (stacked)" \
	"$(texts $c | awk -F'|' '{ print $NF }')"
check_eq "guest web,1: a filled area per node, stacked, top first" "node1|node0" "$(keys $c)"
check_eq "memory used: 3 points per node and the key's sample" "4 4" \
	"$(count s3/stats-3-memory-used 1 points) $(count s3/stats-3-memory-used 2 points)"

render s1 "$F/stats-1.csv"
check_eq "stats, 1 sample: no rate charts (a rate needs two samples), memory and guests" \
	"$tmp/s1/stats-1-memory-used.svg $tmp/s1/stats-1-guest-db-memory.svg $tmp/s1/stats-1-guest-web_1-fabac582-memory.svg" \
	"$(tr '\n' ' ' <"$tmp/s1.list" | sed 's/ $//')"
c=s1/stats-1-guest-db-memory
check_eq "one sample: the guest's memory is a stacked bar, not an empty frame (2 paths each: key, bar)" \
	"2 2" "$(count $c 1 paths) $(count $c 2 paths)"
check_eq "one sample: a minute either side of it on the time axis" "12-01|09:59:00" \
	"$(texts $c | tr '|' '\n' | grep -A1 -m1 '^12-01$' | tr '\n' '|' | sed 's/|$//')"

render s0 "$F/stats-zero.csv"
c=s0/stats-zero-numa-miss
check_eq "all zeros: a y axis from 0 to 1, not an empty range" " 0| 0.2| 0.4| 0.6| 0.8| 1" \
	"$(texts $c | cut -d'|' -f1-6)"
check_eq "all zeros: every series still drawn (2 points and the key's)" "3 3 3 3" \
	"$(count $c 1 points) $(count $c 2 points) $(count $c 3 points) $(count $c 4 points)"

# ---- PNG: the same charts as images of the requested size ------------------------
"$bin" report chart "$F/stats-3.csv" "$F/bench-8node.csv" --out "$tmp/png" --size 700x500 >"$tmp/png.list" 2>"$tmp/png.err"
check_empty "PNG: nothing on stderr" "$tmp/png.err"
bad=0
while read -r png; do
	size=$(od -An -tu1 -j16 -N8 "$png" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4, $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }')
	[ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] && [ "$size" = "700 500" ] || bad=$((bad + 1))
done <"$tmp/png.list"
check_eq "PNG: every chart (9) a 700x500 PNG" "9 0" "$(wc -l <"$tmp/png.list") $bad"
finish
