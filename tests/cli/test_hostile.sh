#!/bin/sh
# test_hostile.sh: numaprobe against files, trees and names that someone
# else controls, end to end: crafted sysfs and /proc trees, a local user's
# process named like a QEMU guest with vCPU-like thread names, guest names
# and CSV fields that would run commands in a gnuplot script, capabilities
# without limits. Each class of defect the hardening issue found has its
# exact message here; the sanitizer build runs the same script.
# Usage: tests/cli/test_hostile.sh [NUMAPROBE_BINARY]
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
bin=${1:-build/numaprobe}
tmp=$(mktemp -d)
attackers=""
cleanup() {
	for pid in $attackers; do kill "$pid" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

# expect_failure WHAT EXIT MESSAGE COMMAND...: the exit status, the exact
# first line of stderr and nothing on stdout.
expect_failure() {
	what=$1 status=$2 message=$3
	shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"
	check_eq "$what: exits $status" "$status" $?
	check_eq "$what: the message" "$message" "$(head -n 1 "$tmp/err")"
	check_eq "$what: nothing on stdout" 0 "$(wc -c <"$tmp/out")"
}

# ---- crafted sysfs trees (the topology reader serves every subcommand) ----
tree() { # NAME: a fresh copy of the 2-node fixture
	rm -rf "${tmp:?}/$1"
	cp -R tests/fixtures/2node "$tmp/$1"
	echo "$tmp/$1"
}
N=sys/devices/system/node
t=$(tree online1024)
echo "0,1024" >"$t/$N/online"
expect_failure "node 1024 in online" 1 \
	"numaprobe topo: $t/$N/online: names node 1024: node ids run from 0 to 1023 (the kernel's MAX_NUMNODES)" \
	"$bin" topo --sysfs-root "$t/sys" --proc-root "$t/proc"
t=$(tree possible)
echo "0-16383" >"$t/$N/possible"
expect_failure "node 16383 in possible" 1 \
	"numaprobe topo: $t/$N/possible: names node 16383: node ids run from 0 to 1023 (the kernel's MAX_NUMNODES)" \
	"$bin" topo --sysfs-root "$t/sys" --proc-root "$t/proc"
t=$(tree nodedir)
mkdir "$t/$N/node1024"
expect_failure "a node1024 directory" 1 \
	"numaprobe topo: $t/$N/node1024: 1024 is above 1023, the largest numaprobe accepts" \
	"$bin" topo --sysfs-root "$t/sys" --proc-root "$t/proc"
t=$(tree hugesize)
mkdir "$t/$N/node0/hugepages/hugepages-18014398509481984kB"
expect_failure "a huge page size whose bytes overflow (was a 0 kB pool)" 1 \
	"numaprobe topo: $t/$N/node0/hugepages/hugepages-18014398509481984kB: 18014398509481984 is above 18014398509481983, the largest numaprobe accepts" \
	"$bin" topo --sysfs-root "$t/sys" --proc-root "$t/proc"
t=$(tree nul)
printf '0-1\0,8\n' >"$t/$N/node0/cpulist"
expect_failure "a NUL byte in a cpulist (dropped CPU 8)" 1 \
	"numaprobe topo: $t/$N/node0/cpulist: holds a NUL byte at offset 3, expected text" \
	"$bin" topo --sysfs-root "$t/sys" --proc-root "$t/proc"
rm -rf "$tmp/hmat"
cp -R tests/fixtures/4node-hmat "$tmp/hmat"
t=$tmp/hmat
echo 18446744073709551615 >"$t/$N/node2/access0/initiators/read_latency"
expect_failure "an HMAT latency of 2^64-1 (was shown as absent)" 1 \
	"numaprobe topo: $t/$N/node2/access0/initiators/read_latency: '18446744073709551615' is too large: expected a whole number from 0 to 4294967295" \
	"$bin" topo --sysfs-root "$t/sys" --proc-root "$t/proc"
t=$(tree nohuge)
rm -rf "$t/$N/node1/hugepages"
"$bin" topo --sysfs-root "$t/sys" --proc-root "$t/proc" --format json >"$tmp/nohuge.json" 2>"$tmp/err"
check_eq "a node without hugepages/ is ordinary: topo exits 0" 0 $?
check_eq "a node without hugepages/: no pools there, node 0's kept" "0 2" \
	"$(jq -r '"\(.nodes[1].hugepages | length) \(.nodes[0].hugepages | length)"' "$tmp/nohuge.json")"

# ---- crafted /proc trees for stats -----------------------------------------
S=tests/fixtures/stats-2node
proc_tree() { # NAME
	rm -rf "${tmp:?}/$1"
	cp -R "$S" "$tmp/$1"
	echo "$tmp/$1"
}
roots() { echo "--sysfs-root $1/sys --proc-root $1/proc --libvirt-run-dir $1/libvirt --cgroup-root $1/cgroup"; }
t=$(proc_tree nohuge-stats)
rm -rf "$t/$N/node1/hugepages"
# shellcheck disable=SC2086
"$bin" stats $(roots "$t") --format csv >"$tmp/s.csv" 2>/dev/null
check_eq "stats on a node without hugepages/: exits 0 (no memcpy from NULL)" 0 $?
check_eq "stats on a node without hugepages/: node 1 has no pool rows, node 0 has its own (2 pools: total, free, surp)" "0 6" \
	"$(grep -c ',node,,,1,hugepages_' "$tmp/s.csv") $(grep -c ',node,,,0,hugepages_' "$tmp/s.csv")"

# The per-node vmstat and the tiering files: a key the kernel would never
# write, a second copy of a key, garbage in a tier's node list. Each is an
# error naming the file and line, never a silently wrong counter.
t=$(proc_tree badvmstat)
printf 'pgpromote_success 1\n$(id) 2\n' >"$t/$N/node1/vmstat"
# shellcheck disable=SC2086
"$bin" stats $(roots "$t") --system-only --quiet 2>"$tmp/err"
check_eq "stats: a vmstat key with shell characters: exits 1, naming file and line" \
	"1 numaprobe stats: $t/$N/node1/vmstat line 2: '\$(id)' is not a key (letters, digits, _ and parentheses, under 48 bytes)" \
	"$? $(cat "$tmp/err")"
printf 'pgpromote_success 1\npgpromote_success 2\n' >"$t/$N/node1/vmstat"
# shellcheck disable=SC2086
"$bin" stats $(roots "$t") --system-only --quiet 2>"$tmp/err"
check_eq "stats: a vmstat key given twice: exits 1" \
	"1 numaprobe stats: $t/$N/node1/vmstat line 2: 'pgpromote_success' is given twice" "$? $(cat "$tmp/err")"
t=$(proc_tree badtier)
echo "0-1;reboot" >"$t/sys/devices/virtual/memory_tiering/memory_tier4/nodelist"
# shellcheck disable=SC2086
"$bin" stats $(roots "$t") --system-only --quiet 2>"$tmp/err"
check_eq "stats: garbage in a memory tier's node list: exits 1" 1 $?
check_contains "stats: ...naming the file" "memory_tier4/nodelist" "$tmp/err"

# One process whose numa_maps names node 1024 is skipped, counted and named
# by the path that was opened; the rest of the sample goes on.
t=$(proc_tree badmaps)
echo "7f0000000000 default anon=1 N1024=1 kernelpagesize_kB=4" >>"$t/proc/2000/numa_maps"
# shellcheck disable=SC2086
"$bin" stats $(roots "$t") --format json >"$tmp/bad.json" 2>"$tmp/err"
check_eq "a guest with a bad numa_maps: the sample still exits 0" 0 $?
check_contains "a guest with a bad numa_maps: named on stderr with the path under --proc-root" \
	"numaprobe stats: guest web,1 (pid 2000) skipped: $t/proc/2000/numa_maps: line 6: node 1024 is above 1023" "$tmp/err"
check_eq "a guest with a bad numa_maps: skipped and counted, the other guest kept" "db 1" \
	"$(jq -r '"\([.guests[].name] | join(",")) \(.skipped_malformed)"' "$tmp/bad.json")"
# shellcheck disable=SC2086
"$bin" stats $(roots "$t") >"$tmp/bad.table" 2>/dev/null
check_contains "a guest with a bad numa_maps: the table says so" \
	"1 process was skipped: its files held values numaprobe cannot trust (see stderr)" "$tmp/bad.table"
t=$(proc_tree badstatus)
sed -i 's/^Cpus_allowed_list:.*/Cpus_allowed_list:\t0-99999/' "$t/proc/3000/status"
# shellcheck disable=SC2086
"$bin" stats $(roots "$t") --pid 3000 --pid 4000 --format csv >"$tmp/st.csv" 2>"$tmp/err"
check_contains "a process with a bad status: skipped with the file and field" \
	"skipped: $t/proc/3000/status: field 'Cpus_allowed_list': invalid list '0-99999' at position 3: id is above 16383" "$tmp/err"
check_eq "a process with a bad status: the other process is sampled" "4000" \
	"$(grep ',process,' "$tmp/st.csv" | cut -d, -f7 | sort -u)"

# vCPU-like thread names in a QEMU guest's tree: never an index.
t=$(proc_tree comms)
i=0
for name in "CPU -1/KVM" "CPU -999999/KVM" "CPU-1/TCG" "CPU 99999999999/KVM" "CPU 1024/KVM"; do
	i=$((i + 1))
	mkdir "$t/proc/2000/task/201$i"
	echo "$name" >"$t/proc/2000/task/201$i/comm"
	cp "$t/proc/2000/task/2001/stat" "$t/proc/2000/task/201$i/stat"
done
# shellcheck disable=SC2086
"$bin" stats $(roots "$t") --guest "web,1" --format json >"$tmp/comms.json" 2>/dev/null
check_eq "vCPU-like thread names in a fixture: exits 0" 0 $?
check_eq "vCPU-like thread names in a fixture: only the real CPU 0/KVM and CPU 1/KVM count" 2 \
	"$(jq -r '.guests[0].vcpus' "$tmp/comms.json")"

# ---- a local user's process on this machine, as an attacker would start it --
# argv[0] says qemu-system-x86_64, so stats takes it for a guest; its one
# thread is named "CPU -1/KVM" (any user may name their threads), which
# made stats write before a heap buffer.
ln -s "$(command -v sh)" "$tmp/qemu-system-x86_64"
start_attacker() { # THREAD_NAME
	"$tmp/qemu-system-x86_64" -c 'printf "%s" "$1" >/proc/$$/comm; while :; do sleep 1; done' \
		sh "$1" </dev/null >/dev/null 2>&1 &
	attacker=$!
	attackers="$attackers $attacker"
}
start_attacker "CPU -1/KVM"
a1=$attacker
start_attacker "CPU -999999/KVM"
a2=$attacker
start_attacker "CPU 4096/TCG"
a3=$attacker
sleep 0.3
for a in $a1 $a2 $a3; do
	[ "$(cat /proc/$a/comm 2>/dev/null)" != "" ] || fail "attacker $a" "did not start"
done
"$bin" stats --guest "pid-$a1" --guest "pid-$a2" --guest "pid-$a3" --format csv >"$tmp/live.csv" 2>"$tmp/err"
check_eq "live: QEMU-named processes with vCPU-like thread names: exits 0" 0 $?
check_eq "live: each is a guest with 0 vCPUs" "0 0 0" \
	"$(for a in $a1 $a2 $a3; do grep ",guest,pid-$a,$a,,vcpus," "$tmp/live.csv" | cut -d, -f10; done | tr '\n' ' ' | sed 's/ $//')"

# ---- text from inputs into gnuplot scripts --------------------------------
if command -v gnuplot >/dev/null 2>&1; then
	out=$tmp/charts
	stats_header="timestamp,run_id,host,label,scope,entity,pid,node,metric,value,unit"
	{
		echo "$stats_header"
		for ts in 2026-12-01T10:00:00.000Z 2026-12-01T10:01:00.000Z; do
			# a guest started as -name guest=w`touch X`, and others
			for g in 'w`touch '"$tmp"'/X`' '$(touch '"$tmp"'/Y)' "q'
system 'touch $tmp/Z" '"\`touch '"$tmp"'/W\`"' 'a_b^c@{d}&e gäst'; do
				printf '%s,0123456789abcdef,h,,guest,"%s",7,0,mem_bytes_anon,1048576,bytes\n' \
					"$ts" "$(printf '%s' "$g" | sed 's/"/""/g')"
			done
		done
	} >"$tmp/evil-stats.csv"
	"$bin" report chart "$tmp/evil-stats.csv" --out "$out" --format svg >"$tmp/out" 2>"$tmp/err"
	check_eq "charts of hostile guest names: exits 0" 0 $?
	check_eq "charts of hostile guest names: no command ran" "" "$(ls "$tmp" | grep -E '^[XYZW]$')"
	check_eq "charts of hostile guest names: gnuplot said nothing" "" "$(cat "$tmp/err")"
	check_eq "charts of hostile guest names: one chart each" 5 "$(grep -c 'guest-.*-memory.svg' "$tmp/out")"
	check_eq "the guest name reaches the script only as a single-quoted string" 1 \
		"$(cat "$out"/*.gp | grep -cxF "set title 'Guest w\`touch $tmp/X\`: memory per host node (stacked)' noenhanced")"
	check_eq "a name with a quote and a newline stays one line of the script" 1 \
		"$(cat "$out"/*.gp | grep -cxF "set title 'Guest q'' system ''touch $tmp/Z: memory per host node (stacked)' noenhanced")"
	# a placement CSV whose latency_unit would run a command
	printf 'guest,variant,cell,vcpus,memory_bytes,cpu_nodes,mem_nodes,local_fraction,local_fraction_min,local_fraction_max,expected_latency,latency_unit,flags\n' >"$tmp/evil-place.csv"
	printf 'g,with,0,2,1024,0,0,1.0000,1.0000,1.0000,10.000,"ns`touch %s/U`",\ng,without,0,2,1024,0,0,1.0000,1.0000,1.0000,10.000,"ns`touch %s/U`",\n' "$tmp" "$tmp" >>"$tmp/evil-place.csv"
	"$bin" report chart "$tmp/evil-place.csv" --out "$out" --format svg >/dev/null 2>"$tmp/err"
	check_eq "a hostile latency_unit: exits 0 and runs nothing" "0 " "$? $(ls "$tmp" | grep -E '^U$')"
	# a bench CSV whose median is a word, or infinite
	H="timestamp,run_id,host,label,test,mode,cpu_node,mem_node,threads,size_bytes,page,unit,min,median,mean,max,stddev,p90,p99,samples,placed_pct"
	printf '%s\n2026-12-01T10:00:00.000Z,0123456789abcdef,h,,latency,chase,0,0,1,1,4k,ns,1,inf,1,1,0,1,1,3,100.00\n' "$H" >"$tmp/inf.csv"
	expect_failure "a bench median of inf" 1 \
		"numaprobe report: $tmp/inf.csv line 2, column median: 'inf' is not a finite number" \
		"$bin" report chart "$tmp/inf.csv" --out "$out"
	expect_failure "compare: a bench median of inf" 1 \
		"numaprobe report: $tmp/inf.csv line 2, column median: 'inf' is not a finite number" \
		"$bin" report compare "$tmp/inf.csv" "$tmp/inf.csv"
	printf '%s\n2026-12-01T10:00:00.000Z,0123456789abcdef,h,,latency,chase,4294967296,0,1,1,4k,ns,1,90,1,1,0,1,1,3,100.00\n' "$H" >"$tmp/wrap.csv"
	expect_failure "--latency: a cpu_node of 2^32 (was node 0)" 1 \
		"numaprobe report: $tmp/wrap.csv line 2, column cpu_node: '4294967296' is too large: expected a whole number from 0 to 1023" \
		"$bin" report placement configs/domain-small.xml --host-caps tests/fixtures/report/host-2node-caps.xml --latency "$tmp/wrap.csv"
else
	echo "SKIP: the gnuplot checks: gnuplot is not installed"
fi

# ---- CSV oddities -----------------------------------------------------------
printf '\357\273\277' >"$tmp/bom.csv"
cat tests/fixtures/report/bench-before.csv >>"$tmp/bom.csv"
"$bin" report compare "$tmp/bom.csv" tests/fixtures/report/bench-after.csv --format csv >"$tmp/bom.out" 2>"$tmp/err"
check_eq "a CSV with a UTF-8 byte order mark reads like one without" "0 $(wc -l <tests/fixtures/report/expected/compare-bench.csv)" \
	"$? $(wc -l <"$tmp/bom.out")"
tr '\n' '\r' <tests/fixtures/report/bench-before.csv >"$tmp/cr.csv"
expect_failure "a CSV with CR-only line ends" 1 \
	"numaprobe report: $tmp/cr.csv line 1: a carriage return without a line feed (expected LF or CRLF line ends)" \
	"$bin" report compare "$tmp/cr.csv" tests/fixtures/report/bench-after.csv

# ---- domain XML and capabilities ---------------------------------------------
printf '<?xml version="1.0"?>\n<!DOCTYPE domain [ <!ENTITY n "evil"> ]>\n<domain><name>&n;</name><memory>1024</memory></domain>\n' |
	iconv -f UTF-8 -t UTF-16 >"$tmp/utf16.xml"
expect_failure "a UTF-16 domain XML with a DOCTYPE" 1 \
	"numaprobe report: $tmp/utf16.xml line 2: a DOCTYPE is not accepted (libvirt never writes one; it could load files or expand entities)" \
	"$bin" report placement "$tmp/utf16.xml" --host-caps tests/fixtures/report/host-2node-caps.xml
# libxml2 prints encoding errors itself; only numaprobe's message may reach
# the user.
printf '\376\377\000<\000a\000>\330\000\330\000' >"$tmp/surrogate.xml"
"$bin" report placement "$tmp/surrogate.xml" --host-caps tests/fixtures/report/host-2node-caps.xml \
	>/dev/null 2>"$tmp/err"
check_eq "a UTF-16 file with broken surrogates: one line on stderr, numaprobe's" \
	"numaprobe report: $tmp/surrogate.xml line 1: Premature end of data in tag a line 1" "$(cat "$tmp/err")"
caps() { # CELLS FILE: a capabilities file with CELLS cells, each with a CPU
	awk -v n="$1" 'BEGIN {
		print "<capabilities><host><topology><cells num=\"" n "\">"
		for (i = 0; i < n; i++)
			printf "<cell id=\"%d\"><memory unit=\"KiB\">1048576</memory><cpus num=\"1\"><cpu id=\"%d\"/></cpus></cell>\n", i, i
		print "</cells></topology></host></capabilities>"
	}' >"$2"
}
caps 15000 "$tmp/caps15000.xml"
expect_failure "capabilities with 15000 cells" 1 \
	"numaprobe report: $tmp/caps15000.xml: 15000 cells, more than the 1024 nodes a host can have" \
	"$bin" report placement configs/domain-small.xml --host-caps "$tmp/caps15000.xml"
# Peak memory of the product, not of the sanitizers' shadow memory.
if ldd "$bin" 2>/dev/null | grep -q libasan; then
	echo "SKIP: peak memory with 1024 cells: measured on the build without sanitizers"
else
	caps 1024 "$tmp/caps1024.xml"
	awk 'BEGIN { printf "<capabilities><host><topology><cells>"
		for (i = 0; i < 1024; i++) printf "<cell id=\"%d\"/>", i
		print "</cells></topology></host></capabilities>" }' >"$tmp/caps-bare.xml"
	for file in caps1024 caps-bare; do
		/usr/bin/time -f %M -o "$tmp/rss" "$bin" report placement configs/domain-small.xml \
			--host-caps "$tmp/$file.xml" --format csv >"$tmp/out" 2>/dev/null
		check_eq "capabilities with 1024 cells ($file): read" 0 $?
		size=$(wc -c <"$tmp/$file.xml")
		limit_kb=$(((16 * 1024 * 1024 + 64 * size) / 1024))
		rss_kb=$(tail -n 1 "$tmp/rss")
		if [ "$rss_kb" -le "$limit_kb" ]; then
			pass "capabilities with 1024 cells ($file): peak memory ${rss_kb} KiB within 16 MiB + 64 x the file (${limit_kb} KiB)"
		else
			fail "capabilities with 1024 cells ($file): peak memory" "${rss_kb} KiB is above ${limit_kb} KiB"
		fi
	done
fi
finish
