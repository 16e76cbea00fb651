#!/bin/sh
# seed.sh DIR: writes the starting corpus of every fuzz harness under
# DIR/NAME, from what the repository already holds: the fixture trees,
# configs/, the report and libvirt test inputs. `make fuzz` starts from
# these and from tests/fuzz/corpus, and keeps the minimised union.
set -eu
cd "$(dirname "$0")/../.."
out=$1
F=tests/fixtures
n=0
put() { # HARNESS FILE...
	h=$1
	shift
	mkdir -p "$out/$h"
	for f in "$@"; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		cp "$f" "$out/$h/seed-$n"
	done
}
put domain configs/*.xml $F/report/bad/*.xml tests/libvirt/good/*.xml tests/libvirt/bad/*.xml
put caps $F/report/host-*.xml
put libvirt_status $F/stats-2node/libvirt/*.xml
put csv $F/report/*.csv $F/report/expected/*.csv $F/stats-2node/expected*.csv $F/*/expected.csv
put numamaps $F/stats-2node/proc/*/numa_maps
put cgroup $(find $F/stats-2node/cgroup -name memory.numa_stat)
put task $(find $F/stats-2node/proc -path '*/task/*' -name stat) $(find $F/stats-2node/proc -path '*/task/*' -name comm)
put cmdline $F/stats-2node/proc/*/cmdline
put kvfile $(find $F -name meminfo -o -name numastat -o -name vmstat -o -name status | head -40)
put idset $(find $F -name cpulist -o -name online -o -name possible -o -name 'has_*' | head -40)
mkdir -p "$out/numbers" "$out/state" "$out/sysfs"
for v in 0 1023 1024 18446744073709551615 256M "3 GiB" 1.5e3 -2.25 8000000 07; do
	n=$((n + 1))
	printf '%s' "$v" >"$out/numbers/seed-$n"
done
printf 'numaprobe-stats-state 1\nboot_id 0c1d-ab\nboottime_ns 10000000000\nnode 0 100 0 0 0 0 0\nnode 2 50 0 0 0 0 0\nsystem 10000000 0 0 0\n' >"$out/state/seed-1"
# sysfs: each fixture tree's files, NUL-separated in fuzz_sysfs.c's order
for tree in $F/2node $F/4node-hmat $F/sparse-0-2-5 $F/node0-offline; do
	n=$((n + 1))
	S=$tree/sys/devices/system
	{
		for f in node/online node/possible node/has_cpu node/has_memory memory/block_size_bytes cpu/online; do
			cat "$S/$f" 2>/dev/null || true
			printf '\0'
		done
		for node in 0 1 2; do
			d=$S/node/node$node
			cat "$d/cpulist" 2>/dev/null || true
			printf '\0'
			cat "$d/meminfo" 2>/dev/null || true
			printf '\0'
			cat "$d/distance" 2>/dev/null || true
			printf '\0'
			h=$(ls "$d/hugepages" 2>/dev/null | head -n 1)
			printf '%s' "$h" | sed 's/^hugepages-//; s/kB$//'
			printf '\0'
			[ -n "$h" ] && cat "$d/hugepages/$h/nr_hugepages"
			printf '\0'
			cat "$d/access0/initiators/read_latency" 2>/dev/null || true
			printf '\0'
		done
	} >"$out/sysfs/seed-$n"
done
