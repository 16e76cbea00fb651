#!/bin/sh
# test_bench.sh: `numaprobe bench` on this (one-node) machine: output
# formats, the append rules, bad options, restrictions and the
# numa_balancing switch. Multi-node shapes are checked in the QEMU testbed
# (tests/vm/check-bench.sh). No check asserts a speed: figures are only
# required to be positive and placed on their node.
# Usage: tests/cli/test_bench.sh [NUMAPROBE_BINARY]
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
bin=${1:-build/numaprobe}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
HEADER_V1="timestamp,run_id,host,label,test,mode,cpu_node,mem_node,threads,size_bytes,page,unit,min,median,mean,max,stddev,p90,p99,samples,placed_pct"
HEADER="$HEADER_V1,peer_node,load_level,policy"
quick="--size 16M --time 0.05 --repeat 3 --quiet"

# shellcheck disable=SC2086
"$bin" bench $quick --label 'run "a"' --format csv >"$tmp/a.csv" 2>"$tmp/a.err"
check_eq "bench csv: exits 0" 0 $?
check_eq "bench csv: header is exact" "$HEADER" "$(head -n 1 "$tmp/a.csv")"
check_eq "bench csv: one latency and one bandwidth row" "latency,chase
bandwidth,read" "$(tail -n +2 "$tmp/a.csv" | cut -d, -f5,6)"
check_eq "bench csv: every row has 24 fields" "24" \
	"$(tail -n +2 "$tmp/a.csv" | sed 's/"run ""a"""/label/' | awk -F, '{print NF}' | sort -u)"
check_eq "bench csv: label is RFC 4180 quoted" 2 "$(grep -c ',"run ""a""",' "$tmp/a.csv")"
check_eq "bench csv: units" "ns
MB/s" "$(tail -n +2 "$tmp/a.csv" | cut -d, -f12)"
check_eq "bench csv: latency uses one thread, 16 MiB, 4k pages, 3 samples" "0,0,1,16777216,4k" \
	"$(sed -n 2p "$tmp/a.csv" | cut -d, -f7-11)"
check_eq "bench csv: 3 samples a row" "3" "$(tail -n +2 "$tmp/a.csv" | cut -d, -f20 | sort -u)"
check_eq "bench csv: every page on node 0" "100.00" "$(tail -n +2 "$tmp/a.csv" | cut -d, -f21 | sort -u)"
check_eq "bench csv: no peer or load level, policy bind" ",,bind" "$(tail -n +2 "$tmp/a.csv" | cut -d, -f22-24 | sort -u)"
check_eq "bench csv: a latency row's p90 and p99 (of the batch means) are within its range or above" "ok" \
	"$(sed -n 2p "$tmp/a.csv" | awk -F, '$18 > 0 && $19 >= $18 {print "ok"}')"
check_eq "bench csv: min <= median <= max and all positive" "ok" \
	"$(tail -n +2 "$tmp/a.csv" | awk -F, '$13 > 0 && $13 <= $14 && $14 <= $16 {n++} END {print (n == NR ? "ok" : "bad")}')"
check_eq "bench: nothing on stderr for a clean quiet run" "" "$(cat "$tmp/a.err")"

# shellcheck disable=SC2086
"$bin" bench bandwidth $quick --mode triad,read,copy,ntcopy,write,ntwrite,read --format csv >"$tmp/modes.csv"
check_eq "bench --mode: every kernel once, in the order given" "triad read copy ntcopy write ntwrite" \
	"$(tail -n +2 "$tmp/modes.csv" | cut -d, -f6 | tr '\n' ' ' | sed 's/ $//')"
check_eq "bench --mode: all placed" "100.00" "$(tail -n +2 "$tmp/modes.csv" | cut -d, -f21 | sort -u)"

# shellcheck disable=SC2086
"$bin" bench latency $quick --format json >"$tmp/a.json"
check_eq "bench json: parses, one latency row" "1 latency chase" \
	"$(jq -r '"\(.rows | length) \(.rows[0].test) \(.rows[0].mode)"' "$tmp/a.json")"
check_eq "bench json: environment and settings" "true" \
	"$(jq '(.environment | has("kernel") and has("cpu_model") and has("virtualised") and has("numa_balancing") and has("transparent_hugepage") and has("memory_policy") and has("hugepage_pools") and has("allowed_cpus")) and .settings.repeat == 3 and (.settings.mb_per_s | test("10\\^6"))' "$tmp/a.json")"
check_eq "bench json: placement ok" "true 100" "$(jq -r '"\(.rows[0].placement_ok) \(.rows[0].placed_pct)"' "$tmp/a.json")"
check_eq "bench json: stride 256 by default" 256 "$(jq '.settings.stride_bytes' "$tmp/a.json")"
check_eq "bench json: the distribution of batch means, named so, with its histogram" \
	"per-batch mean latency, ns true true true" \
	"$(jq -r '.rows[0].distribution | "\(.what) \(.batch_loads >= 8) \(.batches == ([.histogram[][1]] | add)) \(.p50 <= .p90 and .p90 <= .p99 and .p99 <= .p99_9 and .p99_9 <= .max)"' "$tmp/a.json")"
check_eq "bench json: the CSV's p90 and p99 are the distribution's" "true" \
	"$(jq '.rows[0] | (.p90 - .distribution.p90 | fabs) < 0.001 and (.p99 - .distribution.p99 | fabs) < 0.001' "$tmp/a.json")"
# shellcheck disable=SC2086
"$bin" bench latency $quick --batch 0 --stride 64 --format json >"$tmp/untimed.json"
check_eq "--batch 0: no distribution; --stride 64 recorded" "false 64" \
	"$(jq -r '"\(.rows[0] | has("distribution")) \(.settings.stride_bytes)"' "$tmp/untimed.json")"
# shellcheck disable=SC2086
"$bin" bench latency $quick --batch 16 --format json >"$tmp/b16.json"
check_eq "--batch 16: batches of 16 loads" 16 "$(jq '.rows[0].distribution.batch_loads' "$tmp/b16.json")"

# shellcheck disable=SC2086
"$bin" bench $quick >"$tmp/a.table"
check_contains "bench table: latency matrix" "latency, ns per load (median of 3)" "$tmp/a.table"
check_contains "bench table: ratio beside SLIT" "measured remote/local | SLIT distance / 10" "$tmp/a.table"
check_contains "bench table: states the MB/s convention" "MB/s = 10^6 bytes per second" "$tmp/a.table"
check_contains "bench table: the CV beside the median" "ns per load       | CV of the samples, %" "$tmp/a.table"
check_contains "bench table: the stride" "one load per 256 bytes" "$tmp/a.table"
check_contains "bench table: the distribution, named as batch means" \
	"per-batch mean latency, ns: batches of" "$tmp/a.table"

# Sweep: latency at each size, 16, 32 and 64 KiB (one step an octave).
"$bin" bench sweep --from 16K --to 64K --steps-per-octave 1 --time 0.02 --repeat 2 --quiet \
	--format csv >"$tmp/sweep.csv" 2>"$tmp/err"
check_eq "bench sweep: exits 0" 0 $?
check_eq "bench sweep csv: one row a size, test sweep, mode chase, ns, all placed" \
	"sweep,chase,16384,ns,100.00 sweep,chase,32768,ns,100.00 sweep,chase,65536,ns,100.00" \
	"$(words "$(tail -n +2 "$tmp/sweep.csv" | cut -d, -f5,6,10,12,21)")"
"$bin" bench sweep --from 16K --to 64K --steps-per-octave 1 --time 0.02 --repeat 2 --quiet \
	--format json >"$tmp/sweep.json"
check_eq "bench sweep json: the sizes in the settings, the caches in the environment" \
	"[16384,32768,65536] true" \
	"$(jq -c '[.settings.sweep_sizes, (.environment.caches | type == "array")] | "\(.[0]) \(.[1])"' -r "$tmp/sweep.json")"
"$bin" bench sweep --from 16K --to 64K --steps-per-octave 1 --time 0.02 --repeat 2 --quiet >"$tmp/sweep.table"
check_contains "bench sweep table: the curve's heading" "latency over working-set sizes, ns per load" "$tmp/sweep.table"
l1=$(jq -r '[.environment.caches[] | select(.level == 1)][0].bytes // empty' "$tmp/sweep.json")
if [ -n "$l1" ] && [ "$l1" -ge 16384 ] && [ "$l1" -lt 65536 ]; then
	check_contains "bench sweep table: where the curve leaves L1 ($l1 bytes)" "-- past L1 " "$tmp/sweep.table"
else
	skip "bench sweep table: the L1 mark" "this machine's L1 (${l1:-not published}) is not between 16 and 64 KiB"
fi

# Loaded latency: 3 levels (idle, half, full speed), a row in ns and one in
# MB/s each; the injectors are node 0's other cores.
if [ "$(nproc)" -ge 2 ]; then
	"$bin" bench loaded --cpu-nodes 0 --mem-nodes 0 --size 16M --levels 3 --time 0.06 --repeat 2 \
		--mix read,copy --quiet --format json >"$tmp/loaded.json" 2>"$tmp/err"
	check_eq "bench loaded: exits 0" 0 $?
	check_eq "bench loaded: per mix, levels 0-2 in ns and MB/s" \
		"read:0:ns read:0:MB/s read:1:ns read:1:MB/s read:2:ns read:2:MB/s copy:0:ns copy:0:MB/s copy:1:ns copy:1:MB/s copy:2:ns copy:2:MB/s" \
		"$(jq -r '[.rows[] | "\(.mode):\(.load_level):\(.unit)"] | join(" ")' "$tmp/loaded.json")"
	check_eq "bench loaded: test loaded, one thread count (the injectors), all placed" \
		"loaded true true" \
		"$(jq -r '"\([.rows[].test] | unique | join(",")) \([.rows[].threads] | unique | length == 1 and .[0] >= 1) \([.rows[] | .placed_pct == 100] | all)"' "$tmp/loaded.json")"
	check_eq "bench loaded: the idle level injects nothing, full speed does" "0 0 true true" \
		"$(jq -r '[.rows[] | select(.unit == "MB/s")] | "\(.[0].median) \(.[3].median) \(.[2].median > 0) \(.[5].median > 0)"' "$tmp/loaded.json")"
	check_eq "bench loaded: the settings name the levels and each mix's arrays, reads and writes" \
		"3 read:1:1:0 copy:2:1:1" \
		"$(jq -r '"\(.settings.levels) \([.settings.mixes[] | "\(.mix):\(.arrays):\(.reads):\(.writes)"] | join(" "))"' "$tmp/loaded.json")"
	"$bin" bench loaded --cpu-nodes 0 --mem-nodes 0 --size 16M --levels 2 --time 0.04 --repeat 2 \
		--load-cpus 1 --quiet --format csv >"$tmp/loaded.csv" 2>"$tmp/err"
	check_eq "bench loaded --load-cpus 1 csv: one injector, load_level column 0 and 1" \
		"loaded,read,1,ns,0 loaded,read,1,MB/s,0 loaded,read,1,ns,1 loaded,read,1,MB/s,1" \
		"$(words "$(tail -n +2 "$tmp/loaded.csv" | cut -d, -f5,6,9,12,23)")"
	"$bin" bench loaded --cpu-nodes 0 --mem-nodes 0 --size 16M --levels 2 --time 0.04 --repeat 2 \
		--quiet >"$tmp/loaded.table" 2>"$tmp/err"
	check_contains "bench loaded table: the curve's heading" "mix read (a pass reads 1 array, writes 0)" "$tmp/loaded.table"
else
	skip "bench loaded" "this machine has one CPU: no CPU for an injector"
fi

# Memory policies on node 0: interleave over one node is all there; the
# policy is in the CSV's last column and the JSON's node shares.
"$bin" bench latency --mem-nodes 0 --policy interleave --size 16M --time 0.02 --repeat 2 --quiet \
	--format json >"$tmp/policy.json" 2>"$tmp/err"
check_eq "bench --policy interleave on node 0: exits 0, policy, all pages there, node 0's share" \
	"0 interleave 100 0:100:100" \
	"$(jq -r '.rows[0] | "\(.mem_node) \(.policy) \(.placed_pct) \([.node_shares[] | "\(.node):\(.pct):\(.expected_pct)"] | join(" "))"' "$tmp/policy.json")"
if [ -e /sys/kernel/mm/mempolicy/weighted_interleave/node0 ]; then
	"$bin" bench latency --mem-nodes 0 --policy weighted --size 16M --time 0.02 --repeat 2 --quiet \
		--format csv >"$tmp/weighted.csv" 2>"$tmp/err"
	check_eq "bench --policy weighted (this kernel has it): the row says weighted, all on node 0" \
		"0,100.00,weighted" "$(tail -n 1 "$tmp/weighted.csv" | cut -d, -f8,21,24)"
else
	"$bin" bench latency --mem-nodes 0 --policy weighted --size 16M --time 0.02 --quiet >/dev/null 2>"$tmp/err"
	check_contains "bench --policy weighted (this kernel lacks it): refused, saying why" \
		"--policy weighted needs weighted interleave (MPOL_WEIGHTED_INTERLEAVE, Linux 6.9 and later)" "$tmp/err"
fi

# Core-to-core: every ordered pair of this machine's CPUs.
ncpu=$(nproc)
"$bin" bench c2c --time 0.02 --repeat 2 --quiet --format json >"$tmp/c2c.json" 2>"$tmp/err"
check_eq "bench c2c: exits 0" 0 $?
if [ "$ncpu" -ge 2 ]; then
	check_eq "bench c2c: every ordered pair of the CPUs" "$((ncpu * (ncpu - 1)))" "$(jq '.c2c_pairs | length' "$tmp/c2c.json")"
	check_eq "bench c2c: one node row, 2 threads, a line, half round trips in ns" "c2c flag 0 0 0 2 64 ns" \
		"$(jq -r '.rows[] | "\(.test) \(.mode) \(.cpu_node) \(.peer_node) \(.mem_node) \(.threads) \(.size_bytes) \(.unit)"' "$tmp/c2c.json")"
	check_eq "bench c2c: every pair completed, the line on its node" "true" \
		"$(jq '[.c2c_pairs[] | .ns > 0 and .placed_pct == 100] | all' "$tmp/c2c.json")"
	check_eq "bench c2c: samples = the pairs" "$((ncpu * (ncpu - 1)))" "$(jq '.rows[0].samples' "$tmp/c2c.json")"
	"$bin" bench c2c --cpus 0-1 --time 0.02 --repeat 2 --quiet --format csv >"$tmp/c2c.csv"
	check_eq "bench c2c csv: test, mode, threads, peer_node" "c2c,flag,0,0,2,0,,bind" \
		"$(tail -n 1 "$tmp/c2c.csv" | cut -d, -f5-9,22-24)"
	"$bin" bench c2c --cpu-nodes 0 --mem-nodes 0 --time 0.02 --repeat 2 --quiet --format json >"$tmp/c2c-node0.json"
	check_eq "bench c2c --cpu-nodes 0 --mem-nodes 0: pairs only of node 0's CPUs, the line on node 0" "true true" \
		"$(jq -r '"\(.c2c_pairs | length > 0) \([.c2c_pairs[] | .node_a == 0 and .node_b == 0 and .mem_node == 0] | all)"' "$tmp/c2c-node0.json")"
	"$bin" bench c2c --cpus 0-1 --time 0.02 --repeat 2 --quiet >"$tmp/c2c.table"
	check_contains "bench c2c table: the node matrix" "ns, median over the CPU pairs" "$tmp/c2c.table"
else
	skip "bench c2c on CPU pairs" "this machine has one CPU"
fi

# --append: one header, whole runs, refuses another header.
out=$tmp/bench.csv
# shellcheck disable=SC2086
"$bin" bench latency $quick --append "$out" >/dev/null && "$bin" bench latency $quick --append "$out" --label second >/dev/null
check_eq "--append twice: one header" 1 "$(grep -c '^timestamp,' "$out")"
check_eq "--append twice: two runs" 2 "$(tail -n +2 "$out" | cut -d, -f2 | sort -u | wc -l)"
printf 'timestamp,run_id,other\n1,2,3\n' >"$tmp/other.csv"
cp "$tmp/other.csv" "$tmp/other.orig"
# shellcheck disable=SC2086
"$bin" bench latency $quick --append "$tmp/other.csv" >/dev/null 2>"$tmp/err"
check_eq "--append to another format's file: exits 1" 1 $?
check_contains "--append to another format's file: says to start a new file" "start a new file" "$tmp/err"
check_files "--append to another format's file: file untouched" "$tmp/other.orig" "$tmp/other.csv"
printf '%s\n' "$HEADER_V1" >"$tmp/v1.csv"
# shellcheck disable=SC2086
"$bin" bench latency $quick --append "$tmp/v1.csv" >/dev/null 2>"$tmp/err"
check_eq "--append to a file with the first release's header: exits 1" 1 $?
check_contains "--append to an old file: names both headers and says to start a new file" \
	"start a new file (found '$HEADER_V1', expected '$HEADER')" "$tmp/err"

# --prom-file: the same text as --format prom of the run, renamed into
# place (no temporary file left); one gauge a matrix cell and the time.
# tests/live/test_prometheus.sh checks the values against the CSV and
# runs promtool on it.
# shellcheck disable=SC2086
"$bin" bench $quick --format prom --prom-file "$tmp/bench.prom" >"$tmp/stdout.prom"
check_eq "bench --prom-file: exits 0" 0 $?
check_files "bench --prom-file: the text of --format prom" "$tmp/stdout.prom" "$tmp/bench.prom"
check_eq "bench --prom-file: no temporary file left" "bench.prom" "$(cd "$tmp" && echo bench.prom*)"
check_eq "bench prom: a latency gauge, a bandwidth gauge and the run's time" \
	"numaprobe_bench_latency_seconds{cpu_node=\"0\",mem_node=\"0\",page=\"4k\"}
numaprobe_bench_bandwidth_bytes_per_second{cpu_node=\"0\",mem_node=\"0\",mode=\"read\",threads=
numaprobe_bench_timestamp_seconds" \
	"$(grep -v '^#' "$tmp/bench.prom" | sed 's/threads=.*/threads=/; s/ [^ ]*$//')"
for test in loaded sweep c2c; do
	"$bin" bench $test --prom-file "$tmp/$test.prom" >"$tmp/out" 2>"$tmp/err"
	check_eq "bench $test --prom-file: exits 2, writes nothing" "2 no" \
		"$? $([ -e "$tmp/$test.prom" ] || [ -s "$tmp/out" ] && echo yes || echo no)"
	check_contains "bench $test --prom-file: says why" \
		"--prom-file writes the latency and bandwidth matrices; bench $test has none" "$tmp/err"
done
"$bin" bench sweep --format prom >"$tmp/out" 2>"$tmp/err"
check_eq "bench sweep --format prom: exits 2" 2 $?
check_contains "bench sweep --format prom: says why" "--format prom writes the latency and bandwidth matrices" "$tmp/err"

# Bad options: exit 2, a clear message, and no CSV row anywhere.
bad() { # WHAT EXPECTED_MESSAGE ARGS...
	what=$1
	message=$2
	shift 2
	rm -f "$tmp/bad.csv"
	"$bin" bench "$@" --append "$tmp/bad.csv" >"$tmp/out" 2>"$tmp/err"
	check_eq "$what: exits 2" 2 $?
	check_contains "$what: says why" "$message" "$tmp/err"
	if [ -e "$tmp/bad.csv" ] || [ -s "$tmp/out" ]; then
		fail "$what: writes no CSV" "output or $tmp/bad.csv appeared"
	else
		pass "$what: writes no CSV"
	fi
}
bad "nonexistent CPU node" "--cpu-nodes: node 7 does not exist (online nodes: 0)" --cpu-nodes 7
bad "nonexistent memory node" "--mem-nodes: node 3 does not exist" --mem-nodes 0,3
bad "reversed node range" "invalid list '3-1' at position 3" --mem-nodes 3-1
bad "size bigger than free memory" "is bigger than node 0's free memory" --size 100T
bad "size past half of free memory" "add --force to allow it" --size "$(awk '/MemFree/ {printf "%d", $4 * 0.6}' /sys/devices/system/node/node0/meminfo)K"
bad "size with an unknown unit" "unknown unit 'X'" --size 16X
bad "zero time" "--time '0': expected seconds above 0" --time 0
bad "negative time" "--time '-1': expected seconds above 0" --time -1
bad "unknown mode" "--mode 'stream' is unknown" --mode read,stream
bad "unknown page size" "--page '3m' is unknown" --page 3m
bad "zero repeat" "--repeat '0' is not a whole number from 1" --repeat 0
bad "too many threads" "--threads 999: node 0 has only" --threads 999
bad "unknown test" "unknown test 'speed'" speed
bad "--mode with latency only" "--mode chooses bandwidth kernels" latency --mode copy
bad "--sysfs-root refused" "--sysfs-root is not accepted: bench measures the live machine" --sysfs-root /tmp
bad "--proc-root refused" "--proc-root is not accepted" --proc-root /tmp
bad "--stride not a multiple of 8" "--stride 100: expected a multiple of 8 bytes" latency --stride 100
bad "--stride below 8" "--stride '4': expected 8 to 1073741824 bytes" latency --stride 4
bad "--batch past 4096" "--batch '5000' is not a whole number from 0 to 4096" latency --batch 5000
bad "c2c with --size" "--size does not apply to c2c, which passes one cache line" c2c --size 16M
bad "--cpus without c2c" "--cpus chooses the CPUs of c2c" latency --cpus 0
bad "c2c with an absent CPU" "--cpus: CPU 9999 is not online or not among this process's allowed CPUs" c2c --cpus 0,9999
bad "c2c with one CPU" "c2c needs two CPUs or more; this process may use 1" c2c --cpus 0
bad "c2c with --cpus and --cpu-nodes" "--cpus names the CPUs to pair; --cpu-nodes does not apply" c2c --cpus 0-1 --cpu-nodes 0
bad "c2c on an absent node" "--cpu-nodes: node 7 does not exist" c2c --cpu-nodes 7
bad "c2c with the line on an absent node" "--mem-nodes: node 7 does not exist, has no memory, or is not among this process's allowed memory nodes" c2c --mem-nodes 7
bad "a group with an absent node" "--mem-nodes 0+1000: node 1000 does not exist" latency --mem-nodes 0+1000
bad "a node twice in a group" "--mem-nodes '0+0': node 0 is twice in the group" latency --mem-nodes 0+0
bad "^ inside a group" "--mem-nodes '0+^1': a group takes single nodes ('^1' is not one: no ranges or ^ inside a group)" latency --mem-nodes 0+^1
bad "a range inside a group" "--mem-nodes '0+1-2': a group takes single nodes ('1-2' is not one: no ranges or ^ inside a group)" latency --mem-nodes 0+1-2
bad "an unknown policy" "--policy 'spread' is unknown: expected bind, interleave or weighted" latency --policy spread
bad "c2c with a group" "--mem-nodes 0+1: c2c's line is one page, on one node" c2c --mem-nodes 0+1
bad "loaded with its chase CPU among --load-cpus" "--load-cpus: CPU 0 runs CPU node 0's chase; give the injectors other CPUs" loaded --cpu-nodes 0 --load-cpus 0
bad "loaded with --threads" "--threads does not apply to loaded: its injectors are the CPU node's other cores, or --load-cpus" loaded --threads 1
bad "loaded --levels 1" "--levels '1' is not a whole number from 2 to 32" loaded --levels 1
bad "loaded --mix unknown" "--mix '4r1w' is unknown: expected read, 3r1w, 2r1w, 1r1w, ntwrite or copy" loaded --mix read,4r1w
bad "--levels without loaded" "--levels, --mix, --load-cpus and --load-mem-nodes shape a loaded-latency curve (bench loaded)" latency --levels 3
bad "sweep with --size" "--size does not apply to sweep: --from and --to bound it" sweep --size 8M
bad "sweep --from above --to" "--from 67108864 bytes is above --to 8388608" sweep --from 64M --to 8M
bad "--to without sweep" "--from, --to and --steps-per-octave shape a sweep (bench sweep)" latency --to 8M
bad "sweep --steps-per-octave 0" "--steps-per-octave '0' is not a whole number from 1 to 64" sweep --steps-per-octave 0
bad "--prom-file not ending in .prom" "--prom-file '$tmp/x.txt': node_exporter reads only files ending in .prom" latency --prom-file "$tmp/x.txt"
rm -f "$tmp/bad.csv"
NUMAPROBE_SYSFS_ROOT=tests/fixtures/2node/sys "$bin" bench --append "$tmp/bad.csv" >/dev/null 2>"$tmp/err"
check_eq "NUMAPROBE_SYSFS_ROOT refused: exits 2" 2 $?
check_contains "NUMAPROBE_SYSFS_ROOT refused: says why" "bench measures the live machine" "$tmp/err"

# An empty huge page pool is named, with how to fill it.
free2m=$(cat /sys/devices/system/node/node0/hugepages/hugepages-2048kB/free_hugepages 2>/dev/null || echo 0)
if [ "$free2m" -lt 8 ]; then
	bad "--page 2m with an empty pool" "fill the pool first: echo 8 > /sys/devices/system/node/node0/hugepages/hugepages-2048kB/nr_hugepages" --page 2m --size 16M
fi

# THP pages are placed and verified like 4k ones.
"$bin" bench latency --size 16M --time 0.05 --repeat 2 --quiet --page thp --format csv >"$tmp/thp.csv"
check_eq "--page thp: exits 0, rows say thp, all placed" "thp,100.00" "$(sed -n 2p "$tmp/thp.csv" | cut -d, -f11,21)"

# Restrictions: under taskset one CPU is the whole node.
if command -v taskset >/dev/null 2>&1; then
	taskset -c 1 "$bin" bench bandwidth --size 16M --time 0.05 --repeat 2 --quiet --format csv >"$tmp/ts.csv"
	check_eq "taskset -c 1: one bandwidth worker" "1" "$(sed -n 2p "$tmp/ts.csv" | cut -d, -f9)"
fi

# Progress goes to stderr, numbered, when asked for.
"$bin" bench latency --size 16M --time 0.05 --repeat 2 --progress >/dev/null 2>"$tmp/progress"
check_contains "--progress: shows the cell and its number" "[1/1] latency chase, CPU node 0 -> memory node 0" "$tmp/progress"

# numa_balancing: switched off for the run and restored afterwards, also
# on SIGINT; a run killed with SIGKILL is reported by the next run.
sysctl=/proc/sys/kernel/numa_balancing
if [ "$(id -u)" -eq 0 ] && [ -w "$sysctl" ] && [ ! -e /run/numaprobe/numa_balancing.saved ]; then
	original=$(cat "$sysctl")
	echo 1 >"$sysctl"
	if [ "$(cat "$sysctl")" = 1 ]; then
		"$bin" bench latency --size 16M --time 2 --repeat 2 --quiet --disable-numa-balancing >/dev/null 2>&1 &
		pid=$!
		sleep 1
		check_eq "--disable-numa-balancing: off during the run" 0 "$(cat "$sysctl")"
		wait $pid
		check_eq "--disable-numa-balancing: restored after the run" 1 "$(cat "$sysctl")"

		"$bin" bench latency --size 16M --time 5 --repeat 2 --quiet --disable-numa-balancing >/dev/null 2>&1 &
		pid=$!
		sleep 1
		kill -INT $pid
		wait $pid
		check_eq "--disable-numa-balancing: restored on SIGINT" 1 "$(cat "$sysctl")"
		check_eq "--disable-numa-balancing: state file removed" no \
			"$([ -e /run/numaprobe/numa_balancing.saved ] && echo yes || echo no)"

		"$bin" bench latency --size 16M --time 5 --repeat 2 --quiet --disable-numa-balancing >/dev/null 2>&1 &
		pid=$!
		sleep 1
		kill -KILL $pid
		wait $pid 2>/dev/null
		"$bin" bench latency --size 16M --time 0.05 --repeat 2 --quiet >/dev/null 2>"$tmp/stale"
		check_contains "after a SIGKILL the next run warns balancing is still off" \
			"disabled numa_balancing (it was 1) and did not restore it" "$tmp/stale"
		rm -f /run/numaprobe/numa_balancing.saved
	fi
	echo "$original" >"$sysctl"

	echo 1 >"$sysctl"
	if [ "$(cat "$sysctl")" = 1 ]; then
		"$bin" bench latency --size 16M --time 0.05 --repeat 2 --quiet >/dev/null 2>"$tmp/on"
		check_contains "numa_balancing on: the run says so" "automatic NUMA balancing is on" "$tmp/on"
	fi
	echo "$original" >"$sysctl"
fi
finish
