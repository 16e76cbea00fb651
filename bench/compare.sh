#!/bin/sh
# compare.sh (make bench-compare): numaprobe's bandwidth kernels side by
# side with likwid-bench's and mbw's, same thread count and size, in one
# run on this machine, printed as ratios; numaprobe's pointer-chase latency
# next to the multichase figures recorded on this kind of machine; the
# repeatability (CV) and how well each cell keeps its --time.
#
# Usage: bench/compare.sh [NUMAPROBE_BINARY]
# Environment: SIZE (default 1GB, the total buffer), THREADS (default 1),
# ROUNDS (default 3: each pair runs interleaved this many times and the
# medians are compared, because a shared machine's bandwidth drifts).
#
# Byte counting: numaprobe and likwid-bench both count bytes as STREAM does
# (every array read or written, once per pass) in 10^6-byte MB. mbw prints
# MiB/s of ONE array per copy, so its figure is multiplied by 2 x 1.048576.
set -eu
cd "$(dirname "$0")/.."
bin=${1:-build/numaprobe}
size=${SIZE:-1GB}
threads=${THREADS:-1}
rounds=${ROUNDS:-3}

for tool in likwid-bench mbw jq; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "compare.sh: $tool is missing; run scripts/setup.sh (make check does) first" >&2
		exit 1
	}
done

if grep -qw avx512f /proc/cpuinfo; then width=_avx512
elif grep -qw avx /proc/cpuinfo; then width=_avx
else width=_sse
fi

median() { sort -n | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

ours_bw() { # MODE -> median MB/s of one numaprobe run
	"$bin" bench bandwidth --mode "$1" --size "$size" --threads "$threads" --time 1 --repeat 3 \
		--format csv --quiet | tail -n 1 | cut -d, -f14
}

likwid_bw() { # KERNEL -> MByte/s
	likwid-bench -t "$1" -w "S0:$size:$threads" 2>/dev/null | awk '/^MByte\/s:/ {print $2}'
}

echo "numaprobe $("$bin" --version | cut -d' ' -f2) against likwid-bench and mbw on $(uname -n), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) CPUs; size $size, $threads thread(s), $rounds interleaved rounds, medians"
echo
printf '%-8s %-22s %12s %12s %8s\n' ours likwid-bench "ours MB/s" "peer MB/s" ratio
for pair in read:load write:store ntwrite:store_mem copy:copy ntcopy:copy_mem triad:stream; do
	mode=${pair%%:*}
	kernel=${pair#*:}$width
	ours_list="" peer_list=""
	i=0
	while [ $i -lt "$rounds" ]; do
		ours_list="$ours_list $(ours_bw "$mode")"
		peer_list="$peer_list $(likwid_bw "$kernel")"
		i=$((i + 1))
	done
	ours=$(echo "$ours_list" | tr ' ' '\n' | grep . | median)
	peer=$(echo "$peer_list" | tr ' ' '\n' | grep . | median)
	printf '%-8s %-22s %12.0f %12.0f %8.3f\n' "$mode" "$kernel" "$ours" "$peer" \
		"$(awk -v a="$ours" -v b="$peer" 'BEGIN {print a / b}')"
done

# mbw: two arrays of N MiB; our copy of the same two arrays is size 2N.
mib=$(awk -v s="$("$bin" bench bandwidth --mode copy --size "$size" --threads 1 --time 0.05 --repeat 1 --format csv --quiet | tail -n 1 | cut -d, -f10)" 'BEGIN {printf "%d", s / 2 / 1048576}')
ours_list="" peer_list=""
i=0
while [ $i -lt "$rounds" ]; do
	ours_list="$ours_list $("$bin" bench bandwidth --mode copy --size "$((2 * mib))M" --threads 1 --time 1 --repeat 3 --format csv --quiet | tail -n 1 | cut -d, -f14)"
	peer_list="$peer_list $(mbw -q -n 5 -t0 "$mib" | awk '/^AVG/ {for (i = 1; i <= NF; i++) if ($i == "Copy:") print $(i + 1) * 2 * 1.048576}')"
	i=$((i + 1))
done
ours=$(echo "$ours_list" | tr ' ' '\n' | grep . | median)
peer=$(echo "$peer_list" | tr ' ' '\n' | grep . | median)
printf '%-8s %-22s %12.0f %12.0f %8.3f\n' copy "mbw -t0 ${mib}MiB (x2.097)" "$ours" "$peer" \
	"$(awk -v a="$ours" -v b="$peer" 'BEGIN {print a / b}')"

echo
echo "latency, 1 GiB random chase, TLB locality 256 KiB; multichase reference recorded on this"
echo "kind of machine on 2026-11-26: 104-116 ns with 4 KiB pages, 103-106 ns with THP"
printf '%-6s %10s %10s %14s %8s\n' page "ours ns" "CV %" "reference ns" ratio
for page in 4k thp; do
	json=$("$bin" bench latency --size 1G --page "$page" --time 2 --repeat 5 --format json --quiet)
	ns=$(echo "$json" | jq '.rows[0].median')
	cv=$(echo "$json" | jq '.rows[0].stddev / .rows[0].mean * 100')
	if [ "$page" = 4k ]; then ref=110; range=104-116; else ref=104.5; range=103-106; fi
	printf '%-6s %10.1f %10.2f %14s %8.3f\n' "$page" "$ns" "$cv" "$range" \
		"$(awk -v a="$ns" -v b="$ref" 'BEGIN {print a / b}')"
done

echo
echo "repeatability and time keeping: default run, --time 1 --repeat 5 per cell"
start=$(date +%s.%N)
json=$("$bin" bench --format json --quiet)
end=$(date +%s.%N)
echo "$json" | jq -r '.rows[] | "\(.test) \(.mode) cpu \(.cpu_node) mem \(.mem_node): median \(.median) \(.unit), CV \((.stddev / .mean * 100) * 100 | round / 100) %, measured \(.measured_seconds) s of 1 s"'
echo "whole default run: $(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.1f", b - a}') s"
