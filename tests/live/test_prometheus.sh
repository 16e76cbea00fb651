#!/bin/sh
# test_prometheus.sh: numaprobe's Prometheus text read by the real thing.
# One `stats` sample and one `bench` run each write a CSV and a .prom file;
# a node_exporter of our own serves the .prom files, and every numaprobe_
# series it serves must be a CSV row under the renderers' naming rules, and
# every such row a series, with the same value. A Prometheus of our own
# scrapes that node_exporter and must answer a query with the CSV's value
# and load the alerting rules of configs/prometheus/. promtool checks every
# --format prom output and the rules, and runs the rules' unit test.
#
# Both daemons listen on a free port of 127.0.0.1 drawn at random (never
# 9090 or 9100), read only temporary directories and are killed, by pid,
# on exit: an instance the host runs is never touched. Without the Debian
# packages (scripts/setup.sh installs them) every check is a SKIP.
# Usage: tests/live/test_prometheus.sh [NUMAPROBE_BINARY]
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
bin=${1:-build/numaprobe}
case "$bin" in
/*) ;;
*) bin=$PWD/$bin ;;
esac
export LC_ALL=C
tmp=$(mktemp -d)
pids=""
cleanup() {
	for pid in $pids; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

missing=""
for tool in promtool prometheus prometheus-node-exporter curl jq; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
	skip "Prometheus and node_exporter" "not installed:$missing (scripts/setup.sh installs them)"
	exit 0
fi

# ---- helpers ---------------------------------------------------------------

# http URL [CURL ARGS...]: the body, straight to 127.0.0.1 whatever the
# proxy variables say.
http() {
	url=$1
	shift
	curl -fsS --noproxy '*' --max-time 5 "$@" "$url"
}

# free_port: a port no TCP socket of this machine uses now, drawn at random
# from 20000-32767 (below Linux's ephemeral ports, away from 9090 and 9100).
free_port() {
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		n=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
		port=$((20000 + n % 12768))
		if ! cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
			awk -v p="$(printf ':%04X' "$port")" 'substr($2, length($2) - 4) == p { found = 1 } END { exit !found }'; then
			echo "$port"
			return 0
		fi
	done
	return 1
}

# alive PID: the process runs (a zombie does not count).
alive() {
	grep -q '^State:[[:space:]]*[^Z]' "/proc/$1/status" 2>/dev/null
}

# launch NAME URL COMMAND...: starts COMMAND (output in $tmp/NAME.log),
# remembers its pid for the cleanup, and polls URL until it answers while
# the process still runs (so the answer is ours): 0, or 1 when the process
# exited (its port was taken after all) or 20 s passed. Sets $launched.
launch() {
	name=$1
	url=$2
	shift 2
	"$@" >"$tmp/$name.log" 2>&1 &
	launched=$!
	pids="$pids $launched"
	tries=0
	while [ "$tries" -lt 200 ] && alive "$launched"; do
		if http "$url" -o /dev/null 2>/dev/null; then
			alive "$launched" && return 0
			return 1
		fi
		sleep 0.1
		tries=$((tries + 1))
	done
	kill "$launched" 2>/dev/null
	return 1
}

# A CSV line's fields into f[1..n] (RFC 4180; no line break inside a field).
CSV_AWK='
function csv_split(line, f,    n, i, c, field, quoted) {
	n = 0; field = ""; quoted = 0
	for (i = 1; i <= length(line); i++) {
		c = substr(line, i, 1)
		if (quoted) {
			if (c == "\"" && substr(line, i + 1, 1) == "\"") { field = field c; i++ }
			else if (c == "\"") quoted = 0
			else field = field c
		} else if (c == "\"") quoted = 1
		else if (c == ",") { f[++n] = field; field = "" }
		else field = field c
	}
	f[++n] = field
	return n
}
# A label value escaped as the exposition format wants it.
function esc(s,    out, i, c) {
	out = ""
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c == "\\" || c == "\"") out = out "\\" c
		else if (c == "\n") out = out "\\n"
		else out = out c
	}
	return out
}
function label(name, value) { return name "=\"" esc(value) "\"" }
'

# stats_series < STATS_CSV: the series the CSV's rows must have, as
# exposition lines, by the rules of stats/stats_render.c; "UNMAPPED ..."
# for a row no rule covers. Rates (*_per_s) have none: Prometheus computes
# them from the counters. A guest's or process's totals (no node) have
# none but local_fraction: they are sums of the per-node series.
stats_series() {
	awk "$CSV_AWK"'
	NR == 1 { next }
	{
		csv_split($0, f)
		scope = f[5]; entity = f[6]; pid = f[7]; node = f[8]
		metric = f[9]; value = f[10]; unit = f[11]
		if (metric ~ /_per_s$/) next
		if (scope == "node") {
			if (metric ~ /^hugepages_[0-9]+kB_[a-z]+$/) {
				split(metric, part, "_")
				kb = substr(part[2], 1, length(part[2]) - 2)
				print "numaprobe_hugepages{" label("node", node) "," \
				      label("page_bytes", sprintf("%.0f", kb * 1024)) "," \
				      label("state", part[3]) "} " value
			} else if (unit == "count")
				print "numaprobe_" metric "_total{" label("node", node) "} " value
			else if (unit == "bytes")
				print "numaprobe_" metric "{" label("node", node) "} " value
			else
				print "UNMAPPED node row " metric " (unit " unit ")"
		} else if (scope == "system") {
			if (unit == "count")
				print "numaprobe_" metric "_total " value
			else
				print "UNMAPPED system row " metric " (unit " unit ")"
		} else if (scope == "guest" || scope == "process") {
			who = scope == "guest" ? label("guest", entity) : label("pid", pid) "," label("comm", entity)
			if (node != "" && metric ~ /^mem_bytes_/)
				print "numaprobe_" scope "_mem_bytes{" who "," label("node", node) "," \
				      label("kind", substr(metric, 11)) "} " value
			else if (node != "" && metric == "vcpus")
				print "numaprobe_" scope "_vcpus{" who "," label("node", node) "} " value
			else if (node == "" && metric == "local_fraction")
				print "numaprobe_" scope "_local_fraction{" who "} " value
			else if (!(node == "" && (metric == "mem_bytes" || metric == "vcpus")))
				print "UNMAPPED " scope " row " metric
		} else
			print "UNMAPPED scope " scope
	}'
}

# bench_series EPOCH < BENCH_CSV: the series of a bench run's CSV: each
# latency row's median in seconds and each bandwidth row's in bytes a
# second, and the run's time. Written as the median with the power of ten
# as exponent, the decimal value exactly (the canonical form parses it).
bench_series() {
	awk -v epoch="$1" "$CSV_AWK"'
	NR == 1 { next }
	{
		csv_split($0, f)
		test = f[5]; mode = f[6]; cpu = f[7]; mem = f[8]; threads = f[9]
		page = f[11]; unit = f[12]; median = f[14]
		if (test == "latency" && unit == "ns")
			print "numaprobe_bench_latency_seconds{" label("cpu_node", cpu) "," \
			      label("mem_node", mem) "," label("page", page) "} " median "e-9"
		else if (test == "bandwidth" && unit == "MB/s")
			print "numaprobe_bench_bandwidth_bytes_per_second{" label("cpu_node", cpu) "," \
			      label("mem_node", mem) "," label("mode", mode) "," \
			      label("threads", threads) "} " median "e6"
		else
			print "UNMAPPED bench row " test " " mode
	}
	END { if (NR > 1) print "numaprobe_bench_timestamp_seconds " epoch }'
}

# canonical < EXPOSITION: the numaprobe_ samples, one a line, as
# "name{labels sorted}<TAB>value" with the value as %.17g (so 1e+06 and
# 1000000 read alike), sorted. Comments and other metrics are dropped.
canonical() {
	awk '
	/^numaprobe_/ {
		brace = index($0, "{")
		if (brace == 0) {
			split($0, w, " ")
			name = w[1]; labels = ""; rest = substr($0, length(name) + 2)
		} else {
			name = substr($0, 1, brace - 1)
			# the labels: name="value" pairs, values escaped
			n = 0; i = brace + 1; line = $0
			while (substr(line, i, 1) != "}" && i <= length(line)) {
				eq = index(substr(line, i), "=")
				key = substr(line, i, eq - 1)
				i += eq + 1   # past ="
				value = ""
				while (i <= length(line)) {
					c = substr(line, i, 1)
					if (c == "\\") { value = value c substr(line, i + 1, 1); i += 2; continue }
					if (c == "\"") break
					value = value c; i++
				}
				pair[++n] = key "=\"" value "\""
				i++          # past the closing quote
				if (substr(line, i, 1) == ",") i++
			}
			for (a = 2; a <= n; a++)   # insertion sort by name
				for (b = a; b > 1 && pair[b - 1] > pair[b]; b--) {
					t = pair[b]; pair[b] = pair[b - 1]; pair[b - 1] = t
				}
			labels = ""
			for (a = 1; a <= n; a++) labels = labels (a > 1 ? "," : "") pair[a]
			labels = "{" labels "}"
			rest = substr(line, i + 2)
		}
		split(rest, v, " ")
		value = v[1] ~ /^[-+]?(Inf|NaN)$/ ? v[1] : sprintf("%.17g", v[1] + 0)
		print name labels "\t" value
	}' | sort
}

# compare WHAT EXPECTED_SERIES SCRAPED_SERIES: both directions, then the
# values (files of canonical lines).
compare() {
	cut -f1 "$2" | sort >"$tmp/want.keys"
	cut -f1 "$3" | sort >"$tmp/got.keys"
	count=$(wc -l <"$tmp/want.keys")
	if [ "$count" -gt 0 ]; then
		pass "$1: $count series expected from the CSV"
	else
		fail "$1" "no series expected: is the CSV empty?"
	fi
	check_eq "$1: every CSV row with a series has it" "" \
		"$(comm -23 "$tmp/want.keys" "$tmp/got.keys" | head -n 10)"
	check_eq "$1: every numaprobe_ series is a CSV row (nothing extra)" "" \
		"$(comm -13 "$tmp/want.keys" "$tmp/got.keys" | head -n 10)"
	check_eq "$1: every value is the CSV's" "" \
		"$(comm -3 "$2" "$3" | head -n 10 | tr '\t' ' ')"
}

# promtool_metrics WHAT FILE: `promtool check metrics` (it reads stdin)
# finds no problem.
promtool_metrics() {
	if promtool check metrics <"$2" >"$tmp/promtool.out" 2>&1 && [ ! -s "$tmp/promtool.out" ]; then
		pass "promtool check metrics: $1"
	else
		fail "promtool check metrics: $1" "$(oneline "$tmp/promtool.out")"
	fi
}

# ---- rules ------------------------------------------------------------------
rules=configs/prometheus/numaprobe-rules.yml
if promtool check rules "$rules" >"$tmp/out" 2>&1; then
	check_contains "promtool check rules: $rules" "SUCCESS: 2 rules found" "$tmp/out"
else
	fail "promtool check rules: $rules" "$(oneline "$tmp/out")"
fi
if promtool test rules tests/live/numaprobe-rules.test.yml >"$tmp/out" 2>&1; then
	pass "promtool test rules: each alert fires on made-up series, and only then"
else
	fail "promtool test rules: tests/live/numaprobe-rules.test.yml" "$(oneline "$tmp/out")"
fi

# ---- one sample, one run: CSV and .prom from each ---------------------------
textfile=$tmp/textfile
mkdir "$textfile"
# A first sample fills the state file, so the measured one has rate rows
# (which must have no series); --pid $$ adds process rows.
"$bin" stats --once --quiet --state "$tmp/stats.state" --pid $$ 2>/dev/null
"$bin" stats --once --state "$tmp/stats.state" --pid $$ --append "$tmp/stats.csv" \
	--prom-file "$textfile/numaprobe.prom" --format prom >"$tmp/stats-stdout.prom" 2>"$tmp/stats.err"
check_eq "stats --append --prom-file --format prom: exits 0" 0 $?
check_files "stats: --prom-file holds what --format prom printed" "$tmp/stats-stdout.prom" "$textfile/numaprobe.prom"
check_eq "stats CSV: rate rows to leave out, process rows to map" "yes yes" \
	"$(grep -q '_per_s,' "$tmp/stats.csv" && echo yes || echo no) $(grep -q ',process,' "$tmp/stats.csv" && echo yes || echo no)"

"$bin" bench --size 1M --time 0.01 --repeat 1 --quiet --append "$tmp/bench.csv" \
	--prom-file "$textfile/numaprobe-bench.prom" --format prom >"$tmp/bench-stdout.prom" 2>"$tmp/bench.err"
check_eq "bench --append --prom-file --format prom: exits 0" 0 $?
check_files "bench: --prom-file holds what --format prom printed" "$tmp/bench-stdout.prom" "$textfile/numaprobe-bench.prom"
check_eq "bench CSV: a latency and a bandwidth row" "latency bandwidth" \
	"$(words "$(tail -n +2 "$tmp/bench.csv" | cut -d, -f5)")"
started=$(sed -n 2p "$tmp/bench.csv" | cut -d, -f1)
epoch=$(date -u -d "$started" +%s.%3N)

promtool_metrics "stats --format prom, this machine" "$tmp/stats-stdout.prom"
promtool_metrics "bench --prom-file and --format prom" "$tmp/bench-stdout.prom"
fixture=tests/fixtures/stats-2node
R="--sysfs-root $fixture/sys --proc-root $fixture/proc --libvirt-run-dir $fixture/libvirt --cgroup-root $fixture/cgroup"
# shellcheck disable=SC2086
"$bin" stats $R --format csv --prom-file "$tmp/fixture.prom" >"$tmp/fixture.csv" 2>/dev/null
# shellcheck disable=SC2086
"$bin" stats $R --pid 3000 --match '^ssh' --source maps --format csv \
	--prom-file "$tmp/fixture-processes.prom" >"$tmp/fixture-processes.csv" 2>/dev/null
promtool_metrics "stats --format prom, guests (a name with a comma) and huge pages of the fixture" "$tmp/fixture.prom"
promtool_metrics "stats --format prom, processes of the fixture" "$tmp/fixture-processes.prom"

# ---- the naming rules on the fixture, without a daemon ----------------------
for name in fixture fixture-processes; do
	stats_series <"$tmp/$name.csv" >"$tmp/$name.want"
	check_eq "$name: every CSV row is covered by a rule" "" "$(grep '^UNMAPPED' "$tmp/$name.want")"
	canonical <"$tmp/$name.want" >"$tmp/$name.want.canon"
	canonical <"$tmp/$name.prom" >"$tmp/$name.got.canon"
	compare "$name CSV against its --prom-file" "$tmp/$name.want.canon" "$tmp/$name.got.canon"
done
check_eq "fixture: the rules give both guests' local fraction and node 0's 2 MiB pool in bytes" "2 16" \
	"$(grep -c '^numaprobe_guest_local_fraction{' "$tmp/fixture.want.canon") $(grep -F 'numaprobe_hugepages{node="0",page_bytes="2097152",state="total"}' "$tmp/fixture.want.canon" | cut -f2)"

# ---- node_exporter ----------------------------------------------------------
ne_port=""
for _ in 1 2 3; do
	port=$(free_port) || break
	if launch node_exporter "http://127.0.0.1:$port/metrics" \
		prometheus-node-exporter --web.listen-address="127.0.0.1:$port" \
		--collector.disable-defaults --collector.textfile \
		--collector.textfile.directory="$textfile" --web.disable-exporter-metrics; then
		ne_port=$port
		break
	fi
done
if [ -z "$ne_port" ]; then
	fail "node_exporter starts on a free port" "$(oneline "$tmp/node_exporter.log")"
	finish
	exit
fi
pass "node_exporter started on 127.0.0.1:$ne_port, textfile collector only, on a temporary directory"
http "http://127.0.0.1:$ne_port/metrics" >"$tmp/scrape" 2>"$tmp/err"
check_eq "node_exporter: read both .prom files without an error" "node_textfile_scrape_error 0" \
	"$(grep '^node_textfile_scrape_error' "$tmp/scrape")"
check_eq "node_exporter: no collector but textfile" "textfile" \
	"$(words "$(sed -n 's/^node_scrape_collector_success{collector="\([^"]*\)"}.*/\1/p' "$tmp/scrape")")"

{
	stats_series <"$tmp/stats.csv"
	bench_series "$epoch" <"$tmp/bench.csv"
} >"$tmp/live.want"
check_eq "this machine: every CSV row is covered by a rule" "" "$(grep '^UNMAPPED' "$tmp/live.want")"
canonical <"$tmp/live.want" >"$tmp/live.want.canon"
canonical <"$tmp/scrape" >"$tmp/live.got.canon"
compare "node_exporter's /metrics against the stats and bench CSVs" "$tmp/live.want.canon" "$tmp/live.got.canon"

# ---- Prometheus ---------------------------------------------------------------
cat >"$tmp/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $PWD/$rules
scrape_configs:
  - job_name: numaprobe-test
    static_configs:
      - targets: ['127.0.0.1:$ne_port']
EOF
prom_port=""
for _ in 1 2 3; do
	port=$(free_port) || break
	if launch prometheus "http://127.0.0.1:$port/-/ready" \
		prometheus --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/tsdb" \
		--web.listen-address="127.0.0.1:$port" --log.level=warn; then
		prom_port=$port
		break
	fi
done
if [ -z "$prom_port" ]; then
	fail "Prometheus starts on a free port" "$(oneline "$tmp/prometheus.log")"
	finish
	exit
fi
pass "Prometheus started on 127.0.0.1:$prom_port with a temporary config and storage"

# Poll until the first scrape is in (the interval is 1 s), at most 30 s.
query='numaprobe_numa_miss_total{node="0"}'
tries=0
result=""
while [ "$tries" -lt 300 ]; do
	http "http://127.0.0.1:$prom_port/api/v1/query" --get --data-urlencode "query=$query" \
		>"$tmp/query.json" 2>/dev/null &&
		result=$(jq -r 'select(.status == "success") | .data.result | select(length > 0) | .[0].value[1]' "$tmp/query.json")
	[ -n "$result" ] && break
	sleep 0.1
	tries=$((tries + 1))
done
want=$(awk "$CSV_AWK"'NR > 1 { csv_split($0, f); if (f[5] == "node" && f[8] == "0" && f[9] == "numa_miss") print f[10] }' "$tmp/stats.csv")
check_eq "Prometheus: $query through /api/v1/query is the CSV's value" "$want" "$result"
check_eq "Prometheus: one series, from our node_exporter" "1 numaprobe-test 127.0.0.1:$ne_port" \
	"$(jq -r '.data.result | "\(length) \(.[0].metric.job) \(.[0].metric.instance)"' "$tmp/query.json" 2>/dev/null)"

# The rules load and evaluate (health ok) in a real Prometheus.
tries=0
health=""
while [ "$tries" -lt 100 ]; do
	health=$(http "http://127.0.0.1:$prom_port/api/v1/rules" 2>/dev/null |
		jq -r '[.data.groups[].rules[] | "\(.name)=\(.health)"] | join(" ")')
	case "$health" in
	*unknown* | "") ;;
	*) break ;;
	esac
	sleep 0.1
	tries=$((tries + 1))
done
check_eq "Prometheus: the alerting rules load and evaluate" \
	"NumaprobeGuestMemoryRemote=ok NumaprobeNodeNumaMiss=ok" "$health"
finish
