#!/bin/sh
# test_report.sh: `numaprobe report` on files: placement of every configs/
# example against its expected report, bad and hostile XML, run
# comparisons, and gnuplot charts checked as real PNG/SVG files of the
# requested size.
# Usage: tests/cli/test_report.sh [NUMAPROBE_BINARY]
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
bin=${1:-build/numaprobe}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
F=tests/fixtures/report
HOST2="--host-caps $F/host-2node-caps.xml"
HOST4="--host-caps $F/host-4node-caps.xml"

# ---- placement of the configs/ examples ---------------------------------
for domain in configs/domain-*.xml; do
	name=$(basename "$domain" .xml)
	host=$HOST2
	[ "$name" = domain-cxl ] && host=$HOST4
	# shellcheck disable=SC2086
	"$bin" report placement "$domain" $host --format csv >"$tmp/$name.csv" 2>"$tmp/$name.err"
	check_eq "$name: exits 0" 0 $?
	check_files "$name: the expected placement report" "$F/expected/$name.csv" "$tmp/$name.csv"
done
check_contains "classic 2-cell: cells without memnode are warned about" \
	"<cell id='0'> has no <memnode>: its memory lands by first touch on any host node" "$tmp/domain-2cell.err"
# shellcheck disable=SC2086
"$bin" report placement configs/domain-2cell-tuned.xml $HOST2 >"$tmp/tuned.table" 2>"$tmp/err"
check_empty "the table shows its warnings itself: nothing on stderr" "$tmp/err"
check_contains "tuned 2-cell: the verdict says the cells help, by how much" \
	"verdict: the declaration helps: expected latency 10.00 instead of 15.50 slit (-35.5%), local fraction 1.000 instead of 0.500" \
	"$tmp/tuned.table"
# shellcheck disable=SC2086
"$bin" report placement configs/domain-2cell.xml $HOST2 --format json >"$tmp/classic.json" 2>"$tmp/err"
check_eq "json: the two warnings also on stderr" 2 "$(grep -c '^numaprobe report: warning: ' "$tmp/err")"
check_eq "json: both variants, weighted summary, warnings" "0.5 0.5 15.5 2" \
	"$(jq -r '"\(.with.local_fraction) \(.without.local_fraction) \(.with.expected_latency) \(.warnings | length)"' "$tmp/classic.json")"
# The summary weights cells by memory (man page): domain-cxl's 8 GiB cell
# at SLIT 10 and its memory-only 4 GiB cell on CPU-less node 2 at SLIT 17
# give (8 x 10 + 4 x 17) / 12 = 12.333..., local fraction 8/12.
# shellcheck disable=SC2086
"$bin" report placement configs/domain-cxl.xml $HOST4 --format json >"$tmp/cxl.json" 2>/dev/null
check_eq "cxl: memory-weighted: latency (8*10+4*17)/12, local fraction 8/12; without: 10 and 1" \
	"12.333 0.6667 10 1" \
	"$(jq -r '"\(.with.expected_latency) \(.with.local_fraction) \(.without.expected_latency) \(.without.local_fraction)"' "$tmp/cxl.json")"
# shellcheck disable=SC2086
"$bin" report placement configs/domain-cxl.xml $HOST4 >"$tmp/cxl.table" 2>/dev/null
check_contains "cxl: the verdict counts the memory-only cell" \
	"verdict: the declaration hurts: expected latency 12.33 instead of 10.00 slit (+23.3%), local fraction 0.667 instead of 1.000" \
	"$tmp/cxl.table"
check_contains "cxl: the memory-only cell's share is explained" \
	"memory-only cell 1: 4096.0 MiB at 17.00 slit, counted by its memory like every cell" "$tmp/cxl.table"

# The host from sysfs fixtures instead of capabilities.
"$bin" report placement configs/domain-small.xml --sysfs-root tests/fixtures/2node/sys \
	--proc-root tests/fixtures/2node/proc --format csv >"$tmp/sysfs.csv" 2>"$tmp/err"
check_contains "host from --sysfs-root, csv: the absent CPUs are warned about on stderr" \
	"numaprobe report: warning: <vcpu cpuset> names host CPUs 4-7, which do not exist" "$tmp/err"
# That host has CPUs 0-3 only: the guest's cpuset 4-7 names none of them,
# which is warned about, and its vCPUs are taken to float over every CPU.
check_eq "host from --sysfs-root: pins naming absent CPUs float over all; memory strict on node 1" \
	"small,with,0,2,2147483648,0-1,1,0.5000" "$(sed -n 2p "$tmp/sysfs.csv" | cut -d, -f1-8)"
"$bin" report placement configs/domain-small.xml --sysfs-root tests/fixtures/2node/sys \
	--proc-root tests/fixtures/2node/proc >"$tmp/sysfs.table" 2>"$tmp/err"
check_empty "host from --sysfs-root, table: nothing on stderr" "$tmp/err"
check_contains "host from --sysfs-root: the absent CPUs are warned about" \
	"<vcpu cpuset> names host CPUs 4-7, which do not exist" "$tmp/sysfs.table"

# Measured latency instead of SLIT: a bench CSV's latest latency medians.
H="timestamp,run_id,host,label,test,mode,cpu_node,mem_node,threads,size_bytes,page,unit,min,median,mean,max,stddev,p90,p99,samples,placed_pct"
{
	echo "$H"
	for pair in "0 0 100" "0 1 180" "1 0 190" "1 1 110"; do
		set -- $pair
		echo "2026-11-20T10:00:00.000Z,aaaaaaaaaaaaaaaa,h,,latency,chase,$1,$2,1,1,4k,ns,$3,$3,$3,$3,0,$3,$3,3,100.00"
	done
} >"$tmp/lat.csv"
# shellcheck disable=SC2086
"$bin" report placement configs/domain-2cell.xml $HOST2 --latency "$tmp/lat.csv" --format csv >"$tmp/ns.csv" 2>"$tmp/err"
check_eq "--latency: exits 0, with the 2-cell warnings on stderr" "0 2" "$? $(grep -c 'warning:' "$tmp/err")"
# P = (0.5, 0.5), m = (0.5, 0.5): 0.25 * (100 + 180 + 190 + 110) = 145
check_eq "--latency: expected latency from the bench matrix, in ns" "145.000,ns" "$(sed -n 2p "$tmp/ns.csv" | cut -d, -f11,12)"
head -n 3 "$tmp/lat.csv" >"$tmp/partial.csv"
# shellcheck disable=SC2086
"$bin" report placement configs/domain-2cell.xml $HOST2 --latency "$tmp/partial.csv" >/dev/null 2>"$tmp/err"
check_eq "--latency missing a pair: exits 1" 1 $?
check_contains "--latency missing a pair: names it" "has no latency for CPU node 1 -> memory node 0" "$tmp/err"

# ---- bad and hostile domain XML: clear error, file and line, exit 1 ------
for bad in "$F"/bad/*.xml; do
	name=$(basename "$bad" .xml)
	# shellcheck disable=SC2086
	"$bin" report placement "$bad" $HOST2 >"$tmp/out" 2>"$tmp/err"
	check_eq "bad XML $name: exits 1" 1 $?
	check_files "bad XML $name: the exact message" "${bad%.xml}.err" "$tmp/err"
	check_eq "bad XML $name: nothing on stdout" 0 "$(wc -c <"$tmp/out")"
done
head -c 5000000 /dev/zero | tr '\0' ' ' >"$tmp/big.xml"
# shellcheck disable=SC2086
"$bin" report placement "$tmp/big.xml" $HOST2 >/dev/null 2>"$tmp/err"
check_eq "an XML file over the size limit: exits 1" 1 $?
check_contains "an XML file over the size limit: says so" "is more than the 4194304-byte limit for XML" "$tmp/err"
"$bin" report placement >/dev/null 2>"$tmp/err"
check_eq "placement without a domain: exits 2" 2 $?
check_eq "placement without a domain: says what it takes" \
	"numaprobe report placement: expected one DOMAIN.xml or --guest NAME" "$(head -n 1 "$tmp/err")"
"$bin" report placement configs/domain-2cell.xml --host-caps "$tmp/none.xml" >/dev/null 2>"$tmp/err"
check_eq "a missing capabilities file: exits 1" 1 $?
check_contains "a missing capabilities file: names it" "$tmp/none.xml: cannot open" "$tmp/err"
"$bin" report frobnicate >/dev/null 2>"$tmp/err"
check_eq "an unknown report action: exits 2" 2 $?
check_eq "an unknown report action: names it and the actions" \
	"numaprobe report: unknown action 'frobnicate': expected placement, compare, chart, advise, fit or html" \
	"$(head -n 1 "$tmp/err")"
# Each action has its own options: one of another action is refused.
"$bin" report compare "$F/bench-before.csv" "$F/bench-after.csv" --host-caps x >/dev/null 2>"$tmp/err"
check_eq "compare --host-caps: exits 2" 2 $?
check_eq "compare --host-caps: refused, naming the action it belongs to" \
	"numaprobe report compare: option '--host-caps' is not one of report compare: it belongs to report placement" \
	"$(head -n 1 "$tmp/err")"
"$bin" report placement configs/domain-small.xml --run-id x --out y >/dev/null 2>"$tmp/err"
check_eq "placement --run-id: refused" \
	"numaprobe report placement: option '--run-id' is not one of report placement: it belongs to report compare" \
	"$(head -n 1 "$tmp/err")"
"$bin" report compare "$F/bench-before.csv" "$F/bench-after.csv" --size 10x10 >/dev/null 2>"$tmp/err"
check_eq "compare --size: refused as chart's, not checked as a size" \
	"numaprobe report compare: option '--size' is not one of report compare: it belongs to report chart" \
	"$(head -n 1 "$tmp/err")"

# ---- advise ----------------------------------------------------------------
# configs/advised/ holds each example advised for the 2-node fixture host;
# domain-hugepages does not fit it (too few free 2 MiB pages).
for domain in configs/domain-*.xml; do
	name=$(basename "$domain")
	# shellcheck disable=SC2086
	"$bin" report advise "$domain" $HOST2 >"$tmp/advised.xml" 2>"$tmp/err"
	rc=$?
	if [ -e "configs/advised/$name" ]; then
		check_eq "advise $name: exits 0" 0 $rc
		check_files "advise $name: configs/advised/$name" "configs/advised/$name" "$tmp/advised.xml"
		# shellcheck disable=SC2086
		"$bin" report placement "$tmp/advised.xml" $HOST2 --format csv >"$tmp/advised.csv" 2>/dev/null
		check_eq "advise $name: every cell of the advice is local (local_fraction 1)" "1.0000" \
			"$(awk -F, 'NR > 1 && $2 == "with" {print $8}' "$tmp/advised.csv" | sort -u | tr '\n' ' ' | sed 's/ $//')"
	else
		check_eq "advise $name: exits 3 (no room)" 3 $rc
		check_empty "advise $name: writes no XML" "$tmp/advised.xml"
		check_contains "advise $name: says by how much" "does not fit capabilities $F/host-2node-caps.xml: it needs" "$tmp/err"
	fi
done
# shellcheck disable=SC2086
"$bin" report advise configs/domain-2cell.xml $HOST2 --out "$tmp/out.xml" >"$tmp/stdout" 2>"$tmp/err"
check_eq "advise --out: exits 0, nothing on stdout" "0" "$?$(cat "$tmp/stdout")"
check_files "advise --out: the file is the advice" configs/advised/domain-2cell.xml "$tmp/out.xml"
check_eq "advise: its decisions and the summaries before and after on stderr" \
	"numaprobe report advise: capabilities give no free memory: each node's total is taken as free|numaprobe report advise: fits node 0: 4 vCPUs of 4 free there, 6.0 GiB of 16.0 GiB of free memory; the node with the most free memory among those that fit|numaprobe report advise: before: local fraction 0.500, expected latency 15.50 slit; after: local fraction 1.000, expected latency 10.00 slit" \
	"$(tr '\n' '|' <"$tmp/err" | sed 's/|$//')"
"$bin" report advise configs/domain-2cell.xml --host-caps tests/fixtures/report/host-8node-caps.xml --pin-cores --cpu-ratio 2 \
	>"$tmp/pinned.xml" 2>/dev/null
check_eq "advise --pin-cores on the 8-node host: one core a vCPU, 2 a node, nodes 0 and 1" \
	"0:0 1:1 2:2 3:3 | 0-1" \
	"$(sed -n "s/.*<vcpupin vcpu='\([0-9]*\)' cpuset='\([0-9]*\)'.*/\1:\2/p" "$tmp/pinned.xml" | tr '\n' ' ')| $(sed -n "s/.*<memory mode='strict' nodeset='\([^']*\)'.*/\1/p" "$tmp/pinned.xml")"

# ---- fit ---------------------------------------------------------------------
# shellcheck disable=SC2086
"$bin" report fit configs/domain-2cell.xml configs/domain-small.xml configs/domain-2cell.xml $HOST2 \
	--format csv >"$tmp/fit.csv" 2>"$tmp/err"
check_eq "fit: exits 3 when a guest does not fit" 3 $?
check_eq "fit: node 0, then node 1, then no room (2 vCPU places left)" \
	"classic-2cell,yes,0,1,4 small,yes,1,1,2 classic-2cell,no,,0,4" \
	"$(words "$(tail -n +2 "$tmp/fit.csv" | cut -d, -f1-5)")"
# shellcheck disable=SC2086
"$bin" report fit configs/domain-small.xml --count $HOST2 >"$tmp/fit.txt" 2>/dev/null
check_eq "fit --count: exits 0" 0 $?
check_contains "fit --count: 4 copies of a 2-vCPU guest on two 4-CPU nodes" \
	"copies of small that fit: 4 each on one node, 4 with guests spread over nodes" "$tmp/fit.txt"
# shellcheck disable=SC2086
"$bin" report fit configs/domain-small.xml configs/domain-2cell.xml --count $HOST2 >/dev/null 2>"$tmp/err"
check_eq "fit --count with two guests: a usage error" \
	"2 numaprobe report fit: --count counts the copies of one GUEST.xml" "$? $(head -n 1 "$tmp/err")"

# ---- what running guests hold: --stats and --running ----------------------
# The latest sample of stats-held.csv holds guest a (2 vCPUs and 3 GiB +
# 1 GiB of huge pages on node 0, 1 vCPU on node 1) and guest "b,1" (1 vCPU,
# 1 GiB on node 1): 2 of each node's 4 CPUs are taken, so a 4-vCPU guest
# needs both nodes.
# shellcheck disable=SC2086
"$bin" report fit configs/domain-2cell.xml --stats "$F/stats-held.csv" $HOST2 --format csv \
	>"$tmp/held.csv" 2>"$tmp/err"
check_eq "fit --stats: exits 0" 0 $?
check_eq "fit --stats: 2 vCPU places left a node, so two cells on nodes 0-1" \
	"classic-2cell,yes,0-1,2,4" "$(tail -n +2 "$tmp/held.csv" | cut -d, -f1-5)"
check_eq "fit --stats: says what it counted, and that capabilities' totals less it are free" \
	"numaprobe report fit: 2 guests in the latest sample of $F/stats-held.csv counted as committed:|numaprobe report fit:   a (pid 20): 3 vCPUs, 4096.0 MiB|numaprobe report fit:   b,1 (pid 30): 1 vCPU, 1024.0 MiB|numaprobe report fit: capabilities give no free memory: each node's total less what the guests hold is taken as free" \
	"$(paste -sd'|' "$tmp/err")"
# the room before the first guest, in base pages: the capabilities' 16 GiB
# and 4 CPUs a node, less what the stats sample's guests hold (3 GiB and 2
# vCPUs on node 0, whose 1 GiB of huge pages comes from the pools; 1 GiB
# and 2 vCPUs on node 1)
# shellcheck disable=SC2086
"$bin" report fit configs/domain-2cell.xml --stats "$F/stats-held.csv" $HOST2 --format json 2>/dev/null >"$tmp/held.json"
check_eq "fit --format json: the room per node before the first guest" \
	'[{"node":0,"memory_bytes":13958643712,"vcpu_places":2},{"node":1,"memory_bytes":16106127360,"vcpu_places":2}]' \
	"$(jq -c '.room' "$tmp/held.json")"
check_eq "fit CSV: node 0's room columns, the same on the row" "13958643712,2" \
	"$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } NR == 2 { print $c["node0_room_memory_bytes"] "," $c["node0_room_vcpus"] }' "$tmp/held.csv")"
# shellcheck disable=SC2086
"$bin" report fit configs/domain-2cell.xml --stats "$F/stats-held.csv" --running $HOST2 >/dev/null 2>"$tmp/err"
check_eq "fit --stats with --running: a usage error" \
	"2 numaprobe report fit: --running and --stats both say what the guests hold: give one" \
	"$? $(head -n 1 "$tmp/err")"
printf '%s\n' "<domain type='kvm'><name>tiny</name><memory unit='MiB'>256</memory><vcpu>2</vcpu></domain>" \
	>"$tmp/tiny.xml"
S=tests/fixtures/stats-2node
ROOTS="--sysfs-root $S/sys --proc-root $S/proc --libvirt-run-dir $S/libvirt --cgroup-root $S/cgroup"
# shellcheck disable=SC2086
"$bin" report advise "$tmp/tiny.xml" $ROOTS --cpu-ratio 2 >"$tmp/idle.xml" 2>/dev/null
check_eq "advise on an idle fixture host: node 1 (the most free memory), 4 places a node" \
	"1" "$(sed -n "s/.*<memory mode='strict' nodeset='\([^']*\)'.*/\1/p" "$tmp/idle.xml")"
# db and "web,1" run there with 3 vCPUs on each node (one of db's pinned to
# node 0): 1 place left on each.
# shellcheck disable=SC2086
"$bin" report advise "$tmp/tiny.xml" $ROOTS --cpu-ratio 2 --running >"$tmp/busy.xml" 2>"$tmp/err"
check_eq "advise --running: one vCPU a node, memory bound per cell" \
	"0-1 | 0:0 1:1" \
	"$(sed -n "s/.*<memory mode='strict' nodeset='\([^']*\)'.*/\1/p" "$tmp/busy.xml") | $(sed -n "s/.*<memnode cellid='\([0-9]*\)' mode='strict' nodeset='\([0-9]*\)'.*/\1:\2/p" "$tmp/busy.xml" | paste -sd' ')"
check_contains "advise --running: names the guests it counted" \
	"numaprobe report advise:   db (pid 1000): 4 vCPUs, 1130.4 MiB" "$tmp/err"

# ---- compare ---------------------------------------------------------------
"$bin" report compare "$F/bench-before.csv" "$F/bench-after.csv" --format csv >"$tmp/cmp.csv" 2>"$tmp/err"
check_eq "compare bench: exits 0" 0 $?
check_empty "compare bench: nothing on stderr" "$tmp/err"
# The expected p-values and intervals are SciPy's (ttest_ind_from_stats,
# equal_var=False; t.ppf(0.995, df)) on the fixtures' means, stddevs and
# samples: 0.352, 1.688e-09, 0.2915, 1.563e-08.
check_files "compare bench: matched rows, Welch's p-values and intervals" "$F/expected/compare-bench.csv" "$tmp/cmp.csv"
"$bin" report compare "$F/bench-before.csv" "$F/bench-after.csv" >"$tmp/cmp.table" 2>"$tmp/err"
check_contains "compare bench table: states the test and the level" \
	"means over each side's samples; Welch's t-test, significant when p < 0.01; the change of the means with its 99% interval" "$tmp/cmp.table"
check_contains "compare bench table: a row with its interval, p and verdict" \
	"latency    chase      0    -   1       1 4k       256.0 ns         172.00      121.00  -29.7%  -31.3% .. -28.0%  1.69e-09  better" "$tmp/cmp.table"
"$bin" report compare "$F/bench-before.csv" "$F/bench-after.csv" --alpha 0.4 --format csv >"$tmp/loose.csv" 2>"$tmp/err"
check_eq "compare --alpha 0.4: p 0.352 and 0.2915 become significant changes" \
	"worse better better better" "$(words "$(tail -n +2 "$tmp/loose.csv" | cut -d, -f20)")"
"$bin" report compare "$F/bench-before.csv" "$F/bench-after.csv" --alpha 0.7 >/dev/null 2>"$tmp/err"
check_eq "compare --alpha 0.7: exits 2" 2 $?
check_contains "compare --alpha 0.7: says what is expected" "--alpha '0.7': expected a number above 0 and at most 0.5" "$tmp/err"
"$bin" report compare "$F/bench-before.csv" "$F/bench-after.csv" --run-id bbbbbbbbbbbbbbbb --format csv >"$tmp/old.csv" 2>"$tmp/err"
check_empty "compare --run-id: nothing on stderr" "$tmp/err"
check_eq "compare --run-id picks that run of the file holding it (SciPy: p 6.332e-11)" "latency,chase,0,,0,1,4k,268435456,,bind,ns,300.000,101.500,5,5,-66.17,-66.72,-65.62,6.332e-11,better" \
	"$(sed -n 2p "$tmp/old.csv")"
"$bin" report compare "$F/bench-before.csv" tests/fixtures/stats-2node/expected.csv >/dev/null 2>"$tmp/err"
check_eq "compare bench with stats: exits 1" 1 $?
check_contains "compare bench with stats: says why" "expected two bench CSVs or two stats CSVs" "$tmp/err"
printf '%s\n' "$H" >"$tmp/empty.csv"
"$bin" report compare "$F/bench-before.csv" "$tmp/empty.csv" >/dev/null 2>"$tmp/err"
check_eq "compare with an empty file: exits 1" 1 $?
check_eq "compare with an empty file: says so" "numaprobe report: $tmp/empty.csv: no rows" "$(cat "$tmp/err")"
# One file holding both runs (bench --append): --label twice picks each.
{ cat "$F/bench-before.csv"; tail -n +2 "$F/bench-after.csv"; } >"$tmp/runs.csv"
"$bin" report compare "$tmp/runs.csv" "$tmp/runs.csv" --label before --label after --format csv >"$tmp/both.csv" 2>"$tmp/err"
check_eq "compare one file, --label before --label after: exits 0" 0 $?
check_eq "compare one file, --label twice: the same rows as two files" \
	"$(tail -n +2 "$F/expected/compare-bench.csv")" "$(tail -n +2 "$tmp/both.csv")"
"$bin" report compare "$tmp/runs.csv" "$tmp/runs.csv" --label a --label b --label c >/dev/null 2>"$tmp/err"
check_eq "compare --label three times: exits 2" 2 $?
"$bin" report compare "$F/bench-before.csv" "$F/bench-after.csv" --run-id nosuch >/dev/null 2>"$tmp/err"
check_eq "compare --run-id in neither file: exits 1, naming it" \
	"1 numaprobe report: $F/bench-before.csv: no rows of run nosuch" "$? $(cat "$tmp/err")"
printf 'timestamp,run_id,test,mode,cpu_node,mem_node,median\n1,2,"broken\n' >"$tmp/broken.csv"
"$bin" report compare "$tmp/broken.csv" "$F/bench-after.csv" >/dev/null 2>"$tmp/err"
check_eq "compare a malformed CSV: exits 1" 1 $?
check_contains "compare a malformed CSV: names file and line" "$tmp/broken.csv line 2: a quoted field is not closed" "$tmp/err"
# Stats: two files with rates (from the state-file fixture runs).
S=tests/fixtures/stats-2node
R="--sysfs-root $S/sys --proc-root $S/proc --libvirt-run-dir $S/libvirt --cgroup-root $S/cgroup"
# shellcheck disable=SC2086
"$bin" stats $R --interval 0.05 --count 2 --quiet --append "$tmp/s1.csv" 2>"$tmp/err"
check_eq "two samples of the stats fixture: exit 0" 0 $?
# shellcheck disable=SC2086
"$bin" stats $R --interval 0.05 --count 2 --quiet --append "$tmp/s2.csv" 2>"$tmp/err"
"$bin" report compare "$tmp/s1.csv" "$tmp/s2.csv" --format json >"$tmp/scmp.json" 2>"$tmp/err"
check_eq "compare stats: exits 0" 0 $?
check_empty "compare stats: nothing on stderr" "$tmp/err"
check_eq "compare stats: per node miss/other rates and per guest local fraction" \
	"guest db  local_fraction|guest web,1  local_fraction|node  0 numa_miss_per_s|node  0 other_node_per_s|node  1 numa_miss_per_s|node  1 other_node_per_s" \
	"$(jq -r '[.rows[] | "\(.scope) \(.entity) \(.node // "") \(.metric)"] | sort | join("|")' "$tmp/scmp.json")"
"$bin" report compare "$tmp/s1.csv" "$tmp/s2.csv" --format csv >"$tmp/scmp.csv" 2>/dev/null
check_eq "compare stats: the guests' local fraction did not move (2 samples: too few for a verdict)" \
	"0.7058,0.7058,2,2,0.00,,,,too few samples" \
	"$(grep '^guest,db,' "$tmp/scmp.csv" | cut -d, -f6-)"

# ---- charts ------------------------------------------------------------------
png_size() { # FILE -> "WIDTH HEIGHT" from the IHDR chunk, or "not a PNG"
	if [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
		od -An -tu1 -j 16 -N 8 "$1" | awk '{print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}'
	else
		echo "not a PNG"
	fi
}
"$bin" report placement configs/domain-2cell-tuned.xml $HOST2 --format csv >"$tmp/placement.csv" 2>/dev/null
if command -v gnuplot >/dev/null 2>&1; then
	"$bin" report chart "$F/bench-before.csv" "$F/bench-after.csv" "$tmp/s1.csv" "$tmp/placement.csv" \
		--out "$tmp/charts" --size 640x480 >"$tmp/list" 2>"$tmp/err"
	check_eq "chart: exits 0" 0 $?
	check_empty "chart: nothing on stderr (gnuplot's warnings included)" "$tmp/err"
	for chart in bench-before-latency-heatmap bench-before-bandwidth-heatmap-read bench-before-vs-bench-after-latency \
		bench-before-vs-bench-after-bandwidth s1-numa-miss s1-memory-used s1-tiering s1-refaults s1-guest-db-memory "s1-guest-web_1-fabac582-memory" \
		placement-local-fraction placement-expected-latency; do
		check_eq "chart $chart: a 640x480 PNG" "640 480" "$(png_size "$tmp/charts/$chart.png" 2>/dev/null)"
		if [ -s "$tmp/charts/$chart.gp" ] && [ -s "$tmp/charts/$chart.dat" ]; then
			pass "chart $chart: its .gp script and .dat data are beside it"
		else
			fail "chart $chart: its .gp script and .dat data are beside it" "missing"
		fi
	done
	check_eq "chart: lists every image it wrote (heatmaps of both bench files too)" 14 "$(wc -l <"$tmp/list")"
	"$bin" report chart "$F/bench-before.csv" --out "$tmp/svg" --format svg --size 800x300 >/dev/null 2>"$tmp/err"
	check_empty "chart --format svg: nothing on stderr" "$tmp/err"
	svg=$tmp/svg/bench-before-latency-heatmap.svg
	check_eq "chart --format svg: an <svg> root element" "<svg" "$(grep -o -m1 '<svg' "$svg")"
	check_eq "chart --format svg: of the requested size" "800 300" \
		"$(tr '\n' ' ' <"$svg" | sed -n 's/.*<svg  *width="\([0-9]*\)" height="\([0-9]*\)".*/\1 \2/p')"
	check_contains "chart --format svg: the heatmap shows its values" ">101.0<" "$svg"
	# a time axis: each tick is two text lines, MM-DD then HH:MM:SS, seconds
	# since the two samples are 0.05 s apart (a literal backslash-n would
	# show as one line holding "\n")
	"$bin" report chart "$tmp/s1.csv" --out "$tmp/svg-stats" --format svg >/dev/null 2>"$tmp/err"
	svg=$tmp/svg-stats/s1-numa-miss.svg
	texts=$(grep -o '<text[^>]*>.*</text>' "$svg" | sed 's/<[^>]*>//g; s/^ *//')
	check_eq "chart --format svg: no tick shows a literal \\n" "" "$(printf '%s\n' "$texts" | grep -F '\n')"
	check_eq "chart --format svg: a time tick is MM-DD over HH:MM:SS" "yes" \
		"$(printf '%s\n' "$texts" | awk 'prev ~ /^[0-9][0-9]-[0-9][0-9]$/ && $0 ~ /^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]$/ {found = 1} {prev = $0} END {print found ? "yes" : "no"}')"
	check_eq "chart --format svg: the time axis says UTC" "time, UTC" "$(printf '%s\n' "$texts" | grep -x 'time, UTC')"
else
	skip "charts drawn by gnuplot" "gnuplot is not installed (scripts/setup.sh installs gnuplot-nox)"
fi
mkdir -p "$tmp/nognuplot"
for tool in sh mkdir; do ln -sf "$(command -v $tool)" "$tmp/nognuplot/$tool"; done
PATH=$tmp/nognuplot "$bin" report chart "$F/bench-before.csv" --out "$tmp/nog" >/dev/null 2>"$tmp/err"
check_eq "chart without gnuplot: exits 1" 1 $?
check_contains "chart without gnuplot: says so and where the scripts are" "gnuplot is not installed (apt-get install gnuplot-nox): the data and scripts are in $tmp/nog" "$tmp/err"
check_eq "chart without gnuplot: scripts and data still written" "bench-before-latency-heatmap.dat bench-before-latency-heatmap.gp" \
	"$(ls "$tmp/nog" | grep latency-heatmap | tr '\n' ' ' | sed 's/ $//')"
"$bin" report chart "$F/bench-before.csv" --out "$tmp/c" --size 10x10 >/dev/null 2>"$tmp/err"
check_eq "chart --size too small: exits 2" 2 $?
check_eq "chart --size too small: says what it expected" \
	"numaprobe report chart: --size '10x10': expected WIDTHxHEIGHT in pixels, 100 to 10000 each" \
	"$(head -n 1 "$tmp/err")"
"$bin" report chart configs/domain-2cell.xml --out "$tmp/c" >/dev/null 2>"$tmp/err"
check_eq "chart of a file that is not a numaprobe CSV: exits 1" 1 $?
check_contains "chart of a file that is not a numaprobe CSV: says so" \
	"configs/domain-2cell.xml line 2: 1 fields, expected 2 as in the header" "$tmp/err"
finish
