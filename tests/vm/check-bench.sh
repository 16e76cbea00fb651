#!/bin/bash
# tests/vm/check-bench.sh - check `numaprobe bench` on a real multi-node
# kernel: the shape of its CPU node x memory node matrix, the placement of
# its buffers, its CSV, and what it skips under a restricting numactl.
#
# Usage: tests/vm/check-bench.sh LAYOUT
#
# Why: on a one-node development machine bench has a 1x1 matrix and every
# buffer is trivially "on the node".  Here one QEMU guest (one testbed.sh
# boot) with the topology of tests/vm/layouts/LAYOUT.sh runs bench, and the
# host checks its rows against what the layout DECLARED (NODES and
# NODE_CPUS_N: the CPU nodes are the nodes with CPUs, the memory nodes are
# all nodes whose NODE_SIZE_N is not 0).
#
# The guest prints, between marker lines ("@@@ NAME" ... "@@@ end NAME rc=N
# s=SECONDS"), the stdout of each command in section NAME and its stderr in
# section NAME-err:
#   a        numaprobe bench --size 64M --time 0.2 --repeat 3 --threads 1
#            --format csv --quiet
#   b        the same under numactl --membind=1 --cpunodebind=0
#   c-node7  numaprobe bench --cpu-nodes 7 --quiet   (no node 7)
#   c-time0  numaprobe bench --time 0 --quiet
#   d        numaprobe bench latency --stride 128 --format json (a CPU node's
#            latency row, the stride and its distribution)
#   e        numaprobe bench c2c --cpus all --time 0.2 --repeat 2 --format json
#   f        numaprobe bench loaded --cpu-nodes 0 --mem-nodes 0 --size 16M
#            --levels 3 --format json (injectors on node 0's other CPU)
#   g        numaprobe bench sweep --from 16K --to 64K --steps-per-octave 1
#            --format csv
#   h        numaprobe bench latency --cpu-nodes 0 --mem-nodes 0+1 --format json
#            (one buffer interleaved over nodes 0 and 1)
#   i        numaprobe bench latency --mem-nodes 0+1 --policy weighted (the
#            guest's kernel, Debian 12's 6.1, has no weighted interleave)
# Each runs under the guest's `timeout`, so that a hang shows as exit
# status 143 of that command, with the other sections still there.
# Then, on the host, one line per check, `PASS: <what>` or
# `FAIL: <what>: <details>`:
#   * (a) exits 0; the CSV header is exact; every row has 24 fields, test
#     latency|bandwidth with mode chase|read and unit ns|MB/s, threads 1,
#     page 4k, size_bytes 67108864 and samples 3;
#   * (a) the (cpu_node, mem_node) pairs of the latency rows, and of the
#     bandwidth rows, are exactly CPU nodes x memory nodes, each once: a
#     CPU-less node is never a cpu_node;
#   * (a) and (b): placed_pct is 100.00 and median a positive number in
#     every row; one run_id and one timestamp for all rows of a run (the
#     values themselves are not checked: TCG timing is an emulator
#     artefact);
#   * (b) exits 0, has one latency and one bandwidth row, both cpu_node 0
#     and mem_node 1, and its stderr says, with a reason, that it skipped
#     every other CPU node (cpu) and every other memory node (memory);
#   * (c) --cpu-nodes 7 exits 2 naming node 7 ("node 7 does not exist");
#     --time 0 exits 2;
#   * (d) the stride (128) is recorded, and each latency row has its
#     per-batch distribution (quantiles in order, counts adding up);
#   * (e) c2c measures every ordered pair of the guest's CPUs (12 of 4),
#     each with its nodes from the layout and its line on a's node, and
#     summarises the pairs that completed per (a's node, b's node), with
#     samples = those pairs; the others are counted in a warning.
#     TCG timings mean nothing: only the shape and the labels are checked
#     (a pair that never completes is allowed, and counted apart);
#   * (f) loaded: levels 0-2, each in ns and MB/s, one injector (node 0's
#     other CPU), nothing injected at level 0, every buffer on node 0;
#   * (g) sweep: one row per CPU node x memory node x size (16, 32 and 64
#     KiB), test sweep, every buffer on its node;
#   * (h) the 0+1 row: mem_node "0+1", policy interleave, all pages on the
#     two nodes and 45-55% on each;
#   * (i) exits 2 saying the kernel lacks weighted interleave.
# The stderr of every command is shown, indented, after the checks.
# Exit status: 0 when every check passed, 1 when one failed, 125 when the
# guest could not be run (as testbed.sh), 2 for a usage error.
#
# Environment: CHECK_BENCH_TIMEOUT  wall-clock limit of the whole guest run
# in seconds (default 400); each bench command in the guest gets a share.
# The guest script and awk programs are single-quoted on purpose:
# shellcheck disable=SC2016
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
me=check-bench.sh
# shellcheck source=SCRIPTDIR/checklib.sh
. "$here/checklib.sh" || { echo "$me: cannot source $here/checklib.sh" >&2; exit 125; }

layout_args '' "$@"
load_layout

timeout_s=${CHECK_BENCH_TIMEOUT:-400}
case $timeout_s in ''|*[!0-9]*) echo "check-bench.sh: CHECK_BENCH_TIMEOUT wants whole seconds" >&2; exit 2 ;; esac
# Guest-side limits: the full matrix gets the lion's share, the restricted
# run (one cell) a quarter; what is left covers the boot and (c).
t_a=$((timeout_s * 45 / 100))
t_b=$((timeout_s * 20 / 100))
t_c=$((timeout_s * 5 / 100 + 1))
t_d=$((timeout_s * 10 / 100))
t_e=$((timeout_s * 10 / 100))
t_f=$((timeout_s * 10 / 100))
t_g=$((timeout_s * 10 / 100))
t_h=$((timeout_s * 5 / 100))

# ---- the declared node sets --------------------------------------------------
cpu_nodes=
mem_nodes=
for n in $NODES; do
    cpus_var=NODE_CPUS_$n
    size_var=NODE_SIZE_$n
    [ -n "$(words "${!cpus_var-}")" ] && cpu_nodes+="$n "
    [ "${!size_var-1}" != 0 ] && mem_nodes+="$n "
done
cpu_nodes=$(words "$cpu_nodes")
mem_nodes=$(words "$mem_nodes")
cpuless=
for n in $NODES; do
    case " $cpu_nodes " in *" $n "*) ;; *) cpuless+="$n " ;; esac
done
cpuless=$(words "$cpuless")
case " $cpu_nodes " in *" 0 "*) ;; *) echo "check-bench.sh: layout has no CPU node 0 (numactl --cpunodebind=0 needs one)" >&2; exit 2 ;; esac
case " $mem_nodes " in *" 1 "*) ;; *) echo "check-bench.sh: layout has no memory node 1 (numactl --membind=1 needs one)" >&2; exit 2 ;; esac

make_tmp

# ---- the guest side --------------------------------------------------------
guest_script='
T_A='"$t_a"' T_B='"$t_b"' T_C='"$t_c"' T_D='"$t_d"' T_E='"$t_e"' T_F='"$t_f"' T_G='"$t_g"' T_H='"$t_h"'
set -- numaprobe bench --size 64M --time 0.2 --repeat 3 --threads 1 --format csv --quiet
run a "$T_A" "$@"
run b "$T_B" numactl --membind=1 --cpunodebind=0 "$@"
run c-node7 "$T_C" numaprobe bench --cpu-nodes 7 --quiet
run c-time0 "$T_C" numaprobe bench --time 0 --quiet
run d "$T_D" numaprobe bench latency --cpu-nodes 0 --mem-nodes 0 --size 16M --time 0.2 --repeat 2 --stride 128 --format json --quiet
run e "$T_E" numaprobe bench c2c --cpus all --time 0.2 --repeat 2 --format json --quiet
run f "$T_F" numaprobe bench loaded --cpu-nodes 0 --mem-nodes 0 --size 16M --levels 3 --time 0.3 --repeat 2 --format json --quiet
run h "$T_H" numaprobe bench latency --cpu-nodes 0 --mem-nodes 0+1 --size 64M --time 0.1 --repeat 2 --format json --quiet
run i "$T_H" numaprobe bench latency --mem-nodes 0+1 --policy weighted --size 16M --time 0.1 --quiet
run g "$T_G" numaprobe bench sweep --from 16K --to 64K --steps-per-octave 1 --time 0.05 --repeat 2 --format csv --quiet
'

boot_guest "$guest_script" --timeout "$timeout_s"
require_sections a a-err b b-err c-node7 c-node7-err c-time0 c-time0-err d d-err e e-err f f-err g g-err h h-err i i-err

header='timestamp,run_id,host,label,test,mode,cpu_node,mem_node,threads,size_bytes,page,unit,min,median,mean,max,stddev,p90,p99,samples,placed_pct,peer_node,load_level,policy'

# csv_checks RUN WHAT: the checks every bench CSV of this script passes.
# Leaves the data rows in $tmp/rows.RUN.
csv_checks() {
    local what=$2 csv=$tmp/sec.$1 rows=$tmp/rows.$1 bad
    check "$what: CSV header" "$header" "$(head -n 1 "$csv")"
    tail -n +2 "$csv" > "$rows"
    if [ ! -s "$rows" ]; then
        fail "$what: CSV has rows" "none"
        return
    fi
    bad=$(awk -F, 'NF != 24 { printf "row %d has %d fields: %s; ", NR, NF, $0 }' "$rows")
    check "$what: every row has 24 fields" "" "$bad"
    bad=$(awk -F, '
        $5 == "latency" { if ($6 != "chase" || $12 != "ns") printf "row %d: latency with mode %s unit %s; ", NR, $6, $12; next }
        $5 == "bandwidth" { if ($6 != "read" || $12 != "MB/s") printf "row %d: bandwidth with mode %s unit %s; ", NR, $6, $12; next }
        { printf "row %d: test %s; ", NR, $5 }' "$rows")
    check "$what: test latency (chase, ns) or bandwidth (read, MB/s) in every row" "" "$bad"
    bad=$(awk -F, '$9 != "1" || $10 != "67108864" || $11 != "4k" || $20 != "3" {
        printf "row %d (%s %s->%s): threads %s size_bytes %s page %s samples %s; ", NR, $5, $7, $8, $9, $10, $11, $20 }' "$rows")
    check "$what: threads 1, size_bytes 67108864, page 4k, samples 3 in every row" "" "$bad"
    bad=$(awk -F, '$21 != "100.00" { printf "row %d (%s cpu %s mem %s): %s; ", NR, $5, $7, $8, $21 }' "$rows")
    check "$what: placed_pct 100.00 in every row" "" "$bad"
    bad=$(awk -F, '$14 !~ /^[0-9]+(\.[0-9]+)?$/ || $14 + 0 <= 0 { printf "row %d (%s cpu %s mem %s): %s; ", NR, $5, $7, $8, $14 }' "$rows")
    check "$what: median a positive number in every row" "" "$bad"
    check "$what: one run_id for all rows" 1 "$(cut -d, -f2 "$rows" | sort -u | wc -l)"
    check "$what: one timestamp for all rows" 1 "$(cut -d, -f1 "$rows" | sort -u | wc -l)"
}

# pairs RUN TEST: the "cpu->mem" pairs of the TEST rows, sorted, one line.
pairs() {
    awk -F, -v t="$2" '$5 == t { print $7 "->" $8 }' "$tmp/rows.$1" | sort -t'>' -k1,1n -k2,2n | tr '\n' ' '
}

# ---- (a) the full matrix -----------------------------------------------------
A="(a) bench --format csv"
exit_check "$A" a 0
csv_checks a "$A"
want=
for c in $cpu_nodes; do for m in $mem_nodes; do want+="$c->$m "; done; done
want=$(words "$want")
ncells=$(( $(words "$cpu_nodes" | wc -w) * $(words "$mem_nodes" | wc -w) ))
for t in latency bandwidth; do
    check "$A: $t cells = CPU nodes {$cpu_nodes} x memory nodes {$mem_nodes} ($ncells, each once)" \
        "$want" "$(words "$(pairs a "$t")")"
done
if [ -n "$cpuless" ]; then
    bad=$(awk -F, -v l=" $cpuless " 'index(l, " " $7 " ") { printf "row %d (%s) has cpu_node %s; ", NR, $5, $7 }' "$tmp/rows.a")
    check "$A: CPU-less nodes {$cpuless} never a cpu_node" "" "$bad"
    for n in $cpuless; do
        got=$(awk -F, -v n="$n" '$8 == n { c++ } END { print c + 0 }' "$tmp/rows.a")
        check "$A: CPU-less node $n is the mem_node of one latency and one bandwidth row per CPU node" \
            "$(( 2 * $(words "$cpu_nodes" | wc -w) ))" "$got"
    done
fi

# ---- (b) under numactl -------------------------------------------------------
B="(b) bench under numactl --membind=1 --cpunodebind=0"
exit_check "$B" b 0
csv_checks b "$B"
for t in latency bandwidth; do
    check "$B: $t cells = 0->1 only" "0->1" "$(words "$(pairs b "$t")")"
done
berr=$tmp/sec.b-err
for c in $cpu_nodes; do
    [ "$c" = 0 ] && continue
    if grep -Eq "^numaprobe bench: skipped node $c \(cpu\): .*[^ ]" "$berr"; then
        pass "$B: stderr says CPU node $c was skipped (cpu), with a reason"
    else
        fail "$B: stderr says CPU node $c was skipped (cpu), with a reason" "stderr: $(oneline "$berr")"
    fi
done
for m in $mem_nodes; do
    [ "$m" = 1 ] && continue
    if grep -Eq "^numaprobe bench: skipped node $m \(memory\): .*[^ ]" "$berr"; then
        pass "$B: stderr says memory node $m was skipped (memory), with a reason"
    else
        fail "$B: stderr says memory node $m was skipped (memory), with a reason" "stderr: $(oneline "$berr")"
    fi
done
bad=$(grep -E '^numaprobe bench: skipped node (0 \(cpu\)|1 \(memory\))' "$berr")
check "$B: stderr skips neither CPU node 0 nor memory node 1" "" "$bad"

# ---- (c) usage errors ----------------------------------------------------------
C7="(c) bench --cpu-nodes 7 (no node 7)"
exit_check "$C7" c-node7 2
if grep -q 'node 7 does not exist' "$tmp/sec.c-node7-err"; then
    pass "$C7: stderr says 'node 7 does not exist'"
else
    fail "$C7: stderr says 'node 7 does not exist'" "stderr: $(oneline "$tmp/sec.c-node7-err")"
fi
check "$C7: nothing on stdout" "" "$(cat "$tmp/sec.c-node7")"
exit_check "(c) bench --time 0" c-time0 2

# ---- (d) stride and distribution -------------------------------------------------
D="(d) bench latency --stride 128"
exit_check "$D" d 0
check "$D: the stride is recorded" 128 "$(jq '.settings.stride_bytes' "$tmp/sec.d" 2>&1)"
check "$D: one latency row, 0 -> 0, with its distribution in order and complete" "0 0 true true" \
    "$(jq -r '.rows[0] | "\(.cpu_node) \(.mem_node) \(.distribution.p50 <= .distribution.p90 and .distribution.p90 <= .distribution.p99 and .distribution.p99 <= .distribution.max) \(.distribution.batches == ([.distribution.histogram[][1]] | add))"' "$tmp/sec.d" 2>&1)"

# ---- (e) core-to-core --------------------------------------------------------------
E="(e) bench c2c --cpus all"
exit_check "$E" e 0
ncpu=0
declare -A node_of
for n in $NODES; do
    cpus_var=NODE_CPUS_$n
    for c in $(echo "${!cpus_var-}" | tr ',' ' '); do
        case $c in
        *-*) for ((i = ${c%-*}; i <= ${c#*-}; i++)); do node_of[$i]=$n; ncpu=$((ncpu + 1)); done ;;
        *) node_of[$c]=$n; ncpu=$((ncpu + 1)) ;;
        esac
    done
done
check "$E: every ordered pair of the $ncpu CPUs" "$((ncpu * (ncpu - 1)))" "$(jq '.c2c_pairs | length' "$tmp/sec.e" 2>&1)"
want=
for a in "${!node_of[@]}"; do
    for b in "${!node_of[@]}"; do
        [ "$a" = "$b" ] || want+="$a:$b:${node_of[$a]}:${node_of[$b]}:${node_of[$a]}"$'\n'
    done
done
check "$E: each pair with its CPUs' nodes from the layout, its line on a's node" \
    "$(printf '%s' "$want" | sort | words)" \
    "$(jq -r '.c2c_pairs[] | "\(.cpu_a):\(.cpu_b):\(.node_a):\(.node_b):\(.mem_node)"' "$tmp/sec.e" 2>&1 | sort | words)"
# The rows summarise the pairs that completed (ns not null), one row per
# (a's node, b's node) with those pairs as its samples; the pairs that did
# not complete (TCG vCPUs need not run at the same time) are counted in a
# warning instead, and the check wants at least one complete pair.
completed=$(jq -r '[.c2c_pairs[] | select(.ns != null)] | length' "$tmp/sec.e" 2>/dev/null)
case $completed in ''|*[!0-9]*) completed=0 ;; esac
incomplete=$((ncpu * (ncpu - 1) - completed))
if [ "$completed" -gt 0 ]; then
    pass "$E: $completed of $((ncpu * (ncpu - 1))) pairs completed"
else
    fail "$E: at least one pair completed" "none did (or no JSON)"
fi
check "$E: one row per (a's node, b's node), samples = its completed pairs" \
    "$(jq -r '[.c2c_pairs[] | select(.ns != null) | "\(.node_a)>\(.node_b)"] | group_by(.) | map("\(.[0]):\(length)") | .[]' "$tmp/sec.e" 2>&1 | sort | words)" \
    "$(jq -r '.rows[] | "\(.cpu_node)>\(.peer_node):\(.samples)"' "$tmp/sec.e" 2>&1 | sort | words)"
if [ "$incomplete" -gt 0 ]; then
    check_contains "$E: the $incomplete incomplete pairs are reported" \
        "$incomplete CPU pair" "$tmp/sec.e-err"
fi
check "$E: every row is c2c, flag, 2 threads, ns, the line placed on its node" "c2c flag 2 ns 100" \
    "$(jq -r '[.rows[] | "\(.test) \(.mode) \(.threads) \(.unit) \(.placed_pct)"] | unique | join("|")' "$tmp/sec.e" 2>&1)"

# ---- (f) loaded latency -----------------------------------------------------------
F="(f) bench loaded"
exit_check "$F" f 0
check "$F: levels 0-2, each in ns and MB/s" "0:ns 0:MB/s 1:ns 1:MB/s 2:ns 2:MB/s" \
    "$(jq -r '[.rows[] | "\(.load_level):\(.unit)"] | join(" ")' "$tmp/sec.f" 2>&1)"
check "$F: one injector (node 0's other CPU), CPU node 0, memory node 0, all placed" "1 0 0 true" \
    "$(jq -r '"\([.rows[].threads] | unique | join(",")) \([.rows[].cpu_node] | unique | join(",")) \([.rows[].mem_node] | unique | join(",")) \([.rows[] | .placed_pct == 100] | all)"' "$tmp/sec.f" 2>&1)"
check "$F: nothing injected at level 0" 0 "$(jq -r '.rows[1].median' "$tmp/sec.f" 2>&1)"

# ---- (g) sweep ---------------------------------------------------------------------
G="(g) bench sweep"
exit_check "$G" g 0
want=
for c in $cpu_nodes; do for m in $mem_nodes; do for z in 16384 32768 65536; do want+="$c>$m:$z "; done; done; done
check "$G: one row per CPU node x memory node x size" "$(words "$want")" \
    "$(words "$(tail -n +2 "$tmp/sec.g" | awk -F, '{print $7 ">" $8 ":" $10}')")"
check "$G: test sweep, every buffer on its node" "sweep 100.00" \
    "$(tail -n +2 "$tmp/sec.g" | awk -F, '{print $5, $21}' | sort -u | tr '\n' '|' | sed 's/|$//')"

# ---- (h, i) a buffer over two nodes -----------------------------------------------
H="(h) bench latency --mem-nodes 0+1"
exit_check "$H" h 0
check "$H: the group and its policy, all pages on the two nodes" "0+1 interleave 100" \
    "$(jq -r '.rows[0] | "\(.mem_node) \(.policy) \(.placed_pct)"' "$tmp/sec.h" 2>&1)"
check "$H: 45-55% of the pages on each node (interleave: 50)" "0:true:50 1:true:50" \
    "$(jq -r '[.rows[0].node_shares[] | "\(.node):\(.pct >= 45 and .pct <= 55):\(.expected_pct)"] | join(" ")' "$tmp/sec.h" 2>&1)"
exit_check "(i) bench --policy weighted on a 6.1 kernel" i 2
check_contains "(i) bench --policy weighted: says the kernel lacks it" \
    "--policy weighted needs weighted interleave (MPOL_WEIGHTED_INTERLEAVE, Linux 6.9 and later)" "$tmp/sec.i-err"

# ---- what the commands wrote on stderr -------------------------------------------
for s in a b c-node7 c-time0 d e f g h i; do
    if [ -s "$tmp/sec.$s-err" ]; then
        echo "  stderr of $s:"
        sed 's/^/    /' "$tmp/sec.$s-err"
    fi
done

exit "$failed"
