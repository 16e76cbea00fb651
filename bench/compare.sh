#!/bin/sh
# compare.sh (make bench-compare): numaprobe beside its peers, run
# interleaved on this machine in the same minutes, printed as ratios of
# medians.  Nothing here is a typed-in figure: a peer that is absent is
# named and its rows are skipped.
#
#   1. latency: numaprobe's chase beside multichase (-a: its average), same
#      size, stride, TLB locality and page size, for 4k and THP;
#   2. latency stability: five back-to-back default latency runs, 4k and
#      THP, and the CV of their medians;
#   3. timing cost: the batch-timed chase beside the untimed one (--batch 0),
#      interleaved;
#   4. bandwidth: every kernel beside likwid-bench's, and copy and triad
#      beside STREAM (its best rate against our maximum, same array size,
#      one thread; where STREAM's copy became a memcpy call, our ntcopy
#      too) and copy beside mbw;
#   5. loaded latency: its idle point beside bench latency, and its
#      full-speed bandwidth beside bench bandwidth with as many threads as
#      injectors, for the read, ntwrite and copy mixes.
#
# Usage: bench/compare.sh [NUMAPROBE_BINARY]
# Environment:
#   PEERS    where the peers were built (default ${TMPDIR:-/tmp}/peers): it
#            looks for $PEERS/multichase/multichase, $PEERS/STREAM/stream
#            and, optionally, $PEERS/STREAM/stream-loop (STREAM built with
#            -fno-tree-loop-distribute-patterns, so that its copy stays a
#            loop instead of becoming a call to memcpy).
#            This repository never holds their code nor builds them; see
#            bench/README.md for where they come from.
#   ROUNDS   interleaved rounds per comparison (default 5)
#   SIZE     bandwidth buffer for likwid-bench and mbw (default 1GB)
#   LAT_SIZE latency buffer (default 1G)
#   THREADS  bandwidth threads for likwid-bench (default 1)
#   ONLY     a space-separated subset of: latency stability timing bandwidth loaded
#
# Byte counting: numaprobe, likwid-bench and STREAM count every array read
# or written once per pass (STREAM's convention), in 10^6-byte MB; mbw
# prints MiB/s of ONE array per copy, so its figure is multiplied by
# 2 x 1.048576.  multichase and numaprobe both print ns per load.
set -eu
cd "$(dirname "$0")/.."
bin=${1:-build/numaprobe}
peers=${PEERS:-${TMPDIR:-/tmp}/peers}
rounds=${ROUNDS:-5}
size=${SIZE:-1GB}
lat_size=${LAT_SIZE:-1G}
threads=${THREADS:-1}
only=${ONLY:-latency stability timing bandwidth loaded}
multichase=$peers/multichase/multichase
stream=$peers/STREAM/stream
stream_loop=$peers/STREAM/stream-loop
# The CPU numaprobe's latency and single-thread bandwidth run on (CPU node
# 0's first CPU): the peers are pinned there too, so both see the same CPU.
cpu0=$(sed 's/[-,].*//' /sys/devices/system/node/node0/cpulist 2>/dev/null || echo 0)
pin() { if command -v taskset >/dev/null 2>&1; then taskset -c "$cpu0" "$@"; else "$@"; fi; }

for tool in jq awk; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "compare.sh: $tool is missing; run scripts/setup.sh (make check does) first" >&2
		exit 1
	}
done
[ -x "$bin" ] || { echo "compare.sh: $bin is not built; run make first" >&2; exit 1; }

wanted() { case " $only " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
median() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) exit 1; if (NR % 2) print v[(NR + 1) / 2]; else printf "%.4f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# cv: the coefficient of variation (sample stddev / mean, %) of the numbers on stdin
cv() { awk '{x[NR] = $1; s += $1} END {m = s / NR; for (i = 1; i <= NR; i++) d += (x[i] - m) ^ 2; printf "%.2f\n", sqrt(d / (NR - 1)) / m * 100}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }
# csv_field N: field N of the last CSV row on stdin
csv_field() { tail -n 1 | cut -d, -f"$1"; }

echo "numaprobe $("$bin" --version | cut -d' ' -f2) beside its peers on $(uname -n), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) CPUs, $(numactl --hardware 2>/dev/null | sed -n 's/^available: //p')"
echo "peers from $peers; $rounds interleaved rounds, medians of each tool's printed figure"

# ---- 1. latency beside multichase ----------------------------------------
if wanted latency; then
	echo
	echo "latency: $lat_size random chase, stride 256, TLB locality 256 KiB; 5 samples each"
	echo "(numaprobe: median of 5 x 0.5 s after one lap of warm-up; multichase -a: mean of 5 x 0.5 s after one dropped)"
	printf '%-5s %12s %14s %8s   %s\n' page "ours ns" "multichase ns" ratio "rounds (ours / multichase)"
	if [ ! -x "$multichase" ]; then
		echo "multichase: not found at $multichase: latency rows skipped (build google/multichase there, or set PEERS)"
	else
		for page in 4k thp; do
			hflag=
			[ "$page" = thp ] && hflag=-H
			ours_list='' peer_list=''
			i=0
			while [ $i -lt "$rounds" ]; do
				ours_list="$ours_list $("$bin" bench latency --size "$lat_size" --page "$page" --stride 256 \
					--tlb-locality 256K --time 2.5 --repeat 5 --format csv --quiet | csv_field 14)"
				# shellcheck disable=SC2086 # hflag is empty or one word
				peer_list="$peer_list $(pin "$multichase" -m "$(echo "$lat_size" | tr 'GMK' 'gmk')" -s 256 -T 256k -n 5 -a $hflag | tail -n 1 | tr -d ' ')"
				i=$((i + 1))
			done
			ours=$(echo "$ours_list" | tr ' ' '\n' | grep . | median)
			peer=$(echo "$peer_list" | tr ' ' '\n' | grep . | median)
			printf '%-5s %12.1f %14.1f %8s   %s /%s\n' "$page" "$ours" "$peer" "$(ratio "$ours" "$peer")" \
				"$ours_list" "$peer_list"
		done
	fi
fi

# ---- 2. stability of the default latency cell --------------------------------
if wanted stability; then
	echo
	echo "stability: 5 back-to-back default latency runs (numaprobe bench latency --page P, default size, --time 1 --repeat 5)"
	printf '%-5s %10s  %s\n' page "CV of medians %" "medians, ns"
	for page in 4k thp; do
		list=
		i=0
		while [ $i -lt 5 ]; do
			list="$list $("$bin" bench latency --page "$page" --format csv --quiet | csv_field 14)"
			i=$((i + 1))
		done
		printf '%-5s %10s       %s\n' "$page" "$(echo "$list" | tr ' ' '\n' | grep . | cv)" "$list"
	done
fi

# ---- 3. what the batch timing costs --------------------------------------------
if wanted timing; then
	echo
	echo "timing cost: 10 interleaved runs each, timed (default --batch) and untimed (--batch 0),"
	echo "numaprobe bench latency --size $lat_size --time 1 --repeat 5; median of the medians"
	timed='' untimed=''
	i=0
	while [ $i -lt 10 ]; do
		json=$("$bin" bench latency --size "$lat_size" --format json --quiet)
		timed="$timed $(echo "$json" | jq '.rows[0].median')"
		batch=$(echo "$json" | jq -r '"\(.rows[0].distribution.batch_loads) loads, \(.rows[0].distribution.timer), \(.rows[0].distribution.timer_overhead_ns) ns a read"')
		untimed="$untimed $("$bin" bench latency --size "$lat_size" --batch 0 --format csv --quiet | csv_field 14)"
		i=$((i + 1))
	done
	t=$(echo "$timed" | tr ' ' '\n' | grep . | median)
	u=$(echo "$untimed" | tr ' ' '\n' | grep . | median)
	echo "batches of $batch"
	printf 'timed %.1f ns, untimed %.1f ns: timed/untimed %s (target within 1%%)\n' "$t" "$u" "$(ratio "$t" "$u")"
	echo "timed:  $timed"
	echo "untimed:$untimed"
fi

# ---- 4. bandwidth beside likwid-bench, STREAM and mbw --------------------------
if wanted bandwidth; then
	echo
	echo "bandwidth: $size, $threads thread(s); numaprobe's median against likwid-bench's figure"
	printf '%-8s %-26s %12s %12s %8s\n' ours peer "ours MB/s" "peer MB/s" ratio
	if ! command -v likwid-bench >/dev/null 2>&1; then
		echo "likwid-bench: not installed (scripts/setup.sh installs it): rows skipped"
	else
		if grep -qw avx512f /proc/cpuinfo; then width=_avx512
		elif grep -qw avx /proc/cpuinfo; then width=_avx
		else width=_sse
		fi
		for pair in read:load write:store ntwrite:store_mem copy:copy ntcopy:copy_mem triad:stream; do
			mode=${pair%%:*}
			kernel=${pair#*:}$width
			ours_list='' peer_list=''
			i=0
			while [ $i -lt "$rounds" ]; do
				ours_list="$ours_list $("$bin" bench bandwidth --mode "$mode" --size "$size" --threads "$threads" \
					--time 1 --repeat 3 --format csv --quiet | csv_field 14)"
				peer_list="$peer_list $(likwid-bench -t "$kernel" -w "S0:$size:$threads" 2>/dev/null | awk '/^MByte\/s:/ {print $2}')"
				i=$((i + 1))
			done
			ours=$(echo "$ours_list" | tr ' ' '\n' | grep . | median)
			peer=$(echo "$peer_list" | tr ' ' '\n' | grep . | median)
			printf '%-8s %-26s %12.0f %12.0f %8s\n' "$mode" "likwid-bench $kernel" "$ours" "$peer" "$(ratio "$ours" "$peer")"
		done
	fi

	# STREAM: three arrays of N doubles; its copy reads and writes two of
	# them, its triad all three.  Our copy gets 2 x N x 8 bytes, our triad
	# 3 x N x 8, so each array has STREAM's size; one thread, as STREAM
	# built without OpenMP.  STREAM prints its best rate (its fastest of
	# NTIMES - 1 passes), so it is compared with our maximum.
	for build in "$stream" "$stream_loop"; do
	if [ ! -x "$build" ]; then
		echo "STREAM: not found at $build: rows skipped (build jeffhammond/STREAM there, or set PEERS)"
		continue
	fi
	what="STREAM best"
	[ "$build" = "$stream_loop" ] && what="STREAM (loop) best"
	n=$(pin "$build" | sed -n 's/^Array size = \([0-9]*\) .*/\1/p')
	# gcc turns STREAM's copy loop into a call to memcpy (-O3 without
	# -fno-tree-loop-distribute-patterns), and glibc copies a block this
	# large with non-temporal stores: that build's copy is then set beside
	# our ntcopy too.
	kernels="copy:Copy:2 triad:Triad:3"
	if nm -D "$build" 2>/dev/null | grep -qw memcpy; then
		kernels="copy:Copy:2 ntcopy:Copy:2 triad:Triad:3"
		what="STREAM best (memcpy)"
	fi
		for kernel in $kernels; do
			mode=${kernel%%:*}
			rest=${kernel#*:}
			label=${rest%%:*}
			arrays=${rest#*:}
			ours_list='' peer_list=''
			i=0
			while [ $i -lt "$rounds" ]; do
				ours_list="$ours_list $("$bin" bench bandwidth --mode "$mode" --size "$((arrays * n * 8))" --threads 1 \
					--time 1 --repeat 5 --format csv --quiet | csv_field 16)"
				peer_list="$peer_list $(pin "$build" | awk -v k="$label:" '$1 == k {print $2}')"
				i=$((i + 1))
			done
			ours=$(echo "$ours_list" | tr ' ' '\n' | grep . | median)
			peer=$(echo "$peer_list" | tr ' ' '\n' | grep . | median)
			printf '%-8s %-26s %12.0f %12.0f %8s\n' "$mode" "$what, N=$n" "$ours" "$peer" "$(ratio "$ours" "$peer")"
		done
	done

	# mbw: two arrays of N MiB; our copy of the same two arrays is 2N MiB.
	if ! command -v mbw >/dev/null 2>&1; then
		echo "mbw: not installed (scripts/setup.sh installs it): row skipped"
	else
		mib=$(awk -v s="$("$bin" bench bandwidth --mode copy --size "$size" --threads 1 --time 0.05 --repeat 1 \
			--format csv --quiet | csv_field 10)" 'BEGIN {printf "%d", s / 2 / 1048576}')
		ours_list='' peer_list=''
		i=0
		while [ $i -lt "$rounds" ]; do
			ours_list="$ours_list $("$bin" bench bandwidth --mode copy --size "$((2 * mib))M" --threads 1 --time 1 \
				--repeat 3 --format csv --quiet | csv_field 14)"
			peer_list="$peer_list $(pin mbw -q -n 5 -t0 "$mib" | awk '/^AVG/ {for (i = 1; i <= NF; i++) if ($i == "Copy:") print $(i + 1) * 2 * 1.048576}')"
			i=$((i + 1))
		done
		ours=$(echo "$ours_list" | tr ' ' '\n' | grep . | median)
		peer=$(echo "$peer_list" | tr ' ' '\n' | grep . | median)
		printf '%-8s %-26s %12.0f %12.0f %8s\n' copy "mbw -t0 ${mib}MiB (x2.097)" "$ours" "$peer" "$(ratio "$ours" "$peer")"
	fi
fi

# ---- 5. loaded latency against bench latency and bench bandwidth ---------------------
if wanted loaded; then
	echo
	echo "loaded: its idle point against bench latency, its full speed against bench bandwidth"
	echo "(numaprobe bench loaded --levels 2 --size $lat_size: CPU node 0's first CPU chases, the other cores inject)"
	json=$("$bin" bench loaded --cpu-nodes 0 --mem-nodes 0 --levels 2 --size "$lat_size" --time 1 --repeat 3 \
		--format json --quiet 2>/dev/null) || json=
	injectors=$(echo "$json" | jq -r '.rows[0].threads // empty' 2>/dev/null)
	if [ -z "$injectors" ]; then
		echo "bench loaded: cannot run here (one CPU on node 0?): rows skipped"
	else
		idle='' latency=''
		i=0
		while [ $i -lt "$rounds" ]; do
			idle="$idle $("$bin" bench loaded --cpu-nodes 0 --mem-nodes 0 --levels 2 --size "$lat_size" \
				--time 1 --repeat 3 --format csv --quiet | awk -F, '$12 == "ns" && $23 == 0 {print $14}')"
			latency="$latency $("$bin" bench latency --cpu-nodes 0 --mem-nodes 0 --size "$lat_size" \
				--time 1 --repeat 3 --format csv --quiet | csv_field 14)"
			i=$((i + 1))
		done
		a=$(echo "$idle" | tr ' ' '\n' | grep . | median)
		b=$(echo "$latency" | tr ' ' '\n' | grep . | median)
		printf '%-30s %10.1f ns  %-24s %10.1f ns  %s (target 0.97-1.03)\n' "idle level" "$a" \
			"bench latency" "$b" "$(ratio "$a" "$b")"
		for mix in read ntwrite copy; do
			full='' bw=''
			i=0
			while [ $i -lt "$rounds" ]; do
				full="$full $("$bin" bench loaded --cpu-nodes 0 --mem-nodes 0 --levels 2 --mix "$mix" \
					--size "$size" --time 1 --repeat 3 --format csv --quiet | awk -F, '$12 == "MB/s" && $23 == 1 {print $14}')"
				bw="$bw $("$bin" bench bandwidth --cpu-nodes 0 --mem-nodes 0 --mode "$mix" --threads "$injectors" \
					--size "$size" --time 1 --repeat 3 --format csv --quiet | csv_field 14)"
				i=$((i + 1))
			done
			a=$(echo "$full" | tr ' ' '\n' | grep . | median)
			b=$(echo "$bw" | tr ' ' '\n' | grep . | median)
			printf '%-30s %10.0f MB/s %-24s %10.0f MB/s %s (target >= 0.95)\n' "full speed, mix $mix" "$a" \
				"bench bandwidth $mix x$injectors" "$b" "$(ratio "$a" "$b")"
		done
	fi
fi
