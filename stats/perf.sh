#!/bin/bash
# perf.sh: what a stats sample costs, measured side by side in one run on
# this machine (figures go to stats/README.md).
#
#  1. Parsing overhead: `numaprobe stats --pid P --source maps` against
#     `cat /proc/P/numa_maps` (the kernel's own cost: it walks the page
#     tables under the guest's mmap lock) and `numastat -p P`, for a QEMU
#     guest with 2 GiB touched on 4 KiB pages (started under nothp, which
#     sets PR_SET_THP_DISABLE, since QEMU madvises its RAM for THP).
#  2. Cost against guest size: the numa_maps path and the memory cgroup
#     path (--source cgroup; the guest runs in a cgroup v1 memory group of
#     its own) for 256 MiB to 4 GiB guests, and whether the two agree on
#     anonymous memory.
#  3. CPU time per sample with 10 paused, preallocated guests.
#
# Needs root (cgroups), qemu-system-x86, numactl. Usage: stats/perf.sh [NUMAPROBE]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/numaprobe}
runs=${RUNS:-21}
work=$(mktemp -d)
pids=()
groups=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	for g in "${groups[@]}"; do rmdir "$g" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT
gcc -O2 -Wall -Wextra -Werror -o "$work/nothp" tests/helpers/nothp.c

# start_guest NAME MiB [CGROUP]: a paused, preallocated TCG guest on 4 KiB
# pages; its pid is left in $guest_pid (not echoed: a command substitution
# would wait for the backgrounded QEMU to close its stdout).
start_guest() {
	local name=$1 mib=$2 group=${3:-}
	local cmd=("$work/nothp" qemu-system-x86_64 -accel tcg -name "guest=$name,debug-threads=on" -S
		-m "${mib}M" -smp 2 -mem-prealloc -display none -nic none -monitor none -serial none)
	if [ -n "$group" ]; then
		mkdir -p "$group"
		groups+=("$group")
		# The shell joins the group, then becomes QEMU.
		bash -c 'echo $$ > "$1/cgroup.procs"; shift; exec "$@"' _ "$group" "${cmd[@]}" >/dev/null 2>&1 &
	else
		"${cmd[@]}" >/dev/null 2>&1 &
	fi
	pids+=($!)
	local pid=$!
	# Preallocation is done when the RSS stops growing.
	local last=-1 rss=0
	while :; do
		sleep 0.5
		rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
		[ "$rss" = "$last" ] && break
		last=$rss
	done
	guest_pid=$pid
}

# median_ms RUNS COMMAND...: median wall time in milliseconds.
median_ms() {
	local n=$1
	shift
	for _ in $(seq "$n"); do
		local t0 t1
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1
		t1=$(date +%s%N)
		echo $(((t1 - t0) / 1000))
	done | sort -n | awk '{v[NR] = $1} END {printf "%.2f", v[int((NR + 1) / 2)] / 1000}'
}

echo "stats/perf.sh on $(uname -n), $(date -u +%Y-%m-%dT%H:%MZ); medians of $runs runs"
echo
echo "1. parsing a 2 GiB, 4 KiB-page guest's numa_maps"
start_guest np-perf-2g 2048
pid=$guest_pid
grep -q 'kernelpagesize_kB=4' "/proc/$pid/numa_maps"
cat_ms=$(median_ms "$runs" cat "/proc/$pid/numa_maps")
cat_start=$(median_ms "$runs" cat /dev/null)
ours_ms=$(median_ms "$runs" "$bin" stats --pid "$pid" --source maps --format csv --quiet)
sys_ms=$(median_ms "$runs" "$bin" stats --system-only --quiet)
numastat_ms=$(median_ms "$runs" numastat -p "$pid")
# Starting a process costs ~10 ms on these machines whatever it does, and
# numaprobe loads libxml2 (with ICU) on top; the walk and the parse are
# what is left when each command's start-up (and, for numaprobe, the
# system part of the sample) is taken away.
kernel=$(echo "$cat_ms - $cat_start" | bc -l)
parse=$(echo "$ours_ms - $sys_ms" | bc -l)
printf '   whole commands: cat numa_maps %s ms, numaprobe stats --pid %s ms, numastat -p %s ms\n' \
	"$cat_ms" "$ours_ms" "$numastat_ms"
printf '   start-up alone: cat /dev/null %s ms, numaprobe stats --system-only %s ms\n' "$cat_start" "$sys_ms"
printf '   reading the guest: kernel (cat) %.2f ms, numaprobe %.2f ms: ratio %.3f\n' \
	"$kernel" "$parse" "$(echo "$parse / $kernel" | bc -l)"
printf '   whole command against numastat -p: ratio %.3f\n' "$(echo "$ours_ms / $numastat_ms" | bc -l)"
kill "$pid"
echo
echo "2. cost against guest size (guest in a memory cgroup of its own)"
printf '   %8s %10s %12s %14s %14s\n' MiB "maps ms" "cgroup ms" "maps anon MiB" "cgroup anon MiB"
root=/sys/fs/cgroup/memory
[ -d "$root" ] || { echo "   no cgroup v1 memory controller here: skipped"; root=""; }
for mib in 256 1024 2048 4096; do
	[ -n "$root" ] || break
	start_guest "np-perf-$mib" "$mib" "$root/np-perf-$mib"
	pid=$guest_pid
	maps=$(median_ms "$runs" "$bin" stats --pid "$pid" --source maps --quiet)
	cg=$(median_ms "$runs" "$bin" stats --pid "$pid" --source cgroup --quiet)
	anon_maps=$("$bin" stats --pid "$pid" --source maps --format json 2>/dev/null | jq '[.processes[0].nodes[].mem_bytes_anon] | add / 1048576')
	anon_cg=$("$bin" stats --pid "$pid" --source cgroup --format json 2>/dev/null | jq '[.processes[0].nodes[].mem_bytes_anon] | add / 1048576')
	printf '   %8s %10s %12s %14.1f %14.1f\n' "$mib" "$maps" "$cg" "$anon_maps" "$anon_cg"
	kill "$pid"
	wait "$pid" 2>/dev/null || true
done
echo
echo "3. CPU time per sample, 10 paused preallocated 256 MiB guests"
for i in $(seq 10); do start_guest "np-perf-cpu-$i" 256; done
# One process taking 21 samples, as --interval runs: CPU time (user + sys)
# of the whole run divided by the samples.
TIMEFORMAT='%U %S'
cpu=$( { time "$bin" stats --interval 0.2 --count 21 --quiet 2>/dev/null; } 2>&1 | awk '{printf "%.4f", ($1 + $2) / 21}')
echo "   $cpu CPU-seconds per sample = $(echo "$cpu / 10 * 100" | bc -l | cut -c1-5) % of one core at --interval 10"
