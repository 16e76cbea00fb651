#!/bin/sh
# test_stats.sh: `numaprobe stats` on a fixture tree (a 2-node host with a
# libvirt guest, a hand-started QEMU guest and two ordinary processes),
# rates through --state, the cron-safety of --append and --prom-file, bad
# options, and a real QEMU guest on this machine against `numastat -p`.
# Usage: tests/cli/test_stats.sh [NUMAPROBE_BINARY]
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
bin=${1:-build/numaprobe}
tmp=$(mktemp -d)
qemu_pid=""
cleanup() {
	[ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null
	mountpoint -q "$tmp/full" 2>/dev/null && umount "$tmp/full"
	rm -rf "$tmp"
}
trap cleanup EXIT
HEADER="timestamp,run_id,host,label,scope,entity,pid,node,metric,value,unit"
TS_RE='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z'
norm() { sed -E "2,\$ s/^$TS_RE,[0-9a-f]{16},/TIMESTAMP,RUN_ID,/" "$1"; }

fixture=tests/fixtures/stats-2node
roots() { # DIR
	echo "--sysfs-root $1/sys --proc-root $1/proc --libvirt-run-dir $1/libvirt --cgroup-root $1/cgroup"
}
R=$(roots $fixture)

# ---- the fixture, exactly ------------------------------------------------
# shellcheck disable=SC2086
"$bin" stats $R --format csv >"$tmp/out.csv" 2>"$tmp/err"
check_eq "fixture: exits 0" 0 $?
check_eq "fixture csv: header" "$HEADER" "$(head -n 1 "$tmp/out.csv")"
norm "$tmp/out.csv" >"$tmp/norm.csv"
check_files "fixture csv: every row exact (guests by libvirt and by -name, cgroup and numa_maps sources)" \
	"$fixture/expected.csv" "$tmp/norm.csv"
check_files "fixture: the broken libvirt file and the first sample are noted on stderr" "$fixture/expected.err" "$tmp/err"
# shellcheck disable=SC2086
"$bin" stats $R --pid 3000 --match '^ssh' --source maps --format csv >"$tmp/p.csv" 2>/dev/null
norm "$tmp/p.csv" >"$tmp/pnorm.csv"
check_files "fixture: --pid and --match select processes; no guests then" "$fixture/expected-processes.csv" "$tmp/pnorm.csv"
# shellcheck disable=SC2086
"$bin" stats $R --format prom >"$tmp/out.prom" 2>/dev/null
check_files "fixture: Prometheus text exact" "$fixture/expected.prom" "$tmp/out.prom"
# shellcheck disable=SC2086
"$bin" stats $R >"$tmp/out.table" 2>/dev/null
sed -i 's/^numaprobe stats on kvmhost at .*/numaprobe stats on kvmhost at TIMESTAMP/' "$tmp/out.table"
check_files "fixture: table exact" "$fixture/expected.table" "$tmp/out.table"
# shellcheck disable=SC2086
"$bin" stats $R --format json >"$tmp/out.json" 2>/dev/null
check_eq "fixture json: guests, their vCPU nodes and sources" \
	'db 1000 cgroup [0,1,1,1] 0.7058|web,1 2000 numa_maps [0,1] 0.5' \
	"$(jq -r '[.guests[] | "\(.name) \(.pid) \(.memory_source) \(.vcpu_nodes | sort | tojson) \(.local_fraction)"] | join("|")' "$tmp/out.json")"
check_eq "fixture json: node counters and no rates on a first sample" "1000000 null" \
	"$(jq -r '"\(.nodes[0].counters.numa_hit) \(.nodes[0].per_s.numa_hit)"' "$tmp/out.json")"
# shellcheck disable=SC2086
"$bin" stats $R --guest db --format csv >"$tmp/db.csv" 2>/dev/null
check_eq "--guest db: only db's rows" "db" "$(grep ',guest,' "$tmp/db.csv" | cut -d, -f6 | sort -u)"
# shellcheck disable=SC2086
"$bin" stats $R --system-only --format csv >"$tmp/sys.csv" 2>/dev/null
check_eq "--system-only: node and system rows only" "node system" "$(tail -n +2 "$tmp/sys.csv" | cut -d, -f5 | sort -u | tr '\n' ' ' | sed 's/ $//')"

# --meminfo: numastat -m's layout, every field, HugePages_* in MB of the
# default size (/proc/meminfo's Hugepagesize, 2048 kB in the fixture)
# shellcheck disable=SC2086
"$bin" stats $R --meminfo --system-only >"$tmp/meminfo.table" 2>/dev/null
check_files "--meminfo: numastat -m's table, exact" "$fixture/expected-meminfo.table" "$tmp/meminfo.table"
# shellcheck disable=SC2086
"$bin" stats $R --meminfo --format csv >/dev/null 2>"$tmp/err"
check_eq "--meminfo with --format csv: a usage error" \
	"2 numaprobe stats: --meminfo is a table layout; csv, json and prom carry every meminfo field already" \
	"$? $(head -n 1 "$tmp/err")"

# The cgroup cross-check: db's group holds 106.4 MiB (anon + file), as its
# status's RssAnon + RssFile + RssShmem say, so auto reads the cgroup. A
# process moved into its group after it allocated (v1 leaves its charges
# behind) has far more resident than charged: auto reads numa_maps, and
# says why.
moved=$tmp/moved
cp -r "$fixture" "$moved"
sed -i 's/^RssAnon:.*/RssAnon:\t 1048576 kB/' "$moved/proc/1000/status"
# shellcheck disable=SC2086
"$bin" stats $R --guest db --format json 2>/dev/null >"$tmp/agree.json"
check_eq "cgroup cross-check: charges match the resident memory: memory from cgroup" "cgroup" \
	"$(jq -r '.guests[0].memory_source' "$tmp/agree.json")"
# shellcheck disable=SC2086
"$bin" stats $(roots "$moved") --guest db --format json 2>"$tmp/err" >"$tmp/moved.json"
check_eq "cgroup cross-check: 106.4 MiB charged, 1030.2 MiB resident: memory from numa_maps" \
	"numa_maps $(jq '.guests[0].mem_bytes' "$tmp/agree.json" | awk '{print ($1 > 0)}')" \
	"$(jq -r '.guests[0].memory_source' "$tmp/moved.json") 1"
check_contains "cgroup cross-check: the note says why" \
	"numaprobe stats: pid 1000 (db): its memory cgroup ($moved/cgroup/memory/machine.slice/machine-qemu\\x2d1\\x2ddb.scope/memory.numa_stat) holds 106.4 MiB, its resident memory is 1030.2 MiB (1024.0 MiB anonymous): its charges stayed in another group when it moved there; memory from numa_maps instead" \
	"$tmp/err"
# shellcheck disable=SC2086
"$bin" stats $(roots "$moved") --guest db --source cgroup --format json 2>"$tmp/err" >"$tmp/forced.json"
check_eq "cgroup cross-check: --source cgroup keeps the cgroup, and warns" "cgroup 1" \
	"$(jq -r '.guests[0].memory_source' "$tmp/forced.json") $(grep -c 'reported as --source cgroup asked' "$tmp/err")"
# mapped files charged elsewhere are normal (QEMU's libraries, read first
# by another process): 100.1 MiB anonymous and 500 MiB of RssFile against
# 106.4 MiB charged keep the cgroup; 300 MiB more charged than resident
# (an earlier process's charges) does not
sed -i 's/^RssAnon:.*/RssAnon:\t  102532 kB/; s/^RssFile:.*/RssFile:\t  512000 kB/' "$moved/proc/1000/status"
# shellcheck disable=SC2086
"$bin" stats $(roots "$moved") --guest db --format json 2>"$tmp/err" >"$tmp/files.json"
check_eq "cgroup cross-check: mapped files charged elsewhere: memory from cgroup, no note" "cgroup 0" \
	"$(jq -r '.guests[0].memory_source' "$tmp/files.json") $(grep -c 'memory cgroup' "$tmp/err")"
sed -i 's/^RssAnon:.*/RssAnon:\t       0 kB/; s/^RssFile:.*/RssFile:\t       0 kB/' "$moved/proc/1000/status"
sed -i 's/^anon=25633 N0=25600 N1=33$/anon=102433 N0=102400 N1=33/' \
	"$moved/cgroup/memory/machine.slice/machine-qemu\x2d1\x2ddb.scope/memory.numa_stat"
# shellcheck disable=SC2086
"$bin" stats $(roots "$moved") --guest db --format json 2>"$tmp/err" >"$tmp/over.json"
check_eq "cgroup cross-check: more charged than resident: memory from numa_maps, and why" \
	"numa_maps 1" \
	"$(jq -r '.guests[0].memory_source' "$tmp/over.json") $(grep -c 'charges of an earlier process, or page cache it does not map' "$tmp/err")"

# vCPUs of a QEMU started without debug-threads=on: no thread is named
# "CPU n/KVM", so they are found by their ioctl(KVM_RUN) on a
# kvm-vcpu descriptor (tests/fixtures/kvm-run: threads 5001, 5003 and 5004
# on vcpu ids 0, 4 and 5; 5002 is running at every read; 5005 is in
# another KVM ioctl, 5007 in KVM_RUN's number on an eventfd). -smp
# 6,sockets=2,cores=3 gives each socket 2 bits of core: APIC ids 4 and 5
# are socket 1's cores 0 and 1, vCPUs 3 and 4.
anon=$tmp/anon
cp -r "$fixture" "$anon"
cp -a tests/fixtures/kvm-run/proc/5000 "$anon/proc/5000"
# shellcheck disable=SC2086
"$bin" stats $(roots "$anon") --guest anon --format json >"$tmp/anon.json" 2>"$tmp/err"
check_eq "KVM_RUN: vCPUs found by their ioctl, placed by the -smp topology" \
	"KVM_RUN 5 [0,-1,-1,1,1]" \
	"$(jq -c '.guests[0] | "\(.vcpu_source) \(.vcpus) \(.vcpu_nodes)"' "$tmp/anon.json" | tr -d '"')"
check_eq "KVM_RUN: the note says how, and what could not be told" \
	"numaprobe stats: pid 5000 (anon): 3 vCPU threads found by their KVM_RUN ioctl (QEMU names them when started with -name NAME,debug-threads=on); 1 thread ran at each of 5 reads and could not be told" \
	"$(grep 'pid 5000' "$tmp/err")"
# the same guest under TCG: no thread in KVM_RUN
for f in "$anon"/proc/5000/task/*/syscall; do
	echo "7 0x55d1c6a3d0a0 0x3 0xffffffff 0x0 0x0 0x0 0x7ffd2a8c1e30 0x7f6b1c41a9bf" >"$f"
done
# shellcheck disable=SC2086
"$bin" stats $(roots "$anon") --guest anon --format json >"$tmp/anon.json" 2>"$tmp/err"
check_eq "no vCPU threads to be found: 0 vCPUs, and the note says how to name them" \
	"none 0|numaprobe stats: pid 5000 (anon): vCPU threads not found: start QEMU with -name NAME,debug-threads=on" \
	"$(jq -r '.guests[0] | "\(.vcpu_source) \(.vcpus)"' "$tmp/anon.json")|$(grep 'pid 5000' "$tmp/err")"
# without -smp the ids are taken as indexes; an -smp with clusters cannot
# be mapped, and the note says the ids are KVM's
cp -a tests/fixtures/kvm-run/proc/5000/task/. "$anon/proc/5000/task/"
printf 'qemu-system-x86_64\0-name\0anon\0-smp\0006,sockets=1,clusters=2,cores=3\0' >"$anon/proc/5000/cmdline"
# shellcheck disable=SC2086
"$bin" stats $(roots "$anon") --guest anon --format json >"$tmp/anon.json" 2>"$tmp/err"
check_eq "KVM_RUN with clusters in -smp: vCPUs shown by their APIC ids, and said" \
	"6 [0,-1,-1,-1,1,1]|3 vCPUs shown by KVM's vcpu id (the APIC id), not its index: no such place in the -smp topology" \
	"$(jq -c '.guests[0] | "\(.vcpus) \(.vcpu_nodes)"' "$tmp/anon.json" | tr -d '"')|$(grep -o '3 vCPUs shown.*' "$tmp/err")"

# ---- rates through --state -----------------------------------------------
copy=$tmp/host
cp -r "$fixture" "$copy"
RC=$(roots "$copy")
state=$tmp/state
# shellcheck disable=SC2086
"$bin" stats $RC --system-only --state "$state" --format csv >"$tmp/r1.csv" 2>"$tmp/r1.err"
check_eq "state: first run has no rate rows" 0 "$(grep -c '_per_s,' "$tmp/r1.csv")"
check_contains "state: first run says so" "first sample: rates start with the next one" "$tmp/r1.err"
# Counters move by a known amount; the elapsed time is the real one, so
# the rate is checked against the elapsed time the state file recorded.
sed -i 's/^numa_hit 1000000$/numa_hit 1001000/; s/^numa_miss 20$/numa_miss 10/' "$copy/sys/devices/system/node/node0/numastat"
# and node 1 promotes 500 pages (nodeN/vmstat's events have rates too)
sed -i 's/^pgpromote_success 1200$/pgpromote_success 1700/' "$copy/sys/devices/system/node/node1/vmstat"
sleep 0.2
t0=$(sed -n 's/^boottime_ns //p' "$state")
# shellcheck disable=SC2086
"$bin" stats $RC --system-only --state "$state" --format csv >"$tmp/r2.csv" 2>"$tmp/r2.err"
t1=$(sed -n 's/^boottime_ns //p' "$state")
rate=$(grep ',node,,,0,numa_hit_per_s,' "$tmp/r2.csv" | cut -d, -f10)
[ -z "$rate" ] && rate=$(grep ',0,numa_hit_per_s,' "$tmp/r2.csv" | cut -d, -f10)
expected=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", 1000 / ((b - a) / 1e9)}')
check_eq "state: numa_hit_per_s = 1000 counts / the elapsed time" "$expected" "$rate"
check_eq "state: unchanged counter gives rate 0" "0.000" "$(grep ',1,numa_hit_per_s,' "$tmp/r2.csv" | cut -d, -f10)"
expected=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", 500 / ((b - a) / 1e9)}')
check_eq "state: node 1 vmstat_pgpromote_success_per_s = 500 pages / the elapsed time" "$expected" \
	"$(grep ',1,vmstat_pgpromote_success_per_s,' "$tmp/r2.csv" | cut -d, -f10)"
check_eq "state: the state file keeps node 1's events by name" "pgpromote_success=1700" \
	"$(grep '^node 1 ' "$state" | tr ' ' '\n' | grep '^pgpromote_success=')"
check_eq "state: a counter that went down gives no rate row" 0 "$(grep -c ',0,numa_miss_per_s,' "$tmp/r2.csv")"
check_contains "state: and a note says it was a reset" "node 0 numa_miss went down (20 to 10): a reset, no rate this time" "$tmp/r2.err"
check_eq "state: no negative rate anywhere" 0 "$(grep '_per_s,' "$tmp/r2.csv" | cut -d, -f10 | grep -c '^-')"
# the fixture's /proc/vmstat has 5 of the 7 system counters (no
# pgmigrate_*): those 5 are recorded, with rates, and the others not at all
check_eq "state: system rates present" 5 "$(grep -c ',system,.*_per_s,' "$tmp/r2.csv")"
check_eq "state: a counter the kernel lacks has no row, not a 0" 0 "$(grep -c ',pgmigrate_' "$tmp/r2.csv")"
echo "00000000-0000-0000-0000-000000000001" >"$copy/proc/sys/kernel/random/boot_id"
# shellcheck disable=SC2086
"$bin" stats $RC --system-only --state "$state" --format csv >"$tmp/r3.csv" 2>"$tmp/r3.err"
check_eq "state: after a reboot no rate rows" 0 "$(grep -c '_per_s,' "$tmp/r3.csv")"
check_contains "state: the reboot is noted" "the machine rebooted since the previous sample" "$tmp/r3.err"
# A corrupt state file must not stop every later cron run: it is moved
# aside to FILE.bad (replacing an older one), the sample is taken without
# rates, a fresh state is written, and the run exits 0.
echo "old" >"$tmp/bad-state.bad"
echo "garbage" >"$tmp/bad-state"
# shellcheck disable=SC2086
"$bin" stats $RC --system-only --state "$tmp/bad-state" --format csv >"$tmp/bad.csv" 2>"$tmp/err"
check_eq "state: a garbage state file: exits 0" 0 $?
check_eq "state: a garbage state file: moved aside, saying why, exactly" \
	"numaprobe stats: $tmp/bad-state is corrupt ($tmp/bad-state line 1: expected 'numaprobe-stats-state 2': not a numaprobe stats state file): moved aside to $tmp/bad-state.bad; a fresh state is written and rates start with the next sample" \
	"$(head -n 1 "$tmp/err")"
check_eq "state: the bad file replaced the older FILE.bad" "garbage" "$(cat "$tmp/bad-state.bad")"
check_eq "state: a fresh state was written in its place" "numaprobe-stats-state 2" "$(head -n 1 "$tmp/bad-state")"
check_eq "state: the sample has no rates, and its rows are all there" "0 1" \
	"$(grep -c '_per_s,' "$tmp/bad.csv") $(grep -c ',system,,,,numa_pte_updates,' "$tmp/bad.csv")"
# shellcheck disable=SC2086
"$bin" stats $RC --system-only --state "$tmp/bad-state" --format csv >"$tmp/bad2.csv" 2>/dev/null
check_eq "state: the next run has rates again" 5 "$(grep -c ',system,.*_per_s,' "$tmp/bad2.csv")"
sed 's/^node 0 [0-9]*/node 0 -5/' "$tmp/bad-state" >"$tmp/neg-state"
# shellcheck disable=SC2086
"$bin" stats $RC --system-only --state "$tmp/neg-state" --quiet 2>"$tmp/err"
check_eq "state: a negative counter: exits 0" 0 $?
check_contains "state: a negative counter makes the file corrupt, named with line and counter" \
	"($tmp/neg-state line 4: node counter 1: '-5' is negative: expected a whole number from 0 to 18446744073709551615): moved aside to $tmp/neg-state.bad" "$tmp/err"
head -c 40 "$tmp/bad-state" >"$tmp/cut-state"
# shellcheck disable=SC2086
"$bin" stats $RC --system-only --state "$tmp/cut-state" --quiet 2>"$tmp/err"
check_eq "state: a truncated file: exits 0" 0 $?
check_contains "state: a truncated file is moved aside" "moved aside to $tmp/cut-state.bad" "$tmp/err"
check_eq "state: and replaced by a whole one" "system" "$(tail -n 1 "$tmp/cut-state" | cut -d' ' -f1)"

# ---- interval mode -------------------------------------------------------
# shellcheck disable=SC2086
"$bin" stats $RC --system-only --interval 0.1 --count 3 --format csv >"$tmp/i.csv" 2>/dev/null
check_eq "--interval --count 3: three samples" 3 "$(tail -n +2 "$tmp/i.csv" | cut -d, -f2 | sort -u | wc -l)"
check_eq "--interval: one header" 1 "$(grep -c '^timestamp,' "$tmp/i.csv")"
check_eq "--interval: rates from the second sample on" 2 "$(grep ',0,numa_hit_per_s,' "$tmp/i.csv" | cut -d, -f2 | sort -u | wc -l)"
# shellcheck disable=SC2086
"$bin" stats $RC --system-only --interval 0.2 --quiet --append "$tmp/sig.csv" 2>/dev/null &
pid=$!
sleep 1
kill -TERM $pid
wait $pid
check_eq "SIGTERM in interval mode: exits 0" 0 $?
samples=$(tail -n +2 "$tmp/sig.csv" 2>/dev/null | cut -d, -f2 | sort -u | wc -l)
if [ "$samples" -ge 2 ]; then
	pass "SIGTERM: samples were taken before it ($samples)"
else
	fail "SIGTERM: samples were taken before it" "$samples samples in 1 s at --interval 0.2"
fi
check_eq "SIGTERM: every sample complete (each ends with its last system row)" \
	"$samples" "$(grep -c ',system,,,,numa_pte_updates,' "$tmp/sig.csv")"
check_eq "SIGTERM: the file ends with a whole line" "" "$(tail -c 1 "$tmp/sig.csv" | tr -d '\n')"

# ---- cron safety ---------------------------------------------------------
out=$tmp/cron.csv
i=0
while [ $i -lt 20 ]; do
	# shellcheck disable=SC2086
	"$bin" stats $R --once --quiet --append "$out" 2>/dev/null &
	i=$((i + 1))
done
wait
check_eq "20 concurrent --once --append runs: one header" 1 "$(grep -c '^timestamp,' "$out")"
check_eq "20 concurrent runs: 20 run ids" 20 "$(tail -n +2 "$out" | cut -d, -f2 | sort -u | wc -l)"
rows=$(($(wc -l <"$fixture/expected.csv") - 1))
check_eq "20 concurrent runs: every run whole ($rows rows each, as expected.csv)" $((20 * rows)) \
	"$(tail -n +2 "$out" | wc -l)"
check_eq "20 concurrent runs: no torn line (11 fields, quotes aside)" 0 \
	"$(tail -n +2 "$out" | sed 's/"web,1"/web/' | awk -F, 'NF != 11' | wc -l)"
printf 'timestamp,run_id,host,label,test\n' >"$tmp/other.csv"
# shellcheck disable=SC2086
"$bin" stats $R --quiet --append "$tmp/other.csv" 2>"$tmp/err"
check_eq "a CSV with another header: exits 1" 1 $?
check_contains "a CSV with another header: refused, start a new file" "start a new file" "$tmp/err"
check_eq "a CSV with another header: untouched" "timestamp,run_id,host,label,test" "$(cat "$tmp/other.csv")"
if [ "$(id -u)" -eq 0 ] && mkdir -p "$tmp/full" && mount -t tmpfs -o size=64k tmpfs "$tmp/full" 2>/dev/null; then
	# shellcheck disable=SC2086
	"$bin" stats $R --quiet --append "$tmp/full/s.csv" 2>/dev/null
	cp "$tmp/full/s.csv" "$tmp/before.csv"
	head -c 60000 /dev/zero >"$tmp/full/filler" 2>/dev/null
	# shellcheck disable=SC2086
	"$bin" stats $R --quiet --append "$tmp/full/s.csv" 2>"$tmp/err"
	check_eq "full filesystem: exits 1" 1 $?
	check_contains "full filesystem: says so" "No space left on device" "$tmp/err"
	check_files "full filesystem: the CSV is byte-for-byte intact" "$tmp/before.csv" "$tmp/full/s.csv"
	umount "$tmp/full"
else
	skip "a full filesystem keeps the CSV intact" "needs root to mount a 64 KiB tmpfs"
fi
# shellcheck disable=SC2086
"$bin" stats $R --quiet --prom-file "$tmp/numa.prom" 2>/dev/null
check_files "--prom-file: the Prometheus text" "$fixture/expected.prom" "$tmp/numa.prom"
check_eq "--prom-file: no temporary file left" "numa.prom" "$(ls "$tmp" | grep numa)"

# ---- the configs/ examples run as written (paths moved to a temp dir) ----
for example in "cron:$(sed -n 's|^\*/5 \* \* \* \* root ||p' configs/numaprobe-stats.cron)" \
	"systemd:$(sed -n 's|^ExecStart=||p' configs/numaprobe-stats.service)"; do
	name=${example%%:*}
	command=$(printf '%s' "${example#*:}" | sed "s|/usr/local/bin/numaprobe|$bin|; s|/var/lib/numaprobe|$tmp/$name|g; s|/var/lib/prometheus/node-exporter|$tmp/$name|")
	mkdir -p "$tmp/$name"
	# shellcheck disable=SC2086
	eval "$command $R" 2>/dev/null && eval "$command $R" 2>/dev/null
	check_eq "configs $name example: two runs succeed" 0 $?
	check_eq "configs $name example: CSV, state and .prom written" "numaprobe.prom stats.csv stats.state stats.state.lock" \
		"$(ls "$tmp/$name" | tr '\n' ' ' | sed 's/ $//')"
	check_eq "configs $name example: the second run has rates" 1 \
		"$(grep -c ',0,numa_hit_per_s,' "$tmp/$name/stats.csv")"
done

# ---- bad options ---------------------------------------------------------
bad() { # WHAT MESSAGE ARGS...
	what=$1
	message=$2
	shift 2
	# shellcheck disable=SC2086
	"$bin" stats $R "$@" >"$tmp/out" 2>"$tmp/err"
	check_eq "$what: exits 2" 2 $?
	check_contains "$what: says why" "$message" "$tmp/err"
}
bad "unknown format" "--format 'xml' is unknown: expected table, csv, json or prom" --format xml
bad "zero interval" "--interval '0': expected seconds from 0.01 to 86400" --interval 0
bad "--count without --interval" "--count needs --interval" --count 3
bad "bad regex" "--match '(': not a POSIX extended regular expression" --match '('
bad "bad pid" "--pid 'x' is not a whole number from 1 to 4194304" --pid x
bad "unknown source" "--source 'smaps' is unknown" --source smaps
bad "prom file name" "node_exporter reads only files ending in .prom" --prom-file "$tmp/x.txt"
bad "--system-only with --guest" "cannot be combined" --system-only --guest db
# shellcheck disable=SC2086
"$bin" stats $R --guest nosuch >/dev/null 2>"$tmp/err"
check_eq "--guest of no running guest: exits 1" 1 $?
check_contains "--guest of no running guest: names it" "--guest nosuch: no running guest has that name" "$tmp/err"
# shellcheck disable=SC2086
"$bin" stats $R --pid 99999 >/dev/null 2>"$tmp/err"
check_eq "--pid of no process: exits 1" 1 $?

# ---- a real QEMU guest on this machine -----------------------------------
if command -v qemu-system-x86_64 >/dev/null 2>&1 && command -v numastat >/dev/null 2>&1; then
	qemu-system-x86_64 -accel tcg -name guest=np-test-t1,debug-threads=on -S -m 128 -smp 3 \
		-mem-prealloc -display none -nic none -monitor none -serial none 2>/dev/null &
	qemu_pid=$!
	tries=0
	while [ $tries -lt 50 ] && [ "$(grep -l 'CPU 2/TCG' /proc/$qemu_pid/task/*/comm 2>/dev/null | wc -l)" -eq 0 ]; do
		sleep 0.1
		tries=$((tries + 1))
	done
	sleep 0.5
	"$bin" stats --guest np-test-t1 --format json >"$tmp/live.json" 2>"$tmp/err"
	check_eq "live QEMU guest: found by name" "np-test-t1 $qemu_pid" "$(jq -r '"\(.guests[0].name) \(.guests[0].pid)"' "$tmp/live.json")"
	check_eq "live QEMU guest: 3 vCPU threads" 3 "$(jq '.guests[0].vcpus' "$tmp/live.json")"
	kill -STOP $qemu_pid
	"$bin" stats --pid "$qemu_pid" --format json >"$tmp/p.json" 2>/dev/null
	numastat -p "$qemu_pid" >"$tmp/numastat"
	kill -CONT $qemu_pid
	ours=$(jq -r '[.processes[0].nodes[] | ((.mem_bytes_huge + .mem_bytes_anon + .mem_bytes_file) / 1048576 * 100 | round / 100)] | map(tostring) | join(" ")' "$tmp/p.json")
	theirs=$(awk '/^Total/ {for (i = 2; i < NF; i++) printf "%s%s", (i > 2 ? " " : ""), $i + 0}' "$tmp/numastat")
	check_eq "live QEMU guest: MB per node equal numastat -p's (to 0.01 MB)" "$theirs" "$ours"
	# shellcheck disable=SC2016
	sh -c 'echo $$ >"$1"; exec "$2" stats --match "numaprobe|np-test-t1" --format csv' sh "$tmp/self.pid" "$bin" \
		>"$tmp/self.csv" 2>/dev/null
	check_eq "--match: the sample was taken, with its header" "$HEADER" "$(head -n 1 "$tmp/self.csv")"
	check_eq "--match never matches numaprobe itself" 0 \
		"$(tail -n +2 "$tmp/self.csv" | cut -d, -f7 | grep -c -x "$(cat "$tmp/self.pid")")"
	check_eq "--match matches the guest's command line" "$qemu_pid" \
		"$(grep ',process,' "$tmp/self.csv" | cut -d, -f7 | sort -u | grep -x "$qemu_pid")"
	kill "$qemu_pid"
	wait "$qemu_pid" 2>/dev/null
	qemu_pid=""
else
	skip "a live QEMU guest on this machine" "qemu-system-x86_64 or numastat is not installed"
fi
finish
